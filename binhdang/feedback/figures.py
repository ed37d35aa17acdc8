"""Counts of the intake: by kind, state, timeliness and subject for a unit and a period, and the
figures they fill in the unit's report (section "Tiếp nhận, giải quyết phản ánh, kiến nghị, khiếu
nại, tố cáo"), marked as coming from the intake (ValueSource.FEEDBACK_INTAKE): the entry page
shows them read-only. A report already sent, or whose entry closed, is not touched."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from binhdang.feedback.choices import Kind, State, Subject, Timeliness
from binhdang.feedback.models import Feedback
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import ReportingPeriod, TemplateElement
from binhdang.reporting.services import write_register_cells_in_transaction
from binhdang.reporting.spec import TOTAL

RESOLVED_STATES = frozenset({State.ANSWERED, State.CLOSED})


def timeliness(item: Feedback, today: datetime.date) -> str:
    """On time / late for an item settled; not yet due / overdue for one still open."""
    due = item.resolve_due if item.state != State.RECEIVED else item.accept_due
    if item.state in RESOLVED_STATES:
        done = timezone.localdate(item.answered_at) if item.answered_at else today
        return Timeliness.LATE if due and done > due else Timeliness.ON_TIME
    if item.state == State.REFUSED:
        return Timeliness.ON_TIME
    return Timeliness.OVERDUE if due and today > due else Timeliness.PENDING


@dataclass
class Counts:
    """Items a unit had to settle in a period: received in it, or received before and still open
    when it began; refused ones are not to be settled."""

    to_settle: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_state: Counter = field(default_factory=Counter)
    by_subject: Counter = field(default_factory=Counter)
    by_timeliness: Counter = field(default_factory=Counter)

    def rows(self, counter: Counter, choices: type) -> list[tuple[str, int]]:
        return [(label, counter[value]) for value, label in choices.choices if counter[value]]

    @property
    def kinds(self) -> list[tuple[str, int]]:
        return self.rows(self.by_kind, Kind)

    @property
    def states(self) -> list[tuple[str, int]]:
        return self.rows(self.by_state, State)

    @property
    def subjects(self) -> list[tuple[str, int]]:
        return self.rows(self.by_subject, Subject)

    @property
    def timeliness(self) -> list[tuple[str, int]]:
        return self.rows(self.by_timeliness, Timeliness)


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def count(items: list[Feedback], start: datetime.date, end: datetime.date, today: datetime.date) -> Counts:
    """Pure: the counts of `items` for the period start…end (inclusive)."""
    counts = Counts()
    for item in items:
        received = timezone.localdate(item.received_at)
        if received > end:
            continue
        settled = (
            timezone.localdate(item.answered_at or item.closed_at)
            if (item.answered_at or item.closed_at)
            else None
        )
        if received < start and (item.state == State.REFUSED or (settled and settled < start)):
            continue  # dealt with before the period
        counts.by_kind[item.kind] += 1
        counts.by_state[item.state] += 1
        counts.by_subject[item.subject] += 1
        if item.state == State.REFUSED:
            continue
        counts.to_settle += 1
        on_time = timeliness(item, min(today, end))
        counts.by_timeliness[on_time] += 1
        if item.state in RESOLVED_STATES and settled and settled <= end:
            counts.resolved += 1
            counts.resolved_on_time += on_time == Timeliness.ON_TIME
    return counts


def unit_counts(unit: OrgUnit, start: datetime.date, end: datetime.date) -> Counts:
    """`count` over the unit's items that can count in the period: received within it, or received
    before and neither refused nor settled before it began (`count` draws the same line), so that
    the years of items behind a unit are not read again at every change."""
    begins = _start(start)
    settled_before = Q(answered_at__lt=begins) | Q(answered_at__isnull=True, closed_at__lt=begins)
    items = Feedback.objects.filter(
        unit=unit, received_at__lt=_start(end + datetime.timedelta(days=1))
    ).filter(Q(received_at__gte=begins) | ~(Q(state=State.REFUSED) | settled_before))
    return count(list(items), start, end, timezone.localdate())


ELEMENTS = (
    "FB_RECEIVED",
    "FB_RESOLVED",
    "FB_RESOLVED_ON_TIME",
    "FB_COMPLAINTS",
    "FB_DENUNCIATIONS",
    "FB_WORKPLACE",
)


def element_values(counts: Counts) -> dict[str, int]:
    """The report's elements and what the intake puts in them."""
    return {
        "FB_RECEIVED": counts.to_settle,
        "FB_RESOLVED": counts.resolved,
        "FB_RESOLVED_ON_TIME": counts.resolved_on_time,
        "FB_COMPLAINTS": counts.by_kind[Kind.COMPLAINT],
        "FB_DENUNCIATIONS": counts.by_kind[Kind.DENUNCIATION],
        "FB_WORKPLACE": counts.by_subject[Subject.WORKPLACE],
    }


def fill_report(unit: OrgUnit, on: datetime.date, *, acting_user: Any = None) -> list[str]:
    """Write the intake's counts into the unit's report for every period covering `on` whose
    report can still change (not sent, entry not closed: a refused report is left as it is).
    Called inside the feedback services' transactions; returns the periods whose figures changed."""
    written = []
    for period in ReportingPeriod.objects.filter(covers_from__lte=on, covers_to__gte=on).select_related(
        "template"
    ):
        if period.template.unit_kinds and unit.kind not in period.template.unit_kinds:
            continue  # a unit that does not report in this period (the province itself)
        codes = {
            p.element.code
            for p in TemplateElement.objects.filter(
                section__template=period.template, element__code__in=list(ELEMENTS)
            ).select_related("element")
            if p.applies_to(unit)
        }
        if not codes:
            continue
        values = element_values(unit_counts(unit, period.covers_from, period.covers_to))
        cells = {(code, TOTAL): values[code] for code in codes}
        result = write_register_cells_in_transaction(
            period, unit, cells, source=ValueSource.FEEDBACK_INTAKE, acting_user=acting_user
        )
        if result.changed:
            written.append(period.code)
    return written
