"""Who may call the API: personal tokens (shown once, stored hashed, expiring, revocable), HTTP Basic
under the login page's lockout, the session; each token's rate limit; writes audited with the token."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from binhdang.api.models import ApiToken
from binhdang.api.services import do_create_token, do_revoke_token
from binhdang.api.tests.helpers import ApiTestCase, basic, token_client
from binhdang.core.models import AuditEvent
from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.models import DataValue


class TokenTests(ApiTestCase):
    def test_a_token_opens_the_api_with_its_owners_scope(self) -> None:
        client, _raw = token_client(self.reporter_a)
        response = client.get("/api/v1/units/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([u["code"] for u in response.json()["results"]], [self.commune_a.code])

    def test_only_a_hash_of_the_token_is_stored(self) -> None:
        token, raw = do_create_token(self.reporter_a, "DHIS2", 30, acting_user=self.reporter_a)
        secret = raw.rsplit("_", 1)[1]
        stored = ApiToken.objects.filter(pk=token.pk).values_list("secret_hash", "lookup").get()
        self.assertNotIn(secret, "".join(stored))
        self.assertTrue(raw.startswith(f"bd_{token.lookup}_"))

    def test_expired_revoked_and_unknown_tokens_are_refused(self) -> None:
        token, raw = do_create_token(self.reporter_a, "old", 1, acting_user=self.reporter_a)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"ApiToken {raw}")
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        response = client.get("/api/v1/units/")
        self.assertEqual(response.status_code, 401)
        self.assertIn("hết hạn", response.json()["detail"])

        token, raw = do_create_token(self.reporter_a, "revoked", 30, acting_user=self.reporter_a)
        do_revoke_token(token, acting_user=self.reporter_a)
        client.credentials(HTTP_AUTHORIZATION=f"ApiToken {raw}")
        response = client.get("/api/v1/units/")
        self.assertEqual(response.status_code, 401)
        self.assertIn("thu hồi", response.json()["detail"])

        client.credentials(HTTP_AUTHORIZATION=f"ApiToken {raw[:-3]}xyz")
        self.assertEqual(client.get("/api/v1/units/").status_code, 401)
        client.credentials(HTTP_AUTHORIZATION="ApiToken nonsense")
        self.assertEqual(client.get("/api/v1/units/").status_code, 401)

    def test_the_page_shows_a_new_token_once_and_revokes_it(self) -> None:
        self.client.force_login(self.reporter_a)
        response = self.client.post(reverse("api:tokens"), {"name": "Bảng điều khiển", "days": 30})
        self.assertEqual(response.status_code, 200)
        raw = response.context["created"]
        self.assertContains(response, raw)
        self.assertContains(response, "không hiển thị lại")
        again = self.client.get(reverse("api:tokens"))
        self.assertNotContains(again, raw)
        self.assertContains(again, "Bảng điều khiển")

        token = ApiToken.objects.get(user=self.reporter_a, name="Bảng điều khiển")
        other = self.client.post(reverse("api:token_revoke", args=[token.pk]))
        self.assertRedirects(other, reverse("api:tokens"))
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)

    def test_nobody_revokes_anothers_token(self) -> None:
        token, _raw = do_create_token(self.reporter_b, "b", 30, acting_user=self.reporter_b)
        self.client.force_login(self.reporter_a)
        self.assertEqual(self.client.post(reverse("api:token_revoke", args=[token.pk])).status_code, 404)

    def test_a_token_needs_a_name_and_a_sensible_lifetime(self) -> None:
        self.client.force_login(self.reporter_a)
        response = self.client.post(reverse("api:tokens"), {"name": "", "days": 1000})
        self.assertFalse(response.context["created"])
        self.assertFalse(ApiToken.objects.filter(user=self.reporter_a).exists())

    def test_a_write_with_a_token_is_audited_with_its_name(self) -> None:
        client, _raw = token_client(self.reporter_a, "Máy chủ DHIS2 Sở Y tế")
        response = client.post(
            "/api/v1/values/",
            {
                "period": "2026",
                "unit": self.commune_a.code,
                "cells": [{"element": "SPENT", "value": "2000000", "version": 1}],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        event = AuditEvent.objects.filter(event_type="reporting.values_saved").latest("pk")
        self.assertEqual(event.extra_data["token"], "Máy chủ DHIS2 Sở Y tế")
        self.assertEqual(event.extra_data["via"], "api")
        self.assertEqual(event.acting_user, self.reporter_a)
        row = DataValue.objects.get(unit=self.commune_a, element__code="SPENT")
        self.assertEqual(row.source, "api")


class BasicAuthTests(ApiTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_basic_with_the_password_works(self) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=basic(self.reporter_a))
        self.assertEqual(client.get("/api/v1/units/").status_code, 200)
        client.credentials(HTTP_AUTHORIZATION=basic(self.reporter_a, "wrong"))
        self.assertEqual(client.get("/api/v1/units/").status_code, 401)

    def test_basic_is_locked_out_like_the_login_page(self) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=basic(self.reporter_a, "wrong-password"))
        for _attempt in range(5):
            client.get("/api/v1/units/")
        client.credentials(HTTP_AUTHORIZATION=basic(self.reporter_a, PASSWORD))
        response = client.get("/api/v1/units/")
        self.assertEqual(response.status_code, 429)  # the right password, but locked out for now

    def test_the_session_works_for_the_sites_own_pages(self) -> None:
        client = APIClient()
        client.force_login(self.coordinator)
        self.assertEqual(client.get("/api/v1/submissions/").status_code, 200)


class ThrottleTests(ApiTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_each_token_has_its_own_rate(self) -> None:
        rates = {"api_token": "3/minute"}
        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
            first, _raw = token_client(self.reporter_a, "one")
            second, _raw = token_client(self.reporter_a, "two")
            statuses = [first.get("/api/v1/units/").status_code for _n in range(4)]
            self.assertEqual(statuses, [200, 200, 200, 429])
            self.assertEqual(second.get("/api/v1/units/").status_code, 200)
