"""Cases: identity encrypted at rest, key rotation, the keyed-hash search, scope and 404."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.gbv import crypto, services
from binhdang.gbv.loading import DEMO_FILE
from binhdang.gbv.models import AccessLog, Case, CaseNote
from binhdang.gbv.tests.helpers import GbvTestCase

DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, phone, address, id_number, guardian, birth_year FROM gbv_case")
        return " ".join(str(v) for row in cursor.fetchall() for v in row)


class EncryptionTests(GbvTestCase):
    def test_identity_is_stored_as_tokens_and_read_back(self):
        raw = _raw_rows()
        for row in DEMO["cases"]:
            for field in ("full_name", "phone", "address", "id_number"):
                self.assertNotIn(row["identity"][field], raw)
        self.assertIn(crypto.PREFIX, raw)
        case = Case.objects.get(code=DEMO["cases"][0]["code"])
        self.assertEqual(case.full_name, DEMO["cases"][0]["identity"]["full_name"])
        self.assertEqual(case.id_number, DEMO["cases"][0]["identity"]["id_number"])

    def test_rotation_keeps_every_case_readable(self):
        old_key = settings.GBV_KEYS[0]
        new_key = Fernet.generate_key().decode()
        services.do_add_note(
            self.daitu_case(), kind="plan", text="Kế hoạch an toàn", acting_user=self.gbv_worker
        )
        before = {c.code: (c.full_name, c.phone, c.address, c.id_number) for c in Case.objects.all()}
        hashes = dict(Case.objects.values_list("code", "search_hash"))
        with override_settings(GBV_KEYS=[new_key, old_key]):  # both readable during rotation
            self.assertEqual(
                Case.objects.get(code=DEMO["cases"][0]["code"]).full_name,
                DEMO["cases"][0]["identity"]["full_name"],
            )
            call_command("rotate_gbv_keys", verbosity=0)
        with override_settings(GBV_KEYS=[new_key]):  # the old key removed: everything still reads
            after = {c.code: (c.full_name, c.phone, c.address, c.id_number) for c in Case.objects.all()}
            self.assertEqual(after, before)
            self.assertEqual(CaseNote.objects.get().text, "Kế hoạch an toàn")
            new_hashes = dict(Case.objects.values_list("code", "search_hash"))
            self.assertNotEqual(new_hashes, hashes)  # re-keyed …
            row = DEMO["cases"][0]
            found = services.find_same_survivor(
                self.gbv_worker, row["identity"]["full_name"], row["identity"]["birth_year"], self.commune_a
            )
            self.assertIn(row["code"], [c.code for c in found])  # … and still found
        with override_settings(GBV_KEYS=[old_key]):  # the retired key no longer reads the rows
            with self.assertRaises(crypto.KeyError_):
                list(Case.objects.all())


class SearchTests(GbvTestCase):
    def test_same_survivor_found_by_hash_whatever_the_accents_or_case(self):
        row = DEMO["cases"][0]
        name = row["identity"]["full_name"]
        folded = crypto.fold_vi(name).upper()
        found = services.find_same_survivor(
            self.gbv_worker, folded, row["identity"]["birth_year"], self.commune_a
        )
        self.assertEqual([c.code for c in found], [row["code"]])
        self.assertFalse(services.find_same_survivor(self.gbv_worker, name, 1901, self.commune_a))
        self.assertEqual(AccessLog.objects.filter(case_code=row["code"], kind="search").count(), 1)

    def test_registering_a_known_survivor_shows_the_match_first(self):
        row = DEMO["cases"][0]
        self.login(self.gbv_worker)
        data = {
            "full_name": row["identity"]["full_name"],
            "birth_year": row["identity"]["birth_year"],
            "home_commune": self.commune_a.pk,
            "sex": "F",
            "age_band": "16_59",
        }
        count = Case.objects.count()
        response = self.client.post(reverse("gbv:case_new"), data)
        self.assertContains(response, row["code"])
        self.assertEqual(Case.objects.count(), count)
        response = self.client.post(reverse("gbv:case_new"), data | {"confirm_new": "1"})
        self.assertEqual(Case.objects.count(), count + 1)
        case = Case.objects.order_by("-pk").first()
        self.assertRedirects(response, reverse("gbv:case_detail", args=[case.code]))
        self.assertNotIn(row["identity"]["full_name"], response["Location"])


class ScopeTests(GbvTestCase):
    def test_list_shows_codes_of_own_unit_never_names(self):
        self.login(self.gbv_worker)
        response = self.client.get(reverse("gbv:case_list"))
        own = Case.objects.filter(unit=self.commune_a)
        for case in own[:5]:
            self.assertContains(response, case.code)
            self.assertNotContains(response, case.full_name)
        self.assertNotContains(response, self.other_case().code)

    def test_another_units_case_answers_404(self):
        self.login(self.gbv_worker)
        other = self.other_case()
        for name in ("gbv:case_detail", "gbv:case_export"):
            self.assertEqual(self.client.get(reverse(name, args=[other.code])).status_code, 404)
        response = self.client.post(
            reverse("gbv:case_action", args=[other.code, "note"]), {"note-kind": "plan", "note-text": "x"}
        )
        self.assertEqual(response.status_code, 404)

    def test_reporters_coordinator_and_superuser_see_no_case(self):
        code = self.daitu_case().code
        for user in (self.reporter_a, self.head_a, self.coordinator, self.viewer, self.admin):
            self.login(user)
            self.assertEqual(self.client.get(reverse("gbv:case_detail", args=[code])).status_code, 404, user)
            self.assertEqual(self.client.get(reverse("gbv:case_list")).status_code, 404, user)
        self.assertFalse(Case.objects.restrict(self.admin, "gbv").exists())

    def test_a_superuser_works_on_cases_only_through_a_gbv_membership(self):
        code = self.daitu_case().code
        self.assertEqual(self.admin.scope_paths("gbv"), [])
        self.assertIsNone(self.admin.scope_paths("view"))  # the rest of the site stays open to them
        Membership.objects.create(user=self.admin, unit=self.commune_a, role=Role.GBV_WORKER)
        admin = type(self.admin).objects.get(pk=self.admin.pk)  # the memberships read afresh
        own = set(Case.objects.filter(unit=self.commune_a))
        self.assertEqual(set(Case.objects.restrict(admin, "gbv")), own)
        self.login(admin)
        self.assertEqual(self.client.get(reverse("gbv:case_detail", args=[code])).status_code, 200)
        other = self.other_case().code
        self.assertEqual(self.client.get(reverse("gbv:case_detail", args=[other])).status_code, 404)

    def test_the_register_is_never_scoped_by_a_reporting_action(self):
        with self.assertRaises(ValueError):
            Case.objects.restrict(self.admin, "view")

    def test_provider_cannot_open_the_case_itself(self):
        self.login(self.gbv_provider)
        self.assertEqual(
            self.client.get(reverse("gbv:case_detail", args=[self.daitu_case().code])).status_code, 404
        )

    def test_worker_home_page_leads_to_the_register(self):
        self.login(self.gbv_worker)
        self.assertContains(self.client.get(reverse("accounts:home")), reverse("gbv:case_list"))
