from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from binhdang.synthetic.generator import MAX_YEARS, SyntheticDataError, generate_synthetic


class Command(BaseCommand):
    help = (
        "Generate synthetic reports for some or all provinces: submissions with a realistic status mix "
        "and dates, their values, and the task results of the sample plan. Deterministic for a seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--provinces",
            type=int,
            metavar="N",
            help="How many provinces: Thái Nguyên first, then by code (default: all 34).",
        )
        which.add_argument(
            "--province",
            action="append",
            dest="province_codes",
            metavar="CODE",
            help="A province code, e.g. 19 for Thái Nguyên; repeat it for several.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=1,
            help=f"Annual periods to fill: 2026, then 2025 … (1 to {MAX_YEARS}; default 1).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the reports these periods already have in these provinces, then generate.",
        )

    def handle(self, *args: object, **options: object) -> None:
        verbosity = options["verbosity"]
        started: set[str] = set()

        def progress(phase: str, done: int, total: int) -> None:
            if not verbosity:
                return
            if done == 0:
                started.add(phase)
                self.stdout.write(f"{phase}…")
            elif phase not in started:  # a province finished
                self.stdout.write(phase)

        try:
            result = generate_synthetic(
                provinces=options["province_codes"] or options["provinces"],
                years=options["years"],
                seed=options["seed"],
                replace=options["replace"],
                progress=progress,
            )
        except SyntheticDataError as exc:
            raise CommandError(str(exc)) from exc

        def n(number: int) -> str:
            return number_format(number, force_grouping=True)

        self.stdout.write(
            _(
                "Done: %(provinces)s provinces, %(units)s units, %(submissions)s reports, %(values)s values, "
                "%(tasks)s task results (periods %(periods)s) in %(seconds)s s."
            )
            % {
                "provinces": n(result.provinces),
                "units": n(result.units),
                "submissions": n(result.submissions),
                "values": n(result.values),
                "tasks": n(result.task_results),
                "periods": ", ".join(result.periods),
                "seconds": number_format(result.seconds, decimal_pos=1),
            }
        )
