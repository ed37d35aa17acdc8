"""The GBV tests' world: Thái Nguyên, the personas, the 2026 form, the demo register."""

from __future__ import annotations

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.gbv import services
from binhdang.gbv.loading import load_demo_cases
from binhdang.gbv.models import Case, ServiceProvider


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

    def withdraw_statistics_consent(self, case: Case) -> None:
        """The survivor withdraws the consent to be counted (as the case worker records it)."""
        services.do_record_consent(
            case,
            purpose="statistics",
            decision="withdrawn",
            legal_basis="consent",
            text_shown="Rút lại",
            acting_user=self.gbv_worker,
        )

    def daitu_case(self) -> Case:
        return Case.objects.filter(unit=self.commune_a).order_by("pk").first()

    def other_case(self) -> Case:
        return Case.objects.filter(unit=self.commune_b).order_by("pk").first()
