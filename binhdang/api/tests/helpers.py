"""Shared set-up of the API tests: the test form, a commune's figures, tokens for the personas."""

from __future__ import annotations

import base64
from typing import Any

from rest_framework.test import APIClient

from binhdang.api.services import do_create_token
from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase


def fill(period: Any, unit: Any, user: Any) -> None:
    """A commune's figures: officials by sex, money spent, a note, participants by sex × ethnicity."""
    do_save_cells(
        period,
        unit,
        [
            CellChange("OFFICIALS", make_key(sex="F"), "3"),
            CellChange("OFFICIALS", make_key(sex="M"), "2"),
            CellChange("FULL_TIME", make_key(sex="F"), "1"),
            CellChange("SPENT", TOTAL, "1.500.000", "Tháng hành động"),
            CellChange("NOTE", TOTAL, "Ghi chú"),
            CellChange("PARTICIPANTS", make_key(sex="F", ethnicity="01"), "10"),
            CellChange("PARTICIPANTS", make_key(sex="M", ethnicity="02"), "7"),
        ],
        acting_user=user,
    )


def token_client(user: Any, name: str = "test") -> tuple[APIClient, str]:
    _token, raw = do_create_token(user, name, 30, acting_user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"ApiToken {raw}")
    return client, raw


def basic(user: Any, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{user.username}:{password}".encode()).decode()


class ApiTestCase(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fill(cls.period, cls.commune_a, cls.reporter_a)
