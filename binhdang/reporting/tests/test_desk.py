"""The coordinator's desk: the day's work, the filtered completeness page, bulk reminders, links."""

import datetime
import zoneinfo

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.core.models import Notification
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.completeness import LATE, NOT_SENT, RECEIVED, RowFilter, completeness
from binhdang.reporting.models import ReminderLog, Submission
from binhdang.reporting.reminders import send_reminder_now
from binhdang.reporting.tests.helpers import ReportTestCase

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=HCM)


class DeskTestCase(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Membership.objects.filter(role=Role.HEAD).delete()  # reports go straight to the province
        # b sent on time (waiting for review); a ward sent late; the rest have sent nothing.
        Submission.objects.create(
            period=cls.period, unit=cls.commune_b, status="submitted", delivered_at=at(2026, 12, 10)
        )
        cls.ward = OrgUnit.objects.within(cls.province).filter(kind="ward").order_by("code").first()
        Submission.objects.create(
            period=cls.period, unit=cls.ward, status="submitted", delivered_at=at(2026, 12, 17)
        )

    def progress(self, **params: str):  # noqa: ANN201
        return self.client.get(reverse("reporting:progress", args=[self.period.pk]), params)

    def shown(self, response) -> list[str]:  # noqa: ANN001
        return [row.unit.code for row in response.context["rows"]]


class DeskPageTests(DeskTestCase):
    def test_the_coordinators_home_leads_to_the_desk(self) -> None:
        self.login(self.coordinator)
        self.assertContains(self.client.get(reverse("accounts:home")), reverse("reporting:desk"))

    def test_the_desk_counts_the_days_left_in_hanoi_time(self) -> None:
        # 17:30 UTC on 4 December is already 00:30 on 5 December in Hà Nội: ten days to the 15th.
        with time_machine.travel(datetime.datetime(2026, 12, 4, 17, 30, tzinfo=datetime.UTC), tick=False):
            self.login(self.coordinator)
            response = self.client.get(reverse("reporting:desk"))
        self.assertContains(response, "Còn 10 ngày đến hạn nộp")
        self.assertContains(response, 'data-desk="to_review">2<')
        # The ward sent after the due date; the others are not late yet.
        self.assertContains(response, 'data-desk="late">1<')
        progress = reverse("reporting:progress", args=[self.period.pk])
        self.assertContains(response, f"{progress}?state={RECEIVED}")
        self.assertContains(response, reverse("analytics:dashboard", args=[self.period.pk]))

    def test_after_the_due_date_the_desk_names_the_late_units(self) -> None:
        with time_machine.travel(at(2026, 12, 18, 9, 0), tick=False):
            self.login(self.coordinator)
            response = self.client.get(reverse("reporting:desk"))
        self.assertContains(response, "Đã quá hạn nộp 3 ngày")
        result = completeness(self.period, self.province, now=at(2026, 12, 18, 9, 0))
        self.assertContains(response, f'data-desk="late">{result.total.late}<')
        self.assertEqual(len(response.context["late_shown"]), 8)
        self.assertContains(response, "Đơn vị chậm")

    def test_a_period_that_does_not_exist_answers_404(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("reporting:desk"), {"period": "999999"}).status_code, 404)

    def test_a_reporter_has_no_desk(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("reporting:desk")).status_code, 404)


