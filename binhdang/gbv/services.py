"""Writes to the GBV register. Each is one durable transaction with one audit row; no audit row and no
notification ever carries a survivor's identity (only the survivor code)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.core import audit
from binhdang.core.notify import notify
from binhdang.core.scoping import Action
from binhdang.gbv.choices import (
    OPEN_REFERRAL_STATUSES,
    AccessKind,
    CaseStatus,
    ConsentDecision,
    ConsentPurpose,
    LegalBasis,
    ReferralStatus,
)
from binhdang.gbv.crypto import search_hash
from binhdang.gbv.models import (
    AccessLog,
    Case,
    CaseNote,
    Consent,
    Incident,
    Referral,
    ServiceProvider,
    ServiceRecord,
    ServiceStandard,
)
from binhdang.indicators.models import DimensionOption
from binhdang.orgunits.models import OrgUnit

DEFAULT_RESPONSE_HOURS = 72  # a service type with no ServiceStandard row
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


@dataclass
class Identity:
    full_name: str
    birth_year: int | None = None
    phone: str = ""
    address: str = ""
    id_number: str = ""
    guardian: str = ""


def _now() -> datetime.datetime:
    return timezone.now()


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


GBV_ROLES = (Role.GBV_WORKER, Role.GBV_SUPERVISOR, Role.GBV_PROVIDER, Role.DATA_PROTECTION)


def role_of(user: Any) -> str:
    """The GBV role the user holds (for the access log), read once per user object."""
    if "_gbv_role" not in user.__dict__:
        roles = set(Membership.objects.filter(user=user, role__in=GBV_ROLES).values_list("role", flat=True))
        user.__dict__["_gbv_role"] = next((r for r in GBV_ROLES if r in roles), "")
    return user.__dict__["_gbv_role"]


def new_case_code() -> str:
    """A survivor code: random (never a sequence that tells how many cases a commune has)."""
    while True:
        code = "BL-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        if not Case.objects.filter(code=code).exists():
            return code


def supervisors_of(unit: OrgUnit) -> list[Any]:
    """The GBV supervisors whose membership covers `unit` (on it or on a unit above it)."""
    paths = [*unit.ancestor_paths, unit.path]
    return [
        m.user
        for m in Membership.objects.filter(role=Role.GBV_SUPERVISOR, unit__path__in=paths).select_related(
            "user"
        )
    ]


# --- cases ---------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def do_register_case(
    unit: OrgUnit,
    identity: Identity,
    *,
    home_commune: OrgUnit,
    sex: str,
    age_band: str,
    registered_on: datetime.date,
    ethnicity: str = "",
    disability: bool = False,
    acting_user: Any,
    code: str = "",
) -> Case:
    if not identity.full_name.strip():
        raise ValidationError({"full_name": _("Enter the survivor's full name.")})
    case = Case.objects.create(
        code=code or new_case_code(),
        unit=unit,
        home_commune=home_commune,
        registered_on=registered_on,
        worker=_user(acting_user),
        full_name=identity.full_name.strip(),
        phone=identity.phone.strip(),
        address=identity.address.strip(),
        id_number=identity.id_number.strip(),
        guardian=identity.guardian.strip(),
        birth_year=str(identity.birth_year or ""),
        search_hash=search_hash(identity.full_name, identity.birth_year, home_commune.code),
        sex=sex,
        age_band=age_band,
        ethnicity=ethnicity,
        disability=disability,
    )
    audit.record("gbv.case_registered", case, acting_user=acting_user, unit_path=unit.path, code=case.code)
    return case



@transaction.atomic(durable=True)
def do_add_incident(case: Case, *, acting_user: Any, **fields: Any) -> Incident:
    incident = Incident.objects.create(case=case, **fields)
    audit.record(
        "gbv.incident_added",
        incident,
        acting_user=acting_user,
        unit_path=case.unit.path,
        code=case.code,
        violence_type=incident.violence_type,
        setting=incident.setting,
    )
    return incident


@transaction.atomic(durable=True)
def do_add_service(
    case: Case,
    *,
    service_type: str,
    started_on: datetime.date,
    provider: ServiceProvider | None = None,
    ended_on: datetime.date | None = None,
    acting_user: Any,
) -> ServiceRecord:
    if not current_consent(case).get((ConsentPurpose.SERVICES, None)):
        raise ValidationError(
            _("The survivor has not consented to receiving services: record the consent first.")
        )
    record = ServiceRecord.objects.create(
        case=case,
        service_type=service_type,
        provider=provider,
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=_user(acting_user),
    )
    audit.record(
        "gbv.service_added",
        record,
        acting_user=acting_user,
        unit_path=case.unit.path,
        code=case.code,
        service_type=service_type,
    )
    return record


@transaction.atomic(durable=True)
def do_add_note(case: Case, *, kind: str, text: str, acting_user: Any) -> CaseNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = CaseNote.objects.create(
        case=case, kind=kind, text=text.strip(), written_by=_user(acting_user), written_at=_now()
    )
    audit.record(
        "gbv.note_added", note, acting_user=acting_user, unit_path=case.unit.path, code=case.code, kind=kind
    )
    return note


@transaction.atomic(durable=True)
def do_request_closure(case: Case, *, reason: str, acting_user: Any) -> Case:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Only an open case can be put forward for closure."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case can be closed.")})
    case.status, case.closure_reason = CaseStatus.CLOSURE_REQUESTED, reason.strip()
    case.save(update_fields=["status", "closure_reason"])
    audit.record(
        "gbv.closure_requested", case, acting_user=acting_user, unit_path=case.unit.path, code=case.code
    )
    url = reverse("gbv:case_detail", args=[case.code])
    notify(
        supervisors_of(case.unit),
        kind="gbv.closure",
        url=url,
        title=_("Case %(code)s is put forward for closure") % {"code": case.code},
    )
    return case


@transaction.atomic(durable=True)
def do_approve_closure(case: Case, *, acting_user: Any) -> Case:
    if not acting_user.can(Action.GBV_SUPERVISE, case.unit):
        raise PermissionDenied(_("Only the case supervisor approves a closure."))
    if case.status != CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("This case has not been put forward for closure."))
    case.status, case.closed_by, case.closed_at = CaseStatus.CLOSED, acting_user, _now()
    case.save(update_fields=["status", "closed_by", "closed_at"])
    audit.record("gbv.case_closed", case, acting_user=acting_user, unit_path=case.unit.path, code=case.code)
    return case


# --- consent -------------------------------------------------------------------------------------

ConsentKey = tuple[str, int | None]  # (purpose, provider id for a referral, else None)


def current_consent(case: Case, records: list[Consent] | None = None) -> dict[ConsentKey, bool]:
    """What the survivor allows now, derived from the records: the latest decision per purpose (and
    per service for a referral) wins; "given" allows, "refused" and "withdrawn" do not."""
    if records is None:
        records = list(case.consents.order_by("recorded_at", "id"))
    state: dict[ConsentKey, bool] = {}
    for record in records:
        key = (record.purpose, record.provider_id if record.purpose == ConsentPurpose.REFERRAL else None)
        state[key] = record.decision == ConsentDecision.GIVEN
    return state


def may_refer(case: Case, provider: ServiceProvider) -> bool:
    state = current_consent(case)
    return bool(
        state.get((ConsentPurpose.SERVICES, None)) and state.get((ConsentPurpose.REFERRAL, provider.pk))
    )


@transaction.atomic(durable=True)
def do_record_consent(
    case: Case,
    *,
    purpose: str,
    decision: str,
    legal_basis: str,
    text_shown: str,
    provider: ServiceProvider | None = None,
    acting_user: Any,
) -> Consent:
    """Record a decision. A withdrawal stops future use: open referrals it covered are revoked."""
    if purpose == ConsentPurpose.REFERRAL and provider is None:
        raise ValidationError({"provider": _("Name the service the survivor agrees to be referred to.")})
    if not text_shown.strip():
        raise ValidationError({"text_shown": _("Keep the text that was shown or read to the survivor.")})
    if decision == ConsentDecision.WITHDRAWN and legal_basis != LegalBasis.CONSENT:
        legal_basis = LegalBasis.CONSENT  # one withdraws a consent, not a legal obligation
    record = Consent.objects.create(
        case=case,
        purpose=purpose,
        provider=provider if purpose == ConsentPurpose.REFERRAL else None,
        decision=decision,
        legal_basis=legal_basis,
        text_shown=text_shown.strip(),
        recorded_by=_user(acting_user),
        recorded_at=_now(),
    )
    revoked: list[int] = []
    if decision != ConsentDecision.GIVEN and purpose in (ConsentPurpose.SERVICES, ConsentPurpose.REFERRAL):
        referrals = Referral.objects.filter(case=case, status__in=OPEN_REFERRAL_STATUSES, override_reason="")
        if purpose == ConsentPurpose.REFERRAL:
            referrals = referrals.filter(provider=provider)
        revoked = list(referrals.values_list("pk", flat=True))
        referrals.update(status=ReferralStatus.REVOKED, reason=_("Consent withdrawn"), responded_at=_now())
    audit.record(
        "gbv.consent_recorded",
        record,
        acting_user=acting_user,
        unit_path=case.unit.path,
        code=case.code,
        purpose=purpose,
        decision=decision,
        legal_basis=legal_basis,
        provider=record.provider_id,
        referrals_revoked=revoked,
    )
    return record


# --- referrals -----------------------------------------------------------------------------------


def response_hours(service_type: str) -> int:
    standard = ServiceStandard.objects.filter(service_type=service_type).first()
    return standard.response_hours if standard else DEFAULT_RESPONSE_HOURS


@transaction.atomic(durable=True)
def do_refer(
    case: Case,
    provider: ServiceProvider,
    *,
    service_type: str,
    need: str,
    acting_user: Any,
    override_reason: str = "",
    share_name: bool = True,
    share_phone: bool = True,
) -> Referral:
    """Refer the survivor to a service. Without consent to services and to this referral, only a
    supervisor may refer, with a recorded reason (e.g. a child in danger)."""
    if not need.strip():
        raise ValidationError({"need": _("Say what the service is asked to do.")})
    override_reason = override_reason.strip()
    if not may_refer(case, provider):
        if not override_reason:
            raise ValidationError(
                _(
                    "The survivor has not consented to this referral. Record the consent, or ask the "
                    "supervisor to refer with a reason."
                )
            )
        if not acting_user.can(Action.GBV_SUPERVISE, case.unit):
            raise PermissionDenied(_("Only a supervisor may refer without the survivor's consent."))
    else:
        override_reason = ""
    now = _now()
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        service_type=service_type,
        need=need.strip(),
        created_by=_user(acting_user),
        created_at=now,
        respond_by=now + datetime.timedelta(hours=response_hours(service_type)),
        override_reason=override_reason,
        override_by=_user(acting_user) if override_reason else None,
        share_name=share_name,
        share_phone=share_phone,
    )
    audit.record(
        "gbv.referred",
        referral,
        acting_user=acting_user,
        unit_path=case.unit.path,
        code=case.code,
        provider=provider.pk,
        service_type=service_type,
        override=bool(override_reason),
    )
    notify(
        provider.staff.all(),
        kind="gbv.referral",
        url=reverse("gbv:referral_detail", args=[referral.pk]),
        title=_("A new referral to %(service)s") % {"service": provider.name},
    )
    return referral


_MOVES = {
    "accept": ({ReferralStatus.PENDING}, ReferralStatus.ACCEPTED),
    "reject": ({ReferralStatus.PENDING}, ReferralStatus.REJECTED),
    "done": ({ReferralStatus.ACCEPTED}, ReferralStatus.DONE),
    "revoke": (set(OPEN_REFERRAL_STATUSES), ReferralStatus.REVOKED),
}


@transaction.atomic(durable=True)
def do_move_referral(referral: Referral, move: str, *, acting_user: Any, reason: str = "") -> Referral:
    """accept / reject (with a reason) / done, by the service; revoke (with a reason), by the case worker."""
    starts, target = _MOVES[move]
    referral = Referral.objects.select_for_update().select_related("case__unit").get(pk=referral.pk)
    if referral.status not in starts:
        raise ValidationError(
            _("This referral is %(status)s: it cannot be changed that way.")
            % {"status": referral.get_status_display()}
        )
    if move in ("reject", "revoke") and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    before = referral.status
    referral.status, referral.reason = target, reason.strip() or referral.reason
    if move in ("accept", "reject"):
        referral.responded_at, referral.responded_by = _now(), _user(acting_user)
    referral.save()
    if move == "done":
        ServiceRecord.objects.create(
            case=referral.case,
            service_type=referral.service_type,
            provider=referral.provider,
            started_on=timezone.localdate(),
            recorded_by=_user(acting_user),
        )
    audit.record(
        "gbv.referral_" + move,
        referral,
        acting_user=acting_user,
        unit_path=referral.case.unit.path,
        code=referral.case.code,
        old=before,
        new=target,
    )
    if move != "revoke" and referral.created_by:
        notify(
            [referral.created_by],
            kind="gbv.referral",
            url=reverse("gbv:case_detail", args=[referral.case.code]),
            title=_("Referral of %(code)s: %(status)s")
            % {"code": referral.case.code, "status": referral.get_status_display()},
        )
    return referral


def escalate_overdue_referrals(now: datetime.datetime | None = None) -> list[Referral]:
    """Referrals still waiting after their deadline go to the case's supervisors, once each.

    Idempotent through the database: each referral is claimed by an UPDATE … WHERE escalated_at IS NULL,
    so of two overlapping runs only one notifies."""
    now = now or _now()
    escalated = []
    due = Referral.objects.filter(
        status=ReferralStatus.PENDING, respond_by__lt=now, escalated_at__isnull=True
    )
    for referral in due.select_related("case__unit", "provider"):
        with transaction.atomic(durable=True):
            claimed = Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            audit.record(
                "gbv.referral_escalated",
                referral,
                unit_path=referral.case.unit.path,
                code=referral.case.code,
                respond_by=referral.respond_by.isoformat(),
            )
            notify(
                supervisors_of(referral.case.unit),
                kind="gbv.escalation",
                url=reverse("gbv:case_detail", args=[referral.case.code]),
                title=_("Referral of %(code)s to %(service)s not answered in time")
                % {"code": referral.case.code, "service": referral.provider.name},
            )
            escalated.append(referral)
    return escalated


# --- access --------------------------------------------------------------------------------------


def log_access(user: Any, cases: list[Case], kind: str, reason: str = "") -> None:
    """One access-log row per case read (a list writes one per row shown)."""
    now, role = _now(), role_of(user)
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=_user(user),
                role=role,
                case_code=c.code,
                unit_path=c.unit.path,
                kind=kind,
                reason=reason,
                at=now,
            )
            for c in cases
        ]
    )


@transaction.atomic(durable=True)
def do_break_glass(user: Any, case: Case, *, reason: str) -> Case:
    """Open a case outside one's scope (an emergency, a survivor met in another commune): the reason is
    kept and the case's supervisors are told at once."""
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain in a sentence why you must open this case.")})
    log_access(user, [case], AccessKind.BREAK_GLASS, reason.strip())
    audit.record("gbv.break_glass", case, acting_user=user, unit_path=case.unit.path, code=case.code)
    notify(
        supervisors_of(case.unit),
        kind="gbv.break_glass",
        url=reverse("gbv:access_log") + f"?case={case.code}",
        title=_("%(user)s opened case %(code)s outside their scope") % {"user": user, "code": case.code},
        body="",  # the reason stays in the register (the access log): notifications are also e-mailed
    )
    return case


