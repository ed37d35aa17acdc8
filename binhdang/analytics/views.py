from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.analytics.engine import consolidate
from binhdang.analytics.report import Suppressed, number
from binhdang.core.scoping import Action
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod
from binhdang.reporting.services import access_period_root

# The pages a home page leads to for the current period, by the URL names of their apps (the
# report's text is documents', a layer above: named here, never imported).
CURRENT_PAGES = {
    "dashboard": "analytics:dashboard",
    "progress": "reporting:progress",
    "report": "documents:narrative",
}

KEY_ELEMENTS = 8  # the figures by sex shown as cards and in the chart


@login_required
def dashboard(request: HttpRequest, period_id: int) -> HttpResponse:
    """Completeness, key figures by sex, indicators against targets, a table per unit; drill down."""
    period, root = access_period_root(request.user, request.membership, period_id, request.GET.get("unit"))
    provisional = request.GET.get("provisional") == "1"
    report = consolidate(period, root, provisional=provisional)
    by_sex = []
    for element in report.elements():
        sex = element.dimension("sex")
        if element.total is not None and sex and sex.options:
            split = sex.as_dict()
            by_sex.append((element, split.get("F", Decimal(0)), split.get("M", Decimal(0))))
    key = by_sex[:KEY_ELEMENTS]
    chart = {
        "labels": [element.label for element, _f, _m in key],  # whole: the chart wraps them
        "female": [_bar(f) for _e, f, _m in key],
        "male": [_bar(m) for _e, _f, m in key],
        "names": {"female": _("Women"), "male": _("Men")},  # the legend, in the page's language
    }
    children = OrgUnit.objects.restrict(request.user, Action.VIEW).filter(parent=root).alphabetical()
    unit_elements = [e for e in report.elements() if e.total is not None][:6]
    unit_rows = [(unit, [e.by_unit.get(unit.code) for e in unit_elements]) for unit in report.units]
    return render(
        request,
        "analytics/dashboard.html",
        {
            "period": period,
            "root": root,
            "report": report,
            "by_sex": by_sex,
            "chart": chart,
            "children": children,
            "unit_elements": unit_elements,
            "unit_rows": unit_rows,
            "provisional": provisional,
            "parent_in_scope": OrgUnit.objects.restrict(request.user).filter(pk=root.parent_id).first(),
        },
    )


def _bar(value: object) -> object:
    """A bar's height; none for a withheld cell (the table beside it shows its mark)."""
    return None if isinstance(value, Suppressed) else number(value)


@login_required
def current(request: HttpRequest, page: str) -> HttpResponse:
    """The dashboard, the completeness page or the report of the current period (the one whose
    figures cover today, else the latest) for the user's unit: what the home pages link to."""
    if page not in CURRENT_PAGES or not request.membership:
        raise Http404
    today = timezone.localdate()
    periods = ReportingPeriod.objects.order_by("-covers_to", "-pk")
    period = periods.filter(covers_from__lte=today, covers_to__gte=today).first() or periods.first()
    if period is None:
        raise Http404
    return redirect(
        reverse(CURRENT_PAGES[page], args=[period.pk]) + f"?unit={request.membership.unit.code}"
    )
