"""The documents' pages: start a render job and follow it, download its file, download the
reminder letter. Everything read from the database is read here; the document modules get plain
values."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.analytics.engine import consolidate, report_plan
from binhdang.core.models import Job
from binhdang.core.scoping import Action
from binhdang.documents.choices import NARRATIVE_MAX_CHARS, NarrativePart
from binhdang.documents.jobs import FORMATS, start_render_job
from binhdang.documents.models import NarrativeRevision
from binhdang.documents.provincial_report import NARRATIVE_HEADINGS, computed_narrative
from binhdang.documents.reminder_letter import LateReport, PlanReference, ReminderInput, reminder_letter_docx
from binhdang.documents.services import do_save_narrative, narratives
from binhdang.documents.tasks import render_report_task
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.completeness import completeness
from binhdang.reporting.models import ReportingPeriod
from binhdang.reporting.services import access_period_root

REVISIONS_SHOWN = 5

# --- The provincial report, as a job -----------------------------------------------------------


@login_required
@require_POST
def start_render(request: HttpRequest, period_id: int) -> HttpResponse:
    period, root = access_period_root(request.user, request.membership, period_id, request.GET.get("unit"))
    fmt = request.POST.get("format", "docx")
    if fmt not in FORMATS:
        raise Http404
    job = start_render_job(
        request.user,
        period,
        root,
        fmt,
        provisional=request.POST.get("provisional") == "1",
        enqueue=render_report_task.delay,
    )
    return redirect("documents:job", job_id=job.pk)


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    item = get_object_or_404(Job, pk=job_id, user=request.user)
    template = "documents/_job.html" if request.htmx else "documents/job.html"
    return render(request, template, {"job": item})


@login_required
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    item = get_object_or_404(Job, pk=job_id, user=request.user, status=Job.Status.DONE)
    return FileResponse(
        item.result.open("rb"), as_attachment=True, filename=item.result_name, content_type=item.content_type
    )


# --- The reminder letter -----------------------------------------------------------------------


def reminder_input(period: ReportingPeriod, root: OrgUnit) -> ReminderInput:
    """What the reminder letter says, read from live completeness under `root`."""
    result = completeness(period, root)
    province = root if root.depth <= 1 else OrgUnit.objects.get(code=root.province_code())
    plan = report_plan(period, root)  # its own province's plan, never another's
    return ReminderInput(
        province_name=province.name,
        place=province.alias_list[0] if province.alias_list else province.name,
        period_year=period.covers_to.year,
        due_date=period.due_date,
        consolidation_due=period.consolidation_due,
        plan=(
            PlanReference(plan.number, plan.issued_on, plan.issuer.name, plan.title)
            if plan is not None
            else None
        ),
        late=[
            LateReport(
                name=row.unit.name,
                kind=row.unit.kind,
                state=row.state,
                contact=" · ".join(x for x in (row.unit.contact_person, row.unit.phone, row.unit.email) if x),
            )
            for row in result.missing_rows()
        ],
        today=timezone.localdate(),
    )


@login_required
def reminder_letter(request: HttpRequest, period_id: int) -> HttpResponse:
    """The công văn đôn đốc listing the units that have not reported, as a Word document to sign."""
    period, root = access_period_root(
        request.user, request.membership, period_id, request.GET.get("unit"), Action.REVIEW
    )
    letter = reminder_input(period, root)
    if not letter.late:
        messages.info(
            request,
            _("Every unit of %(unit)s has reported: there is nobody to remind.") % {"unit": root.name},
        )
        progress = reverse("reporting:progress", args=[period.pk])
        return redirect(progress + "?" + urlencode({"unit": root.code}))
    with translation.override("vi"):  # an official document is Vietnamese, whatever the screen's language
        data = reminder_letter_docx(letter)
    response = HttpResponse(data, content_type=FORMATS["docx"])
    response["Content-Disposition"] = (
        f'attachment; filename="cong-van-don-doc-{period.code}-{root.code}.docx"'
    )
    return response


# --- The parts a person writes ------------------------------------------------------------------


def _saved_line(narrative) -> str:  # noqa: ANN001
    if narrative is None:
        return ""
    when = formats.date_format(timezone.localtime(narrative.updated_at), "H:i d/m/Y")
    author = narrative.updated_by
    who = (author.get_full_name() or author.username) if author else ""
    return _("Version %(version)d, saved %(when)s by %(who)s") % {
        "version": narrative.version,
        "when": when,
        "who": who or "—",
    }


@login_required
def narrative(request: HttpRequest, period_id: int) -> HttpResponse:
    """The coordinator writes the assessment, the difficulties and the recommendations of the
    report on a unit, starting from the sentences the figures give; each part autosaves."""
    period, root = access_period_root(
        request.user, request.membership, period_id, request.GET.get("unit"), Action.REVIEW
    )
    with translation.override("vi"):  # the sentences go into the Vietnamese document
        computed = computed_narrative(consolidate(period, root))
    written = narratives(period, root)
    revisions: dict[str, list] = {part: [] for part in NarrativePart.values}
    # The last few versions of each part (versions run 1 … n on each part): one query for the three.
    latest = Q(pk__in=[])
    for saved in written.values():
        latest |= Q(narrative=saved, version__gt=saved.version - REVISIONS_SHOWN)
    for revision in NarrativeRevision.objects.filter(latest).select_related("author", "narrative"):
        revisions[revision.narrative.part].append(revision)
    parts = []
    for part in NarrativePart:
        saved = written.get(part.value)
        parts.append(
            {
                "code": part.value,
                "label": part.label,
                "heading": NARRATIVE_HEADINGS[part.value],
                "text": saved.text if saved is not None else computed[part.value],
                "computed": computed[part.value],
                "version": saved.version if saved is not None else 0,
                "saved": _saved_line(saved),
                "revisions": revisions[part.value][:REVISIONS_SHOWN],
            }
        )
    return render(
        request,
        "documents/narrative.html",
        {"period": period, "root": root, "parts": parts, "max_chars": NARRATIVE_MAX_CHARS},
    )


@login_required
@require_POST
def narrative_save(request: HttpRequest, period_id: int) -> HttpResponse:
    """Save one part: JSON for the page's autosave (`Accept: application/json`), else a redirect."""
    period, root = access_period_root(
        request.user, request.membership, period_id, request.GET.get("unit"), Action.REVIEW
    )
    wants_json = "application/json" in request.headers.get("Accept", "")
    part = request.POST.get("part", "")
    try:
        seen = parse_whole(request.POST.get("version", "0"))
        if seen is None:
            raise ValueError
        outcome = do_save_narrative(
            period, root, part, request.POST.get("text", ""), seen, acting_user=request.user
        )
    except (ValueError, ValidationError) as exc:
        message = (
            exc.messages[0] if isinstance(exc, ValidationError) else _("The version sent is not a number.")
        )
        if wants_json:
            return JsonResponse({"ok": False, "error": message}, status=400)
        messages.error(request, message)
    else:
        saved = outcome.narrative
        if wants_json:
            return JsonResponse(
                {
                    "ok": not outcome.conflict,
                    "conflict": outcome.conflict,
                    "version": saved.version,
                    "text": saved.text if outcome.conflict else None,
                    "saved": _saved_line(saved),
                    "error": _("Someone else saved this part meanwhile: their text is shown below yours.")
                    if outcome.conflict
                    else "",
                },
                status=409 if outcome.conflict else 200,
            )
        if outcome.conflict:
            messages.error(request, _("Someone else saved this part meanwhile: your text was not saved."))
        else:
            messages.success(request, _("Saved."))
    target = reverse("documents:narrative", args=[period.pk]) + "?" + urlencode({"unit": root.code})
    return redirect(target + f"#part-{part}" if part in NarrativePart.values else target)
