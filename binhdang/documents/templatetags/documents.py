"""`{% render_buttons period root provisional %}`: one button per format of the provincial report,
each starting a render job. The dashboard loads this library, so analytics' Python code never
imports documents."""

from django import template

from binhdang.core.scoping import Action
from binhdang.documents.jobs import FORMATS

register = template.Library()


@register.inclusion_tag("documents/_render_buttons.html", takes_context=True)
def render_buttons(context: template.Context, period: object, root: object, provisional: bool) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "formats": list(FORMATS),
        "period": period,
        "root": root,
        "provisional": provisional,
        "csrf_token": context.get("csrf_token"),
        # The coordinator (who reviews the unit) writes the report's assessment before rendering.
        "can_write": bool(user is not None and user.is_authenticated and user.can(Action.REVIEW, root)),
    }
