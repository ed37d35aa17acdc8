from django.db import models
from django.utils.translation import gettext_lazy as _


class NarrativePart(models.TextChoices):
    """The parts of the consolidated report only a person writes (documents.provincial_report)."""

    ASSESSMENT = "assessment", _("General assessment")
    DIFFICULTIES = "difficulties", _("Difficulties and their causes")
    RECOMMENDATIONS = "recommendations", _("Recommendations")


NARRATIVE_MAX_CHARS = 20_000  # a part of a report, not a book: refused beyond
