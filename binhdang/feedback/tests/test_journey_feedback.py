"""Browser journey at phone width: a citizen files a petition and gets a code; the handler accepts
and answers it; the citizen reads the answer by code; the counts appear in the commune's report."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.feedback.models import Feedback
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/feedback-shots")


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


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_petition_from_filing_to_the_answer_and_the_report(page: Page, live_server, period) -> None:  # noqa: ANN001
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    # The citizen, without an account.
    page.goto(base + "/feedback/")
    page.get_by_role("link", name="Tỉnh Thái Nguyên").click()  # no province set up its routing yet: a choice
    shot(page, "1-start")
    page.get_by_role("link", name="Gia đình", exact=True).click()
    page.get_by_label("Kiến nghị", exact=True).check()
    page.get_by_label("Đã xảy ra việc gì, hoặc bạn đề xuất gì?").fill(
        "Đề nghị xã tổ chức lớp sinh hoạt về chia sẻ việc nhà giữa vợ và chồng."
    )
    page.get_by_label("Xã, phường nơi xảy ra việc").select_option(label="Xã Đại Từ")
    page.wait_for_timeout(3200)  # a person takes more than the time-to-fill minimum
    shot(page, "2-form")
    page.get_by_role("button", name="Gửi", exact=True).click()
    code = page.locator("[data-code]").inner_text().strip()
    assert len(code) == 11 and code[5] == "-"
    shot(page, "3-code")
    assert Feedback.objects.get().unit.code == "05830"

    # The handler of the Sở Nội vụ, from the home page.
    login(page, base, "snv.tiepnhan")
    page.get_by_role("link", name="Tiếp nhận, xử lý phản ánh, kiến nghị của người dân.").click()
    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name="Thụ lý", exact=True).click()
    expect(page.get_by_text("Đã thụ lý.")).to_be_visible()
    page.get_by_label("Nội dung trả lời chính thức").fill(
        "UBND xã sẽ tổ chức lớp sinh hoạt vào tháng 7 tại nhà văn hóa các thôn."
    )
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã ghi nhận nội dung trả lời")).to_be_visible()
    shot(page, "4-handler")

    # The citizen again, with the code only.
    page.context.clear_cookies()
    page.goto(base + "/feedback/status/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("[data-state]")).to_have_text("Đã trả lời")
    expect(page.get_by_text("UBND xã sẽ tổ chức lớp sinh hoạt vào tháng 7")).to_be_visible()
    shot(page, "5-status")

    # The commune's report carries the intake's counts.
    login(page, base, "daitu.baocao")
    # On a phone the form shows one section at a time: the link to the element opens its section.
    page.goto(f"{base}/reports/{period.pk}/05830/#el-FB_RECEIVED")
    expect(page.locator("#el-FB_RECEIVED input.cell")).to_have_value("1")
    expect(page.locator("#el-FB_RECEIVED input.cell")).to_be_visible()
    expect(page.locator("#el-FB_RESOLVED input.cell")).to_have_value("1")
    expect(page.locator("#el-FB_RESOLVED_ON_TIME input.cell")).to_have_value("1")
    page.locator("#el-FB_RECEIVED").scroll_into_view_if_needed()
    shot(page, "6-report")
