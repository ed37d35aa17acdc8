"""Browser journey: a commune reporter logs in on a phone and sees the home page in Vietnamese."""

import pytest
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_a_commune_reporter_logs_in_and_sees_the_vietnamese_home_page(
    page: Page,
    live_server,
    personas,  # noqa: ANN001
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + "/")
    expect(page).to_have_title("Đăng nhập · Bình Đẳng")
    page.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Hoàng Văn Minh")
    expect(page.locator("main").get_by_text("Xã Đại Từ").first).to_be_visible()
    # On a phone the menu folds behind the toggler; it opens and lists the pages in Vietnamese.
    page.get_by_role("button", name="Mở trình đơn").click()
    expect(page.get_by_role("link", name="Đơn vị", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways


def test_a_wrong_password_keeps_the_reporter_on_the_login_page(page: Page, live_server, personas) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("daitu.baocao")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
