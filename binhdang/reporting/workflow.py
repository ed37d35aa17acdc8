"""The life of a report: submit, approve, accept or return, reopen. One service function each,
one transaction and one audit row; illegal steps are refused with a clear message.

    draft ──submit──▶ submitted ──approve (unit head, where the unit has one)──▶ approved
      ▲                  │  └──return (unit head)──┐                               │
      │                  └─(no head)─┐             ▼                               │
    returned ◀──return (coordinator)─┴──── waiting for the coordinator ◀───────────┘
      │                                   └──accept──▶ accepted ──reopen (coordinator)──▶ returned
      └──submit (again)──▶ submitted
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership, User
from binhdang.core import audit
from binhdang.core.notify import notify
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.models import ReportingPeriod, Submission, UnitExtension
from binhdang.reporting.queries import build_form_spec, previous_values, rule_specs, submission_values
from binhdang.reporting.validation import validate


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


def waiting_for_coordinator(submission: Submission) -> bool:
    return submission.status == S.APPROVED or (
        submission.status == S.SUBMITTED and not requires_approval(submission.unit)
    )


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


def _refuse(submission: Submission, action: str) -> ValidationError:
    return ValidationError(
        _("“%(action)s” is not possible for a report that is “%(status)s”.")
        % {"status": submission.get_status_display(), "action": action}
    )


def blocking_issues(submission: Submission) -> list[str]:
    """What stops a report from being sent: errors, and warnings without a note on their element."""
    period, unit = submission.period, submission.unit
    spec = build_form_spec(period, unit)
    values, rows = submission_values(submission)
    noted = {code for (code, _key), row in rows.items() if row.comment}
    problems = []
    for issue in validate(spec, values, rule_specs(period), previous_values(period, unit)):
        if issue.severity == "error":
            problems.append(f"{issue.element_code}: {issue.message}")
        elif issue.element_code not in noted:
            problems.append(
                _("%(code)s: %(message)s Write a note on this element to explain it.")
                % {"code": issue.element_code, "message": issue.message}
            )
    return problems


@transaction.atomic
def do_submit(
    submission: Submission, *, acting_user: Any, now: datetime.datetime | None = None
) -> Submission:
    submission = Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)
    if submission.status not in (S.DRAFT, S.RETURNED):
        raise _refuse(submission, pgettext("report step", "submit"))
    now = now or timezone.now()
    if not entry_open(submission.period, submission.unit, now):
        raise ValidationError(
            _("Entry for this period closed on %(date)s.")
            % {"date": submission.period.lock_date.strftime("%d/%m/%Y")}
        )
    problems = blocking_issues(submission)
    if problems:
        raise ValidationError([_("The report cannot be sent yet; correct these first:")] + problems[:20])
    approval = requires_approval(submission.unit)
    submission.status = S.SUBMITTED
    submission.submitted_at = now
    submission.delivered_at = None if approval else now
    submission.return_reason = ""
    submission.save(update_fields=["status", "submitted_at", "delivered_at", "return_reason", "updated_at"])
    audit.record(
        "reporting.submitted",
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


@transaction.atomic
def do_approve(
    submission: Submission, *, acting_user: Any, now: datetime.datetime | None = None
) -> Submission:
    submission = Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)
    if submission.status != S.SUBMITTED or not requires_approval(submission.unit):
        raise _refuse(submission, pgettext("report step", "approve"))
    submission.status = S.APPROVED
    submission.delivered_at = now or timezone.now()
    submission.save(update_fields=["status", "delivered_at", "updated_at"])
    audit.record("reporting.approved", submission, acting_user=acting_user, unit_path=submission.unit.path)
    _notify_coordinators(submission, acting_user)
    return submission


@transaction.atomic
def do_accept(submission: Submission, *, acting_user: Any) -> Submission:
    submission = Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)
    if not waiting_for_coordinator(submission):
        raise _refuse(submission, pgettext("report step", "accept"))
    submission.status = S.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.save(update_fields=["status", "accepted_at", "updated_at"])
    audit.record("reporting.accepted", submission, acting_user=acting_user, unit_path=submission.unit.path)
    _tell(
        _people(submission.unit, {Role.REPORTER, Role.HEAD}),
        "report_accepted",
        _("Your report “%(period)s” was accepted") % {"period": submission.period.name},
        _("The Department of Home Affairs accepted the report of %(unit)s.") % {"unit": submission.unit.name},
        submission,
    )
    return submission


@transaction.atomic
def do_return(submission: Submission, reason: str, *, acting_user: Any, by_head: bool = False) -> Submission:
    """Send a report back with the reason: by the coordinator (waiting or accepted) or by the unit head."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the report is returned, so that the unit knows what to correct."))
    submission = Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)
    if by_head:
        allowed = submission.status == S.SUBMITTED and requires_approval(submission.unit)
    else:
        allowed = waiting_for_coordinator(submission) or submission.status == S.ACCEPTED
    if not allowed:
        raise _refuse(submission, pgettext("report step", "return"))
    reopened = submission.status == S.ACCEPTED
    submission.status = S.RETURNED
    submission.return_reason = reason[:4000]
    submission.accepted_at = None
    submission.save(update_fields=["status", "return_reason", "accepted_at", "updated_at"])
    event = "reporting.reopened" if reopened else "reporting.returned"
    audit.record(
        event,
        submission,
        acting_user=acting_user,
        unit_path=submission.unit.path,
        reason=reason,
        by_head=by_head,
    )
    _tell(
        _people(submission.unit, {Role.REPORTER}),
        "report_returned",
        _("Your report “%(period)s” was returned") % {"period": submission.period.name},
        _("Reason: %(reason)s") % {"reason": reason},
        submission,
    )
    return submission


@transaction.atomic
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
