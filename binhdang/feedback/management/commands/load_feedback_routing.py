from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binhdang.feedback.services import do_load_routing
from binhdang.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = "Load the default routing of feedback by subject for a province (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True, help="the province's code, e.g. 19")

    def handle(self, *args: Any, **options: Any) -> None:
        province = OrgUnit.objects.filter(code=options["province"], depth=1).first()
        if province is None:
            raise CommandError(_("No province with the code %(code)s.") % {"code": options["province"]})
        for rule in do_load_routing(province):
            self.stdout.write(str(rule))
