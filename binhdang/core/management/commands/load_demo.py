from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.core.personas import DEMO_PASSWORD, create_personas, personas
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import PlanStatus
from binhdang.plans.importing import import_plan
from binhdang.plans.services import do_publish_plan

# The 2026 plan of Thái Nguyên (the seed of this project), shipped with the code.
DEMO_PLAN = Path(__file__).resolve().parents[3] / "plans" / "importer" / "samples" / "kh_thai_nguyen_2026.txt"


class Command(BaseCommand):
    help = "Load the demo: Thái Nguyên's register, its people and the published 2026 plan. Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        if not OrgUnit.objects.filter(code="19").exists():
            call_command("load_units", verbosity=0)
        users = create_personas()
        outcome = import_plan(DEMO_PLAN.read_bytes(), DEMO_PLAN.name, acting_user=users["coordinator"])
        if outcome.plan.status != PlanStatus.PUBLISHED:
            do_publish_plan(outcome.plan, acting_user=users["coordinator"])
        self.stdout.write(
            _("Demo plan: %(title)s (%(tasks)d tasks).")
            % {"title": outcome.plan.title, "tasks": outcome.plan.tasks.count()}
        )
        self.stdout.write(_("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for persona in personas():
            unit = OrgUnit.objects.get(code=persona.unit_code)
            role = str(Role(persona.role).label)
            self.stdout.write(f"  {persona.username:<18} {role:<40} {unit.name}")
