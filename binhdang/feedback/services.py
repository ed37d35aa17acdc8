"""Writes to the feedback intake. Each is one durable transaction with one audit row; the public
form, the handlers' pages and the daily job call these."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.core.notify import absolute_url
from binhdang.feedback.choices import FILED_KINDS, IDENTIFIED_KINDS, Kind, State, Subject
from binhdang.feedback.deadlines import deadlines
from binhdang.feedback.figures import fill_report
from binhdang.feedback.models import Attachment, Feedback, RoutingRule
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.services import EVIDENCE_TYPES, validate_evidence

# Tracking codes: 10 characters of an alphabet without look-alikes (no 0/O, 1/I/L), read over the
# phone as two groups of five: 31^10 ≈ 8·10^14 codes, and look-ups are rate-limited.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_ATTACHMENTS = 3
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalize_code(raw: str) -> str:
    """What a person types back: spaces, dashes and case do not matter."""
    return "".join(c for c in raw.upper() if c.isalnum())[: CODE_LENGTH * 2]


def route(province: OrgUnit, place: OrgUnit | None, subject: str) -> OrgUnit:
    """The unit that handles feedback on `subject` filed at `place`: the most specific rule of the
    province (place and subject, place, subject, any); without one, the commune, else the
    province's Department of Home Affairs, else the province."""
    rules = (
        RoutingRule.objects.filter(province=province)
        .filter(Q(place__isnull=True) | Q(place=place) if place else Q(place__isnull=True))
        .filter(Q(subject="") | Q(subject=subject))
        .select_related("unit")
    )
    best = max(rules, key=lambda r: (r.place_id is not None, bool(r.subject)), default=None)
    if best is not None:
        return best.unit
    if place is not None:
        return place
    return OrgUnit.objects.filter(code=f"{province.code}-SNV").first() or province


@dataclass
class Filing:
    """What a person filed, as the public form read it."""

    kind: str
    subject: str
    content: str
    province: OrgUnit
    place: OrgUnit | None = None
    organisation: str = ""
    remote_area: bool = False
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    consent_contact: bool = False
    as_information: bool = False  # a denunciation sent without a name, knowingly, as information
    files: list[UploadedFile] = field(default_factory=list)


def identity_problems(filing: Filing) -> dict[str, str]:
    """Why a complaint or a denunciation cannot be filed as it is: the law needs the person's name,
    address and a way to reach them (Luật Khiếu nại 2011 Điều 8; Luật Tố cáo 2018 Điều 23)."""
    if filing.kind not in IDENTIFIED_KINDS:
        return {}
    if filing.kind == Kind.DENUNCIATION and filing.as_information and not filing.name.strip():
        return {}
    problems = {}
    if filing.kind == Kind.COMPLAINT:
        law = _("Luật Khiếu nại 2011, Điều 8")
        kind = _("a complaint")
    else:
        law = _("Luật Tố cáo 2018, Điều 23")
        kind = _("a denunciation")
    values = {"kind": kind, "law": law}
    if not filing.name.strip():
        problems["name"] = _("Give your full name: the law handles %(kind)s only with it (%(law)s).") % values
    if not filing.address.strip():
        problems["address"] = (
            _("Give your address: the law handles %(kind)s only with it (%(law)s).") % values
        )
    if not (filing.phone.strip() or filing.email.strip()):
        problems["phone"] = (
            _("Give a phone number or an e-mail address so that the agency can reach you (%(law)s).") % values
        )
    return problems


