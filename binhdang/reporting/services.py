"""Writes to reports. Each is one transaction with one audit row; views, imports and the API call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.core.scoping import Action
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement
from binhdang.lib.numbers import format_number, parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import access_unit
from binhdang.reporting.choices import EDITABLE_STATUSES, REGISTER_SOURCES, ValueSource
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, stored_value
from binhdang.reporting.spec import FormSpec, Key, Value
from binhdang.reporting.values import CellValueError, format_value, parse_input
from binhdang.reporting.workflow import entry_open


@dataclass
class CellChange:
    element_code: str
    key: Key
    raw: str | None = None  # None: leave the value as it is (only the comment changes)
    comment: str | None = None
    # The version of the cell its author read; 0: "I saw no value", checked too. None only for
    # server-side writers that read nothing (generators, benches): the views refuse a request
    # without a version for every cell, so a person's write is always checked.
    version: int | None = None


@dataclass
class CellOutcome:
    element_code: str
    key: Key
    status: str  # saved | invalid | conflict
    message: str = ""
    version: int = 0
    current: str = ""  # for a conflict: the value someone else saved
    by: str = ""
    understood: str = ""  # a saved number as it was read, when that is worth saying (see `understood`)


@dataclass
class SaveResult:
    cells: list[CellOutcome] = field(default_factory=list)
    version: int = 0

    @property
    def saved(self) -> list[CellOutcome]:
        return [c for c in self.cells if c.status == "saved"]

    @property
    def problems(self) -> list[CellOutcome]:
        return [c for c in self.cells if c.status != "saved"]


def find_period(code: str) -> ReportingPeriod:
    """A period by its code, or by a year when that year has exactly one period."""
    period = ReportingPeriod.objects.select_related("template").filter(code=code).first()
    year = parse_whole(code)
    if period is None and year is not None:
        candidates = list(ReportingPeriod.objects.select_related("template").filter(covers_to__year=year))
        if len(candidates) == 1:
            period = candidates[0]
    if period is None:
        raise ValidationError(_("There is no reporting period “%(code)s”.") % {"code": code})
    return period


def access_report(
    user: Any, period_id: int, unit_code: str, action: str = Action.VIEW
) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and the unit whose report the user opens; 404 outside the user's scope."""
    unit = access_unit(user, unit_code, action)
    period = ReportingPeriod.objects.select_related("template", "plan").filter(pk=period_id).first()
    if period is None:
        raise Http404
    return period, unit


def access_period_root(
    user: Any, membership: Any, period_id: int, unit_code: str | None, action: str = Action.VIEW
) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and the unit a page is about (completeness, dashboard, documents): the unit
    named in the request, else the user's active unit; 404 without one or outside the scope."""
    if not membership:
        raise Http404
    return access_report(user, period_id, unit_code or membership.unit.code, action)


def understood(element: Any, raw: str | None, value: Value | None) -> str:
    """A saved number said back as it was read ("1.234 người") when it was typed another way
    ("1234") or with a mark that reads two ways ("1.234", "1,5"); "" when it reads as typed."""
    if raw is None or not isinstance(value, Decimal):
        return ""
    shown, typed = format_number(value), raw.strip()
    if typed == shown and not any(mark in typed for mark in ".,"):
        return ""
    return f"{shown} {element.unit}" if element.unit else shown


def ensure_editable(submission: Submission) -> None:
    if not entry_open(submission.period, submission.unit):
        raise ValidationError(
            _("Entry for this period closed on %(date)s.")
            % {"date": submission.period.lock_date.strftime("%d/%m/%Y")}
        )
    if submission.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This report is %(status)s: it can no longer be changed.")
            % {"status": submission.get_status_display()}
        )


def _store(row: DataValue, value: Value | None, value_type: str) -> None:
    if value_type == "text":
        row.text, row.value = (value or ""), None  # type: ignore[assignment]
    elif isinstance(value, bool):
        row.value, row.text = Decimal(int(value)), ""
    else:
        row.value, row.text = value, ""  # type: ignore[assignment]


def _key_fields(key: Key) -> dict[str, str]:
    return dict(zip(DIMENSIONS, key, strict=True))


def open_submission(period: ReportingPeriod, unit: OrgUnit, *, lock: bool = False) -> Submission:
    """The unit's report for the period, created as an empty draft the first time it is needed."""
    submissions = Submission.objects.select_for_update() if lock else Submission.objects
    return submissions.get_or_create(period=period, unit=unit)[0]


