from django import forms
from django.utils.translation import gettext_lazy as _

from binhdang.core.forms import BootstrapMixin
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.plans.choices import TaskStatus
from binhdang.plans.services import MISSING_VERSION


class PlanUploadForm(BootstrapMixin, forms.Form):
    document = forms.FileField(
        label=_("Plan document"),
        help_text=_(
            "The plan as issued: Word (.docx, .doc), PDF (typed or scanned), a photo (.jpg, .png) "
            "or text (.txt, .md). A scan is read by OCR in the background."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.doc,.pdf,.jpg,.jpeg,.png,.txt,.md"}),
    )


class ProgressForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(
        label=_("Progress and results"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the unit did, with numbers and dates where it can."),
    )
    # The version of the progress the user saw (0: none yet): required, so that a save that does not
    # say what it replaces is refused rather than unchecked (plans.services.do_update_progress).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), MISSING_VERSION),
    )


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class MatrixFilterForm(BootstrapMixin, forms.Form):
    section = forms.TypedChoiceField(label=_("Area of work"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind of unit"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *TaskStatus.choices]
    )

    def __init__(self, *args: object, sections: list = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All areas"))] + [
            (s.pk, f"{s.number}. {s.title}") for s in sections
        ]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (k, label) for k, label in OrgUnitKind.choices if k not in ("country", "ministry", "province")
        ]
