"""The browser reads a typed number as the server does: static/js/numbers.js, run in Chromium on
every case of lib/numbers.py's tables, gives the value `lib.numbers.parse_number` gives (the entry
page's live sums use it)."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page

from binhdang.lib.numbers import NotANumber, parse_number
from binhdang.lib.tests.test_numbers import NOT_NUMBERS, NUMBERS

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "numbers.js"
EXTRA = ["45%", "1,234%", "", "   ", "abc", "1e5", "0x10", "1.2.3", "٣", "12.345.678,9"]


def _server(text: str, percent: bool) -> float | None:
    try:
        return float(parse_number(text, percent=percent))
    except NotANumber:
        return None


def test_the_page_reads_every_number_as_the_server_does(page: Page) -> None:
    page.set_content("<!doctype html><title>numbers</title>")
    page.add_script_tag(path=str(SCRIPT))
    texts = [text for text, _value in NUMBERS] + list(NOT_NUMBERS) + EXTRA
    assert len(texts) > 40
    for percent in (False, True):
        browser = page.evaluate(
            "([texts, percent]) => texts.map((t) => window.BinhDangNumbers.parseNumber(t, percent))",
            [texts, percent],
        )
        server = [_server(text, percent) for text in texts]
        differ = [(t, b, s) for t, b, s in zip(texts, browser, server, strict=True) if b != s]
        assert not differ, f"browser ≠ server (percent={percent}): {differ}"
    assert float(Decimal("1234.5")) == page.evaluate("window.BinhDangNumbers.parseNumber('1.234,5')")
