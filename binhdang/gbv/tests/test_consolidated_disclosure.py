"""The register's counts, once consolidated over a province, leave in every output (dashboard, DOCX,
XLSX, JSON) only with primary and secondary suppression: the marks "<5" and "x", never the small
numbers, and a linear-programming attack on the published province table recovers no hidden cell."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from scipy.optimize import linprog

from binhdang.analytics.engine import consolidate
from binhdang.analytics.report import Suppressed, number
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.documents.jobs import render
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.loader import load_indicators
from binhdang.indicators.models import DataElement
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import SubmissionStatus, ValueSource
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import open_submission
from binhdang.reporting.tests.helpers import make_period_2026

AGES = ("LT16", "16_59", "GE60")
# Per commune: the survivors (sex, age band) counted, and of them how many reached a service.
# Three men in all: the men's count is a small cell; one commune has 2 survivors.
CASES = [
    {("F", "16_59"): 9, ("F", "GE60"): 2, ("M", "16_59"): 1},
    {("F", "16_59"): 11, ("F", "LT16"): 3},
    {("F", "16_59"): 8, ("M", "GE60"): 2},
    {("F", "16_59"): 2},
]


def _key(**fields: str) -> dict[str, str]:
    return {name: fields.get(name, "") for name in DIMENSIONS}


class ConsolidatedGbvTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period_2026(cls.coordinator)
        load_indicators()
        communes = list(
            OrgUnit.objects.filter(parent=cls.province, kind="commune")
            .exclude(pk=cls.commune_a.pk)
            .order_by("code")
        )
        cls.units = [cls.commune_a, *communes[: len(CASES) - 1]]
        elements = {e.code: e for e in DataElement.objects.filter(code__startswith="GBV_SUPPORT")}
        elements["GBV_CASES"] = DataElement.objects.get(code="GBV_CASES")
        cls.truth: dict[str, Counter] = {}
        for unit, cases in zip(cls.units, CASES, strict=True):
            submission = open_submission(cls.period, unit)
            rows = []
            for sex in ("F", "M"):
                for age in AGES:
                    count = cases.get((sex, age), 0)
                    rows.append(("GBV_CASES", _key(sex=sex, age_band=age), count))
                    # Everyone but one woman of 16–59 per commune reached a service.
                    reached = max(0, count - 1) if (sex, age) == ("F", "16_59") else count
                    rows.append(("GBV_SUPPORT_ANY", _key(sex=sex, age_band=age), reached))
                health = sum(v for (s, _a), v in cases.items() if s == sex)
                rows.append(("GBV_SUPPORT_HEALTH", _key(sex=sex), health))
            for code, key, count in rows:
                DataValue.objects.create(
                    submission=submission,
                    element=elements[code],
                    unit=unit,
                    period=cls.period,
                    value=count,
                    source=ValueSource.GBV_REGISTER,
                    **key,
                )
            Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.ACCEPTED)
        cls.men = sum(v for cases in CASES for (s, _a), v in cases.items() if s == "M")  # 3
        cls.women = sum(v for cases in CASES for (s, _a), v in cases.items() if s == "F")  # 35

    def test_the_report_object_withholds_the_small_cells_and_their_complements(self) -> None:
        report = consolidate(self.period, self.province)
        cases = report.element("GBV_CASES")
        sex = cases.dimension("sex").as_dict()
        self.assertEqual(sex["M"], Suppressed("<5"))
        self.assertIsInstance(sex["F"], Suppressed)  # else the women's count gives the men's away
        self.assertEqual(cases.total, self.men + self.women)  # the total itself is not small
        by_unit = {code: v for code, v in cases.by_unit.items() if code in {u.code for u in self.units}}
        self.assertEqual(by_unit[self.units[3].code], Suppressed("<5"))
        # The lone small unit gets a complement among the units.
        self.assertGreaterEqual(sum(isinstance(v, Suppressed) for v in by_unit.values()), 2)
        # The other elements are untouched.
        others = [e for e in report.elements() if not e.code.startswith("GBV_")]
        self.assertTrue(others)
        self.assertFalse(any(e.protected or isinstance(e.total, Suppressed) for e in others))

    def test_the_linear_programming_attack_on_the_province_table_recovers_nothing(self) -> None:
        report = consolidate(self.period, self.province)
        for code in ("GBV_CASES", "GBV_SUPPORT_ANY", "GBV_SUPPORT_HEALTH"):
            element = report.element(code)
            groups = [{o.code: o.total for o in d.options} for d in element.by_dimension]
            groups += [dict(element.by_kind), dict(element.by_unit)]
            exposed = lp_attack(element.total, groups)
            self.assertEqual(exposed, [], code)
            hidden = [v for g in groups for v in g.values() if isinstance(v, Suppressed)]
            self.assertTrue(hidden, code)

    def test_json_dashboard_docx_and_xlsx_show_marks_never_the_small_numbers(self) -> None:
        out = StringIO()
        call_command("consolidate", "--period", "2026", "--unit", "19", "--json", stdout=out)
        data = json.loads(out.getvalue())
        cases = data["elements"]["GBV_CASES"]
        self.assertEqual(cases["by"]["sex"], {"M": "<5", "F": "x"})
        self.assertEqual(cases["total"], self.men + self.women)
        self.assertNotIn(self.men, [v for d in cases["by"].values() for v in d.values()])
        # MT3.2a from the two published totals (34 of 38 reached a service) …
        self.assertEqual(data["indicators"]["NQ28_MT3_2A"]["value"], 89.5)
        # … but not for a commune whose two survivors are a small cell.
        small = consolidate(self.period, self.units[3])
        self.assertEqual(small.element("GBV_CASES").total, Suppressed("<5"))
        mt32a = next(i for i in small.indicators if i.code == "NQ28_MT3_2A")
        self.assertIsNone(mt32a.value)
        self.assertEqual(small.totals_json()["elements"]["GBV_CASES"]["total"], "<5")

        self.client.force_login(self.coordinator)
        html = self.client.get(
            reverse("analytics:dashboard", args=[self.period.pk]) + "?unit=19"
        ).content.decode()
        row = re.search(r'<tr data-element="GBV_CASES">.*?</tr>', html, re.S).group(0)
        cells = re.findall(r'<td class="text-end"[^>]*>([^<]*)</td>', row)
        self.assertEqual(cells[:3], [str(self.men + self.women), "x", "&lt;5"])

        docx = Document(io.BytesIO(render(self.period, self.province, "docx")))
        text = "\n".join(p.text for p in docx.paragraphs)
        text += "\n".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
        self.assertIn("(nữ x, nam <5)", text)
        self.assertNotIn(f"nam {self.men}", text)
        self.assertNotIn(f"nữ {self.women}", text)
        label = DataElement.objects.get(code="GBV_CASES").label
        rows = [
            [c.text for c in table_row.cells]
            for table in docx.tables
            for table_row in table.rows
            if any(label in c.text for c in table_row.cells)
        ]
        self.assertTrue(rows)
        for cells in rows:  # the figures tables: the total, then the marks where men and women were
            self.assertIn("<5", cells)
            self.assertNotIn(str(self.men), cells)
            self.assertNotIn(str(self.women), cells)

        workbook = load_workbook(io.BytesIO(render(self.period, self.province, "xlsx")))
        summary = workbook["Tổng hợp"]
        row = next(r for r in summary.iter_rows(values_only=True) if r[1] == label)
        self.assertEqual(row[3:6], (self.men + self.women, "<5", "x"))
        units = workbook["Theo đơn vị"]
        header = [c.value for c in units[1]]
        column = next(i for i, h in enumerate(header) if h and h.startswith(label))
        shown = {r[0]: r[column] for r in units.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(shown[self.units[3].name], "<5")
        for unit, cases in zip(self.units, CASES, strict=True):
            if sum(cases.values()) < 5:
                self.assertIn(shown[unit.name], ("<5", "x"))


def lp_attack(total: object, groups: list[dict[str, object]]) -> list[tuple[int, float]]:
    """The attacker knows that each group of parts adds up to the total, "<5" is 1…4, "x" ≥ 0."""
    variables: list[tuple[float, float | None]] = []

    def term(value: object) -> tuple[int | None, float]:
        if isinstance(value, Suppressed):
            variables.append((1.0, 4.0) if value.mark.startswith("<") else (0.0, None))
            return len(variables) - 1, 0.0
        return None, float(number(value) or 0)

    total_term = term(total)
    equations = []
    for group in groups:
        terms = [term(v) for v in group.values()]
        equations.append((total_term, terms))
    n = len(variables)
    if not n:
        return []
    a_eq, b_eq = [], []
    for (t_index, t_value), terms in equations:
        row, constant = [0.0] * n, -t_value
        if t_index is not None:
            row[t_index] -= 1
        for index, value in terms:
            if index is None:
                constant += value
            else:
                row[index] += 1
        a_eq.append(row)
        b_eq.append(-constant)
    exposed = []
    for index in range(n):
        objective = [0.0] * n
        objective[index] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=variables, method="highs")
        high = linprog([-x for x in objective], A_eq=a_eq, b_eq=b_eq, bounds=variables, method="highs")
        assert low.status == 0, low.message
        hi = float("inf") if high.status == 3 else -high.fun
        if hi - low.fun < 0.5:
            exposed.append((index, low.fun))
    return exposed
