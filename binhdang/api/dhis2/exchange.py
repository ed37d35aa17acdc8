"""dataValueSets: our figures out in DHIS2's shape, and DHIS2's data value sets in, through the same
service as the entry page (reporting.services.do_save_cells, with ValueSource.API).

The rules of an import (docs/api.md says the same to users):

* A value is written into a unit's report only while that report can be edited on the form (being
  entered or returned, entry not closed); otherwise every value of that report is ignored with a
  conflict saying why.
* Atomic per report: a value in conflict (unknown cell, a number that is not one, a cell not on the
  unit's form…) stops its whole report, whose values are all counted "ignored"; other reports in
  the same file go in.
* Zero is a figure: "0" is stored as 0 and never deletes anything (DHIS2's zeroIsSignificant is
  always true here). An empty value, or one left out, changes nothing and is counted "ignored". A
  value is deleted only by importStrategy=DELETE or `"deleted": true`.
* Idempotent: a value equal to the stored one (and a comment equal or left out) is "ignored",
  so the same file sent twice is all "ignored" the second time.
* dryRun=true says the same summary and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from binhdang.api.choices import ImportStrategy
from binhdang.api.dhis2.ids import DEFAULT_COMBO, Key, uid
from binhdang.api.dhis2.mapping import Catalog, dhis2_period, period_from_dhis2
from binhdang.core.scoping import Action
from binhdang.indicators.choices import DIMENSIONS, NUMERIC_TYPES, ValueType
from binhdang.lib.numbers import NotANumber, format_number, parse_machine_number
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import EDITABLE_STATUSES, REGISTER_SOURCES, ValueSource
from binhdang.reporting.models import DataValue, ReportingPeriod, ReportTemplate, Submission, TemplateElement
from binhdang.reporting.queries import build_form_spec, stored_value
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import Element
from binhdang.reporting.values import NOT_YES_OR_NO, CellValueError, parse_input
from binhdang.reporting.workflow import entry_open

MAX_VALUES = 200_000  # data values in one file: a province's year is about 30 000
CSV_COLUMNS = (
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
)


class Code:
    """The conflicts' error codes (docs/api.md lists them)."""

    FILE = "E7600"  # the file cannot be read: its structure, a line
    DATA_SET = "E7610"
    PERIOD = "E7611"
    ORG_UNIT = "E7612"
    CELL = "E7613"  # no cell of ours has these dataElement / categoryOptionCombo / attributeOptionCombo
    NOT_ON_FORM = "E7614"
    NOT_EDITABLE = "E7615"
    DUPLICATE = "E7616"
    REGISTER = "E7617"
    VALUE = "E7619"
    TOO_MANY = "E7620"


@dataclass
class Incoming:
    """One data value as read from a file; `where` names it for a person (a line, an index)."""

    index: int
    where: str
    data_element: str = ""
    period: str = ""
    org_unit: str = ""
    combo: str = ""
    attribute_combo: str = ""
    value: str | None = None
    comment: str | None = None
    deleted: bool = False
    options: dict[str, str] | None = None  # ADX: the cell's dimension options in place of a combo


@dataclass
class Conflict:
    object: str
    value: str
    error_code: str
    indexes: list[int] = field(default_factory=list)
    property: str = ""

    def as_dhis2(self) -> dict[str, Any]:
        return {
            "object": self.object,
            "objects": {"value": self.object},
            "value": self.value,
            "errorCode": self.error_code,
            "property": self.property,
            "indexes": self.indexes,
        }


@dataclass
class Summary:
    strategy: str
    dry_run: bool
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.conflicts:
            return "SUCCESS"
        return "WARNING" if self.imported + self.updated + self.deleted else "ERROR"

    def as_dhis2(self) -> dict[str, Any]:
        """The web message DHIS2 (2.38 and later) answers an import with, around its ImportSummary."""
        ok = not self.conflicts
        description = (
            _("Import process completed successfully")
            if ok
            else _("The import finished with conflicts: the reports named below were left as they were.")
        )
        return {
            "httpStatus": "OK" if ok else "Conflict",
            "httpStatusCode": 200 if ok else 409,
            "status": "OK" if ok else ("WARNING" if self.status == "WARNING" else "ERROR"),
            "message": _("Import was successful.") if ok else _("One or more conflicts were encountered."),
            "response": {
                "responseType": "ImportSummary",
                "status": self.status,
                "importOptions": {
                    "dryRun": self.dry_run,
                    "importStrategy": self.strategy,
                    "idSchemes": {},
                },
                "description": description,
                "importCount": {
                    "imported": self.imported,
                    "updated": self.updated,
                    "ignored": self.ignored,
                    "deleted": self.deleted,
                },
                "conflicts": [conflict.as_dhis2() for conflict in self.conflicts],
                "rejectedIndexes": sorted({i for conflict in self.conflicts for i in conflict.indexes}),
                "dataSetComplete": "false",
            },
        }


