"""Who has reported: expected, submitted, on time, late, missing, returned — live, for any subtree.

Two queries whatever the size (the expected units, and their reports), so the whole country's
~4,700 expected reports are counted in one pass without an analytics run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.lib.text import fold_vi
from binhdang.orgunits.choices import kind_label, kind_rank
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import MANUAL_STEP_PREFIX, ReportState
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.models import ReminderLog, ReportingPeriod, Submission
from binhdang.reporting.workflow import end_of_day

# What a unit's report is, as every page names it (reporting.choices.ReportState).
MISSING, DRAFT, AWAITING_APPROVAL, RECEIVED, ACCEPTED, RETURNED = ReportState
STATES = tuple(ReportState)
# A filter of the completeness page that groups states: nothing reached the coordinator yet.
NOT_SENT = "not_sent"
STATE_FILTERS = (NOT_SENT, *STATES)
# The lateness filter: only the late units, or only those that are not late.
LATE, NOT_LATE = "1", "0"


@dataclass
class UnitRow:
    unit: OrgUnit
    state: str
    submission: Submission | None
    on_time: bool | None  # None while nothing reached the coordinator and the due date has not passed
    late: bool
    last_reminder_at: datetime.datetime | None = None  # read with with_reminders=True
    last_reminder_step: str = ""

    @property
    def sent(self) -> bool:
        return self.state in (RECEIVED, ACCEPTED)

    @property
    def to_review(self) -> bool:
        return self.state == RECEIVED

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label)

    @property
    def last_reminder_label(self) -> str:
        """The step as a person reads it: D-7, D0, D+2 … or "by hand" for the coordinator's click."""
        if self.last_reminder_step.startswith(MANUAL_STEP_PREFIX):
            return str(_("by hand"))
        return self.last_reminder_step


@dataclass
class Counts:
    expected: int = 0
    sent: int = 0  # reached the coordinator (received or accepted)
    accepted: int = 0
    on_time: int = 0
    late: int = 0  # sent after the due date, or not sent once it has passed
    missing: int = 0  # nothing reached the coordinator
    returned: int = 0
    awaiting_approval: int = 0

    def count(self, state: str, on_time: bool | None, late: bool, units: int = 1) -> None:
        sent = state in (RECEIVED, ACCEPTED)
        self.expected += units
        self.sent += sent * units
        self.accepted += (state == ACCEPTED) * units
        self.on_time += bool(on_time) * units
        self.late += late * units
        self.missing += (not sent) * units
        self.returned += (state == RETURNED) * units
        self.awaiting_approval += (state == AWAITING_APPROVAL) * units

    @property
    def rate(self) -> float:
        return round(100 * self.sent / self.expected, 1) if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100 * self.on_time / self.expected, 1) if self.expected else 0.0


@dataclass
class Completeness:
    period: ReportingPeriod
    root: OrgUnit
    now: datetime.datetime
    total: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)  # kind of unit (OrgUnitKind) -> counts

    by_parent: dict[str, Counts] = field(default_factory=dict)  # province code -> counts
    rows: list[UnitRow] = field(default_factory=list)

    def missing_rows(self) -> list[UnitRow]:
        return [row for row in self.rows if not row.sent]

    def kind_choices(self) -> list[tuple[str, str]]:
        """(code, label) of the kinds of unit expected here, in the register's order."""
        return [(kind, kind_label(kind)) for kind in sorted(self.by_kind, key=kind_rank)]

    def kind_rows(self) -> list[tuple[str, Counts]]:
        """(label, counts) per kind of unit, in the register's order: labels at display time."""
        return [(label, self.by_kind[kind]) for kind, label in self.kind_choices()]


