"""Scanned plans (a PDF of page images, a photo) read with Tesseract's Vietnamese model.

Each page is rendered (PDFium, grey, 300 dpi) to a PGM file in a temporary directory and read by
``tesseract … -l vie tsv``: every recognised line with its box and confidence goes to ``layout``
like a PDF's text layer, so the header, running lines and wrapped sentences are handled the same
way. Slow (seconds a page): the web runs it as a background job with progress.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdfium2

from .convert import run_bounded
from .errors import PlanParseError
from .layout import Page, Paragraph, Segment, group_lines, paragraphs
from .limits import MAX_IMAGE_PIXELS, MAX_OCR_PAGES, OCR_PAGE_TIMEOUT_SECONDS
from .pdf import open_pdf
from .structure import roman_value, to_roman
from .text import is_upper_line

NO_TESSERACT_MESSAGE = (
    "Tệp là bản quét (ảnh, không có lớp chữ) và máy chủ chưa cài Tesseract (gói tesseract-ocr, "
    "tesseract-ocr-vie) để nhận dạng chữ. Vui lòng gửi tệp Word hoặc PDF có lớp chữ, "
    "hoặc báo quản trị hệ thống."
)
NO_TEXT_MESSAGE = "Không nhận dạng được chữ nào trong tệp quét: ảnh quá mờ, bị xoay hoặc không phải văn bản."
TOO_MANY_PAGES_MESSAGE = f"Bản quét có quá nhiều trang để nhận dạng (hơn {MAX_OCR_PAGES} trang)."
IMAGE_MESSAGE = "Tệp ảnh bị hỏng hoặc không đúng định dạng (nhận ảnh .jpg, .png)."
IMAGE_TOO_LARGE_MESSAGE = (
    "Ảnh quá lớn (hơn {pixels} triệu điểm ảnh); vui lòng chụp hoặc quét ở độ phân giải thấp hơn."
)
DPI = 300

Progress = Callable[[int, int], None]  # (pages done, pages in all)


def tesseract() -> str | None:
    """The tesseract program, when it is installed with its Vietnamese model."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    listed = run_bounded([program, "--list-langs"], 30)
    return program if b"vie" in listed.stdout.split() else None


def _require_tesseract() -> str:
    program = tesseract()
    if program is None:
        raise PlanParseError(NO_TESSERACT_MESSAGE, "ocr_unavailable")
    return program


def image_size(data: bytes) -> tuple[int, int]:
    """The width and height a PNG or JPEG declares, read from its header (before decoding)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        position = 2
        while position + 9 < len(data):
            if data[position] != 0xFF:
                break
            marker = data[position + 1]
            length = struct.unpack(">H", data[position + 2 : position + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack(">HH", data[position + 5 : position + 9])
                return width, height
            position += 2 + length
    raise PlanParseError(IMAGE_MESSAGE, "corrupt_image")


def check_image(data: bytes) -> None:
    """Refuse a damaged image, or one declaring more pixels than OCR may decode (before a job)."""
    width, height = image_size(data)
    if width * height > MAX_IMAGE_PIXELS:
        raise PlanParseError(
            IMAGE_TOO_LARGE_MESSAGE.format(pixels=MAX_IMAGE_PIXELS // 1_000_000), "image_too_large"
        )


def ocr_image(data: bytes, progress: Progress | None = None) -> list[Paragraph]:
    """A photo or scan of a plan (.jpg/.png) read into paragraphs."""
    check_image(data)
    program = _require_tesseract()
    with tempfile.TemporaryDirectory(prefix="binhdang-ocr-") as folder:
        path = Path(folder) / "page"
        path.write_bytes(data)
        page = _read_page(program, path, folder)
    if progress:
        progress(1, 1)
    return _paragraphs([page])


def ocr_pdf(data: bytes, progress: Progress | None = None) -> list[Paragraph]:
    """Every page of a scanned PDF read into paragraphs; ``progress`` is told after each page."""
    program = _require_tesseract()
    pages: list[Page] = []
    with open_pdf(data) as document, tempfile.TemporaryDirectory(prefix="binhdang-ocr-") as folder:
        count = len(document)
        if count > MAX_OCR_PAGES:
            raise PlanParseError(
                TOO_MANY_PAGES_MESSAGE, "too_complex", limit="scan_pages", params={"limit": MAX_OCR_PAGES}
            )
        for index in range(count):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = min(DPI / 72, (MAX_IMAGE_PIXELS / max(width * height, 1)) ** 0.5)
                bitmap = page.render(scale=scale, grayscale=True)
                path = Path(folder) / f"page-{index + 1}.pgm"
                path.write_bytes(_pgm(bitmap))
            finally:
                page.close()
            pages.append(_read_page(program, path, folder))
            path.unlink()
            if progress:
                progress(index + 1, count)
    return _paragraphs(pages)


def _pgm(bitmap: pypdfium2.PdfBitmap) -> bytes:
    """A grey bitmap as a binary PGM (no imaging library needed: Tesseract reads PNM)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = b"".join(buffer[row * stride : row * stride + width] for row in range(height))
    return f"P5 {width} {height} 255\n".encode() + rows