class FileError(ValueError):
    """A file that cannot be read at all; the message names where."""


# --- Reading files ----------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_json(body: bytes) -> tuple[dict[str, str], list[Incoming]]:
    """A DHIS2 JSON data value set: defaults at the top (dataSet, period, orgUnit,
    attributeOptionCombo) and `dataValues`. Numbers are kept as written (no float on the way)."""
    try:
        data = json.loads(body.decode("utf-8-sig"), parse_float=str, parse_int=str)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FileError(_("The file is not JSON (UTF-8): %(error)s") % {"error": exc}) from None
    if not isinstance(data, dict):
        raise FileError(_("The file must be a JSON object with a “dataValues” list."))
    values = data.get("dataValues", [])
    if not isinstance(values, list):
        raise FileError(_("“dataValues” must be a list."))
    if len(values) > MAX_VALUES:
        raise FileError(_("The file has more than %(max)d values: split it.") % {"max": MAX_VALUES})
    head = {
        name: _text(data.get(name)) or "" for name in ("dataSet", "period", "orgUnit", "attributeOptionCombo")
    }
    rows = []
    for index, item in enumerate(values):
        where = f"dataValues[{index}]"
        if not isinstance(item, dict):
            raise FileError(_("%(where)s is not an object.") % {"where": where})
        rows.append(
            Incoming(
                index=index,
                where=where,
                data_element=_text(item.get("dataElement")) or "",
                period=_text(item.get("period")) or head["period"],
                org_unit=_text(item.get("orgUnit")) or head["orgUnit"],
                combo=_text(item.get("categoryOptionCombo")) or "",
                attribute_combo=_text(item.get("attributeOptionCombo")) or head["attributeOptionCombo"],
                value=_text(item.get("value")),
                comment=_text(item.get("comment")),
                deleted=item.get("deleted") in (True, "true"),
            )
        )
    return head, rows


