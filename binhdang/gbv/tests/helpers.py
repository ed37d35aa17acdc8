"""The GBV tests' world: Thái Nguyên, the personas, the 2026 form, the demo register."""

from __future__ import annotations

import datetime

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.gbv.loading import load_demo_cases
from binhdang.gbv.models import Case, ServiceProvider
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportingPeriod, ReportTemplate
from binhdang.reporting.services import do_create_period


def make_period_2026(coordinator: object) -> ReportingPeriod:
    load_dimensions()
    load_template()
    template = ReportTemplate.objects.get(code="BDG-NAM", version=1)
    return do_create_period(
        template=template,
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
        consolidation_due=datetime.date(2026, 12, 20),
        plan=None,
        acting_user=coordinator,
    )


class GbvTestCase(PersonaTestCase):
    gbv_worker: object
    gbv_supervisor: object
    gbv_provider: object
    data_protection: object

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_demo_cases(acting_user=cls.users["gbv_worker"])
        cls.shelter = ServiceProvider.objects.get(name="Nhà tạm lánh xã Đại Từ")
        cls.health = ServiceProvider.objects.get(name="Trạm Y tế xã Đại Từ")

    def login(self, user: object) -> None:
        self.client.force_login(user)

    def daitu_case(self) -> Case:
        return Case.objects.filter(unit=self.commune_a).order_by("pk").first()

    def other_case(self) -> Case:
        return Case.objects.filter(unit=self.commune_b).order_by("pk").first()
