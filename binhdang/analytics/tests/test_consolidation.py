"""Consolidation: totals equal the direct sums of the raw values, whatever the tree and the values."""

import json
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from binhdang.analytics import partials
from binhdang.analytics.engine import consolidate, consolidated_values
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase, make_form
from binhdang.reporting.validation import evaluate
from binhdang.reporting.workflow import do_return


class EnteredReportTestCase(ReportTestCase):
    """Reports entered through the service, then put in a status directly."""

    def enter(self, unit, cells, status="accepted"):  # noqa: ANN001
        do_save_cells(
            self.period,
            unit,
            [CellChange(c, k, v, None, None) for c, k, v in cells],
            acting_user=self.coordinator,
        )
        Submission.objects.filter(period=self.period, unit=unit).update(status=status)


class ConsolidationTests(EnteredReportTestCase):
    def test_accepted_reports_only_unless_provisional(self) -> None:
        self.enter(
            self.commune_a, [("OFFICIALS", make_key(sex="F"), "3"), ("OFFICIALS", make_key(sex="M"), "1")]
        )
        self.enter(self.commune_b, [("OFFICIALS", make_key(sex="F"), "5")], status="submitted")
        final = consolidate(self.period, self.province)
        self.assertEqual(final.element("OFFICIALS").total, 4)
        self.assertEqual(final.element("OFFICIALS").dimension("sex").as_dict(), {"M": 1, "F": 3})
        provisional = consolidate(self.period, self.province, provisional=True)
        self.assertEqual(provisional.element("OFFICIALS").total, 9)
        self.assertEqual(provisional.element("OFFICIALS").dimension("sex").as_dict(), {"M": 1, "F": 8})
        self.assertEqual(provisional.element("OFFICIALS").by_kind, {"commune": 9})

    def test_a_unit_that_only_knows_its_total_counts_in_the_total_but_not_in_the_split(self) -> None:
        self.enter(self.commune_a, [("OFFICIALS", TOTAL, "6")])
        self.enter(
            self.commune_b, [("OFFICIALS", make_key(sex="F"), "2"), ("OFFICIALS", make_key(sex="M"), "2")]
        )
        element = consolidate(self.period, self.province).element("OFFICIALS")
        self.assertEqual(element.total, 10)
        self.assertEqual(element.dimension("sex").as_dict(), {"M": 2, "F": 2})

    def test_the_json_command(self) -> None:
        self.enter(
            self.commune_a,
            [
                ("PARTICIPANTS", make_key(sex="F", ethnicity="02"), "12"),
                ("PARTICIPANTS", make_key(sex="M", ethnicity="02"), "3"),
                ("SPENT", TOTAL, "1.500.000"),
            ],
        )
        out = StringIO()
        call_command("consolidate", "--period", "2026", "--unit", "19", "--json", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["elements"]["PARTICIPANTS"]["total"], 15)
        self.assertEqual(data["elements"]["PARTICIPANTS"]["by"]["sex"], {"M": 3, "F": 12})
        self.assertEqual(data["elements"]["PARTICIPANTS"]["by"]["ethnicity"], {"02": 15})
        self.assertEqual(data["elements"]["SPENT"]["total"], 1500000)
        self.assertEqual(data["completeness"]["expected"], 113)

    def test_the_action_month_indicator_divides_by_the_units_that_must_report(self) -> None:
        report = consolidate(self.period, self.province)
        values = consolidated_values(report)
        self.assertEqual(evaluate("E(_UNITS)", values), 113)

    def test_a_commune_root_sees_its_own_figures_only(self) -> None:
        self.enter(self.commune_a, [("OFFICIALS", TOTAL, "6")])
        self.enter(self.commune_b, [("OFFICIALS", TOTAL, "2")])
        self.assertEqual(consolidate(self.period, self.commune_b).element("OFFICIALS").total, 2)


