"""Loads the unit register: Việt Nam → 34 provinces → 3,321 communes, wards and special zones
(from the `vietnam-provinces` package, post-July-2025 codes), plus each province's departments
and organisations (from data/provincial_units.json). Idempotent: run it again and nothing is
duplicated; names and kinds are brought up to date; units that users created are left alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from binhdang.core.loading import LoadResult, read_json, record
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.models import OrgUnit

COUNTRY_CODE = "VN"
DATA_FILE = Path(__file__).parent / "data" / "provincial_units.json"
# The two-level local government took effect on 01/7/2025 (NQ 202/2025/QH15).
REGISTER_VALID_FROM = datetime.date(2025, 7, 1)

WARD_KINDS = {
    VietNamDivisionType.XA: OrgUnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: OrgUnitKind.WARD,
    VietNamDivisionType.DAC_KHU: OrgUnitKind.SPECIAL_ZONE,
}


@dataclass
class Row:
    code: str
    name: str
    kind: str
    parent_code: str | None
    aliases: list[str] = field(default_factory=list)


def province_code(province: Province) -> str:
    return f"{int(province.code):02d}"


def ward_code(ward: Ward) -> str:
    return f"{int(ward.code):05d}"


def province_name(province: Province) -> str:
    """'Tỉnh Thái Nguyên', 'Thành phố Hà Nội': the name as official documents write it."""
    if province.name.startswith(("Tỉnh ", "Thành phố ")):
        return province.name
    city = province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
    return f"{'Thành phố' if city else 'Tỉnh'} {province.name}"


def province_short_name(province: Province) -> str:
    return province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


def _fill(template: str, province: Province) -> str:
    city = province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
    return template.format(
        level="thành phố" if city else "tỉnh", youth_union="Thành đoàn" if city else "Tỉnh đoàn"
    )


def register_rows(province_codes: set[str] | None = None) -> list[Row]:
    """Every unit of the register, parents before children."""
    data = read_json(DATA_FILE)
    rows = [Row(COUNTRY_CODE, "Việt Nam", OrgUnitKind.COUNTRY, None)]
    rows += [
        Row(u["code"], u["name"], u["kind"], COUNTRY_CODE, u.get("aliases", [])) for u in data["country"]
    ]
    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    for province in provinces:
        pcode = province_code(province)
        if province_codes and pcode not in province_codes:
            continue
        rows.append(
            Row(
                pcode,
                province_name(province),
                OrgUnitKind.PROVINCE,
                COUNTRY_CODE,
                [province_short_name(province)],
            )
        )
        for body in data["standard"] + data["by_province"].get(pcode, []):
            rows.append(
                Row(
                    f"{pcode}-{body['suffix']}",
                    _fill(body["name"], province),
                    body["kind"],
                    pcode,
                    [_fill(alias, province) for alias in body.get("aliases", [])],
                )
            )
        for ward in sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code)):
            rows.append(Row(ward_code(ward), ward.name, WARD_KINDS[ward.division_type], pcode))
    return rows


@transaction.atomic
def load_register(
    *,
    province_codes: set[str] | None = None,
    acting_user: object = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    rows = register_rows(province_codes)
    existing = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
    by_code: dict[str, OrgUnit] = dict(existing)
    result = LoadResult()
    to_create: list[OrgUnit] = []
    to_update: list[OrgUnit] = []
    fields = ["name", "kind", "parent", "aliases", "path", "depth", "search_text", "sort_key"]

    def flush() -> None:
        if to_create:
            OrgUnit.objects.bulk_create(to_create, batch_size=500)
            to_create.clear()
        if to_update:
            OrgUnit.objects.bulk_update(to_update, fields, batch_size=500)
            to_update.clear()

    current_depth = 0
    for index, row in enumerate(rows, start=1):
        parent = by_code[row.parent_code] if row.parent_code else None
        depth = parent.depth + 1 if parent else 0
        if depth != current_depth:
            flush()  # parents must have primary keys before children point at them
            current_depth = depth
        unit = existing.get(row.code)
        aliases = "\n".join(row.aliases)
        if unit is None:
            unit = OrgUnit(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent=parent,
                aliases=aliases,
                valid_from=REGISTER_VALID_FROM if row.kind != OrgUnitKind.COUNTRY else None,
            )
            unit.refresh_derived()
            to_create.append(unit)
            result.created += 1
        else:
            before = (unit.name, unit.kind, unit.parent_id, unit.aliases)
            unit.name, unit.kind, unit.parent, unit.aliases = row.name, row.kind, parent, aliases
            unit.refresh_derived()
            if before != (unit.name, unit.kind, unit.parent_id, unit.aliases):
                to_update.append(unit)
                result.updated += 1
            else:
                result.unchanged += 1
        by_code[row.code] = unit
        if progress and index % 500 == 0:
            progress(index, len(rows))
    flush()
    if progress:
        progress(len(rows), len(rows))
    country = OrgUnit.objects.get(code=COUNTRY_CODE)
    record("orgunits.register_loaded", country, result, acting_user=acting_user, unit_path=country.path)
    return result
