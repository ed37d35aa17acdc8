"""The parts of a consolidated report a person writes (assessment, difficulties, recommendations):
kept per period and root unit, so regenerating the report after a late report keeps them, and
versioned: every save keeps the text before it, with who and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import EditTracked
from binhdang.core.scoping import ScopedQuerySet
from binhdang.documents.choices import NarrativePart
from binhdang.orgunits.models import OrgUnit


class NarrativeQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class Narrative(EditTracked):
    period = models.ForeignKey(
        "reporting.ReportingPeriod", verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("part"), max_length=20, choices=NarrativePart.choices)
    text = models.TextField(_("text"), blank=True)

    objects = NarrativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "part"], name="%(app_label)s_%(class)s_unique_part"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} · {self.unit} · {self.period}"


class NarrativeRevision(models.Model):
    """The text of a part as one save left it."""

    narrative = models.ForeignKey(
        Narrative, verbose_name=_("report text"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report text version")
        verbose_name_plural = _("report text versions")
        ordering = ["narrative", "-version"]

    def __str__(self) -> str:
        return f"{self.narrative} v{self.version}"
