from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COOPERATE = "cooperate", _("Cooperate")
    REQUESTED = "requested", _("Requested")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class MilestoneKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    WINDOW = "window", _("Period")


class PartRole(models.TextChoices):
    """Where in the plan a task was written."""

    CONTENT = "content", _("Content of the plan")
    ORGANISATION = "organisation", _("Organisation of implementation")


class SourceKind(models.TextChoices):
    """How a plan's document was read (plans.importer.documents.ReadText.kind)."""

    TEXT = "text", _("Text file")
    DOCX = "docx", _("Word document (.docx)")
    DOC = "doc", _("Word 97–2003 document (.doc)")
    PDF = "pdf", _("PDF with a text layer")
    OCR = "ocr", _("Scan read by text recognition (OCR)")
