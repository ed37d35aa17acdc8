"""Shared test set-up: the register of two provinces and the personas of core/personas.py.

Thái Nguyên (19) is the demo province; Hà Nội (01) holds the outsider, who must never see
anything of Thái Nguyên.
"""

from __future__ import annotations

from django.test import TestCase

from binhdang.accounts.models import User
from binhdang.demo.personas import create_personas
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit

PASSWORD = "test-password-2026"


class PersonaTestCase(TestCase):
    users: dict[str, User]
    coordinator: User
    reporter_a: User
    reporter_b: User
    head_a: User
    viewer: User
    outsider: User
    admin: User
    commune_a: OrgUnit
    commune_b: OrgUnit
    province: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        load_register(province_codes={"19", "01"})
        cls.users = create_personas(password=PASSWORD)
        for key, user in cls.users.items():
            setattr(cls, key, user)
        cls.province = OrgUnit.objects.get(code="19")
        cls.commune_a = cls.reporter_a.memberships.get().unit
        cls.commune_b = cls.reporter_b.memberships.get().unit

    def login(self, user: User) -> None:
        self.client.force_login(user)
