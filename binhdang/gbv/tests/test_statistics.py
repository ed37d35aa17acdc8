"""Statistics: primary and secondary suppression that a linear-programming attack cannot undo; the
counts feeding the unit's report are the register's consented, de-duplicated cases."""

from __future__ import annotations

import datetime
import io
import random
from collections import Counter

from django.test import SimpleTestCase
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from scipy.optimize import linprog

from binhdang.gbv.choices import ConsentPurpose
from binhdang.gbv.models import Case, Consent
from binhdang.gbv.report_fill import do_fill_report, register_cells
from binhdang.gbv.stats import CountedCase, counted_cases, statistics
from binhdang.gbv.suppression import PRIMARY, Relation, protect
from binhdang.gbv.tests.helpers import GbvTestCase
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import DataValue
from binhdang.reporting.tests.helpers import make_period_2026

FROM, TO = datetime.date(2025, 12, 15), datetime.date(2026, 12, 14)
THRESHOLD = 5


def attack(published: dict) -> list[tuple[str, int, int, float, float]]:
    """Every suppressed cell's range from the published JSON alone, by linear programming: the attacker
    knows each table's layout (rows add up to the total column; an additive table's rows add up to its
    total row; the tables share the totals by sex), that "<5" means 1…4 and "x" at least 0.

    Returns the cells whose range is a single value (recovered exactly)."""
    variables: dict[tuple, int] = {}
    bounds: list[tuple[float, float | None]] = []
    equations: list[tuple[dict[int, float], float]] = []
    margin_of: dict[int, object] = {}  # column → the shared total-by-sex cell (a value or a variable)

    def term(table: str, r: int, c: int, shown: str, shared: tuple | None = None):
        key = shared or (table, r, c)
        if shown.isdigit():
            return float(shown)
        if key not in variables:
            variables[key] = len(variables)
            bounds.append((1.0, 4.0) if shown.startswith("<") else (0.0, None))
        return variables[key]

    def equation(total, parts) -> None:
        coefficients: dict[int, float] = {}
        constant = 0.0
        for item, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if isinstance(item, float):
                constant += sign * item
            else:
                coefficients[item] = coefficients.get(item, 0.0) + sign
        if coefficients:
            equations.append((coefficients, -constant))

    for table in published["tables"]:
        rows, cols, cells = table["rows"], table["columns"], table["cells"]
        grid = []
        for r, row in enumerate(rows):
            line = []
            for c, _col in enumerate(cols):
                shared = ("margin", c) if row == "T" else None
                line.append(term(table["key"], r, c, cells[r][c], shared))
            grid.append(line)
        for r, row in enumerate(rows):
            if row != "T":
                equation(grid[r][-1], grid[r][:-1])
        if table["has_total_row"]:
            for c in range(len(cols)):
                equation(grid[-1][c], [grid[r][c] for r in range(len(rows) - 1)])
            margin_of.update({c: grid[-1][c] for c in range(len(cols))})
    if margin_of:
        equation(margin_of[len(margin_of) - 1], [margin_of[c] for c in range(len(margin_of) - 1)])
    n = len(variables)
    if not n:
        return []
    a_eq = [[coefficients.get(i, 0.0) for i in range(n)] for coefficients, _b in equations] or None
    b_eq = [b for _c, b in equations] or None
    exposed = []
    for key, index in variables.items():
        objective = [0.0] * n
        objective[index] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog([-x for x in objective], A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message  # the published tables are consistent
        hi = float("inf") if high.status == 3 else -high.fun
        if hi - low.fun < 0.5:
            exposed.append((*map(str, key), low.fun, hi))
    return exposed


class _Root:
    """A stand-in for a unit in the pure statistics (no database)."""


class SuppressionTests(SimpleTestCase):
    def test_two_way_table_with_a_lone_small_cell_gets_a_complement(self):
        values = {
            ("a", "F"): 12,
            ("a", "M"): 3,
            ("a", "T"): 15,
            ("b", "F"): 20,
            ("b", "M"): 9,
            ("b", "T"): 29,
            ("T", "F"): 32,
            ("T", "M"): 12,
            ("T", "T"): 44,
        }
        relations = [
            Relation(("a", "T"), (("a", "F"), ("a", "M"))),
            Relation(("b", "T"), (("b", "F"), ("b", "M"))),
            Relation(("T", "F"), (("a", "F"), ("b", "F"))),
            Relation(("T", "M"), (("a", "M"), ("b", "M"))),
            Relation(("T", "T"), (("T", "F"), ("T", "M"))),
        ]
        protection = protect(values, relations, THRESHOLD)
        hidden = {k for k, s in protection.status.items() if s != "published"}
        self.assertEqual(protection.status[("a", "M")], PRIMARY)
        self.assertGreaterEqual(len(hidden), 4)  # a cycle: a-M, a-F, b-M, b-F (or through the totals)
        for key in hidden:
            lo, hi = protection.audited_ranges[key]
            self.assertGreater(hi - lo, 0.5, key)

    def test_two_small_cells_that_sum_to_eight_are_not_left_at_four_each(self):
        # Row total 8 from two "<5" cells: both must be 4. The audit sees it through the bounds.
        values = {"p": 4, "q": 4, "t": 8, "r": 30, "s": 30, "u": 60, "P": 34, "Q": 34, "T": 68}
        relations = [
            Relation("t", ("p", "q")),
            Relation("u", ("r", "s")),
            Relation("P", ("p", "r")),
            Relation("Q", ("q", "s")),
            Relation("T", ("t", "u")),
            Relation("T", ("P", "Q")),
        ]
        protection = protect(values, relations, THRESHOLD)
        for key in ("p", "q"):
            lo, hi = protection.audited_ranges[key]
            self.assertGreater(hi - lo, 0.5)

    def test_synthetic_provinces_resist_the_linear_programming_attack(self):
        """Random provinces of 30 units; each is attacked through its published JSON."""
        rng = random.Random(2026)
        types = [
            "rape",
            "sexual_assault",
            "physical_assault",
            "forced_marriage",
            "denial_of_resources",
            "psychological",
        ]
        for trial in range(6):
            root = _Root()
            children = [(f"U{i:02d}", f"VN/19/U{i:02d}") for i in range(30)]
            counted = []
            for pk in range(rng.randint(20, 400)):
                code, path = rng.choice(children[: rng.randint(3, 30)])
                counted.append(
                    CountedCase(
                        pk,
                        0,
                        path,
                        rng.choice("FFFFM"),
                        rng.choice(["LT16", "16_59", "16_59", "GE60"]),
                        rng.choices(types, [2, 3, 40, 2, 10, 30])[0],
                        frozenset(
                            rng.sample(["HEALTH", "COUNSEL", "LEGAL", "POLICE", "SHELTER"], rng.randint(0, 3))
                        ),
                    )
                )
            stats = statistics_for(root, children, counted)
            published = stats.as_json()
            self.assertFalse(attack(published), f"trial {trial}")
            shown = [v for t in published["tables"] for row in t["cells"] for v in row]
            self.assertFalse([v for v in shown if v.isdigit() and 0 < int(v) < THRESHOLD])


def statistics_for(root, children, counted):
    """stats.statistics() on a province held in memory (children as (code, path))."""
    fake = _FakeUnit("19", "VN/19", "Tỉnh thử", [_FakeUnit(c, p, c, []) for c, p in children])
    return statistics(fake, FROM, TO, threshold=THRESHOLD, counted=counted)


class _FakeUnit:
    def __init__(self, code, path, name, children):
        self.code, self.path, self.name, self._children = code, path, name, children

    @property
    def children(self):
        return _Children(self._children)


class _Children(list):
    def __init__(self, items):
        super().__init__(items)

    def exists(self):
        return bool(self)

    def order_by(self, *args):
        return self


class RegisterStatisticsTests(GbvTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period_2026(cls.coordinator)

    def expected_cases(self, unit) -> Counter:
        """Consented to statistics (latest record), not reported elsewhere, each survivor once."""
        seen, counts = set(), Counter()
        for case in Case.objects.within(self.province).order_by("registered_on", "pk"):
            latest = (
                Consent.objects.filter(case=case, purpose=ConsentPurpose.STATISTICS)
                .order_by("recorded_at", "id")
                .last()
            )
            if not latest or latest.decision != "given" or case.search_hash in seen:
                continue
            if case.incidents.filter(reported_elsewhere=True).exists():
                continue
            seen.add(case.search_hash)
            if case.unit_id == unit.pk:
                counts[(case.sex, case.age_band)] += 1
        return counts

    def test_counts_feeding_the_report_are_the_consented_deduplicated_cases(self):
        expected = self.expected_cases(self.commune_a)
        refused = (
            Case.objects.filter(
                unit=self.commune_a,
                consents__purpose="statistics",
                consents__decision__in=["refused", "withdrawn"],
            )
            .distinct()
            .count()
        )
        self.assertGreater(refused, 0)  # the demo has a refusal or withdrawal in Đại Từ
        self.assertLess(sum(expected.values()), Case.objects.filter(unit=self.commune_a).count())
        do_fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor)
        rows = DataValue.objects.filter(unit=self.commune_a, period=self.period, element__code="GBV_CASES")
        got = Counter({(r.sex, r.age_band): int(r.value) for r in rows if r.value})
        self.assertEqual(got, expected)
        self.assertEqual({r.source for r in rows}, {ValueSource.GBV_REGISTER})
        # Filling again changes nothing.
        self.assertEqual(do_fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor), 0)

    def test_a_survivor_registered_twice_is_counted_once(self):
        counted = counted_cases(self.province, FROM, TO)
        keys = [Case.objects.get(pk=c.pk).search_hash for c in counted]
        self.assertEqual(len(keys), len(set(keys)))
        women_union = Case.objects.filter(unit__name="Hội Liên hiệp Phụ nữ tỉnh").get()
        self.assertNotIn(women_union.pk, [c.pk for c in counted])  # registered later than at the commune

    def test_withdrawing_consent_takes_the_case_out_of_the_counts(self):
        case = next(
            c
            for c in Case.objects.filter(unit=self.commune_a).order_by("pk")
            if c.pk in {x.pk for x in counted_cases(self.province, FROM, TO)}
        )
        before = sum(
            register_cells(self.period, self.commune_a).get(("GBV_CASES", k), 0)
            for k in [k for (e, k) in register_cells(self.period, self.commune_a) if e == "GBV_CASES"]
        )
        self.withdraw_statistics_consent(case)
        cells = register_cells(self.period, self.commune_a)
        after = sum(v for (e, _k), v in cells.items() if e == "GBV_CASES")
        self.assertEqual(after, before - 1)

    def test_dashboard_docx_xlsx_and_json_show_only_suppressed_counts(self):
        self.login(self.coordinator)
        url = reverse("gbv:statistics") + f"?unit={self.province.code}&period={self.period.pk}"
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "&lt;5")
        published = self.client.get(url + "&format=json").json()
        self.assertFalse(attack(published))
        shown = {v for t in published["tables"] for row in t["cells"] for v in row}
        docx = Document(io.BytesIO(self.client.get(url + "&format=docx").content))
        docx_cells = {c.text for t in docx.tables for row in t.rows for c in row.cells[1:]}
        book = load_workbook(io.BytesIO(self.client.get(url + "&format=xlsx").content))
        xlsx_cells = {
            str(c.value) for row in book.active.iter_rows(min_col=2) for c in row if c.value is not None
        }
        for values in (shown, docx_cells):
            self.assertFalse([v for v in values if v.isdigit() and 0 < int(v) < THRESHOLD], values)
        self.assertFalse([v for v in xlsx_cells if v.isdigit() and 0 < int(v) < THRESHOLD])
        self.assertIn("<5", docx_cells)
        stats = statistics(self.province, FROM, TO)
        self.assertEqual(published["mt3_2a_percent"], stats.mt32a)
