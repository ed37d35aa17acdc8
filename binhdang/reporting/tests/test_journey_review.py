"""Browser journey: submit, return with a reason, fix and resubmit, accept."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from binhdang.accounts.models import Membership
from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate, Submission

pytestmark = pytest.mark.browser


@pytest.fixture
def period(personas) -> ReportingPeriod:  # noqa: ANN001

    load_dimensions()
    load_template()
    Membership.objects.filter(role="head").delete()  # this commune sends straight to the province
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


def test_submit_return_fix_resubmit_accept(page: Page, live_server, period) -> None:  # noqa: ANN001
    base = live_server.url
    entry = f"{base}/reports/{period.pk}/05830/"
    login(page, base, "daitu.baocao")
    page.goto(entry)
    staff = page.locator("fieldset", has_text="Số cán bộ, công chức").first
    staff.locator("input.cell:visible").nth(1).fill("1")
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("heading", name="Gửi báo cáo?")).to_be_visible()  # what is about to be sent
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    login(page, base, "snv.dieuphoi")
    page.goto(f"{base}/reports/{period.pk}/progress/")
    expect(page.locator('[data-stat="sent"]')).to_have_text("1")
    page.get_by_role("link", name="Xã Đại Từ").click()
    page.get_by_placeholder("Nội dung cần hoàn thiện").fill("Thiếu số cán bộ nam")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Thiếu số cán bộ nam")).to_be_visible()  # the reason, before confirming
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị kèm lý do.")).to_be_visible()

    login(page, base, "daitu.baocao")
    page.goto(entry)
    expect(page.get_by_role("alert").filter(has_text="Thiếu số cán bộ nam")).to_be_visible()
    staff = page.locator("fieldset", has_text="Số cán bộ, công chức").first
    staff.locator("input.cell:visible").nth(0).fill("2")
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("heading", name="Gửi báo cáo?")).to_be_visible()  # what is about to be sent
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    login(page, base, "snv.dieuphoi")
    page.goto(entry)
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo.")).to_be_visible()
    assert Submission.objects.get().status == "accepted"
