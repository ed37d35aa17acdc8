from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.core.personas import DEMO_PASSWORD, create_personas, personas
from binhdang.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = "Load the demo: Thái Nguyên's register and one account per persona. Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        if not OrgUnit.objects.filter(code="19").exists():
            call_command("load_units", verbosity=0)
        create_personas()
        self.stdout.write(_("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for persona in personas():
            unit = OrgUnit.objects.get(code=persona.unit_code)
            role = str(Role(persona.role).label)
            self.stdout.write(f"  {persona.username:<18} {role:<40} {unit.name}")
