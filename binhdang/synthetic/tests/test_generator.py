"""The synthetic-data generator on two provinces: Thái Nguyên (with the sample plan) and Huế."""

import datetime
import random
import statistics
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import TestCase

from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DimensionOption
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import TaskProgress
from binhdang.reporting.completeness import completeness, expected_units
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, rule_specs, submission_values
from binhdang.reporting.spec import TOTAL
from binhdang.reporting.validation import validate
from binhdang.reporting.workflow import blocking_issues
from binhdang.synthetic.generator import (
    ETHNIC_CODE,
    SyntheticDataError,
    SyntheticDataExists,
    generate_synthetic,
)

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCES = ["19", "46"]
# The brief's mix, written out here rather than read from the module under test.
MIX = {"accepted": 75, "received": 8, "awaiting": 4, "returned": 4, "draft": 4, "missing": 5}


def snapshot() -> list[tuple]:
    """Every cell and every report, in a stable order."""
    cells = sorted(
        DataValue.objects.values_list(
            "unit__code",
            "element__code",
            "sex",
            "age_band",
            "ethnicity",
            "area",
            "funding_source",
            "value",
            "text",
            "comment",
        )
    )
    reports = sorted(
        Submission.objects.values_list(
            "unit__code",
            "period__code",
            "status",
            "submitted_at",
            "delivered_at",
            "accepted_at",
            "return_reason",
        )
    )
    tasks = sorted(TaskProgress.objects.values_list("unit__code", "task__code", "status", "note"))
    return [cells, reports, tasks]


def state(submission: Submission | None) -> str:
    if submission is None:
        return "missing"
    if submission.status == "submitted":
        return "received" if submission.delivered_at else "awaiting"
    return submission.status


class SyntheticGeneratorTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.phases: list[tuple[str, int, int]] = []
        cls.result = generate_synthetic(
            provinces=PROVINCES, years=1, seed=2026, progress=lambda *args: cls.phases.append(args)
        )
        cls.period = ReportingPeriod.objects.select_related("template", "plan").get(code="2026")
        cls.units = [
            unit
            for code in PROVINCES
            for unit in expected_units(cls.period, OrgUnit.objects.get(code=code)).order_by("code")
        ]
        cls.reports = {s.unit_id: s for s in Submission.objects.filter(period=cls.period)}
        sent = [unit for unit in cls.units if unit.pk in cls.reports]
        cls.sample = random.Random(1).sample(sent, 40)

    # Counts and mix -----------------------------------------------------------------------------

    def test_the_period_is_the_2026_annual_report(self) -> None:
        period = self.period
        self.assertEqual(period.template.code, "BDG-NAM")
        self.assertEqual(
            (period.covers_from, period.covers_to, period.due_date, period.consolidation_due),
            (
                datetime.date(2025, 12, 15),
                datetime.date(2026, 12, 14),
                datetime.date(2026, 12, 15),
                datetime.date(2026, 12, 20),
            ),
        )
        self.assertEqual(self.result.periods, ["2026"])

    def test_counts_are_plausible(self) -> None:
        result = self.result
        self.assertEqual(result.provinces, 2)
        self.assertEqual(result.units, len(self.units))
        self.assertEqual(result.submissions, Submission.objects.count())
        self.assertEqual(result.values, DataValue.objects.count())
        self.assertAlmostEqual(result.submissions / result.units, 0.95, delta=0.02)
        self.assertGreater(result.values, 30 * result.submissions)  # a report holds dozens of cells
        expected = {unit.pk for unit in self.units}
        self.assertTrue(set(self.reports) <= expected, "a report from a unit that does not have to report")
        # Progress: one line per province, naming it, with its units and values.
        provinces = [phase for phase in self.phases if phase[0].startswith(("Tỉnh", "Thành phố"))]
        self.assertEqual([(done, total) for _phase, done, total in provinces], [(1, 2), (2, 2)])
        self.assertIn("Tỉnh Thái Nguyên: 113", provinces[0][0])

    def test_the_status_mix_is_within_five_points(self) -> None:
        counts = Counter(state(self.reports.get(unit.pk)) for unit in self.units)
        for name, share in MIX.items():
            with self.subTest(state=name):
                self.assertAlmostEqual(100 * counts[name] / len(self.units), share, delta=5)

    def test_dates_are_plausible_and_about_ten_percent_late(self) -> None:
        deadline = datetime.datetime.combine(datetime.date(2026, 12, 15), datetime.time.max, tzinfo=HCM)
        delivered = [s for s in self.reports.values() if s.delivered_at]
        late = [s for s in delivered if s.delivered_at > deadline]
        self.assertAlmostEqual(len(late) / len(delivered), 0.10, delta=0.03)
        for submission in self.reports.values():
            with self.subTest(unit=submission.unit_id):
                if submission.status == "draft":
                    self.assertIsNone(submission.submitted_at)
                    continue
                self.assertIsNotNone(submission.submitted_at)
                local = submission.submitted_at.astimezone(HCM)
                self.assertTrue(datetime.date(2026, 11, 15) <= local.date() <= datetime.date(2027, 1, 10))
                if submission.status == "accepted":
                    self.assertGreater(submission.accepted_at, submission.delivered_at)
                if submission.status == "returned":
                    self.assertTrue(submission.return_reason)
        # The completeness page agrees (no unit head has an account here, so "awaiting approval"
        # reports count as received there).
        counts = completeness(self.period, OrgUnit.objects.get(code="19"), with_rows=False).total
        thai_nguyen = [unit for unit in self.units if unit.path.startswith("VN/19/")]
        self.assertEqual(counts.expected, len(thai_nguyen))
        accepted = [unit for unit in thai_nguyen if state(self.reports.get(unit.pk)) == "accepted"]
        self.assertEqual(counts.accepted, len(accepted))

    # Values ------------------------------------------------------------------------------------

    def test_every_value_is_a_cell_of_the_units_form(self) -> None:
        for unit in self.sample:
            spec = build_form_spec(self.period, unit)
            values, rows = submission_values(self.reports[unit.pk])
            with self.subTest(unit=unit.code):
                self.assertTrue(rows)
                for code, key in rows:
                    element = spec.element(code)
                    self.assertIsNotNone(element, f"{code} is not on the form of {unit.code}")
                    self.assertIn(key, element.keys())

    def test_a_total_and_its_parts_never_disagree(self) -> None:
        totals: dict[tuple[int, str], Decimal] = {}
        parts: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for row in DataValue.objects.exclude(value=None).select_related("element"):
            if not row.element.dimensions:
                continue
            if row.key == TOTAL:
                totals[(row.unit_id, row.element.code)] = row.value
            else:
                parts[(row.unit_id, row.element.code)] += row.value
        both = set(totals) & set(parts)
        self.assertTrue(both, "some units type the total and the parts")
        for cell in both:
            self.assertEqual(totals[cell], parts[cell], cell)
        # Parts only for most units; the total only for a few who do not know the split.
        total_only = {cell[0] for cell, value in totals.items() if value and cell not in parts}
        units = {unit for unit, _code in parts} | total_only
        self.assertLess(len(total_only) / len(units), 0.2)
        self.assertGreater(len(total_only), 0)

    def test_the_rules_hold(self) -> None:
        rules = rule_specs(self.period)
        for unit in self.sample:
            spec = build_form_spec(self.period, unit)
            values, _rows = submission_values(self.reports[unit.pk])
            with self.subTest(unit=unit.code):
                self.assertEqual(validate(spec, values, rules), [])

    def test_distributions_are_plausible(self) -> None:
        values = DataValue.objects.filter(period=self.period)

        def women_share(code: str) -> float:
            by_sex = dict(values.filter(element__code=code).values_list("sex").annotate(total=Sum("value")))
            return float(by_sex["F"] / (by_sex["F"] + by_sex["M"]))

        for code in ("TRAIN_PARTICIPANTS", "COMM_PARTICIPANTS"):
            self.assertTrue(0.55 <= women_share(code) <= 0.66, (code, women_share(code)))
        self.assertGreater(women_share("GBV_CASES"), 0.7)
        self.assertLess(women_share("GBV_PERPETRATORS"), 0.3)
        # Thái Nguyên's activities in ethnic-minority areas reach mostly minority people.
        by_group = dict(
            values.filter(element__code="COMM_EM_PARTICIPANTS", unit__path__startswith="VN/19/")
            .exclude(ethnicity="")
            .values_list("ethnicity")
            .annotate(total=Sum("value"))
        )
        self.assertLess(by_group.get(ETHNIC_CODE["Kinh"], 0) / sum(by_group.values()), Decimal("0.5"))
        self.assertIn(ETHNIC_CODE["Tày"], by_group)
        # Money: tens of millions of đồng for a commune, hundreds of millions for a department.
        for kind, low, high in (("commune", 10e6, 100e6), ("department", 80e6, 1e9)):
            spent = [
                float(row["total"])
                for row in values.filter(element__code="BUDGET_PLANNED", unit__kind=kind)
                .values("unit")
                .annotate(total=Sum("value"))
            ]
            self.assertTrue(low <= statistics.median(spent) <= high, (kind, statistics.median(spent)))
        yes = values.filter(element__code="CMT_EXISTS", value=1).count()
        self.assertGreater(yes / values.filter(element__code="CMT_EXISTS").count(), 0.8)

    def test_the_ethnic_groups_are_those_of_the_dimension(self) -> None:
        options = dict(
            DimensionOption.objects.filter(dimension__code="ethnicity").values_list("name", "code")
        )
        self.assertEqual(ETHNIC_CODE, options)

    def test_task_results_for_the_plan_of_thai_nguyen(self) -> None:
        self.assertIsNotNone(self.period.plan)
        progress = TaskProgress.objects.filter(task__plan=self.period.plan)
        self.assertEqual(progress.count(), self.result.task_results)
        self.assertGreater(progress.count(), 50)
        self.assertFalse(progress.exclude(unit__path__startswith="VN/19/").exists())
        reported = {unit_id for unit_id in progress.values_list("unit_id", flat=True)}
        self.assertTrue(reported <= set(self.reports), "task results from a unit without a report")
        statuses = Counter(progress.values_list("status", flat=True))
        self.assertGreater(statuses["done"], statuses["in_progress"])

    # Running again -----------------------------------------------------------------------------

    def test_the_same_seed_gives_the_same_data(self) -> None:
        before = snapshot()
        generate_synthetic(provinces=PROVINCES, years=1, seed=2026, replace=True)
        self.assertEqual(snapshot(), before)

    def test_another_seed_gives_other_data(self) -> None:
        before = snapshot()
        result = generate_synthetic(provinces=PROVINCES, years=1, seed=7, replace=True)
        after = snapshot()
        self.assertNotEqual(after[0], before[0])
        self.assertNotEqual(after[1], before[1])
        self.assertEqual(result.units, self.result.units)  # the same units, other figures

    def test_running_again_without_replace_is_refused(self) -> None:
        count = DataValue.objects.count()
        with self.assertRaisesMessage(SyntheticDataExists, "--replace"):
            generate_synthetic(provinces=["46"], years=1)
        self.assertEqual(DataValue.objects.count(), count)

    def test_earlier_years_are_closed_and_their_changes_explained(self) -> None:
        result = generate_synthetic(provinces=["46"], years=2, replace=True)
        self.assertEqual(result.periods, ["2026", "2025"])
        earlier = ReportingPeriod.objects.get(code="2025")
        self.assertEqual(
            (earlier.covers_from, earlier.covers_to, earlier.due_date),
            (datetime.date(2024, 12, 15), datetime.date(2025, 12, 14), datetime.date(2025, 12, 15)),
        )
        self.assertIn("2025", earlier.name)
        self.assertIsNone(earlier.plan)
        statuses = Counter(Submission.objects.filter(period=earlier).values_list("status", flat=True))
        self.assertGreater(statuses["accepted"] / sum(statuses.values()), 0.9)
        # A figure far from last year's carries a note, so nothing would have stopped the report.
        sent = Submission.objects.filter(
            period=self.period, unit__path__startswith="VN/46/", status="accepted"
        )
        for submission in sent.select_related("unit", "period"):
            with self.subTest(unit=submission.unit.code):
                self.assertEqual(blocking_issues(submission), [])
        # Regenerating 2026 alone gives the same figures and notes (last year's are read back).
        latest = DataValue.objects.filter(period=self.period, unit__path__startswith="VN/46/")
        before = sorted(
            latest.values_list("unit__code", "element__code", *DIMENSIONS, "value", "comment")
        )
        self.assertTrue(any(row[-1].startswith(("Tăng", "Giảm")) for row in before))
        generate_synthetic(provinces=["46"], years=1, replace=True)
        after = sorted(
            latest.values_list("unit__code", "element__code", *DIMENSIONS, "value", "comment")
        )
        self.assertEqual(after, before)

    def test_bad_arguments_are_refused(self) -> None:
        with self.assertRaises(SyntheticDataError):
            generate_synthetic(provinces=["99"])
        with self.assertRaises(SyntheticDataError):
            generate_synthetic(provinces=["19"], years=0)
        with self.assertRaises(SyntheticDataError):
            generate_synthetic(provinces=35)

    def test_the_command(self) -> None:
        if not apps.is_installed("binhdang.synthetic"):
            self.skipTest("binhdang.synthetic is not in INSTALLED_APPS yet: the command is not discoverable.")
        out = StringIO()
        call_command("generate_synthetic", "--province", "46", "--replace", stdout=out)
        self.assertIn("Thành phố Huế: 58", out.getvalue())
        with self.assertRaises(CommandError):
            call_command("generate_synthetic", "--province", "46", stdout=StringIO())
