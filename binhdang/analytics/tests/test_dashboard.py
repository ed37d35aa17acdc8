"""The dashboard shows the same numbers as the consolidation, within the user's scope."""

from django.urls import reverse

from binhdang.analytics.engine import consolidate
from binhdang.reporting.models import Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import ReportTestCase


class DashboardTests(ReportTestCase):
    def setUp(self) -> None:
        for unit, women, men in ((self.commune_a, "3", "1"), (self.commune_b, "5", "2")):
            do_save_cells(
                self.period,
                unit,
                [
                    CellChange("OFFICIALS", make_key(sex="F"), women, None, None),
                    CellChange("OFFICIALS", make_key(sex="M"), men, None, None),
                ],
                acting_user=self.coordinator,
            )
        Submission.objects.filter(unit=self.commune_a).update(status="accepted")
        Submission.objects.filter(unit=self.commune_b).update(status="submitted")

    def test_the_coordinator_sees_the_accepted_figures_and_can_include_the_rest(self) -> None:
        self.login(self.coordinator)
        url = reverse("analytics:dashboard", args=[self.period.pk])
        response = self.client.get(url)
        self.assertContains(response, '<td class="text-end" data-total>4</td>', html=False)
        self.assertEqual(response.context["chart"]["female"][0], 3)
        self.assertEqual(response.context["chart"]["names"], {"female": "Nữ", "male": "Nam"})
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertEqual(self.client.get(url).context["chart"]["names"], {"female": "Women", "male": "Men"})
        provisional = self.client.get(url, {"provisional": "1"})
        self.assertContains(provisional, '<td class="text-end" data-total>11</td>', html=False)
        report = consolidate(self.period, self.province, provisional=True)
        self.assertEqual(report.element("OFFICIALS").total, 11)

    def test_drill_down_to_a_commune_and_never_above_the_scope(self) -> None:
        self.login(self.coordinator)
        url = reverse("analytics:dashboard", args=[self.period.pk])
        response = self.client.get(url, {"unit": self.commune_a.code})
        self.assertContains(response, '<td class="text-end" data-total>4</td>', html=False)
        self.login(self.reporter_b)
        self.assertEqual(self.client.get(url, {"unit": self.commune_a.code}).status_code, 404)
        self.assertEqual(self.client.get(url, {"unit": "19"}).status_code, 404)
        own = self.client.get(url)
        self.assertEqual(own.context["root"], self.commune_b)

    def test_labels_are_never_cut_and_the_unit_table_keeps_the_units_name_in_view(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("analytics:dashboard", args=[self.period.pk]))
        label = "Công chức làm công tác BĐG"
        self.assertEqual(response.context["chart"]["labels"][0], label)  # whole: the chart wraps it
        self.assertContains(
            response, 'class="text-end figure-head" title="Công chức làm công tác BĐG">Công chức'
        )
        self.assertContains(response, 'class="fw-normal sticky-col"')
        self.assertNotContains(response, "…</th>")
