"""Shared set-up of the feedback tests: a filing through the service, the test period."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from binhdang.feedback.models import Feedback
from binhdang.feedback.services import Filing, do_file
from binhdang.orgunits.models import OrgUnit

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=HCM)


def file_item(province: OrgUnit, **fields: Any) -> Feedback:
    values: dict[str, Any] = {"kind": "feedback", "subject": "family", "content": "Nội dung phản ánh"}
    values |= fields
    now = values.pop("now", None)
    return do_file(Filing(province=province, **values), now=now)


def harness_item(world: Any) -> dict[str, int]:
    """The URL arguments of the view harness: one item filed in the owner's commune."""
    item = Feedback.objects.filter(place=world.commune_a).first() or file_item(
        world.province, place=world.commune_a, subject="family"
    )
    return {"pk": item.pk}
