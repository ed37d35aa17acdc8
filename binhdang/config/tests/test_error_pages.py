"""The error pages a person sees (404, 403, CSRF, 500, 400): Vietnamese, plain, no internal detail."""

from __future__ import annotations

from django.conf import settings
from django.test import Client, SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import translation

from binhdang.config.tests.urls_errors import SECRET
from binhdang.core.tests.helpers import PersonaTestCase

ERRORS_URLCONF = "binhdang.config.tests.urls_errors"
DJANGO_DEBUG_PAGES = ("Using the URLconf", "Traceback", "Django tried these URL patterns", "DEBUG = True")


class DebugTests(SimpleTestCase):
    def test_the_test_suite_runs_without_debug(self) -> None:
        """So the pages below are the ones production shows (production refuses DEBUG: test_settings)."""
        self.assertFalse(settings.DEBUG)


@override_settings(DEBUG=False)
class ErrorPageTests(PersonaTestCase):
    def assert_plain(self, response: object, status: int, *texts: str) -> str:
        self.assertEqual(response.status_code, status)  # type: ignore[attr-defined]
        html = response.content.decode()  # type: ignore[attr-defined]
        for text in texts:
            self.assertIn(text, html)
        for debug in (*DJANGO_DEBUG_PAGES, SECRET):
            self.assertNotIn(debug, html)
        self.assertIn('href="/"', html)  # a way home
        return html

    def test_an_unknown_address_shows_the_vietnamese_404_page(self) -> None:
        response = self.client.get("/no-such-page/")
        html = self.assert_plain(response, 404, "Không tìm thấy trang", "Về trang chủ")
        self.assertIn('<html lang="vi">', html)
        self.assertIn("bg-brand", html)  # the site's own layout

    def test_a_logged_in_user_gets_the_page_in_the_site_layout(self) -> None:
        self.login(self.reporter_a)
        response = self.client.get(reverse("plans:plan_detail", args=[987654]))
        self.assert_plain(response, 404, "Không tìm thấy trang", self.reporter_a.get_full_name())

    def test_the_404_page_in_english(self) -> None:
        self.addCleanup(translation.deactivate)  # the test client's requests leave English active
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get("/no-such-page/")
        html = self.assert_plain(response, 404, "Page not found", "Go to the home page")
        self.assertNotIn("Không tìm thấy", html)

    def test_a_refused_form_shows_the_vietnamese_csrf_page(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
        self.assert_plain(response, 403, "Biểu mẫu đã hết hạn", "tải lại trang")
        self.assertNotIn("CSRF verification failed", response.content.decode())

    @override_settings(ROOT_URLCONF=ERRORS_URLCONF)
    def test_a_forbidden_action_shows_the_vietnamese_403_page(self) -> None:
        self.login(self.reporter_a)
        response = self.client.get("/forbidden/")
        self.assert_plain(response, 403, "Không có quyền truy cập", "Về trang chủ")

    @override_settings(ROOT_URLCONF=ERRORS_URLCONF)
    def test_a_crash_shows_the_vietnamese_500_page(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.reporter_a)
        with self.assertLogs("django.request", "ERROR"):  # recorded for the technical team
            response = client.get("/crash/")
        html = self.assert_plain(response, 500, "Đã xảy ra lỗi", "Vui lòng thử lại sau ít phút")
        self.assertNotIn("RuntimeError", html)
        self.assertNotIn("/static/", html)  # self-contained: shows even when static files fail

    @override_settings(ROOT_URLCONF=ERRORS_URLCONF)
    def test_a_bad_request_shows_the_vietnamese_400_page(self) -> None:
        with self.assertLogs("django.security", "ERROR"):
            response = Client(raise_request_exception=False).get("/bad/")
        self.assert_plain(response, 400, "Yêu cầu không hợp lệ", "Về trang chủ")

    def test_an_unknown_host_gets_the_400_page_too(self) -> None:
        with self.assertLogs("django.security", "ERROR"):
            response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
        self.assert_plain(response, 400, "Yêu cầu không hợp lệ")


class AdminInVietnameseTests(PersonaTestCase):
    """The admin index names every app and model in the user's language, django-axes' included."""

    def test_the_admin_index_is_vietnamese(self) -> None:
        self.assertTrue(self.admin.is_superuser)
        self.login(self.admin)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for english in ("Access attempts", "Access failures", "Access logs", "AXES", "Axes", "Models in the"):
            self.assertNotIn(english, html)
        for vietnamese in ("Bảo vệ đăng nhập", "Đăng nhập sai", "Nhật ký đăng nhập", "Quản trị Bình Đẳng",
                           "Quản trị hệ thống", "Xác thực và ủy quyền", "Người dùng", "Đơn vị"):
            self.assertIn(vietnamese, html)

    def test_the_admin_index_in_english(self) -> None:
        self.addCleanup(translation.deactivate)  # the test client's requests leave English active
        self.login(self.admin)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = self.client.get(reverse("admin:index")).content.decode()
        for english in ("Login protection", "Access attempts", "Bình Đẳng administration"):
            self.assertIn(english, html)
        self.assertIn("System administration", html)
        self.assertNotIn("Bảo vệ đăng nhập", html)

    def test_an_axes_list_page_is_vietnamese(self) -> None:
        self.login(self.admin)
        html = self.client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
        self.assertIn("Đăng nhập sai", html)
        self.assertNotIn("Access attempts", html)