class CountryConsolidationTests(EnteredReportTestCase):
    """The country adds up its provinces' partial sums, each kept until its counted reports change."""

    def test_the_country_adds_up_its_provinces_and_follows_every_change(self) -> None:
        hanoi = OrgUnit.objects.filter(path__startswith="VN/01/", kind__in=["ward", "commune"]).first()
        country = OrgUnit.objects.get(code="VN")
        self.enter(
            self.commune_a, [("OFFICIALS", make_key(sex="F"), "3"), ("OFFICIALS", make_key(sex="M"), "1")]
        )
        self.enter(hanoi, [("OFFICIALS", TOTAL, "10")])
        element = consolidate(self.period, country).element("OFFICIALS")
        self.assertEqual(element.total, 14)
        self.assertEqual(element.by_unit, {"19": 4, "01": 10})  # one line per province
        self.assertEqual(element.dimension("sex").as_dict(), {"M": 1, "F": 3})
        self.assertEqual(element.reporting_units, 2)
        report = consolidate(self.period, country)
        self.assertEqual(report.element("OFFICIALS").total, 14)  # kept
        self.assertEqual([unit.code for unit in report.units], ["01", "19"])  # Hà Nội, Thái Nguyên
        self.assertEqual(sum(row.expected for row in report.kinds), report.completeness.expected)
        self.assertEqual(sum(row.reporting for row in report.kinds), 2)

        # Returned: Hà Nội's figure leaves the country's total at once.
        report = Submission.objects.get(period=self.period, unit=hanoi)
        do_return(report, "Số liệu chưa khớp", acting_user=self.coordinator)
        self.assertEqual(consolidate(self.period, country).element("OFFICIALS").by_unit, {"19": 4})
        # Corrected and accepted again: the new figure, not the one kept before.
        do_save_cells(
            self.period,
            hanoi,
            [CellChange("OFFICIALS", TOTAL, "12", None, None)],
            acting_user=self.coordinator,
        )
        Submission.objects.filter(pk=report.pk).update(status="accepted")
        element = consolidate(self.period, country).element("OFFICIALS")
        self.assertEqual((element.total, element.by_unit), (16, {"19": 4, "01": 12}))
        # Provisional figures are kept apart from the final ones.
        self.enter(self.commune_b, [("OFFICIALS", TOTAL, "5")], status="submitted")
        self.assertEqual(consolidate(self.period, country).element("OFFICIALS").total, 16)
        self.assertEqual(consolidate(self.period, country, provisional=True).element("OFFICIALS").total, 21)

    def test_sums_computed_while_a_report_moves_are_not_read_again(self) -> None:
        hanoi = OrgUnit.objects.filter(path__startswith="VN/01/", kind__in=["ward", "commune"]).first()
        country = OrgUnit.objects.get(code="VN")
        self.enter(hanoi, [("OFFICIALS", TOTAL, "10")])
        report = Submission.objects.get(period=self.period, unit=hanoi)
        real = partials.unit_groups

        def returned_meanwhile(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            # The report is returned after the fingerprint was read and before the sums are.
            if report.status == "accepted":
                report.status = "returned"
                report.save()
            return real(*args, **kwargs)

        with mock.patch.object(partials, "unit_groups", returned_meanwhile):
            self.assertIsNone(consolidate(self.period, country).element("OFFICIALS").total)
        report.status = "accepted"  # accepted again, unchanged, as the workflow saves it
        report.save()
        self.assertEqual(consolidate(self.period, country).element("OFFICIALS").total, 10)

    def test_one_pass_over_the_country_gives_what_province_by_province_gives(self) -> None:
        hanoi = OrgUnit.objects.filter(path__startswith="VN/01/", kind__in=["ward", "commune"]).first()
        country = OrgUnit.objects.get(code="VN")
        self.enter(self.commune_a, [("PARTICIPANTS", make_key(sex="F", ethnicity="02"), "7")])
        self.enter(hanoi, [("PARTICIPANTS", make_key(sex="M", ethnicity="01"), "4"), ("SPENT", TOTAL, "900")])
        first = consolidate(self.period, country)
        cache.clear()
        with mock.patch("binhdang.analytics.partials.ONE_BY_ONE", 0):
            second = consolidate(self.period, country)
        whole, one_by_one = second.totals_json(), first.totals_json()
        self.assertEqual(whole, one_by_one)
        self.assertEqual([vars(row) for row in second.kinds], [vars(row) for row in first.kinds])
        self.assertEqual(sum(row.reporting for row in second.kinds), 2)
        self.assertEqual(whole["elements"]["PARTICIPANTS"]["by"]["ethnicity"], {"01": 4, "02": 7})
        self.assertEqual(whole["elements"]["SPENT"]["total"], 900)


UNIT_VALUES = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 50), st.integers(0, 50), st.booleans()),
    min_size=1,
    max_size=12,
)


