"""The zip upload guard decides from the central directory alone, one refusal code per reason."""

import io
import random
import subprocess
import sys
import zipfile

import pytest

from binhdang.lib.uploads import (
    MIB,
    ZIP_BOMB,
    Refusal,
    UploadRefused,
    ZipLimits,
    check_zip,
    docx_counts,
    range_area,
    xlsx_counts,
)

LIMITS = ZipLimits(
    max_members=10,
    max_unpacked=3 * MIB,
    max_member=2 * MIB,
    max_ratio=100,
    ratio_above=MIB,
    required=("[Content_Types].xml",),
)


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def encrypted(data: bytes) -> bytes:
    """``data`` with the first member's central-directory entry marked as encrypted."""
    raw = bytearray(data)
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 8] |= 0x1  # general purpose flag, bit 0
    return bytes(raw)


GOOD = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
random_bytes = bytes((i * 37 + 11) % 256 for i in range(4096))


@pytest.mark.parametrize(
    ("data", "code", "limit"),
    [
        (b"", Refusal.NOT_ZIP, None),
        (random_bytes, Refusal.NOT_ZIP, None),
        (GOOD[:40], Refusal.NOT_ZIP, None),  # truncated: no central directory
        (
            zipped({"[Content_Types].xml": b""} | {f"m{i}": b"" for i in range(10)}),
            Refusal.TOO_MANY_MEMBERS,
            10,
        ),
        (
            zipped({"[Content_Types].xml": b"", "a": bytes(MIB + MIB // 2), "b": bytes(MIB + MIB // 2 + 1)}),
            Refusal.UNPACKS_TOO_LARGE,
            3 * MIB,
        ),
        (zipped({"[Content_Types].xml": b"", "big": bytes(2 * MIB + 1)}), Refusal.MEMBER_TOO_LARGE, 2 * MIB),
        (zipped({"[Content_Types].xml": b"", "zeros": bytes(MIB + 1)}), Refusal.COMPRESSION_RATIO, 100),
        (encrypted(GOOD), Refusal.ENCRYPTED, None),
        (zipped({"hello.txt": b"xin chao"}), Refusal.MISSING_MEMBER, None),
    ],
    ids=[
        "empty",
        "random",
        "truncated",
        "members",
        "unpacked",
        "member",
        "ratio",
        "encrypted",
        "missing",
    ],
)
def test_each_refusal_has_its_code(data: bytes, code: Refusal, limit: int | None) -> None:
    with pytest.raises(UploadRefused) as refused:
        check_zip(data, LIMITS)
    assert (refused.value.code, refused.value.limit) == (code, limit)
    bombs = {"too_many_members", "unpacks_too_large", "member_too_large", "compression_ratio"}
    assert (code in ZIP_BOMB) == (code in bombs)


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_zip(random_bytes, LIMITS, max_bytes=len(random_bytes) - 1)
    assert (refused.value.code, refused.value.limit) == (Refusal.TOO_LARGE, len(random_bytes) - 1)


def test_a_good_file_passes_and_its_members_are_returned() -> None:
    members = check_zip(GOOD, LIMITS, max_bytes=len(GOOD))
    assert [member.filename for member in members] == ["[Content_Types].xml", "xl/workbook.xml"]


def test_a_large_member_that_compresses_like_a_document_passes() -> None:
    varied = random.Random(1).choices(b"<c r='A1'>0123456789</c>", k=MIB + 1)  # about 2:1
    check_zip(zipped({"[Content_Types].xml": b"", "xl/sheet.xml": bytes(varied)}), LIMITS)
    stored = zipped({"[Content_Types].xml": b"", "zeros": bytes(MIB + 1)}, zipfile.ZIP_STORED)
    check_zip(stored, LIMITS)  # not compressed at all: nothing to unpack beyond the file itself


def test_the_checks_come_in_order_count_then_sizes_then_the_format() -> None:
    # A bomb without the required member is still a bomb.
    with pytest.raises(UploadRefused) as refused:
        check_zip(zipped({"zeros": bytes(2 * MIB + 1)}), LIMITS)
    assert refused.value.code == Refusal.MEMBER_TOO_LARGE
    assert refused.value.member == "zeros"


def test_the_guard_imports_nothing_of_django() -> None:
    code = (
        "import sys, binhdang.lib.uploads, binhdang.lib.numbers, binhdang.plans.importer; "
        "sys.exit(any(name.partition('.')[0] == 'django' for name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


# --- Counting what the members hold, on a stream ------------------------------------------------

COUNTED = ZipLimits(
    max_members=10,
    max_unpacked=100 * MIB,
    max_ratio=100,
    ratio_above=20 * MIB,
    counts=xlsx_counts(cells=1000, rows=100, strings=50, spanned=500)
    + docx_counts(paragraphs=1000, cells=200, spanned=300),
)


def refusal(members: dict[str, bytes]) -> UploadRefused | None:
    try:
        check_zip(zipped(members), COUNTED)
    except UploadRefused as refused:
        return refused
    return None


def test_cells_are_counted_across_sheets_with_or_without_a_namespace_prefix():
    sheet = b"<sheetData><row r='1'>" + b'<c r="A1"/>' * 400 + b"<x:c s='1'/>" * 200 + b"</row></sheetData>"
    assert refusal({"xl/worksheets/sheet1.xml": sheet}) is None
    refused = refusal({"xl/worksheets/sheet1.xml": sheet, "xl/worksheets/sheet2.xml": sheet})
    assert refused is not None and refused.code == Refusal.TOO_MANY_CELLS
    assert refused.member == "xl/worksheets/sheet2.xml" and refused.limit == 1000
    assert Refusal.TOO_MANY_CELLS in ZIP_BOMB
    # <col>, <cols> and <cfRule> are not cells; other members are not counted at all
    assert refusal({"xl/worksheets/sheet1.xml": b"<cols>" + b"<col/>" * 5000 + b"</cols>"}) is None
    assert refusal({"xl/styles.xml": b"<c/>" * 5000}) is None


def test_a_tag_split_between_two_chunks_is_counted_once():
    chunk = 1024 * 1024
    padding = b" " * (chunk - 2)
    sheet = padding + b'<c r="A1"/>' + b"<c/>" * 999  # the first tag straddles the chunk boundary
    assert refusal({"xl/worksheets/sheet1.xml": sheet}) is None
    refused = refusal({"xl/worksheets/sheet1.xml": sheet + b"<c/>"})
    assert refused is not None and refused.code == Refusal.TOO_MANY_CELLS


def test_merged_cells_count_the_cells_they_cover():
    merges = b'<mergeCells><mergeCell ref="A1:E100"/></mergeCells>'  # 500 cells
    assert refusal({"xl/worksheets/sheet1.xml": merges}) is None
    refused = refusal({"xl/worksheets/sheet1.xml": merges.replace(b"E100", b"XFD1048576")})
    assert refused is not None and refused.code == Refusal.SPANS_TOO_MANY
    assert range_area(b"$B$2:$C$3") == 4 and range_area(b"C7") == 1


def test_a_gridspan_of_400_million_columns_is_refused_in_a_fraction_of_a_second():
    body = b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="400000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
    refused = refusal({"word/document.xml": body})
    assert refused is not None and refused.code == Refusal.SPANS_TOO_MANY
    assert refusal({"word/document.xml": body.replace(b"400000000", b"3")}) is None


def test_forty_thousand_paragraphs_are_refused_above_the_limit():
    body = b"<w:body>" + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 40_000 + b"</w:body>"
    refused = refusal({"word/document.xml": body})
    assert refused is not None and refused.code == Refusal.TOO_MANY_PARAGRAPHS
    # <w:pPr>, <w:proofErr> and <w:pStyle> are not paragraphs
    assert refusal({"word/document.xml": b"<w:pPr/><w:proofErr/><w:pStyle/>" * 2000}) is None


def test_a_damaged_member_is_not_a_zip():
    data = bytearray(zipped({"xl/worksheets/sheet1.xml": b"<c/>" * 5000}))
    start = data.find(b"PK\x03\x04") + 30 + len("xl/worksheets/sheet1.xml")
    data[start : start + 8] = b"\xff" * 8
    with pytest.raises(UploadRefused) as refused:
        check_zip(bytes(data), COUNTED)
    assert refused.value.code == Refusal.NOT_ZIP
