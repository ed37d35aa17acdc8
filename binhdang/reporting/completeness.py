"""Who has reported: expected, submitted, on time, late, missing, returned — live, for any subtree.

Two queries whatever the size (the expected units, and their reports), so the whole country's
~4,700 expected reports are counted in one pass without an analytics run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, FilteredRelation, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.orgunits.choices import OrgUnitKind, kind_rank
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.models import ReportingPeriod, Submission
from binhdang.reporting.workflow import end_of_day

# What a unit's report is, seen from the coordinator's desk.
MISSING, DRAFT, AWAITING_APPROVAL, RECEIVED, ACCEPTED, RETURNED = (
    "missing",
    "draft",
    "awaiting_approval",
    "received",
    "accepted",
    "returned",
)
STATES = (MISSING, DRAFT, AWAITING_APPROVAL, RECEIVED, ACCEPTED, RETURNED)


@dataclass
class UnitRow:
    unit: OrgUnit
    state: str
    submission: Submission | None
    on_time: bool | None  # None while nothing reached the coordinator and the due date has not passed
    late: bool

    @property
    def sent(self) -> bool:
        return self.state in (RECEIVED, ACCEPTED)


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

    def kind_rows(self) -> list[tuple[str, Counts]]:
        """(label, counts) per kind of unit, in the register's order of kinds: labels at display time."""
        labels = dict(OrgUnitKind.choices)
        return [
            (str(labels.get(kind, kind)), counts)
            for kind, counts in sorted(self.by_kind.items(), key=lambda item: kind_rank(item[0]))
        ]
    by_parent: dict[str, Counts] = field(default_factory=dict)  # province code -> counts
    rows: list[UnitRow] = field(default_factory=list)

    def missing_rows(self) -> list[UnitRow]:
        return [row for row in self.rows if not row.sent]


def expected_units(period: ReportingPeriod, root: OrgUnit):  # noqa: ANN201
    """The units that must report in a period under `root`: the template's kinds, valid at its end."""
    units = OrgUnit.objects.subtree(root).valid_on(period.covers_to)
    if period.template.unit_kinds:
        units = units.filter(kind__in=period.template.unit_kinds)
    return units


def state_of(submission: Submission | None, needs_approval: bool) -> str:
    return state_of_status(submission.status if submission is not None else None, needs_approval)


def state_of_status(status: str | None, needs_approval: bool) -> str:
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
    period: ReportingPeriod, root: OrgUnit, *, now: datetime.datetime | None = None, with_rows: bool = True
) -> Completeness:
    """Without rows, only the counts in total and by kind of unit, counted by the database in one
    query (the country's ~4,000 units come back as a few dozen groups)."""
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
        "id", "code", "name", "kind", "path", "email", "phone", "contact_person", "sort_key"
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
    for unit in units.order_by("sort_key"):
        submission = submissions.get(unit.pk)
        state = state_of(submission, unit.pk in with_head)
        on_time, late = timing(state, submission.delivered_at if submission else None)
        row = UnitRow(unit, state, submission, on_time, late)
        add(unit.kind, unit.path, unit.code, state, on_time, late)
        result.rows.append(row)
    return result
