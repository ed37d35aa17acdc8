"""Other plan shapes through the whole importer: issuer resolution and matching against the register."""

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Plan
from binhdang.plans.tests.test_parser import COMMUNE_PLAN, LAO_CAI_PLAN, WRAPPED_PLAN


class ImportShapeTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_register(province_codes={"19", "01", "15"})
        cls.lao_cai = OrgUnit.objects.get(kind="province", name="Tỉnh Lào Cai")

    def test_a_communes_plan_belongs_to_the_commune_and_lists_its_own_offices_as_unmatched(self) -> None:
        outcome = import_plan(COMMUNE_PLAN.encode(), "kh-xa.txt")
        plan = outcome.plan
        self.assertEqual(plan.issuer, self.commune_a)
        self.assertEqual(plan.number, "15/KH-UBND")
        self.assertEqual(plan.issued_on.isoformat(), "2026-02-05")
        self.assertIn("Phòng Văn hóa - Xã hội", outcome.report["unmatched"])
        self.assertEqual({m["date"] for m in outcome.report["deadlines"]}, {"2026-11-30", "2026-12-05"})
        self.assertEqual(outcome.report["windows"][0]["start"], "2026-11-15")

    def test_another_province_and_year_match_that_provinces_units_only(self) -> None:
        report = import_plan(LAO_CAI_PLAN.encode(), "kh-lao-cai.txt", dry_run=True).report
        self.assertEqual(report["year"], 2027)
        self.assertEqual(report["issuer"]["code"], self.lao_cai.code)
        codes = [code for a in report["assignments"] for code in a["unit_codes"]]
        self.assertIn(f"{self.lao_cai.code}-SNV", codes)
        self.assertIn(f"{self.lao_cai.code}-CA", codes)
        self.assertFalse([c for c in codes if c.startswith("19")])
        communes = next(a for a in report["assignments"] if a["group"])
        expected = OrgUnit.objects.filter(
            parent=self.lao_cai, kind__in=["commune", "ward", "special_zone"]
        ).count()
        self.assertEqual(len(communes["unit_codes"]), expected)
        self.assertFalse(Plan.objects.exists())

    def test_a_decision_wrapping_a_plan_imports_the_plan(self) -> None:
        report = import_plan(WRAPPED_PLAN.encode(), "qd-123.txt", dry_run=True).report
        self.assertEqual(report["issuer"]["code"], self.lao_cai.code)
        self.assertEqual(report["year"], 2027)
        women = next(a for a in report["assignments"] if a["name"] == "Hội Liên hiệp Phụ nữ tỉnh")
        self.assertTrue(women["requested"])
        self.assertEqual(women["unit_codes"], [f"{self.lao_cai.code}-HLHPN"])
        self.assertEqual(report["unmatched"], [])
