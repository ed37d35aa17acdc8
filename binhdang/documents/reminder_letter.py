"""The công văn đôn đốc (reminder letter) of the Department of Home Affairs to the late units.

`reminder_letter` writes the letter from plain values; `reminder_letter_docx` builds it from a
`ReminderInput` — what the progress page knows: the period, the province, the plan and completeness's
late units, which the view reads from the database (`binhdang.documents.views`). Kind and status
labels are added here, at render time, from their codes.

Document text is Vietnamese by law: it is written as literals, not through gettext.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from binhdang.documents import ooxml as ox
from binhdang.documents.formatting import in_sentence, short_date
from binhdang.documents.issuers import plan_citation, split_province
from binhdang.documents.writer import (
    CONGVAN,
    Block,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from binhdang.orgunits.choices import kind_label
from binhdang.reporting.choices import ReportState

ISSUER_NAME = "Sở Nội vụ"
ISSUER_CODE = "SNV"


# --- The letter --------------------------------------------------------------------------------


@dataclass
class LateUnit:
    """A unit that has not sent its report (or whose report was returned and not sent again)."""

    name: str
    kind_label: str
    status_label: str
    contact: str


def _sentence_name(name: str) -> str:
    """An agency name fit for a sentence: "Sở Nội vụ" as given; "SỞ NỘI VỤ" becomes "Sở Nội vụ".

    The fallback for names given in capitals capitalises the first two words (right for most
    "Sở …" names); give the name in ordinary case to be exact.
    """
    name = ox.clean(name.strip())
    if not name.isupper():
        return name
    words = name.lower().split()
    return " ".join(word.capitalize() if i < 2 else word for i, word in enumerate(words))


def reminder_letter(
    *,
    issuer: Issuer,
    issuer_code: str,
    place: str,
    date: datetime.date | None,
    year: int,
    period_name: str,
    due_date: datetime.date,
    consolidation_due: datetime.date | None,
    late_units: list[LateUnit],
    signature: Signature,
    contact: str | None,
    plan_reference: str | None = None,
    reply_by: datetime.date | None = None,
    drafting_unit: str | None = None,
    number: str | None = None,
    local: str = "tỉnh",
) -> OfficialDocument:
    """The công văn đôn đốc asking the late units to send their report.

    * `period_name` reads after "công tác bình đẳng giới": "năm 2026", "6 tháng đầu năm 2026".
    * `plan_reference` names the plan ("Kế hoạch số 58/KH-UBND ngày 10/4/2026 của UBND tỉnh về …");
      without it the letter cites the year's provincial plan in general terms.
    * `reply_by` sets a date for the reports; without it the letter gives 02 working days.
    * `drafting_unit` is the drafting office's code for the ký hiệu and "Lưu: VT, …".
    * `local` is the province's word: "tỉnh", or "thành phố" for a centrally-run city.
    """
    units = [dataclasses.replace(unit, name=ox.clean(unit.name.strip())) for unit in late_units]
    if not units:
        raise ValueError("A reminder letter needs at least one late unit.")
    issuer_name = _sentence_name(issuer.name)
    period = in_sentence(ox.clean(period_name.strip()))
    plan = plan_reference or (
        f"Kế hoạch của UBND {local} về thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ "
        f"năm {year} trên địa bàn {local}"
    )
    channel = f"UBND {local} (qua {issuer_name})" if issuer.parent else issuer_name
    consolidation = (
        f" để tổng hợp, báo cáo UBND {local}, Bộ Nội vụ trước ngày {short_date(consolidation_due)}"
        if consolidation_due
        else " để tổng hợp, báo cáo theo quy định"
    )
    as_of = f"Đến ngày {short_date(date)}" if date else "Đến nay"
    single = len(units) == 1
    if single:
        unit = units[0]
        situation = (
            f"{as_of}, {unit.name} chưa hoàn thành việc gửi báo cáo "
            f"(tình trạng: {unit.status_label.strip().lower()})."
        )
        addressed = unit.name
        asked = unit.name
    else:
        situation = (
            f"{as_of}, còn {len(units):02d} cơ quan, đơn vị, địa phương chưa gửi báo cáo hoặc có báo cáo "
            "bị trả lại nhưng chưa hoàn thiện, gửi lại (danh sách cụ thể như sau):"
        )
        addressed = "Các cơ quan, đơn vị, địa phương có tên tại danh sách kèm theo."
        asked = "các cơ quan, đơn vị, địa phương có tên tại danh sách nêu trên"
    deadline = (
        f"chậm nhất ngày {short_date(reply_by)}"
        if reply_by
        else "trong thời hạn 02 ngày làm việc kể từ ngày nhận được Công văn này"
    )
    body: list[Block] = [
        Paragraph(
            f"Thực hiện {plan}, các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện công tác "
            f"bình đẳng giới {period} về {channel} chậm nhất ngày {short_date(due_date)}{consolidation}."
        ),
        Paragraph(situation),
    ]
    if not single:
        body.append(
            Table(
                header=["STT", "Tên cơ quan, đơn vị", "Loại", "Tình trạng", "Liên hệ"],
                rows=[
                    [str(i), unit.name, unit.kind_label, unit.status_label, unit.contact]
                    for i, unit in enumerate(units, start=1)
                ],
                widths_cm=[1.1, 5.4, 3.2, 2.6, 4.2],
                font_size=12,
            )
        )
    body.append(
        Paragraph(
            f"Để bảo đảm thời hạn tổng hợp, báo cáo theo quy định, {issuer_name} đề nghị {asked} "
            f"khẩn trương hoàn thành, gửi báo cáo kết quả thực hiện công tác bình đẳng giới {period} "
            f"về {channel} {deadline}."
        )
    )
    if contact and contact.strip():
        body.append(
            Paragraph(
                "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị liên hệ "
                f"{contact.strip().rstrip('.')} để được hướng dẫn."
            )
        )
    body.append(Paragraph(f"{issuer_name} đề nghị {asked} quan tâm, phối hợp thực hiện./."))
    return OfficialDocument(
        issuer=issuer,
        kind_code=CONGVAN,
        number=number,
        issuer_code=issuer_code,
        place=place,
        date=date,
        year=year,
        kind_title=None,
        subject=f"V/v đôn đốc gửi báo cáo kết quả thực hiện công tác bình đẳng giới {period}",
        addressees=[addressed],
        body=body,
        recipients=["Như trên", "Lãnh đạo Sở (để b/c)", f"Lưu: VT, {drafting_unit or issuer_code}"],
        signature=signature,
        drafting_unit=drafting_unit,
    )


# --- The letter from what the progress page knows ----------------------------------------------


@dataclass
class PlanReference:
    """The plan the reports answer to, as the letter cites it."""

    number: str
    issued_on: datetime.date | None
    issuer_name: str
    title: str

    @property
    def citation(self) -> str:
        return plan_citation(self.number, self.issued_on, self.issuer_name, self.title)


@dataclass
class LateReport:
    """A unit among completeness's missing rows: its kind and state are codes."""

    name: str
    kind: str  # an OrgUnitKind
    state: str  # missing | draft | awaiting_approval | returned
    contact: str


