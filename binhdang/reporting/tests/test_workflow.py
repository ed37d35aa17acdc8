"""The review workflow: every legal step, illegal steps refused, deadlines to the second, locks."""

import datetime
import zoneinfo

import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.core.models import AuditEvent, Notification
from binhdang.reporting.completeness import completeness
from binhdang.reporting.models import Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import ReportTestCase
from binhdang.reporting.workflow import (
    do_accept,
    do_approve,
    do_grant_extension,
    do_return,
    do_submit,
    entry_open,
    is_on_time,
)

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=HCM)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class WorkflowTests(ReportTestCase):
    def report(self, unit=None):  # noqa: ANN001, ANN201
        unit = unit or self.commune_b  # commune B has no head: its reports go straight to the coordinator
        do_save_cells(
            self.period,
            unit,
            [CellChange("OFFICIALS", make_key(sex="F"), "2", None, 0)],
            acting_user=self.reporter_b,
        )
        return Submission.objects.get(period=self.period, unit=unit)

    def test_submit_accept_without_a_head(self) -> None:
        submission = do_submit(self.report(), acting_user=self.reporter_b)
        self.assertEqual(submission.status, "submitted")
        self.assertIsNotNone(submission.delivered_at)
        self.assertTrue(Notification.objects.filter(user=self.coordinator, kind="report_received").exists())
        submission = do_accept(submission, acting_user=self.coordinator)
        self.assertEqual(submission.status, "accepted")
        self.assertTrue(Notification.objects.filter(user=self.reporter_b, kind="report_accepted").exists())
        events = list(
            AuditEvent.objects.filter(object_type="reporting.submission").values_list("event_type", flat=True)
        )
        self.assertIn("reporting.submitted", events)
        self.assertIn("reporting.accepted", events)

    def test_with_a_head_the_report_waits_for_approval(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", make_key(sex="F"), "2", None, 0)],
            acting_user=self.reporter_a,
        )
        submission = do_submit(Submission.objects.get(unit=self.commune_a), acting_user=self.reporter_a)
        self.assertIsNone(submission.delivered_at)
        self.assertTrue(Notification.objects.filter(user=self.head_a, kind="report_to_approve").exists())
        with self.assertRaisesMessage(ValidationError, "Không thể"):
            do_accept(submission, acting_user=self.coordinator)
        submission = do_approve(submission, acting_user=self.head_a)
        self.assertEqual(submission.status, "approved")
        self.assertIsNotNone(submission.delivered_at)
        self.assertEqual(do_accept(submission, acting_user=self.coordinator).status, "accepted")

    def test_return_with_a_reason_then_resubmit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submission = do_submit(self.report(), acting_user=self.reporter_b)
        with self.assertRaisesMessage(ValidationError, "lý do"):
            do_return(submission, "  ", acting_user=self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            submission = do_return(submission, "Thiếu số liệu tập huấn", acting_user=self.coordinator)
        self.assertEqual(
            (submission.status, submission.return_reason), ("returned", "Thiếu số liệu tập huấn")
        )
        note = Notification.objects.get(user=self.reporter_b, kind="report_returned")
        self.assertIn("Thiếu số liệu tập huấn", note.body)
        self.assertEqual([m.to for m in mail.outbox], [[self.coordinator.email], [self.reporter_b.email]])
        self.assertEqual(mail.outbox[1].subject, "Báo cáo “Báo cáo năm 2026” của đơn vị bị trả lại")
        self.assertEqual(do_submit(submission, acting_user=self.reporter_b).status, "submitted")

    def test_accepted_data_is_locked_until_the_coordinator_reopens_it(self) -> None:
        submission = do_accept(
            do_submit(self.report(), acting_user=self.reporter_b), acting_user=self.coordinator
        )
        result = self.client
        self.login(self.reporter_b)
        url = reverse("reporting:save_cells", args=[self.period.pk, self.commune_b.code])
        response = result.post(
            url,
            '{"cells": [{"name": "v:OFFICIALS:F::::", "value": "9", "version": 0}]}',
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 409)
        reopened = do_return(submission, "Cần sửa số liệu cán bộ", acting_user=self.coordinator)
        self.assertEqual(reopened.status, "returned")
        self.assertTrue(AuditEvent.objects.filter(event_type="reporting.reopened").exists())
        self.assertEqual(
            result.post(
                url,
                '{"cells": [{"name": "v:OFFICIALS:F::::", "value": "9", "version": 1}]}',
                content_type="application/json",
            ).json()["cells"][0]["status"],
            "saved",
        )

    def test_illegal_steps_are_refused_with_a_message(self) -> None:
        submission = self.report()
        for step in (do_accept, do_approve):
            with self.assertRaises(ValidationError):
                step(submission, acting_user=self.coordinator)
        do_submit(submission, acting_user=self.reporter_b)
        with self.assertRaisesMessage(ValidationError, "Không thể"):
            do_submit(submission, acting_user=self.reporter_b)

    def test_errors_block_sending(self) -> None:
        do_save_cells(
            self.period,
            self.commune_b,
            [
                CellChange("OFFICIALS", make_key(sex="F"), "1", None, 0),
                CellChange("FULL_TIME", make_key(sex="F"), "4", None, 0),
            ],
            acting_user=self.reporter_b,
        )
        with self.assertRaisesMessage(ValidationError, "chưa gửi được"):
            do_submit(Submission.objects.get(unit=self.commune_b), acting_user=self.reporter_b)

    def test_the_pages_refuse_steps_outside_the_users_role(self) -> None:
        self.report()
        self.login(self.reporter_b)
        response = self.client.post(
            reverse("reporting:transition", args=[self.period.pk, self.commune_b.code, "accept"])
        )
        self.assertEqual(response.status_code, 404)
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("reporting:transition", args=[self.period.pk, self.commune_b.code, "submit"])
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "draft")


