"""The country's sums from its provinces' partial sums, each kept until that province's counted
reports change.

A report's figures can only change while it is a draft or returned (`workflow.ensure_editable`),
and every change bumps its version. So the sums of a province over the reports in the counted
statuses depend only on which reports those are, with their version, last change and their unit's
kind and place: an exact fingerprint of those tuples keys the province's partial sums in the
cache. A report sent, accepted, returned or corrected changes its province's fingerprint, and the
next reading recomputes that province alone; nothing is computed overnight and no figure is ever
older than the reports. The merged country is kept too, under the fingerprints of all provinces.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from binhdang.analytics.sums import option_sums, unit_groups
from binhdang.orgunits.models import PATH_SEPARATOR, OrgUnit
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission

ONE_BY_ONE = 3  # more provinces to recompute than this: one query over the country instead
CACHE_SECONDS = 7 * 24 * 3600  # a key that is not read again (its fingerprint moved on) just expires
Sums = tuple[dict[int, list[tuple]], dict[int, list[tuple]], dict[str, int]]


def country_sums(period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...]) -> Sums:
    """(groups, options, reporting) over the whole tree under `root`: groups and options shaped as
    `sums.unit_groups` and `sums.option_sums` give them, with the root's children (the
    provinces) as the children; reporting the number of units with figures, per kind."""
    prints = fingerprints(period, root, statuses)
    status_key = "-".join(sorted(statuses))
    whole_print = hashlib.blake2b(
        "".join(f"{c}:{d};" for c, d in sorted(prints.items())).encode(), digest_size=16
    )
    whole_key = f"binhdang:country:{period.pk}:{root.pk}:{status_key}:{whole_print.hexdigest()}"
    merged = cache.get(whole_key)
    if merged is None:  # some province changed: merge the provinces' sums, recomputing the changed
        keys = {
            code: f"binhdang:partial:{period.pk}:{code}:{status_key}:{digest}"
            for code, digest in prints.items()
        }
        found = cache.get_many(list(keys.values()))
        fresh = _compute(
            period, root, statuses, {code: keys[code] for code in keys if keys[code] not in found}
        )
        if fresh:
            cache.set_many(fresh, timeout=CACHE_SECONDS)
        merged = _merge({code: found.get(key) or fresh[key] for code, key in keys.items()})
        cache.set(whole_key, merged, timeout=CACHE_SECONDS)
    return merged


def _compute(
    period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...], keys: dict[str, str]
) -> dict[str, tuple]:
    """The partial sums of these children ({code: cache key}), by cache key."""
    if not keys:
        return {}
    if len(keys) > ONE_BY_ONE:  # one pass over the whole tree, cut by province
        whole = _split(
            unit_groups(period, root, statuses),
            option_sums(period, root, statuses, by_child=True),
            units_with_figures(period, root, statuses),
        )
        return {key: whole.get(code, ([], {}, {})) for code, key in keys.items()}
    children = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=list(keys))}
    fresh = {}
    for code, key in keys.items():
        unit = children[code]
        only_self = unit.pk == root.pk  # the root's own report, not its whole tree
        fresh[key] = (
            _collapse(unit_groups(period, unit, statuses, only_self=only_self)),
            dict(option_sums(period, unit, statuses, only_self=only_self)),
            kinds_together(units_with_figures(period, unit, statuses, only_self=only_self)),
        )
    return fresh


def _merge(partials: dict[str, tuple]) -> Sums:
    groups: dict[int, list[tuple]] = defaultdict(list)
    option_totals: dict[tuple, Decimal] = defaultdict(Decimal)
    reporting: dict[str, int] = defaultdict(int)
    for code, (unit_sums, options, units_by_kind) in sorted(partials.items()):
        for element_id, kind, total, units in unit_sums:
            groups[element_id].append((kind, code, total, units))
        for element_id, rows in options.items():
            for *option, value in rows:
                option_totals[(element_id, *option)] += value
        for kind, units in units_by_kind.items():
            reporting[kind] += units
    options_by_element: dict[int, list[tuple]] = defaultdict(list)
    for (element_id, *option), value in option_totals.items():
        options_by_element[element_id].append((*option, value))
    return dict(groups), dict(options_by_element), dict(reporting)


def units_with_figures(
    period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...], *, only_self: bool = False
) -> dict[str, dict[str, int]]:
    """{child code: {unit kind: units whose counted report holds figures}}."""
    reports = Submission.objects.filter(period=period, status__in=statuses).filter(
        Exists(DataValue.objects.filter(submission=OuterRef("pk"), period=period, value__isnull=False))
    )
    if only_self:
        reports = reports.filter(unit=root)
    elif root.parent_id is not None:
        reports = reports.within(root)
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path, kind in reports.values_list("unit__path", "unit__kind"):
        result[child_code(root, path, root.code)][kind] += 1
    return {code: dict(kinds) for code, kinds in result.items()}


def kinds_together(by_child: dict[str, dict[str, int]]) -> dict[str, int]:
    """{kind: units} over all of a province's own children."""
    together: dict[str, int] = defaultdict(int)
    for kinds in by_child.values():
        for kind, units in kinds.items():
            together[kind] += units
    return dict(together)


