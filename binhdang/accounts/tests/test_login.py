import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from binhdang.core.tests.helpers import PASSWORD, PersonaTestCase


class LoginTests(PersonaTestCase):
    def test_the_home_page_sends_a_stranger_to_the_vietnamese_login_page(self) -> None:
        response = self.client.get("/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("accounts:login") + "?next=/")
        self.assertContains(response, '<html lang="vi">', html=False)
        self.assertContains(response, "Đăng nhập")
        self.assertContains(response, "Tên đăng nhập")
        self.assertContains(response, "Mật khẩu")

    def test_a_reporter_logs_in_and_lands_on_the_unit_home_page(self) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": "daitu.baocao", "password": PASSWORD}, follow=True
        )
        self.assertContains(response, "Xin chào, Hoàng Văn Minh")
        self.assertContains(response, "Xã Đại Từ")
        self.assertContains(response, "Người báo cáo của đơn vị")

    def test_a_wrong_password_is_explained_in_vietnamese(self) -> None:
        response = self.client.post(
            reverse("accounts:login"), {"username": "daitu.baocao", "password": "sai"}
        )
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng")

    def test_repeated_failures_lock_the_account_even_for_the_right_password(self) -> None:
        url = reverse("accounts:login")
        for _attempt in range(5):
            self.client.post(url, {"username": "daitu.baocao", "password": "sai-mat-khau"})
        response = self.client.post(url, {"username": "daitu.baocao", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Tài khoản tạm thời bị khóa", status_code=429)
        self.assertContains(response, "15 phút", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_lockout_of_one_user_leaves_the_others_alone(self) -> None:
        url = reverse("accounts:login")
        for _attempt in range(5):
            self.client.post(url, {"username": "daitu.baocao", "password": "sai-mat-khau"})
        response = self.client.post(url, {"username": "phuluong.baocao", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)

    def test_logout_takes_a_post_and_ends_the_session(self) -> None:
        self.login(self.reporter_a)
        response = self.client.post(reverse("accounts:logout"))
        self.assertRedirects(response, reverse("accounts:login"))
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_password_change_in_vietnamese(self) -> None:
        self.login(self.reporter_a)
        response = self.client.get(reverse("accounts:password_change"))
        self.assertContains(response, "Đổi mật khẩu")
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026!", "new_password2": "khac"},
        )
        self.assertContains(response, "Hai trường mật khẩu không giống nhau")
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Mat-khau-moi-2026!",
                "new_password2": "Mat-khau-moi-2026!",
            },
        )
        self.assertRedirects(response, reverse("accounts:password_change_done"))
        self.reporter_a.refresh_from_db()
        self.assertTrue(self.reporter_a.check_password("Mat-khau-moi-2026!"))


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="https://binhdang.example.gov.vn/"
)
class PasswordResetTests(PersonaTestCase):
    def test_a_reset_link_arrives_in_vietnamese_and_sets_a_new_password(self) -> None:
        response = self.client.post(reverse("accounts:password_reset"), {"email": "daitu@example.vn"})
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Bình Đẳng: đặt mật khẩu mới")
        self.assertIn("Xin chào Hoàng Văn Minh", message.body)
        # The link starts from the configured SITE_URL, whatever Host the request came with.
        self.assertNotIn("testserver", message.body)
        link = re.search(r"https://binhdang\.example\.gov\.vn(/\S+)", message.body).group(1)
        response = self.client.get(link, follow=True)
        self.assertContains(response, "Đặt mật khẩu mới")
        response = self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "Mot-mat-khau-dai-2026", "new_password2": "Mot-mat-khau-dai-2026"},
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        self.reporter_a.refresh_from_db()
        self.assertTrue(self.reporter_a.check_password("Mot-mat-khau-dai-2026"))

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self) -> None:
        response = self.client.post(reverse("accounts:password_reset"), {"email": "nobody@example.vn"})
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(mail.outbox, [])
