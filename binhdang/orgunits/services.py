"""Writes to the unit register. Each is one transaction with one audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from binhdang.core import audit
from binhdang.core.scoping import Action, get_scoped_or_404
from binhdang.orgunits.models import OrgUnit

CONTACT_FIELDS = ("head_name", "contact_person", "phone", "email", "address")


def access_unit(user: Any, code: str, action: str = Action.VIEW) -> OrgUnit:
    """The unit with this code if the user may act on it; 404 otherwise (also when it does not exist)."""
    return get_scoped_or_404(OrgUnit.objects.select_related("parent"), user, action, code=code)


@transaction.atomic(durable=True)
def do_update_unit_contacts(unit: OrgUnit, data: dict[str, str], *, acting_user: Any) -> OrgUnit:
    changed = {
        name: [getattr(unit, name), data[name]]
        for name in CONTACT_FIELDS
        if getattr(unit, name) != data[name]
    }
    if not changed:
        return unit
    for name, (_old, new) in changed.items():
        setattr(unit, name, new)
    unit.save(update_fields=list(changed))
    audit.record(
        "orgunits.contacts_updated", unit, acting_user=acting_user, unit_path=unit.path, changes=changed
    )
    return unit