def _conflict(change: CellChange, element: Any, row: DataValue | None) -> CellOutcome:
    current = format_value(element, stored_value(row, element.value_type)) if row else ""
    by = str(row.updated_by) if row and row.updated_by else _("Someone")
    message = _(
        "%(by)s changed this cell after you opened the report; it now holds “%(current)s”. "
        "Your value is kept here: save again to replace theirs."
    ) % {"by": by, "current": current or "—"}
    version = row.version if row else 0
    return CellOutcome(change.element_code, change.key, "conflict", message, version, current, by)


def _unchanged(row: DataValue | None, element: Any, value: Value | None, change: CellChange) -> bool:
    """Whether the change would leave the cell as it is (the same value, the same note)."""
    if row is None:
        return value is None and not (change.comment or "").strip()
    same_value = change.raw is None or stored_value(row, element.value_type) == value
    same_note = change.comment is None or change.comment.strip()[:2000] == row.comment
    return same_value and same_note


@transaction.atomic(durable=True)
def do_save_cells(
    period: ReportingPeriod,
    unit: OrgUnit,
    changes: list[CellChange],
    *,
    acting_user: Any,
    source: str = ValueSource.ENTERED,
) -> SaveResult:
    """Save typed cells. Each change carries the version of the cell its author read (0: "I saw
    no value"), and is checked against it: a cell someone else changed since is not saved
    and comes back with their value. A value that does not parse is not saved and comes back with
    a message (a note typed with it is saved). A change that leaves a cell as it is writes nothing,
    whatever version it carries, so saving a page twice never conflicts with oneself. Figures that
    come from a register (`REGISTER_SOURCES`) are not typed: a change to one is refused."""
    submission = open_submission(period, unit, lock=True)
    ensure_editable(submission)
    spec = build_form_spec(period, unit)
    elements = {e.code: e for s in spec.sections for e in s.elements}
    db_elements = {e.code: e for e in DataElement.objects.filter(code__in=[c.element_code for c in changes])}
    rows = {
        (row.element.code, row.key): row
        for row in DataValue.objects.select_for_update(of=("self",))
        .filter(submission=submission, period=period, element__code__in=[c.element_code for c in changes])
        .select_related("element", "updated_by")
    }
    user = acting_user if getattr(acting_user, "pk", None) else None
    result = SaveResult()
    changed = []
    history: list[dict[str, Any]] = []  # every value written: old and new, as the entry box shows them
    notes: list[dict[str, Any]] = []  # every note changed: old and new
    for change in changes:
        element = elements.get(change.element_code)
        if element is None or change.key not in element.keys():
            result.cells.append(
                CellOutcome(
                    change.element_code,
                    change.key,
                    "invalid",
                    _("This cell is not part of your unit's form."),
                )
            )
            continue
        row = rows.get((change.element_code, change.key))
        current_version = row.version if row else 0
        value: Value | None = None
        refused = ""
        if change.raw is not None:
            try:
                value = parse_input(element, change.raw)
            except CellValueError as exc:
                refused = str(exc)
        if not refused and _unchanged(row, element, value, change):
            said = understood(element, change.raw, value)
            result.cells.append(
                CellOutcome(
                    change.element_code, change.key, "saved", version=current_version, understood=said
                )
            )
            continue
        if row is not None and row.source in REGISTER_SOURCES:
            result.cells.append(
                CellOutcome(
                    change.element_code,
                    change.key,
                    "invalid",
                    _("This figure is not typed on the form (%(source)s).")
                    % {"source": row.get_source_display()},
                    version=current_version,
                )
            )
            continue
        if change.version is not None and change.version != current_version:
            result.cells.append(_conflict(change, element, row))
            continue
        if refused:
            outcome = CellOutcome(
                change.element_code, change.key, "invalid", refused, version=current_version
            )
            result.cells.append(outcome)
            note = (change.comment or "").strip()[:2000]
            if change.comment is None or note == (row.comment if row else ""):
                continue
            change = CellChange(change.element_code, change.key, None, change.comment, change.version)
        old_value = format_value(element, stored_value(row, element.value_type)) if row is not None else ""
        old_note = row.comment if row is not None else ""
        if row is None:
            row = DataValue(
                submission=submission,
                element=db_elements[change.element_code],
                unit=unit,
                period=period,
                version=0,
                **_key_fields(change.key),
            )
        if change.raw is not None:
            _store(row, value, element.value_type)
            row.source = source
        if change.comment is not None:
            row.comment = change.comment.strip()[:2000]
        row.updated_by = user
        if row.value is None and not row.text and not row.comment:
            if row.pk:
                row.delete()
            version = 0
        else:
            row.version += 1
            row.save()
            version = row.version
        if refused:  # only the note was saved: the cell stays refused, with its new version
            outcome.version = version
        else:
            result.cells.append(
                CellOutcome(
                    change.element_code,
                    change.key,
                    "saved",
                    version=version,
                    understood=understood(element, change.raw, value) if version else "",
                )
            )
        changed.append(f"{change.element_code}{list(change.key)}")
        if change.raw is not None and not refused:  # the history page shows, and restores, old and new
            history.append(
                {
                    "e": change.element_code,
                    "k": list(change.key),
                    "old": old_value,
                    "new": format_value(element, value),
                    "v": version,
                }
            )
        if row.comment != old_note:
            note = {"e": change.element_code, "k": list(change.key), "old": old_note, "new": row.comment}
            notes.append(note)
    if changed:
        submission.version += 1
        submission.updated_by = user
        submission.save(update_fields=["version", "updated_by", "updated_at"])
        audit.record(
            "reporting.values_saved",
            submission,
            acting_user=acting_user,
            unit_path=unit.path,
            cells=len(changed),
            first=changed[:20],
            values=history,
            notes=notes,
        )
    result.version = submission.version
    return result


