"""The public intake (no login: the form, the code, the status page) and the handlers' pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from binhdang.core.models import AuditEvent
from binhdang.core.scoping import Action, acts_anywhere, get_scoped_or_404
from binhdang.feedback import services, throttle
from binhdang.feedback.choices import FILED_KINDS, KIND_HELP, OPEN_STATES, State, Subject
from binhdang.feedback.deadlines import deadlines
from binhdang.feedback.figures import count, timeliness
from binhdang.feedback.forms import AnswerForm, FilingForm, ReasonForm, TrackForm, TransferForm
from binhdang.feedback.models import Attachment, Feedback, RoutingRule
from binhdang.orgunits.models import OrgUnit

SESSION_CODE = "feedback_code"
# The files allowed and the text around them: a larger request is refused before it is read.
MAX_REQUEST_BYTES = services.MAX_ATTACHMENTS * services.ATTACHMENT_MAX_BYTES + 512 * 1024
# The numbers a person in danger calls first (the "hotline and service directory").
HOTLINES = (
    ("111", gettext_lazy("National child-protection hotline (24/7, free)")),
    ("1900 969 680", gettext_lazy("Ngôi nhà Bình yên, the Women's Union shelter")),
    ("113", gettext_lazy("Police, in an emergency")),
)


def too_many(request: HttpRequest, name: str) -> HttpResponse:
    response = render(
        request, "feedback/429.html", {"retry_minutes": max(1, throttle.retry_after(name) // 60)}, status=429
    )
    response["Retry-After"] = str(throttle.retry_after(name))
    return response


def provinces_open() -> list[OrgUnit]:
    """The provinces whose intake is set up (they have routing rules); every province otherwise."""
    ids = RoutingRule.objects.values_list("province_id", flat=True).distinct()
    units = list(OrgUnit.objects.filter(pk__in=ids).order_by("sort_key"))
    return units or list(OrgUnit.objects.filter(depth=1).order_by("sort_key"))


def start(request: HttpRequest) -> HttpResponse:
    provinces = provinces_open()
    code = request.GET.get("province", "")
    province = next((p for p in provinces if p.code == code), provinces[0] if len(provinces) == 1 else None)
    return render(
        request,
        "feedback/start.html",
        {
            "provinces": provinces,
            "province": province,
            "kinds": [(k.label, KIND_HELP[k]) for k in FILED_KINDS],
            "subjects": Subject.choices,
            "gbv": Subject.GBV,
        },
    )


def gbv_help(request: HttpRequest, province: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, code=province, depth=1)
    return render(request, "feedback/gbv.html", {"province": unit, "hotlines": HOTLINES})


def _filing(form: FilingForm, province: OrgUnit) -> services.Filing:
    data = form.cleaned_data
    return services.Filing(
        kind=data["kind"],
        subject=data["subject"],
        content=data["content"],
        province=province,
        place=data["place"],
        organisation=data["organisation"],
        remote_area=data["remote_area"],
        name=data["name"],
        address=data["address"],
        phone=data["phone"],
        email=data["email"],
        consent_contact=data["consent_contact"],
        as_information=data["as_information"],
        files=data["files"],
    )


def file(request: HttpRequest, province: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, code=province, depth=1)
    if request.method == "POST":
        if not throttle.allow("submit_ip", throttle.client_ip(request)):
            return too_many(request, "submit_ip")
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
            return render(request, "feedback/too_large.html", {"form_url": request.path}, status=413)
        form = FilingForm(request.POST, request.FILES, province=unit)
        if form.is_valid():
            speed = throttle.filled_too_fast(form.cleaned_data["started"])
            if form.cleaned_data["website"] or speed is None:
                form.add_error(None, _("The form could not be read. Please fill it in again."))
            elif speed:
                form.add_error(None, _("That was quick: please check what you wrote, then send it again."))
            else:
                try:
                    item = services.do_file(_filing(form, unit))
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for name, errors in exc.message_dict.items():
                            form.add_error(name if name in form.fields else None, errors)
                    else:  # an attachment refused
                        form.add_error("files", exc.messages)
                else:
                    request.session[SESSION_CODE] = item.code
                    return redirect("feedback:filed")
        if throttle.filled_too_fast(request.POST.get("started", "")) is None:
            form.data = form.data.copy()
            form.data["started"] = throttle.stamp()  # a missing, forged or stale stamp: a fresh one
    else:
        subject = request.GET.get("subject", "")
        form = FilingForm(
            province=unit,
            initial={"subject": subject if subject in Subject.values else "", "started": throttle.stamp()},
        )
    return render(
        request,
        "feedback/file.html",
        {
            "form": form,
            "province": unit,
            "kind_rows": list(zip(form["kind"], [KIND_HELP[k] for k in FILED_KINDS], strict=True)),
            "hotlines": HOTLINES,
            "is_gbv": form["subject"].value() == Subject.GBV,
        },
    )


def filed(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_CODE)
    return render(request, "feedback/filed.html", {"code": services.format_code(code) if code else ""})


def track(request: HttpRequest) -> HttpResponse:
    """The status page: the state and the official answer of the item whose code is typed, and
    nothing else (no name, no content, no unit's people)."""
    item = None
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        ip = throttle.client_ip(request)
        if not throttle.allow("lookup_ip", ip):
            return too_many(request, "lookup_ip")
        if form.is_valid():
            code = services.normalize_code(form.cleaned_data["code"])
            if not throttle.allow("lookup_code", code):
                return too_many(request, "lookup_code")
            item = (
                Feedback.objects.filter(code=code)
                .only(
                    "code",
                    "state",
                    "kind",
                    "answer",
                    "refusal_reason",
                    "received_at",
                    "answered_at",
                    "accept_due",
                    "resolve_due",
                    "extensions",
                )
                .first()
            )
            if item is None:
                if not throttle.allow("lookup_miss_ip", ip):
                    return too_many(request, "lookup_miss_ip")
                form.add_error("code", _("No item has this code. Check it and type it again."))
    return render(
        request,
        "feedback/track.html",
        {"form": form, "item": item, "code": services.format_code(item.code) if item else ""},
    )


# --- Handlers ------------------------------------------------------------------------------------


def _require_handler(request: HttpRequest) -> None:
    if not acts_anywhere(request.user, Action.FEEDBACK):
        raise Http404


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    items = Feedback.objects.restrict(request.user, Action.FEEDBACK).select_related("unit")
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)
    counts = count(list(items.filter(received_at__year__gte=today.year - 1)), year_start, today, today)
    state = request.GET.get("state", "")
    if state in State.values:
        items = items.filter(state=state)
    elif state == "open":
        items = items.filter(state__in=OPEN_STATES)
    page = Paginator(items.order_by("-received_at"), 50).get_page(request.GET.get("page"))
    rows = [(item, timeliness(item, today)) for item in page]
    return render(
        request,
        "feedback/list.html",
        {
            "page": page,
            "rows": rows,
            "counts": counts,
            "states": State.choices,
            "state": state,
            "year": str(today.year),
        },
    )