class DeadlineTests(ReportTestCase):
    def test_the_due_day_ends_at_midnight_in_hanoi(self) -> None:
        due = datetime.date(2026, 12, 15)
        self.assertTrue(is_on_time(at(2026, 12, 15, 23, 59, 59), due))
        self.assertFalse(is_on_time(at(2026, 12, 16, 0, 0, 0), due))
        self.assertTrue(is_on_time(datetime.datetime(2026, 12, 15, 16, 59, 59, tzinfo=datetime.UTC), due))

    def test_completeness_counts_a_last_second_report_on_time_and_the_next_second_late(self) -> None:
        # Commune A has a head, so its report reaches the province when approved; commune B's on submission.
        for unit, status, moment in (
            (self.commune_b, "submitted", at(2026, 12, 15, 23, 59, 59)),
            (self.commune_a, "approved", at(2026, 12, 16)),
        ):
            Submission.objects.create(
                period=self.period, unit=unit, status=status, submitted_at=moment, delivered_at=moment
            )
        result = completeness(self.period, self.province, now=at(2026, 12, 17))
        rows = {row.unit: row for row in result.rows}
        self.assertEqual((rows[self.commune_b].on_time, rows[self.commune_b].late), (True, False))
        self.assertEqual((rows[self.commune_a].on_time, rows[self.commune_a].late), (False, True))
        self.assertEqual(result.total.sent, 2)
        self.assertEqual(result.total.expected, 92 + 21)
        self.assertEqual(result.total.missing, 92 + 21 - 2)

    def test_entry_locks_after_the_lock_date_except_with_an_extension(self) -> None:
        self.period.lock_date = datetime.date(2026, 12, 20)
        self.period.save()
        self.assertTrue(entry_open(self.period, self.commune_a, at(2026, 12, 20, 23, 59)))
        self.assertFalse(entry_open(self.period, self.commune_a, at(2026, 12, 21, 0, 0)))
        do_grant_extension(
            self.period,
            self.commune_a,
            datetime.date(2026, 12, 24),
            "Mất điện kéo dài",
            acting_user=self.coordinator,
        )
        self.assertTrue(entry_open(self.period, self.commune_a, at(2026, 12, 24, 12, 0)))
        self.assertFalse(entry_open(self.period, self.commune_b, at(2026, 12, 24, 12, 0)))


class ExtensionPageTests(ReportTestCase):
    def test_the_coordinator_extends_one_unit_after_the_lock(self) -> None:
        self.period.lock_date = datetime.date(2026, 12, 20)
        self.period.save()
        url = reverse("reporting:save_cells", args=[self.period.pk, self.commune_b.code])
        body = '{"cells": [{"name": "v:OFFICIALS:F::::", "value": "3", "version": 0}]}'
        with time_machine.travel(at(2026, 12, 22, 9, 0), tick=False):
            self.login(self.reporter_b)
            self.assertEqual(self.client.post(url, body, content_type="application/json").status_code, 409)
            self.login(self.coordinator)
            page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_b.code]))
            self.assertContains(page, "Kỳ báo cáo đã khóa nhập liệu.")
            self.client.post(
                reverse("reporting:extend", args=[self.period.pk, self.commune_b.code]),
                {"until": "2026-12-24", "reason": "Mất điện kéo dài"},
            )
            self.login(self.reporter_b)
            response = self.client.post(url, body, content_type="application/json")
            self.assertEqual(response.json()["cells"][0]["status"], "saved")
            self.login(self.reporter_a)
            other = reverse("reporting:save_cells", args=[self.period.pk, self.commune_a.code])
            self.assertEqual(self.client.post(other, body, content_type="application/json").status_code, 409)