@dataclass
class ReminderInput:
    """Everything the reminder letter says, as plain values."""

    province_name: str  # "Tỉnh Thái Nguyên", "Thành phố Hà Nội"
    place: str  # "Thái Nguyên": the province's usual short name
    period_year: int
    due_date: datetime.date
    consolidation_due: datetime.date | None
    plan: PlanReference | None
    late: list[LateReport]
    today: datetime.date


def late_unit(report: LateReport) -> LateUnit:
    """A row of the letter's table, with the kind and status labels."""
    return LateUnit(
        name=report.name,
        kind_label=kind_label(report.kind),
        status_label=str(ReportState(report.state).label),
        contact=report.contact,
    )


def reminder_letter_for(facts: ReminderInput) -> OfficialDocument:
    """The unnumbered, undated letter the clerk dates and numbers when it is signed."""
    local, _name = split_province(facts.province_name)
    return reminder_letter(
        issuer=Issuer(parent=f"UBND {local.upper()} {facts.place.upper()}", name=ISSUER_NAME),
        local=local,
        issuer_code=ISSUER_CODE,
        place=facts.place,
        date=None,  # the clerk dates and numbers it when it is signed
        year=facts.today.year,
        period_name=f"năm {facts.period_year}",
        due_date=facts.due_date,
        consolidation_due=facts.consolidation_due,
        late_units=[late_unit(report) for report in facts.late],
        signature=Signature(prefix="KT.", collective="GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", name=""),
        contact=None,
        plan_reference=facts.plan.citation if facts.plan else None,
    )


def reminder_letter_docx(facts: ReminderInput) -> bytes:
    """The reminder letter as .docx bytes."""
    return render_docx(reminder_letter_for(facts))
