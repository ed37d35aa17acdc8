"""The life of a report: submit, approve, accept or return, reopen.

    draft ──submit──▶ submitted ──approve (unit head, where the unit has one)──▶ approved
      ▲                  │  └──return_head (unit head)──┐                          │
      │                  └─(no head)─┐                  ▼                          │
    returned ◀──return (coordinator)─┴──── waiting for the coordinator ◀───────────┘
      │                                   └──accept──▶ accepted ──reopen (coordinator)──▶ returned
      └──submit (again)──▶ submitted

`STEPS` is the one table of these moves: from which states, for which units (with or without a
head who approves), what the user needs, which service function, the state it leads to and the
words a person reads (button, confirmation, history). The service functions check a move against
it, the views dispatch through it and the entry page draws its buttons from it. Each service is
one durable transaction with an audit row; an illegal step is refused with a clear message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership, User
from binhdang.core import audit
from binhdang.core.notify import notify
from binhdang.core.scoping import Action
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import TaskStatus
from binhdang.plans.queries import WorkspaceItem, unit_workspace
from binhdang.plans.services import lock_progress, unlock_progress
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.models import ReportingPeriod, Submission, UnitExtension
from binhdang.reporting.queries import build_form_spec, previous_values, rule_specs, submission_values
from binhdang.reporting.spec import Values
from binhdang.reporting.validation import Issue, validate


class Units(Enum):
    """Which units a move applies to, by whether their head approves reports."""

    ANY = "any"
    WITH_HEAD = "with_head"
    WITHOUT_HEAD = "without_head"

    def admits(self, needs_approval: bool) -> bool:
        return self is Units.ANY or (self is Units.WITH_HEAD) == needs_approval


@dataclass(frozen=True)
class Step:
    name: str
    sources: dict[str, Units]  # state -> the units for which the move starts from it
    target: str
    action: str  # what the user needs on the unit (core.scoping.Action)
    service: str  # the service function of this module that makes the move
    label: Promise  # the button
    done: Promise  # the message after the move
    past: Promise  # the history line
    event: str  # the audit event type
    verb: Promise  # the move named in a refusal: "“tiếp nhận” is not possible …"
    needs_reason: bool = False
    style: str = "brand"
    label_with_head: Promise | None = None  # the button where the unit's head approves
    done_with_head: Promise | None = None  # the message after it there

    def button(self, needs_approval: bool) -> Promise:
        return self.label_with_head if needs_approval and self.label_with_head else self.label

    def done_message(self, needs_approval: bool) -> Promise:
        return self.done_with_head if needs_approval and self.done_with_head else self.done

    def allows(self, status: str, needs_approval: bool) -> bool:
        units = self.sources.get(status)
        return units is not None and units.admits(needs_approval)

    def run(self, submission: Submission, *, acting_user: Any, reason: str = "") -> Submission:
        function: Callable[..., Submission] = globals()[self.service]
        if self.needs_reason:
            return function(submission, reason, acting_user=acting_user)
        return function(submission, acting_user=acting_user)


_WAITING = {S.APPROVED: Units.ANY, S.SUBMITTED: Units.WITHOUT_HEAD}

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "submit",
            {S.DRAFT: Units.ANY, S.RETURNED: Units.ANY},
            S.SUBMITTED,
            Action.CHANGE,
            "do_submit",
            label=gettext_lazy("Send the report"),
            label_with_head=gettext_lazy("Send for approval"),
            done_with_head=gettext_lazy("The report was sent to the unit head for approval."),
            done=gettext_lazy("The report was sent."),
            past=gettext_lazy("sent"),
            event="reporting.submitted",
            verb=pgettext_lazy("report step", "submit"),
        ),
        Step(
            "approve",
            {S.SUBMITTED: Units.WITH_HEAD},
            S.APPROVED,
            Action.APPROVE,
            "do_approve",
            label=gettext_lazy("Approve and send"),
            done=gettext_lazy("The report was approved and sent to the Department of Home Affairs."),
            past=gettext_lazy("approved"),
            event="reporting.approved",
            verb=pgettext_lazy("report step", "approve"),
        ),
        Step(
            "return_head",
            {S.SUBMITTED: Units.WITH_HEAD},
            S.RETURNED,
            Action.APPROVE,
            "do_return_to_reporter",
            label=gettext_lazy("Return"),
            done=gettext_lazy("The report was returned to the reporter."),
            past=gettext_lazy("returned"),
            event="reporting.returned",
            verb=pgettext_lazy("report step", "return"),
            needs_reason=True,
            style="outline-danger",
        ),
        Step(
            "accept",
            _WAITING,
            S.ACCEPTED,
            Action.REVIEW,
            "do_accept",
            label=gettext_lazy("Accept"),
            done=gettext_lazy("The report was accepted."),
            past=gettext_lazy("accepted"),
            event="reporting.accepted",
            verb=pgettext_lazy("report step", "accept"),
            style="success",
        ),
        Step(
            "return",
            _WAITING,
            S.RETURNED,
            Action.REVIEW,
            "do_return",
            label=gettext_lazy("Return"),
            done=gettext_lazy("The report was returned to the unit with your reason."),
            past=gettext_lazy("returned"),
            event="reporting.returned",
            verb=pgettext_lazy("report step", "return"),
            needs_reason=True,
            style="outline-danger",
        ),
        Step(
            "reopen",
            {S.ACCEPTED: Units.ANY},
            S.RETURNED,
            Action.REVIEW,
            "do_return",
            label=gettext_lazy("Reopen"),
            done=gettext_lazy("The report was returned to the unit with your reason."),
            past=gettext_lazy("reopened"),
            event="reporting.reopened",
            verb=pgettext_lazy("report step", "return"),
            needs_reason=True,
            style="outline-danger",
        ),
    )
}

# What the history of a report says for events that are not steps.
OTHER_EVENTS: dict[str, Promise] = {"reporting.values_imported": gettext_lazy("imported from Excel")}


def event_words(event_type: str) -> str:
    """The words of a report's history line for an audit event type."""
    for step in STEPS.values():
        if step.event == event_type:
            return str(step.past)
    return str(OTHER_EVENTS.get(event_type, ""))


