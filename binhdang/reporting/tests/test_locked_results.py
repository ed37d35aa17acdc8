"""Task results and evidence are accepted with the report that carries them: once the coordinator
accepts it they cannot be changed (the page shows them read-only, a POST answers 404 and nothing
is written), and a return opens them again."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from binhdang.plans.models import Evidence, TaskProgress
from binhdang.plans.services import do_add_evidence, do_update_progress
from binhdang.plans.tests.helpers import PublishedPlanTestCase
from binhdang.reporting.models import ReportingPeriod, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import make_form
from binhdang.reporting.workflow import do_accept, do_return, do_submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class LockedResultsTests(PublishedPlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_form()
        cls.period.plan = cls.plan
        cls.period.save(update_fields=["plan"])

    def accepted_report(self) -> Submission:
        unit = self.commune_b  # no head: the report goes straight to the coordinator
        do_update_progress(
            self.commune_task,
            unit,
            status="done",
            note="Đã làm xong",
            version=0,
            acting_user=self.reporter_b,
        )
        do_save_cells(
            self.period,
            unit,
            [CellChange("OFFICIALS", make_key(sex="F"), "2", None, 0)],
            acting_user=self.reporter_b,
        )
        submission = do_submit(
            Submission.objects.get(period=self.period, unit=unit), acting_user=self.reporter_b
        )
        return do_accept(submission, acting_user=self.coordinator)

    def test_accepted_results_cannot_be_changed_through_the_service(self) -> None:
        self.accepted_report()
        with self.assertRaisesMessage(ValidationError, "đã được tiếp nhận"):
            do_update_progress(
                self.commune_task,
                self.commune_b,
                status="in_progress",
                note="Sửa lại",
                version=0,
                acting_user=self.reporter_b,
            )
        with self.assertRaisesMessage(ValidationError, "đã được tiếp nhận"):
            do_add_evidence(
                self.commune_task,
                self.commune_b,
                SimpleUploadedFile("bien-ban.pdf", PDF),
                acting_user=self.reporter_b,
                max_bytes=10_000,
            )
        progress = TaskProgress.objects.get(task=self.commune_task, unit=self.commune_b)
        self.assertEqual((progress.status, progress.note), ("done", "Đã làm xong"))
        self.assertFalse(Evidence.objects.exists())

    def test_the_page_is_read_only_and_a_post_changes_nothing(self) -> None:
        self.accepted_report()
        url = reverse("plans:task_progress", args=[self.commune_task.pk, self.commune_b.code])
        self.login(self.reporter_b)
        page = self.client.get(url)
        self.assertContains(page, "đã khóa")
        self.assertNotContains(page, 'name="note"')
        response = self.client.post(url, {"status": "in_progress", "note": "Sửa lại", "version": "1"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            TaskProgress.objects.get(task=self.commune_task, unit=self.commune_b).note, "Đã làm xong"
        )

    def test_a_return_opens_them_again(self) -> None:
        submission = self.accepted_report()
        do_return(submission, "Bổ sung kết quả nhiệm vụ", acting_user=self.coordinator)
        seen = TaskProgress.objects.get(task=self.commune_task, unit=self.commune_b).version
        progress = do_update_progress(
            self.commune_task,
            self.commune_b,
            status="in_progress",
            note="Bổ sung",
            version=seen,
            acting_user=self.reporter_b,
        )
        self.assertEqual(progress.note, "Bổ sung")

    def test_a_return_keeps_the_lock_while_another_report_on_the_plan_stands_accepted(self) -> None:
        first = self.accepted_report()
        later = ReportingPeriod.objects.create(  # a second period on the same plan (a half-year report)
            template=self.period.template,
            code="2026-H2",
            name="Báo cáo 6 tháng cuối năm 2026",
            covers_from=self.period.covers_from,
            covers_to=self.period.covers_to,
            due_date=self.period.due_date,
            plan=self.plan,
        )
        unit = self.commune_b
        do_save_cells(
            later,
            unit,
            [CellChange("OFFICIALS", make_key(sex="F"), "3", None, 0)],
            acting_user=self.reporter_b,
        )
        do_accept(
            do_submit(Submission.objects.get(period=later, unit=unit), acting_user=self.reporter_b),
            acting_user=self.coordinator,
        )
        do_return(first, "Sửa kỳ thứ nhất", acting_user=self.coordinator)
        with self.assertRaisesMessage(ValidationError, "đã được tiếp nhận"):
            do_update_progress(
                self.commune_task,
                unit,
                status="in_progress",
                note="x",
                version=0,
                acting_user=self.reporter_b,
            )
