"""A plan's PDF: its text layer read with PDFium (pypdfium2), line boxes and all.

Each page's text comes as PDFium's text rectangles (a run of characters on one line, with its
box); ``layout`` turns them back into paragraphs. A PDF without a text layer (a scan) has no
rectangles: it is an OCR job (``ocr``). An encrypted PDF is refused: the importer holds no
password.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2
import pypdfium2.raw as pdfium_c

from .errors import PlanParseError
from .layout import Page, Segment, group_lines, paragraphs
from .limits import MAX_PDF_PAGES

PASSWORD_MESSAGE = (
    "Tệp PDF được đặt mật khẩu nên không đọc được. Vui lòng gửi bản PDF không đặt mật khẩu "
    "(hoặc tệp Word của kế hoạch)."
)
CORRUPT_MESSAGE = "Tệp PDF bị hỏng hoặc không đọc được."
TOO_MANY_PAGES_MESSAGE = f"Tệp PDF có quá nhiều trang (hơn {MAX_PDF_PAGES}); một kế hoạch không dài như vậy."
# A page with fewer characters than this in its text layer is taken as a scanned image.
_MIN_PAGE_CHARS = 20


@contextmanager
def open_pdf(data: bytes) -> Iterator[pypdfium2.PdfDocument]:
    """The document, or a PlanParseError naming why not (password, damage, length)."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PlanParseError(PASSWORD_MESSAGE, "password") from error
        raise PlanParseError(CORRUPT_MESSAGE, "corrupt_pdf") from error
    try:
        if len(document) > MAX_PDF_PAGES:
            raise PlanParseError(
                TOO_MANY_PAGES_MESSAGE, "too_complex", limit="pdf_pages", params={"limit": MAX_PDF_PAGES}
            )
        if len(document) == 0:
            raise PlanParseError(CORRUPT_MESSAGE, "corrupt_pdf")
        yield document
    finally:
        document.close()


def text_pages(data: bytes) -> list[Page] | None:
    """The pages' text lines, or None when the PDF has (almost) no text layer: a scan."""
    with open_pdf(data) as document:
        pages: list[Page] = []
        characters = 0
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page(page))
            finally:
                page.close()
            characters += sum(len(line.text) for line in pages[-1].lines)
    if characters < _MIN_PAGE_CHARS * len(pages):
        return None
    return pages


def _page(page: pypdfium2.PdfPage) -> Page:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        segments = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = unicodedata.normalize("NFC", " ".join(text.split()))
            if text:  # PDF y grows upwards; layout's downwards
                segments.append(Segment(left, height - top, right, height - bottom, text))
    finally:
        textpage.close()
    return Page(width, height, group_lines(segments))


def pdf_text(data: bytes) -> str | None:
    """The plan's text from the PDF's text layer, one paragraph per block; None for a scan."""
    pages = text_pages(data)
    if pages is None:
        return None
    return "\n\n".join(paragraph.text for paragraph in paragraphs(pages))