def _item(request: HttpRequest, pk: int) -> Feedback:
    return get_scoped_or_404(
        Feedback.objects.select_related("unit", "province", "place", "handler"),
        request.user,
        Action.FEEDBACK,
        pk=pk,
    )


@login_required
def item_detail(request: HttpRequest, pk: int, forms: dict | None = None) -> HttpResponse:
    item = _item(request, pk)
    forms = forms or {}
    history = [
        (event, EVENT_LABELS.get(event.event_type, event.event_type))
        for event in AuditEvent.objects.filter(object_type="feedback.feedback", object_id=str(item.pk))
        .select_related("acting_user")
        .order_by("created_at", "pk")
    ]
    return render(
        request,
        "feedback/item.html",
        {
            "item": item,
            "code": services.format_code(item.code),
            "due": deadlines(item),
            "steps": services.available_steps(item),
            "attachments": list(item.attachments.all()),
            "history": history,
            "timeliness": timeliness(item, timezone.localdate()),
            "refuse_form": forms.get("refuse") or ReasonForm(prefix="refuse"),
            "extend_form": forms.get("extend") or ReasonForm(prefix="extend"),
            "answer_form": forms.get("answer") or AnswerForm(initial={"answer": item.answer}),
            "transfer_form": forms.get("transfer") or TransferForm(province=item.province, prefix="transfer"),
        },
        status=400 if forms else 200,
    )


STEP_MESSAGES = {
    "accept": gettext_lazy("Accepted for handling (thụ lý)."),
    "refuse": gettext_lazy("Not accepted: the reason is shown to the person."),
    "start": gettext_lazy("Marked as being handled."),
    "answer": gettext_lazy("The answer is recorded and shown on the status page."),
    "close": gettext_lazy("Closed."),
    "extend": gettext_lazy("The time limit is extended."),
    "transfer": gettext_lazy("Sent to the other unit."),
}


EVENT_LABELS = {
    "feedback.filed": gettext_lazy("Received through the public form"),
    "feedback.accept": gettext_lazy("Accepted for handling"),
    "feedback.refuse": gettext_lazy("Not accepted"),
    "feedback.start": gettext_lazy("Handling started"),
    "feedback.answer": gettext_lazy("Answered"),
    "feedback.close": gettext_lazy("Closed"),
    "feedback.extend": gettext_lazy("Time limit extended"),
    "feedback.transfer": gettext_lazy("Sent to another unit"),
}


@login_required
@require_POST
def item_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    item = _item(request, pk)
    if step not in services.STEPS:
        raise Http404
    user = request.user
    form = None
    try:
        if step == "accept":
            services.do_accept(item, acting_user=user)
        elif step == "start":
            services.do_start(item, acting_user=user)
        elif step == "close":
            services.do_close(item, acting_user=user)
        elif step in ("refuse", "extend"):
            form = ReasonForm(request.POST, prefix=step)
            if not form.is_valid():
                return item_detail(request, pk, {step: form})
            do = services.do_refuse if step == "refuse" else services.do_extend
            do(item, reason=form.cleaned_data["reason"], acting_user=user)
        elif step == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return item_detail(request, pk, {step: form})
            services.do_answer(item, answer=form.cleaned_data["answer"], acting_user=user)
        elif step == "transfer":
            form = TransferForm(request.POST, province=item.province, prefix="transfer")
            if not form.is_valid():
                return item_detail(request, pk, {step: form})
            services.do_transfer(
                item, unit=form.cleaned_data["unit"], reason=form.cleaned_data["reason"], acting_user=user
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("feedback:item", pk=pk)
    messages.success(request, STEP_MESSAGES[step])
    if step == "transfer" and not Feedback.objects.restrict(user, Action.FEEDBACK).filter(pk=pk).exists():
        return redirect("feedback:list")
    return redirect("feedback:item", pk=pk)


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    found = get_scoped_or_404(Attachment.objects.all(), request.user, Action.FEEDBACK, pk=attachment_id)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