def find_same_survivor(user: Any, full_name: str, birth_year: int | None, commune: OrgUnit) -> list[Case]:
    """Cases of the same survivor in the user's province, found by the keyed hash (never the name).
    The matches are logged; outside the user's scope only the code and the unit are shown."""
    key = search_hash(full_name, birth_year, commune.code)
    province_path = commune.province_path
    matches = list(
        Case.objects.filter(search_hash=key, unit__path__startswith=province_path + "/").select_related(
            "unit"
        )
    )
    log_access(user, matches, AccessKind.SEARCH)
    return matches


# --- the data subject's rights -------------------------------------------------------------------


def _option_label(dimension: str, code: str) -> str:
    """An option's name as a person reads it ("Tày"), not its code."""
    option = DimensionOption.objects.filter(dimension__code=dimension, code=code).first()
    return option.label if option is not None else code


def subject_export(case: Case, acting_user: Any) -> dict[str, Any]:
    """Everything the register holds on one survivor (Law 91/2025/QH15: the right to obtain it)."""
    log_access(acting_user, [case], AccessKind.SUBJECT_EXPORT)
    audit.record(
        "gbv.subject_export", case, acting_user=acting_user, unit_path=case.unit.path, code=case.code
    )

    def date(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "code": case.code,
        "unit": case.unit.name,
        "registered_on": date(case.registered_on),
        "status": case.get_status_display(),
        "identity": {
            "full_name": case.full_name,
            "birth_year": case.birth_year,
            "phone": case.phone,
            "address": case.address,
            "id_number": case.id_number,
            "guardian": case.guardian,
        },
        "sex": case.get_sex_display(),
        "age_band": case.get_age_band_display(),
        "ethnicity": _option_label("ethnicity", case.ethnicity),
        "disability": case.disability,
        "incidents": [
            {
                "date": date(i.occurred_on),
                "commune": i.commune.name,
                "type": i.get_violence_type_display(),
                "setting": i.get_setting_display(),
                "perpetrator": i.get_perpetrator_relation_display(),
                "reported_elsewhere": i.reported_elsewhere,
            }
            for i in case.incidents.select_related("commune")
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "service": c.provider.name if c.provider else None,
                "decision": c.get_decision_display(),
                "legal_basis": c.get_legal_basis_display(),
                "text_shown": c.text_shown,
                "recorded_at": date(c.recorded_at),
                "recorded_by": str(c.recorded_by or ""),
            }
            for c in case.consents.select_related("provider", "recorded_by")
        ],
        "services": [
            {
                "service": s.get_service_type_display(),
                "from": date(s.started_on),
                "to": date(s.ended_on),
                "provider": s.provider.name if s.provider else None,
            }
            for s in case.services.select_related("provider")
        ],
        "referrals": [
            {
                "service": r.provider.name,
                "status": r.get_status_display(),
                "need": r.need,
                "referred_at": date(r.created_at),
                "reason": r.reason,
            }
            for r in case.referrals.select_related("provider")
        ],
        "notes": [
            {"kind": n.get_kind_display(), "text": n.text, "written_at": date(n.written_at)}
            for n in case.notes.all()
        ],
        "access_log": [
            {"at": date(a.at), "role": a.role_label, "how": a.get_kind_display()}
            for a in AccessLog.objects.filter(case_code=case.code)
        ],
    }


