"""Browser journeys: nothing typed is lost. A refused value stays in its cell, marked, after a
reload; an outage (5xx, no network) is retried with back-off and said in Vietnamese; an ended session
asks to log in again in a new tab, and the page then sends what it kept."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, Route, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import DataValue, ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.browser

STAFF_F = "#v\\:STAFF_OFFICIALS\\:F\\:\\:\\:\\:"
STAFF_M = "#v\\:STAFF_OFFICIALS\\:M\\:\\:\\:\\:"


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


def login(page: Page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_staff(page: Page, url: str) -> None:
    page.goto(url + "#el-STAFF_OFFICIALS")  # a link to an element opens its section
    expect(page.locator(STAFF_F)).to_be_visible()


def test_a_refused_value_stays_marked_after_a_reload_until_corrected(page: Page, live_server, period) -> None:  # noqa: ANN001
    login(page, live_server.url)
    url = f"{live_server.url}/reports/{period.pk}/05830/"
    open_staff(page, url)
    page.fill(STAFF_F, "mười")
    page.fill(STAFF_M, "3")
    expect(page.locator("#entry-form")).to_have_attribute("data-pending", "0", timeout=10000)
    page.reload()
    expect(page.locator(STAFF_F)).to_have_value("mười")  # still there, not the empty saved cell
    refused = "form-control cell is-invalid cell-refused"
    expect(page.locator(STAFF_F)).to_have_class(refused)
    expect(page.locator("#issues")).to_contain_text("“mười” không phải là số.")
    expect(page.locator(STAFF_M)).to_have_value("3")
    page.fill(STAFF_F, "10")
    expect(page.locator("#entry-form")).to_have_attribute("data-pending", "0", timeout=10000)
    expect(page.locator(STAFF_F)).not_to_have_class(refused)
    expect(page.locator("#issues")).to_be_hidden()
    page.reload()
    expect(page.locator(STAFF_F)).to_have_value("10")
    assert DataValue.objects.get(sex="F").value == Decimal(10)


def test_an_outage_is_retried_and_said_in_vietnamese(page: Page, live_server, period) -> None:  # noqa: ANN001
    login(page, live_server.url)
    url = f"{live_server.url}/reports/{period.pk}/05830/"
    open_staff(page, url)
    calls = []

    def fail(route: Route) -> None:
        calls.append(1)
        if len(calls) == 1:
            route.fulfill(status=503, body="Service Unavailable")
        elif len(calls) == 2:
            route.abort("connectionfailed")
        else:
            route.continue_()

    page.route("**/save/", fail)
    page.fill(STAFF_F, "4")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Số liệu vẫn được giữ trên thiết bị này", timeout=10000)
    expect(status).to_contain_text("tự gửi lại sau 2 giây")
    expect(status).to_contain_text("tự gửi lại sau 4 giây", timeout=10000)  # back-off
    expect(status).to_have_text("Đã lưu mọi thay đổi.", timeout=15000)
    assert len(calls) == 3
    assert DataValue.objects.get(sex="F").value == 4


def test_an_ended_session_asks_to_log_in_in_a_new_tab(page: Page, live_server, period) -> None:  # noqa: ANN001
    login(page, live_server.url)
    url = f"{live_server.url}/reports/{period.pk}/05830/"
    open_staff(page, url)
    page.context.clear_cookies()  # the session ends (expired, or logged out elsewhere)
    page.fill(STAFF_F, "7")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Phiên làm việc đã hết hạn", timeout=10000)
    link = status.get_by_role("link", name="Đăng nhập lại (mở thẻ mới)")
    assert link.get_attribute("target") == "_blank"
    with page.context.expect_page() as tab:
        link.click()
    login_tab = tab.value
    login_tab.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    login_tab.get_by_label("Mật khẩu").fill(PASSWORD)
    login_tab.get_by_role("button", name="Đăng nhập").click()
    expect(login_tab.get_by_role("heading", level=1)).to_be_visible()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # back on the form's tab
    expect(status).to_have_text("Đã lưu mọi thay đổi.", timeout=15000)
    expect(page.locator(STAFF_F)).to_have_value("7")  # the page was never left
    assert DataValue.objects.get(sex="F").value == 7


def test_two_people_on_one_cell_each_sees_the_other_and_save_replaces_knowingly(
    page: Page, live_server, period  # noqa: ANN001
) -> None:
    url = f"{live_server.url}/reports/{period.pk}/05830/"
    login(page, live_server.url)
    open_staff(page, url)
    other = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    head = other.new_page()
    head.goto(live_server.url + "/accounts/login/")
    head.get_by_label("Tên đăng nhập").fill("daitu.chutich")
    head.get_by_label("Mật khẩu").fill(PASSWORD)
    head.get_by_role("button", name="Đăng nhập").click()
    open_staff(head, url)
    head.fill(STAFF_F, "5")
    expect(head.locator("#entry-form")).to_have_attribute("data-pending", "0", timeout=10000)
    page.fill(STAFF_F, "7")  # the reporter's page still holds the empty cell it read
    feedback = page.locator(STAFF_F + " ~ .invalid-feedback")
    expect(feedback).to_contain_text("Lường Thị Lan", timeout=10000)
    expect(feedback).to_contain_text("“5”")
    expect(page.locator(STAFF_F)).to_have_value("7")  # the reporter's value stays on screen
    assert DataValue.objects.get(sex="F").value == 5  # and theirs in the database
    page.get_by_role("button", name="Lưu", exact=True).click()  # knowingly replaces it
    expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.", timeout=10000)
    assert DataValue.objects.get(sex="F").value == 7
    other.close()
