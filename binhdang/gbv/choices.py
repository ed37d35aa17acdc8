"""The vocabularies of the GBV register (GBVIMS core types, settings, services, consent)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceType(models.TextChoices):
    """The six core incident types of the GBV Information Management System (GBVIMS)."""

    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL = "psychological", _("Psychological or emotional abuse")


class Setting(models.TextChoices):
    FAMILY = "family", _("Family, home")
    PUBLIC = "public", _("Public place")
    ONLINE = "online", _("Online")
    SCHOOL = "school", _("School")
    WORKPLACE = "workplace", _("Workplace")
    OTHER = "other", _("Other place")


class Relation(models.TextChoices):
    PARTNER = "partner", _("Husband, wife or intimate partner")
    FORMER_PARTNER = "former_partner", _("Former partner")
    FAMILY = "family", _("Other family member")
    ACQUAINTANCE = "acquaintance", _("Acquaintance, neighbour")
    AUTHORITY = "authority", _("Teacher, employer or person in authority")
    STRANGER = "stranger", _("Stranger")
    UNKNOWN = "unknown", _("Not known")


class Sex(models.TextChoices):
    """The codes of the `sex` dimension (indicators/data/dimensions.json)."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class AgeBand(models.TextChoices):
    """The codes of the `age_band` dimension."""

    UNDER_16 = "LT16", _("Under 16")
    AGE_16_59 = "16_59", _("16 to 59")
    OVER_60 = "GE60", _("60 and over")


class ServiceType(models.TextChoices):
    HEALTH = "HEALTH", _("Health care")
    COUNSEL = "COUNSEL", _("Psychosocial counselling")
    LEGAL = "LEGAL", _("Legal advice and legal aid")
    SHELTER = "SHELTER", _("Temporary shelter")
    POLICE = "POLICE", _("Police protection")
    SOCIAL = "SOCIAL", _("Social assistance")
    LIVELIHOOD = "LIVELIHOOD", _("Livelihood support")


# The report's elements a service counts in (reporting/data/template_2026.json): "GBV_SUPPORT_<type>".
REPORTED_SERVICES = (
    ServiceType.HEALTH,
    ServiceType.LEGAL,
    ServiceType.COUNSEL,
    ServiceType.SHELTER,
    ServiceType.POLICE,
)


class ProviderKind(models.TextChoices):
    TRUSTED_ADDRESS = "trusted_address", _("Trusted address in the community")
    SHELTER = "shelter", _("Shelter")
    ONE_STOP = "one_stop", _("One-stop centre")
    HEALTH = "health", _("Health facility")
    LEGAL_AID = "legal_aid", _("Legal-aid centre")
    POLICE = "police", _("Police post")
    SOCIAL = "social", _("Social-assistance facility")
    HOTLINE = "hotline", _("Hotline")


# Kinds whose location is never shown outside the register: only a contact that routes to them.
CONFIDENTIAL_KINDS = frozenset({ProviderKind.TRUSTED_ADDRESS, ProviderKind.SHELTER})


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSURE_REQUESTED = "closure_requested", _("Closure waiting for the supervisor")
    CLOSED = "closed", _("Closed")


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving services")
    REFERRAL = "referral", _("Referral to a named service")
    STATISTICS = "statistics", _("Counting in anonymous statistics")


class ConsentDecision(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LegalBasis(models.TextChoices):
    """Law 91/2025/QH15 on personal data: consent, or a case where the law allows processing without it."""

    CONSENT = "consent", _("The survivor's consent")
    GUARDIAN = "guardian", _("Consent of the parent or guardian (child)")
    VITAL_INTEREST = "vital_interest", _("Protecting life or health (emergency)")
    LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")
    PUBLIC_TASK = "public_task", _("A public task under the law")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the service")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Service given")
    REVOKED = "revoked", _("Revoked")


OPEN_REFERRAL_STATUSES = frozenset({ReferralStatus.PENDING, ReferralStatus.ACCEPTED})


class NoteKind(models.TextChoices):
    PLAN = "plan", _("Case plan")
    FOLLOW_UP = "follow_up", _("Follow-up")


class AccessKind(models.TextChoices):
    LIST = "list", _("Seen in a list")
    DETAIL = "detail", _("Case opened")
    EXPORT = "export", _("Exported")
    REFERRAL = "referral", _("Referral opened by the service")
    SEARCH = "search", _("Found by the duplicate search")
    BREAK_GLASS = "break_glass", _("Opened outside scope (break the glass)")
    SUBJECT_EXPORT = "subject_export", _("Everything held exported for the survivor")
    ERASURE = "erasure", _("Erased on a legal request")
    API = "api", _("Read through the API")
