"""An upload whose file name cannot be read is answered with what is wrong with the name."""

from django.test import override_settings
from django.urls import reverse

from binhdang.plans.models import Evidence
from binhdang.plans.tests.helpers import PublishedPlanTestCase
from binhdang.plans.tests.test_workspace import PDF


@override_settings(MEDIA_ROOT="/tmp/binhdang-test-media")
class UploadNameTests(PublishedPlanTestCase):
    def post(self, filename: bytes, referer: str = ""):  # noqa: ANN201
        self.login(self.reporter_a)
        body = (
            b'--B\r\nContent-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--B--\r\n"
        )
        url = reverse("plans:evidence_upload", args=[self.commune_task.pk, self.commune_a.code])
        extra = {"HTTP_REFERER": referer} if referer else {}
        return self.client.generic("POST", url, body, content_type="multipart/form-data; boundary=B", **extra)

    def page(self) -> str:
        return reverse("plans:task_progress", args=[self.commune_task.pk, self.commune_a.code])

    def test_a_thousand_character_name_is_named_as_too_long(self) -> None:
        response = self.post(b"a" * 1000 + b".pdf", referer="http://testserver" + self.page())
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in self.client.get(self.page()).context["messages"]]
        self.assertTrue(any("Tên tệp quá dài" in m for m in messages), messages)
        self.assertFalse(Evidence.objects.exists())

    def test_a_name_not_in_utf8_is_named_as_unreadable(self) -> None:
        response = self.post("báo cáo.pdf".encode("cp1258"))
        self.assertContains(response, "Không đọc được tên tệp", status_code=400)
        self.assertFalse(Evidence.objects.exists())

    def test_a_normal_vietnamese_name_uploads(self) -> None:
        response = self.post("báo cáo kết quả.pdf".encode(), referer="http://testserver" + self.page())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Evidence.objects.get().original_name, "báo cáo kết quả.pdf")

    def test_a_name_with_a_semicolon_is_kept_whole(self) -> None:
        response = self.post("Kế hoạch; năm 2026.pdf".encode(), referer="http://testserver" + self.page())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Evidence.objects.get().original_name, "Kế hoạch; năm 2026.pdf")
