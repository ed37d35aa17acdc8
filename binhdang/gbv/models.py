"""The confidential GBV register: cases, incidents, consent records, services, referrals, the
service directory and the access log.

Every query for a person starts from `restrict(user, action)` with one of the GBV actions
(core.scoping.Action.GBV …). A superuser is not a case worker: those actions follow a superuser's
memberships as anybody's (core.scoping.CONFIDENTIAL_ACTIONS), and only they open the register.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.choices import Role
from binhdang.core.scoping import CONFIDENTIAL_ACTIONS, Action, ScopedQuerySet, subtree_q
from binhdang.gbv.choices import (
    AccessKind,
    AgeBand,
    CaseStatus,
    ConsentDecision,
    ConsentPurpose,
    LegalBasis,
    NoteKind,
    ProviderKind,
    ReferralStatus,
    Relation,
    ServiceType,
    Setting,
    Sex,
    ViolenceType,
)
from binhdang.gbv.crypto import EncryptedTextField


class GbvQuerySet(ScopedQuerySet):
    """Scoped like every unit's object, by the register's actions only (an action of the
    reporting cycle would let a superuser see every case)."""

    def restrict(self, user: Any, action: str) -> Self:  # type: ignore[override]
        if action not in CONFIDENTIAL_ACTIONS:
            raise ValueError(f"the GBV register is scoped by its own actions, not {action!r}")
        return super().restrict(user, action)


class ServiceStandard(models.Model):
    """How long a service of one type has to answer a referral: data, editable by administrators."""

    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices, unique=True)
    response_hours = models.PositiveIntegerField(_("hours to answer a referral"))

    class Meta:
        verbose_name = _("referral response time")
        verbose_name_plural = _("referral response times")
        ordering = ["service_type"]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}: {self.response_hours} h"


class ProviderQuerySet(GbvQuerySet):
    unit_path_lookup = "unit__path"


class ServiceProvider(models.Model):
    """An entry of the service directory: a shelter, a trusted address, a health station, a hotline …

    `location` is where it is. For a shelter or a trusted address it never leaves the register: the
    public page and the open-data export only carry the contact that routes to it.
    """

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("commune or unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    location = EncryptedTextField(_("location"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (places)"), null=True, blank=True)
    description = models.TextField(_("what they offer"), blank=True)
    is_public = models.BooleanField(_("shown on the public page"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff who answer referrals"),
        related_name="gbv_providers",
        blank=True,
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["unit__sort_key", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(GbvQuerySet):
    unit_path_lookup = "unit__path"


class Case(models.Model):
    """A survivor's case. Lists and URLs name it only by its code; the identity is encrypted at rest."""

    code = models.CharField(_("survivor code"), max_length=32, unique=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("registering unit"), on_delete=models.PROTECT, related_name="+"
    )
    home_commune = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("commune where the survivor lives"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField(_("registered on"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case worker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closure approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Who the survivor is: encrypted.
    full_name = EncryptedTextField(_("full name"))
    phone = EncryptedTextField(_("telephone"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    guardian = EncryptedTextField(_("parent or guardian"), blank=True)
    birth_year = EncryptedTextField(_("year of birth"), blank=True)
    search_hash = models.CharField(_("search key"), max_length=64, db_index=True, editable=False)
    # What statistics need: not identifying on their own.
    sex = models.CharField(_("sex"), max_length=2, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=4, blank=True)
    disability = models.BooleanField(_("person with a disability"), default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("GBV case")
        verbose_name_plural = _("GBV cases")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "registered_on"], name="gbv_case_unit_date_idx"),
            models.Index(fields=["-registered_on", "-id"], name="gbv_case_list_idx"),  # the list's order
        ]

    def __str__(self) -> str:
        return self.code


class ChildQuerySet(GbvQuerySet):
    unit_path_lookup = "case__unit__path"


class Incident(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="incidents")
    occurred_on = models.DateField(_("date of the incident"))
    commune = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("commune of the incident"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    violence_type = models.CharField(_("type of violence"), max_length=24, choices=ViolenceType.choices)
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    perpetrator_relation = models.CharField(
        _("perpetrator's relation to the survivor"), max_length=16, choices=Relation.choices
    )
    perpetrator_sex = models.CharField(_("perpetrator's sex"), max_length=2, choices=Sex.choices, blank=True)
    perpetrator_age_band = models.CharField(
        _("perpetrator's age band"), max_length=8, choices=AgeBand.choices, blank=True
    )
    reported_elsewhere = models.BooleanField(_("already reported by another organisation"), default=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.occurred_on:%d/%m/%Y} {self.violence_type}"


class Consent(models.Model):
    """One decision of the survivor (or of the law): never edited, a new record supersedes it."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("service referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ConsentDecision.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    text_shown = models.TextField(_("text shown to the survivor"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.purpose} {self.decision}"


class ServiceRecord(models.Model):
    """A service the survivor received."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("service given")
        verbose_name_plural = _("services given")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.service_type}"


class ReferralQuerySet(GbvQuerySet):
    unit_path_lookup = "case__unit__path"

    def for_provider(self, user: Any) -> Self:
        """The referrals a service's staff may open: to their own service, nothing else."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        paths = user.scope_paths(Action.GBV_PROVIDE)
        if not paths:
            return self.none()
        return self.filter(subtree_q("provider__unit__path", paths), provider__staff=user)


class Referral(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(
        ServiceProvider, verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    need = models.TextField(_("what the service is asked to do"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("referred at"))
    respond_by = models.DateTimeField(_("answer due by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    override_reason = models.TextField(_("supervisor's reason for referring without consent"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # What the receiving service may see (GBVIMS+'s "authorised" referral): chosen by the worker.
    share_name = models.BooleanField(_("share the survivor's name"), default=True)
    share_phone = models.BooleanField(_("share the telephone"), default=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "respond_by"], name="gbv_referral_due_idx")]

    def __str__(self) -> str:
        return f"{self.case.code} → {self.provider}"


class CaseNote(models.Model):
    """The case plan and the follow-ups: free text, so encrypted like the identity."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices)
    text = EncryptedTextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"))

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.kind}"


class AccessLogQuerySet(GbvQuerySet):
    unit_path_lookup = "unit_path"


class AccessLog(models.Model):
    """Who read which case, when, how, and why when outside their scope. Survives the case's erasure
    (it names the case by its code only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, blank=True)
    case_code = models.CharField(_("survivor code"), max_length=32, db_index=True)
    unit_path = models.CharField(_("unit path"), max_length=255, db_index=True)
    kind = models.CharField(_("how"), max_length=16, choices=AccessKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log row")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.case_code} {self.kind}"

    @property
    def role_label(self) -> str:
        """The role as a person reads it ("Cán bộ giám sát …"), never its code."""
        return str(Role(self.role).label) if self.role in Role.values else ""
