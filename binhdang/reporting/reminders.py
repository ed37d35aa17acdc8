"""Reminders (đôn đốc): scheduled steps around the due date, and a one-click reminder.

Steps: 7 and 2 days before the due date, on the day, then every 2 days after it (escalating to
the unit head once the deadline has passed). A step is sent to a unit at most once: the
ReminderLog row is inserted first and its unique constraint decides, so two runs that overlap
never both send. Run by `manage.py send_reminders` (cron) or Celery beat; idempotent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.accounts.models import User
from binhdang.core.notify import notify, with_link
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import MANUAL_STEP_PREFIX
from binhdang.reporting.completeness import AWAITING_APPROVAL, completeness
from binhdang.reporting.models import ReminderLog, ReportingPeriod

BEFORE = ((-7, "D-7"), (-2, "D-2"), (0, "D0"))
EVERY_AFTER_DAYS = 2
STOP_AFTER_DAYS = 30


def step_for(period: ReportingPeriod, today: datetime.date) -> str | None:
    """The reminder step a day falls in, or None outside the reminder window."""
    offset = (today - period.due_date).days
    if offset < BEFORE[0][0] or offset > STOP_AFTER_DAYS:
        return None
    if offset <= 0:
        return [name for days, name in BEFORE if days <= offset][-1]
    if offset < EVERY_AFTER_DAYS:
        return "D0"
    return f"D+{offset - offset % EVERY_AFTER_DAYS}"


@dataclass
class Sent:
    period: ReportingPeriod
    unit: OrgUnit
    step: str
    recipients: list[str]


def _recipients(unit: OrgUnit, *, heads: bool) -> list[User]:
    roles = {Role.REPORTER, Role.HEAD} if heads else {Role.REPORTER}
    return list(
        User.objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True).distinct()
    )


def _send(
    period: ReportingPeriod, unit: OrgUnit, step: str, *, escalate: bool, acting_user: Any = None
) -> Sent | None:
    users = _recipients(unit, heads=escalate)
    addresses = sorted({u.email for u in users if u.email} | ({unit.email} if unit.email else set()))
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                period=period, unit=unit, step=step, sent_by=acting_user, recipients=addresses
            )
            url = reverse("reporting:entry", args=[period.pk, unit.code])
            with translation.override("vi"):
                due = period.due_date.strftime("%d/%m/%Y")
                if (timezone.localdate() - period.due_date).days > 0 or escalate:
                    title = _("Overdue: the report “%(period)s” of %(unit)s was due on %(due)s")
                else:
                    title = _("Reminder: the report “%(period)s” of %(unit)s is due on %(due)s")
                title = title % {"period": period.name, "unit": unit.name, "due": due}
                body = _(
                    "The Department of Home Affairs reminds %(unit)s to send its report “%(period)s” "
                    "(due on %(due)s)."
                ) % {"unit": unit.name, "period": period.name, "due": due}
                notify(users, kind="reminder", title=title, body=body, url=url)
                if unit.email and unit.email not in {u.email for u in users}:
                    _mail_unit(unit.email, title, body, url)
    except IntegrityError:
        return None  # another run sent this step already
    return Sent(period, unit, step, addresses)


def _mail_unit(address: str, title: str, body: str, url: str) -> None:
    message = EmailMessage(subject=title, body=with_link(body, url), to=[address])
    transaction.on_commit(lambda: message.send(fail_silently=False))


def send_reminders(*, now: datetime.datetime | None = None) -> list[Sent]:
    """Send every reminder due at `now`. Safe to run as often as you like."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent: list[Sent] = []
    country = OrgUnit.objects.filter(depth=0).first()
    if country is None:
        return sent
    for period in ReportingPeriod.objects.select_related("template"):
        step = step_for(period, today)
        if step is None:
            continue
        escalate = (today - period.due_date).days > 0
        for row in completeness(period, country, now=now).missing_rows():
            result = _send(period, row.unit, step, escalate=escalate or row.state == AWAITING_APPROVAL)
            if result:
                sent.append(result)
    return sent


def send_reminder_now(period: ReportingPeriod, unit: OrgUnit, *, acting_user: Any) -> Sent | None:
    """The coordinator's one-click reminder: at most one a day for a unit."""
    step = f"{MANUAL_STEP_PREFIX}{timezone.localdate().isoformat()}"
    escalate = timezone.localdate() > period.due_date
    return _send(period, unit, step, escalate=escalate, acting_user=acting_user)


@dataclass
class BulkReminders:
    sent: list[Sent]
    already: list[OrgUnit]  # reminded by hand today already: nothing sent again


def send_reminders_now(period: ReportingPeriod, units: list[OrgUnit], *, acting_user: Any) -> BulkReminders:
    """The coordinator's reminder to several units at once: send_reminder_now for each, so each
    unit hears at most once a day and one unit's failure to insert its row stops no other."""
    outcome = BulkReminders([], [])
    for unit in units:
        sent = send_reminder_now(period, unit, acting_user=acting_user)
        if sent is None:
            outcome.already.append(unit)
        else:
            outcome.sent.append(sent)
    return outcome
