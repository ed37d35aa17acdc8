from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit


class Command(BaseCommand):
    help = "Load or refresh the unit register (country, provinces, communes, provincial bodies). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", action="append", help="Only this province code (repeatable), e.g. 19."
        )

    def handle(self, *args: object, **options: object) -> None:
        provinces = set(options["province"] or []) or None

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r  {done}/{total}", ending="")
            self.stdout.flush()

        result = load_register(province_codes=provinces, progress=progress if options["verbosity"] else None)
        if options["verbosity"]:
            self.stdout.write("")
        counts = {kind: OrgUnit.objects.filter(kind=kind).count() for kind in OrgUnitKind.values}
        self.stdout.write(
            _("Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
        self.stdout.write(
            _(
                "Register: %(provinces)d provinces, %(local)d communes/wards/special zones, "
                "%(bodies)d provincial bodies."
            )
            % {
                "provinces": counts[OrgUnitKind.PROVINCE],
                "local": counts[OrgUnitKind.COMMUNE]
                + counts[OrgUnitKind.WARD]
                + counts[OrgUnitKind.SPECIAL_ZONE],
                "bodies": sum(
                    counts[k]
                    for k in (
                        OrgUnitKind.DEPARTMENT,
                        OrgUnitKind.AGENCY,
                        OrgUnitKind.MASS_ORG,
                        OrgUnitKind.CENTRAL_AGENCY,
                        OrgUnitKind.MEDIA,
                    )
                ),
            }
        )
