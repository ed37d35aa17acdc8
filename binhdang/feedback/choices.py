"""The vocabulary of the feedback intake: kinds, subjects, states, deadline steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a person files. An anonymous denunciation is kept as INFORMATION: Luật Tố cáo 2018
    Điều 25 does not handle it as a tố cáo, though clear content with evidence may be looked into."""

    FEEDBACK = "feedback", _("Feedback (phản ánh)")
    RECOMMENDATION = "recommendation", _("Recommendation (kiến nghị)")
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")
    DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")
    INFORMATION = "information", _("Information (anonymous denunciation)")


# What a person may choose on the form (INFORMATION is what the intake makes of some of them).
FILED_KINDS = (Kind.FEEDBACK, Kind.RECOMMENDATION, Kind.COMPLAINT, Kind.DENUNCIATION)
# The kinds the law handles only when the person says who they are.
IDENTIFIED_KINDS = frozenset({Kind.COMPLAINT, Kind.DENUNCIATION})

KIND_HELP = {
    Kind.FEEDBACK: _(
        "Tell the authorities about something you saw or that happened: a practice, a rule or a "
        "situation that is unfair to women or men. You may stay anonymous."
    ),
    Kind.RECOMMENDATION: _(
        "Propose how a rule, a policy or a service should change. You may stay anonymous."
    ),
    Kind.COMPLAINT: _(
        "Ask for a decision or an act of an agency or official that concerns you and that you "
        "think is unlawful to be reviewed. The law (Luật Khiếu nại 2011) requires your full name, "
        "address and a way to reach you."
    ),
    Kind.DENUNCIATION: _(
        "Report a violation of the law by an agency, an organisation or a person. The law (Luật Tố "
        "cáo 2018) requires your full name and address so that the case can be handled and you can be "
        "protected; your identity is kept confidential."
    ),
}


class Subject(models.TextChoices):
    """The area the feedback is about: the plan's areas of work, workplace discrimination, GBV."""

    POLITICS = "politics", _("Women and men in leadership and public office")
    WORKPLACE = "workplace", _("Discrimination at work, employment, pay")
    ECONOMY = "economy", _("Economy, land, credit, social insurance")
    EDUCATION = "education", _("Education and training")
    HEALTH = "health", _("Health care")
    CULTURE = "culture", _("Culture, information, media, sport")
    FAMILY = "family", _("Family")
    GBV = "gbv", _("Gender-based or domestic violence")
    OTHER = "other", _("Something else")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted for handling")
    REFUSED = "refused", _("Not accepted")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATES = frozenset({State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS})


class Step(models.TextChoices):
    """The time limits a rule sets: to accept (or refuse), to notify the parties (a denunciation),
    and to settle."""

    ACCEPT = "accept", _("Accept or refuse")
    NOTIFY = "notify", _("Notify the parties of the acceptance")
    RESOLVE = "resolve", _("Settle and answer")


class DayCount(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    PENDING = "pending", _("Not yet due")
    OVERDUE = "overdue", _("Overdue")
