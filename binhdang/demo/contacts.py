"""The demo units' contact details (head, reporter, phone, e-mail), from the personas, so that the
completeness page and the unit pages show what a real register holds. Fields a user filled are kept."""

from __future__ import annotations

from binhdang.accounts.choices import Role
from binhdang.accounts.models import User
from binhdang.demo.personas import personas
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import CONTACT_FIELDS, do_update_unit_contacts


def fill_demo_contacts(users: dict[str, User]) -> int:
    """Fill the empty contact fields of each persona's unit; the number of units changed."""
    wanted: dict[str, dict[str, str]] = {}
    for number, persona in enumerate(personas()):
        if persona.superuser:
            continue
        fields = wanted.setdefault(persona.unit_code, {"phone": f"0208 3856 {100 + number:03d}"})
        label = f"{persona.full_name}, {persona.position}" if persona.position else persona.full_name
        if persona.role == Role.HEAD:
            fields.setdefault("head_name", label)
        elif persona.role == Role.REPORTER:
            fields.setdefault("contact_person", label)
            fields.setdefault("email", persona.email)
    changed = 0
    for code, fields in wanted.items():
        unit = OrgUnit.objects.get(code=code)
        data = {name: getattr(unit, name) or fields.get(name, "") for name in CONTACT_FIELDS}
        if any(data[name] != getattr(unit, name) for name in CONTACT_FIELDS):
            do_update_unit_contacts(unit, data, acting_user=users.get("coordinator"))
            changed += 1
    return changed
