from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import BootstrapMixin
from binhdang.feedback.choices import FILED_KINDS, Subject
from binhdang.orgunits.choices import LOCAL_KINDS
from binhdang.orgunits.models import OrgUnit

MAX_CONTENT = 10_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class FilingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=[(k.value, k.label) for k in FILED_KINDS],
        widget=forms.RadioSelect,
    )
    subject = forms.ChoiceField(label=_("What is it about?"), choices=Subject.choices)
    content = forms.CharField(
        label=_("What happened, or what do you propose?"),
        max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Where, when, who is concerned, what you ask for. At most 10,000 characters."),
    )
    place = forms.ModelChoiceField(
        label=_("Commune or ward where it happened"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("— not in a commune, or I do not know —"),
    )
    organisation = forms.CharField(
        label=_("Enterprise, agency or organisation concerned"), max_length=255, required=False
    )
    remote_area = forms.BooleanField(
        label=_("It is in a remote or hard-to-reach area (vùng sâu, vùng xa)"), required=False
    )
    files = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_("Up to 3 files: PDF, DOCX, XLSX, JPG or PNG, 5 MB each."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png", "multiple": True}),
    )
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("The answer is sent here too."))
    consent_contact = forms.BooleanField(label=_("I agree to be contacted about what I sent"), required=False)
    as_information = forms.BooleanField(
        label=_("I report a violation without giving my name: record it as information"),
        required=False,
        help_text=_(
            "An anonymous denunciation is not handled as a denunciation under Luật Tố cáo 2018 (Điều 25); "
            "if its content is clear and comes with evidence, it may still be checked or passed to the "
            "competent agency."
        ),
    )
    # Abuse protection: a field people do not see, and the moment the form was shown (signed).
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, province: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            OrgUnit.objects.within(province)
            .filter(kind__in=LOCAL_KINDS, valid_to__isnull=True)
            .order_by("sort_key")
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class TrackForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The code you were given when you sent it, e.g. ABCDE-23456."),
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Official answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The person reads it on the status page, and by e-mail if they gave an address."),
    )


class TransferForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Send to"), queryset=OrgUnit.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, province: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            OrgUnit.objects.within(province).filter(valid_to__isnull=True).order_by("depth", "sort_key")
        )