class CoordinatorPageTests(ReportTestCase):
    def test_the_coordinator_sees_expected_submitted_and_late(self) -> None:
        Membership.objects.filter(role=Role.HEAD).delete()
        Submission.objects.create(
            period=self.period, unit=self.commune_b, status="submitted", delivered_at=at(2026, 12, 10)
        )
        self.login(self.coordinator)
        response = self.client.get(reverse("reporting:progress", args=[self.period.pk]))
        self.assertEqual(response.context["result"].total.expected, 113)
        self.assertContains(response, 'data-stat="sent">1<')
        self.assertContains(response, "Xã Phú Lương")

    def test_a_commune_reporter_sees_only_its_own_unit(self) -> None:
        self.login(self.reporter_a)
        response = self.client.get(reverse("reporting:progress", args=[self.period.pk]))
        self.assertEqual(response.context["result"].total.expected, 1)
        response = self.client.get(reverse("reporting:progress", args=[self.period.pk]), {"unit": "19"})
        self.assertEqual(response.status_code, 404)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ConfirmationTests(ReportTestCase):
    def setUp(self) -> None:
        do_save_cells(
            self.period,
            self.commune_b,
            [CellChange("OFFICIALS", make_key(sex="F"), "2", None, 0)],
            acting_user=self.reporter_b,
        )
        self.url = reverse("reporting:transition", args=[self.period.pk, self.commune_b.code, "submit"])

    def test_a_step_first_shows_what_it_will_send_and_changes_nothing(self) -> None:
        self.login(self.reporter_b)
        page = self.client.post(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Gửi báo cáo?")
        self.assertContains(page, "Đã nhập 1/")
        self.assertContains(page, 'name="confirmed" value="1"')
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "draft")
        done = self.client.post(self.url, {"confirmed": "1"}, follow=True)
        self.assertContains(done, "Đã gửi báo cáo.")
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "submitted")

    def test_a_return_without_a_reason_goes_back_to_the_report_with_the_message(self) -> None:
        do_submit(Submission.objects.get(unit=self.commune_b), acting_user=self.reporter_b)
        self.login(self.coordinator)
        url = reverse("reporting:transition", args=[self.period.pk, self.commune_b.code, "return"])
        response = self.client.post(url, {"reason": "  ", "confirmed": "1"}, follow=True)
        self.assertContains(response, "Hãy ghi lý do trả lại")
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "submitted")

    def test_a_step_not_offered_is_refused_when_posted_directly(self) -> None:
        self.login(self.coordinator)  # may edit the unit, but reviews it: never sends for it
        response = self.client.post(self.url, {"confirmed": "1"}, follow=True)
        self.assertContains(response, "Bạn không thể thực hiện bước này")
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "draft")

    def test_showing_a_step_writes_nothing(self) -> None:
        Submission.objects.all().delete()
        self.login(self.reporter_b)
        self.assertContains(self.client.post(self.url), "Gửi báo cáo?")
        self.assertFalse(Submission.objects.exists())

    def test_the_coordinator_is_not_offered_the_units_own_send_button(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_b.code]))
        self.assertNotContains(page, "/step/submit/")
        self.login(self.reporter_b)
        page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_b.code]))
        self.assertContains(page, self.url)


class StateNameTests(ReportTestCase):
    def test_every_page_names_the_state_the_same_way(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", make_key(sex="F"), "2", None, 0)],
            acting_user=self.reporter_a,
        )
        entry = reverse("reporting:entry", args=[self.period.pk, self.commune_a.code])
        self.login(self.reporter_a)
        self.assertContains(self.client.get(entry), "Đang nhập")
        submission = do_submit(Submission.objects.get(unit=self.commune_a), acting_user=self.reporter_a)
        for page in (entry, reverse("reporting:my_reports")):
            self.assertContains(self.client.get(page), "Chờ thủ trưởng phê duyệt")
        do_approve(submission, acting_user=self.head_a)
        for page in (entry, reverse("reporting:my_reports")):
            response = self.client.get(page)
            self.assertContains(response, "Đã gửi, chờ xem xét")
            self.assertNotContains(response, "Thủ trưởng đã phê duyệt")
