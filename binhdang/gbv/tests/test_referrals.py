"""Consent as records, referrals and their deadlines, the supervisor's override, the provider's view."""

from __future__ import annotations

import datetime
import zoneinfo

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from binhdang.core.models import Notification
from binhdang.gbv import services
from binhdang.gbv.choices import ConsentPurpose, ReferralStatus
from binhdang.gbv.models import Case, Referral
from binhdang.gbv.tasks import escalate_referrals_task
from binhdang.gbv.tests.helpers import GbvTestCase

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TEXT = "Văn bản đã đọc cho người bị bạo lực."


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


class ConsentTests(GbvTestCase):
    def new_case(self) -> Case:
        return services.do_register_case(
            self.commune_a,
            services.Identity("Lò Thị Mây", 1990),
            home_commune=self.commune_a,
            sex="F",
            age_band="16_59",
            registered_on=datetime.date(2026, 5, 1),
            acting_user=self.gbv_worker,
        )

    def consent(self, case: Case, purpose: str, decision: str = "given", provider=None) -> None:
        services.do_record_consent(
            case,
            purpose=purpose,
            decision=decision,
            legal_basis="consent",
            text_shown=TEXT,
            provider=provider,
            acting_user=self.gbv_worker,
        )

    def test_current_consent_is_the_latest_record_per_purpose(self):
        case = self.new_case()
        self.assertEqual(services.current_consent(case), {})
        self.consent(case, ConsentPurpose.STATISTICS)
        self.consent(case, ConsentPurpose.STATISTICS, "withdrawn")
        self.consent(case, ConsentPurpose.SERVICES)
        state = services.current_consent(case)
        self.assertFalse(state[(ConsentPurpose.STATISTICS, None)])
        self.assertTrue(state[(ConsentPurpose.SERVICES, None)])
        self.assertEqual(case.consents.count(), 3)  # nothing overwritten: the history stays
        record = case.consents.first()
        self.assertEqual((record.text_shown, record.recorded_by), (TEXT, self.gbv_worker))

    def test_referral_without_consent_is_refused(self):
        case = self.new_case()
        with self.assertRaises(ValidationError):
            services.do_refer(
                case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_worker
            )
        self.consent(case, ConsentPurpose.SERVICES)
        with self.assertRaises(ValidationError):  # consent to services is not consent to this referral
            services.do_refer(
                case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_worker
            )
        self.consent(case, ConsentPurpose.REFERRAL, provider=self.health)
        with self.assertRaises(ValidationError):  # … nor is consent to another service
            services.do_refer(
                case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_worker
            )
        self.consent(case, ConsentPurpose.REFERRAL, provider=self.shelter)
        referral = services.do_refer(
            case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_worker
        )
        self.assertEqual(referral.status, ReferralStatus.PENDING)
        self.assertEqual(referral.override_reason, "")

    def test_supervisor_override_needs_a_reason_and_is_kept(self):
        case = self.new_case()
        with self.assertRaises(PermissionDenied):  # a worker cannot override
            services.do_refer(
                case,
                self.shelter,
                service_type="SHELTER",
                need="Tạm lánh",
                acting_user=self.gbv_worker,
                override_reason="Trẻ em đang gặp nguy hiểm",
            )
        with self.assertRaises(ValidationError):  # the supervisor without a reason is refused too
            services.do_refer(
                case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_supervisor
            )
        referral = services.do_refer(
            case,
            self.shelter,
            service_type="SHELTER",
            need="Tạm lánh",
            acting_user=self.gbv_supervisor,
            override_reason="Trẻ em đang gặp nguy hiểm",
        )
        self.assertEqual(
            (referral.override_reason, referral.override_by),
            ("Trẻ em đang gặp nguy hiểm", self.gbv_supervisor),
        )

    def test_withdrawal_revokes_open_referrals_and_stops_services(self):
        case = self.new_case()
        self.consent(case, ConsentPurpose.SERVICES)
        self.consent(case, ConsentPurpose.REFERRAL, provider=self.shelter)
        referral = services.do_refer(
            case, self.shelter, service_type="SHELTER", need="Tạm lánh", acting_user=self.gbv_worker
        )
        self.consent(case, ConsentPurpose.REFERRAL, "withdrawn", provider=self.shelter)
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.REVOKED)
        with self.assertRaises(ValidationError):
            services.do_refer(
                case, self.shelter, service_type="SHELTER", need="Lại", acting_user=self.gbv_worker
            )
        self.consent(case, ConsentPurpose.SERVICES, "withdrawn")
        with self.assertRaises(ValidationError):
            services.do_add_service(
                case, service_type="HEALTH", started_on=datetime.date(2026, 5, 2), acting_user=self.gbv_worker
            )

    def test_consent_form_on_the_case_page(self):
        case = self.new_case()
        self.login(self.gbv_worker)
        response = self.client.post(
            reverse("gbv:case_action", args=[case.code, "consent"]),
            {"consent-purpose": "referral", "consent-decision": "given", "consent-legal_basis": "consent"},
        )
        self.assertRedirects(
            response, reverse("gbv:case_detail", args=[case.code]), fetch_redirect_response=False
        )
        self.assertFalse(case.consents.exists())  # a referral consent names its service
        response = self.client.post(
            reverse("gbv:case_action", args=[case.code, "consent"]),
            {"consent-purpose": "statistics", "consent-decision": "given", "consent-legal_basis": "consent"},
        )
        record = case.consents.get()
        self.assertIn("thống kê", record.text_shown)  # the standard text, in Vietnamese, kept with the record


