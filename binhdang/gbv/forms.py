from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import BootstrapMixin
from binhdang.gbv.choices import (
    CONFIDENTIAL_KINDS,
    AgeBand,
    ConsentDecision,
    ConsentPurpose,
    LegalBasis,
    NoteKind,
    ProviderKind,
    Relation,
    ServiceType,
    Setting,
    Sex,
    ViolenceType,
)
from binhdang.gbv.models import ServiceProvider
from binhdang.indicators.models import DimensionOption
from binhdang.orgunits.models import OrgUnit

# What the worker reads or shows to the survivor before asking, per purpose (kept with each record).
CONSENT_TEXTS = {
    ConsentPurpose.SERVICES: _(
        "We would like to keep your information in a confidential register so that we can help you and "
        "follow up on the support you receive. Only the people working on your case can see it. You may "
        "refuse, and you may withdraw at any time."
    ),
    ConsentPurpose.REFERRAL: _(
        "We would like to send what is needed about your situation to the service named here, so that it can "
        "help you. It will see only what the referral says. You may refuse, and you may withdraw at any time."
    ),
    ConsentPurpose.STATISTICS: _(
        "We would like to count your case, without your name or anything that identifies you, in the "
        "statistics of gender-based violence. Small numbers are never published. You may refuse, and you "
        "may withdraw at any time."
    ),
}


class StyledForm(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget, fields with errors marked (core.forms)."""


def _this_year() -> int:
    return timezone.localdate().year


class CaseForm(StyledForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    guardian = forms.CharField(label=_("Parent or guardian (for a child)"), max_length=300, required=False)
    home_commune = forms.ModelChoiceField(
        label=_("Commune where the survivor lives"), queryset=OrgUnit.objects.none()
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.AGE_16_59)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False)
    disability = forms.BooleanField(label=_("Person with a disability"), required=False)

    def __init__(self, *args: object, communes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].queryset = communes if communes is not None else OrgUnit.objects.none()
        options = DimensionOption.objects.filter(dimension__code="ethnicity").order_by("order", "code")
        self.fields["ethnicity"].choices = [("", "—"), *[(o.code, o.name) for o in options]]

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data["birth_year"]
        if year and year > _this_year():
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year

    def clean(self) -> dict:
        data = super().clean()
        year, band = data.get("birth_year"), data.get("age_band")
        if year and band:
            ages = {_this_year() - year - 1, _this_year() - year}  # the birthday may not have come yet
            if not any(_in_band(age, band) for age in ages):
                self.add_error(
                    "age_band",
                    _("Born in %(year)d, the survivor cannot be in this age band.") % {"year": year},
                )
        return data


def _in_band(age: int, band: str) -> bool:
    return {"LT16": age < 16, "16_59": 16 <= age <= 59, "GE60": age >= 60}.get(band, False)


class SearchForm(StyledForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    commune = forms.ModelChoiceField(
        label=_("Commune where the survivor lives"), queryset=OrgUnit.objects.none()
    )

    def __init__(self, *args: object, communes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes if communes is not None else OrgUnit.objects.none()


class IncidentForm(StyledForm):
    occurred_on = forms.DateField(
        label=_("Date of the incident"), widget=forms.DateInput(attrs={"type": "date"})
    )
    commune = forms.ModelChoiceField(label=_("Commune of the incident"), queryset=OrgUnit.objects.none())
    violence_type = forms.ChoiceField(label=_("Type of violence"), choices=ViolenceType.choices)
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices)
    perpetrator_relation = forms.ChoiceField(
        label=_("Perpetrator's relation to the survivor"), choices=Relation.choices
    )
    perpetrator_sex = forms.ChoiceField(
        label=_("Perpetrator's sex"), choices=[("", "—"), *Sex.choices], required=False
    )
    perpetrator_age_band = forms.ChoiceField(
        label=_("Perpetrator's age band"), choices=[("", "—"), *AgeBand.choices], required=False
    )
    reported_elsewhere = forms.BooleanField(
        label=_("Already reported by another organisation"), required=False
    )

    def __init__(self, *args: object, communes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes if communes is not None else OrgUnit.objects.none()

    def clean_occurred_on(self) -> datetime.date:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the incident cannot be in the future."))
        return day


class ConsentForm(StyledForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    provider = forms.ModelChoiceField(
        label=_("Service (for a referral)"), queryset=ServiceProvider.objects.none(), required=False
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=ConsentDecision.choices)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT
    )
    text_shown = forms.CharField(
        label=_("Text shown or read to the survivor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: object, providers: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = (
            providers if providers is not None else ServiceProvider.objects.none()
        )

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("text_shown") or "").strip() and data.get("purpose") in CONSENT_TEXTS:
            data["text_shown"] = str(CONSENT_TEXTS[data["purpose"]])
        if data.get("purpose") == ConsentPurpose.REFERRAL and not data.get("provider"):
            self.add_error("provider", _("Name the service the survivor agrees to be referred to."))
        return data


class ReferralForm(StyledForm):
    provider = forms.ModelChoiceField(label=_("Service"), queryset=ServiceProvider.objects.none())
    service_type = forms.ChoiceField(label=_("Kind of service"), choices=ServiceType.choices)
    need = forms.CharField(
        label=_("What the service is asked to do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    share_name = forms.BooleanField(label=_("Share the survivor's name"), required=False, initial=True)
    share_phone = forms.BooleanField(label=_("Share the telephone"), required=False, initial=True)
    override_reason = forms.CharField(
        label=_("Supervisor only: reason for referring without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: object, providers: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = (
            providers if providers is not None else ServiceProvider.objects.none()
        )


class ServiceForm(StyledForm):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ProviderForm(StyledForm):
    """An entry of the service directory. The location of a shelter or a trusted address is kept
    encrypted and never published; the contact telephone is what the public page shows."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProviderKind.choices)
    unit = forms.ModelChoiceField(label=_("Commune or unit"), queryset=OrgUnit.objects.none())
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=ServiceType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40, required=False)
    hours = forms.CharField(label=_("Opening hours"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("Capacity (places)"), min_value=0, required=False)
    description = forms.CharField(
        label=_("What they offer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_public = forms.BooleanField(label=_("Shown on the public page"), required=False, initial=True)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["services"].widget.attrs["class"] = "list-unstyled"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") in CONFIDENTIAL_KINDS and not data.get("contact_phone"):
            self.add_error(
                "contact_phone",
                _(
                    "A shelter or trusted address needs a contact that routes to it: "
                    "its place is never published."
                ),
            )
        return data