def fingerprints(period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...]) -> dict[str, str]:
    """Per child of the root with counted reports: a digest of (report, status, version, last change,
    unit kind, unit path) over them, in report order. The last change (every step of the workflow
    saves it) makes a fingerprint never come back: sums computed while a report was moving, and
    kept under the fingerprint read just before, are not read again once it has moved."""
    rows = (
        Submission.objects.filter(period=period, status__in=statuses)
        .annotate(changed=Cast("updated_at", output_field=CharField()))  # as text: no parsing
        .values_list("pk", "status", "version", "changed", "unit__kind", "unit__path")
        .order_by("pk")
    )
    if root.parent_id is not None:
        rows = rows.within(root)
    digests: dict[str, Any] = {}
    for pk, status, version, changed, kind, path in rows:
        code = child_code(root, path, root.code)
        digest = digests.get(code)
        if digest is None:
            digest = digests[code] = hashlib.blake2b(digest_size=16)
        digest.update(f"{pk}|{status}|{version}|{changed}|{kind}|{path}\n".encode())
    return {code: digest.hexdigest() for code, digest in digests.items()}


def child_code(root: OrgUnit, path: str, code: str) -> str:
    """The code of the root's child whose subtree holds the unit at `path` (the root's own code
    for the root itself)."""
    if path == root.path:
        return code
    return path[len(root.path) + 1 :].split(PATH_SEPARATOR, 1)[0]


def _split(
    groups: dict[int, list[tuple]], options: dict[int, list[tuple]], reporting: dict[str, dict[str, int]]
) -> dict[str, tuple]:
    """The whole tree's sums (children as `child`) cut into each child's partial sums."""
    by_child: dict[str, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for element_id, rows in groups.items():
        for row in rows:
            by_child[row[1]][element_id].append(row)
    options_by_child: dict[str, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for element_id, rows in options.items():
        for child, *option in rows:
            options_by_child[child][element_id].append(tuple(option))
    return {
        code: (
            _collapse(by_child.get(code, {})),
            dict(options_by_child.get(code, {})),
            reporting.get(code, {}),
        )
        for code in set(by_child) | set(options_by_child) | set(reporting)
    }


def _collapse(groups: dict[int, list[tuple]]) -> list[tuple]:
    """A province's (element, kind, sum, units), its own units' groups added together."""
    sums: dict[tuple[int, str], list] = {}
    for element_id, rows in groups.items():
        for kind, _child_code, total, units in rows:
            entry = sums.setdefault((element_id, kind), [Decimal(0), 0])
            entry[0] += total
            entry[1] += units
    return [(element_id, kind, total, units) for (element_id, kind), (total, units) in sums.items()]