class ReferralLifecycleTests(GbvTestCase):
    def referral(self) -> Referral:
        return Referral.objects.get(provider=self.shelter)  # the demo's pending referral

    def test_provider_sees_only_what_the_referral_shares(self):
        referral = self.referral()
        case = referral.case
        self.login(self.gbv_provider)
        listing = self.client.get(reverse("gbv:referral_list"))
        self.assertContains(listing, case.code)
        page = self.client.get(reverse("gbv:referral_detail", args=[referral.pk]))
        self.assertContains(page, referral.need)
        self.assertContains(page, case.full_name)  # shared by the referral
        for hidden in (case.address, case.id_number, case.guardian or "§"):
            self.assertNotContains(page, hidden)
        # Another service's staff sees nothing of it.
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("gbv:referral_detail", args=[referral.pk])).status_code, 404)

    def test_accept_then_done_records_the_service(self):
        referral = self.referral()
        self.login(self.gbv_provider)
        self.client.post(reverse("gbv:referral_move", args=[referral.pk, "accept"]))
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.ACCEPTED)
        self.client.post(reverse("gbv:referral_move", args=[referral.pk, "done"]))
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.DONE)
        self.assertTrue(referral.case.services.filter(service_type="SHELTER", provider=self.shelter).exists())
        self.assertTrue(Notification.objects.filter(user=self.gbv_worker, kind="gbv.referral").exists())

    def test_reject_needs_a_reason(self):
        referral = self.referral()
        with self.assertRaises(ValidationError):
            services.do_move_referral(referral, "reject", acting_user=self.gbv_provider)
        services.do_move_referral(referral, "reject", acting_user=self.gbv_provider, reason="Hết chỗ")
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.reason), (ReferralStatus.REJECTED, "Hết chỗ"))
        with self.assertRaises(ValidationError):  # no way back from rejected
            services.do_move_referral(referral, "accept", acting_user=self.gbv_provider)


class EscalationTests(GbvTestCase):
    def test_deadline_comes_from_the_service_type_and_escalates_once(self):
        case = Case.objects.filter(unit=self.commune_a).order_by("pk")[2]
        with time_machine.travel(at(2026, 6, 1, 9, 0), tick=False):
            referral = services.do_refer(
                case,
                self.health,
                service_type="HEALTH",
                need="Khám",
                acting_user=self.gbv_supervisor,
                override_reason="Cấp cứu, bị thương",
            )
            self.assertEqual(referral.respond_by, at(2026, 6, 2, 9, 0))  # health: 24 hours (data)
        with time_machine.travel(at(2026, 6, 2, 8, 59), tick=False):
            self.assertNotIn(referral, services.escalate_overdue_referrals())
        with time_machine.travel(at(2026, 6, 2, 10, 0), tick=False):
            call_command("escalate_referrals", verbosity=0)
            referral.refresh_from_db()
            self.assertEqual(referral.escalated_at, at(2026, 6, 2, 10, 0))
            notes = Notification.objects.filter(user=self.gbv_supervisor, kind="gbv.escalation")
            self.assertEqual(notes.count(), 1)
            self.assertIn(case.code, notes.get().title)
            self.assertNotIn(case.full_name, notes.get().title + notes.get().body)
            call_command("escalate_referrals", verbosity=0)  # idempotent
            self.assertEqual(escalate_referrals_task(), 0)  # the hourly Celery beat task, the same
            self.assertEqual(notes.count(), 1)

    def test_an_answered_referral_does_not_escalate(self):
        case = Case.objects.filter(unit=self.commune_a).order_by("pk")[3]
        with time_machine.travel(at(2026, 6, 1, 9, 0), tick=False):
            referral = services.do_refer(
                case,
                self.health,
                service_type="HEALTH",
                need="Khám",
                acting_user=self.gbv_supervisor,
                override_reason="Cấp cứu, bị thương",
            )
            services.do_move_referral(referral, "accept", acting_user=self.gbv_provider)
        with time_machine.travel(at(2026, 6, 5, 9, 0), tick=False):
            self.assertNotIn(referral.pk, [r.pk for r in services.escalate_overdue_referrals()])
