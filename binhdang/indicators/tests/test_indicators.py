"""Indicators and targets: loading them, computing them from a report's figures, assessing them."""

from __future__ import annotations

import ast
import copy
import json
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from binhdang.core.loading import DataError
from binhdang.core.models import AuditEvent
from binhdang.indicators.choices import SYSTEM_ELEMENTS
from binhdang.indicators.loader import INDICATORS_FILE, load_indicators
from binhdang.indicators.models import DataElement, Indicator, Target
from binhdang.indicators.scoring import (
    IndicatorSpec,
    assess,
    compute,
    element_names,
    specs_from_db,
    specs_with_targets,
)
from binhdang.lib.expressions import terms
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.spec import TOTAL, make_key

F, M = make_key(sex="F"), make_key(sex="M")


def indicators_data() -> dict[str, Any]:
    return json.loads(INDICATORS_FILE.read_text(encoding="utf-8"))


class LoadedTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_dimensions()
        load_template()

    def write(self, data: dict[str, Any]) -> Path:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "indicators.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path


class LoadingTests(LoadedTestCase):
    def test_loading_twice_duplicates_nothing(self) -> None:
        data = indicators_data()
        target_count = sum(len(item["targets"]) for item in data["indicators"])
        first = load_indicators()
        self.assertEqual(first.totals, {"indicators": len(data["indicators"]), "targets": target_count})
        self.assertEqual(first.created, len(data["indicators"]) + target_count)
        second = load_indicators()
        self.assertEqual((second.created, second.updated), (0, 0))
        self.assertEqual(second.unchanged, len(data["indicators"]) + target_count)
        self.assertEqual(Indicator.objects.count(), len(data["indicators"]))
        self.assertEqual(Target.objects.count(), target_count)
        self.assertEqual(AuditEvent.objects.filter(event_type="indicators.loaded").count(), 2)

    def test_a_changed_file_updates_in_place(self) -> None:
        load_indicators()
        data = indicators_data()
        data["indicators"][0]["name"] = "Tên mới"
        data["indicators"][0]["targets"][0]["value"] = 61
        result = load_indicators(self.write(data))
        self.assertEqual((result.created, result.updated), (0, 2))
        indicator = Indicator.objects.get(code=data["indicators"][0]["code"])
        self.assertEqual(indicator.name, "Tên mới")
        self.assertEqual(indicator.targets.get(year=2025).value, Decimal(61))

    def test_every_expression_uses_elements_of_the_template(self) -> None:
        load_indicators()
        elements = dict(DataElement.objects.values_list("code", "dimensions")) | SYSTEM_ELEMENTS
        for indicator in Indicator.objects.all():
            for expression in filter(None, [indicator.numerator, indicator.denominator]):
                self.assertTrue({term.code for term in terms(expression)} <= set(elements), indicator.code)
                for term in terms(expression):
                    with self.subTest(indicator=indicator.code, code=term.code):
                        self.assertIn(term.code, elements)
                        self.assertTrue(set(term.options) <= set(elements[term.code]))

    def test_every_indicator_and_target_cites_its_source(self) -> None:
        load_indicators()
        for indicator in Indicator.objects.prefetch_related("targets"):
            self.assertTrue(indicator.source.strip(), indicator.code)
            self.assertTrue(indicator.targets.exists(), indicator.code)
            for target in indicator.targets.all():
                self.assertTrue(target.source.strip(), str(target))
                self.assertTrue(target.source.startswith(("Nghị quyết 28/NQ-CP", "Quyết định")), str(target))

    def test_an_unknown_element_is_named_and_nothing_is_written(self) -> None:
        data = indicators_data()
        data["indicators"][1]["denominator"] = "E(NO_SUCH_ELEMENT)"
        with self.assertRaises(DataError) as raised:
            load_indicators(self.write(data))
        self.assertIn(data["indicators"][1]["code"], raised.exception.message)
        self.assertIn("NO_SUCH_ELEMENT", raised.exception.message)
        self.assertFalse(Indicator.objects.exists())

    def test_duplicated_codes_bad_direction_and_bad_filters_are_refused(self) -> None:
        data = indicators_data()
        data["indicators"][2]["code"] = data["indicators"][0]["code"]
        data["indicators"][3]["direction"] = "up"
        data["indicators"][4]["numerator"] = "E(STAT_ENTERPRISES, sex=F)"
        data["indicators"][5]["numerator"] = "E(GBV_SUPPORT_ANY) +"
        data["indicators"][6]["targets"].append(copy.deepcopy(data["indicators"][6]["targets"][0]))
        with translation.override("en"), self.assertRaises(DataError) as raised:
            load_indicators(self.write(data))
        errors = raised.exception.errors
        self.assertTrue(any("used twice" in e and data["indicators"][0]["code"] in e for e in errors))
        self.assertTrue(any("“up”" in e and data["indicators"][3]["code"] in e for e in errors))
        self.assertTrue(any("not broken down by “sex”" in e for e in errors))
        self.assertTrue(any(data["indicators"][5]["code"] in e and "not an expression" in e for e in errors))
        self.assertTrue(any("already a target for 2025" in e for e in errors))
        self.assertEqual(len(errors), 5)

    def test_the_command_loads_and_reports_errors(self) -> None:
        out = StringIO()
        call_command("load_indicators", stdout=out)
        self.assertIn(str(len(indicators_data()["indicators"])), out.getvalue())
        data = indicators_data()
        data["indicators"][0]["numerator"] = "E(NOPE)"
        with self.assertRaises(CommandError):
            call_command("load_indicators", file=str(self.write(data)), stdout=StringIO())

    def test_a_provincial_target_applies_to_its_province_only(self) -> None:
        data = indicators_data()
        data["indicators"][0]["targets"].append(
            {
                "scope": "provincial",
                "province_code": "19",
                "year": 2030,
                "value": 80,
                "baseline_year": 2025,
                "baseline_value": 55,
                "source": "Kế hoạch thử nghiệm",
            }
        )
        load_indicators(self.write(data))
        code = data["indicators"][0]["code"]
        by_code = {spec.code: (targets, source) for spec, targets, source in specs_with_targets("19")}
        self.assertEqual(by_code[code][0], {2025: Decimal(60), 2030: Decimal(80)})
        self.assertIn("Kế hoạch thử nghiệm", by_code[code][1])
        national = {spec.code: targets for spec, targets, _source in specs_with_targets(None)}
        self.assertEqual(national[code], {2025: Decimal(60), 2030: Decimal(75)})

    def test_the_models_check_their_expressions_and_scope(self) -> None:
        indicator = Indicator(code="X", name="X", numerator="E(NOPE)", source="S")
        with self.assertRaises(ValidationError) as raised:
            indicator.full_clean()
        self.assertIn("numerator", raised.exception.message_dict)
        indicator = Indicator.objects.create(code="Y", name="Y", numerator="E(GBV_CASES)", source="S")
        target = Target(indicator=indicator, scope="provincial", year=2026, value=1, source="S")
        with self.assertRaises(ValidationError):
            target.full_clean()