@dataclass(frozen=True)
class RowFilter:
    """The completeness page's filters, as they come in the URL (GET), so a filtered list can be shared."""

    kind: str = ""
    state: str = ""  # one of STATE_FILTERS, or "" for every state
    late: str = ""  # LATE, NOT_LATE or ""
    q: str = ""  # part of the unit's name or code, accents and case ignored

    @classmethod
    def from_query(cls, query) -> RowFilter:  # noqa: ANN001  (a QueryDict or a dict)
        state = query.get("state", "")
        late = query.get("late", "")
        return cls(
            kind=query.get("kind", "").strip(),
            state=state if state in STATE_FILTERS else "",
            late=late if late in (LATE, NOT_LATE) else "",
            q=query.get("q", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.state or self.late or self.q)

    def params(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @cached_property
    def wanted(self) -> str:
        """The name searched for, folded once for every row."""
        return fold_vi(self.q)

    def keeps(self, row: UnitRow) -> bool:
        if self.kind and row.unit.kind != self.kind:
            return False
        if self.state == NOT_SENT and row.sent:
            return False
        if self.state not in ("", NOT_SENT) and row.state != self.state:
            return False
        if self.late and row.late != (self.late == LATE):
            return False
        if self.q:
            return self.wanted in fold_vi(row.unit.name) or self.wanted in row.unit.code.casefold()
        return True

    def apply(self, rows: list[UnitRow]) -> list[UnitRow]:
        return [row for row in rows if self.keeps(row)]


def expected_units(period: ReportingPeriod, root: OrgUnit):  # noqa: ANN201
    """The units that must report in a period under `root`: the template's kinds, valid at its end."""
    units = OrgUnit.objects.subtree(root).valid_on(period.covers_to)
    if period.template.unit_kinds:
        units = units.filter(kind__in=period.template.unit_kinds)
    return units


def state_of(submission: Submission | None, needs_approval: bool) -> ReportState:
    """The one name of the report's state that every page shows."""
    return state_of_status(submission.status if submission is not None else None, needs_approval)


def state_of_status(status: str | None, needs_approval: bool) -> ReportState:
    if status is None:
        return MISSING
    if status == S.ACCEPTED:
        return ACCEPTED
    if status == S.APPROVED or (status == S.SUBMITTED and not needs_approval):
        return RECEIVED
    if status == S.SUBMITTED:
        return AWAITING_APPROVAL
    if status == S.RETURNED:
        return RETURNED
    return DRAFT


def _count_in_database(
    result: Completeness,
    period: ReportingPeriod,
    root: OrgUnit,
    deadline: datetime.datetime,
    past_due: bool,
) -> None:
    heads = Membership.objects.filter(unit=OuterRef("pk"), role=Role.HEAD, user__is_active=True)
    groups = (
        expected_units(period, root)
        .annotate(report=FilteredRelation("submissions", condition=Q(submissions__period=period)))
        .annotate(
            in_time=Case(
                When(report__delivered_at__lte=deadline, then=Value(1)),
                When(report__delivered_at__isnull=False, then=Value(0)),
                default=Value(None),
                output_field=IntegerField(),
            ),
            head=Exists(heads),
        )
        .order_by()
        .values_list("kind", "report__status", "in_time", "head")
        .annotate(units=Count("pk"))
    )
    for kind, status, in_time, head, units in groups:
        state = state_of_status(status, head)
        if in_time is not None and state in (RECEIVED, ACCEPTED):
            on_time, late = bool(in_time), not in_time
        else:
            on_time, late = None, past_due
        result.total.count(state, on_time, late, units)
        result.by_kind.setdefault(kind, Counts()).count(state, on_time, late, units)


def completeness(
    period: ReportingPeriod,
    root: OrgUnit,
    *,
    now: datetime.datetime | None = None,
    with_rows: bool = True,
    with_reminders: bool = False,
) -> Completeness:
    """Without rows, only the counts in total and by kind of unit, counted by the database in one
    query (the country's ~4,000 units come back as a few dozen groups). With reminders, each row
    carries the last reminder sent to its unit for the period, read in the units' query itself
    (two correlated subqueries on the (period, unit, step) index): no query more."""
    now = now or timezone.now()
    result = Completeness(period, root, now)
    deadline = end_of_day(period.due_date)
    past_due = now > deadline
    if not with_rows:
        _count_in_database(result, period, root, deadline, past_due)
        return result
    with_head = set(
        Membership.objects.within(root)
        .filter(role=Role.HEAD, user__is_active=True)
        .values_list("unit_id", flat=True)
    )

    def timing(state: str, delivered: datetime.datetime | None) -> tuple[bool | None, bool]:
        if delivered is not None and state in (RECEIVED, ACCEPTED):
            return delivered <= deadline, delivered > deadline
        return None, past_due

    def add(kind: str, path: str, code: str, state: str, on_time: bool | None, late: bool) -> None:
        result.total.count(state, on_time, late)
        result.by_kind.setdefault(kind, Counts()).count(state, on_time, late)
        province = path.split("/")[1] if path.count("/") >= 1 else code
        result.by_parent.setdefault(province, Counts()).count(state, on_time, late)

    units = expected_units(period, root).only(
        "id", "code", "name", "kind", "path", "email", "phone", "contact_person", "head_name", "sort_key"
    )
    submissions = {
        s.unit_id: s
        for s in Submission.objects.within(root)
        .filter(period=period)
        .only(
            "id",
            "unit_id",
            "status",
            "submitted_at",
            "delivered_at",
            "accepted_at",
            "return_reason",
            "period_id",
        )
    }
    if with_reminders:
        last = ReminderLog.objects.filter(period=period, unit=OuterRef("pk")).order_by("-sent_at", "-pk")
        units = units.annotate(
            last_reminder_at=Subquery(last.values("sent_at")[:1]),
            last_reminder_step=Subquery(last.values("step")[:1]),
        )
    for unit in units.order_by("sort_key"):
        submission = submissions.get(unit.pk)
        state = state_of(submission, unit.pk in with_head)
        on_time, late = timing(state, submission.delivered_at if submission else None)
        row = UnitRow(unit, state, submission, on_time, late)
        if with_reminders:
            row.last_reminder_at = unit.last_reminder_at
            row.last_reminder_step = unit.last_reminder_step or ""
        add(unit.kind, unit.path, unit.code, state, on_time, late)
        result.rows.append(row)
    return result