@dataclass(frozen=True)
class ImportWrite:
    """One cell an import writes: its value (None clears it) and the version the user saw."""

    element_code: str
    key: Key
    value: Value | None
    expected_version: int  # 0: "I saw no value"


class StaleImport(Exception):
    """Cells changed since the import was planned: nothing was saved; plan again and show them."""

    def __init__(self, cells: list[tuple[str, Key]]) -> None:
        super().__init__(f"{len(cells)} cell(s) changed meanwhile")
        self.cells = cells


def _store_rows(
    submission: Submission,
    period: ReportingPeriod,
    user: Any,
    to_create: list[DataValue],
    to_update: list[DataValue],
    to_delete: list[int],
) -> None:
    """Many cells written at once: the new rows, the changed ones, the cleared ones, and the
    report's version moved on by one (a form open elsewhere then sees it changed)."""
    DataValue.objects.bulk_create(to_create, batch_size=500)
    DataValue.objects.bulk_update(
        to_update, ["value", "text", "version", "updated_by", "source"], batch_size=500
    )
    DataValue.objects.filter(pk__in=to_delete, period=period).delete()
    submission.version += 1
    submission.updated_by = user
    submission.save(update_fields=["version", "updated_by", "updated_at"])


@transaction.atomic(durable=True)
def do_import_values(
    period: ReportingPeriod,
    unit: OrgUnit,
    spec: FormSpec,
    writes: list[ImportWrite],
    *,
    acting_user: Any,
    source: str,
) -> Submission:
    """Write the cells of a confirmed import, each only if it still has the version the user saw;
    if any does not, nothing is written (StaleImport). Comments are kept. One audit row holds the
    old and the new value of every cell written."""
    submission = open_submission(period, unit, lock=True)
    ensure_editable(submission)
    elements = {e.code: e for s in spec.sections for e in s.elements}
    db_elements = {e.code: e for e in DataElement.objects.filter(code__in=list(elements))}
    existing = {
        (row.element.code, row.key): row
        for row in DataValue.objects.select_for_update(of=("self",))
        .filter(submission=submission, period=period)
        .select_related("element")
    }
    versions = {cell: row.version for cell, row in existing.items()}
    stale = [
        (write.element_code, write.key)
        for write in writes
        if versions.get((write.element_code, write.key), 0) != write.expected_version
    ]
    if stale:
        raise StaleImport(stale)
    user = acting_user if getattr(acting_user, "pk", None) else None
    to_create, to_update, to_delete, history = [], [], [], []
    for write in writes:
        element = elements[write.element_code]
        row = existing.get((write.element_code, write.key))
        old = stored_value(row, element.value_type) if row is not None else None
        if row is None:
            if write.value is None:
                continue
            row = DataValue(
                submission=submission,
                element=db_elements[write.element_code],
                unit=unit,
                period=period,
                version=0,
                **_key_fields(write.key),
            )
            to_create.append(row)
        elif write.value is None and not row.comment:
            to_delete.append(row.pk)
        else:
            to_update.append(row)
        _store(row, write.value, element.value_type)
        row.version += 1
        row.updated_by = user
        row.source = ValueSource.EXCEL
        history.append(
            {
                "e": write.element_code,
                "k": list(write.key),
                "old": format_value(element, old),
                "new": format_value(element, write.value),
                "v": row.version if write.value is not None or row.comment else 0,
            }
        )
    _store_rows(submission, period, user, to_create, to_update, to_delete)
    audit.record(
        "reporting.values_imported",
        submission,
        acting_user=acting_user,
        unit_path=unit.path,
        source=source,
        created=len(to_create),
        updated=len(to_update),
        deleted=len(to_delete),
        values=history,
    )
    return submission


