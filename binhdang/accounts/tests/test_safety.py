"""Log-in protection: lockout by username across addresses and by address across usernames; the
second factor for privileged accounts (required in the production profile, offered in the demo);
recovery codes; the administrator's reset; password-reset throttling."""

from __future__ import annotations

import re

from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from binhdang.accounts.two_factor import do_reset_second_factor, needs_second_factor
from binhdang.core.models import AuditEvent
from binhdang.core.tests.helpers import PASSWORD, PersonaTestCase
from binhdang.core.tests.test_throttle import LOSING, LosingCache

LOGIN = "/accounts/login/"


def attempt(username: str, password: str, address: str) -> int:
    """One log-in from ``address`` (a fresh browser each time); the status code."""
    client = Client(REMOTE_ADDR=address)
    return client.post(LOGIN, {"username": username, "password": password}).status_code


def unthrottle() -> None:
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


class LockoutTests(PersonaTestCase):
    def test_a_locked_username_stays_locked_from_another_address(self) -> None:
        for number in range(5):
            attempt("daitu.baocao", "sai-mat-khau", f"203.0.113.{number}")
        # The right password, from an address never seen: still locked.
        client = Client(REMOTE_ADDR="198.51.100.7")
        response = client.post(LOGIN, {"username": "daitu.baocao", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Tài khoản tạm thời bị khóa", status_code=429)
        self.assertContains(response, "đặt mật khẩu mới", status_code=429)  # the unlock path
        self.assertNotIn("_auth_user_id", client.session)
        # Others log in as usual.
        self.assertEqual(attempt("phuluong.baocao", PASSWORD, "198.51.100.7"), 302)

    def test_spraying_usernames_from_one_address_locks_the_address(self) -> None:
        usernames = ["a.nguyen", "b.tran", "c.le", "d.pham", "e.hoang", "f.vu", "g.dang"]
        for round_ in range(2):
            for username in usernames:
                attempt(username, f"Matkhau@{round_}", "192.0.2.50")
        # The right password of a real account, from that address: refused for now.
        self.assertEqual(attempt("daitu.baocao", PASSWORD, "192.0.2.50"), 429)
        # From another address it works.
        self.assertEqual(attempt("daitu.baocao", PASSWORD, "192.0.2.51"), 302)

    def test_a_new_password_lifts_the_lockout(self) -> None:
        for _n in range(5):
            attempt("daitu.baocao", "sai-mat-khau", "203.0.113.9")
        client = Client()
        client.post(reverse("accounts:password_reset"), {"email": "daitu@example.vn"})
        link = re.search(r"https?://\S+?(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
        form = client.get(link, follow=True)
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"},
        )
        self.assertEqual(attempt("daitu.baocao", "Mot-mat-khau-moi-2026", "203.0.113.9"), 302)


class PasswordResetThrottleTests(PersonaTestCase):
    def setUp(self) -> None:
        cache.clear()
        LosingCache.lost.clear()

    @override_settings(PASSWORD_RESET_LIMIT=3)
    def test_reset_requests_are_throttled_in_vietnamese(self) -> None:
        url = reverse("accounts:password_reset")
        for _n in range(3):
            self.assertEqual(self.client.post(url, {"email": "daitu@example.vn"}).status_code, 302)
        response = self.client.post(url, {"email": "daitu@example.vn"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Có quá nhiều yêu cầu đặt lại mật khẩu", status_code=429)
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(CACHES=LOSING, PASSWORD_RESET_LIMIT=2)
    def test_a_counter_lost_by_the_cache_does_not_break_the_reset(self) -> None:
        url = reverse("accounts:password_reset")
        statuses = [self.client.post(url, {"email": "daitu@example.vn"}).status_code for _n in range(3)]
        self.assertEqual(len(LosingCache.lost), 2)  # both counters (address, e-mail) were lost once
        self.assertEqual(statuses, [302, 302, 429])
        self.assertEqual(len(mail.outbox), 2)

    @override_settings(SITE_URL="https://binhdang.thainguyen.gov.vn/", ALLOWED_HOSTS=["*"])
    def test_the_link_in_the_reset_mail_starts_from_the_configured_address(self) -> None:
        self.client.post(
            reverse("accounts:password_reset"), {"email": "daitu@example.vn"}, HTTP_HOST="attacker.example"
        )
        self.assertIn("https://binhdang.thainguyen.gov.vn/accounts/password/reset/", mail.outbox[0].body)
        self.assertNotIn("attacker.example", mail.outbox[0].body)

    def test_the_password_length_message_is_vietnamese(self) -> None:
        self.login(self.reporter_a)
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "Ng4n!", "new_password2": "Ng4n!"},
        )
        self.assertContains(response, "Mật khẩu quá ngắn")
        self.assertNotContains(response, "too short")


class SecondFactorTests(PersonaTestCase):
    def log_in(self, user_name: str) -> Client:
        client = Client()
        response = client.post(LOGIN, {"username": user_name, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        return client

    def test_who_needs_it(self) -> None:
        self.assertTrue(needs_second_factor(self.coordinator))
        self.assertTrue(needs_second_factor(self.admin))
        self.assertTrue(needs_second_factor(self.viewer))  # a provincial leader
        self.assertTrue(needs_second_factor(self.users["gbv_worker"]))
        self.assertFalse(needs_second_factor(self.reporter_a))
        self.assertFalse(needs_second_factor(self.head_a))

    @override_settings(OTP_REQUIRED=True)
    def test_a_coordinator_must_set_up_and_give_a_code_in_the_production_profile(self) -> None:
        client = self.log_in("snv.dieuphoi")
        home = client.get("/")
        self.assertRedirects(home, reverse("accounts:otp_setup") + "?next=%2F", fetch_redirect_response=False)
        # Every page leads there, a report too, until it is done.
        self.assertEqual(client.get(reverse("reporting:my_reports")).status_code, 302)
        setup = client.get(reverse("accounts:otp_setup"))
        self.assertContains(setup, "Thiết lập xác thực hai lớp")
        self.assertContains(setup, "<svg")
        device = TOTPDevice.objects.get(user=self.coordinator, confirmed=False)
        wrong = client.post(
            reverse("accounts:otp_setup"), {"token": "000000" if totp(device.bin_key) else "1"}
        )
        self.assertContains(wrong, "Mã không đúng")
        unthrottle()  # django-otp makes a device wait after a wrong code (1 s, then 2 s, 4 s …)
        done = client.post(
            reverse("accounts:otp_setup"), {"token": f"{totp(device.bin_key):06d}", "next": "/"}
        )
        codes = done.context["codes"]
        self.assertEqual(len(codes), 10)
        self.assertEqual(client.get("/").status_code, 200)

        # The next log-in asks for the code; a recovery code works once.
        client = self.log_in("snv.dieuphoi")
        self.assertEqual(client.get("/").status_code, 302)
        refused = client.post(reverse("accounts:otp_verify"), {"token": "12345678"})
        self.assertContains(refused, "Mã không đúng")
        unthrottle()
        self.assertRedirects(
            client.post(reverse("accounts:otp_verify"), {"token": codes[0], "next": "/"}),
            "/",
            fetch_redirect_response=False,
        )
        self.assertEqual(client.get("/").status_code, 200)
        again = self.log_in("snv.dieuphoi")
        self.assertContains(again.post(reverse("accounts:otp_verify"), {"token": codes[0]}), "Mã không đúng")
        self.assertTrue(AuditEvent.objects.filter(event_type="accounts.second_factor_set_up").exists())

        # The administrator's reset: the next log-in sets it up again.
        do_reset_second_factor(self.coordinator, acting_user=self.admin)
        client = self.log_in("snv.dieuphoi")
        self.assertRedirects(
            client.get("/"), reverse("accounts:otp_setup") + "?next=%2F", fetch_redirect_response=False
        )

    @override_settings(OTP_REQUIRED=True)
    def test_a_reporter_is_not_asked_in_the_production_profile(self) -> None:
        client = self.log_in("daitu.baocao")
        self.assertEqual(client.get("/").status_code, 200)

    def test_the_demo_offers_it_without_forcing_it(self) -> None:
        client = Client()
        response = client.post(LOGIN, {"username": "snv.dieuphoi", "password": PASSWORD}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "xác thực hai lớp")
        self.assertEqual(client.get(reverse("reporting:my_reports")).status_code, 200)

    @override_settings(OTP_REQUIRED=True)
    def test_a_redirect_after_the_code_stays_on_this_site(self) -> None:
        device = TOTPDevice.objects.create(user=self.coordinator, name="app", confirmed=True)
        client = self.log_in("snv.dieuphoi")
        response = client.post(
            reverse("accounts:otp_verify"),
            {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
        )
        self.assertRedirects(response, reverse("accounts:home"), fetch_redirect_response=False)
