from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from binhdang.core.redirects import safe_next
from binhdang.core.scoping import Action, scope_paths
from binhdang.orgunits.forms import UnitContactsForm, UnitFilterForm
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import access_unit, do_update_unit_contacts

PAGE_SIZE = 50


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    units = OrgUnit.objects.restrict(request.user, Action.VIEW).select_related("parent")
    if form.is_valid():
        if form.cleaned_data["q"]:
            units = units.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            units = units.filter(kind=form.cleaned_data["kind"])
    page = Paginator(units.alphabetical(), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "orgunits/_unit_rows.html" if request.htmx else "orgunits/unit_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code)
    children = unit.children.all().alphabetical()
    can_edit = (
        scope_paths(request.user, Action.CHANGE) is None
        or request.user.can(Action.CHANGE, unit)
    )
    ancestors = OrgUnit.objects.filter(path__in=unit.ancestor_paths).restrict(request.user).order_by("depth")
    return render(
        request,
        "orgunits/unit_detail.html",
        {"unit": unit, "children": children, "can_edit": can_edit, "ancestors": ancestors},
    )


@login_required
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(request.user, code, Action.CHANGE)
    form = UnitContactsForm(request.POST or None, instance=OrgUnit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        do_update_unit_contacts(unit, form.cleaned_data, acting_user=request.user)
        messages.success(request, _("The contact details of %(unit)s were saved.") % {"unit": unit.name})
        # Back where the editing started (the completeness page's row), when that is on this site.
        return HttpResponseRedirect(safe_next(request, reverse("orgunits:unit_detail", args=[unit.code])))
    back = request.GET.get("next") or request.POST.get("next") or ""
    return render(request, "orgunits/unit_edit.html", {"unit": unit, "form": form, "next": back})
