"""A report's history, read from its audit rows: who changed which figure, from what to what, when.

Every write to a report's figures records one audit row on the report (core.audit); those that keep
the cells they wrote record them under ``values`` as ``{"e": element, "k": key, "old": …, "new": …,
"v": version after}``, each value as the entry box shows it (values.format_value), so that it reads
back through the same parser when restored. Rows without ``values`` (older ones, or a write that
names only its cells under ``first``) are shown with the cells they name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from binhdang.core.models import AuditEvent
from binhdang.lib.numbers import parse_whole
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.importing import cell_ident, cell_label
from binhdang.reporting.models import Submission
from binhdang.reporting.spec import FormSpec, Key

MAX_EVENTS = 200  # the newest; a report changes a few dozen times in a period

EVENT_LABELS = {
    "reporting.values_saved": _("saved on the form"),
    "reporting.values_imported": _("imported from Excel"),
    "reporting.register_filled": _("filled from a register"),
}


@dataclass
class ValueChange:
    element_code: str
    key: Key
    label: str
    old: str
    new: str
    index: int  # its place in the audit row's ``values``, which a restore names
    current: str = ""  # the cell's value now (set by the page)
    version: int = 0  # the cell's version now (what a restore must still find)

    @property
    def ident(self) -> str:
        return cell_ident(self.element_code, self.key)


@dataclass
class HistoryEntry:
    event: AuditEvent
    label: str
    changes: list[ValueChange] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # cells named without their values
    detail: str = ""  # the uploaded file's name; nothing for a register (its label says which)
    restorable: bool = True  # a register's figures are not typed on the form: they are not put back here


def value_changes(event: AuditEvent, spec: FormSpec) -> list[ValueChange]:
    changes = []
    for index, item in enumerate(event.extra_data.get("values") or []):
        if not isinstance(item, dict):
            continue
        element = spec.element(str(item.get("e", "")))
        key = tuple(str(part) for part in item.get("k") or ())
        if element is None or len(key) != 5:
            continue
        changes.append(
            ValueChange(
                element.code,
                key,  # type: ignore[arg-type]
                cell_label(element, key),  # type: ignore[arg-type]
                str(item.get("old", "")),
                str(item.get("new", "")),
                index,
            )
        )
    return changes


_NAMED = re.compile(r"^(?P<code>[^\[]+)(?P<key>\[.*\])$")


def _named_cell(name: str, spec: FormSpec) -> str:
    """A cell named by a save's audit row ("CODE['F', '', '', '', '']") as a person reads it."""
    match = _NAMED.match(name)
    element = spec.element(match.group("code")) if match else None
    if element is None:
        return name
    try:
        key = tuple(str(part) for part in ast.literal_eval(match.group("key")))
    except (ValueError, SyntaxError):
        return name
    return cell_label(element, key) if len(key) == 5 else name  # type: ignore[arg-type]


def report_history(submission: Submission | None, spec: FormSpec) -> list[HistoryEntry]:
    """The report's changes of figures, newest first."""
    if submission is None:
        return []
    events = (
        AuditEvent.objects.filter(
            object_type=Submission._meta.label_lower,
            object_id=str(submission.pk),
            event_type__in=list(EVENT_LABELS),
        )
        .select_related("acting_user")
        .order_by("-created_at", "-id")[:MAX_EVENTS]
    )
    entries = []
    for event in events:
        source = str(event.extra_data.get("source") or "")
        if event.event_type == "reporting.register_filled":  # which register, in words
            label, detail = str(ValueSource(source).label) if source in ValueSource.values else "", ""
        else:
            label, detail = "", source  # an import's file name
        entry = HistoryEntry(
            event,
            label or str(EVENT_LABELS[event.event_type]),
            value_changes(event, spec),
            detail=detail,
            restorable=event.event_type != "reporting.register_filled",
        )
        if not entry.changes:
            entry.cells = [_named_cell(str(name), spec) for name in event.extra_data.get("first") or []]
        entries.append(entry)
    return entries


def find_change(submission: Submission, event_id: Any, index: Any, spec: FormSpec) -> ValueChange | None:
    """The change ``index`` of the report's audit row ``event_id``; None when there is none."""
    try:
        event = AuditEvent.objects.get(
            pk=parse_whole(event_id),
            object_type=Submission._meta.label_lower,
            object_id=str(submission.pk),
            event_type__in=list(EVENT_LABELS),
        )
    except AuditEvent.DoesNotExist:
        return None
    wanted = parse_whole(index)
    return next((change for change in value_changes(event, spec) if change.index == wanted), None)
