from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.gbv.choices import (
    AgeBand,
    ConsentDecision,
    ConsentPurpose,
    LegalBasis,
    NoteKind,
    Relation,
    ServiceType,
    Setting,
    Sex,
    ViolenceType,
)
from binhdang.gbv.models import ServiceProvider
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


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


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
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    ethnicity = forms.CharField(label=_("Ethnicity (code)"), max_length=4, required=False)
    disability = forms.BooleanField(label=_("Person with a disability"), required=False)

    def __init__(self, *args: object, communes: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].queryset = communes if communes is not None else OrgUnit.objects.none()

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data["birth_year"]
        if year and year > _this_year():
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year


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
        label=_("What the service is asked to do"), widget=forms.Textarea(attrs={"rows": 2})
    )
    share_name = forms.BooleanField(label=_("Share the survivor's name"), required=False, initial=True)
    share_phone = forms.BooleanField(label=_("Share the telephone"), required=False, initial=True)
    override_reason = forms.CharField(
        label=_("Supervisor only: reason for referring without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
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
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
