"""Browser journey: the coordinator opens the dashboard, generates the report, downloads the DOCX."""

import datetime
import io

import docx
import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key

pytestmark = pytest.mark.browser


@pytest.fixture
def period(personas) -> ReportingPeriod:  # noqa: ANN001

    load_dimensions()
    load_template()
    period = ReportingPeriod.objects.create(
        template=ReportTemplate.objects.get(code="BDG-NAM"),
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )
    for code, women, men in (("05830", "3", "2"), ("05611", "4", "1")):
        do_save_cells(
            period,
            OrgUnit.objects.get(code=code),
            [
                CellChange("STAFF_OFFICIALS", make_key(sex="F"), women, None, None),
                CellChange("STAFF_OFFICIALS", make_key(sex="M"), men, None, None),
            ],
            acting_user=None,
        )
    Submission.objects.update(status="accepted")
    return period


@override_settings(MEDIA_ROOT="/tmp/binhdang-test-media")
def test_the_coordinator_opens_the_dashboard_and_downloads_the_report(
    page: Page, live_server, period
) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("snv.dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="→ Bảng tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng tổng hợp — Tỉnh Thái Nguyên")
    row = page.locator("tr[data-element='STAFF_OFFICIALS']")
    expect(row.locator("td[data-total]")).to_have_text("10")
    page.get_by_role("button", name="Báo cáo (Word)").click()
    expect(page.get_by_role("link", name="Tải về")).to_be_visible(timeout=30000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về").click()
    path = info.value.path()
    document = docx.Document(io.BytesIO(open(path, "rb").read()))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert info.value.suggested_filename.endswith(".docx")