class FilterTests(DeskTestCase):
    def test_filters_narrow_the_rows_and_stay_in_the_url(self) -> None:
        self.login(self.coordinator)
        everyone = self.shown(self.progress())
        self.assertEqual(len(everyone), 113)
        self.assertEqual(self.shown(self.progress(state=RECEIVED)), sorted(
            [self.commune_b.code, self.ward.code], key=everyone.index
        ))
        wards = self.shown(self.progress(kind="ward"))
        self.assertTrue(wards and len(wards) < len(everyone))
        self.assertTrue(all(OrgUnit.objects.get(code=c).kind == "ward" for c in wards))
        with time_machine.travel(at(2026, 12, 18, 9, 0), tick=False):
            self.login(self.coordinator)
            late = self.shown(self.progress(late=LATE))
            self.assertNotIn(self.commune_b.code, late)  # sent on time
            self.assertIn(self.ward.code, late)  # sent after the due date
            self.assertNotIn(self.ward.code, self.shown(self.progress(late=LATE, state=NOT_SENT)))
            response = self.progress(q="dai tu")  # no accents, lower case
            self.assertEqual(self.shown(response), [self.commune_a.code])
            self.assertContains(response, 'value="dai tu"')
            self.assertEqual(self.shown(self.progress(q="ĐẠI TỪ")), [self.commune_a.code])
            self.assertContains(self.progress(q="không có xã này"), "Không có đơn vị nào khớp với bộ lọc.")
        # Nothing to remind among reports that reached the province: no bulk button.
        self.assertNotContains(self.progress(state=RECEIVED), "Đôn đốc các đơn vị đã chọn")
        self.assertContains(self.progress(state=NOT_SENT), "Đôn đốc các đơn vị đã chọn")

    def test_unknown_filter_values_are_ignored(self) -> None:
        self.assertEqual(RowFilter.from_query({"state": "bogus", "late": "maybe"}), RowFilter())


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class BulkReminderTests(DeskTestCase):
    def remind(self, codes: list[str], **filters: str):  # noqa: ANN201
        url = reverse("reporting:remind_many", args=[self.period.pk])
        return self.client.post(url, {"units": codes, **filters})

    def test_each_selected_unit_is_reminded_once_and_the_page_says_how_many(self) -> None:
        with time_machine.travel(at(2026, 12, 12, 9, 0), tick=False):
            self.login(self.coordinator)
            other = self.shown(self.progress(state="missing"))[5]
            response = self.remind([self.commune_a.code, other], state=NOT_SENT, q="xa")
            self.assertEqual(
                response["Location"],
                reverse("reporting:progress", args=[self.period.pk]) + f"?state={NOT_SENT}&q=xa#units",
            )
            page = self.client.get(response["Location"])
            self.assertContains(page, "Đã đôn đốc 2 đơn vị. Đã được đôn đốc hôm nay: 0 đơn vị.")
            again = self.client.get(self.remind([self.commune_a.code], state=NOT_SENT)["Location"])
            self.assertContains(again, "1 đơn vị đã chọn đều đã được đôn đốc hôm nay")
        self.assertEqual(ReminderLog.objects.filter(unit=self.commune_a).count(), 1)
        self.assertEqual(ReminderLog.objects.filter(unit__code=other).count(), 1)
        self.assertEqual(Notification.objects.filter(user=self.reporter_a, kind="reminder").count(), 1)

    def test_a_unit_that_has_sent_is_not_reminded_and_nor_is_one_outside_the_scope(self) -> None:
        self.login(self.coordinator)
        outside = OrgUnit.objects.filter(path__startswith="VN/01/", kind="ward").first()
        page = self.client.get(self.remind([self.commune_b.code, outside.code, "no-such-unit"])["Location"])
        self.assertContains(page, "Không đơn vị nào được chọn có thể đôn đốc")
        self.assertFalse(ReminderLog.objects.exists())

    def test_a_reporter_cannot_remind(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(self.remind([self.commune_a.code]).status_code, 404)

    def test_each_row_shows_the_last_reminder(self) -> None:
        with time_machine.travel(at(2026, 12, 12, 9, 0), tick=False):
            send_reminder_now(self.period, self.commune_a, acting_user=self.coordinator)
        ReminderLog.objects.create(period=self.period, unit=self.commune_a, step="D-7")
        ReminderLog.objects.filter(step="D-7").update(sent_at=at(2026, 12, 8, 8, 0))
        self.login(self.coordinator)
        response = self.progress(q="dai tu")
        row = response.context["rows"][0]
        self.assertEqual(row.last_reminder_at.astimezone(HCM).date(), datetime.date(2026, 12, 12))
        self.assertContains(response, "12/12/2026 · đôn đốc trực tiếp")


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="https://binhdang.thainguyen.gov.vn/"
)
class SiteUrlTests(DeskTestCase):
    def test_the_reminder_email_links_to_the_configured_site_and_the_text_is_whole(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            send_reminder_now(self.period, self.commune_a, acting_user=self.coordinator)
        entry = reverse("reporting:entry", args=[self.period.pk, self.commune_a.code])
        bodies = [m.body for m in mail.outbox if self.reporter_a.email in m.to]
        self.assertEqual(len(bodies), 1)
        self.assertIn(f"Mở trên Bình Đẳng: https://binhdang.thainguyen.gov.vn{entry}", bodies[0])
        note = Notification.objects.get(user=self.reporter_a, kind="reminder")
        self.assertTrue(note.body.endswith("(hạn nộp ngày 15/12/2026)."), note.body)
        self.assertNotIn("Mở báo cáo tại:", note.body)
        self.assertEqual(note.url, entry)
