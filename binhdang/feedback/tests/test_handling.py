"""Handling: routing as data, the states and their audit rows, transfer and extension, the answer
by e-mail through a real SMTP server, the counts in the unit's report, escalation once per step."""

from __future__ import annotations

import datetime
import io
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import docx
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.analytics.engine import consolidate
from binhdang.core.models import AuditEvent, Notification
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.feedback import services
from binhdang.feedback.escalation import run_escalations, send_digests, step_for
from binhdang.feedback.models import EscalationLog, Feedback, RoutingRule
from binhdang.feedback.tests.helpers import at, file_item
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import DataValue
from binhdang.reporting.services import open_submission
from binhdang.reporting.tests.helpers import make_period_2026
from binhdang.reporting.workflow import do_submit

IDENTITY = {"name": "Nguyễn Thị Hoa", "address": "Xóm Đồng, Đại Từ", "phone": "0912000111"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HandlingTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.handler = cls.users["feedback_handler"]
        cls.snv = OrgUnit.objects.get(code="19-SNV")

    def test_routing_rules_are_data_and_the_most_specific_wins(self) -> None:
        self.assertEqual(services.route(self.province, self.commune_a, "family"), self.commune_a)
        self.assertEqual(services.route(self.province, None, "family"), self.snv)
        services.do_load_routing(self.province)
        health = OrgUnit.objects.get(code="19-SYT")
        self.assertEqual(services.route(self.province, self.commune_a, "health"), health)
        RoutingRule.objects.create(
            province=self.province, place=self.commune_a, subject="health", unit=self.commune_a
        )
        self.assertEqual(services.route(self.province, self.commune_a, "health"), self.commune_a)
        self.assertEqual(services.route(self.province, self.commune_b, "health"), health)

    def test_the_states_from_received_to_closed_each_with_an_audit_row(self) -> None:
        item = file_item(self.province, place=self.commune_a)
        self.assertEqual(services.available_steps(item), ["accept", "refuse", "transfer"])
        with self.assertRaises(ValidationError):
            services.do_answer(item, answer="Sớm quá", acting_user=self.handler)
        item = services.do_accept(item, acting_user=self.handler)
        item = services.do_start(item, acting_user=self.handler)
        item = services.do_answer(item, answer="Đã kiểm tra và xử lý.", acting_user=self.handler)
        item = services.do_close(item, acting_user=self.handler)
        events = list(
            AuditEvent.objects.filter(object_id=str(item.pk), object_type="feedback.feedback")
            .order_by("pk")
            .values_list("event_type", "extra_data__new_state")
        )
        self.assertEqual(
            events,
            [
                ("feedback.filed", None),
                ("feedback.accept", "accepted"),
                ("feedback.start", "in_progress"),
                ("feedback.answer", "answered"),
                ("feedback.close", "closed"),
            ],
        )

    def test_refusal_needs_a_reason_the_person_reads(self) -> None:
        item = file_item(self.province)
        with self.assertRaises(ValidationError):
            services.do_refuse(item, reason=" ", acting_user=self.handler)
        services.do_refuse(
            item, reason="Không thuộc thẩm quyền; đề nghị gửi Tòa án.", acting_user=self.handler
        )
        html = self.client.post(reverse("feedback:track"), {"code": item.code}).content.decode()
        self.assertIn("Không thụ lý", html)
        self.assertIn("Không thuộc thẩm quyền; đề nghị gửi Tòa án.", html)

    def test_transfer_with_a_reason_moves_the_item_out_of_the_old_units_hands(self) -> None:
        item = file_item(self.province, place=self.commune_a)
        Membership.objects.create(user=self.reporter_a, unit=self.commune_a, role=Role.FEEDBACK_HANDLER)
        self.client.force_login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("feedback:item", args=[item.pk])).status_code, 200)
        services.do_transfer(item, unit=self.snv, reason="Thuộc lĩnh vực lao động", acting_user=self.handler)
        self.assertEqual(self.client.get(reverse("feedback:item", args=[item.pk])).status_code, 404)
        event = AuditEvent.objects.get(event_type="feedback.transfer")
        self.assertEqual(
            (event.extra_data["old_unit"], event.extra_data["new_unit"]), (self.commune_a.code, "19-SNV")
        )
        other = OrgUnit.objects.get(code="01")
        with self.assertRaises(ValidationError):
            services.do_transfer(item, unit=other, reason="Sai tỉnh", acting_user=self.handler)

    @time_machine.travel(at(2026, 3, 2, 9), tick=False)
    def test_extensions_only_as_often_as_the_law_allows(self) -> None:
        item = file_item(self.province, kind="complaint", **IDENTITY)
        item = services.do_accept(item, acting_user=self.handler)
        self.assertEqual(item.resolve_due, datetime.date(2026, 4, 1))
        item = services.do_extend(item, reason="Vụ việc phức tạp", acting_user=self.handler)
        self.assertEqual(item.resolve_due, datetime.date(2026, 4, 16))  # 45 days
        self.assertNotIn("extend", services.available_steps(item))
        with self.assertRaises(ValidationError):
            services.do_extend(item, reason="Lần nữa", acting_user=self.handler)

    def test_only_handlers_and_the_coordinator_see_the_items(self) -> None:
        item = file_item(self.province, place=self.commune_a)
        url = reverse("feedback:item", args=[item.pk])
        for user, status in (
            (self.reporter_a, 404),
            (self.outsider, 404),
            (self.handler, 200),
            (self.coordinator, 200),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user.username)
        self.client.force_login(self.handler)
        html = self.client.get(reverse("feedback:list")).content.decode()
        self.assertIn(item.code[:5], html)

    def test_the_handler_page_shows_the_due_dates_and_what_the_law_says(self) -> None:
        item = file_item(self.province, kind="denunciation", **IDENTITY)
        self.client.force_login(self.handler)
        html = self.client.get(reverse("feedback:item", args=[item.pk])).content.decode()
        self.assertIn("Luật Tố cáo 2018, Điều 24", html)
        self.assertIn("07 ngày làm việc", html)
        self.assertIn(item.accept_due.strftime("%d/%m/%Y"), html)

    def test_steps_through_the_pages(self) -> None:
        item = file_item(self.province, place=self.commune_a)
        self.client.force_login(self.handler)
        self.client.post(reverse("feedback:step", args=[item.pk, "accept"]))
        response = self.client.post(reverse("feedback:step", args=[item.pk, "answer"]), {"answer": ""})
        self.assertEqual(response.status_code, 400)
        self.client.post(
            reverse("feedback:step", args=[item.pk, "answer"]), {"answer": "Trả lời chính thức."}
        )
        item.refresh_from_db()
        self.assertEqual((item.state, item.answer), ("answered", "Trả lời chính thức."))
        letter = self.client.get(reverse("documents:answer_letter", args=[item.pk]))
        document = docx.Document(io.BytesIO(letter.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
        self.assertIn("V/v trả lời phản ánh về bình đẳng giới", text)
        self.assertIn("Trả lời chính thức.", text)
        self.assertIn("ỦY BAN NHÂN DÂN XÃ ĐẠI TỪ", text.upper())
        self.assertIn("Đại Từ, ngày", text)  # a commune dates its letters at the commune


class AnswerMailTests(PersonaTestCase):
    def test_the_answer_reaches_the_person_through_smtp(self) -> None:
        received = []

        class Keep(Sink):
            async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
                received.append(envelope)
                return "250 OK"

        item = file_item(self.province, email="nguoidan@example.vn")
        handler = self.users["feedback_handler"]
        services.do_accept(item, acting_user=handler)
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
                    services.do_answer(item, answer="Cơ quan đã xử lý vi phạm.", acting_user=handler)
        finally:
            controller.stop()
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0].rcpt_tos, ["nguoidan@example.vn"])
        message = message_from_bytes(received[0].content)
        subject = str(make_header(decode_header(message["Subject"])))
        self.assertEqual(subject, f"Trả lời Phản ánh của ông/bà, mã {services.format_code(item.code)}")
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        self.assertIn("Cơ quan đã xử lý vi phạm.", body)


class ReportCountTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period_2026(cls.coordinator)

    def values(self, unit: OrgUnit) -> dict[str, tuple[int, str]]:
        return {
            v.element.code: (int(v.value), v.source)
            for v in DataValue.objects.filter(unit=unit, period=self.period, element__code__startswith="FB_")
        }

    @time_machine.travel(at(2026, 6, 1, 9), tick=False)
    def test_counts_fill_the_units_report_marked_as_from_the_intake(self) -> None:
        handler = self.users["feedback_handler"]
        file_item(self.province, place=self.commune_a, subject="workplace")
        complaint = file_item(self.province, place=self.commune_a, kind="complaint", **IDENTITY)
        refused = file_item(self.province, place=self.commune_a)
        services.do_refuse(refused, reason="Trùng lặp", acting_user=handler)
        services.do_accept(complaint, acting_user=handler)
        services.do_answer(complaint, answer="Đã giải quyết.", acting_user=handler)
        source = ValueSource.FEEDBACK_INTAKE
        self.assertEqual(
            self.values(self.commune_a),
            {
                "FB_RECEIVED": (2, source),
                "FB_RESOLVED": (1, source),
                "FB_RESOLVED_ON_TIME": (1, source),
                "FB_COMPLAINTS": (1, source),
                "FB_DENUNCIATIONS": (0, source),
                "FB_WORKPLACE": (1, source),
            },
        )
        # A report already sent is not changed behind the unit's back.
        do_submit(open_submission(self.period, self.commune_a), acting_user=self.reporter_a)
        file_item(self.province, place=self.commune_a)
        self.assertEqual(self.values(self.commune_a)["FB_RECEIVED"], (2, source))
        # The province's consolidated report carries them in its feedback section.
        report = consolidate(self.period, self.province, provisional=True)
        section = next(s for s in report.sections if s.title.startswith("Tiếp nhận, giải quyết phản ánh"))
        totals = {e.code: e.total for e in section.elements}
        self.assertEqual((totals["FB_RECEIVED"], totals["FB_COMPLAINTS"]), (2, 1))


