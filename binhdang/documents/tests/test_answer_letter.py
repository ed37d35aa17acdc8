"""The answer to a citizen is signed by whoever handled the item, as that unit signs its report."""

import datetime

import pytest

from binhdang.documents.answer_letter import AnswerInput, answer_letter


def facts(**changes: str) -> AnswerInput:
    arguments = {
        "unit_name": "Sở Nội vụ",
        "unit_kind": "department",
        "unit_code": "19-SNV",
        "province_name": "Tỉnh Thái Nguyên",
        "kind": "feedback",
        "code": "TN-2026-0001",
        "received_on": datetime.date(2026, 11, 20),
        "person_name": "Nguyễn Thị Lan",
        "person_address": "",
        "answer": "Trả lời chính thức.",
        "today": datetime.date(2026, 12, 2),
    } | changes
    return AnswerInput(**arguments)


@pytest.mark.parametrize(
    ("changes", "parent", "issuer", "code", "place", "signature"),
    [
        ({}, "UBND TỈNH THÁI NGUYÊN", "Sở Nội vụ", "SNV", "Thái Nguyên", ("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        (  # an item nobody closer handles falls to the province: its People's Committee answers
            {"unit_name": "Tỉnh Thái Nguyên", "unit_kind": "province", "unit_code": "19"},
            None, "Ủy ban nhân dân tỉnh Thái Nguyên", "UBND", "Thái Nguyên",
            ("TM.", "ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"),
        ),
        (
            {"unit_name": "Thành phố Huế", "unit_kind": "province", "unit_code": "46",
             "province_name": "Thành phố Huế"},
            None, "Ủy ban nhân dân thành phố Huế", "UBND", "Huế", ("TM.", "ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"),
        ),
        (
            {"unit_name": "Xã Đại Từ", "unit_kind": "commune", "unit_code": "05830"},
            None, "Ủy ban nhân dân xã Đại Từ", "UBND", "Đại Từ", ("TM.", "ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"),
        ),
    ],
)
def test_the_letter_is_issued_as_the_units_report_is(
    changes: dict, parent: str | None, issuer: str, code: str, place: str, signature: tuple
) -> None:
    letter = answer_letter(facts(**changes))
    assert (letter.issuer.parent and letter.issuer.parent.upper(), letter.issuer.name) == (parent, issuer)
    assert letter.issuer_code == code and letter.place == place
    assert (letter.signature.prefix, letter.signature.collective, letter.signature.position) == signature
    assert letter.body[0].text.startswith(f"{issuer} nhận được phản ánh của ông/bà Nguyễn Thị Lan")
    assert letter.recipients[-1] == f"Lưu: VT, {code}"
