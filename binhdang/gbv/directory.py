"""The public face of the service directory. It is built from plain dataclasses that have no field for a
location at all for a shelter or a trusted address: the public page and the open-data export cannot show
what they never receive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from binhdang.gbv.choices import CONFIDENTIAL_KINDS, ProviderKind, ServiceType
from binhdang.gbv.models import ServiceProvider
from binhdang.lib.text import fold_vi

# National lines, shown on every public page (numbers published by the Government).
NATIONAL_HOTLINES = (
    ("111", "Tổng đài quốc gia bảo vệ trẻ em (miễn phí, 24/7)"),
    ("1900 969 680", "Đường dây nóng tư vấn, hỗ trợ phòng, chống bạo lực gia đình"),
    ("113", "Công an (khẩn cấp)"),
    ("115", "Cấp cứu y tế"),
)


@dataclass(frozen=True)
class PublicEntry:
    id: int
    name: str
    kind: str
    kind_label: str
    commune: str
    contact_phone: str
    hours: str
    services: tuple[str, ...]
    description: str
    location: str  # "" for a confidential kind: never filled from the record
    confidential: bool


def _entry(provider: ServiceProvider) -> PublicEntry:
    confidential = provider.kind in CONFIDENTIAL_KINDS
    labels = dict(ServiceType.choices)
    return PublicEntry(
        id=provider.pk,
        name=provider.name,
        kind=provider.kind,
        kind_label=str(ProviderKind(provider.kind).label),
        commune=provider.unit.name,
        contact_phone=provider.contact_phone,
        hours=provider.hours,
        services=tuple(str(labels.get(s, s)) for s in provider.services),
        description=provider.description,
        location="" if confidential else provider.location,
        confidential=confidential,
    )


def public_entries(province_code: str, query: str = "") -> list[PublicEntry]:
    providers = (
        ServiceProvider.objects.filter(is_public=True, unit__path__startswith=f"VN/{province_code}/")
        .select_related("unit")
        .order_by("unit__sort_key", "kind", "name")
    )
    entries = [_entry(p) for p in providers]
    if query.strip():
        wanted = fold_vi(query)
        entries = [e for e in entries if wanted in fold_vi(f"{e.name} {e.commune} {e.kind_label}")]
    return entries


def hsds_export(province_code: str) -> dict[str, Any]:
    """An Open Referral HSDS-like document: organizations, services, locations and phones. A confidential
    service has no location and its phone is the contact that routes to it."""
    organizations, services, locations, phones = [], [], [], []
    for entry in public_entries(province_code):
        org_id, service_id = f"org-{entry.id}", f"svc-{entry.id}"
        organizations.append({"id": org_id, "name": entry.name, "description": entry.kind_label})
        services.append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": entry.name,
                "description": entry.description,
                "status": "active",
                "categories": list(entry.services),
                "area": entry.commune,
                "schedule": entry.hours,
                "confidential_location": entry.confidential,
            }
        )
        if entry.location:
            locations.append({"id": f"loc-{entry.id}", "organization_id": org_id, "address": entry.location})
        if entry.contact_phone:
            phones.append({"id": f"tel-{entry.id}", "service_id": service_id, "number": entry.contact_phone})
    phones += [
        {"id": f"national-{n}", "number": number, "description": label}
        for n, (number, label) in enumerate(NATIONAL_HOTLINES)
    ]
    return {
        "hsds_version": "3.0-like",
        "organizations": organizations,
        "services": services,
        "locations": locations,
        "phones": phones,
    }
