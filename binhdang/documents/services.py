"""Writes of the documents app: the parts of a report a person writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.documents.choices import NARRATIVE_MAX_CHARS, NarrativePart
from binhdang.documents.models import Narrative, NarrativeRevision
from binhdang.lib.text import normalize
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod


@dataclass
class NarrativeSaved:
    narrative: Narrative
    conflict: bool  # someone else saved meanwhile: nothing written, `narrative` holds their text


def narratives(period: ReportingPeriod, unit: OrgUnit) -> dict[str, Narrative]:
    """The parts written so far for the report on `unit`, by part."""
    return {
        n.part: n
        for n in Narrative.objects.filter(period=period, unit=unit).select_related("updated_by")
    }


@transaction.atomic(durable=True)
def do_save_narrative(
    period: ReportingPeriod, unit: OrgUnit, part: str, text: str, seen_version: int, *, acting_user: Any
) -> NarrativeSaved:
    """Save one part. `seen_version` is the version the writer started from (0: none yet); when
    someone saved another since, nothing is written and their text comes back."""
    if part not in NarrativePart.values:
        raise ValidationError(_("Unknown part of the report: %(part)s.") % {"part": part})
    # NFC, one space between words, the person's lines kept.
    text = "\n".join(normalize(line) for line in (text or "").splitlines()).strip()
    if len(text) > NARRATIVE_MAX_CHARS:
        raise ValidationError(
            _("%(part)s is too long: at most %(max)d characters.")
            % {"part": NarrativePart(part).label, "max": NARRATIVE_MAX_CHARS}
        )
    narrative = (
        Narrative.objects.select_for_update().filter(period=period, unit=unit, part=part).first()
    )
    if narrative is None and seen_version != 0:  # a page that says it read a version that never was
        raise ValidationError(_("This part has not been saved before: reload the page and try again."))
    current = narrative.version if narrative is not None else 0
    if current != seen_version:
        return NarrativeSaved(narrative, conflict=True)
    old = narrative.text if narrative is not None else None
    if narrative is None:
        narrative = Narrative(period=period, unit=unit, part=part, text=text, updated_by=acting_user)
        narrative.save()
    elif old == text:
        return NarrativeSaved(narrative, conflict=False)
    else:
        narrative.text, narrative.updated_by = text, acting_user
        narrative.version += 1
        narrative.save()
    NarrativeRevision.objects.create(
        narrative=narrative, version=narrative.version, text=text, author=acting_user
    )
    audit.record(
        "documents.narrative_saved",
        narrative,
        acting_user=acting_user,
        unit_path=unit.path,
        part=part,
        version=narrative.version,
        old=old,
        new=text,
    )
    return NarrativeSaved(narrative, conflict=False)
