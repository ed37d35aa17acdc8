"""The công văn đôn đốc (reminder letter) of the Department of Home Affairs, from live completeness."""

from __future__ import annotations

from django.utils import timezone

from binhdang.documents.official import Issuer, LateUnit, Signature, reminder_letter, render_docx
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.completeness import completeness
from binhdang.reporting.models import ReportingPeriod

STATE_LABELS = {
    "missing": "Chưa nhập báo cáo",
    "draft": "Đang nhập, chưa gửi",
    "awaiting_approval": "Chờ thủ trưởng phê duyệt",
    "returned": "Đã trả lại, chưa gửi lại",
}


def _plan_reference(period: ReportingPeriod) -> str | None:
    plan = period.plan
    if plan is None:
        return None
    number = f"số {plan.number} " if plan.number else ""
    dated = f"ngày {plan.issued_on:%d/%m/%Y} " if plan.issued_on else ""
    return f"Kế hoạch {number}{dated}của {plan.issuer.name} về {plan.title[:1].lower()}{plan.title[1:]}"


def reminder_letter_docx(period: ReportingPeriod, root: OrgUnit) -> bytes:
    result = completeness(period, root)
    province = root if root.depth <= 1 else OrgUnit.objects.get(code=root.province_code())
    level = "thành phố" if province.name.startswith("Thành phố") else "tỉnh"
    place = province.alias_list[0] if province.alias_list else province.name
    late = [
        LateUnit(
            name=row.unit.name,
            kind_label=str(row.unit.get_kind_display()),
            status_label=STATE_LABELS.get(row.state, row.state),
            contact=" · ".join(x for x in (row.unit.contact_person, row.unit.phone, row.unit.email) if x),
        )
        for row in result.missing_rows()
    ]
    today = timezone.localdate()
    document = reminder_letter(
        issuer=Issuer(parent=f"UBND {level.upper()} {place.upper()}", name="Sở Nội vụ"),
        issuer_code="SNV",
        place=place,
        date=None,  # the clerk dates and numbers it when it is signed
        year=today.year,
        period_name=f"năm {period.covers_to.year}",
        due_date=period.due_date,
        consolidation_due=period.consolidation_due,
        late_units=late,
        signature=Signature(prefix="KT.", collective="GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", name=""),
        contact=None,
        plan_reference=_plan_reference(period),
    )
    return render_docx(document)
