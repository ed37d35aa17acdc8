"""Browser journey under the Content-Security-Policy: the report form saves as the user types, the
Excel upload shows its preview, the history lists the change; the browser reports no violation."""

import datetime
import os

import pytest
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS_DIR", "")


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


def test_the_form_the_excel_preview_and_the_history_run_under_the_policy(
    page: Page,
    live_server,
    period,
    tmp_path,  # noqa: ANN001
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/reports/{period.pk}/05830/")
    staff = page.locator("fieldset", has_text="Số cán bộ, công chức").first
    staff.locator("input.cell:visible").nth(0).fill("2")
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về tệp Excel").click()
    path = tmp_path / "r.xlsx"
    download.value.save_as(path)
    staff.locator("input.cell:visible").nth(0).fill("4")  # changed online after the download
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    page.set_input_files("#xlsx-file", str(path))
    page.get_by_role("button", name="Tải lên tệp đã điền").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra trước khi lưu số liệu từ tệp Excel")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-preview-1366.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/import-preview-390.png", full_page=True)
    page.get_by_role("button", name="Hủy").click()
    page.goto(f"{live_server.url}/reports/{period.pk}/05830/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch sử thay đổi của báo cáo")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/history-390.png", full_page=True)
    assert violations == []