def read_csv(body: bytes) -> tuple[dict[str, str], list[Incoming]]:
    """DHIS2's CSV: dataelement, period, orgunit, catoptcombo, attroptcombo, value, storedby,
    lastupdated, comment, followup[, deleted]; the first row is a header and is skipped."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("The CSV file is not UTF-8 text.")) from None
    rows = []
    reader = csv.reader(io.StringIO(text))
    try:
        for line_number, record in enumerate(reader, start=1):
            if line_number == 1 or not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_VALUES:
                raise FileError(_("The file has more than %(max)d values: split it.") % {"max": MAX_VALUES})
            where = _("line %(line)d") % {"line": line_number}
            if len(record) < 6:
                raise FileError(
                    _(
                        "%(where)s has %(count)d columns; a data value needs at least six "
                        "(dataelement, period, orgunit, catoptcombo, attroptcombo, value)."
                    )
                    % {"where": where, "count": len(record)}
                )
            cells = [cell.strip() for cell in record] + [""] * (11 - len(record))
            rows.append(
                Incoming(
                    index=line_number - 1,
                    where=where,
                    data_element=cells[0],
                    period=cells[1],
                    org_unit=cells[2],
                    combo=cells[3],
                    attribute_combo=cells[4],
                    value=record[5],
                    comment=record[8] if len(record) > 8 and record[8] != "" else None,
                    deleted=cells[10].lower() == "true",
                )
            )
    except csv.Error as exc:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None
    return {}, rows


# --- Writing ----------------------------------------------------------------------------------


def machine_value(value_type: str, value: Any, text: str) -> str | None:
    """A stored value as DHIS2 writes it: "1234", "12.5", "true", or the text."""
    if value_type == ValueType.TEXT:
        return text or None
    if value is None:
        return None
    if value_type == ValueType.BOOLEAN:
        return "true" if value else "false"
    return f"{value.normalize():f}"


@dataclass
class ExportRequest:
    periods: list[ReportingPeriod]
    units: list[OrgUnit]
    children: bool = False
    code_scheme: bool = False  # idScheme=CODE


def export_rows(user: Any, request: ExportRequest, catalog: Catalog) -> list[dict[str, Any]]:
    """The user's visible values of the periods and units asked for, as DHIS2 data values."""
    if not request.periods or not request.units:
        return []
    values = DataValue.objects.restrict(user, Action.VIEW).filter(period__in=request.periods)
    if request.children:
        subtree = DataValue.objects.none()
        for unit in request.units:
            subtree = subtree | values.within(unit)
        values = subtree
    else:
        values = values.filter(unit__in=request.units)
    mapped_periods: dict[int, str] = {}
    periods = {p.pk: p for p in request.periods}
    out = []
    # Plain columns, not model instances: a province's year is tens of thousands of rows.
    rows = (
        values.order_by("unit__code", "element__code", *DIMENSIONS)
        .values_list(
            "element__code",
            "element__value_type",
            "unit__code",
            "period_id",
            *DIMENSIONS,
            "value",
            "text",
            "comment",
            "updated_by__username",
            "updated_at",
        )
        .iterator(chunk_size=2000)
    )
    for element_code, value_type, unit_code, period_id, *rest in rows:
        key: Key = tuple(rest[:5])  # type: ignore[assignment]
        number, text, comment, stored_by, updated_at = rest[5:]
        value = machine_value(value_type, number, text)
        cell = catalog.cells.get((element_code, key))
        if value is None or cell is None:
            continue
        period = periods[period_id]
        if period.pk not in mapped_periods:
            mapped_periods[period.pk] = dhis2_period(period)
        de, coc, aoc = cell
        if not request.code_scheme:
            de, coc, aoc = uid("DE", de), uid("COC", coc), uid("AOC", aoc)
        out.append(
            {
                "dataElement": de,
                "period": mapped_periods[period.pk],
                "orgUnit": unit_code if request.code_scheme else uid("OU", unit_code),
                "categoryOptionCombo": coc,
                "attributeOptionCombo": aoc,
                "value": value,
                "storedBy": stored_by or "",
                "created": updated_at.isoformat(),
                "lastUpdated": updated_at.isoformat(),
                "comment": comment,
                "followup": False,
                # for ADX (adx.py), dropped from JSON and CSV
                "_options": {d: o for d, o in zip(DIMENSIONS, key, strict=True) if o},
                "_numeric": value_type != ValueType.TEXT,
                "_data_set": period.template.code,
                "_data_element": cell[0],
                "_org_unit": unit_code,
            }
        )
    return out


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A data value without the fields kept for ADX."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def adx_groups(rows: list[dict[str, Any]]) -> list[tuple[dict[str, str], list[dict[str, str]]]]:
    """The export's rows as ADX groups (unit × period × data set), by code; text cells left out."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in rows:
        if not row["_numeric"]:
            continue
        head = (row["_org_unit"], row["period"], row["_data_set"])
        value = {"dataElement": row["_data_element"], **row["_options"], "value": row["value"]}
        if value["value"] in ("true", "false"):
            value["value"] = "1" if value["value"] == "true" else "0"
        value["comment"] = row["comment"]
        groups.setdefault(head, []).append(value)
    return [({"orgUnit": u, "period": p, "dataSet": d}, values) for (u, p, d), values in groups.items()]


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["dataElement"],
                row["period"],
                row["orgUnit"],
                row["categoryOptionCombo"],
                row["attributeOptionCombo"],
                row["value"],
                row["storedBy"],
                row["lastUpdated"],
                row["comment"],
                "false",
            ]
        )
    return buffer.getvalue()


# --- Importing --------------------------------------------------------------------------------


def to_raw(element: Element, value: str) -> str:
    """A machine-written value as the form reads it, so that do_save_cells parses it the one way."""
    if element.value_type in NUMERIC_TYPES:
        try:
            number = parse_machine_number(value)
        except NotANumber:
            raise CellValueError(
                _("“%(value)s” is not a number as exchange files write one (1234 or 12.5).")
                % {"value": value.strip()[:40]}
            ) from None
        return format_number(number, grouping=False)
    if element.value_type == ValueType.BOOLEAN:
        answer = value.strip().lower()
        if answer in ("true", "1"):
            return "true"
        if answer in ("false", "0"):
            return "false"
        raise CellValueError(NOT_YES_OR_NO % {"value": value.strip()[:40]})
    return value


@dataclass
class _Cell:
    item: Incoming
    element_code: str
    key: Key


class Importer:
    """One import: resolve every value, check each report, write report by report."""

    def __init__(self, user: Any, catalog: Catalog, *, strategy: str, dry_run: bool) -> None:
        self.user = user
        self.catalog = catalog
        self.summary = Summary(strategy=strategy, dry_run=dry_run)
        self._periods: dict[str, ReportingPeriod | None] = {}
        self._units: dict[str, OrgUnit | None] = {}
        self._unit_uids: dict[str, str] | None = None
        self._forms: dict[tuple[int, str, str], dict[str, Element]] = {}
        self._submissions: dict[tuple[int, int], Submission] = {}
        self._named_bodies: dict[int, set[str]] = {}

    # Resolution ------------------------------------------------------------------------------

    def _conflict(self, obj: str, message: str, code: str, indexes: list[int], prop: str = "") -> None:
        self.summary.conflicts.append(Conflict(obj, message, code, indexes, prop))

    def _period(self, text: str) -> ReportingPeriod | None:
        if text not in self._periods:
            self._periods[text] = period_from_dhis2(text)
        return self._periods[text]

    def _unit(self, text: str) -> OrgUnit | None:
        if text not in self._units:
            units = OrgUnit.objects.restrict(self.user, Action.CHANGE)
            unit = units.filter(code=text).first() if text else None
            if unit is None and len(text) == 11:
                if self._unit_uids is None:  # our UIDs are derived from codes: list the user's units once
                    self._unit_uids = {uid("OU", code): code for code in units.values_list("code", flat=True)}
                code = self._unit_uids.get(text)
                unit = units.filter(code=code).first() if code else None
            self._units[text] = unit
        return self._units[text]

    def _prefetch_units(self, texts: set[str]) -> None:
        """The units a file names, read in one query (a province's file names a hundred)."""
        codes = [text for text in texts if text and len(text) <= 20][:5000]
        found = {u.code: u for u in OrgUnit.objects.restrict(self.user, Action.CHANGE).filter(code__in=codes)}
        for code in codes:
            if code in found:
                self._units[code] = found[code]

    def _cell(self, item: Incoming) -> tuple[str, Key] | None:
        catalog = self.catalog
        data_element = catalog.code_of("DE", item.data_element)
        if item.options is not None:
            element_code = catalog.data_elements.get(data_element)
            if element_code is None:
                return None
            key = tuple(item.options.get(dim, "") for dim in DIMENSIONS)
            return (element_code, key) if (element_code, key) in catalog.cells else None  # type: ignore[return-value]
        cell = (
            data_element,
            catalog.code_of("COC", item.combo) if item.combo else DEFAULT_COMBO,
            catalog.code_of("AOC", item.attribute_combo) if item.attribute_combo else DEFAULT_COMBO,
        )
        return catalog.reverse.get(cell)

    # The import ------------------------------------------------------------------------------

    def run(self, head: dict[str, str], items: list[Incoming]) -> Summary:
        data_set = head.get("dataSet", "")
        if data_set and not self._known_data_set(data_set):
            self._conflict(
                data_set,
                _("There is no data set (report template) “%(code)s”.") % {"code": data_set},
                Code.DATA_SET,
                [],
                "dataSet",
            )
            self.summary.ignored = len(items)
            return self.summary
        self._prefetch_units({item.org_unit for item in items})
        groups: dict[tuple[int, int], list[_Cell]] = defaultdict(list)
        places: dict[tuple[int, int], tuple[ReportingPeriod, OrgUnit]] = {}
        for item in items:
            cell = self._resolve(item)
            if cell is None:
                self.summary.ignored += 1
                continue
            period, unit, element_code, key = cell
            groups[(period.pk, unit.pk)].append(_Cell(item, element_code, key))
            places[(period.pk, unit.pk)] = (period, unit)
        self._submissions = {
            (submission.period_id, submission.unit_id): submission
            for submission in Submission.objects.filter(
                period_id__in={period for period, _unit in groups},
                unit_id__in={unit for _period, unit in groups},
            )
        }
        for group, cells in groups.items():
            self._import_report(*places[group], cells)
        return self.summary

    def _known_data_set(self, text: str) -> bool:
        codes = list(ReportTemplate.objects.values_list("code", flat=True))
        return text in codes or text in {uid("DS", code) for code in codes}

    def _resolve(self, item: Incoming) -> tuple[ReportingPeriod, OrgUnit, str, Key] | None:
        period = self._period(item.period)
        if period is None:
            self._conflict(
                item.period,
                _(
                    "%(where)s: there is no reporting period “%(period)s” "
                    "(our year 2026, 15/12/2025–14/12/2026, "
                    "is DHIS2's period 2026)."
                )
                % {"where": item.where, "period": item.period},
                Code.PERIOD,
                [item.index],
                "period",
            )
            return None
        unit = self._unit(item.org_unit)
        if unit is None:
            self._conflict(
                item.org_unit,
                _("%(where)s: the unit “%(unit)s” does not exist or you may not enter its figures.")
                % {"where": item.where, "unit": item.org_unit},
                Code.ORG_UNIT,
                [item.index],
                "orgUnit",
            )
            return None
        cell = self._cell(item)
        if cell is None:
            self._conflict(
                item.data_element,
                _(
                    "%(where)s: no figure of ours is mapped to dataElement “%(element)s” with "
                    "categoryOptionCombo “%(combo)s” and attributeOptionCombo “%(attribute)s”."
                )
                % {
                    "where": item.where,
                    "element": item.data_element,
                    "combo": item.combo or DEFAULT_COMBO,
                    "attribute": item.attribute_combo or DEFAULT_COMBO,
                },
                Code.CELL,
                [item.index],
                "dataElement",
            )
            return None
        return period, unit, cell[0], cell[1]

    def _import_report(self, period: ReportingPeriod, unit: OrgUnit, cells: list[_Cell]) -> None:
        indexes = [cell.item.index for cell in cells]
        submission = self._submissions.get((period.pk, unit.pk))
        if submission is not None and submission.status not in EDITABLE_STATUSES:
            self._refuse_report(
                unit,
                _(
                    "The report of %(unit)s for “%(period)s” is “%(status)s”: it can no longer be changed, "
                    "so none of its %(count)d values were imported."
                )
                % {
                    "unit": unit.name,
                    "period": period.name,
                    "status": submission.get_status_display(),
                    "count": len(cells),
                },
                indexes,
            )
            return
        if not entry_open(period, unit):
            self._refuse_report(
                unit,
                _(
                    "Entry of the report of %(unit)s for “%(period)s” is closed: none of its %(count)d "
                    "values were imported."
                )
                % {"unit": unit.name, "period": period.name, "count": len(cells)},
                indexes,
            )
            return
        elements = self._elements(period, unit)
        stored = DataValue.objects.filter(submission=submission, period=period).select_related("element")
        stored = stored.only("element__code", *DIMENSIONS, "value", "text", "comment", "source")
        rows = {(row.element.code, row.key): row for row in stored} if submission is not None else {}
        keys: dict[str, set[Key]] = {}
        changes: list[CellChange] = []
        counts = {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
        problems = 0
        seen: dict[tuple[str, Key], Incoming] = {}
        strategy = self.summary.strategy
        for cell in cells:
            item = cell.item
            element = elements.get(cell.element_code)
            place = (cell.element_code, cell.key)
            if element is not None and element.code not in keys:
                keys[element.code] = set(element.keys())
            if element is None or cell.key not in keys[element.code]:
                problems += 1
                self._conflict(
                    item.data_element,
                    _("%(where)s: “%(element)s” is not on the report form of %(unit)s.")
                    % {"where": item.where, "element": cell.element_code, "unit": unit.name},
                    Code.NOT_ON_FORM,
                    [item.index],
                    "dataElement",
                )
                continue
            if place in seen:
                problems += 1
                self._conflict(
                    item.data_element,
                    _("%(where)s: the same figure as %(other)s (%(element)s of %(unit)s) appears twice.")
                    % {
                        "where": item.where,
                        "other": seen[place].where,
                        "element": element.code,
                        "unit": unit.name,
                    },
                    Code.DUPLICATE,
                    [item.index],
                    "dataElement",
                )
                continue
            seen[place] = item
            row = rows.get(place)
            if row is not None and row.source in REGISTER_SOURCES:
                problems += 1
                self._conflict(
                    item.data_element,
                    _(
                        "%(where)s: %(element)s of %(unit)s is filled from a register (%(source)s) "
                        "and cannot be "
                        "changed here."
                    )
                    % {
                        "where": item.where,
                        "element": element.code,
                        "unit": unit.name,
                        "source": ValueSource(row.source).label,
                    },
                    Code.REGISTER,
                    [item.index],
                    "value",
                )
                continue
            current = stored_value(row, element.value_type) if row is not None else None
            if item.deleted or strategy == ImportStrategy.DELETE:
                if current is None:
                    counts["ignored"] += 1
                else:
                    counts["deleted"] += 1
                    changes.append(CellChange(element.code, cell.key, raw=""))
                continue
            if item.value is None or item.value.strip() == "":
                counts["ignored"] += 1  # an empty value changes nothing (see the module's rules)
                continue
            try:
                raw = to_raw(element, item.value)
                value = parse_input(element, raw)
            except CellValueError as exc:
                problems += 1
                self._conflict(
                    item.value[:40],
                    _("%(where)s: %(element)s of %(unit)s: %(error)s")
                    % {"where": item.where, "element": element.code, "unit": unit.name, "error": exc},
                    Code.VALUE,
                    [item.index],
                    "value",
                )
                continue
            comment = item.comment.strip()[:2000] if item.comment is not None else None
            same_comment = comment is None or (row is not None and row.comment == comment)
            if current is not None and current == value and same_comment:
                counts["ignored"] += 1
                continue
            if current is None:
                if strategy == ImportStrategy.UPDATE:
                    counts["ignored"] += 1
                    continue
                counts["imported"] += 1
            else:
                if strategy == ImportStrategy.CREATE:
                    counts["ignored"] += 1
                    continue
                counts["updated"] += 1
            changes.append(CellChange(element.code, cell.key, raw=raw, comment=comment))
        if problems:
            self.summary.ignored += len(cells)
            return
        if changes and not self.summary.dry_run:
            result = do_save_cells(period, unit, changes, acting_user=self.user, source=ValueSource.API)
            for outcome in result.problems:  # only if the report changed under us meanwhile
                self._conflict(
                    outcome.element_code,
                    f"{unit.name}: {outcome.element_code}: {outcome.message}",
                    Code.VALUE,
                    [],
                    "value",
                )
        for name, count in counts.items():
            setattr(self.summary, name, getattr(self.summary, name) + count)

    def _elements(self, period: ReportingPeriod, unit: OrgUnit) -> dict[str, Element]:
        """The elements of the unit's form. Which elements a unit fills depends on its kind and, for
        the elements kept to named provincial bodies (SYT…), on its code's last part: the form is
        built once per such shape, not once per report (a province sends a hundred reports)."""
        if period.pk not in self._named_bodies:
            listed = TemplateElement.objects.filter(section__template=period.template_id).values_list(
                "units", flat=True
            )
            self._named_bodies[period.pk] = {code for codes in listed for code in codes or []}
        suffix = unit.code.split("-", 1)[-1]
        shape = (period.pk, unit.kind, suffix if suffix in self._named_bodies[period.pk] else "")
        if shape not in self._forms:
            spec = build_form_spec(period, unit)
            self._forms[shape] = {e.code: e for section in spec.sections for e in section.elements}
        return self._forms[shape]

    def _refuse_report(self, unit: OrgUnit, message: str, indexes: list[int]) -> None:
        self._conflict(unit.code, message, Code.NOT_EDITABLE, indexes, "orgUnit")
        self.summary.ignored += len(indexes)
