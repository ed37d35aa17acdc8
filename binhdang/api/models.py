"""Personal API tokens, and the mapping of our cells and periods onto DHIS2's identifiers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.indicators.models import DataElement
from binhdang.reporting.models import ReportingPeriod


class ApiToken(models.Model):
    """A personal token: named, expiring, revocable. Only a hash of the secret is stored; the user
    sees the whole token once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    lookup = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    def is_usable(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active


class Dhis2Mapping(models.Model):
    """One of our cells (an element and its dimension options, "" for not broken down) as DHIS2
    names it: a dataElement, a categoryOptionCombo and an attributeOptionCombo, by code. A cell
    without a row here is named by the derived default (binhdang/api/dhis2/ids.py)."""

    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.CASCADE, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=20, blank=True, default="")
    age_band = models.CharField(_("age band"), max_length=20, blank=True, default="")
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="")
    area = models.CharField(_("area"), max_length=20, blank=True, default="")
    funding_source = models.CharField(_("funding source"), max_length=20, blank=True, default="")
    data_element = models.CharField(_("DHIS2 dataElement code"), max_length=50)
    category_option_combo = models.CharField(
        _("DHIS2 categoryOptionCombo code"), max_length=50, default="default"
    )
    attribute_option_combo = models.CharField(
        _("DHIS2 attributeOptionCombo code"), max_length=50, default="default"
    )

    class Meta:
        verbose_name = _("DHIS2 mapping")
        verbose_name_plural = _("DHIS2 mappings")
        ordering = ["element__code", "sex", "age_band", "ethnicity", "area", "funding_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "sex", "age_band", "ethnicity", "area", "funding_source"],
                name="%(app_label)s_%(class)s_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["data_element", "category_option_combo", "attribute_option_combo"],
                name="%(app_label)s_%(class)s_unique_dhis2",
                violation_error_message=_("Another cell is already mapped to these DHIS2 codes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element.code} → {self.data_element}/{self.category_option_combo}"

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.sex, self.age_band, self.ethnicity, self.area, self.funding_source)


class Dhis2PeriodMapping(models.Model):
    """Our period as a DHIS2 period. Our reporting year runs 15/12 to 14/12, which is no DHIS2
    period type: an annual period is sent as the DHIS2 year of its end ("2026") unless a row here
    says otherwise."""

    period = models.OneToOneField(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    dhis2_period = models.CharField(
        _("DHIS2 period"), max_length=20, unique=True, help_text=_("e.g. 2026, 2026July, 2026Q1")
    )

    class Meta:
        verbose_name = _("DHIS2 period mapping")
        verbose_name_plural = _("DHIS2 period mappings")

    def __str__(self) -> str:
        return f"{self.period.code} → {self.dhis2_period}"
