from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.scoping import Action


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator (Department of Home Affairs)")
    REPORTER = "reporter", _("Unit reporter")
    HEAD = "head", _("Unit head (approver)")
    VIEWER = "viewer", _("Viewer / leader")
    GBV_WORKER = "gbv_worker", _("GBV case worker")
    GBV_SUPERVISOR = "gbv_supervisor", _("GBV case supervisor")
    GBV_PROVIDER = "gbv_provider", _("GBV service provider")
    DATA_PROTECTION = "data_protection", _("Data-protection officer")
    FEEDBACK_HANDLER = "feedback_handler", _("Feedback handler")


# The one table that says which roles may do what. A membership grants its role's actions
# on its unit and everything under it.
ACTION_ROLES: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.CHANGE: frozenset({Role.ADMIN, Role.COORDINATOR, Role.REPORTER, Role.HEAD}),
    Action.APPROVE: frozenset({Role.ADMIN, Role.HEAD}),
    Action.REVIEW: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Action.MANAGE: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Action.GBV: frozenset({Role.GBV_WORKER, Role.GBV_SUPERVISOR}),
    Action.GBV_SUPERVISE: frozenset({Role.GBV_SUPERVISOR}),
    Action.GBV_PROVIDE: frozenset({Role.GBV_PROVIDER}),
    Action.GBV_AUDIT: frozenset({Role.DATA_PROTECTION}),
    Action.FEEDBACK: frozenset({Role.FEEDBACK_HANDLER, Role.COORDINATOR}),
}
