"""The plan reader's own bounds: what a plan document may hold before it is refused.

The zip container is checked by ``binhdang.lib.uploads`` (members, sizes, ratios); these are the
limits of what is inside, so that no document costs more than a bounded time and memory: a plan
of the seed's size has about 230 paragraphs, 2 tables and 60 KB of text.
"""

from __future__ import annotations

from binhdang.lib.numbers import format_number

from .errors import PlanParseError

# Paragraphs (and table cells' paragraphs) of one document, and characters of one paragraph.
MAX_BLOCKS = 50_000
MAX_PARAGRAPH_CHARS = 50_000
# Characters of the whole text once read (a 10 MB limit on the file leaves room for far more).
MAX_TEXT_CHARS = 5_000_000
# Table cells read (each once, whatever it spans) and tables nested in tables.
MAX_TABLE_CELLS = 20_000
MAX_TABLE_DEPTH = 4
# numbering.xml and styles.xml are read whole: a real one is tens of kilobytes.
MAX_PARTS_XML_BYTES = 5 * 1024 * 1024
# A list's start value ("start at 1000000000" would only make absurd markers).
MAX_LIST_LEVEL_START = 10_000
# PDF pages read, OCR pages, and seconds for external programs (LibreOffice, Tesseract).
MAX_PDF_PAGES = 200
MAX_OCR_PAGES = 30
MAX_IMAGE_PIXELS = 60_000_000
CONVERT_TIMEOUT_SECONDS = 120
OCR_PAGE_TIMEOUT_SECONDS = 120


def too_many_blocks() -> PlanParseError:
    return PlanParseError(
        f"Văn bản có quá nhiều đoạn (hơn {format_number(MAX_BLOCKS)}); một kế hoạch không dài như vậy.",
        "too_complex",
        limit="paragraphs",
        params={"limit": MAX_BLOCKS},
    )


def check_text(paragraphs: list[str]) -> None:
    """Refuse a text with too many paragraphs, or one paragraph too long to be a plan's."""
    if len(paragraphs) > MAX_BLOCKS:
        raise too_many_blocks()
    for number, paragraph in enumerate(paragraphs, start=1):
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise PlanParseError(
                f"Đoạn thứ {format_number(number)} dài quá {format_number(MAX_PARAGRAPH_CHARS)} ký tự "
                f"(bắt đầu: “{paragraph[:60]}…”); văn bản không giống một kế hoạch.",
                "too_complex",
                limit="paragraph_length",
                params={"number": number, "limit": MAX_PARAGRAPH_CHARS, "start": paragraph[:60]},
            )


def check_length(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise PlanParseError(
            f"Văn bản quá dài (hơn {format_number(MAX_TEXT_CHARS)} ký tự); một kế hoạch không dài như vậy.",
            "too_complex",
            limit="text_length",
            params={"limit": MAX_TEXT_CHARS},
        )
