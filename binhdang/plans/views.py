from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core.models import AuditEvent, Job
from binhdang.core.scoping import Action, acts_anywhere, get_scoped_or_404
from binhdang.orgunits.choices import LOCAL_KINDS
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import access_unit
from binhdang.plans import pending_uploads, services
from binhdang.plans.choices import PlanStatus
from binhdang.plans.exports import matrix_xlsx
from binhdang.plans.forms import EvidenceForm, MatrixFilterForm, PlanUploadForm, ProgressForm
from binhdang.plans.importing import OCR_JOB_KIND, PlanImportError, import_plan, start_ocr_import
from binhdang.plans.matching import candidate_units, matching_root
from binhdang.plans.models import Addressee, Evidence, Task, TaskProgress
from binhdang.plans.queries import progress_matrix, unit_workspace
from binhdang.plans.tasks import ocr_import_task


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = services.visible_plans(request.user).order_by("-year", "issuer__path", "pk")
    can_import = acts_anywhere(request.user, Action.MANAGE)
    return render(request, "plans/plan_list.html", {"plans": plans, "can_import": can_import})


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    if not acts_anywhere(request.user, Action.MANAGE):
        raise Http404
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    pending = pending_uploads.current(request)
    if request.method == "POST" and request.POST.get("confirm") and pending is not None:
        # The second step of "this issuer already has a plan for this year": the file kept aside.
        taken = pending_uploads.take(request)
        if taken is None:  # the daily purge removed it while the session still named it
            messages.error(request, _("The file has expired; please upload it again."))
            return render(request, "plans/plan_import.html", {"form": PlanUploadForm()})
        data, name = taken
        return _import(request, form, data, name, same_year_confirmed=True)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
        return _import(request, form, data, upload.name, same_year_confirmed=False)
    return render(request, "plans/plan_import.html", {"form": form})


def _import(
    request: HttpRequest, form: PlanUploadForm, data: bytes, name: str, *, same_year_confirmed: bool
) -> HttpResponse:
    try:
        outcome = import_plan(
            data,
            name,
            acting_user=request.user,
            scope_user=request.user,
            same_year_confirmed=same_year_confirmed,
        )
    except PlanImportError as exc:
        if exc.code == "needs_ocr":
            job = start_ocr_import(request.user, data, name, enqueue=ocr_import_task.delay)
            return redirect("plans:import_job", job_id=job.pk)
        if exc.code == "same_year":
            pending_uploads.keep(request, data, name)
            return render(
                request, "plans/plan_import.html", {"form": form, "same_year": exc.message, "name": name}
            )
        form.add_error("document", exc.message)
        return render(request, "plans/plan_import.html", {"form": form})
    if outcome.duplicate:
        messages.info(request, _("This document was imported before; here is that plan."))
    else:
        messages.success(request, _("The plan was read. Check it, match any names left, then publish."))
    return redirect("plans:plan_detail", plan_id=outcome.plan.pk)


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id, user=request.user, kind=OCR_JOB_KIND)
    template = "plans/_import_job.html" if request.htmx else "plans/import_job.html"
    return render(request, template, {"job": job, "plan_id": job.params.get("plan")})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id)
    sections = list(plan.sections.prefetch_related("tasks"))
    addressees = list(
        plan.addressees.prefetch_related("units", "groups", "tasks__assignments", "tasks__areas")
    )
    candidates = candidate_units(matching_root(plan.issuer)) if plan.status == "draft" else []
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "addressees": addressees,
            "milestones": plan.milestones.all(),
            "can_manage": request.user.can(Action.MANAGE, plan.issuer),
            "candidates": candidates,
            "commune_plan": plan.issuer.kind in LOCAL_KINDS,
            "unmatched_count": sum(1 for a in addressees if a.unmatched),
            "to_check": plan.tasks.filter(needs_check=True).count()
            + sum(1 for a in addressees if a.needs_check),
        },
    )


