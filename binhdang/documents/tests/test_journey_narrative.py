"""Browser journey: the coordinator writes the report's assessment (autosaved), makes the report;
a late report is accepted; the report made again keeps the coordinator's text and has the new
figures."""

import datetime
import io

import docx
import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.documents.models import Narrative
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.workflow import do_accept, do_submit

pytestmark = pytest.mark.browser
WRITTEN = "Các sở, ngành phối hợp chặt chẽ trong Tháng hành động vì bình đẳng giới."


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
    Submission.objects.filter(unit__code="05830").update(status="accepted")
    return period


def download_report(page: Page) -> list[str]:
    page.get_by_role("button", name="Báo cáo (Word)").first.click()
    expect(page.get_by_role("link", name="Tải về")).to_be_visible(timeout=60000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về").click()
    document = docx.Document(io.BytesIO(open(info.value.path(), "rb").read()))
    return [p.text for p in document.paragraphs]


@override_settings(MEDIA_ROOT="/tmp/binhdang-test-media")
def test_the_coordinators_text_survives_a_late_report(page: Page, live_server, period, personas) -> None:  # noqa: ANN001
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("snv.dieuphoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phần đánh giá của báo cáo")
    assessment = page.locator("#text-assessment")
    expect(assessment).to_contain_text("1. Ưu điểm")  # pre-filled with the computed sentences
    assessment.fill(f"1. Ưu điểm\n- {WRITTEN}\n2. Tồn tại, hạn chế\n- Một số xã gửi báo cáo muộn.")
    status = page.locator("#part-assessment [data-status]")
    expect(status).to_contain_text("Phiên bản", timeout=15000)  # autosaved, no button pressed
    saved = None
    for _attempt in range(30):  # the last keystrokes' save may still be on its way
        saved = Narrative.objects.filter(part="assessment").first()
        if saved is not None and "Một số xã gửi báo cáo muộn." in saved.text:
            break
        page.wait_for_timeout(500)
    assert WRITTEN in saved.text and saved.updated_by.username == "snv.dieuphoi"

    first = download_report(page)
    assert f"- {WRITTEN}" in first
    assert any("Số cán bộ, công chức được phân công" in t and ": 5 người" in t for t in first)

    # The late commune's report arrives and is accepted.
    coordinator = personas["coordinator"]
    late = do_submit(Submission.objects.get(unit__code="05611"), acting_user=coordinator)
    do_accept(late, acting_user=coordinator)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    expect(page.locator("#text-assessment")).to_contain_text(WRITTEN)
    second = download_report(page)
    assert f"- {WRITTEN}" in second  # the person's text is kept …
    assert any(
        "Số cán bộ, công chức được phân công" in t and ": 10 người" in t for t in second
    )  # … the figures new
