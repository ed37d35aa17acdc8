"""Key rotation: every encrypted column re-written under the first key of GBV_KEYS, search hashes
re-computed (they are keyed by the first key too). Run after putting the new key first in GBV_KEYS and
keeping the old one after it; once it has run, the old key can be removed."""

from __future__ import annotations

from django.db import transaction

from binhdang.core import audit
from binhdang.gbv.crypto import search_hash
from binhdang.gbv.models import Case, CaseNote, ServiceProvider

BATCH = 500


def rotate_keys() -> dict[str, int]:
    counts = {"cases": 0, "notes": 0, "services": 0}
    with transaction.atomic(durable=True):
        cases = list(Case.objects.select_related("home_commune").order_by("pk"))
        for case in cases:  # reading decrypted with any key; saving encrypts with the first
            year = int(case.birth_year) if case.birth_year.isdigit() else None
            case.search_hash = search_hash(case.full_name, year, case.home_commune.code)
        Case.objects.bulk_update(
            cases,
            ["full_name", "phone", "address", "id_number", "guardian", "birth_year", "search_hash"],
            batch_size=BATCH,
        )
        counts["cases"] = len(cases)
        notes = list(CaseNote.objects.order_by("pk"))
        CaseNote.objects.bulk_update(notes, ["text"], batch_size=BATCH)
        counts["notes"] = len(notes)
        providers = list(ServiceProvider.objects.order_by("pk"))
        ServiceProvider.objects.bulk_update(providers, ["location"], batch_size=BATCH)
        counts["services"] = len(providers)
        if cases:
            audit.record("gbv.keys_rotated", cases[0], **counts)
    return counts