@transaction.atomic(durable=True)
def do_erase_case(case: Case, *, legal_reference: str, acting_user: Any) -> str:
    """Erase a case on a legal request: everything about the survivor goes; the access log (codes only),
    the audit trail and the anonymous counts already published in reports stay."""
    if not acting_user.can(Action.GBV_SUPERVISE, case.unit):
        raise PermissionDenied(_("Only the case supervisor erases a case."))
    if len(legal_reference.strip()) < 5:
        raise ValidationError({"legal_reference": _("Name the request or decision the erasure answers.")})
    code, unit_path = case.code, case.unit.path
    log_access(acting_user, [case], AccessKind.ERASURE, legal_reference.strip())
    audit.record(
        "gbv.case_erased",
        case,
        acting_user=acting_user,
        unit_path=unit_path,
        code=code,
        legal_reference=legal_reference.strip(),
    )
    Referral.objects.filter(case=case).delete()
    case.delete()
    return code


# --- the service directory -------------------------------------------------------------------------

PROVIDER_FIELDS = (
    "name",
    "kind",
    "unit",
    "services",
    "location",
    "contact_phone",
    "hours",
    "capacity",
    "description",
    "is_public",
)


@transaction.atomic(durable=True)
def do_save_provider(
    provider: ServiceProvider | None, data: dict[str, Any], *, acting_user: Any
) -> ServiceProvider:
    """Add or change a directory entry (a supervisor of the entry's unit). The audit row names the fields
    changed, never the location's text."""
    if not acting_user.can(Action.GBV_SUPERVISE, data["unit"]):
        raise PermissionDenied(_("Only a GBV supervisor of this unit keeps its directory entries."))
    created = provider is None
    provider = provider or ServiceProvider()
    changed = [name for name in PROVIDER_FIELDS if getattr(provider, name, None) != data[name]]
    for name in PROVIDER_FIELDS:
        setattr(provider, name, data[name])
    provider.save()
    audit.record(
        "gbv.provider_created" if created else "gbv.provider_changed",
        provider,
        acting_user=acting_user,
        unit_path=provider.unit.path,
        name=provider.name,
        changed=changed,
    )
    return provider
