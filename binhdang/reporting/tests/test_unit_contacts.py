"""Unit contacts (head, reporter, phone, e-mail): edited by the unit and by the coordinator,
audited, shown on the completeness page's rows with a way back to the row."""

from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.reporting.tests.helpers import ReportTestCase

CONTACTS = {
    "head_name": "Lường Thị Lan, Chủ tịch UBND xã",
    "contact_person": "Hoàng Văn Minh",
    "phone": "0208 3824 111",
    "email": "vhxh.daitu@thainguyen.gov.vn",
    "address": "",
}


class UnitContactTests(ReportTestCase):
    def progress(self) -> str:
        response = self.client.get(reverse("reporting:progress", args=[self.period.pk]))
        return response.content.decode().split(f'id="unit-{self.commune_a.code}"')[1].split("</tr>")[0]

    def test_the_coordinator_edits_a_units_contacts_from_its_row_and_comes_back_to_it(self) -> None:
        self.login(self.coordinator)
        row = self.progress()
        edit = reverse("orgunits:unit_edit", args=[self.commune_a.code])
        self.assertIn(f'href="{edit}?next=', row)
        back = reverse("reporting:progress", args=[self.period.pk]) + f"#unit-{self.commune_a.code}"
        response = self.client.post(edit, {**CONTACTS, "next": back})
        self.assertRedirects(response, back, fetch_redirect_response=False)
        row = self.progress()
        for shown in (
            "Lường Thị Lan, Chủ tịch UBND xã",
            "Hoàng Văn Minh",
            'href="tel:0208 3824 111"',
            'href="mailto:vhxh.daitu@thainguyen.gov.vn"',
        ):
            self.assertIn(shown, row)
        event = AuditEvent.objects.get(event_type="orgunits.contacts_updated")
        self.assertEqual(event.acting_user, self.coordinator)
        self.assertEqual(event.extra_data["changes"]["head_name"], ["", "Lường Thị Lan, Chủ tịch UBND xã"])

    def test_the_unit_edits_its_own_and_a_foreign_next_is_not_followed(self) -> None:
        self.login(self.reporter_a)
        edit = reverse("orgunits:unit_edit", args=[self.commune_a.code])
        response = self.client.post(edit, {**CONTACTS, "next": "https://example.com/"})
        self.assertRedirects(response, reverse("orgunits:unit_detail", args=[self.commune_a.code]))
        self.commune_a.refresh_from_db()
        self.assertEqual(self.commune_a.contact_person, "Hoàng Văn Minh")
        page = self.client.get(reverse("orgunits:unit_detail", args=[self.commune_a.code]))
        self.assertContains(page, "Thủ trưởng đơn vị")
        self.assertContains(page, "Lường Thị Lan, Chủ tịch UBND xã")
        self.login(self.reporter_b)  # another commune cannot
        self.assertEqual(self.client.post(edit, {**CONTACTS, "phone": "1"}).status_code, 404)