class ConsolidationPropertyTests(HypothesisTestCase):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tree=st.lists(st.integers(0, 3), min_size=1, max_size=8), values=UNIT_VALUES)
    def test_every_total_is_the_direct_sum_of_the_raw_values(self, tree: list[int], values: list) -> None:
        if not OrgUnit.objects.filter(code="19").exists():
            load_register(province_codes={"19"})
        period = _form() if _has_form() else make_form()
        province = OrgUnit.objects.get(code="19")
        # A random tree of extra units under the province: each new unit hangs under an earlier one.
        nodes = [province]
        for index, parent_index in enumerate(tree):
            parent = nodes[min(parent_index, len(nodes) - 1)]
            nodes.append(
                OrgUnit.objects.create(code=f"X{index}", name=f"Đơn vị {index}", kind="agency", parent=parent)
            )
        expected_total = expected_f = expected_m = Decimal(0)
        entered = {}
        own: dict[str, Decimal] = {}  # unit code -> what it typed
        for node_index, women, men, split in values:
            unit = nodes[1 + node_index % (len(nodes) - 1)] if len(nodes) > 1 else province
            if unit.pk in entered:
                continue
            entered[unit.pk] = True
            cells = (
                [("OFFICIALS", make_key(sex="F"), str(women)), ("OFFICIALS", make_key(sex="M"), str(men))]
                if split
                else [("OFFICIALS", TOTAL, str(women + men))]
            )
            do_save_cells(
                period, unit, [CellChange(c, k, v, None, None) for c, k, v in cells], acting_user=None
            )
            Submission.objects.filter(period=period, unit=unit).update(status="accepted")
            expected_total += women + men
            own[unit.code] = Decimal(women + men)
            if split:
                expected_f += women
                expected_m += men
        report = consolidate(period, province)
        element = report.element("OFFICIALS")
        self.assertEqual(element.total or 0, expected_total)
        sex = element.dimension("sex").as_dict() if element.dimension("sex") else {}
        self.assertEqual(sex.get("F", 0), expected_f)
        self.assertEqual(sex.get("M", 0), expected_m)
        raw = sum((v.value for v in DataValue.objects.filter(element__code="OFFICIALS")), Decimal(0))
        self.assertLessEqual(element.total or 0, raw)  # never more than what was typed
        # Each subtree's total is the sum of its own units' figures, and the province lists each of
        # its children with its subtree's total.
        for node in nodes[1:]:
            below = [n for n in nodes[1:] if n.path == node.path or n.path.startswith(node.path + "/")]
            direct = sum((own.get(n.code, Decimal(0)) for n in below), Decimal(0))
            self.assertEqual(consolidate(period, node).element("OFFICIALS").total or 0, direct)
            if node.parent_id == province.pk and direct:
                self.assertEqual(element.by_unit[node.code], direct)
            elif node.parent_id != province.pk:
                self.assertNotIn(node.code, element.by_unit)


def _has_form() -> bool:
    return ReportingPeriod.objects.exists()


def _form():  # noqa: ANN202

    return ReportingPeriod.objects.get()
