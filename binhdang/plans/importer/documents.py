"""Read an uploaded plan (.docx, .doc, .pdf, a scan or photo, .txt, .md) into normalised text,
refusing unsafe input."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from binhdang.lib.numbers import format_number
from binhdang.lib.uploads import MIB, ZIP_BOMB, Refusal, UploadRefused, ZipLimits, check_zip, docx_counts

from .convert import DOC_UNREADABLE_MESSAGE, doc_to_docx
from .errors import PlanParseError
from .layout import Paragraph
from .limits import MAX_BLOCKS, MAX_TABLE_CELLS, check_length, too_many_blocks
from .ocr import Progress, check_image, ocr_image, ocr_pdf
from .pdf import pdf_text
from .text import normalize_text, strip_markdown
from .wordml import docx_blocks

DEFAULT_MAX_BYTES = 10 * MIB
# Uncompressed size limits checked in the zip directory before python-docx touches the file
# (binhdang.lib.uploads). The one-member limit is word/document.xml's, the text, which is the
# largest member a plan has; it applies to every member, and so does a 100:1 compression ceiling.
MAX_DOCUMENT_XML_BYTES = 50 * MIB
MAX_DOCX_TOTAL_BYTES = 200 * MIB
MAX_DOCX_ENTRIES = 5000
DOCX_LIMITS = ZipLimits(
    max_members=MAX_DOCX_ENTRIES,
    max_unpacked=MAX_DOCX_TOTAL_BYTES,
    max_member=MAX_DOCUMENT_XML_BYTES,
    required=("word/document.xml",),
    # Counted on the stream before the reader builds anything: a table is whole in memory before the
    # reader sees it. A cell's span is not limited: the reader reads each cell once, whatever it spans.
    counts=docx_counts(paragraphs=MAX_BLOCKS, cells=MAX_TABLE_CELLS, spanned=10**12),
)
TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
SUPPORTED_EXTENSIONS = (".docx", ".doc", ".pdf", *IMAGE_EXTENSIONS, *TEXT_EXTENSIONS)
NEEDS_OCR_MESSAGE = "Tệp là bản quét (ảnh, không có lớp chữ): cần nhận dạng chữ (OCR) trước khi nhập."
# Share of control or unassigned characters above which decoded bytes are not text.
_MAX_JUNK_RATIO = 0.01

EMPTY_MESSAGE = "Tệp rỗng: không có nội dung để nhập."
CORRUPT_DOCX_MESSAGE = "Tệp .docx bị hỏng hoặc không đọc được."
UNDECODABLE_MESSAGE = (
    "Không đọc được nội dung tệp: tệp không phải văn bản hoặc dùng bảng mã không được hỗ trợ "
    "(hỗ trợ UTF-8, UTF-16 và Windows-1258)."
)

Source = str | os.PathLike[str] | bytes | bytearray | IO[bytes]


@dataclass
class ReadText:
    """A document's text as read, and how: "text", "docx", "doc", "pdf" or "ocr" (recognised
    from an image, every line to be checked by a person)."""

    text: str
    kind: str


def read_document(source: Source, filename: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a plan file, NFC-normalised, with ``\\n`` line breaks.

    ``source`` is a path, the file's bytes, or a binary file object (e.g. a Django upload);
    ``filename`` gives the extension and defaults to the path's name. Raises
    :class:`PlanParseError` with a Vietnamese message for anything that cannot be imported; a
    scan raises it with the code "needs_ocr" (see :func:`read_upload`).
    """
    return read_upload(source, filename, max_bytes=max_bytes).text


def read_upload(
    source: Source,
    filename: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = False,
    progress: Progress | None = None,
) -> ReadText:
    """:func:`read_document` with how it was read; with ``ocr``, a scan is recognised (slowly,
    telling ``progress`` after each page) instead of refused with "needs_ocr"."""
    if filename is None and isinstance(source, str | os.PathLike):
        filename = os.fspath(source)
    extension = _extension(filename)
    data = _read_bytes(source, max_bytes)
    if not data:
        raise PlanParseError(EMPTY_MESSAGE, "empty")
    kind = extension.lstrip(".")
    if extension == ".docx":
        text = docx_text(data)
    elif extension == ".doc":
        converted = doc_to_docx(data)
        try:
            text = docx_text(converted)
        except PlanParseError as error:
            if error.code != "corrupt":
                raise
            raise PlanParseError(DOC_UNREADABLE_MESSAGE, "corrupt_doc") from error
    elif extension == ".pdf":
        found = pdf_text(data)
        if found is None:
            if not ocr:
                raise PlanParseError(NEEDS_OCR_MESSAGE, "needs_ocr")
            found, kind = _joined(ocr_pdf(data, progress)), "ocr"
        text = found
    elif extension in IMAGE_EXTENSIONS:
        check_image(data)  # a damaged, disguised or enormous image is refused before any job starts
        if not ocr:
            raise PlanParseError(NEEDS_OCR_MESSAGE, "needs_ocr")
        text, kind = _joined(ocr_image(data, progress)), "ocr"
    else:
        text, kind = decode_text(data), "text"
        if extension in (".md", ".markdown"):
            text = strip_markdown(text)
    check_length(text)
    text = normalize_text(text)
    if not text.strip():
        raise PlanParseError(EMPTY_MESSAGE, "empty")
    return ReadText(text, kind)


