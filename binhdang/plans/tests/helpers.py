from pathlib import Path

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Plan, Task
from binhdang.plans.services import do_publish_plan

SEED = Path(__file__).resolve().parents[1] / "importer" / "samples" / "kh_thai_nguyen_2026.txt"


class PublishedPlanTestCase(PersonaTestCase):
    plan: Plan
    commune_task: Task
    health_task: Task

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=cls.coordinator).plan
        do_publish_plan(cls.plan, acting_user=cls.coordinator)
        cls.commune_task = Task.objects.get(plan=cls.plan, addressee__name="UBND các xã, phường")
        cls.health_task = Task.objects.filter(plan=cls.plan, addressee__name="Sở Y tế").first()