def _read_page(program: str, path: Path, folder: str) -> Page:
    result = run_bounded(
        [program, str(path), "stdout", "-l", "vie", "--dpi", str(DPI), "tsv"],
        OCR_PAGE_TIMEOUT_SECONDS,
        cwd=folder,
    )
    if result.returncode != 0:
        raise PlanParseError(IMAGE_MESSAGE, "corrupt_image")
    return tsv_page(result.stdout.decode("utf-8", "replace"))


def tsv_page(tsv: str) -> Page:
    """Tesseract's TSV: one segment per recognised line (its words' box, their lowest confidence)."""
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    width = height = 1.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "1":
            width, height = float(row["width"]), float(row["height"])
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    segments: list[Segment] = []
    confidence: dict[int, float] = {}
    for words in lines.values():
        for run in _runs(words):
            left = min(int(w["left"]) for w in run)
            top = min(int(w["top"]) for w in run)
            right = max(int(w["left"]) + int(w["width"]) for w in run)
            bottom = max(int(w["top"]) + int(w["height"]) for w in run)
            text = unicodedata.normalize("NFC", " ".join(w["text"].strip() for w in run))
            segment = Segment(left, top, right, bottom, text)
            confidence[id(segment)] = min(float(w["conf"]) for w in run)
            segments.append(segment)
    laid = group_lines(segments)
    for line in laid:
        line.confidence = min((confidence.get(id(s), 100.0) for s in line.segments), default=None)
    return Page(width, height, laid)


def _runs(words: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """A recognised line cut where its words stand far apart (the two header blocks side by side)."""
    runs: list[list[dict[str, str]]] = []
    for word in sorted(words, key=lambda w: int(w["left"])):
        height = int(word["height"]) or 1
        if runs:
            last = runs[-1][-1]
            if int(word["left"]) - (int(last["left"]) + int(last["width"])) <= 3 * height:
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


_ROMAN_HEADING = re.compile(r"^(?P<num>[IVXLC]+)(?P<rest>\s*[.\-–:)]\s*\S.*)$")


_ITEM_NUMBER = re.compile(r"^(?P<num>\d{1,2})\.\s")
# Letters Tesseract reads for a digit at a line's start: "S." for "5.", "l." for "1.".
_DIGIT_LOOKALIKES = str.maketrans({"S": "5", "s": "5", "O": "0", "o": "0", "l": "1", "I": "1", "|": "1",
                                   "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"})  # fmt: skip
_LOOKALIKE_ITEM = re.compile(r"^(?P<num>[0-9SsOolI|BZzgq]{1,2})[.,;]\s+(?P<rest>[^\W\d_].*)$")


def mend_markers(result: list[Paragraph]) -> None:
    """List markers follow each other, so a misread one can be put right from its neighbours:
    an "II." read after "II." (a serif "I" lost) is the "III." the page shows, and "S. Sở Khoa học"
    after "4. Sở Y tế" is "5.". Only a marker that then continues the sequence is changed; every
    OCR'd line is checked by a person anyway."""
    previous_part = previous_item = 0
    for paragraph in result:
        match = _ROMAN_HEADING.match(paragraph.text)
        if match and is_upper_line(paragraph.text):
            value = roman_value(match["num"])
            if value and value <= previous_part:
                value = previous_part + 1
                paragraph.text = to_roman(value) + match["rest"]
            previous_part, previous_item = value or previous_part, 0
            continue
        number = _ITEM_NUMBER.match(paragraph.text)
        if number:
            previous_item = int(number["num"])
            continue
        lookalike = _LOOKALIKE_ITEM.match(paragraph.text)
        if lookalike:
            digits = lookalike["num"].translate(_DIGIT_LOOKALIKES)
            if digits.isdigit() and int(digits) == previous_item + 1:
                paragraph.text = f"{int(digits)}. {lookalike['rest']}"
                previous_item += 1


def _paragraphs(pages: list[Page]) -> list[Paragraph]:
    result = paragraphs(pages)
    mend_markers(result)
    if not any(paragraph.text.strip() for paragraph in result):
        raise PlanParseError(NO_TEXT_MESSAGE, "no_text")
    return result
