import datetime
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


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Command(BaseCommand):
    help = "Load the demo: Thái Nguyên's register, its people, the published 2026 plan and report form."

    def handle(self, *args: object, **options: object) -> None:
        if not OrgUnit.objects.filter(code="19").exists():
            call_command("load_units", verbosity=0)
        users = create_personas()
        outcome = import_plan(DEMO_PLAN.read_bytes(), DEMO_PLAN.name, acting_user=users["coordinator"])
        if outcome.plan.status != PlanStatus.PUBLISHED:
            do_publish_plan(outcome.plan, acting_user=users["coordinator"])
        period = self.open_period(outcome.plan, users["coordinator"])
        self.stdout.write(_("Demo reporting period: %(name)s.") % {"name": period.name})
        self.stdout.write(
            _("Demo plan: %(title)s (%(tasks)d tasks).")
            % {"title": outcome.plan.title, "tasks": outcome.plan.tasks.count()}
        )
        self.stdout.write(_("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for persona in personas():
            unit = OrgUnit.objects.get(code=persona.unit_code)
            role = str(Role(persona.role).label)
            self.stdout.write(f"  {persona.username:<18} {role:<40} {unit.name}")

    def open_period(self, plan, coordinator):  # noqa: ANN001, ANN201
        """The 2026 annual report: figures from 15/12/2025 to 14/12/2026 (the national cut-off rule)."""
        from binhdang.reporting.loader import load_dimensions, load_template
        from binhdang.reporting.models import ReportTemplate
        from binhdang.reporting.services import do_create_period

        load_dimensions()
        load_template()
        template = ReportTemplate.objects.get(code="BDG-NAM", version=1)
        return do_create_period(
            template=template,
            code="2026",
            name=str(template.label),
            covers_from=_date("2025-12-15"),
            covers_to=_date("2026-12-14"),
            due_date=_date("2026-12-15"),
            consolidation_due=_date("2026-12-20"),
            plan=plan,
            acting_user=coordinator,
        )
