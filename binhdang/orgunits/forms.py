from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import BootstrapMixin
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import CONTACT_FIELDS


class UnitContactsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = CONTACT_FIELDS
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search by name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgUnitKind.choices]
    )
