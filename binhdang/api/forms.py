from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.api.choices import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “DHIS2 of the Department of Health”."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=DEFAULT_TOKEN_DAYS
    )
