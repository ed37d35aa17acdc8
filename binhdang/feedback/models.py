"""The feedback intake: items filed by citizens, their files, the routing and deadline rules
(data, editable in the admin), and the log that makes each escalation step happen once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import TimeStampedModel
from binhdang.core.scoping import ScopedQuerySet
from binhdang.feedback.choices import DayCount, Kind, State, Step, Subject
from binhdang.orgunits.models import OrgUnit


class RoutingRule(models.Model):
    """Which unit handles feedback filed in a province: by place (a commune, or any) and by subject
    (or any). The most specific matching rule wins; without one, the commune itself, else the
    province."""

    province = models.ForeignKey(
        OrgUnit, verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    place = models.ForeignKey(
        OrgUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: any place in the province."),
    )
    subject = models.CharField(
        _("subject"), max_length=20, blank=True, choices=Subject.choices, help_text=_("Empty: any subject.")
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("handled by"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "place", "subject"], name="feedback_routing_unique_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} · {self.place or '*'} · {self.subject or '*'} → {self.unit}"


class DeadlineRule(models.Model):
    """A time limit the law (or the province, for feedback and recommendations) sets for a kind and
    a step, valid between two dates, with its basis: deadlines are dated data, never constants."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    province = models.ForeignKey(
        OrgUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the national rule. A province's rule replaces it there."),
    )
    days = models.PositiveSmallIntegerField(_("days"))
    day_count = models.CharField(_("counted in"), max_length=10, choices=DayCount.choices)
    remote_days = models.PositiveSmallIntegerField(
        _("days in remote areas"), null=True, blank=True, help_text=_("Empty: the same as elsewhere.")
    )
    extension_days = models.PositiveSmallIntegerField(_("days added by an extension"), default=0)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=300)
    says = models.TextField(_("what the text says"), blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["kind", "step", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_step_display()}: {self.days} ({self.basis})"


class FeedbackQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class Feedback(TimeStampedModel):
    """One item filed through the public intake. Its `code` is what the person keeps: the status
    page shows nothing but the state and the official answer."""

    code = models.CharField(_("tracking code"), max_length=12, unique=True)
    filed_kind = models.CharField(_("kind as filed"), max_length=20, choices=Kind.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    content = models.TextField(_("content"))
    province = models.ForeignKey(
        OrgUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        OrgUnit, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("enterprise, agency or organisation"), max_length=255, blank=True)
    remote_area = models.BooleanField(_("remote area (vùng sâu, vùng xa)"), default=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="feedback_items"
    )
    # The person (optional for feedback and recommendations). Never shown on the status page.
    name = models.CharField(_("full name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_contact = models.BooleanField(_("agrees to be contacted"), default=False)

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField(_("received at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    accept_due = models.DateField(_("accept by"), null=True, blank=True)
    resolve_due = models.DateField(_("settle by"), null=True, blank=True)
    answer = models.TextField(_("official answer"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "state"], name="feedback_unit_state_idx")]

    def __str__(self) -> str:
        return self.code

    @property
    def anonymous(self) -> bool:
        return not self.name.strip()


class AttachmentQuerySet(ScopedQuerySet):
    unit_path_lookup = "feedback__unit__path"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"feedback/{instance.feedback.received_at:%Y/%m}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    """A file sent with feedback. Under MEDIA_ROOT (outside the web root), served to handlers only."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback item"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class EscalationLog(models.Model):
    """One escalation step sent for one item ("accept:before", "resolve:overdue", …), or one day's
    digest for one unit (feedback empty). The unique constraint makes each happen once."""

    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("step"), max_length=40)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "step"], name="feedback_escalation_once"),
            models.UniqueConstraint(
                fields=["unit", "step"],
                condition=models.Q(feedback__isnull=True),
                name="feedback_digest_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.feedback_id or ''} {self.step}"
