"""Shared set-up of the feedback tests: a filing through the service, the test period."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from binhdang.feedback.models import Attachment, Feedback
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


def harness_step(world: Any) -> dict[str, Any]:
    return {**harness_item(world), "step": "accept"}


def harness_attachment(world: Any) -> dict[str, int]:
    found = Attachment.objects.filter(feedback__place=world.commune_a).first()
    if found is None:
        pdf = SimpleUploadedFile("anh-chup.pdf", b"%PDF-1.4\n%%EOF\n")
        item = file_item(world.province, place=world.commune_a, subject="workplace", files=[pdf])
        found = item.attachments.get()
    return {"attachment_id": found.pk}
