import datetime
import random
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import override_settings
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.demo.contacts import fill_demo_contacts
from binhdang.demo.feedback import load_demo_feedback
from binhdang.demo.full_year import fill_demo_province
from binhdang.demo.personas import DEMO_PASSWORD, create_personas, personas
from binhdang.gbv.loading import load_demo_cases
from binhdang.indicators.loader import load_indicators
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import PlanStatus
from binhdang.plans.importing import import_plan
from binhdang.plans.services import do_publish_plan
from binhdang.reporting.completeness import expected_units
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import ReportTemplate, Submission
from binhdang.reporting.services import CellChange, do_create_period, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.workflow import do_accept, do_return, do_submit

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
        fill_demo_contacts(users)  # heads, reporters, phones and e-mails of the demo units
        outcome = import_plan(DEMO_PLAN.read_bytes(), DEMO_PLAN.name, acting_user=users["coordinator"])
        if outcome.plan.status != PlanStatus.PUBLISHED:
            do_publish_plan(outcome.plan, acting_user=users["coordinator"])
        period = self.open_period(outcome.plan, users["coordinator"])
        self.stdout.write(_("Demo reporting period: %(name)s.") % {"name": period.name})
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            made = self.demo_reports(period, users)  # the demo's own steps e-mail nobody
            load_demo_feedback(users)  # the feedback intake: routing and a few items
            load_demo_cases(acting_user=users["gbv_worker"])  # the GBV register: gbv/data/demo_cases.json
        if made:
            self.stdout.write(
                _("Demo reports: %(count)d units have started or sent theirs.") % {"count": made}
            )
        if filled := fill_demo_province(users["coordinator"]):  # every other unit, this year and last
            self.stdout.write(_("Other units' reports: %(count)d.") % {"count": filled.submissions})
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
        load_dimensions()
        load_template()
        load_indicators()
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

    def demo_reports(self, period, users) -> int:  # noqa: ANN001
        """Some of Thái Nguyên's units at every step of the cycle, so the coordinator's page has life.

        Only on a period with no reports yet; Xã Đại Từ (the demo reporter's commune) is left untouched.
        """
        if Submission.objects.filter(period=period).exists():
            return 0
        province = OrgUnit.objects.get(code="19")
        skip = {users["reporter_a"].memberships.get().unit.pk}
        units = [u for u in expected_units(period, province).order_by("code") if u.pk not in skip]
        rng = random.Random(2026)
        chosen = rng.sample(units, 40)
        coordinator = users["coordinator"]
        for index, unit in enumerate(chosen):
            women, men = rng.randint(1, 4), rng.randint(0, 3)
            do_save_cells(
                period,
                unit,
                [
                    CellChange("STAFF_OFFICIALS", make_key(sex="F"), str(women), None, 0),
                    CellChange("STAFF_OFFICIALS", make_key(sex="M"), str(men), None, 0),
                ],
                acting_user=coordinator,
            )
            if index % 4 == 3:
                continue  # still being entered
            submission = do_submit(Submission.objects.get(period=period, unit=unit), acting_user=coordinator)
            if index % 4 == 0:
                do_accept(submission, acting_user=coordinator)
            elif index % 8 == 1:
                do_return(submission, "Bổ sung số liệu tập huấn và truyền thông.", acting_user=coordinator)
        return len(chosen)
