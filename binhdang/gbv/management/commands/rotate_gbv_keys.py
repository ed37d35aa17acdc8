from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binhdang.gbv.keys import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt the GBV register under the first key of GBV_KEYS (keep the old key listed until done)."

    def handle(self, *args: object, **options: object) -> None:
        counts = rotate_keys()
        self.stdout.write(
            _("Re-encrypted %(cases)d cases, %(notes)d notes and %(services)d services with the first key.")
            % counts
        )