def check_files(files: list[UploadedFile]) -> list[tuple[UploadedFile, str, bytes]]:
    """The attachments, checked as evidence is (kind by extension and by the first bytes, size)."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}, code="attachments"
        )
    return [(upload, *validate_evidence(upload, ATTACHMENT_MAX_BYTES)) for upload in files]


def _refresh_figures(unit: OrgUnit) -> list[str]:
    return fill_report(unit, timezone.localdate())


def _apply_deadlines(item: Feedback) -> None:
    due = deadlines(item)
    item.accept_due, item.resolve_due = due.accept_due, due.resolve_due


@transaction.atomic(durable=True)
def do_file(filing: Filing, *, now: Any = None) -> Feedback:
    """Record a filing from the public form. A denunciation without a name, sent knowingly as such,
    is recorded as information (Luật Tố cáo 2018 Điều 25), not as a denunciation."""
    problems = identity_problems(filing)
    if problems:
        raise ValidationError(problems)
    if filing.kind not in FILED_KINDS:
        raise ValidationError({"kind": _("Choose what you are sending.")})
    if filing.subject not in Subject.values:
        raise ValidationError({"subject": _("Choose what it is about.")})
    checked = check_files(filing.files)
    kind = filing.kind
    if kind == Kind.DENUNCIATION and not filing.name.strip():
        kind = Kind.INFORMATION
    unit = route(filing.province, filing.place, filing.subject)
    item = Feedback(
        filed_kind=filing.kind,
        kind=kind,
        subject=filing.subject,
        content=filing.content.strip(),
        province=filing.province,
        place=filing.place,
        organisation=filing.organisation.strip()[:255],
        remote_area=filing.remote_area,
        unit=unit,
        name=filing.name.strip()[:200],
        address=filing.address.strip()[:300],
        phone=filing.phone.strip()[:30],
        email=filing.email.strip(),
        consent_contact=filing.consent_contact,
        received_at=now or timezone.now(),
    )
    _apply_deadlines(item)
    for _attempt in range(5):
        item.code = new_code()
        try:
            with transaction.atomic():
                item.save()
            break
        except IntegrityError:
            continue  # the code was taken: another draw
    else:  # pragma: no cover - 31^10 codes
        raise RuntimeError("no free tracking code")
    for upload, extension, data in checked:
        attachment = Attachment(
            feedback=item,
            original_name=(upload.name or "")[:255],
            content_type=EVIDENCE_TYPES[extension],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in upload.name)[-120:]
        attachment.file.save(safe_name, ContentFile(data), save=False)
        attachment.save()
    audit.record(
        "feedback.filed",
        item,
        unit_path=unit.path,
        kind=item.kind,
        filed_kind=item.filed_kind,
        subject=item.subject,
        attachments=len(checked),
        report=_refresh_figures(unit),
    )
    return item


# --- Handling ------------------------------------------------------------------------------------

# step → (the states it starts from, the state it leads to)
STEPS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({State.RECEIVED}), State.ACCEPTED),
    "refuse": (frozenset({State.RECEIVED}), State.REFUSED),
    "start": (frozenset({State.ACCEPTED}), State.IN_PROGRESS),
    "answer": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), State.ANSWERED),
    "close": (frozenset({State.ANSWERED, State.REFUSED}), State.CLOSED),
    "extend": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), None),
    "transfer": (frozenset({State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS}), None),
}


def available_steps(item: Feedback) -> list[str]:
    steps = [name for name, (sources, _target) in STEPS.items() if item.state in sources]
    if "extend" in steps:
        rule = deadlines(item).resolve_rule
        if rule is None or item.extensions >= rule.max_extensions:
            steps.remove("extend")
    return steps


def _check(item: Feedback, step: str) -> None:
    if step not in available_steps(item):
        raise ValidationError(
            _("This step is not possible for an item that is “%(state)s”.")
            % {"state": item.get_state_display()}
        )


def _locked(item: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().select_related("unit", "province").get(pk=item.pk)


def _move(item: Feedback, step: str, user: Any, **details: Any) -> Feedback:
    old = item.state
    target = STEPS[step][1]
    if target:
        item.state = target
    item.handler = user if getattr(user, "pk", None) else item.handler
    _apply_deadlines(item)
    item.save()
    audit.record(
        f"feedback.{step}",
        item,
        acting_user=user,
        unit_path=item.unit.path,
        old_state=old,
        new_state=item.state,
        report=_refresh_figures(item.unit),
        **details,
    )
    return item


@transaction.atomic(durable=True)
def do_accept(item: Feedback, *, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "accept")
    item.accepted_at = timezone.now()
    return _move(item, "accept", acting_user)


@transaction.atomic(durable=True)
def do_refuse(item: Feedback, *, reason: str, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "refuse")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is not accepted: the person will read it.")})
    item.refusal_reason = reason.strip()
    return _move(item, "refuse", acting_user, reason=item.refusal_reason)


@transaction.atomic(durable=True)
def do_start(item: Feedback, *, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "start")
    return _move(item, "start", acting_user)


@transaction.atomic(durable=True)
def do_extend(item: Feedback, *, reason: str, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "extend")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why more time is needed (a complex case).")})
    old_due = item.resolve_due
    item.extensions += 1
    item.extension_reason = "\n".join(filter(None, [item.extension_reason, reason.strip()]))
    return _move(item, "extend", acting_user, reason=reason.strip(), old_due=str(old_due))


@transaction.atomic(durable=True)
def do_transfer(item: Feedback, *, unit: OrgUnit, reason: str, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "transfer")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item goes to another unit.")})
    if unit.pk == item.unit_id:
        raise ValidationError({"unit": _("The item is already with this unit.")})
    if not unit.path.startswith(item.province.path + "/"):
        raise ValidationError({"unit": _("Choose a unit of the same province.")})
    old = item.unit
    item.unit = unit
    moved = _move(item, "transfer", acting_user, reason=reason.strip(), old_unit=old.code, new_unit=unit.code)
    _refresh_figures(old)
    return moved


@transaction.atomic(durable=True)
def do_answer(item: Feedback, *, answer: str, acting_user: Any) -> Feedback:
    """The official answer: shown on the status page, and e-mailed when the person gave an address."""
    item = _locked(item)
    _check(item, "answer")
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the person will read.")})
    item.answer = answer.strip()
    item.answered_at = timezone.now()
    moved = _move(item, "answer", acting_user, mailed=bool(item.email))
    if item.email:
        with translation.override("vi"):
            subject = _("Answer to your %(kind)s %(code)s") % {
                "kind": Kind(item.kind).label,
                "code": format_code(item.code),
            }
            body = _(
                "%(unit)s answers the %(kind)s you sent on %(date)s (tracking code %(code)s):\n\n"
                "%(answer)s\n\nYou can also read it on the status page: %(link)s"
            ) % {
                "unit": item.unit.name,
                "kind": Kind(item.kind).label.lower(),
                "date": timezone.localdate(item.received_at).strftime("%d/%m/%Y"),
                "code": format_code(item.code),
                "answer": item.answer,
                "link": absolute_url(reverse("feedback:track")),
            }
        message = EmailMessage(subject=subject, body=body, to=[item.email])
        transaction.on_commit(lambda: message.send(fail_silently=False))
    return moved


@transaction.atomic(durable=True)
def do_close(item: Feedback, *, acting_user: Any) -> Feedback:
    item = _locked(item)
    _check(item, "close")
    item.closed_at = timezone.now()
    return _move(item, "close", acting_user)


ROUTING_FILE = Path(__file__).parent / "data" / "routing.json"


@transaction.atomic(durable=True)
def do_load_routing(province: OrgUnit, *, acting_user: Any = None) -> list[RoutingRule]:
    """The default routing rules of data/routing.json for a province (idempotent; rules for a
    body the province does not have are left out)."""
    rules = []
    for subject, suffix in json.loads(ROUTING_FILE.read_text(encoding="utf-8"))["by_subject"].items():
        unit = OrgUnit.objects.filter(code=f"{province.code}-{suffix}").first()
        if unit is None:
            continue
        rule, _created = RoutingRule.objects.update_or_create(
            province=province, place=None, subject=subject, defaults={"unit": unit}
        )
        rules.append(rule)
    audit.record(
        "feedback.routing_loaded",
        province,
        acting_user=acting_user,
        unit_path=province.path,
        rules=len(rules),
    )
    return rules