@transaction.atomic(durable=True)
def do_create_period(
    *,
    template: Any,
    code: str,
    name: str,
    covers_from: Any,
    covers_to: Any,
    due_date: Any,
    consolidation_due: Any = None,
    lock_date: Any = None,
    plan: Any = None,
    acting_user: Any = None,
) -> ReportingPeriod:
    """Open a reporting period (idempotent by code)."""
    period, created = ReportingPeriod.objects.get_or_create(
        code=code,
        defaults={
            "template": template,
            "name": name,
            "covers_from": covers_from,
            "covers_to": covers_to,
            "due_date": due_date,
            "consolidation_due": consolidation_due,
            "lock_date": lock_date,
            "plan": plan,
        },
    )
    if created:
        audit.record("reporting.period_created", period, acting_user=acting_user, code=code)
    return period


@dataclass
class RegisterWrite:
    """What a register's write did to a unit's report: refused (with the reason, nothing written),
    or the cells it created, changed and cleared (all three 0: the report already said so)."""

    refused: str = ""
    created: int = 0
    updated: int = 0
    cleared: int = 0
    version: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.cleared


def _as_value(value: Value | int | None) -> Value | None:
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


def write_register_cells_in_transaction(
    period: ReportingPeriod,
    unit: OrgUnit,
    cells: dict[tuple[str, Key], Value | int | None],
    *,
    source: str,
    acting_user: Any,
) -> RegisterWrite:
    """Put a register's figures (`source`, one of REGISTER_SOURCES) into the unit's report, inside
    the caller's transaction. `cells` maps (element, key) to its value; None clears the cell. The
    register's cells of the report that `cells` no longer names are cleared too; cells typed by
    the unit are left alone unless `cells` names them. Only the cells whose value changes are
    written (a cell's note is kept; a cleared cell that has one stays, as the unit's, with the
    note). The report's version moves, and one audit row (old and new value of every cell, as
    `do_import_values` keeps them) is recorded, only when something changed. A report that can
    no longer change (sent, or entry closed) is refused: nothing is written, the result says why."""
    if source not in REGISTER_SOURCES:
        raise ValueError(f"{source!r} is not a register's source")
    submission = open_submission(period, unit, lock=True)
    try:
        ensure_editable(submission)
    except ValidationError as exc:
        return RegisterWrite(refused=" ".join(exc.messages), version=submission.version)
    codes = {code for code, _key in cells}
    elements = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    unknown = codes - set(elements)
    if unknown:
        raise ValueError(f"unknown data elements: {sorted(unknown)}")
    existing = {
        (row.element.code, row.key): row
        for row in DataValue.objects.select_for_update(of=("self",))
        .filter(submission=submission, period=period)
        .filter(Q(element__code__in=codes) | Q(source=source))
        .select_related("element")
    }
    wanted = {cell: _as_value(value) for cell, value in cells.items()}
    for cell, row in existing.items():
        if row.source == source and cell not in wanted:
            wanted[cell] = None  # the register no longer has it
    user = acting_user if getattr(acting_user, "pk", None) else None
    to_create, to_update, to_delete, history = [], [], [], []
    for (code, key), value in wanted.items():
        row = existing.get((code, key))
        element = row.element if row is not None else elements[code]
        old = stored_value(row, element.value_type) if row is not None else None
        if row is None:
            if value is None:
                continue
            row = DataValue(
                submission=submission,
                element=element,
                unit=unit,
                period=period,
                version=0,
                **_key_fields(key),
            )
            to_create.append(row)
        elif old == value and (value is None or row.source == source):
            continue
        elif value is None and not row.comment:
            to_delete.append(row.pk)
        else:
            to_update.append(row)
        _store(row, value, element.value_type)
        # A cleared cell kept for its note is the unit's again: it may type in it.
        row.source = source if value is not None else ValueSource.ENTERED
        row.version += 1
        row.updated_by = user
        history.append(
            {
                "e": code,
                "k": list(key),
                "old": format_value(element, old),
                "new": format_value(element, value),
                "v": 0 if row.pk in to_delete else row.version,
            }
        )
    result = RegisterWrite(created=len(to_create), updated=len(to_update), cleared=len(to_delete))
    if not history:
        result.version = submission.version
        return result
    _store_rows(submission, period, user, to_create, to_update, to_delete)
    audit.record(
        "reporting.register_filled",
        submission,
        acting_user=acting_user,
        unit_path=unit.path,
        source=source,
        period=period.code,
        created=result.created,
        updated=result.updated,
        deleted=result.cleared,
        values=history,
    )
    result.version = submission.version
    return result
