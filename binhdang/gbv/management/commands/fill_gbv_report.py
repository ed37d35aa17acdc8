from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binhdang.gbv.report_fill import fill_province
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Fill the GBV elements of the province's reports from the register's consented, de-duplicated cases."
    )

    def add_arguments(self, parser):  # noqa: ANN001, ANN201
        parser.add_argument("--period", required=True, help=_("Period code, e.g. 2026"))
        parser.add_argument("--province", default="19")

    def handle(self, *args: object, **options: object) -> None:
        period = ReportingPeriod.objects.filter(code=options["period"]).first()
        province = OrgUnit.objects.filter(code=options["province"]).first()
        if period is None or province is None:
            raise CommandError(_("Unknown period or province."))
        done = fill_province(period, province, acting_user=None)
        for code, result in done.items():
            if result.refused:  # a report already sent, or whose entry closed: left as it is
                self.stdout.write(f"{code}: {result.refused}")
        filled = sum(1 for result in done.values() if not result.refused)
        self.stdout.write(_("%(units)d reports filled from the register.") % {"units": filled})
