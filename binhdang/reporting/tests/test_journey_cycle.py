"""Browser journeys on a phone (390×844) and a desktop (1366×900): a commune clerk fills the whole
2026 form section by section, sees a cross-field error appear and go as they type (no reload),
submits after a confirmation; the head approves; the coordinator filters the completeness page,
reminds three units at once, returns one report with a reason and accepts another. Every page
checked has no sideways scroll; every control of the entry page is at least 44 px tall."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from binhdang.core.tests.helpers import PASSWORD
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import DataValue, ReminderLog, ReportingPeriod, ReportTemplate, Submission
from binhdang.reporting.services import CellChange, do_save_cells, open_submission
from binhdang.reporting.spec import make_key
from binhdang.reporting.workflow import do_submit

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 844), (1366, 900)
MIN_TARGET = 44  # px, WCAG 2.5.5


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
    # Phú Lương (no head: it sends straight to the province) has sent its report already.
    phu_luong = personas["reporter_b"].memberships.get().unit
    do_save_cells(
        period,
        phu_luong,
        [CellChange("STAFF_OFFICIALS", make_key(sex="F"), "2", None, 0)],
        acting_user=personas["reporter_b"],
    )
    do_submit(open_submission(period, phu_luong), acting_user=personas["reporter_b"])
    return period


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px screen"


def controls_tall_enough(page: Page) -> None:
    small = page.evaluate(
        """(min) => Array.from(document.querySelectorAll(
             'button, input:not([type=hidden]), select, textarea, summary, a.btn'))
           .filter((e) => e.offsetParent !== null && !e.classList.contains('file-input'))
           .map((e) => [e.tagName, e.name || e.textContent.trim().slice(0, 30),
                        e.getBoundingClientRect().height])
           .filter((x) => x[2] < min)""",
        MIN_TARGET,
    )
    assert small == [], f"controls under {MIN_TARGET} px on {page.url}: {small[:10]}"


def fill_section(page: Page, section) -> int:  # noqa: ANN001
    """Fill every element of a shown section with a value that breaks no rule: 1 in its first cell."""
    count = 0
    for element in section.locator("fieldset.element").all():
        cell = element.locator(".cell:not([readonly]):not([disabled])").first
        if cell.evaluate("e => e.tagName") == "SELECT":
            cell.select_option(label="Có")
        elif cell.get_attribute("inputmode") == "text":
            cell.fill("Không có khó khăn")
        else:
            cell.fill("1")
        count += 1
    return count


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_reporting_cycle_on_a_phone_and_a_desktop(page: Page, live_server, period, viewport) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    phone = viewport == PHONE
    base = live_server.url
    entry = f"{base}/reports/{period.pk}/05830/"

    # --- The clerk fills the form, section by section ----------------------------------------
    login(page, base, "daitu.baocao")
    page.goto(entry)
    sections = page.locator("section.form-section")
    total = sections.count()
    assert total >= 5
    expect(page.locator("[data-progress]")).to_contain_text("0/")
    filled = 0
    for i in range(total):
        section = sections.nth(i)
        if not phone:
            page.locator(f'[data-section-link="sec-{i + 1}"]').click()
        # On a phone only the current section is shown; on a desktop all are.
        shown = [s.is_visible() for s in sections.all()]
        assert shown == ([j == i for j in range(total)] if phone else [True] * total)
        no_sideways_scroll(page)
        controls_tall_enough(page)
        filled += fill_section(page, section)
        if section.locator("#el-STAFF_FULLTIME").count():
            # A cross-field error appears as the clerk types, named by the element's label, and
            # goes when corrected, without a reload.
            fulltime = section.locator("#el-STAFF_FULLTIME .cell").first
            fulltime.fill("5")
            issues = page.locator("#issues")
            expect(issues).to_contain_text("Trong đó: chuyên trách", timeout=10000)
            expect(issues).to_contain_text("không được lớn hơn")
            expect(issues).not_to_contain_text("STAFF_")
            issues.get_by_role("link", name="Trong đó: chuyên trách").click()
            expect(fulltime).to_be_focused()
            fulltime.fill("1")
            expect(issues).to_be_hidden(timeout=10000)
        expect(page.locator("#entry-form")).to_have_attribute("data-pending", "0", timeout=10000)
        expect(page.get_by_role("status")).to_have_text("Đã lưu mọi thay đổi.")
        if phone and i < total - 1:
            section.get_by_role("button", name="Phần sau →").click()
    expect(page.locator("[data-progress]")).to_have_text(f"{filled}/{filled} ô đã nhập")
    unit = OrgUnit.objects.get(code="05830")
    assert DataValue.objects.filter(unit=unit, period=period).count() == filled
    page.reload()  # what was saved is what comes back
    expect(page.locator("[data-progress]")).to_have_text(f"{filled}/{filled} ô đã nhập")

    page.get_by_role("button", name="Trình thủ trưởng phê duyệt").click()
    expect(page.get_by_text(f"{filled}/{filled}").first).to_be_visible()  # the summary, before confirming
    no_sideways_scroll(page)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã trình thủ trưởng đơn vị phê duyệt báo cáo.")).to_be_visible()
    no_sideways_scroll(page)

    # --- The head approves ----------------------------------------------------------------------
    login(page, base, "daitu.chutich")
    page.goto(entry)
    no_sideways_scroll(page)
    controls_tall_enough(page)
    page.get_by_role("button", name="Phê duyệt và gửi").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã phê duyệt và gửi báo cáo về Sở Nội vụ.")).to_be_visible()

    # --- The coordinator: filters, reminds three units, returns one report, accepts another ------
    login(page, base, "snv.dieuphoi")
    page.goto(f"{base}/reports/{period.pk}/progress/")
    no_sideways_scroll(page)
    page.get_by_label("Tình trạng").select_option(label="Chưa nộp")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("tr[data-unit]")
    expect(rows.first).to_be_visible()
    assert "state=" in page.url
    expect(page.locator("tr[data-unit='05830']")).to_have_count(0)  # sent: filtered out
    no_sideways_scroll(page)
    for box in page.locator("input[name=units]").all()[:3]:
        box.check()
    page.get_by_role("button", name="Đôn đốc các đơn vị đã chọn").click()
    expect(page.get_by_text("Đã đôn đốc 3 đơn vị.")).to_be_visible()
    assert ReminderLog.objects.filter(period=period).count() == 3
    assert len(mail.outbox) >= 1
    no_sideways_scroll(page)

    page.goto(entry)
    no_sideways_scroll(page)
    page.get_by_placeholder("Nội dung cần hoàn thiện").fill("Thiếu số cán bộ nữ")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Thiếu số cán bộ nữ")).to_be_visible()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị kèm lý do.")).to_be_visible()

    page.goto(f"{base}/reports/{period.pk}/{personas_code(period)}/")
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo.")).to_be_visible()
    no_sideways_scroll(page)
    states = dict(Submission.objects.values_list("unit__code", "status"))
    assert states == {"05830": "returned", personas_code(period): "accepted"}


def personas_code(period: ReportingPeriod) -> str:
    """Phú Lương's code: the other report, sent before the journey."""
    return Submission.objects.exclude(unit__code="05830").get(period=period).unit.code
