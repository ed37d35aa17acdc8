"""The counts that leave the register: from consented, de-duplicated cases, always suppressed.

`counted_cases()` is the one definition of who is counted: registered in the period within the unit's
subtree, the survivor's current consent to statistics given, no incident already reported by another
organisation, and one case per survivor (the keyed search hash; the earliest registration counts).
`statistics()` turns them into the published tables (sex × age band, type of violence × sex, services ×
sex and, for a unit with units under it, child unit × sex), protected together by `suppression.protect`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from binhdang.gbv.choices import (
    REPORTED_SERVICES,
    AgeBand,
    ConsentDecision,
    ConsentPurpose,
    ServiceType,
    Sex,
    ViolenceType,
)
from binhdang.gbv.models import Case, Consent, Incident, ServiceRecord
from binhdang.gbv.suppression import PRIMARY, SECONDARY, Relation, protect
from binhdang.orgunits.models import OrgUnit


@dataclass(frozen=True)
class CountedCase:
    pk: int
    unit_id: int
    unit_path: str
    sex: str
    age_band: str
    violence_type: str  # the first incident's type
    services: frozenset[str]


def counted_cases(root: OrgUnit, date_from: datetime.date, date_to: datetime.date) -> list[CountedCase]:
    """The cases counted in statistics for `root`'s subtree (see the module's docstring)."""
    base = (
        Case.objects.within(root)
        .filter(registered_on__gte=date_from, registered_on__lte=date_to)
        .exclude(Exists(Incident.objects.filter(case=OuterRef("pk"), reported_elsewhere=True)))
    )
    rows = list(
        base.order_by("registered_on", "pk").values_list(
            "pk", "unit_id", "unit__path", "sex", "age_band", "search_hash"
        )
    )
    # The related rows are read by a subquery on the same cases, not a list of ids (no huge IN list).
    chosen = base.values("pk")
    consent: dict[int, bool] = {}
    for case_id, decision in (
        Consent.objects.filter(case__in=chosen, purpose=ConsentPurpose.STATISTICS)
        .order_by("recorded_at", "id")
        .values_list("case_id", "decision")
    ):
        consent[case_id] = decision == ConsentDecision.GIVEN
    first_type: dict[int, str] = {}
    for case_id, kind in (
        Incident.objects.filter(case__in=chosen)
        .order_by("-occurred_on", "-id")
        .values_list("case_id", "violence_type")
    ):
        first_type[case_id] = kind  # the last written is the earliest incident
    services: dict[int, set[str]] = {}
    for case_id, kind in ServiceRecord.objects.filter(case__in=chosen).values_list("case_id", "service_type"):
        services.setdefault(case_id, set()).add(kind)
    seen: set[str] = set()
    counted = []
    for pk, unit_id, path, sex, age_band, key in rows:
        if not consent.get(pk) or key in seen:
            continue
        seen.add(key)
        counted.append(
            CountedCase(
                pk, unit_id, path, sex, age_band, first_type.get(pk, ""), frozenset(services.get(pk, ()))
            )
        )
    return counted


# --- the published tables ----------------------------------------------------------------------


@dataclass
class Cell:
    value: int
    shown: str
    suppressed: str = ""  # "", "primary" or "secondary"


@dataclass
class Table:
    key: str
    title: str
    row_title: str
    rows: list[tuple[str, str]]  # (code, label); the last is the total when `has_total_row`
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    has_total_row: bool = True

    def grid(self) -> list[tuple[str, list[Cell]]]:
        return [(label, [self.cells[(r, c)] for c, _l in self.columns]) for r, label in self.rows]


@dataclass
class Statistics:
    root: OrgUnit
    date_from: datetime.date
    date_to: datetime.date
    threshold: int
    tables: list[Table]
    counted: int
    mt32a: float | None  # % of counted survivors who reached at least one basic service; None if too few

    def as_json(self) -> dict[str, Any]:
        """The open format: suppressed cells carry only what the page shows."""
        return {
            "unit": {"code": self.root.code, "name": self.root.name},
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "threshold": self.threshold,
            "mt3_2a_percent": self.mt32a,
            "tables": [
                {
                    "key": t.key,
                    "title": t.title,
                    "rows": [code for code, _l in t.rows],
                    "row_labels": [label for _c, label in t.rows],
                    "columns": [code for code, _l in t.columns],
                    "column_labels": [label for _c, label in t.columns],
                    "has_total_row": t.has_total_row,
                    "cells": [[t.cells[(r, c)].shown for c, _l in t.columns] for r, _l2 in t.rows],
                }
                for t in self.tables
            ],
        }


TOTAL = "T"


def _sexes() -> list[tuple[str, str]]:
    return [(Sex.FEMALE, str(Sex.FEMALE.label)), (Sex.MALE, str(Sex.MALE.label)), (TOTAL, _("Total"))]


def statistics(
    root: OrgUnit,
    date_from: datetime.date,
    date_to: datetime.date,
    *,
    threshold: int | None = None,
    counted: list[CountedCase] | None = None,
) -> Statistics:
    threshold = threshold or settings.GBV_SUPPRESSION_THRESHOLD
    if counted is None:
        counted = counted_cases(root, date_from, date_to)
    values: dict[tuple[str, str, str], int] = Counter()
    sexes = [Sex.FEMALE, Sex.MALE]
    # The shared margins: victims by sex and in all.
    for case in counted:
        for sex in (case.sex, TOTAL):
            values[("sex", sex, TOTAL)] += 1
            values[("age", case.age_band, sex)] += 1
            values[("type", case.violence_type or "unknown", sex)] += 1
            for service in case.services:
                values[("service", service, sex)] += 1
            if case.services:
                values[("service", "ANY", sex)] += 1

    children = list(root.children.order_by("sort_key")) if root.children.exists() else []
    child_of: dict[int, str] = {}
    if children:
        code_of_path = {child.path: child.code for child in children}
        depth = root.path.count("/") + 2  # the segments of a child's path
        for case in counted:
            code = code_of_path.get("/".join(case.unit_path.split("/")[:depth]))
            if code:
                child_of[case.pk] = code
        for case in counted:
            code = child_of.get(case.pk, root.code)
            for sex in (case.sex, TOTAL):
                values[("unit", code, sex)] += 1

    def margin(sex: str) -> tuple[str, str, str]:
        return ("sex", sex, TOTAL)

    tables: list[Table] = []
    relations: list[Relation] = []
    cells_of: dict[str, dict[tuple[str, str], tuple[str, str, str]]] = {}

    def add_table(key: str, title: str, row_title: str, rows: list[tuple[str, str]], additive: bool) -> None:
        table = Table(
            key,
            title,
            row_title,
            rows + ([(TOTAL, _("Total"))] if additive else []),
            _sexes(),
            has_total_row=additive,
        )
        mapping = {}
        for code, _label in table.rows:
            for sex, _l in table.columns:
                mapping[(code, sex)] = margin(sex) if code == TOTAL else (key, code, sex)
        for code, _label in rows:  # each row: women + men = total
            relations.append(Relation(mapping[(code, TOTAL)], tuple(mapping[(code, s)] for s in sexes)))
        if additive:  # each column: the rows add up to the victims of that sex
            for sex, _l in table.columns:
                relations.append(Relation(margin(sex), tuple(mapping[(code, sex)] for code, _l in rows)))
        cells_of[key] = mapping
        tables.append(table)

    add_table(
        "age",
        _("Victims by age band and sex"),
        _("Age band"),
        [(c, str(lbl)) for c, lbl in AgeBand.choices],
        True,
    )
    types = [(c, str(lbl)) for c, lbl in ViolenceType.choices]
    if any(case.violence_type == "" for case in counted):
        types.append(("unknown", _("No incident recorded")))
    add_table(
        "type", _("Victims by type of violence (first incident) and sex"), _("Type of violence"), types, True
    )
    add_table(
        "service",
        _("Victims who received a service, by service and sex"),
        _("Service"),
        [("ANY", _("At least one basic service"))] + [(c, str(lbl)) for c, lbl in ServiceType.choices],
        False,
    )
    if children:
        # Units without a counted case are left out: their zeros add nothing to any sum.
        rows = [(c.code, c.name) for c in children if values.get(("unit", c.code, TOTAL))]
        if values.get(("unit", root.code, TOTAL)):
            rows.append((root.code, root.name))
        add_table("unit", _("Victims by unit and sex"), _("Unit"), rows, True)
    relations.append(Relation(margin(TOTAL), (margin(Sex.FEMALE), margin(Sex.MALE))))

    all_keys = {k for mapping in cells_of.values() for k in mapping.values()}
    full = {k: values.get(k, 0) for k in all_keys}
    protection = protect(full, relations, threshold)
    for table in tables:
        for (code, sex), key in cells_of[table.key].items():
            state = protection.status.get(key, "")
            table.cells[(code, sex)] = Cell(
                full[key],
                protection.shown(key, full[key], threshold),
                state if state in (PRIMARY, SECONDARY) else "",
            )
    total, reached = full[margin(TOTAL)], full[("service", "ANY", TOTAL)]
    mt32a = round(100 * reached / total, 1) if total >= threshold else None
    return Statistics(root, date_from, date_to, threshold, tables, len(counted), mt32a)


def report_counts(counted: list[CountedCase], unit: OrgUnit) -> dict[tuple[str, str, str], int]:
    """The exact counts of one unit's annual report (its own cases only): element → (sex, age band)."""
    counts: dict[tuple[str, str, str], int] = Counter()
    for case in counted:
        if case.unit_id != unit.pk:
            continue
        counts[("GBV_CASES", case.sex, case.age_band)] += 1
        if case.services:
            counts[("GBV_SUPPORT_ANY", case.sex, case.age_band)] += 1
        for service in REPORTED_SERVICES:
            if service in case.services:
                counts[(f"GBV_SUPPORT_{service}", case.sex, "")] += 1
    return counts
