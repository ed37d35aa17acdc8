"""The Excel round trip for one unit's report: the same code serves the upload page and the commands.

An import never overwrites silently. The workbook carries the version of every cell it was written
with (xlsx.common: ``_versions``); reading it back first makes an :class:`ImportPlan` — the cells the
file changes, the cells it leaves empty that hold a value online (cleared only when the user says
so), and the cells changed online since the download, with both values (written only for those the
user chooses to keep his own) — and only a confirmed plan is written, each cell at the version the
user saw (services.do_import_values).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from binhdang.indicators.choices import DIMENSIONS
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import REGISTER_SOURCES
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, stored_value, submission_values
from binhdang.reporting.services import (
    ImportWrite,
    StaleImport,
    do_import_values,
    ensure_editable,
)
from binhdang.reporting.spec import Element, FormSpec, Key, Value, Values
from binhdang.reporting.values import format_value
from binhdang.reporting.xlsx import CellError, XlsxImportError, write_report_xlsx
from binhdang.reporting.xlsx.isolated import read_isolated


def export_report(period: ReportingPeriod, unit: OrgUnit) -> bytes:
    submission = Submission.objects.filter(period=period, unit=unit).first()
    values, rows = submission_values(submission)
    versions = {cell: row.version for cell, row in rows.items()}
    report_version = submission.version if submission is not None else 0
    return write_report_xlsx(build_form_spec(period, unit), values, versions, report_version)


def cell_ident(element_code: str, key: Key) -> str:
    """A cell's name in a form field: "CODE|sex|age|ethnicity|area|funding"."""
    return "|".join((element_code, *key))


def cell_label(element: Element, key: Key) -> str:
    """The cell as a person reads it: "Số cán bộ được tập huấn — Nữ, Kinh"; "— Tổng số" for the total."""
    chosen = dict(zip(DIMENSIONS, key, strict=True))
    parts = [
        option.label for dim in element.dims for option in dim.options if chosen.get(dim.code) == option.code
    ]
    return f"{element.label} — {', '.join(parts) if parts else _('Total')}"


@dataclass
class PlannedCell:
    element_code: str
    key: Key
    label: str
    kind: str  # change | clear | conflict
    mine: str  # the file's value, as the entry box shows it ("" when the file leaves it empty)
    online: str  # the report's value now
    version: int  # the cell's version now (what "keep mine" must still find)
    by: str = ""  # who last saved it online (for a conflict)
    value: Value | None = None  # the file's value

    @property
    def ident(self) -> str:
        return cell_ident(self.element_code, self.key)


@dataclass
class ImportPlan:
    values: Values = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    changes: list[PlannedCell] = field(default_factory=list)
    clears: list[PlannedCell] = field(default_factory=list)
    conflicts: list[PlannedCell] = field(default_factory=list)
    unchanged: int = 0
    versions_known: bool = True  # False: a workbook without its versions (every difference is a conflict)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.clears or self.conflicts)

    def fingerprint(self) -> str:
        """What the plan would do, as a digest: the confirmation must find the same plan it showed."""
        cells = sorted(
            (cell.kind, cell.ident, cell.version, cell.mine)
            for cell in (*self.changes, *self.clears, *self.conflicts)
        )
        return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class ImportResult:
    plan: ImportPlan
    saved: bool
    written: int = 0
    stale: bool = False  # the report changed between the preview and the confirmation

    @property
    def values(self) -> Values:
        return self.plan.values

    @property
    def errors(self) -> list[CellError]:
        return self.plan.errors


def _refusal(exc: Exception) -> list[CellError]:
    return [CellError("", "", " ".join(getattr(exc, "messages", [str(exc)])))]


