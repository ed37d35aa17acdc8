"""Every read of a case is logged; break the glass; the data-protection officer's log; the survivor's
rights (export, erasure); the public directory."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from binhdang.accounts.models import Membership, User
from binhdang.core.models import AuditEvent, Notification
from binhdang.gbv.models import AccessLog, Case, Referral, ServiceProvider
from binhdang.gbv.tests.helpers import GbvTestCase


class AccessLogTests(GbvTestCase):
    def rows(self, **filters):
        return AccessLog.objects.filter(**filters)

    def test_list_logs_one_row_per_case_shown(self):
        self.login(self.gbv_worker)
        self.client.get(reverse("gbv:case_list"))
        shown = Case.objects.filter(unit=self.commune_a).count()
        self.assertEqual(self.rows(kind="list", user=self.gbv_worker).count(), shown)
        self.assertEqual(self.rows(kind="list").first().role, "gbv_worker")

    def test_detail_export_and_referral_views_are_logged(self):
        case = self.daitu_case()
        self.login(self.gbv_worker)
        self.client.get(reverse("gbv:case_detail", args=[case.code]))
        self.assertEqual(self.rows(kind="detail", case_code=case.code, user=self.gbv_worker).count(), 1)
        self.login(self.gbv_supervisor)
        response = self.client.get(reverse("gbv:case_export", args=[case.code]))
        self.assertEqual(json.loads(response.content)["identity"]["full_name"], case.full_name)
        self.assertEqual(self.rows(kind="subject_export", case_code=case.code).count(), 1)
        referral = Referral.objects.get(provider=self.shelter)
        self.login(self.gbv_provider)
        self.client.get(reverse("gbv:referral_detail", args=[referral.pk]))
        self.assertEqual(
            self.rows(kind="referral", case_code=referral.case.code, user=self.gbv_provider).count(), 1
        )

    def test_api_read_is_logged_and_carries_no_identity(self):
        self.login(self.gbv_worker)
        data = self.client.get(reverse("gbv:api_cases")).json()
        codes = {row["code"] for row in data["cases"]}
        self.assertEqual(codes, set(Case.objects.filter(unit=self.commune_a).values_list("code", flat=True)))
        self.assertEqual(set(self.rows(kind="api").values_list("case_code", flat=True)), codes)
        text = json.dumps(data, ensure_ascii=False)
        for case in Case.objects.filter(unit=self.commune_a):
            self.assertNotIn(case.full_name, text)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("gbv:api_cases")).status_code, 404)

    def test_worker_cannot_export(self):
        self.login(self.gbv_worker)
        self.assertEqual(
            self.client.get(reverse("gbv:case_export", args=[self.daitu_case().code])).status_code, 404
        )

    def test_break_the_glass_needs_a_reason_and_tells_the_supervisor(self):
        other = self.other_case()  # Phú Lương: outside the Đại Từ worker's scope
        self.login(self.gbv_worker)
        self.assertEqual(self.client.get(reverse("gbv:case_detail", args=[other.code])).status_code, 404)
        page = self.client.get(reverse("gbv:break_glass", args=[other.code]))
        self.assertNotContains(page, other.full_name)
        short = self.client.post(reverse("gbv:break_glass", args=[other.code]), {"reason": "xem"})
        self.assertNotContains(short, other.full_name)
        self.assertFalse(self.rows(kind="break_glass").exists())
        reason = "Người bị bạo lực đang ở trạm y tế xã Đại Từ, cần kiểm tra hồ sơ để hỗ trợ khẩn cấp"
        opened = self.client.post(reverse("gbv:break_glass", args=[other.code]), {"reason": reason})
        self.assertContains(opened, other.full_name)
        row = self.rows(kind="break_glass").get()
        self.assertEqual((row.case_code, row.reason, row.user), (other.code, reason, self.gbv_worker))
        # A supervisor whose scope covers Phú Lương: the DPO is province-wide; add a Phú Lương supervisor.
        self.assertTrue(AuditEvent.objects.filter(event_type="gbv.break_glass").exists())

    def test_break_glass_notifies_supervisors_of_the_case(self):
        case = self.daitu_case()
        outside = self.users["gbv_worker"]
        # A worker of another commune breaks the glass on a Đại Từ case.
        other = User.objects.create(username="phuluong.hotro", full_name="Cán bộ Phú Lương")
        Membership.objects.create(user=other, unit=self.commune_b, role="gbv_worker")
        self.login(other)
        self.client.post(
            reverse("gbv:break_glass", args=[case.code]), {"reason": "Hỗ trợ khẩn cấp tại xã bên cạnh"}
        )
        note = Notification.objects.get(user=self.gbv_supervisor, kind="gbv.break_glass")
        self.assertIn(case.code, note.title)
        self.assertNotIn(case.full_name, note.title + note.body)
        self.assertNotEqual(outside, other)

    def test_officer_sees_and_exports_the_log(self):
        case = self.daitu_case()
        self.login(self.gbv_worker)
        self.client.get(reverse("gbv:case_detail", args=[case.code]))
        self.login(self.data_protection)
        page = self.client.get(reverse("gbv:access_log") + f"?case={case.code}")
        self.assertContains(page, case.code)
        self.assertContains(page, str(self.gbv_worker))
        self.assertNotContains(page, case.full_name)
        export = self.client.get(reverse("gbv:access_log") + f"?case={case.code}&format=csv")
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        self.assertGreaterEqual(len(rows), 2)
        self.assertTrue(all(r[3] == case.code for r in rows[1:]))
        # The officer reads the log, never a case.
        self.assertEqual(self.client.get(reverse("gbv:case_detail", args=[case.code])).status_code, 404)

    def test_reporters_cannot_read_the_log(self):
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("gbv:access_log")).status_code, 404)


class SubjectRightsTests(GbvTestCase):
    def test_erasure_removes_the_survivor_and_keeps_the_log(self):
        case = self.daitu_case()
        code, name = case.code, case.full_name
        self.login(self.gbv_worker)
        self.client.get(reverse("gbv:case_detail", args=[code]))
        self.assertEqual(
            self.client.post(
                reverse("gbv:case_erase", args=[code]), {"legal_reference": "Đơn số 12"}
            ).status_code,
            404,
        )  # the worker cannot erase
        self.login(self.gbv_supervisor)
        self.client.post(reverse("gbv:case_erase", args=[code]), {"legal_reference": ""})
        self.assertTrue(Case.objects.filter(code=code).exists())  # no reference: refused
        self.client.post(
            reverse("gbv:case_erase", args=[code]), {"legal_reference": "Đơn yêu cầu xóa dữ liệu số 12/2026"}
        )
        self.assertFalse(Case.objects.filter(code=code).exists())
        self.assertTrue(AccessLog.objects.filter(case_code=code, kind="erasure").exists())
        self.assertTrue(AccessLog.objects.filter(case_code=code, kind="detail").exists())
        events = AuditEvent.objects.filter(event_type="gbv.case_erased").get()
        self.assertNotIn(name, json.dumps(events.extra_data, ensure_ascii=False))


class DirectoryTests(GbvTestCase):
    def test_public_page_shows_the_hotline_never_the_shelters_location(self):
        page = self.client.get(reverse("gbv:public_directory"))  # no login
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, self.shelter.name)
        self.assertContains(page, self.shelter.contact_phone)
        self.assertContains(page, "111")
        self.assertNotContains(page, self.shelter.location)
        trusted = self.shelter.__class__.objects.get(kind="trusted_address")
        self.assertNotContains(page, trusted.location)
        self.assertContains(page, self.health.location)  # a health station's address is public

    def test_open_data_export_has_no_location_for_a_shelter(self):
        data = self.client.get(reverse("gbv:public_directory_json")).json()
        text = json.dumps(data, ensure_ascii=False)
        self.assertNotIn(self.shelter.location, text)
        self.assertIn(self.shelter.contact_phone, text)
        service = next(s for s in data["services"] if s["name"] == self.shelter.name)
        self.assertTrue(service["confidential_location"])
        self.assertFalse(
            [loc for loc in data["locations"] if loc["organization_id"] == service["organization_id"]]
        )

    def test_workers_directory_shows_locations(self):
        self.login(self.gbv_worker)
        self.assertContains(self.client.get(reverse("gbv:directory")), self.shelter.location)
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("gbv:directory")).status_code, 404)


class DirectoryEditTests(GbvTestCase):
    def form(self, **changes):
        data = {
            "name": "Nhà tạm lánh xóm Cầu",
            "kind": "shelter",
            "unit": self.commune_a.pk,
            "services": ["SHELTER"],
            "location": "Nhà ông Lục Văn Tư, xóm Cầu",
            "contact_phone": "0208 3999 000",
            "hours": "24/7",
            "capacity": "3",
            "description": "",
            "is_public": "on",
        }
        return data | changes

    def test_supervisor_adds_a_shelter_that_the_public_page_shows_without_its_place(self):
        self.login(self.gbv_supervisor)
        response = self.client.post(reverse("gbv:directory_new"), self.form(contact_phone=""))
        self.assertContains(response, "không bao giờ được công bố")  # a shelter needs a routing contact
        self.client.post(reverse("gbv:directory_new"), self.form())
        shelter = ServiceProvider.objects.get(name="Nhà tạm lánh xóm Cầu")
        self.assertEqual(shelter.location, "Nhà ông Lục Văn Tư, xóm Cầu")
        self.client.logout()
        page = self.client.get(reverse("gbv:public_directory"))
        self.assertContains(page, "0208 3999 000")
        self.assertNotContains(page, "Lục Văn Tư")

    def test_worker_and_other_communes_cannot_edit(self):
        self.login(self.gbv_worker)
        self.assertEqual(self.client.get(reverse("gbv:directory_new")).status_code, 404)
        self.login(self.gbv_supervisor)
        legal = ServiceProvider.objects.get(kind="legal_aid")  # a provincial body's entry
        self.assertEqual(self.client.get(reverse("gbv:directory_edit", args=[legal.pk])).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("gbv:directory_edit", args=[self.shelter.pk])).status_code, 200
        )
