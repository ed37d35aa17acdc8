"""One guard for uploaded zip-based files (.docx, .xlsx), run before any of their XML is parsed.

First from the file's size and the zip's central directory, without unpacking a byte: is it
a zip at all, how many members, how much they declare to unpack to, together and one by one, and
how far each is compressed (a zip bomb packs gigabytes of zeros into kilobytes). Then, when the
limits name :class:`PartCount` rules, by streaming the members they concern (a megabyte at a
time, never more than each declares) and counting what a parser would have to build: cells,
rows, shared strings, paragraphs, and the cells a merge or a ``gridSpan`` spans. A sheet of ten
megabytes of empty cells passes every size check yet costs a DOM parser gigabytes; counted here
it is refused in a fraction of a second, before any parser sees it. A refusal raises
:class:`UploadRefused` with a :class:`Refusal` code; each caller turns the code into its own
message for the person who uploaded the file.

Pure Python: no Django import, so the plan importer (which runs without Django) can use it.
"""

from __future__ import annotations

import fnmatch
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

MIB = 1024 * 1024


class Refusal(StrEnum):
    TOO_LARGE = "too_large"  # the file itself is larger than allowed
    NOT_ZIP = "not_zip"  # not a zip archive, or a damaged one
    TOO_MANY_MEMBERS = "too_many_members"
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # all members together declare too much
    MEMBER_TOO_LARGE = "member_too_large"  # one member declares too much
    COMPRESSION_RATIO = "compression_ratio"  # a large member compressed far more than documents are
    ENCRYPTED = "encrypted"  # a member is encrypted: nothing a form or a plan needs
    MISSING_MEMBER = "missing_member"  # a member the format requires is absent
    TOO_MANY_CELLS = "too_many_cells"  # the sheets (or tables) hold more cells than allowed
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_STRINGS = "too_many_strings"  # an xlsx's shared strings
    TOO_MANY_PARAGRAPHS = "too_many_paragraphs"
    SPANS_TOO_MANY = "spans_too_many"  # merged cells or a gridSpan cover more cells than allowed


ZIP_BOMB = frozenset(
    {
        Refusal.TOO_MANY_MEMBERS,
        Refusal.UNPACKS_TOO_LARGE,
        Refusal.MEMBER_TOO_LARGE,
        Refusal.COMPRESSION_RATIO,
        Refusal.TOO_MANY_CELLS,
        Refusal.TOO_MANY_ROWS,
        Refusal.TOO_MANY_STRINGS,
        Refusal.TOO_MANY_PARAGRAPHS,
        Refusal.SPANS_TOO_MANY,
    }
)


class UploadRefused(Exception):
    """The upload is refused; ``code`` says why, ``limit`` is the limit exceeded (if any), and
    ``member`` the zip member concerned (if any)."""

    def __init__(self, code: Refusal, limit: int | None = None, member: str | None = None) -> None:
        super().__init__(code.value if member is None else f"{code.value}: {member}")
        self.code = code
        self.limit = limit
        self.member = member


_RANGE = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def range_area(ref: bytes) -> int:
    """How many cells an A1-style range ("B2:XFD1048576") covers; 1 for a single cell."""
    match = _RANGE.fullmatch(ref.strip().replace(b"$", b""))
    if match is None or match.group(3) is None:
        return 1
    columns = abs(_column_number(match.group(3)) - _column_number(match.group(1))) + 1
    rows = abs(int(match.group(4)) - int(match.group(2))) + 1
    return columns * rows


def _span_value(value: bytes) -> int:
    """A gridSpan's number of columns, whatever its size (the count is capped only by its digits)."""
    return int(value) if value.isdigit() else 1


@dataclass(frozen=True)
class PartCount:
    """What a parser would build from the members named ``members`` (a glob, e.g. "xl/worksheets/*.xml"),
    all of them together: ``pattern`` matches one thing (a cell's start tag); with ``weigh`` each match
    counts as many as weigh(its first group) (a merge's cells). More than ``limit`` refuses with ``code``.
    """

    members: str
    pattern: re.Pattern[bytes]
    limit: int
    code: Refusal
    weigh: Callable[[bytes], int] | None = None  # spans count their cells, not themselves


def _tag(name: str) -> re.Pattern[bytes]:
    """The start of an XML element ``name`` with or without a namespace prefix (<c r=, <x:c>, <w:p/>)."""
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(name.encode()) + rb"[\s/>]")