@login_required
@require_POST
def addressee_resolve(request: HttpRequest, plan_id: int, addressee_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id, Action.MANAGE)
    addressee = get_object_or_404(Addressee, plan=plan, pk=addressee_id)
    codes = set(request.POST.getlist("units"))
    units = [unit for unit in candidate_units(matching_root(plan.issuer)) if unit.code in codes]
    try:
        services.do_resolve_addressee(addressee, units, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” is now matched.") % {"name": addressee.name})
    return redirect("plans:plan_detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id, Action.MANAGE)
    try:
        services.do_publish_plan(plan, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:plan_detail", plan_id=plan.pk)
    messages.success(request, _("The plan is published: every unit now sees its tasks."))
    return redirect("plans:plan_matrix", plan_id=plan.pk)


@login_required
def plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET asks first (what the draft holds); POST deletes it."""
    plan = services.access_plan(request.user, plan_id, Action.MANAGE)
    if request.method != "POST":
        if plan.status != PlanStatus.DRAFT:
            messages.error(request, _("Only a draft plan can be deleted."))
            return redirect("plans:plan_detail", plan_id=plan.pk)
        return render(
            request,
            "plans/plan_delete.html",
            {"plan": plan, "tasks": plan.tasks.count(), "addressees": plan.addressees.count()},
        )
    try:
        services.do_delete_draft(plan, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans:plan_detail", plan_id=plan.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("plans:plan_list")


@login_required
@require_POST
def addressee_create_bodies(request: HttpRequest, plan_id: int, addressee_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id, Action.MANAGE)
    addressee = get_object_or_404(Addressee, plan=plan, pk=addressee_id)
    try:
        created = services.do_create_commune_bodies(addressee, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Created as bodies of %(commune)s: %(names)s.")
            % {"commune": plan.issuer.name, "names": "; ".join(u.name for u in created)},
        )
    return redirect("plans:plan_detail", plan_id=plan.pk)


@login_required
@require_POST
def task_areas(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id)
    plan = services.access_plan(request.user, task.plan_id, Action.MANAGE)
    wanted = set(request.POST.getlist("sections"))
    sections = [section for section in plan.sections.all() if str(section.pk) in wanted]
    try:
        services.do_set_task_areas(task, sections, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Areas of work of task %(code)s saved.") % {"code": task.code})
    return redirect(f"{reverse('plans:plan_detail', args=[plan.pk])}#t{task.pk}")


@login_required
@require_POST
def plan_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id, Action.MANAGE)
    task = None
    if request.POST.get("task"):
        task = get_object_or_404(Task, plan=plan, pk=request.POST["task"])
    count = services.do_confirm_read(plan, acting_user=request.user, task=task)
    messages.success(request, _("%(count)s line(s) confirmed.") % {"count": count})
    return redirect(f"{reverse('plans:plan_detail', args=[plan.pk])}{f'#t{task.pk}' if task else ''}")


@login_required
def plan_matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = services.access_plan(request.user, plan_id)
    form = MatrixFilterForm(request.GET or None, sections=list(plan.sections.all()))
    filters = form.cleaned_data if form.is_valid() else {}
    matrix = progress_matrix(
        plan,
        request.user,
        section_id=filters.get("section"),
        kind=filters.get("kind") or None,
        status=filters.get("status") or None,
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            matrix_xlsx(matrix),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="tien-do-ke-hoach-{plan.year}.xlsx"'
        return response
    return render(request, "plans/plan_matrix.html", {"plan": plan, "matrix": matrix, "form": form})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not membership:
        return render(request, "plans/workspace.html", {"items": [], "unit": None})
    unit = membership.unit
    return render(request, "plans/workspace.html", {"items": unit_workspace(unit), "unit": unit})


def _task_for_unit(request: HttpRequest, task_id: int, code: str, action: str) -> tuple[Task, OrgUnit]:
    unit = access_unit(request.user, code, action)
    task = get_object_or_404(Task.objects.select_related("plan", "section", "addressee"), pk=task_id)
    if not services.assignment_reaches(task, unit):
        raise Http404
    return task, unit


@login_required
def task_progress(request: HttpRequest, task_id: int, code: str) -> HttpResponse:
    task, unit = _task_for_unit(request, task_id, code, Action.VIEW)
    progress = TaskProgress.objects.filter(task=task, unit=unit).first()
    locked = services.progress_locked(task, unit)
    can_edit = request.user.can(Action.CHANGE, unit) and not locked
    initial = {
        "status": progress.status if progress else "not_started",
        "note": progress.note if progress else "",
        "version": progress.version if progress else 0,  # 0: the user saw no progress yet
    }
    form = ProgressForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                services.do_update_progress(
                    task,
                    unit,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    version=form.cleaned_data["version"],
                    acting_user=request.user,
                )
            except services.StaleEdit as exc:
                conflict = exc.current
                messages.warning(
                    request,
                    _(
                        "%(user)s saved this task after you opened it. "
                        "Your text is kept below; compare and save again."
                    )
                    % {"user": exc.current.updated_by or _("Someone")},
                )
                form = ProgressForm(
                    initial={
                        "status": form.cleaned_data["status"],
                        "note": form.cleaned_data["note"],
                        "version": exc.current.version,
                    }
                )
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:task_progress", task_id=task.pk, code=unit.code)
        elif "version" in form.errors:  # a hidden field: its error is said above the form
            messages.error(request, form.errors["version"][0])
    history = (
        AuditEvent.objects.filter(
            object_type="plans.taskprogress", object_id=str(progress.pk)
        ).select_related("acting_user")
        if progress
        else []
    )
    return render(
        request,
        "plans/task_progress.html",
        {
            "task": task,
            "unit": unit,
            "progress": progress,
            "form": form,
            "can_edit": can_edit,
            "locked": locked,
            "evidence_form": EvidenceForm(),
            "history": history,
            "conflict": conflict,
            "evidence": progress.evidence.all() if progress else [],
            "max_upload": settings.UPLOAD_MAX_BYTES,
        },
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, task_id: int, code: str) -> HttpResponse:
    task, unit = _task_for_unit(request, task_id, code, Action.CHANGE)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.do_add_evidence(
                task,
                unit,
                form.cleaned_data["file"],
                acting_user=request.user,
                max_bytes=settings.UPLOAD_MAX_BYTES,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file was added."))
    return redirect("plans:task_progress", task_id=task.pk, code=unit.code)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_scoped_or_404(Evidence.objects.all(), request.user, Action.VIEW, pk=evidence_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_scoped_or_404(
        Evidence.objects.select_related("progress__unit"), request.user, Action.CHANGE, pk=evidence_id
    )
    progress = evidence.progress
    try:
        services.do_remove_evidence(evidence, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("plans:task_progress", task_id=progress.task_id, code=progress.unit.code)
