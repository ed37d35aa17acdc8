"""The 2026 report form as data: loading it, who sees what, its rules and its size."""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from binhdang.core.loading import DataError
from binhdang.indicators.models import DataElement, Dimension, DimensionOption
from binhdang.orgunits.choices import LOCAL_KINDS, PROVINCIAL_BODY_KINDS, OrgUnitKind
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.loader import (
    TEMPLATE_FILE,
    load_dimensions,
    load_template,
)
from binhdang.reporting.models import (
    DataValue,
    ReportingPeriod,
    ReportTemplate,
    Submission,
    TemplateElement,
    TemplateSection,
    ValidationRule,
)

TERM = re.compile(r"E\(\s*([A-Za-z0-9_]+)")
# What the plan asks every commune to report on (Kế hoạch 2026, II and IV.14).
COMMUNE_MUST_SEE = {
    "DIR_DOCS", "CMT_EXISTS", "CMT_MEMBERS", "STAFF_OFFICIALS", "STAFF_NEW", "TRAIN_COURSES",
    "TRAIN_PARTICIPANTS", "COMM_CONFERENCES", "COMM_PARTICIPANTS", "AM_ACTIVITIES", "AM_PARTICIPANTS",
    "VC_REVIEWED", "GBV_CASES", "GBV_SUPPORT_HEALTH", "GBV_SUPPORT_LEGAL", "GBV_SUPPORT_COUNSEL",
    "GBV_SUPPORT_SHELTER", "GBV_SUPPORT_POLICE", "GBV_PERP_COUNSELLED", "GBV_TRUSTED_ADDRESSES",
    "GBV_SHELTERS", "TRAF_RETURNED", "TRAF_SUPPORTED", "DV_CASES_HANDLED", "FB_RECEIVED", "FB_RESOLVED",
    "BUDGET_PLANNED", "BUDGET_SPENT",
}  # fmt: skip


def template_data() -> dict[str, Any]:
    return json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))


def placements() -> list[TemplateElement]:
    return list(
        TemplateElement.objects.filter(section__template__code="BDG-NAM", section__template__version=1)
        .select_related("element", "section")
        .order_by("section__order", "order")
    )


def seen_by(kind: str) -> list[TemplateElement]:
    unit = OrgUnit(kind=kind)
    return [placement for placement in placements() if placement.applies_to(unit)]


def cells(element: DataElement, option_counts: dict[str, int]) -> int:
    """The total plus every part; ethnicity is entered sparsely, so it does not multiply."""
    dims = [d for d in element.dimensions if d != "ethnicity"]
    return 1 + (math.prod(option_counts[d] for d in dims) if dims else 0)


class TemplateDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_dimensions = load_dimensions()
        cls.first = load_template()

    def write(self, data: dict[str, Any], name: str = "template.json") -> Path:
        directory = Path(self.enterContext(tempfile.TemporaryDirectory()))
        path = directory / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def snapshot(self) -> tuple[int, ...]:
        return (
            ReportTemplate.objects.count(),
            DataElement.objects.count(),
            TemplateSection.objects.count(),
            TemplateElement.objects.count(),
            ValidationRule.objects.count(),
            Dimension.objects.count(),
            DimensionOption.objects.count(),
        )

    def test_loading_twice_gives_the_same_counts_and_no_duplicates(self) -> None:
        before = self.snapshot()
        dimensions = load_dimensions()
        again = load_template()
        self.assertEqual(dimensions.totals, self.first_dimensions.totals)
        self.assertEqual(dimensions.totals, {"dimensions": 5, "options": 66})
        self.assertEqual(again.totals, self.first.totals)
        self.assertEqual((again.created, again.updated, again.deleted, again.kept), (0, 0, 0, []))
        self.assertEqual((dimensions.created, dimensions.updated, dimensions.deleted), (0, 0, 0))
        self.assertEqual(self.snapshot(), before)
        data = template_data()
        self.assertEqual(
            before[:5],
            (1, len(data["elements"]), len(data["sections"]), len(data["elements"]), len(data["rules"])),
        )
        self.assertEqual(self.first.totals["placements"], self.first.totals["elements"])

    def test_the_template_is_the_annual_report_for_every_reporting_kind(self) -> None:
        template = ReportTemplate.objects.get(code="BDG-NAM", version=1)
        self.assertEqual(template.period_type, "annual")
        self.assertTrue(template.task_results)
        self.assertEqual(set(template.unit_kinds), set(LOCAL_KINDS | PROVINCIAL_BODY_KINDS))
        self.assertEqual(
            template.name,
            "Báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2026",
        )
        self.assertTrue(50 <= DataElement.objects.count() <= 80)
        self.assertTrue(all(len(code) <= 40 for code in DataElement.objects.values_list("code", flat=True)))

    def test_there_are_54_ethnic_groups_53_of_them_minorities(self) -> None:
        ethnicity = Dimension.objects.get(code="ethnicity")
        options = list(ethnicity.options.order_by("order"))
        self.assertEqual([o.code for o in options], [f"{n:02d}" for n in range(1, 55)])
        self.assertEqual(ethnicity.options.filter(group="dtts").count(), 53)
        self.assertEqual((options[0].name, options[0].group), ("Kinh", "kinh"))
        self.assertEqual([o.name for o in options[1:3]], ["Tày", "Thái"])
        self.assertEqual(options[19].name, "Mnông")
        self.assertIn("1019/QĐ-TCTK", ethnicity.source)
        self.assertIn("21–54", ethnicity.source)
        self.assertEqual(
            list(Dimension.objects.values_list("code", flat=True)),
            ["sex", "age_band", "ethnicity", "area", "funding_source"],
        )

    def test_a_commune_sees_no_department_only_element(self) -> None:
        only_provincial = {
            p.element.code for p in placements() if p.unit_kinds and not set(p.unit_kinds) & LOCAL_KINDS
        }
        self.assertIn("STAT_SRB", only_provincial)
        self.assertIn("STAT_ENTERPRISES_WOMEN", only_provincial)
        self.assertIn("DIR_SEDP_GENDER_TARGETS", only_provincial)
        for kind in LOCAL_KINDS:
            with self.subTest(kind=kind):
                codes = {p.element.code for p in seen_by(kind)}
                self.assertFalse(codes & only_provincial)
                self.assertFalse({code for code in codes if code.startswith("STAT_")})
                self.assertLessEqual(COMMUNE_MUST_SEE, codes)

    def test_the_department_of_health_sees_the_sex_ratio_at_birth(self) -> None:
        load_register(province_codes={"19"})
        health = OrgUnit.objects.get(code="19-SYT")
        self.assertEqual(health.kind, OrgUnitKind.DEPARTMENT)
        placement = TemplateElement.objects.get(element__code="STAT_SRB")
        self.assertTrue(placement.applies_to(health))
        self.assertIn("Sở Y tế", placement.help_text)
        self.assertEqual(placement.element.value_type, "decimal")
        statistics_office = OrgUnit.objects.get(code="19-TK")
        self.assertFalse(placement.applies_to(statistics_office))
        survey = TemplateElement.objects.get(element__code="STAT_VIOLENCE_15")
        self.assertTrue(survey.applies_to(statistics_office))
        self.assertFalse(survey.applies_to(health))

    def test_single_department_statistics_reach_that_department_only(self) -> None:
        load_register(province_codes={"19"})
        expected = {
            "STAT_SRB": "19-SYT",
            "STAT_ENTERPRISES": "19-STC",
            "STAT_PIPELINE": "19-SNV",
            "STAT_EMPLOYED": "19-TK",
        }
        bodies = OrgUnit.objects.filter(parent__code="19").exclude(
            kind__in=["commune", "ward", "special_zone"]
        )
        for code, owner in expected.items():
            placement = TemplateElement.objects.get(element__code=code)
            self.assertEqual([u.code for u in bodies if placement.applies_to(u)], [owner], code)

    def test_every_rule_references_existing_elements(self) -> None:
        placed = {p.element.code for p in placements()}
        rules = list(ValidationRule.objects.filter(template__code="BDG-NAM"))
        self.assertTrue(15 <= len(rules) <= 25)
        for rule in rules:
            with self.subTest(rule=rule.code):
                codes = TERM.findall(rule.left) + TERM.findall(rule.right)
                self.assertTrue(codes)
                self.assertLessEqual(set(codes), placed)
                self.assertIn(rule.severity, ("error", "warning"))
                self.assertTrue(rule.message and rule.message_en)
        budget = ValidationRule.objects.get(code="BUDGET_SPENT_LE_PLANNED")
        self.assertEqual(
            (budget.left, budget.operator, budget.right), ("E(BUDGET_SPENT)", "<=", "E(BUDGET_PLANNED)")
        )
        self.assertEqual(budget.severity, "warning")

    def test_a_commune_fills_between_100_and_250_cells(self) -> None:
        option_counts = {d.code: d.options.count() for d in Dimension.objects.all()}
        by_kind = {}
        for kind in sorted(LOCAL_KINDS | PROVINCIAL_BODY_KINDS):
            visible = seen_by(kind)
            by_kind[str(kind)] = (len(visible), sum(cells(p.element, option_counts) for p in visible))
        print("\nelements and cells by unit kind:", by_kind)
        self.assertTrue(100 <= by_kind["commune"][1] <= 250, by_kind["commune"])
        self.assertEqual(by_kind["commune"], by_kind["ward"])
        self.assertEqual(by_kind["commune"], by_kind["special_zone"])

    def test_an_unknown_element_in_a_section_raises_and_writes_nothing(self) -> None:
        data = template_data()
        data["version"] = 2
        data["elements"].append(
            {"code": "BRAND_NEW", "name": "Chỉ tiêu mới", "value_type": "integer", "dimensions": ["sex"]}
        )
        data["sections"][0]["elements"].append({"code": "BRAND_NEW", "unit_kinds": []})
        data["sections"][1]["elements"].append({"code": "NO_SUCH_ELEMENT", "unit_kinds": []})
        before = self.snapshot()
        with self.assertRaises(DataError) as raised:
            load_template(self.write(data))
        self.assertIn("NO_SUCH_ELEMENT", str(raised.exception))
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(DataElement.objects.filter(code="BRAND_NEW").exists())
        self.assertFalse(ReportTemplate.objects.filter(version=2).exists())

    def test_each_kind_of_mistake_is_named(self) -> None:
        def broken(change: Any) -> dict[str, Any]:
            data = copy.deepcopy(template_data())
            change(data)
            return data

        def duplicate_element(data: dict[str, Any]) -> None:
            data["elements"].append(dict(data["elements"][0]))

        cases = {
            "GBV_CASES": broken(
                lambda d: next(e for e in d["elements"] if e["code"] == "GBV_CASES")["dimensions"].append(
                    "religion"
                )
            ),
            "DIR_DOCS": broken(duplicate_element),
            "village": broken(lambda d: d["sections"][0]["elements"][0].update(unit_kinds=["village"])),
            "GHOST": broken(lambda d: d["rules"][0].update(right="E(GHOST) + 1")),
            "sex=X": broken(lambda d: d["rules"][0].update(right="E(STAFF_OFFICIALS, sex=X)")),
            "STAFF_NEW_LE_OFFICIALS": broken(lambda d: d["rules"].append(dict(d["rules"][1]))),
        }
        before = self.snapshot()
        for needle, data in cases.items():
            with self.subTest(needle=needle), self.assertRaises(DataError) as raised:
                load_template(self.write(data))
            self.assertIn(needle.split("=")[-1], str(raised.exception))
        self.assertEqual(self.snapshot(), before)

    def test_a_mistake_is_named_by_its_path_in_the_file_in_vietnamese(self) -> None:
        data = template_data()
        data["sections"][3]["elements"][2]["code"] = 5
        data["elements"][0]["value_type"] = "number"
        data["rules"][1]["left"] = "E(STAFF_NEW) +"
        with translation.override("vi"), self.assertRaises(DataError) as raised:
            load_template(self.write(data))
        errors = raised.exception.errors
        self.assertEqual(len(errors), 3, errors)
        self.assertTrue(errors[0].startswith("elements[0].value_type (DIR_DOCS): “number” không thuộc"))
        self.assertTrue(errors[1].startswith("sections[3].elements[2].code"), errors[1])
        self.assertIn("phải là văn bản", errors[1])
        self.assertTrue(errors[2].startswith("rules[1].left (STAFF_NEW_LE_OFFICIALS): “E(STAFF_NEW) +”"))

    def test_a_dropped_element_is_deleted_unless_it_has_values(self) -> None:
        load_register(province_codes={"19"})
        template = ReportTemplate.objects.get(code="BDG-NAM")
        period = ReportingPeriod.objects.create(
            template=template,
            code="2026",
            name="Năm 2026",
            covers_from=datetime.date(2025, 12, 15),
            covers_to=datetime.date(2026, 12, 14),
            due_date=datetime.date(2026, 12, 15),
        )
        unit = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE).first()
        submission = Submission.objects.create(period=period, unit=unit)
        element = DataElement.objects.get(code="CMT_MEETINGS")
        DataValue.objects.create(submission=submission, element=element, unit=unit, period=period, value=4)

        data = template_data()
        data["elements"] = [e for e in data["elements"] if e["code"] not in ("CMT_MEETINGS", "COMM_CLUBS")]
        for section in data["sections"]:
            section["elements"] = [
                p for p in section["elements"] if p["code"] not in ("CMT_MEETINGS", "COMM_CLUBS")
            ]
        result = load_template(self.write(data))

        self.assertEqual(result.kept, ["CMT_MEETINGS"])
        self.assertTrue(DataElement.objects.filter(code="CMT_MEETINGS").exists())
        self.assertFalse(DataElement.objects.filter(code="COMM_CLUBS").exists())
        self.assertFalse(TemplateElement.objects.filter(element__code="CMT_MEETINGS").exists())
        self.assertEqual(DataValue.objects.get().value, 4)

    def test_the_command_prints_the_counts(self) -> None:
        out = StringIO()
        call_command("load_template", stdout=out)
        output = out.getvalue()
        totals = self.first.totals
        for number in (5, 66, totals["elements"], totals["sections"], totals["rules"]):
            self.assertIn(str(number), output)

    def test_the_command_refuses_a_bad_file(self) -> None:
        data = template_data()
        data["sections"][0]["elements"].append({"code": "NO_SUCH_ELEMENT"})
        with self.assertRaisesMessage(CommandError, "NO_SUCH_ELEMENT"):
            call_command("load_template", "--file", str(self.write(data)), stdout=StringIO())