def plan_import(period: ReportingPeriod, unit: OrgUnit, data: bytes) -> ImportPlan:
    """What importing ``data`` would do to the report as it is now; errors when it cannot be read."""
    spec = build_form_spec(period, unit)
    try:
        values, base = read_isolated(
            data,
            spec,
            max_bytes=settings.UPLOAD_MAX_BYTES,
            memory_mb=settings.IMPORT_MEMORY_MB,
            seconds=settings.IMPORT_SECONDS,
        )
    except XlsxImportError as exc:
        return ImportPlan(errors=list(exc.errors))
    submission = Submission.objects.filter(period=period, unit=unit).first()
    if submission is not None:
        try:
            ensure_editable(submission)
        except Exception as exc:  # ValidationError: the report is no longer editable
            return ImportPlan(values=values, errors=_refusal(exc))
    rows: dict[tuple[str, Key], DataValue] = {}
    if submission is not None:
        rows = {
            (row.element.code, row.key): row
            for row in DataValue.objects.filter(submission=submission, period=period).select_related(
                "element", "updated_by"
            )
        }
    return _plan(spec, values, base, rows)


def _plan(spec: FormSpec, values: Values, base: Any, rows: dict[tuple[str, Key], DataValue]) -> ImportPlan:
    plan = ImportPlan(values=values, versions_known=base is not None)
    for section in spec.sections:
        for element in section.elements:
            for key in element.keys():
                row = rows.get((element.code, key))
                if row is not None and row.source in REGISTER_SOURCES:
                    continue  # filled from a register, read-only on the form: the file cannot change it
                mine = values.get((element.code, key))
                online = stored_value(row, element.value_type) if row is not None else None
                if mine == online:
                    if mine is not None:
                        plan.unchanged += 1
                    continue
                current = row.version if row is not None else 0
                if base is None:
                    stale = row is not None
                else:
                    stale = base.of(element.code, key) != current
                cell = PlannedCell(
                    element.code,
                    key,
                    cell_label(element, key),
                    "conflict" if stale else ("change" if mine is not None else "clear"),
                    format_value(element, mine),
                    format_value(element, online),
                    current,
                    str(row.updated_by) if row is not None and row.updated_by else "",
                    mine,
                )
                if stale:
                    plan.conflicts.append(cell)
                elif mine is not None:
                    plan.changes.append(cell)
                else:
                    plan.clears.append(cell)
    return plan


def import_report(
    period: ReportingPeriod,
    unit: OrgUnit,
    data: bytes,
    *,
    acting_user: Any,
    source: str,
    keep_mine: dict[str, int] | None = None,
    clear_empty: bool = False,
    dry_run: bool = False,
    expected: str | None = None,
) -> ImportResult:
    """Plan the import of ``data`` and, unless a dry run, write it: every change; the clears only with
    ``clear_empty``; of the conflicts only those in ``keep_mine`` (cell ident -> the version the user
    saw online). When the plan is not the one the user confirmed (``expected``, its fingerprint), or a
    cell changed again since the user saw it, nothing at all is written (``stale``)."""
    plan = plan_import(period, unit, data)
    if plan.errors or dry_run:
        return ImportResult(plan, False)
    if expected is not None and plan.fingerprint() != expected:
        return ImportResult(plan, False, stale=True)
    keep_mine = keep_mine or {}
    writes = [ImportWrite(c.element_code, c.key, c.value, c.version) for c in plan.changes]
    if clear_empty:
        writes += [ImportWrite(c.element_code, c.key, None, c.version) for c in plan.clears]
    for cell in plan.conflicts:
        seen = keep_mine.get(cell.ident)
        if seen is not None:
            writes.append(ImportWrite(cell.element_code, cell.key, cell.value, seen))
    if not writes:
        return ImportResult(plan, False)
    spec = build_form_spec(period, unit)
    try:
        do_import_values(period, unit, spec, writes, acting_user=acting_user, source=source)
    except StaleImport:
        return ImportResult(plan_import(period, unit, data), False, stale=True)
    except Exception as exc:  # ValidationError: the report closed meanwhile
        if not hasattr(exc, "messages"):
            raise
        return ImportResult(ImportPlan(values=plan.values, errors=_refusal(exc)), False)
    return ImportResult(plan, True, written=len(writes))


def describe(error: CellError) -> str:
    if error.sheet and error.cell:
        return _("%(sheet)s!%(cell)s: %(message)s") % {
            "sheet": error.sheet,
            "cell": error.cell,
            "message": error.message,
        }
    return error.message
