"""Every save of a task's progress says which version it replaces; a first save too ("I saw none")."""

from django.core.exceptions import ValidationError
from django.test import Client

from binhdang.plans.models import TaskProgress
from binhdang.plans.services import StaleEdit, do_update_progress
from binhdang.plans.tests.helpers import PublishedPlanTestCase
from binhdang.plans.tests.test_workspace import progress_url


class FirstEditRaceTests(PublishedPlanTestCase):
    def test_two_first_saves_keep_both_users_informed(self) -> None:
        """Both open the empty task; the first save wins, the second is shown the first's text and
        keeps his own on the page; nothing is replaced silently."""
        url = progress_url(self.commune_task, self.commune_a)
        reporter, head = Client(), Client()
        reporter.force_login(self.reporter_a)
        head.force_login(self.head_a)
        for client in (reporter, head):
            page = client.get(url)
            self.assertContains(page, 'name="version" value="0"')
        first = reporter.post(url, {"status": "in_progress", "note": "Bản của người báo cáo", "version": "0"})
        self.assertRedirects(first, url)
        second = head.post(url, {"status": "done", "note": "Bản của chủ tịch xã", "version": "0"})
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "đã lưu nhiệm vụ này sau khi bạn mở")
        self.assertContains(second, "Bản của người báo cáo")  # what the first saved
        self.assertContains(second, "Bản của chủ tịch xã")  # his own text, kept in the form
        progress = TaskProgress.objects.get(task=self.commune_task, unit=self.commune_a)
        self.assertEqual((progress.note, progress.version), ("Bản của người báo cáo", 1))
        # Saving again from the conflict page (it now carries version 1) is a deliberate replacement.
        third = head.post(url, {"status": "done", "note": "Bản của chủ tịch xã", "version": "1"})
        self.assertRedirects(third, url)
        progress.refresh_from_db()
        self.assertEqual((progress.note, progress.version), ("Bản của chủ tịch xã", 2))

    def test_a_save_without_a_version_is_refused(self) -> None:
        url = progress_url(self.commune_task, self.commune_a)
        self.login(self.reporter_a)
        response = self.client.post(url, {"status": "done", "note": "Không có phiên bản"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "không cho biết")
        self.assertFalse(TaskProgress.objects.exists())
        with self.assertRaises(ValidationError):
            do_update_progress(
                self.commune_task,
                self.commune_a,
                status="done",
                note="x",
                version=None,
                acting_user=self.reporter_a,
            )

    def test_a_first_save_claiming_a_version_that_does_not_exist_leaves_nothing(self) -> None:
        with self.assertRaises(StaleEdit):
            do_update_progress(
                self.commune_task,
                self.commune_a,
                status="done",
                note="x",
                version=3,
                acting_user=self.reporter_a,
            )
        self.assertFalse(TaskProgress.objects.exists())
