"""The answer letter of a feedback item, for its handlers (Action.FEEDBACK)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.core.scoping import Action, get_scoped_or_404
from binhdang.documents.answer_letter import AnswerInput, answer_letter_docx
from binhdang.documents.jobs import FORMATS
from binhdang.feedback.models import Feedback
from binhdang.feedback.services import format_code


def answer_letter_input(item: Feedback) -> AnswerInput:
    province = item.province
    return AnswerInput(
        unit_name=item.unit.name,
        unit_kind=item.unit.kind,
        unit_code=item.unit.code,
        province_name=province.name,
        kind=item.kind,
        code=format_code(item.code),
        received_on=timezone.localdate(item.received_at),
        person_name=item.name,
        person_address=item.address,
        answer=item.answer,
        today=timezone.localdate(),
    )


@login_required
def answer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(
        Feedback.objects.select_related("unit", "province"), request.user, Action.FEEDBACK, pk=pk
    )
    if not item.answer.strip():
        messages.info(request, _("Write the answer first: the letter carries it."))
        return redirect("feedback:item", pk=pk)
    with translation.override("vi"):
        data = answer_letter_docx(answer_letter_input(item))
    response = HttpResponse(data, content_type=FORMATS["docx"])
    response["Content-Disposition"] = f'attachment; filename="tra-loi-{item.code}.docx"'
    return response