def available_steps(
    submission: Submission | None, unit: OrgUnit, user: Any, needs_approval: bool
) -> list[Step]:
    """The moves this user may make on the unit's report now, in the table's order. Whoever
    reviews the unit's report is never offered the unit's own "send": the unit sends it."""
    status = submission.status if submission else S.DRAFT
    reviewer = user.can(Action.REVIEW, unit)
    return [
        step
        for step in STEPS.values()
        if step.allows(status, needs_approval)
        and user.can(step.action, unit)
        and not (step.name == "submit" and reviewer)
    ]


@dataclass(frozen=True)
class Summary:
    """What a step is about to send, approve, accept or return: shown before it is confirmed."""

    elements_filled: int
    elements_total: int
    errors: int
    warnings: int
    warnings_explained: int
    tasks_reported: int
    tasks_total: int


def report_tasks(period: ReportingPeriod, unit: OrgUnit) -> list[WorkspaceItem]:
    """The plan's tasks whose results the unit's report for the period carries."""
    if not period.template.task_results:
        return []
    items = unit_workspace(unit)
    return [item for item in items if not period.plan_id or item.task.plan_id == period.plan_id]


@dataclass(frozen=True)
class _Review:
    codes: list[str]  # the form's elements
    values: Values
    issues: list[Issue]
    noted: set[str]  # elements with a note


def _review(period: ReportingPeriod, unit: OrgUnit, submission: Submission | None) -> _Review:
    spec = build_form_spec(period, unit)
    values, rows = submission_values(submission)
    return _Review(
        codes=[element.code for section in spec.sections for element in section.elements],
        values=values,
        issues=validate(spec, values, rule_specs(period), previous_values(period, unit)),
        noted={code for (code, _key), row in rows.items() if row.comment},
    )


def _reported(item: WorkspaceItem) -> bool:
    return item.progress is not None and item.progress.status != TaskStatus.NOT_STARTED


def summarize(period: ReportingPeriod, unit: OrgUnit, submission: Submission | None) -> Summary:
    review = _review(period, unit, submission)
    filled = {code for (code, _key), value in review.values.items() if value not in (None, "")}
    warnings = [issue for issue in review.issues if issue.severity != "error"]
    tasks = report_tasks(period, unit)
    return Summary(
        elements_filled=len(filled & set(review.codes)),
        elements_total=len(review.codes),
        errors=len(review.issues) - len(warnings),
        warnings=len(warnings),
        warnings_explained=sum(1 for issue in warnings if issue.element_code in review.noted),
        tasks_reported=sum(1 for item in tasks if _reported(item)),
        tasks_total=len(tasks),
    )


