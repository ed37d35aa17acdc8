"""Browser journey: a case worker registers a case on a phone, records consent and refers to the shelter;
the shelter accepts; the coordinator's statistics and their DOCX show only suppressed counts; the public
directory shows the shelter's hotline but not where it is."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.gbv.loading import load_demo_cases
from binhdang.gbv.models import Case, Referral, ServiceProvider
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("GBV_SHOTS", "/tmp/gbv-shots"))
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


@pytest.fixture
def world(personas):  # noqa: ANN001, ANN201
    load_dimensions()
    load_template()
    load_demo_cases(acting_user=personas["gbv_worker"])
    period = ReportingPeriod.objects.create(
        template=ReportTemplate.objects.get(code="BDG-NAM"),
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )
    return personas, period


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_register_consent_refer_accept_and_publish(page: Page, live_server, world) -> None:  # noqa: ANN001
    base = live_server.url
    _users, period = world
    page.set_viewport_size(PHONE)
    login(page, base, "daitu.hotro")
    page.get_by_role("link", name="Quản lý sổ theo dõi").click()
    expect(page.get_by_role("heading", name="Sổ theo dõi vụ việc bạo lực trên cơ sở giới")).to_be_visible()
    shot(page, "cases-390")
    page.get_by_role("link", name="Tiếp nhận hồ sơ mới").click()
    page.get_by_label("Họ và tên").fill("Hà Thị Phương Thảo")
    page.get_by_label("Năm sinh").fill("1994")
    page.get_by_label("Điện thoại").fill("0987 654 321")
    page.get_by_label("Địa chỉ").fill("Xóm Làng Lớn, xã Đại Từ")
    page.get_by_label("Giới tính").select_option("F")
    shot(page, "case-new-390")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_text("Đã tiếp nhận hồ sơ")).to_be_visible()
    case = Case.objects.order_by("-pk").first()
    assert "Thảo" not in page.url and case.code in page.url

    consent = page.locator("#consent-form")
    consent.get_by_label("Mục đích").select_option("services")
    consent.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Đã ghi nhận sự đồng ý.")).to_be_visible()
    shelter = ServiceProvider.objects.get(name="Nhà tạm lánh xã Đại Từ")
    consent = page.locator("#consent-form")
    consent.get_by_label("Mục đích").select_option("referral")
    consent.get_by_label("Dịch vụ (khi chuyển gửi)").select_option(str(shelter.pk))
    consent.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Đã ghi nhận sự đồng ý.")).to_be_visible()
    refer = page.locator("#refer-form")
    refer.locator("#id_refer-provider").select_option(str(shelter.pk))
    refer.get_by_label("Loại dịch vụ").select_option("SHELTER")
    refer.get_by_label("Đề nghị dịch vụ thực hiện").fill("Tạm lánh hai đêm cùng con nhỏ.")
    refer.get_by_role("button", name="Gửi phiếu chuyển gửi").click()
    expect(page.get_by_text("Đã gửi phiếu chuyển gửi tới Nhà tạm lánh xã Đại Từ.")).to_be_visible()
    shot(page, "case-detail-390")
    page.set_viewport_size(DESKTOP)
    shot(page, "case-detail-1366")

    # The shelter answers: it sees the referral, not the address.
    login(page, base, "daitu.tamlanh")
    page.goto(base + "/gbv/referrals/")
    page.get_by_role("link", name=case.code).click()
    expect(page.get_by_text("Tạm lánh hai đêm cùng con nhỏ.")).to_be_visible()
    expect(page.get_by_text("Xóm Làng Lớn")).to_have_count(0)
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator("#referral-status")).to_have_text("Đã tiếp nhận")
    assert Referral.objects.get(case=case).status == "accepted"
    shot(page, "referral-1366")

    # The coordinator: counts only, suppressed.
    login(page, base, "snv.dieuphoi")
    page.goto(f"{base}/gbv/statistics/?unit=19&period={period.pk}")
    expect(
        page.get_by_role("heading", name="Bạo lực trên cơ sở giới: số liệu thống kê từ sổ theo dõi")
    ).to_be_visible()
    cells = page.locator("td[data-suppressed]")
    assert cells.count() > 0
    for text in page.locator("table td").all_inner_texts():
        assert not (text.strip().isdigit() and 0 < int(text) < 5), text
    shot(page, "statistics-1366")
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").click()
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    values = [c.text for t in document.tables for row in t.rows for c in row.cells[1:]]
    assert "<5" in values and not [v for v in values if v.isdigit() and 0 < int(v) < 5]
    page.set_viewport_size(PHONE)
    shot(page, "statistics-390")

    # The public page: the hotline, never the place.
    page.context.clear_cookies()
    page.goto(base + "/gbv/services/")
    card = page.locator("article", has_text="Nhà tạm lánh xã Đại Từ")
    expect(card).to_contain_text(shelter.contact_phone)
    expect(page.get_by_text(shelter.location)).to_have_count(0)
    shot(page, "public-390")
    page.set_viewport_size(DESKTOP)
    shot(page, "public-1366")
