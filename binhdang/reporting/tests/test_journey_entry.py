"""Browser journey: a commune reporter fills part of the 2026 form, leaves, comes back to the saved draft."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import DataValue, ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.browser


@pytest.fixture
def period(personas) -> ReportingPeriod:  # noqa: ANN001

    load_dimensions()
    load_template()
    return ReportingPeriod.objects.create(
        template=ReportTemplate.objects.get(code="BDG-NAM"),
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )


def test_a_commune_reporter_fills_part_leaves_and_finds_the_draft(page: Page, live_server, period) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Báo cáo năm 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo năm 2026")
    # Only the commune's elements: no department-only statistics.
    expect(page.get_by_text("Tỷ số giới tính khi sinh")).to_have_count(0)
    # One section at a time on a phone: the index (folded under its progress line) opens the staff's.
    page.locator("#section-index summary").click()
    page.locator("#section-index").get_by_role("link", name="Đội ngũ cán bộ").click()
    staff = page.locator("fieldset", has_text="Số cán bộ, công chức").first
    cells = staff.locator("input.cell:visible")
    cells.nth(0).fill("2")
    cells.nth(1).fill("3")
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    entry_url = page.url
    page.goto(live_server.url + "/")  # leaves the form
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Hoàng Văn Minh")
    page.goto(entry_url)  # and comes back
    expect(page.locator("[data-progress]")).to_have_text(re.compile(r"^\s*1/\d+ ô đã nhập\s*$"))
    page.locator("#section-index summary").click()
    page.locator("#section-index").get_by_role("link", name="Đội ngũ cán bộ").click()
    staff = page.locator("fieldset", has_text="Số cán bộ, công chức").first
    expect(staff.locator("input.cell:visible").nth(0)).to_have_value("2")
    expect(staff.locator("input.cell:visible").nth(1)).to_have_value("3")
    assert DataValue.objects.count() == 2
