"""The parts of the report a person writes: saved with who and when, every version kept, never
overwritten by someone who started from an older version, the coordinator's alone; the job's
document carries them."""

import io

import docx
from django.core.exceptions import ValidationError
from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.documents.choices import NARRATIVE_MAX_CHARS
from binhdang.documents.jobs import render
from binhdang.documents.models import Narrative, NarrativeRevision
from binhdang.documents.services import do_save_narrative
from binhdang.reporting.tests.helpers import ReportTestCase


class NarrativeTests(ReportTestCase):
    def test_saving_keeps_every_version_with_who_and_when(self) -> None:
        first = do_save_narrative(
            self.period,
            self.province,
            "assessment",
            "Đoạn  một.\r\n- Ý hai ",
            0,
            acting_user=self.coordinator,
        )
        self.assertFalse(first.conflict)
        self.assertEqual(first.narrative.text, "Đoạn một.\n- Ý hai")  # lines kept, spaces folded
        second = do_save_narrative(
            self.period, self.province, "assessment", "Đoạn mới.", 1, acting_user=self.coordinator
        )
        self.assertEqual(second.narrative.version, 2)
        revisions = NarrativeRevision.objects.filter(narrative=second.narrative).order_by("version")
        self.assertEqual([r.text for r in revisions], ["Đoạn một.\n- Ý hai", "Đoạn mới."])
        self.assertEqual({r.author for r in revisions}, {self.coordinator})
        event = AuditEvent.objects.filter(event_type="documents.narrative_saved").order_by("pk").last()
        self.assertEqual(event.extra_data["old"], "Đoạn một.\n- Ý hai")
        self.assertEqual(event.extra_data["new"], "Đoạn mới.")

    def test_an_older_version_never_overwrites_a_newer_one(self) -> None:
        do_save_narrative(
            self.period, self.province, "difficulties", "Của người A.", 0, acting_user=self.coordinator
        )
        late = do_save_narrative(
            self.period, self.province, "difficulties", "Của người B.", 0, acting_user=self.coordinator
        )
        self.assertTrue(late.conflict)
        self.assertEqual(Narrative.objects.get(part="difficulties").text, "Của người A.")

    def test_bad_input_is_refused_whole(self) -> None:
        with self.assertRaises(ValidationError):
            do_save_narrative(self.period, self.province, "poem", "x", 0, acting_user=self.coordinator)
        with self.assertRaises(ValidationError):
            do_save_narrative(
                self.period,
                self.province,
                "assessment",
                "x" * (NARRATIVE_MAX_CHARS + 1),
                0,
                acting_user=self.coordinator,
            )
        self.assertFalse(Narrative.objects.exists())

    def test_the_page_the_autosave_and_who_may_write(self) -> None:
        page = reverse("documents:narrative", args=[self.period.pk]) + "?unit=19"
        save = reverse("documents:narrative_save", args=[self.period.pk]) + "?unit=19"
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertEqual(
            self.client.post(save, {"part": "assessment", "text": "x", "version": "0"}).status_code, 404
        )
        self.login(self.coordinator)
        response = self.client.get(page)
        self.assertContains(response, "III. ĐÁNH GIÁ CHUNG")
        self.assertContains(response, "1. Ưu điểm")  # pre-filled from the figures
        answer = self.client.post(
            save,
            {"part": "assessment", "text": "Đánh giá của tôi.", "version": "0"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json()["version"], 1)
        stale = self.client.post(
            save, {"part": "assessment", "text": "Cũ hơn.", "version": "0"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["text"], "Đánh giá của tôi.")
        wrong = self.client.post(
            save, {"part": "assessment", "text": "x", "version": "abc"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(wrong.status_code, 400)
        self.assertContains(self.client.get(page), "Đánh giá của tôi.")

    def test_a_version_never_saved_is_answered_and_each_part_lists_its_own_versions(self) -> None:
        page = reverse("documents:narrative", args=[self.period.pk]) + "?unit=19"
        save = reverse("documents:narrative_save", args=[self.period.pk]) + "?unit=19"
        self.login(self.coordinator)
        ghost = self.client.post(
            save, {"part": "assessment", "text": "x", "version": "3"}, HTTP_ACCEPT="application/json"
        )
        self.assertEqual(ghost.status_code, 400)  # not a server error
        self.assertIn("chưa được lưu", ghost.json()["error"])
        self.assertFalse(Narrative.objects.exists())
        for version in range(8):  # many versions of one part …
            text, who = f"Lần {version}.", self.coordinator
            do_save_narrative(self.period, self.province, "assessment", text, version, acting_user=who)
        do_save_narrative(  # … and one of another
            self.period, self.province, "recommendations", "Kiến nghị.", 0, acting_user=self.coordinator
        )
        parts = {p["code"]: p for p in self.client.get(page).context["parts"]}
        self.assertEqual([r.version for r in parts["assessment"]["revisions"]], [8, 7, 6, 5, 4])
        self.assertEqual([r.text for r in parts["recommendations"]["revisions"]], ["Kiến nghị."])

    def test_the_document_carries_the_persons_text(self) -> None:
        do_save_narrative(
            self.period,
            self.province,
            "recommendations",
            "Đề nghị Bộ Nội vụ hỗ trợ kinh phí.",
            0,
            acting_user=self.coordinator,
        )
        texts = [
            p.text for p in docx.Document(io.BytesIO(render(self.period, self.province, "docx"))).paragraphs
        ]
        self.assertIn("Đề nghị Bộ Nội vụ hỗ trợ kinh phí.", texts)
        self.assertIn("III. ĐÁNH GIÁ CHUNG", texts)  # the parts nobody wrote are the computed ones
