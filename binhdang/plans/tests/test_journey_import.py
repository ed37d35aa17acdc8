"""Browser journey: the coordinator imports the seed plan, fixes nothing, publishes, sees the matrix."""

import pytest
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.plans.tests.helpers import SEED

pytestmark = pytest.mark.browser


def test_the_coordinator_imports_publishes_and_sees_the_matrix(page: Page, live_server, personas) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("snv.dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Nhập văn bản kế hoạch").click()
    page.get_by_label("Văn bản kế hoạch").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc kế hoạch").click()
    expect(page.get_by_text("Đã đọc kế hoạch")).to_be_visible()
    expect(page.get_by_role("heading", name="Tổ chức thực hiện", exact=True)).to_be_visible()
    expect(page.get_by_text("Không có trong danh mục")).to_have_count(0)
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Đã ban hành kế hoạch")).to_be_visible()
    expect(page.get_by_role("heading", name="Bảng theo dõi tiến độ")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Xã Đại Từ")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Sở Y tế")).to_be_visible()