REASON_REQUIRED = gettext_lazy("Say why the report is returned, so that the unit knows what to correct.")


def _check(step_name: str, submission: Submission) -> tuple[Step, bool]:
    """The step, if the report may make it now, and whether the unit's head approves."""
    step = STEPS[step_name]
    needs_approval = requires_approval(submission.unit)
    if not step.allows(submission.status, needs_approval):
        raise ValidationError(
            _("“%(action)s” is not possible for a report that is “%(status)s”.")
            % {"status": submission.get_status_display(), "action": step.verb}
        )
    return step, needs_approval


def _accepted_on_plan(submission: Submission) -> bool:
    """Whether another of the unit's reports on the same plan (another period) stands accepted,
    so that its task results stay locked when this one is returned."""
    return (
        Submission.objects.filter(
            unit=submission.unit, period__plan=submission.period.plan_id, status=S.ACCEPTED
        )
        .exclude(pk=submission.pk)
        .exists()
    )


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)


def requires_approval(unit: OrgUnit) -> bool:
    """A unit whose head has an account approves its reports before they leave."""
    return Membership.objects.filter(unit=unit, role=Role.HEAD, user__is_active=True).exists()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of a day in Asia/Ho_Chi_Minh: a report at 23:59:59 on the due day is on time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def is_on_time(delivered_at: datetime.datetime | None, due_date: datetime.date) -> bool:
    return delivered_at is not None and delivered_at <= end_of_day(due_date)


def entry_open(period: ReportingPeriod, unit: OrgUnit, now: datetime.datetime | None = None) -> bool:
    """Entry closes after the lock date, except for a unit with an extension."""
    if period.lock_date is None:
        return True
    now = now or timezone.now()
    if now <= end_of_day(period.lock_date):
        return True
    extension = UnitExtension.objects.filter(period=period, unit=unit).first()
    return extension is not None and now <= end_of_day(extension.until)


def _people(unit: OrgUnit, roles: set[str], *, above: bool = False) -> list[User]:
    paths = [unit.path, *unit.ancestor_paths] if above else [unit.path]
    return list(
        User.objects.filter(
            memberships__unit__path__in=paths, memberships__role__in=roles, is_active=True
        ).distinct()
    )


def _entry_url(submission: Submission) -> str:
    return reverse("reporting:entry", args=[submission.period_id, submission.unit.code])


def _tell(users: list[User], kind: str, title: str, body: str, submission: Submission) -> None:
    with translation.override("vi"):
        notify(users, kind=kind, title=str(title), body=str(body), url=_entry_url(submission))


def blocking_issues(submission: Submission) -> list[str]:
    """What stops a report from being sent: errors, and warnings without a note on their element."""
    review = _review(submission.period, submission.unit, submission)
    problems = []
    for issue in review.issues:
        if issue.severity == "error":
            problems.append(f"{issue.label}: {issue.message}")
        elif issue.element_code not in review.noted:
            problems.append(
                _("%(code)s: %(message)s Write a note on this element to explain it.")
                % {"code": issue.label, "message": issue.message}
            )
    return problems


@transaction.atomic(durable=True)
def do_submit(
    submission: Submission, *, acting_user: Any, now: datetime.datetime | None = None
) -> Submission:
    submission = _locked(submission)
    step, approval = _check("submit", submission)
    now = now or timezone.now()
    if not entry_open(submission.period, submission.unit, now):
        raise ValidationError(
            _("Entry for this period closed on %(date)s.")
            % {"date": submission.period.lock_date.strftime("%d/%m/%Y")}
        )
    problems = blocking_issues(submission)
    if problems:
        raise ValidationError([_("The report cannot be sent yet; correct these first:")] + problems[:20])
    submission.status = step.target
    submission.submitted_at = now
    submission.delivered_at = None if approval else now
    submission.return_reason = ""
    submission.save(update_fields=["status", "submitted_at", "delivered_at", "return_reason", "updated_at"])
    audit.record(
        step.event,
        submission,
        acting_user=acting_user,
        unit_path=submission.unit.path,
        needs_approval=approval,
    )
    unit = submission.unit
    if approval:
        _tell(
            _people(unit, {Role.HEAD}),
            "report_to_approve",
            _("Report of %(unit)s waits for your approval") % {"unit": unit.name},
            _("%(user)s sent the report “%(period)s” for approval.")
            % {"user": acting_user, "period": submission.period.name},
            submission,
        )
    else:
        _notify_coordinators(submission, acting_user)
    return submission


