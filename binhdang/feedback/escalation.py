"""Escalation and the daily digest, on the reminder machinery of the reporting cycle: a log row
with a unique constraint is inserted before anything is sent, so a step reaches its people once
however often, and however concurrently, the job runs (`manage.py feedback_daily`, Celery beat).

Steps of an open item, for its current time limit (accept, then resolve):
  "<step>:before"   when BEFORE_WORKING_DAYS or fewer working days are left;
  "<step>:overdue"  the day after the last day.
Both go to the head of the handling unit and to the handlers who cover it. After an extension
the item's new due date makes its own steps ("resolve#1:before" …)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.accounts.models import User
from binhdang.core.notify import notify
from binhdang.feedback.choices import OPEN_STATES, Kind, State
from binhdang.feedback.deadlines import working_days_between
from binhdang.feedback.models import EscalationLog, Feedback
from binhdang.feedback.services import format_code
from binhdang.orgunits.models import OrgUnit

BEFORE_WORKING_DAYS = 2


def ancestor_paths(unit: OrgUnit) -> list[str]:
    parts = unit.path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def handlers_of(unit: OrgUnit) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.FEEDBACK_HANDLER,
            memberships__unit__path__in=ancestor_paths(unit),
        ).distinct()
    )


def heads_of(unit: OrgUnit) -> list[User]:
    return list(
        User.objects.filter(is_active=True, memberships__role=Role.HEAD, memberships__unit=unit).distinct()
    )


def current_limit(item: Feedback) -> tuple[str, datetime.date | None]:
    """The time limit running now: "accept" until accepted, then "resolve" (with the extension
    number, so each extended due date has its own steps)."""
    if item.state == State.RECEIVED:
        return "accept", item.accept_due
    suffix = f"#{item.extensions}" if item.extensions else ""
    return f"resolve{suffix}", item.resolve_due


def step_for(item: Feedback, today: datetime.date) -> str | None:
    if item.state not in OPEN_STATES:
        return None
    limit, due = current_limit(item)
    if due is None:
        return None
    if today > due:
        return f"{limit}:overdue"
    if working_days_between(today, due) <= BEFORE_WORKING_DAYS:
        return f"{limit}:before"
    return None


@dataclass
class Escalated:
    item: Feedback
    step: str
    recipients: list[str]


def _escalate(item: Feedback, step: str) -> Escalated | None:
    users = {u.pk: u for u in heads_of(item.unit) + handlers_of(item.unit)}.values()
    addresses = sorted({u.email for u in users if u.email})
    try:
        with transaction.atomic():
            EscalationLog.objects.create(feedback=item, unit=item.unit, step=step, recipients=addresses)
            _limit, due = current_limit(item)
            with translation.override("vi"):
                values = {
                    "kind": Kind(item.kind).label,
                    "code": format_code(item.code),  # ABCDE-23456, as the pages show it
                    "unit": item.unit.name,
                    "due": due.strftime("%d/%m/%Y") if due else "",
                }
                if step.endswith(":overdue"):
                    title = _("Overdue: %(kind)s %(code)s at %(unit)s was due on %(due)s") % values
                else:
                    title = _("Due soon: %(kind)s %(code)s at %(unit)s is due on %(due)s") % values
                body = _("Please see that the item is handled within the time the law allows.")
                notify(
                    list(users),
                    kind="feedback",
                    title=title,
                    body=body,
                    url=reverse("feedback:item", args=[item.pk]),
                )
    except IntegrityError:
        return None  # sent already, by this run's predecessor or a concurrent one
    return Escalated(item, step, addresses)


def run_escalations(*, now: Any = None) -> list[Escalated]:
    today = timezone.localdate(now or timezone.now())
    sent = []
    for item in Feedback.objects.filter(state__in=OPEN_STATES).select_related("unit"):
        step = step_for(item, today)
        if step:
            result = _escalate(item, step)
            if result:
                sent.append(result)
    return sent


@dataclass
class Digest:
    unit: OrgUnit
    items: int
    recipients: list[str]


def send_digests(*, now: Any = None) -> list[Digest]:
    """Once a day, to the handlers of each unit with a handler membership: what is open under it,
    how much of it is overdue or due within BEFORE_WORKING_DAYS."""
    today = timezone.localdate(now or timezone.now())
    sent = []
    units = OrgUnit.objects.filter(memberships__role=Role.FEEDBACK_HANDLER).distinct()
    for unit in units:
        items = list(Feedback.objects.within(unit).filter(state__in=OPEN_STATES))
        if not items:
            continue
        overdue = sum(1 for i in items if (d := current_limit(i)[1]) and today > d)
        soon = sum(
            1
            for i in items
            if (d := current_limit(i)[1])
            and today <= d
            and working_days_between(today, d) <= BEFORE_WORKING_DAYS
        )
        users = [
            u
            for u in User.objects.filter(
                is_active=True, memberships__role=Role.FEEDBACK_HANDLER, memberships__unit=unit
            ).distinct()
        ]
        addresses = sorted({u.email for u in users if u.email})
        try:
            with transaction.atomic():
                EscalationLog.objects.create(
                    unit=unit, step=f"digest:{today.isoformat()}", recipients=addresses
                )
                with translation.override("vi"):
                    title = _(
                        "Feedback on %(date)s: %(open)d open, %(overdue)d overdue, %(soon)d due soon"
                    ) % {
                        "date": today.strftime("%d/%m/%Y"),
                        "open": len(items),
                        "overdue": overdue,
                        "soon": soon,
                    }
                    notify(users, kind="feedback", title=title, body=unit.name, url=reverse("feedback:list"))
        except IntegrityError:
            continue
        sent.append(Digest(unit, len(items), addresses))
    return sent
