from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from binhdang.accounts.models import Membership
from binhdang.core.models import AuditEvent
from binhdang.core.scoping import Action
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.orgunits.models import OrgUnit


class RestrictTests(PersonaTestCase):
    def test_a_commune_reporter_reaches_only_the_commune(self) -> None:
        units = OrgUnit.objects.restrict(self.reporter_a, Action.VIEW)
        self.assertEqual(list(units), [self.commune_a])

    def test_the_coordinator_reaches_the_whole_province_and_nothing_else(self) -> None:
        units = OrgUnit.objects.restrict(self.coordinator, Action.VIEW)
        self.assertEqual(units.count(), 1 + 92 + 21)
        self.assertFalse(units.filter(path__startswith="VN/01").exists())
        self.assertTrue(units.filter(pk=self.commune_b.pk).exists())

    def test_a_viewer_may_view_but_not_change(self) -> None:
        self.assertTrue(
            OrgUnit.objects.restrict(self.viewer, Action.VIEW).filter(pk=self.commune_a.pk).exists()
        )
        self.assertFalse(OrgUnit.objects.restrict(self.viewer, Action.CHANGE).exists())

    def test_the_outsider_reaches_nothing_of_thai_nguyen(self) -> None:
        self.assertFalse(
            OrgUnit.objects.restrict(self.outsider, Action.VIEW).filter(path__startswith="VN/19").exists()
        )

    def test_memberships_are_scoped_too(self) -> None:
        visible = Membership.objects.restrict(self.reporter_b, Action.VIEW)
        self.assertFalse(visible.filter(unit=self.commune_a).exists())
        self.assertTrue(Membership.objects.restrict(self.coordinator).filter(unit=self.commune_a).exists())

    def test_an_anonymous_user_reaches_nothing(self) -> None:
        self.assertFalse(OrgUnit.objects.restrict(AnonymousUser()).exists())

    def test_a_disabled_account_reaches_nothing(self) -> None:
        self.reporter_a.is_active = False
        self.assertFalse(OrgUnit.objects.restrict(self.reporter_a).exists())


class UnitViewScopeTests(PersonaTestCase):
    def test_commune_b_cannot_open_commune_a(self) -> None:
        self.login(self.reporter_b)
        response = self.client.get(reverse("orgunits:unit_detail", args=[self.commune_a.code]))
        self.assertEqual(response.status_code, 404)

    def test_a_unit_outside_scope_answers_like_one_that_does_not_exist(self) -> None:
        self.login(self.reporter_b)
        hidden = self.client.get(reverse("orgunits:unit_detail", args=[self.commune_a.code]))
        missing = self.client.get(reverse("orgunits:unit_detail", args=["NO-SUCH-UNIT"]))
        self.assertEqual((hidden.status_code, missing.status_code), (404, 404))

    def test_commune_b_cannot_change_commune_a(self) -> None:
        self.login(self.reporter_b)
        url = reverse("orgunits:unit_edit", args=[self.commune_a.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            url, {"email": "stolen@example.vn", "phone": "", "address": "", "contact_person": ""}
        )
        self.assertEqual(response.status_code, 404)
        self.commune_a.refresh_from_db()
        self.assertEqual(self.commune_a.email, "")

    def test_commune_a_edits_its_own_contacts_with_an_audit_row(self) -> None:
        self.login(self.reporter_a)
        url = reverse("orgunits:unit_edit", args=[self.commune_a.code])
        response = self.client.post(
            url,
            {
                "email": "vhxh.daitu@thainguyen.gov.vn",
                "phone": "0208 3824 111",
                "address": "",
                "contact_person": "",
            },
        )
        self.assertRedirects(response, reverse("orgunits:unit_detail", args=[self.commune_a.code]))
        self.commune_a.refresh_from_db()
        self.assertEqual(self.commune_a.email, "vhxh.daitu@thainguyen.gov.vn")
        event = AuditEvent.objects.get(event_type="orgunits.contacts_updated")
        self.assertEqual(event.acting_user, self.reporter_a)
        self.assertEqual(event.extra_data["changes"]["email"], ["", "vhxh.daitu@thainguyen.gov.vn"])

    def test_a_bad_email_is_refused_in_vietnamese_and_nothing_is_saved(self) -> None:
        self.login(self.reporter_a)
        url = reverse("orgunits:unit_edit", args=[self.commune_a.code])
        response = self.client.post(
            url, {"email": "khong-phai-email", "phone": "1", "address": "", "contact_person": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nhập địa chỉ email.")
        self.commune_a.refresh_from_db()
        self.assertEqual(self.commune_a.phone, "")

    def test_the_unit_list_shows_only_units_in_scope(self) -> None:
        self.login(self.reporter_b)
        response = self.client.get(reverse("orgunits:unit_list"), {"q": "dai tu"})
        self.assertNotContains(response, "Xã Đại Từ")
        self.login(self.coordinator)
        response = self.client.get(reverse("orgunits:unit_list"), {"q": "dai tu"})
        self.assertContains(response, "Xã Đại Từ")

    def test_the_list_answers_htmx_with_rows_only(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("orgunits:unit_list"), {"q": "phuong"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Phường Phan Đình Phùng")
        self.assertNotContains(response, '<nav class="navbar')


class AdminScopeTests(PersonaTestCase):
    def test_a_commune_reporter_cannot_enter_the_admin(self) -> None:
        self.login(self.reporter_b)
        url = reverse("admin:orgunits_orgunit_change", args=[self.commune_a.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
        response = self.client.post(url, {"name": "Hacked"})
        self.assertEqual(response.status_code, 302)
        self.commune_a.refresh_from_db()
        self.assertEqual(self.commune_a.name, "Xã Đại Từ")

    def test_even_the_coordinator_is_kept_out_of_the_admin(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 302)

    def test_the_system_administrator_enters_the_admin_and_finds_units_without_accents(self) -> None:
        self.login(self.admin)
        response = self.client.get(reverse("admin:orgunits_orgunit_changelist"), {"q": "dai tu"})
        self.assertContains(response, "Xã Đại Từ")
