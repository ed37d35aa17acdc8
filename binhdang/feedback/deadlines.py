"""The deadlines engine: dated legal rules (data/deadline_rules.json, the DeadlineRule table) turned
into due dates, counting calendar or working days. Working days skip Saturdays, Sundays and
Vietnam's public holidays as the `holidays` library knows them (Labour Code 2019 Điều 112 with its
observed and substituted days), plus the data file's extra holidays for a library too old to know
them (24/11 from 2026)."""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
from django.db.models import Q
from django.utils import timezone

from binhdang.feedback.choices import DayCount, Step
from binhdang.feedback.models import DeadlineRule, Feedback
from binhdang.orgunits.models import OrgUnit

RULES_FILE = Path(__file__).parent / "data" / "deadline_rules.json"


@functools.cache
def _data() -> dict[str, Any]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


@functools.cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    days = set(holidays.country_holidays("VN", years=year))
    for extra in _data()["extra_holidays"]:
        if year >= extra["from"]:
            days.add(datetime.date(year, extra["month"], extra["day"]))
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_days(start: datetime.date, days: int, count: str) -> datetime.date:
    """The last day of a time limit of `days` counted from `start` (the day of receipt or of
    acceptance, which does not count itself)."""
    if count == DayCount.CALENDAR:
        return start + datetime.timedelta(days=days)
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def rule_for(kind: str, step: str, on: datetime.date, province: OrgUnit | None) -> DeadlineRule | None:
    """The rule in force on `on`: the province's own before the national one."""
    rules = DeadlineRule.objects.filter(kind=kind, step=step, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    rules = (
        rules.filter(Q(province__isnull=True) | Q(province=province))
        if province
        else rules.filter(province__isnull=True)
    )
    return max(rules, key=lambda r: (r.province_id is not None, r.valid_from), default=None)


def due_date(rule: DeadlineRule, start: datetime.date, *, remote: bool, extensions: int = 0) -> datetime.date:
    days = rule.remote_days if remote and rule.remote_days else rule.days
    days += rule.extension_days * min(extensions, rule.max_extensions)
    return add_days(start, days, rule.day_count)


@dataclass
class Deadlines:
    accept_rule: DeadlineRule | None
    resolve_rule: DeadlineRule | None
    accept_due: datetime.date | None
    resolve_due: datetime.date | None
    notify_rule: DeadlineRule | None = None  # a denunciation's notice to the parties, once accepted
    notify_due: datetime.date | None = None


def deadlines(item: Feedback) -> Deadlines:
    """An item's due dates: to accept from the day it was received; to settle from the day it was
    accepted (until then, from the last day it may be accepted). The rules are those in force on
    the day of receipt."""
    received = timezone.localdate(item.received_at)
    accept_rule = rule_for(item.kind, Step.ACCEPT, received, item.province)
    resolve_rule = rule_for(item.kind, Step.RESOLVE, received, item.province)
    accept_due = due_date(accept_rule, received, remote=item.remote_area) if accept_rule else None
    start = timezone.localdate(item.accepted_at) if item.accepted_at else (accept_due or received)
    resolve_due = (
        due_date(resolve_rule, start, remote=item.remote_area, extensions=item.extensions)
        if resolve_rule
        else None
    )
    notify_rule = rule_for(item.kind, Step.NOTIFY, received, item.province) if item.accepted_at else None
    notify_due = due_date(notify_rule, start, remote=item.remote_area) if notify_rule else None
    return Deadlines(accept_rule, resolve_rule, accept_due, resolve_due, notify_rule, notify_due)


def load_rules() -> int:
    """Create or refresh the national rules of the data file (idempotent); provinces' own rules
    and rules edited in the admin under another start date are kept."""
    count = 0
    for rule in _data()["rules"]:
        DeadlineRule.objects.update_or_create(
            kind=rule["kind"],
            step=rule["step"],
            province=None,
            valid_from=datetime.date.fromisoformat(rule["valid_from"]),
            defaults={
                "days": rule["days"],
                "day_count": rule["day_count"],
                "remote_days": rule.get("remote_days"),
                "extension_days": rule.get("extension_days", 0),
                "max_extensions": rule.get("max_extensions", 0),
                "valid_to": datetime.date.fromisoformat(rule["valid_to"]) if rule.get("valid_to") else None,
                "basis": rule["basis"],
                "says": rule.get("says", ""),
            },
        )
        count += 1
    return count
