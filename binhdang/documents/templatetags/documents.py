"""`{% render_buttons period root provisional %}`: one button per format of the provincial report,
each starting a render job. The dashboard loads this library, so analytics' Python code never
imports documents."""

from django import template

from binhdang.documents.jobs import FORMATS

register = template.Library()


@register.inclusion_tag("documents/_render_buttons.html", takes_context=True)
def render_buttons(context: template.Context, period: object, root: object, provisional: bool) -> dict:
    return {
        "formats": list(FORMATS),
        "period": period,
        "root": root,
        "provisional": provisional,
        "csrf_token": context.get("csrf_token"),
    }
