"""Hostile workbooks: each is refused, or read, within a fixed memory budget and in seconds.

The bombs are built here the way the probe of issue 15 built them: a workbook the system wrote,
with sheets padded to just under 10 MB of empty cells (each member under the compression-ratio
check, all together under the total), which a DOM parser turns into gigabytes of cell objects.
"""

from __future__ import annotations

import dataclasses
import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.utils.translation import override

from binhdang.reporting.spec import TOTAL, FormSpec, Section
from binhdang.reporting.tests.test_xlsx import BY_SEX, COUNT, NOTE, SPEC, errors_of, read, write
from binhdang.reporting.xlsx import XlsxImportError, read_report_xlsx
from binhdang.reporting.xlsx.isolated import read_isolated

MEMORY_BUDGET = 64 * 1024 * 1024  # bytes allocated at the peak, whatever the file
TIME_BUDGET = 20  # seconds: generous for a loaded 2-core machine; the unguarded reader took minutes
MEMBER = 10 * 1024 * 1024 - 1024  # just under the size above which the compression ratio is checked

NINE = dataclasses.replace(
    SPEC,
    sections=tuple(
        Section(str(number), f"Phần {number}", (dataclasses.replace(COUNT, code=f"C{number}"),))
        for number in range(1, 10)
    ),
)


def _pad_rows(size: int, first_row: int, *, with_r: bool) -> bytes:
    """Rows of empty styled cells, ``size`` bytes at most, from row ``first_row`` on."""
    parts, total, row = [], 0, first_row
    cells = b'<c s="0"/>'
    while True:
        if with_r:
            body = b"".join(b'<c r="%s%d" s="0"/>' % (_letters(c), row) for c in range(1, 201))
        else:
            body = cells * 200
        line = b'<row r="%d">' % row + body + b"</row>"
        if total + len(line) > size:
            break
        parts.append(line)
        total += len(line)
        row += 1
    return b"".join(parts)


def _letters(column: int) -> bytes:
    text = ""
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text.encode()


def bomb(data: bytes, *, sheets: int, with_r: bool = False) -> bytes:
    """``data`` with its first ``sheets`` section sheets padded to just under 10 MB each."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    padded = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            is_section = re.fullmatch(
                r"xl/worksheets/sheet\d+\.xml", info.filename
            ) and info.filename not in (
                "xl/worksheets/sheet1.xml",  # the instructions
            )
            if is_section and padded < sheets and b"</sheetData>" in content:
                last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', content) or [b"0"])
                room = MEMBER - len(content)
                content = content.replace(
                    b"</sheetData>", _pad_rows(room, last + 1, with_r=with_r) + b"</sheetData>"
                )
                padded += 1
            target.writestr(info.filename, content)
    assert padded == sheets, f"the workbook has only {padded} section sheets"
    return out.getvalue()


def _with_member(data: bytes, name: str, change, compression: int = zipfile.ZIP_DEFLATED) -> bytes:  # noqa: ANN001
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def measured(action) -> tuple[object, int, float]:
    """What ``action()`` returned (or raised), the peak of memory it allocated, and its seconds."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        try:
            outcome: object = action()
        except XlsxImportError as exc:
            outcome = exc
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return outcome, peak, time.monotonic() - started


def test_the_nine_sheet_bomb_is_refused_within_the_budget_with_a_clear_message():
    data = bomb(write({}, NINE), sheets=9)
    assert len(data) < 400_000  # kilobytes on the wire ...
    declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert declared > 85 * 1024 * 1024  # ... and ninety megabytes of XML
    outcome, peak, seconds = measured(lambda: read(data, NINE))
    assert isinstance(outcome, XlsxImportError)
    assert peak < MEMORY_BUDGET, f"{peak / 2**20:.0f} MiB"
    assert seconds < TIME_BUDGET
    with override("vi"), pytest.raises(XlsxImportError) as refused:
        read_report_xlsx(data, NINE)
    assert "nhiều ô hơn biểu mẫu" in str(refused.value)


