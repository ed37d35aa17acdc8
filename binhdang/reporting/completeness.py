"""Who has reported: expected, submitted, on time, late, missing, returned — live, for any subtree.

Two queries whatever the size (the expected units, and their reports), so the whole country's
~4,700 expected reports are counted in one pass without an analytics run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.orgunits.choices import OrgUnitKind
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

    def add(self, row: UnitRow) -> None:
        self.expected += 1
        self.sent += row.sent
        self.accepted += row.state == ACCEPTED
        self.on_time += bool(row.on_time)
        self.late += row.late
        self.missing += not row.sent
        self.returned += row.state == RETURNED
        self.awaiting_approval += row.state == AWAITING_APPROVAL

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
    by_kind: dict[str, Counts] = field(default_factory=dict)
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
    if submission is None:
        return MISSING
    status = submission.status
    if status == S.ACCEPTED:
        return ACCEPTED
    if status == S.APPROVED or (status == S.SUBMITTED and not needs_approval):
        return RECEIVED
    if status == S.SUBMITTED:
        return AWAITING_APPROVAL
    if status == S.RETURNED:
        return RETURNED
    return DRAFT


def completeness(
    period: ReportingPeriod, root: OrgUnit, *, now: datetime.datetime | None = None, with_rows: bool = True
) -> Completeness:
    now = now or timezone.now()
    result = Completeness(period, root, now)
    deadline = end_of_day(period.due_date)
    past_due = now > deadline
    units = expected_units(period, root).only(
        "id", "code", "name", "kind", "path", "email", "phone", "contact_person", "sort_key"
    )
    below = Q(unit__path__startswith=root.path + "/") | Q(unit=root)
    submissions = {
        s.unit_id: s
        for s in Submission.objects.filter(below, period=period).only(
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
    with_head = set(
        Membership.objects.filter(role=Role.HEAD, user__is_active=True)
        .filter(Q(unit__path__startswith=root.path + "/") | Q(unit=root))
        .values_list("unit_id", flat=True)
    )
    labels = dict(OrgUnitKind.choices)
    for unit in units.order_by("sort_key"):
        submission = submissions.get(unit.pk)
        state = state_of(submission, unit.pk in with_head)
        delivered = submission.delivered_at if submission and state in (RECEIVED, ACCEPTED) else None
        if delivered is not None:
            on_time, late = delivered <= deadline, delivered > deadline
        else:
            on_time, late = (None, past_due)
        row = UnitRow(unit, state, submission, on_time, late)
        result.total.add(row)
        result.by_kind.setdefault(str(labels.get(unit.kind, unit.kind)), Counts()).add(row)
        province = unit.path.split("/")[1] if unit.path.count("/") >= 1 else unit.code
        result.by_parent.setdefault(province, Counts()).add(row)
        if with_rows:
            result.rows.append(row)
    return result