def xlsx_counts(*, cells: int, rows: int, strings: int, spanned: int) -> tuple[PartCount, ...]:
    """The counts of a workbook: cells and rows of all sheets, shared strings, merged cells."""
    sheets = "xl/worksheets/*.xml"
    return (
        PartCount(sheets, _tag("c"), cells, Refusal.TOO_MANY_CELLS),
        PartCount(sheets, _tag("row"), rows, Refusal.TOO_MANY_ROWS),
        PartCount(
            sheets,
            re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?ref=\"([^\"]{1,40})\""),
            spanned,
            Refusal.SPANS_TOO_MANY,
            range_area,
        ),
        PartCount("xl/sharedStrings.xml", _tag("si"), strings, Refusal.TOO_MANY_STRINGS),
    )


def docx_counts(*, paragraphs: int, cells: int, spanned: int) -> tuple[PartCount, ...]:
    """The counts of a Word document's body: paragraphs, table cells, and the columns cells span."""
    body = "word/document.xml"
    return (
        PartCount(body, _tag("p"), paragraphs, Refusal.TOO_MANY_PARAGRAPHS),
        PartCount(body, _tag("tc"), cells, Refusal.TOO_MANY_CELLS),
        PartCount(
            body,
            re.compile(rb"<(?:[\w.-]+:)?gridSpan\s[^>]*?val=\"\s*([0-9]{1,12})\s*\""),
            spanned,
            Refusal.SPANS_TOO_MANY,
            _span_value,
        ),
    )


@dataclass(frozen=True)
class ZipLimits:
    """What a zip-based upload may hold, as its central directory declares it."""

    max_members: int
    max_unpacked: int  # bytes, all members together
    max_member: int | None = None  # bytes, any one member
    max_ratio: int = 100  # a member declaring more than ``ratio_above`` bytes may not be compressed more
    ratio_above: int = 10 * MIB
    required: tuple[str, ...] = ()  # member names the format cannot do without
    counts: tuple[PartCount, ...] = ()  # what the members' XML may hold (xlsx_counts, docx_counts)


CHUNK = MIB
_OVERLAP = 128  # longer than any match a PartCount pattern needs to see whole


def _count_parts(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], counts: tuple[PartCount, ...]
) -> None:
    """Stream the members the counts concern and refuse at the first count above its limit.

    Memory: one chunk and an overlap per member; time: linear in the bytes the members declare
    (zipfile never unpacks more than a member declares: a member that lies fails its CRC check).
    """
    totals = [0] * len(counts)
    for member in members:
        concerned = [
            i for i, count in enumerate(counts) if fnmatch.fnmatchcase(member.filename, count.members)
        ]
        if not concerned:
            continue
        try:
            stream = archive.open(member)
            buffer = b""
            while True:
                chunk = stream.read(CHUNK)
                buffer += chunk
                last = not chunk
                cut = len(buffer) if last else max(len(buffer) - _OVERLAP, 0)
                for i in concerned:
                    count = counts[i]
                    for match in count.pattern.finditer(buffer):
                        if match.start() >= cut:
                            break
                        totals[i] += count.weigh(match.group(1)) if count.weigh else 1
                        if totals[i] > count.limit:
                            raise UploadRefused(count.code, count.limit, member.filename)
                if last:
                    break
                buffer = buffer[cut:]
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            raise UploadRefused(Refusal.NOT_ZIP, member=member.filename) from None


def check_zip(data: bytes, limits: ZipLimits, *, max_bytes: int | None = None) -> list[zipfile.ZipInfo]:
    """The members of the zip ``data``, once it passes every check; raises UploadRefused otherwise.

    The checks run in this order, and the first failing one is reported: the file's size
    (``max_bytes``), a readable zip, the number of members, their total declared size, each
    member's declared size, each member's compression ratio, encryption, required members, and
    last the counts of what the members hold (``limits.counts``), which unpack the members they
    concern as a stream.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise UploadRefused(Refusal.TOO_LARGE, max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRefused(Refusal.NOT_ZIP) from None
    if len(members) > limits.max_members:
        raise UploadRefused(Refusal.TOO_MANY_MEMBERS, limits.max_members)
    if sum(member.file_size for member in members) > limits.max_unpacked:
        raise UploadRefused(Refusal.UNPACKS_TOO_LARGE, limits.max_unpacked)
    for member in members:
        if limits.max_member is not None and member.file_size > limits.max_member:
            raise UploadRefused(Refusal.MEMBER_TOO_LARGE, limits.max_member, member.filename)
    for member in members:
        ratio_exceeded = member.file_size > limits.max_ratio * max(member.compress_size, 1)
        if member.file_size > limits.ratio_above and ratio_exceeded:
            raise UploadRefused(Refusal.COMPRESSION_RATIO, limits.max_ratio, member.filename)
    for member in members:
        if member.flag_bits & 0x1:
            raise UploadRefused(Refusal.ENCRYPTED, member=member.filename)
    names = {member.filename for member in members}
    for name in limits.required:
        if name not in names:
            raise UploadRefused(Refusal.MISSING_MEMBER, member=name)
    if limits.counts:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _count_parts(archive, members, limits.counts)
    return members