def test_a_one_sheet_bomb_with_coordinates_is_refused_within_the_budget():
    data = bomb(write({}), sheets=1, with_r=True)
    outcome, peak, seconds = measured(lambda: read(data))
    assert isinstance(outcome, XlsxImportError)
    assert "more cells than the report's form" in str(outcome)
    assert peak < MEMORY_BUDGET and seconds < TIME_BUDGET


def test_a_sheet_claiming_the_whole_grid_is_read_only_within_the_form(tmp_path):
    """A declared dimension of A1:XFD1048576 and a figure in the last row and column: the read stays
    within the form's rows and columns, and the figures of the form are read as usual."""
    data = write({("LEADERS", TOTAL): 4})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', content)
                content = content.replace(
                    b"</sheetData>",
                    b'<row r="1048576"><c r="XFD1048576" t="n"><v>7</v></c></row></sheetData>',
                )
            target.writestr(info.filename, content)
    outcome, peak, seconds = measured(lambda: read(out.getvalue()))
    assert not isinstance(outcome, XlsxImportError), outcome
    assert outcome[("LEADERS", TOTAL)] == 4
    assert peak < MEMORY_BUDGET and seconds < TIME_BUDGET


def test_a_merge_over_the_whole_sheet_is_refused():
    data = write({})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                huge = b'<mergeCell ref="C400:XFD1048576"/>'
                if b"<mergeCells" in content:
                    content = re.sub(rb"(<mergeCells[^>]*>)", rb"\1" + huge, content)
                else:
                    content = content.replace(
                        b"</sheetData>", b"</sheetData><mergeCells>" + huge + b"</mergeCells>"
                    )
            target.writestr(info.filename, content)
    messages = [error.message for error in errors_of(out.getvalue())]
    assert any("merged cells cover more than" in message for message in messages)


@pytest.mark.parametrize("extra_cells", [5_000])
def test_a_workbook_with_some_formatting_beyond_the_form_is_still_read(extra_cells):
    """Styled empty cells a user's formatting leaves are allowed well beyond the form's own."""
    spec = FormSpec(**{**SPEC.__dict__, "sections": (Section("1", "Một", (COUNT, BY_SEX, NOTE)),)})
    data = write({("LEADERS", TOTAL): 2}, spec)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                content = content.replace(
                    b"</sheetData>", _pad_rows(extra_cells * 10, 200, with_r=False) + b"</sheetData>"
                )
            target.writestr(info.filename, content)
    assert read(out.getvalue(), spec)[("LEADERS", TOTAL)] == 2


def test_the_isolated_read_gives_the_same_values_and_names_its_limits():
    data = write({("LEADERS", TOTAL): 4})
    with override("en"):
        values, base = read_isolated(data, SPEC, max_bytes=10**7, memory_mb=512, seconds=60)
    assert values[("LEADERS", TOTAL)] == 4 and base is not None
    with override("vi"), pytest.raises(XlsxImportError) as refused:
        read_isolated(
            bomb(write({}), sheets=1, with_r=True), SPEC, max_bytes=10**7, memory_mb=512, seconds=60
        )
    assert "nhiều ô hơn biểu mẫu" in str(refused.value)  # the reader's own message, from the child
    # A file within every count, but with one text of 32 MB (stored, not compressed: no bomb) — more
    # than the 1 MB this read may use.
    text = (
        b'<row r="999"><c r="B999" t="inlineStr"><is><t>' + b"x" * (32 * 1024 * 1024) + b"</t></is></c></row>"
    )
    big = _with_member(
        data,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b"</sheetData>", text + b"</sheetData>"),
        compression=zipfile.ZIP_STORED,
    )
    with override("vi"), pytest.raises(XlsxImportError) as refused:
        read_isolated(big, SPEC, max_bytes=10**8, memory_mb=1, seconds=60)
    assert "cần nhiều bộ nhớ hơn" in str(refused.value)
    with override("vi"), pytest.raises(XlsxImportError) as refused:
        read_isolated(data, SPEC, max_bytes=10**7, memory_mb=512, seconds=0)
    assert "kéo dài hơn 0 giây" in str(refused.value)