def _notify_coordinators(submission: Submission, acting_user: Any) -> None:
    unit = submission.unit
    _tell(
        _people(unit, {Role.COORDINATOR}, above=True),
        "report_received",
        _("Report received from %(unit)s") % {"unit": unit.name},
        _("%(unit)s sent its report “%(period)s”; it waits for your review.")
        % {"unit": unit.name, "period": submission.period.name},
        submission,
    )


@transaction.atomic(durable=True)
def do_approve(
    submission: Submission, *, acting_user: Any, now: datetime.datetime | None = None
) -> Submission:
    submission = _locked(submission)
    step, _approval = _check("approve", submission)
    submission.status = step.target
    submission.delivered_at = now or timezone.now()
    submission.save(update_fields=["status", "delivered_at", "updated_at"])
    audit.record(step.event, submission, acting_user=acting_user, unit_path=submission.unit.path)
    _notify_coordinators(submission, acting_user)
    return submission


@transaction.atomic(durable=True)
def do_accept(submission: Submission, *, acting_user: Any) -> Submission:
    submission = _locked(submission)
    step, _approval = _check("accept", submission)
    submission.status = step.target
    submission.accepted_at = timezone.now()
    submission.save(update_fields=["status", "accepted_at", "updated_at"])
    if submission.period.plan_id:  # the task results the report carries are accepted with it
        lock_progress(submission.period.plan, submission.unit)
    audit.record(step.event, submission, acting_user=acting_user, unit_path=submission.unit.path)
    _tell(
        _people(submission.unit, {Role.REPORTER, Role.HEAD}),
        "report_accepted",
        _("Your report “%(period)s” was accepted") % {"period": submission.period.name},
        _("The Department of Home Affairs accepted the report of %(unit)s.") % {"unit": submission.unit.name},
        submission,
    )
    return submission


@transaction.atomic(durable=True)
def do_return(submission: Submission, reason: str, *, acting_user: Any) -> Submission:
    """The coordinator sends a report back with the reason: one waiting for review, or an accepted
    one (reopened)."""
    submission = _locked(submission)
    step_name = "reopen" if submission.status == S.ACCEPTED else "return"
    return _send_back(step_name, submission, reason, acting_user)


@transaction.atomic(durable=True)
def do_return_to_reporter(submission: Submission, reason: str, *, acting_user: Any) -> Submission:
    """The unit head sends a report waiting for approval back to the reporter."""
    return _send_back("return_head", _locked(submission), reason, acting_user)


def _send_back(step_name: str, submission: Submission, reason: str, acting_user: Any) -> Submission:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(str(REASON_REQUIRED))
    step, _approval = _check(step_name, submission)
    submission.status = step.target
    submission.return_reason = reason[:4000]
    submission.accepted_at = None
    submission.save(update_fields=["status", "return_reason", "accepted_at", "updated_at"])
    if submission.period.plan_id and not _accepted_on_plan(submission):
        unlock_progress(submission.period.plan, submission.unit)
    audit.record(
        step.event,
        submission,
        acting_user=acting_user,
        unit_path=submission.unit.path,
        reason=reason,
        by_head=step_name == "return_head",
    )
    _tell(
        _people(submission.unit, {Role.REPORTER}),
        "report_returned",
        _("Your report “%(period)s” was returned") % {"period": submission.period.name},
        _("Reason: %(reason)s") % {"reason": reason},
        submission,
    )
    return submission


@transaction.atomic(durable=True)
def do_grant_extension(
    period: ReportingPeriod, unit: OrgUnit, until: datetime.date, reason: str, *, acting_user: Any
) -> UnitExtension:
    if not reason.strip():
        raise ValidationError(_("Say why the extension is granted."))
    if period.lock_date and until <= period.lock_date:
        raise ValidationError(
            _("An extension must end after the lock date (%(date)s).")
            % {"date": period.lock_date.strftime("%d/%m/%Y")}
        )
    extension, _created = UnitExtension.objects.update_or_create(
        period=period,
        unit=unit,
        defaults={"until": until, "reason": reason.strip(), "granted_by": acting_user},
    )
    audit.record(
        "reporting.extension_granted",
        extension,
        acting_user=acting_user,
        unit_path=unit.path,
        until=until.isoformat(),
        reason=reason,
    )
    return extension
