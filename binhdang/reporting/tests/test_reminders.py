"""Reminders: the steps, once per step however often the job runs, real e-mail, a real Celery worker."""

import datetime
import socket
import threading
import zoneinfo
from email import message_from_bytes
from email.header import decode_header, make_header
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from binhdang.config.celery import app
from binhdang.core.models import Notification
from binhdang.core.tests.helpers import PASSWORD
from binhdang.demo.personas import create_personas
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.completeness import expected_units
from binhdang.reporting.models import ReminderLog, Submission
from binhdang.reporting.reminders import send_reminder_now, send_reminders, step_for
from binhdang.reporting.tasks import send_reminders_task
from binhdang.reporting.tests.helpers import ReportTestCase, make_form

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=HCM)


class StepTests(ReportTestCase):
    def test_the_steps_around_the_due_date(self) -> None:
        due = self.period.due_date  # 15/12/2026
        expected = {
            -8: None,
            -7: "D-7",
            -3: "D-7",
            -2: "D-2",
            -1: "D-2",
            0: "D0",
            1: "D0",
            2: "D+2",
            3: "D+2",
            4: "D+4",
            30: "D+30",
            31: None,
        }
        got = {offset: step_for(self.period, due + datetime.timedelta(days=offset)) for offset in expected}
        self.assertEqual(got, expected)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class SendRemindersTests(ReportTestCase):
    def test_each_step_is_sent_once_however_often_the_job_runs(self) -> None:
        first = send_reminders(now=at(2026, 12, 8, 8, 0))
        again = send_reminders(now=at(2026, 12, 8, 20, 0))
        in_thai_nguyen = [item for item in first if item.unit.path.startswith("VN/19/")]
        self.assertEqual(len(in_thai_nguyen), 113)  # every expected unit of Thái Nguyên (Hà Nội's too)
        self.assertEqual(len(first), len(expected_units(self.period, self.province.parent)))
        self.assertEqual(again, [])
        self.assertEqual(ReminderLog.objects.filter(step="D-7", unit=self.commune_a).count(), 1)
        note = Notification.objects.get(user=self.reporter_a, kind="reminder")
        self.assertIn("hạn nộp ngày 15/12/2026", note.title)
        self.assertEqual(len(send_reminders(now=at(2026, 12, 13, 8, 0))), len(first))  # the next step, D-2

    def test_units_that_sent_are_not_reminded_and_heads_hear_after_the_deadline(self) -> None:
        Submission.objects.create(
            period=self.period, unit=self.commune_b, status="submitted", delivered_at=at(2026, 12, 1)
        )
        sent = send_reminders(now=at(2026, 12, 17, 8, 0))
        units = {item.unit for item in sent}
        self.assertNotIn(self.commune_b, units)
        self.assertIn(self.commune_a, units)
        self.assertTrue(
            Notification.objects.filter(user=self.head_a, kind="reminder", title__startswith="Quá hạn")
        )

    def test_the_command_prints_what_it_sent_and_replays_a_moment(self) -> None:
        out = StringIO()
        call_command("send_reminders", "--now", "2026-12-16T08:00", stdout=out)
        self.assertIn("D0\t" + self.commune_a.code, out.getvalue())
        total = len(expected_units(self.period, self.province.parent))
        self.assertIn(f"Đã gửi {total} lượt đôn đốc.", out.getvalue())
        out = StringIO()
        call_command("send_reminders", "--now", "2026-12-16T09:00", stdout=out)
        self.assertIn("Đã gửi 0 lượt đôn đốc.", out.getvalue())

    def test_a_one_click_reminder_is_sent_once_a_day(self) -> None:
        self.assertIsNotNone(send_reminder_now(self.period, self.commune_a, acting_user=self.coordinator))
        self.assertIsNone(send_reminder_now(self.period, self.commune_a, acting_user=self.coordinator))


class ConcurrentRunsTests(TransactionTestCase):
    """Two runs at the same moment: the unique step row decides; nobody hears twice."""

    def test_two_overlapping_runs_send_each_step_once(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("SQLite's in-memory test database serialises writers; the race needs PostgreSQL.")
        load_register(province_codes={"19", "01"})
        create_personas(password=PASSWORD)
        period = make_form()
        expected = len(expected_units(period, OrgUnit.objects.get(code="VN")))
        results: list[int] = []
        barrier = threading.Barrier(2)

        def run() -> None:
            barrier.wait()
            try:
                results.append(len(send_reminders(now=at(2026, 12, 8, 8, 0))))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(len(results), 2)
        self.assertEqual(sum(results), expected)  # between them, each unit once
        self.assertEqual(ReminderLog.objects.count(), expected)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpTests(ReportTestCase):
    """A reminder e-mail through a real SMTP server started by the test."""

    def test_the_reminder_reaches_an_smtp_server_with_its_vietnamese_subject(self) -> None:
        received = []

        class Keep(Sink):
            async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
                received.append(envelope)
                return "250 OK"

        port = free_port()
        controller = Controller(Keep(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_USE_TLS=False,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
            ):
                with self.captureOnCommitCallbacks(execute=True):
                    send_reminder_now(self.period, self.commune_a, acting_user=self.coordinator)
        finally:
            controller.stop()
        self.assertEqual(len(received), 1)
        message = message_from_bytes(received[0].content)
        subject = str(make_header(decode_header(message["Subject"])))
        self.assertEqual(subject, "Đôn đốc: báo cáo “Báo cáo năm 2026” của Xã Đại Từ hạn nộp ngày 15/12/2026")
        self.assertEqual(received[0].rcpt_tos, [self.reporter_a.email])
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        self.assertIn("Sở Nội vụ đề nghị Xã Đại Từ gửi báo cáo", body)


def reset_connections(app) -> None:  # noqa: ANN001
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


class CeleryWorkerTests(TransactionTestCase):
    """The reminder task through a real Celery worker on Redis."""

    def test_the_task_runs_on_a_worker(self) -> None:
        if not redis_answers():
            pytest.skip("Redis does not answer on 127.0.0.1:6379: start it to run the Celery worker test.")


        load_register(province_codes={"19"})
        period = make_form()
        period.due_date = datetime.datetime.now(HCM).date()
        period.save()
        saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
        app.conf.update(
            broker_url="redis://127.0.0.1:6379/14",
            result_backend="redis://127.0.0.1:6379/14",
            task_always_eager=False,
        )
        reset_connections(app)  # Celery caches the backend and the broker pool it first used
        try:
            with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
                count = send_reminders_task.delay().get(timeout=60)
        finally:
            app.conf.update(saved)
            reset_connections(app)
        self.assertEqual(count, 92 + 21)
        self.assertEqual(ReminderLog.objects.filter(step="D0").count(), 113)