def _joined(paragraphs: list[Paragraph]) -> str:
    return "\n\n".join(paragraph.text for paragraph in paragraphs)


def _extension(filename: str | None) -> str:
    if not filename:
        raise PlanParseError("Thiếu tên tệp: không xác định được định dạng tệp.", "unsupported")
    extension = Path(filename).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        shown = extension or "không có phần mở rộng"
        raise PlanParseError(
            f"Định dạng tệp không được hỗ trợ ({shown}). "
            "Chỉ nhận tệp .docx, .doc, .pdf, ảnh .jpg/.png, .txt hoặc .md.",
            "unsupported",
        )
    return extension


def _read_bytes(source: Source, max_bytes: int) -> bytes:
    """The bytes of ``source``, refusing more than ``max_bytes`` without reading them all."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            if path.stat().st_size > max_bytes:
                raise _too_large(max_bytes)
            data = path.read_bytes()
        except OSError as error:
            raise PlanParseError("Không mở được tệp để đọc.", "unreadable") from error
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> PlanParseError:
    return PlanParseError(
        f"Tệp quá lớn: dung lượng tối đa cho phép là {format_size(max_bytes)}.", "too_large"
    )


def format_size(size: int) -> str:
    """ "10 MB", "512 KB", "300 byte" (binary units, as file managers show them)."""
    for unit, factor in (("MB", MIB), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            shown = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
            return f"{shown} {unit}"
    return f"{size} byte"


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "cp1258")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = unicodedata.normalize("NFC", text)
        if looks_like_text(text):
            return text
        break  # decodable but binary: a later, laxer codec would only make garbage look valid
    raise PlanParseError(UNDECODABLE_MESSAGE, "undecodable")


def looks_like_text(text: str) -> bool:
    """No NUL, and almost no control, private-use or unassigned characters."""
    if "\x00" in text:
        return False
    if not text:
        return True
    junk = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f\v")
    )
    return junk / len(text) <= _MAX_JUNK_RATIO


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells of a .docx in reading order, with Word's list markers."""
    _check_zip(data)
    try:
        blocks = list(docx_blocks(data))
    except PlanParseError:
        raise
    except Exception as error:  # lxml or zipfile on a damaged package
        raise PlanParseError(CORRUPT_DOCX_MESSAGE, "corrupt") from error
    return "\n\n".join(block for block in blocks if block.strip())


def _check_zip(data: bytes) -> None:
    """Refuse non-zip data and zip bombs, reading only the zip's central directory."""
    try:
        check_zip(data, DOCX_LIMITS)
    except UploadRefused as refused:
        if refused.code == Refusal.TOO_MANY_PARAGRAPHS:
            raise too_many_blocks() from refused
        if refused.code == Refusal.TOO_MANY_CELLS:
            raise PlanParseError(
                f"Tệp .docx có quá nhiều ô bảng (hơn {format_number(MAX_TABLE_CELLS)}); "
                "từ chối xử lý vì có thể là tệp độc hại.",
                "too_complex",
                limit="cells",
                params={"limit": MAX_TABLE_CELLS},
            ) from refused
        if refused.code not in ZIP_BOMB:
            raise PlanParseError(CORRUPT_DOCX_MESSAGE, "corrupt") from refused
        if refused.code == Refusal.COMPRESSION_RATIO:
            what = f"nội dung giải nén quá lớn so với dung lượng tệp (tỷ lệ nén vượt quá {refused.limit}:1)"
        elif refused.code == Refusal.MEMBER_TOO_LARGE:
            what = f"nội dung giải nén quá lớn (vượt quá {format_size(MAX_DOCUMENT_XML_BYTES)})"
        elif refused.code == Refusal.TOO_MANY_MEMBERS:
            what = f"quá nhiều thành phần (hơn {MAX_DOCX_ENTRIES})"
        else:  # too much in all
            what = f"nội dung giải nén quá lớn (vượt quá {format_size(MAX_DOCX_TOTAL_BYTES)})"
        raise PlanParseError(
            f"Tệp .docx có {what}; từ chối xử lý vì có thể là tệp độc hại.",
            "zip_bomb",
        ) from refused
