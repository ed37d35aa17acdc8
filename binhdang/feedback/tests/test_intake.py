"""The public intake: no login, identity rules by kind, the tracking code and a status page that
shows nothing personal, attachments checked like evidence, rate limits, honeypot, time to fill."""

from __future__ import annotations

import time
from pathlib import Path

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.feedback import throttle
from binhdang.feedback.models import Attachment, Feedback

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MEDIA = "/tmp/binhdang-test-media-feedback"


def stamp_ago(seconds: float) -> str:
    with time_machine.travel(time.time() - seconds):
        return throttle.stamp()


@override_settings(MEDIA_ROOT=MEDIA)
class IntakeTests(PersonaTestCase):
    def setUp(self) -> None:
        self.client = Client(REMOTE_ADDR="127.0.0.9")
        self.url = reverse("feedback:file", args=["19"])

    def post(self, **fields: object) -> object:
        data = {
            "kind": "feedback",
            "subject": "workplace",
            "content": "Công ty trả lương nữ thấp hơn nam.",
            "started": stamp_ago(30),
        }
        data |= fields
        return self.client.post(self.url, data)

    def test_the_form_opens_without_login_and_explains_the_kinds(self) -> None:
        response = self.client.get(self.url + "?subject=workplace")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Khiếu nại", html)
        self.assertIn("Luật Tố cáo 2018", html)  # what a denunciation requires, and why

    def test_anonymous_feedback_is_accepted_with_a_code(self) -> None:
        response = self.post()
        self.assertRedirects(response, reverse("feedback:filed"))
        item = Feedback.objects.get()
        self.assertEqual((item.kind, item.state, item.name), ("feedback", "received", ""))
        self.assertEqual(len(item.code), 10)
        page = self.client.get(reverse("feedback:filed")).content.decode()
        self.assertIn(f"{item.code[:5]}-{item.code[5:]}", page)
        self.assertEqual(item.unit.code, "19-SNV")  # workplace → Sở Nội vụ (the default without rules)
        self.assertTrue(
            AuditEvent.objects.filter(event_type="feedback.filed", object_id=str(item.pk)).exists()
        )

    def test_codes_are_unguessable_and_distinct(self) -> None:
        for _n in range(5):
            self.post()
        codes = set(Feedback.objects.values_list("code", flat=True))
        self.assertEqual(len(codes), 5)
        for code in codes:
            self.assertFalse(set(code) & set("0O1IL"))

    def test_a_complaint_without_identity_is_refused_with_the_reason(self) -> None:
        response = self.post(kind="complaint")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Luật Khiếu nại 2011, Điều 8", html)
        self.assertIn("Hãy ghi họ và tên", html)
        self.assertFalse(Feedback.objects.exists())

    def test_a_denunciation_without_identity_is_refused_unless_sent_as_information(self) -> None:
        response = self.post(kind="denunciation")
        self.assertIn("Luật Tố cáo 2018, Điều 23", response.content.decode())
        self.assertFalse(Feedback.objects.exists())
        self.post(kind="denunciation", as_information="on")
        item = Feedback.objects.get()
        self.assertEqual((item.filed_kind, item.kind), ("denunciation", "information"))

    def test_an_identified_denunciation_is_a_denunciation(self) -> None:
        self.post(kind="denunciation", name="Lê Văn C", address="Xóm 3, Đại Từ", phone="0911222333")
        self.assertEqual(Feedback.objects.get().kind, "denunciation")

    def test_the_status_page_shows_the_state_and_answer_but_nothing_personal(self) -> None:
        self.post(
            kind="complaint",
            name="Phạm Thị Riêng Tư",
            address="Số 7 ngõ Bí Mật",
            phone="0909876543",
            email="rieng.tu@example.vn",
            content="Nội dung rất riêng tư về cơ quan X",
            place=str(self.commune_a.pk),
        )
        item = Feedback.objects.get()
        item.state, item.answer = "answered", "Cơ quan đã xem xét và trả lời như sau."
        item.save()
        response = self.client.post(
            reverse("feedback:track"), {"code": f" {item.code[:5].lower()} {item.code[5:]} "}
        )
        html = response.content.decode()
        self.assertIn("Đã trả lời", html)
        self.assertIn("Cơ quan đã xem xét và trả lời như sau.", html)
        for private in (
            "Phạm Thị",
            "Riêng Tư",
            "Bí Mật",
            "0909876543",
            "rieng.tu",
            "riêng tư về cơ quan X",
            self.commune_a.name,
        ):
            self.assertNotIn(private, html)

    def test_an_unknown_code_says_so(self) -> None:
        response = self.client.post(reverse("feedback:track"), {"code": "AAAAA-BBBBB"})
        self.assertIn("Không có", response.content.decode())

    def test_attachments_are_checked_and_stored_outside_the_web_root(self) -> None:
        self.post(files=[SimpleUploadedFile("bien-ban.pdf", PDF)])
        attachment = Attachment.objects.get()
        self.assertTrue(Path(attachment.file.path).is_relative_to(MEDIA))
        self.assertEqual(attachment.content_type, "application/pdf")
        response = self.post(files=[SimpleUploadedFile("anh.png", b"MZ\x90\x00not a png")])
        self.assertIn("anh.png", response.content.decode())
        self.assertEqual(Feedback.objects.count(), 1)
        response = self.post(files=[SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(4)])
        self.assertIn("tối đa 3", response.content.decode())
        self.assertEqual(Feedback.objects.count(), 1)

    def test_a_request_larger_than_the_files_allowed_is_refused_unread(self) -> None:
        big = SimpleUploadedFile("to.pdf", PDF + b"0" * (16 * 1024 * 1024))
        response = self.post(files=[big])
        self.assertEqual(response.status_code, 413)
        self.assertIn("Tệp quá lớn", response.content.decode())
        self.assertFalse(Feedback.objects.exists())

    def test_the_handler_downloads_an_attachment_and_nobody_else(self) -> None:
        self.post(files=[SimpleUploadedFile("bien-ban.pdf", PDF)])
        url = reverse("feedback:attachment", args=[Attachment.objects.get().pk])
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page
        self.client.force_login(self.reporter_a)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.feedback_handler)
        response = self.client.get(url)
        self.assertEqual(b"".join(response.streaming_content), PDF)


