from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from binhdang.analytics.engine import consolidate
from binhdang.analytics.report import number
from binhdang.core.scoping import Action
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.services import access_period_root

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
        "labels": [element.label[:40] for element, _f, _m in key],
        "female": [number(f) for _e, f, _m in key],
        "male": [number(m) for _e, _f, m in key],
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
