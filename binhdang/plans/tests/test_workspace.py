from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.plans.models import Evidence, Plan, TaskProgress
from binhdang.plans.services import do_update_progress
from binhdang.plans.tests.helpers import PublishedPlanTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def progress_url(task, unit) -> str:  # noqa: ANN001
    return reverse("plans:task_progress", args=[task.pk, unit.code])


class WorkspaceTests(PublishedPlanTestCase):
    def test_the_plan_list_shows_a_commune_the_provinces_published_plan_and_no_draft(self) -> None:
        self.login(self.reporter_a)
        page = self.client.get(reverse("plans:plan_list"))
        self.assertContains(page, reverse("plans:plan_detail", args=[self.plan.pk]))
        draft = Plan.objects.create(issuer=self.province, title="Kế hoạch dự thảo", year=2026)
        page = self.client.get(reverse("plans:plan_list"))
        self.assertNotContains(page, reverse("plans:plan_detail", args=[draft.pk]))
        self.assertEqual(self.client.get(reverse("plans:plan_detail", args=[draft.pk])).status_code, 404)
        self.login(self.coordinator)  # the province's own drafts are its coordinator's
        own = self.client.get(reverse("plans:plan_list"))
        self.assertContains(own, reverse("plans:plan_detail", args=[draft.pk]))

    def test_a_commune_reporter_sees_the_communes_group_task_with_its_own_progress_only(self) -> None:
        do_update_progress(
            self.commune_task,
            self.commune_b,
            status="done",
            note="Xã Phú Lương đã xong",
            version=0,
            acting_user=self.reporter_b,
        )
        do_update_progress(
            self.commune_task,
            self.commune_a,
            status="in_progress",
            note="Đại Từ đang làm",
            version=0,
            acting_user=self.reporter_a,
        )
        self.login(self.reporter_a)
        response = self.client.get(reverse("plans:workspace"))
        self.assertContains(response, self.commune_task.code)
        self.assertContains(response, "Đang thực hiện")
        self.assertContains(response, "Đại Từ đang làm")
        self.assertNotContains(response, "Xã Phú Lương đã xong")
        self.assertNotContains(response, self.health_task.code)
        items = response.context["items"]
        self.assertEqual([item.task for item in items], [self.commune_task])

    def test_a_department_sees_its_own_and_the_departments_group_tasks(self) -> None:
        self.login(self.department_reporter)
        response = self.client.get(reverse("plans:workspace"))
        codes = {item.task.code for item in response.context["items"]}
        self.assertIn(self.health_task.code, codes)
        self.assertTrue(any(code.startswith("IV.11.") for code in codes))
        self.assertNotIn(self.commune_task.code, codes)

    def test_a_reporter_saves_progress_with_a_history_row(self) -> None:
        self.login(self.reporter_a)
        response = self.client.post(
            progress_url(self.commune_task, self.commune_a),
            {
                "status": "done",
                "note": "Đã xây dựng kế hoạch của xã, tổ chức 3 buổi tuyên truyền.",
                "version": "0",
            },
        )
        self.assertRedirects(response, progress_url(self.commune_task, self.commune_a))
        progress = TaskProgress.objects.get(task=self.commune_task, unit=self.commune_a)
        self.assertEqual(progress.status, "done")
        page = self.client.get(progress_url(self.commune_task, self.commune_a))
        self.assertContains(page, "Hoàng Văn Minh")
        self.assertTrue(
            AuditEvent.objects.filter(event_type="plans.progress_updated", object_id=str(progress.pk))
        )

    def test_commune_b_cannot_open_or_change_commune_as_progress(self) -> None:
        self.login(self.reporter_b)
        url = progress_url(self.commune_task, self.commune_a)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"status": "done", "note": "x"}).status_code, 404)
        self.assertFalse(TaskProgress.objects.filter(unit=self.commune_a).exists())

    def test_a_task_not_given_to_the_unit_answers_404(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(progress_url(self.health_task, self.commune_a)).status_code, 404)

    def test_a_viewer_reads_but_cannot_save(self) -> None:
        self.login(self.viewer)
        url = progress_url(self.commune_task, self.commune_a)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, {"status": "done", "note": ""}).status_code, 404)

    def test_a_concurrent_edit_is_detected_and_both_texts_survive(self) -> None:
        first = do_update_progress(
            self.commune_task,
            self.commune_a,
            status="in_progress",
            note="Bản đầu",
            version=0,
            acting_user=self.reporter_a,
        )
        seen_version = first.version
        do_update_progress(
            self.commune_task,
            self.commune_a,
            status="done",
            note="Chủ tịch xã đã sửa",
            version=seen_version,
            acting_user=self.head_a,
        )
        self.login(self.reporter_a)
        response = self.client.post(
            progress_url(self.commune_task, self.commune_a),
            {"status": "in_progress", "note": "Nội dung của tôi", "version": seen_version},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lường Thị Lan đã lưu nhiệm vụ này sau khi bạn mở")
        self.assertContains(response, "Chủ tịch xã đã sửa")
        self.assertContains(response, "Nội dung của tôi")
        self.assertEqual(TaskProgress.objects.get(unit=self.commune_a).note, "Chủ tịch xã đã sửa")


@override_settings(MEDIA_ROOT="/tmp/binhdang-test-media")
class EvidenceTests(PublishedPlanTestCase):
    def upload(self, name: str, content: bytes):  # noqa: ANN201
        return self.client.post(
            reverse("plans:evidence_upload", args=[self.commune_task.pk, self.commune_a.code]),
            {"file": SimpleUploadedFile(name, content)},
            follow=True,
        )

    def test_commune_a_uploads_evidence_and_commune_b_cannot_open_it(self) -> None:
        self.login(self.reporter_a)
        response = self.upload("bien-ban-tuyen-truyen.pdf", PDF)
        self.assertContains(response, "Đã thêm tệp")
        evidence = Evidence.objects.get()
        url = reverse("plans:evidence_download", args=[evidence.pk])
        download = self.client.get(url)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), PDF)
        self.assertIn("bien-ban-tuyen-truyen.pdf", download["Content-Disposition"])
        self.login(self.reporter_b)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("plans:evidence_delete", args=[evidence.pk])).status_code, 404
        )
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_renamed_file_and_a_wrong_type_are_refused(self) -> None:
        self.login(self.reporter_a)
        response = self.upload("anh.png", b"MZ\x90\x00 not a png")
        self.assertContains(response, "không phải tệp PNG thật")
        response = self.upload("virus.exe", b"MZ")
        self.assertContains(response, "định dạng tệp không được chấp nhận")
        self.assertFalse(Evidence.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=100)
    def test_an_oversized_file_is_refused_with_the_limit(self) -> None:
        self.login(self.reporter_a)
        response = self.upload("lon.pdf", PDF + b"0" * 200)
        self.assertContains(response, "quá lớn")
        self.assertFalse(Evidence.objects.exists())

    def test_the_file_lives_outside_the_web_root(self) -> None:
        self.login(self.reporter_a)
        self.upload("bao-cao.pdf", PDF)
        evidence = Evidence.objects.get()
        self.assertTrue(evidence.file.path.startswith("/tmp/binhdang-test-media/evidence/"))
        self.assertEqual(self.client.get("/media/" + evidence.file.name).status_code, 404)