class ComputeTests(LoadedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_indicators()

    def spec(self, code: str) -> IndicatorSpec:
        return next(spec for spec in specs_from_db() if spec.code == code)

    def test_women_led_enterprises_and_coops(self) -> None:
        values = {
            ("STAT_ENTERPRISES", TOTAL): Decimal(800),
            ("STAT_ENTERPRISES_WOMEN", TOTAL): Decimal(221),
            ("STAT_COOPS", TOTAL): Decimal(200),
            ("STAT_COOPS_WOMEN", TOTAL): Decimal(50),
        }
        result = compute(self.spec("NQ28_MT2_3"), values, element_names())
        self.assertEqual(result.value, Decimal("27.1"))
        self.assertEqual((result.numerator, result.denominator), (Decimal(271), Decimal(1000)))
        self.assertEqual(result.unit, "%")
        self.assertEqual(
            result.formula,
            "(Số doanh nghiệp có giám đốc hoặc chủ doanh nghiệp là nữ + số hợp tác xã có giám đốc là nữ)"
            " ÷ (số doanh nghiệp đang hoạt động trên địa bàn tỉnh + số hợp tác xã đang hoạt động trên địa"
            " bàn tỉnh) × 100",
        )

    def test_rounding_is_half_up_to_the_decimals(self) -> None:
        values = {("GBV_SUPPORT_ANY", TOTAL): Decimal(2), ("GBV_CASES", TOTAL): Decimal(3)}
        self.assertEqual(compute(self.spec("NQ28_MT3_2A"), values, {}).value, Decimal("66.7"))
        values = {("GBV_SUPPORT_ANY", TOTAL): Decimal(1), ("GBV_CASES", TOTAL): Decimal(1600)}
        self.assertEqual(compute(self.spec("NQ28_MT3_2A"), values, {}).value, Decimal("0.1"))  # 0.0625

    def test_options_of_a_dimension(self) -> None:
        values = {
            ("STAT_EMPLOYED", F): Decimal(400),
            ("STAT_EMPLOYED", M): Decimal(450),
            ("STAT_EMPLOYED", TOTAL): Decimal(850),
            ("STAT_WAGE_WORKERS", F): Decimal(210),
            ("STAT_WAGE_WORKERS", M): Decimal(300),
            ("STAT_EMPLOYED_AGRI", F): Decimal(100),
        }
        names = element_names()
        self.assertEqual(compute(self.spec("NQ28_MT2_1"), values, names).value, Decimal("52.5"))
        self.assertEqual(compute(self.spec("NQ28_MT2_2"), values, names).value, Decimal("25.0"))
        births = {("STAT_BIRTHS", M): Decimal(11200), ("STAT_BIRTHS", F): Decimal(10000)}
        srb = compute(self.spec("NQ28_MT4_1"), births, names)
        self.assertEqual(srb.value, Decimal("112.0"))
        self.assertEqual(
            srb.formula, "Số trẻ sinh sống trong năm (nam) ÷ số trẻ sinh sống trong năm (nữ) × 100"
        )
        births[("STAT_BIRTHS", TOTAL)] = Decimal(21200)
        births[("STAT_MATERNAL_DEATHS", TOTAL)] = Decimal(9)
        mmr = compute(self.spec("NQ28_MT4_2"), births, names)
        self.assertEqual(mmr.value, Decimal("42.5"))
        self.assertEqual(mmr.formula, "Số ca tử vong mẹ ÷ số trẻ sinh sống trong năm × 100.000")

    def test_the_formula_names_options_in_english_on_an_english_screen(self) -> None:
        births = {("STAT_BIRTHS", M): Decimal(11200), ("STAT_BIRTHS", F): Decimal(10000)}
        with translation.override("en"):
            srb = compute(self.spec("NQ28_MT4_1"), births, {"STAT_BIRTHS": "Live births in the year"})
        self.assertEqual(
            srb.formula, "Live births in the year (male) ÷ live births in the year (female) × 100"
        )

    def test_no_value_without_a_denominator(self) -> None:
        spec = self.spec("NQ28_MT3_3")
        zero = {("TRAF_SUPPORTED", TOTAL): Decimal(0), ("TRAF_RETURNED", TOTAL): Decimal(0)}
        self.assertIsNone(compute(spec, zero, {}).value)
        missing = {("TRAF_SUPPORTED", TOTAL): Decimal(3)}
        result = compute(spec, missing, {})
        self.assertIsNone(result.value)
        self.assertEqual((result.numerator, result.denominator), (Decimal(3), None))
        self.assertIsNone(compute(spec, {("TRAF_RETURNED", TOTAL): Decimal(3)}, {}).value)
        partial = {("STAT_ENTERPRISES", TOTAL): Decimal(10), ("STAT_ENTERPRISES_WOMEN", TOTAL): Decimal(3)}
        self.assertIsNone(compute(self.spec("NQ28_MT2_3"), partial, {}).value)  # co-ops not entered

    def test_without_denominator_the_value_is_the_numerator_times_the_factor(self) -> None:
        spec = IndicatorSpec("T", "T", "E(GBV_CASES) * 2", factor=Decimal(10), decimals=0)
        self.assertEqual(compute(spec, {("GBV_CASES", TOTAL): Decimal(3)}, {}).value, Decimal(60))

    def test_the_engine_sees_every_indicator_with_its_national_targets(self) -> None:
        rows = specs_with_targets(province_code="19")
        self.assertEqual(len(rows), Indicator.objects.count())
        srb = next(row for row in rows if row[0].code == "NQ28_MT4_1")
        self.assertEqual(srb[0].direction, "lower")
        self.assertEqual(srb[1], {2025: Decimal(111), 2030: Decimal(109)})
        self.assertIn("Mục tiêu 4, chỉ tiêu 1", srb[2])


class AssessTests(TestCase):
    leaders = {2025: Decimal(60), 2030: Decimal(75)}
    srb = {2025: Decimal(111), 2030: Decimal(109)}

    def test_higher_is_better(self) -> None:
        self.assertEqual(assess(Decimal(76), "higher", self.leaders, 2026).status, "achieved")
        on_track = assess(Decimal(63), "higher", self.leaders, 2026)  # 60 → 75: 63 expected in 2026
        self.assertEqual((on_track.status, on_track.expected_value), ("on_track", Decimal(63)))
        self.assertEqual((on_track.target_year, on_track.target_value), (2030, Decimal(75)))
        self.assertEqual(assess(Decimal("62.9"), "higher", self.leaders, 2026).status, "behind")
        no_data = assess(None, "higher", self.leaders, 2026)
        self.assertEqual((no_data.status, no_data.target_year), ("no_data", 2030))

    def test_lower_is_better(self) -> None:
        # 111 → 109: 110.6 expected in 2026.
        self.assertEqual(assess(Decimal(108), "lower", self.srb, 2026).status, "achieved")
        self.assertEqual(assess(Decimal(109), "lower", self.srb, 2026).status, "achieved")
        self.assertEqual(assess(Decimal("110.5"), "lower", self.srb, 2026).status, "on_track")
        self.assertEqual(assess(Decimal(112), "lower", self.srb, 2026).status, "behind")
        self.assertEqual(assess(Decimal("110.7"), "lower", self.srb, 2026).status, "behind")
        self.assertEqual(assess(None, "lower", self.srb, 2026).status, "no_data")

    def test_in_a_target_year_only_that_target_counts(self) -> None:
        self.assertEqual(assess(Decimal(60), "higher", self.leaders, 2025).status, "achieved")
        behind = assess(Decimal(59), "higher", self.leaders, 2025)
        self.assertEqual((behind.status, behind.target_year), ("behind", 2025))
        self.assertEqual(assess(Decimal(112), "lower", self.srb, 2025).status, "behind")
        self.assertEqual(assess(Decimal(110), "lower", self.srb, 2025).status, "achieved")

    def test_a_baseline_starts_the_path(self) -> None:
        # From 50% in 2025 to 75% in 2030: 55% expected in 2026.
        start = (2025, Decimal(50))
        self.assertEqual(assess(Decimal(55), "higher", self.leaders, 2026, start).status, "on_track")
        self.assertEqual(assess(Decimal(54), "higher", self.leaders, 2026, start).status, "behind")
        # From 114 in 2025 to 109 in 2030: 112 expected in 2027.
        start = (2025, Decimal(114))
        self.assertEqual(assess(Decimal(112), "lower", self.srb, 2027, start).status, "on_track")
        self.assertEqual(assess(Decimal("112.1"), "lower", self.srb, 2027, start).status, "behind")

    def test_before_the_first_and_after_the_last_target(self) -> None:
        self.assertEqual(assess(Decimal(50), "higher", self.leaders, 2023).status, "behind")
        self.assertEqual(assess(Decimal(61), "higher", self.leaders, 2023).status, "achieved")
        late = assess(Decimal(74), "higher", self.leaders, 2031)
        self.assertEqual((late.status, late.target_year), ("behind", 2030))
        self.assertEqual(assess(Decimal(75), "higher", self.leaders, 2031).status, "achieved")

    def test_without_targets(self) -> None:
        self.assertEqual(assess(Decimal(1), "higher", {}, 2026).status, "no_target")
        self.assertEqual(assess(None, "higher", {}, 2026).status, "no_data")

    def test_every_status_has_a_label(self) -> None:
        for value in (Decimal(80), Decimal(64), Decimal(10), None):
            achievement = assess(value, "higher", self.leaders, 2026)
            self.assertTrue(achievement.label)

    def test_the_label_follows_the_language(self) -> None:
        achievement = assess(None, "higher", self.leaders, 2026)
        with translation.override("vi"):
            self.assertEqual(achievement.label, "Chưa có số liệu")
        with translation.override("en"):
            self.assertEqual(achievement.label, "No data")


class LayerTests(TestCase):
    def test_indicators_imports_nothing_from_reporting_and_nothing_inside_functions(self) -> None:
        package = Path(__file__).resolve().parents[1]
        for path in sorted(package.rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = (
                        [node.module or ""]
                        if isinstance(node, ast.ImportFrom)
                        else [a.name for a in node.names]
                    )
                    with self.subTest(path=path.name, line=node.lineno):
                        self.assertFalse(any(name.startswith("binhdang.reporting") for name in names))
                        self.assertIn(node, tree.body, "an import inside a function or class")
