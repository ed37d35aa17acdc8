"""Hardening: the Content-Security-Policy and the templates it relies on; redirects stay on this site."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from binhdang.core.redirects import safe_next
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.reporting.tests.helpers import make_form

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def templates() -> list[Path]:
    return sorted(path for path in ROOT.rglob("templates/**/*.html"))


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in HANDLER.finditer(text)]
    assert templates() and found == []


class ContentSecurityPolicyTests(PersonaTestCase):
    def policy(self, response) -> dict[str, list[str]]:  # noqa: ANN001
        header = response["Content-Security-Policy"]
        return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}

    def test_pages_forbid_inline_and_foreign_scripts(self) -> None:
        for client, url in ((Client(), reverse("accounts:login")), (self.client, "/")):
            if client is self.client:
                self.login(self.coordinator)
            policy = self.policy(client.get(url, follow=True))
            self.assertEqual(policy["script-src"], ["'self'"])
            self.assertEqual(policy["frame-ancestors"], ["'none'"])
            self.assertEqual(policy["form-action"], ["'self'"])
            self.assertNotIn("'unsafe-inline'", policy["style-src"])

    @override_settings(DEBUG=False)
    def test_the_standalone_error_page_style_is_allowed_by_its_hash(self) -> None:
        response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")  # a 400
        self.assertEqual(response.status_code, 400)
        style = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        self.assertIn(digest, self.policy(response)["style-src"])


def test_safe_next_refuses_another_host():
    factory = RequestFactory()
    for target, expected in [
        ("/reports/", "/reports/"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/x", "/home/"),
        ("/\\evil.example", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("http://testserver/reports/", "http://testserver/reports/"),
    ]:
        request = factory.post("/x/", {"next": target})
        assert safe_next(request, "/home/") == expected, target


class ReminderRedirectTests(PersonaTestCase):
    def test_the_reminder_action_does_not_send_anyone_to_another_host(self) -> None:
        period = make_form()
        self.login(self.coordinator)
        response = self.client.post(
            reverse("reporting:remind", args=[period.pk, self.commune_a.code]),
            {"next": "https://evil.example/phish"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("evil.example", response["Location"])