class EscalationTests(PersonaTestCase):
    def test_before_and_overdue_each_sent_once_to_the_head(self) -> None:
        with time_machine.travel(at(2026, 2, 13, 9), tick=False):
            item = file_item(self.province, place=self.commune_a, kind="denunciation", **IDENTITY)
        self.assertEqual(item.accept_due, datetime.date(2026, 3, 3))
        self.assertIsNone(step_for(item, datetime.date(2026, 2, 24)))
        for day in (datetime.date(2026, 2, 27), datetime.date(2026, 3, 2)):  # two working days left, then one
            with time_machine.travel(at(day.year, day.month, day.day, 7), tick=False):
                run_escalations()
                run_escalations()
        self.assertEqual(list(EscalationLog.objects.values_list("step", flat=True)), ["accept:before"])
        with time_machine.travel(at(2026, 3, 4, 7), tick=False):
            self.assertEqual(len(run_escalations()), 1)
            self.assertEqual(run_escalations(), [])
        self.assertEqual(
            sorted(EscalationLog.objects.values_list("step", flat=True)), ["accept:before", "accept:overdue"]
        )
        head = self.users["head_a"]
        self.assertEqual(Notification.objects.filter(user=head, kind="feedback").count(), 2)
        self.assertTrue(Notification.objects.filter(user=head, title__startswith="Quá hạn").exists())

    def test_the_daily_digest_once_a_day(self) -> None:
        file_item(self.province, place=self.commune_a)
        handler = self.users["feedback_handler"]
        with time_machine.travel(at(2026, 5, 4, 7), tick=False):
            self.assertEqual(len(send_digests()), 1)
            self.assertEqual(send_digests(), [])
        with time_machine.travel(at(2026, 5, 5, 7), tick=False):
            self.assertEqual(len(send_digests()), 1)
        self.assertEqual(
            Notification.objects.filter(user=handler, title__contains="1 đang giải quyết").count(), 2
        )
        self.assertEqual(Feedback.objects.count(), 1)