class AbuseTests(PersonaTestCase):
    def setUp(self) -> None:
        self.url = reverse("feedback:file", args=["19"])

    def data(self, **fields: object) -> dict:
        return {
            "kind": "feedback",
            "subject": "family",
            "content": "Nội dung",
            "started": stamp_ago(30),
        } | fields

    def test_filings_from_one_address_are_limited_with_a_vietnamese_429(self) -> None:
        client = Client(REMOTE_ADDR="127.0.0.20")
        allowed, _window = throttle.limit("submit_ip")
        for _n in range(allowed):
            self.assertEqual(client.post(self.url, self.data()).status_code, 302)
        response = client.post(self.url, self.data())
        self.assertEqual(response.status_code, 429)
        self.assertIn("Quá nhiều", response.content.decode())
        self.assertTrue(int(response["Retry-After"]) > 0)
        self.assertEqual(Feedback.objects.count(), allowed)
        # Another address is not held back.
        self.assertEqual(Client(REMOTE_ADDR="127.0.0.21").post(self.url, self.data()).status_code, 302)

    def test_code_lookups_are_limited_per_address_and_per_code(self) -> None:
        client = Client(REMOTE_ADDR="127.0.0.30")
        track = reverse("feedback:track")
        misses, _window = throttle.limit("lookup_miss_ip")
        for n in range(misses):
            self.assertEqual(client.post(track, {"code": f"AAAAA-BBBB{n % 9 + 2}"}).status_code, 200)
        response = client.post(track, {"code": "AAAAA-CCCCC"})
        self.assertEqual(response.status_code, 429)
        self.assertIn("Quá nhiều", response.content.decode())
        with override_settings(FEEDBACK_LIMITS={"lookup_code": (2, 3600)}):
            for n in range(2):
                self.assertEqual(
                    Client(REMOTE_ADDR=f"127.0.1.{n}").post(track, {"code": "ZZZZZ-ZZZZZ"}).status_code, 200
                )
            self.assertEqual(
                Client(REMOTE_ADDR="127.0.1.9").post(track, {"code": "ZZZZZ-ZZZZZ"}).status_code, 429
            )

    def test_the_honeypot_and_a_form_sent_too_fast_save_nothing(self) -> None:
        client = Client(REMOTE_ADDR="127.0.0.40")
        response = client.post(self.url, self.data(website="http://spam.example"))
        self.assertEqual(response.status_code, 200)
        response = client.post(self.url, self.data(started=throttle.stamp()))
        self.assertIn("nhanh", response.content.decode())
        response = client.post(self.url, self.data(started="forged"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Feedback.objects.exists())
