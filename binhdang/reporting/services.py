"""Writes to reports. Each is one transaction with one audit row; views, imports and the API call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.core.scoping import Action
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement
from binhdang.lib.numbers import format_number
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import access_unit
from binhdang.reporting.choices import EDITABLE_STATUSES
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, stored_value
from binhdang.reporting.spec import FormSpec, Key, Value, Values
from binhdang.reporting.values import CellValueError, format_value, parse_input
from binhdang.reporting.workflow import entry_open


@dataclass
class CellChange:
    element_code: str
    key: Key
    raw: str | None = None  # None: leave the value as it is (only the comment changes)
    comment: str | None = None
    version: int | None = None  # the version the user saw; 0 for a cell that was empty


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
    if period is None and code.isdigit():
        candidates = list(
            ReportingPeriod.objects.select_related("template").filter(covers_to__year=int(code))
        )
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


@transaction.atomic(durable=True)
def do_save_cells(
    period: ReportingPeriod,
    unit: OrgUnit,
    changes: list[CellChange],
    *,
    acting_user: Any,
    source: str | None = None,
) -> SaveResult:
    """Save typed cells. A cell that does not parse, or that someone else changed since the user saw it,
    is not saved and comes back with a message; the others are saved. `source` (a ValueSource), when
    given, is recorded on every cell whose value is written (the API's figures: ValueSource.API)."""
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
    result = SaveResult()
    changed = []
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
        if change.version is not None and change.version != current_version:
            current = format_value(element, stored_value(row, element.value_type)) if row else ""
            by = str(row.updated_by) if row and row.updated_by else _("Someone")
            message = _(
                "%(by)s changed this cell after you opened the report; it now holds “%(current)s”. "
                "Your value is kept here: save again to replace theirs."
            ) % {"by": by, "current": current or "—"}
            result.cells.append(
                CellOutcome(
                    change.element_code, change.key, "conflict", message, current_version, current, by
                )
            )
            continue
        value: Value | None = None
        if change.raw is not None:
            try:
                value = parse_input(element, change.raw)
            except CellValueError as exc:
                result.cells.append(
                    CellOutcome(change.element_code, change.key, "invalid", str(exc), version=current_version)
                )
                continue
        if row is None:
            if change.raw is not None and value is None and not change.comment:
                result.cells.append(CellOutcome(change.element_code, change.key, "saved", version=0))
                continue
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
            if source is not None:
                row.source = source
        if change.comment is not None:
            row.comment = change.comment.strip()[:2000]
        row.updated_by = acting_user if getattr(acting_user, "pk", None) else None
        if row.value is None and not row.text and not row.comment:
            if row.pk:
                row.delete()
            result.cells.append(CellOutcome(change.element_code, change.key, "saved", version=0))
        else:
            row.version += 1
            row.save()
            result.cells.append(
                CellOutcome(
                    change.element_code,
                    change.key,
                    "saved",
                    version=row.version,
                    understood=understood(element, change.raw, value),
                )
            )
        changed.append(f"{change.element_code}{list(change.key)}")
    if changed:
        submission.version += 1
        submission.updated_by = acting_user if getattr(acting_user, "pk", None) else None
        submission.save(update_fields=["version", "updated_by", "updated_at"])
        audit.record(
            "reporting.values_saved",
            submission,
            acting_user=acting_user,
            unit_path=unit.path,
            cells=len(changed),
            first=changed[:20],
        )
    result.version = submission.version
    return result


@transaction.atomic(durable=True)
def do_import_values(
    period: ReportingPeriod, unit: OrgUnit, spec: FormSpec, values: Values, *, acting_user: Any, source: str
) -> Submission:
    """Replace the report's values with a whole, already validated file (comments are kept)."""
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
    user = acting_user if getattr(acting_user, "pk", None) else None
    to_create, to_update, to_delete = [], [], []
    for (code, key), value in values.items():
        element = elements[code]
        row = existing.pop((code, key), None)
        if row is None:
            row = DataValue(
                submission=submission, element=db_elements[code], unit=unit, period=period, **_key_fields(key)
            )
            _store(row, value, element.value_type)
            row.updated_by = user
            to_create.append(row)
        else:
            before = (row.value, row.text)
            _store(row, value, element.value_type)
            if (row.value, row.text) != before:
                row.version += 1
                row.updated_by = user
                to_update.append(row)
    for (code, _key), row in existing.items():
        if code in elements:  # a cell the file left empty
            if row.comment:
                row.value, row.text = None, ""
                row.version += 1
                to_update.append(row)
            else:
                to_delete.append(row.pk)
    DataValue.objects.bulk_create(to_create, batch_size=500)
    DataValue.objects.bulk_update(to_update, ["value", "text", "version", "updated_by"], batch_size=500)
    DataValue.objects.filter(pk__in=to_delete, period=period).delete()
    submission.version += 1
    submission.updated_by = user
    submission.save(update_fields=["version", "updated_by", "updated_at"])
    audit.record(
        "reporting.values_imported",
        submission,
        acting_user=acting_user,
        unit_path=unit.path,
        source=source,
        created=len(to_create),
        updated=len(to_update),
        deleted=len(to_delete),
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
