"""The answer letter (công văn trả lời) of the handling unit to the person who sent feedback, a
recommendation, a complaint or a denunciation, in the Nghị định 30/2020 format (writer.py).

`answer_letter_docx` writes it from an `AnswerInput` of plain values, which the view
(`feedback_views.py`) reads from a feedback item in the user's scope: the renderer never queries.
Document text is Vietnamese by law: literals, not gettext.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from binhdang.documents import ooxml as ox
from binhdang.documents.formatting import short_date
from binhdang.documents.issuers import unit_issuer
from binhdang.documents.writer import CONGVAN, Issuer, OfficialDocument, Paragraph, Signature, render_docx
from binhdang.feedback.choices import Kind

# How each kind reads in a sentence ("phản ánh của ông/bà").
KIND_WORDS = {
    Kind.FEEDBACK: "phản ánh",
    Kind.RECOMMENDATION: "kiến nghị",
    Kind.COMPLAINT: "khiếu nại",
    Kind.DENUNCIATION: "tố cáo",
    Kind.INFORMATION: "thông tin phản ánh",
}


@dataclass
class AnswerInput:
    """Everything the letter says, as plain values."""

    unit_name: str  # "Sở Nội vụ", "Xã Đại Từ"
    unit_kind: str  # an OrgUnitKind code
    unit_code: str  # "19-SNV", "05830"
    province_name: str  # "Tỉnh Thái Nguyên"
    kind: str
    code: str  # the tracking code, formatted
    received_on: datetime.date
    person_name: str  # "" when anonymous
    person_address: str
    answer: str
    today: datetime.date


def _issuer(facts: AnswerInput) -> tuple[Issuer, str, Signature, str]:
    """Who signs, the ký hiệu and the place the letter is dated at, as for the unit's report: a
    commune (or the province, when an item fell to it) as its People's Committee, a department
    under its own name."""
    who = unit_issuer(facts.unit_kind, facts.unit_name, facts.unit_code, facts.province_name)
    return who.issuer, who.issuer_code, who.signature, who.place


def answer_letter(facts: AnswerInput) -> OfficialDocument:
    if not facts.answer.strip():
        raise ValueError("An answer letter needs the answer.")
    issuer, issuer_code, signature, place = _issuer(facts)
    words = KIND_WORDS[Kind(facts.kind)]
    person = f"Ông/Bà {ox.clean(facts.person_name.strip())}" if facts.person_name.strip() else "Ông/Bà"
    addressee = person + (
        f" (địa chỉ: {ox.clean(facts.person_address.strip())})" if facts.person_address.strip() else ""
    )
    body = [
        Paragraph(
            f"{issuer.name} nhận được {words} của {person.replace('Ông/Bà', 'ông/bà')} gửi ngày "
            f"{short_date(facts.received_on)} qua Cổng tiếp nhận phản ánh, kiến nghị về bình đẳng giới "
            f"(mã số {facts.code})."
        ),
        Paragraph(f"Sau khi xem xét, {issuer.name} trả lời như sau:"),
        *[Paragraph(ox.clean(line.strip())) for line in facts.answer.splitlines() if line.strip()],
        Paragraph(f"{issuer.name} trân trọng thông báo để ông/bà được biết./."),
    ]
    return OfficialDocument(
        issuer=issuer,
        kind_code=CONGVAN,
        number=None,
        issuer_code=issuer_code,
        place=place,
        date=None,  # dated and numbered when signed
        year=facts.today.year,
        kind_title=None,
        subject=f"V/v trả lời {words} về bình đẳng giới (mã số {facts.code})",
        addressees=[addressee],
        body=body,
        recipients=["Như trên", f"Lưu: VT, {issuer_code}"],
        signature=signature,
    )


def answer_letter_docx(facts: AnswerInput) -> bytes:
    return render_docx(answer_letter(facts))
