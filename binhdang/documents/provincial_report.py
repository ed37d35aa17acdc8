"""The provincial consolidated report (Báo cáo của UBND tỉnh gửi Bộ Nội vụ) as an official document.

`provincial_report` turns a `ConsolidatedReport` into an `OfficialDocument` in the format of Nghị
định 30/2020/NĐ-CP (the layout itself is `binhdang.documents.writer`'s); `render_report_docx` and
`render_report_pdf` give the files. Nothing here reads the database: every sentence and every
number comes from the report object, so the document says what the dashboard and the workbook say.

The body follows the plan being reported on (Kế hoạch thực hiện công tác bình đẳng giới năm 2026):

* an opening paragraph citing the plan, the period and how many units reported;
* I. KẾT QUẢ THỰC HIỆN: one "1." heading per area of work of the plan's part II, with the units'
  task results (status counts and a few of their notes, capped) and the key figures of the
  template sections on the same theme (matched by keywords, see `section_theme`);
* II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU: the strategy indicators and the main figures by sex;
* III. ĐÁNH GIÁ CHUNG: strengths and limits computed from the figures (no invented facts);
* IV. ĐỀ XUẤT, KIẾN NGHỊ: the one paragraph the Sở Nội vụ completes before signing;
* Phụ lục I (landscape): every element with a total, by sex and by kind of unit;
  Phụ lục II: who reported.

Document text is Vietnamese by law: it is written as literals, not through gettext. Labels that
come from the database (element names, kind labels) are in the language active when the report
was consolidated, so build the report under Vietnamese for the document. Figures by kind of unit
are keyed by `OrgUnitKind` code and grouped here by code.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from binhdang.analytics.report import (
    ConsolidatedReport,
    ElementTotal,
    IndicatorResult,
    PlanSectionSummary,
    SectionTotals,
    Suppressed,
    TaskSummary,
)
from binhdang.documents.formatting import (
    NO_VALUE,
    PERCENT_PLACES,
    local_time,
    long_date,
    short_date,
    vn_change,
    vn_count,
    vn_number,
    vn_percent,
    with_unit,
)
from binhdang.documents.issuers import COUNTRY, ReportIssuer, plan_citation, report_issuer
from binhdang.documents.pdf import DEFAULT_TIMEOUT, render_pdf
from binhdang.documents.writer import (
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    PAGE_HEIGHT_MM,
    Appendix,
    Block,
    Bullets,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
)
from binhdang.lib.text import normalize
from binhdang.orgunits.choices import LOCAL_KINDS, PROVINCIAL_BODY_KINDS

KIND_CODE = "BC"
# The parts only a person writes (documents.choices.NarrativePart values), in the report's order.
ASSESSMENT, DIFFICULTIES, RECOMMENDATIONS = "assessment", "difficulties", "recommendations"
NARRATIVE_PARTS = (ASSESSMENT, DIFFICULTIES, RECOMMENDATIONS)
NARRATIVE_HEADINGS = {
    ASSESSMENT: "III. ĐÁNH GIÁ CHUNG",
    DIFFICULTIES: "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
    RECOMMENDATIONS: "V. ĐỀ XUẤT, KIẾN NGHỊ",
}
REASONS_LISTED = 3  # the units' most frequent reasons quoted under the difficulties
REASON_WORDS = re.compile(r"\b(do|vì|chờ|chưa|thiếu|khó khăn|vướng)\b", re.IGNORECASE)

YEAR_DAYS = 300  # a period at least this long is a year's ("năm 2026")
NOTES_PER_TASK = 3  # unit notes quoted under each task; the rest are counted ("và 12 đơn vị khác")
NOTE_LIMIT = 220  # characters of a quoted note
TASK_TEXT_LIMIT = 160  # characters of a task's text
APPENDIX_TABLE_SIZE = 10  # Phụ lục I has eight columns on a landscape page
LANDSCAPE_TEXT_CM = (PAGE_HEIGHT_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10

# Kinds of unit grouped for the "Sở, ban, ngành" and "Xã, phường" columns.
PROVINCIAL_GROUP = "Sở, ban, ngành"
LOCAL_GROUP = "Xã, phường"
GROUPS = (PROVINCIAL_GROUP, LOCAL_GROUP)

SEX = "sex"
MALE, FEMALE = "M", "F"

TASK_STATUSES = ("done", "in_progress", "not_started", "not_applicable")
TASK_STATUS_LABELS = {
    "done": "Hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
    "not_applicable": "Không áp dụng",
}

# --- Text --------------------------------------------------------------------------------------


def _text(text: str) -> str:
    return normalize(text or "")


def trim(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and ended with "…"."""
    text = _text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def _sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = _text(text).rstrip(" ;,")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "…", "!", "?")) else text + "."


def _listing(items: list[str], last: str = ".") -> list[str]:
    """Bullet lines ending ";" and the last one `last`."""
    items = [_text(item).rstrip(" ;,.") for item in items if _text(item)]
    return [item + (last if i == len(items) - 1 else ";") for i, item in enumerate(items)]


# --- Reading the report ------------------------------------------------------------------------


def _span_phrase(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "năm 2026" for a year's period (the cut-off 15/12 to 14/12 included), else the dates."""
    if end is None:
        return ""
    if start is None or (end - start).days >= YEAR_DAYS:
        return f"năm {end.year}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def period_phrase(report: ConsolidatedReport) -> str:
    """ "năm 2026": the period said from its dates, never from the form's title."""
    return _span_phrase(report.covers_from, report.covers_to)


def previous_phrase(report: ConsolidatedReport) -> str:
    """ "năm 2025": the period the change is measured against, "" without one."""
    if report.previous_covers_to is None:  # a report built without the dates: the name's year
        year = re.search(r"\b(\d{4})\b", report.previous_period_name or "")
        return f"năm {year.group(1)}" if year else ""
    span = report.covers_to - report.covers_from
    return _span_phrase(report.previous_covers_to - span, report.previous_covers_to)


def document_year(report: ConsolidatedReport) -> int:
    return (report.consolidation_due or report.covers_to).year


def sex_split(element: ElementTotal) -> dict[str, Decimal] | None:
    """{"M": …, "F": …} when the element has a sex dimension with figures, else None.

    An option nobody reported counts 0 once the other has figures: the engine lists only the
    options found in the data.
    """
    dimension = element.dimension(SEX)
    if dimension is None or not dimension.options:
        return None
    values = dimension.as_dict()
    return {MALE: values.get(MALE, Decimal(0)), FEMALE: values.get(FEMALE, Decimal(0))}


def has_sex_dimension(element: ElementTotal) -> bool:
    return element.dimension(SEX) is not None


def _group_of_kind(kind: str) -> str | None:
    if kind in PROVINCIAL_BODY_KINDS:
        return PROVINCIAL_GROUP
    if kind in LOCAL_KINDS:
        return LOCAL_GROUP
    return None


def kind_group_totals(element: ElementTotal) -> dict[str, Decimal | None]:
    """The element's total over the provincial bodies and over the communes and wards.

    Sums add up `by_kind`; an average is recomputed from each kind's average weighted by its number
    of units, as averages of averages would be wrong; "latest" and "none" have no group figure.
    """
    result: dict[str, Decimal | None] = dict.fromkeys(GROUPS)
    if element.aggregation == "sum":
        for kind, value in element.by_kind.items():
            group = _group_of_kind(kind)
            if group is not None and value is not None:
                result[group] = (result[group] or Decimal(0)) + value
    elif element.aggregation == "average":
        sums: dict[str, list] = {group: [Decimal(0), 0] for group in GROUPS}
        for kind, value in element.by_kind.items():
            group = _group_of_kind(kind)
            units = element.by_kind_units.get(kind, 0)
            if group is not None and value is not None and units:
                sums[group][0] += value * units
                sums[group][1] += units
        for group, (total, units) in sums.items():
            if units:
                result[group] = total / units
    return result


def elements_with_total(report: ConsolidatedReport) -> list[ElementTotal]:
    return [element for element in report.elements() if element.total is not None]


def task_totals(report: ConsolidatedReport) -> dict[str, int]:
    totals = dict.fromkeys(TASK_STATUSES, 0)
    for area in report.plan_sections:
        for task in area.tasks:
            for status, number in task.counts.items():
                totals[status] = totals.get(status, 0) + number
    return totals


def _area_totals(area: PlanSectionSummary) -> dict[str, int]:
    totals = dict.fromkeys(TASK_STATUSES, 0)
    for task in area.tasks:
        for status, number in task.counts.items():
            totals[status] = totals.get(status, 0) + number
    return totals


# --- Sentences ---------------------------------------------------------------------------------


def _label_in_list(label: str) -> str:
    """An element name as a list item: "Trong đó: số …" becomes "Trong đó, số …"."""
    label = _text(label).rstrip(" :;.")
    return re.sub(r"^Trong đó\s*:\s*", "Trong đó, ", label)


def _boolean_label(label: str) -> str:
    """ "Đơn vị có Ban …" → "Số đơn vị có Ban …"."""
    label = _label_in_list(label)
    if label.startswith("Đơn vị "):
        return "Số đơn vị " + label.removeprefix("Đơn vị ")
    return label


def _change_phrase(element: ElementTotal, previous_name: str) -> str:
    change = element.change
    if change is None:
        return ""
    against = f"so với {previous_name}" if previous_name.strip() else "so với kỳ trước"
    unit = (element.unit or "").strip()
    if change > 0:
        return f"; tăng {with_unit(vn_number(change), unit)} {against}"
    if change < 0:
        return f"; giảm {with_unit(vn_number(-change), unit)} {against}"
    return f"; không thay đổi {against}"


def figure_sentence(element: ElementTotal, previous_name: str = "", expected: int | None = None) -> str:
    """ "Số lượt người tham gia …: 12.345 lượt người (nữ 7.890, nam 4.455); tăng 1.200 …". A yes/no
    element counts the units that answered yes out of the units that must report (`expected`), as
    the indicator built on it does."""
    if element.value_type == "boolean":
        whole = expected if expected else element.reporting_units
        return (
            f"{_boolean_label(element.label)}: {vn_number(element.total)}/{vn_count(whole)} đơn vị "
            f"phải báo cáo ({vn_percent(element.total, whole)}%)"
        )
    text = f"{_label_in_list(element.label)}: {with_unit(vn_number(element.total), element.unit)}"
    split = sex_split(element)
    if split is not None:
        text += f" (nữ {vn_number(split[FEMALE])}, nam {vn_number(split[MALE])})"
    return text + _change_phrase(element, previous_name)


def _figure_items(
    sections: Iterable[SectionTotals], previous_name: str, expected: int | None = None
) -> list[str]:
    """The section's figures as list items, skipping the elements nobody reported or that are 0;
    "Trong đó" items are indented with "+"."""
    items: list[str] = []
    for section in sections:
        for element in section.elements:
            if element.total is None or element.total == 0 or element.value_type == "text":
                continue
            sentence = figure_sentence(element, previous_name, expected)
            items.append(("+ " if sentence.startswith("Trong đó") else "- ") + sentence)
    return items


def _punctuate(items: list[str]) -> list[str]:
    """Bullets keep their "- "/"+ " marks; each ends ";" and the last "."."""
    result = []
    for i, item in enumerate(items):
        mark, text = item[:2], item[2:].rstrip(" ;,.")
        result.append(f"{mark}{text}{'.' if i == len(items) - 1 else ';'}")
    return result


def _status_counts(counts: dict[str, int], noun: str = "đơn vị") -> str:
    """ "12 đơn vị hoàn thành, 03 đơn vị đang thực hiện, 01 đơn vị chưa thực hiện" (zeros left out)."""
    parts = [
        f"{vn_count(counts[s])} {noun} {TASK_STATUS_LABELS[s].lower()}"
        for s in TASK_STATUSES
        if counts.get(s, 0)
    ]
    return ", ".join(parts) or f"chưa có {noun} báo cáo kết quả"


def _unit_order(report: ConsolidatedReport) -> dict[str, int]:
    return {unit.code: index for index, unit in enumerate(report.units)}


def task_items(task: TaskSummary, order: dict[str, int]) -> list[str]:
    """The task's line ("- Nhiệm vụ …: counts") and up to NOTES_PER_TASK notes ("+ Unit: “…”")."""
    reported = sum(task.counts.values())
    head = f"- Nhiệm vụ “{trim(task.text, TASK_TEXT_LIMIT)}”: "
    head += _status_counts(task.counts) if reported else "chưa có đơn vị báo cáo kết quả"
    noted = sorted(
        (unit for unit in task.units if _text(unit.note)),
        key=lambda unit: (order.get(unit.code, len(order)), _text(unit.name)),
    )
    items = [head]
    for unit in noted[:NOTES_PER_TASK]:
        note = trim(unit.note, NOTE_LIMIT)
        if not note.endswith("…"):
            note = note.rstrip(" .;,")
        items.append(f"+ {_text(unit.name)}: “{note}”")
    others = len(noted) - NOTES_PER_TASK
    if others > 0:
        items[-1] += f" và {vn_count(others)} đơn vị khác"
    return items


# --- The document ------------------------------------------------------------------------------


SUBJECT_WORK = "công tác bình đẳng giới và vì sự tiến bộ của phụ nữ"


def _plan_reference(report: ConsolidatedReport) -> str:
    return plan_citation(report.plan_number, report.plan_issued_on, report.plan_issuer, report.plan_title)


def _completeness_sentence(report: ConsolidatedReport, who: ReportIssuer) -> str:
    c = report.completeness
    sentence = (
        f"Đến thời điểm tổng hợp, {vn_count(c.sent)}/{vn_count(c.expected)} cơ quan, đơn vị, địa phương "
        f"đã gửi báo cáo (đạt {vn_number(c.rate, PERCENT_PLACES)}%)"
    )
    if who.level == COUNTRY:
        provinces = provinces_reporting(report)
        sentence += f", thuộc {vn_count(provinces)}/{vn_count(len(report.units))} tỉnh, thành phố"
    if c.missing:
        sentence += f"; còn {vn_count(c.missing)} đơn vị chưa gửi hoặc chưa hoàn thiện báo cáo"
    sentence += "."
    if report.provisional:
        sentence += (
            " Số liệu trong báo cáo là số liệu tạm tính, bao gồm cả các báo cáo đã gửi nhưng chưa được "
            "tiếp nhận chính thức."
        )
    else:
        sentence += f" Số liệu được tổng hợp từ {vn_count(c.accepted)} báo cáo đã được tiếp nhận."
    return sentence


def provinces_reporting(report: ConsolidatedReport) -> int:
    """For the country: the provinces with at least one figure in the report."""
    with_data = {code for element in report.elements() for code, value in element.by_unit.items()}
    return sum(1 for unit in report.units if unit.code in with_data)


def has_plan(report: ConsolidatedReport) -> bool:
    return bool(_text(report.plan_issuer))


def _opening(report: ConsolidatedReport, who: ReportIssuer) -> list[Block]:
    covers = f"số liệu từ ngày {short_date(report.covers_from)} đến ngày {short_date(report.covers_to)}"
    if who.level == COUNTRY:
        text = (
            f"Thực hiện {who.basis}; trên cơ sở {who.sources}, {who.reporter} báo cáo kết quả thực hiện "
            f"{SUBJECT_WORK} {period_phrase(report)} {who.scope} ({covers}) như sau:"
        )
        blocks: list[Block] = [Paragraph(text)]
    elif has_plan(report):
        text = (
            f"Thực hiện {_plan_reference(report)} (sau đây gọi là Kế hoạch); trên cơ sở {who.sources}, "
            f"{who.reporter} báo cáo kết quả thực hiện Kế hoạch ({covers}) như sau:"
        )
        blocks = [Paragraph(text)]
    else:
        text = (
            f"Trên cơ sở {who.sources}, {who.reporter} báo cáo kết quả thực hiện {SUBJECT_WORK} "
            f"{period_phrase(report)} ({covers}) như sau:"
        )
        blocks = [
            Paragraph(text),
            Paragraph(
                f"Chưa có kế hoạch thực hiện {SUBJECT_WORK} {period_phrase(report)} của UBND {who.local} "
                f"{who.name} trên hệ thống, nên báo cáo tổng hợp số liệu của các đơn vị theo từng nội dung "
                "công tác, chưa có kết quả thực hiện nhiệm vụ theo kế hoạch."
            ),
        ]
    blocks.append(Paragraph(_completeness_sentence(report, who)))
    return blocks


def area_figures(report: ConsolidatedReport) -> tuple[dict[int, list[SectionTotals]], list[SectionTotals]]:
    """The form's sections per area of work (index in report.plan_sections), placed by the form's
    own mapping (report.section_areas, data); sections of an area the plan does not have are
    returned apart, so no figure is left out."""
    area_of_theme: dict[str, int] = {}
    for index, area in enumerate(report.plan_sections):
        if area.theme:
            area_of_theme.setdefault(area.theme, index)
    placed: dict[int, list[SectionTotals]] = {}
    others: list[SectionTotals] = []
    for section in report.sections:
        theme = report.section_areas.get(section.number)
        if theme is None:
            continue
        if theme in area_of_theme:
            placed.setdefault(area_of_theme[theme], []).append(section)
        else:
            others.append(section)
    return placed, others


def _results(report: ConsolidatedReport, who: ReportIssuer) -> list[Block]:
    blocks: list[Block] = [Heading("I. KẾT QUẢ THỰC HIỆN", 1)]
    previous = previous_phrase(report)
    figures, others = area_figures(report)
    order = _unit_order(report)
    numbers = [int(a.number) for a in report.plan_sections if a.number.strip().isdigit()]
    next_number = max(numbers, default=0)
    areas = list(enumerate(report.plan_sections))
    for index, area in areas:
        number = area.number.strip()
        title = _text(area.title)
        if not number:  # tasks of no area of work
            next_number += 1
            number = str(next_number)
            title = "Các nhiệm vụ khác"
        blocks.append(Heading(f"{number}. {title}", 2))
        items = _figure_items(figures.get(index, []), previous, report.completeness.expected)
        if area.tasks:
            totals = _area_totals(area)
            if items:
                blocks.append(Heading("a) Kết quả thực hiện nhiệm vụ", 3))
            if any(totals.values()):
                blocks.append(
                    Paragraph(
                        f"Các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện "
                        f"{vn_count(len(area.tasks))} nhiệm vụ thuộc nội dung này: "
                        f"{_status_counts(totals, 'lượt đơn vị')}."
                    )
                )
                lines: list[str] = []
                for task in area.tasks:
                    lines.extend(task_items(task, order))
                blocks.append(Bullets(_punctuate(lines)))
            else:
                blocks.append(
                    Paragraph(
                        f"Kế hoạch giao {vn_count(len(area.tasks))} nhiệm vụ thuộc nội dung này; "
                        "chưa có đơn vị báo cáo kết quả thực hiện."
                    )
                )
            if items:
                blocks.append(Heading("b) Một số kết quả chủ yếu", 3))
        elif has_plan(report) and who.level != COUNTRY:
            blocks.append(Paragraph("Kế hoạch không giao nhiệm vụ cụ thể cho các đơn vị ở nội dung này."))
        if items:
            blocks.append(Bullets(_punctuate(items)))
        else:
            blocks.append(Paragraph("Chưa có số liệu được báo cáo ở nội dung này."))
    other_items = _figure_items(others, previous, report.completeness.expected)
    if other_items:
        next_number = max(next_number, len(areas)) + 1
        blocks.append(Heading(f"{next_number}. Một số kết quả khác", 2))
        blocks.append(Bullets(_punctuate(other_items)))
    blocks.append(
        Paragraph(
            "Số liệu chi tiết theo từng chỉ tiêu, phân tổ theo giới tính và theo loại đơn vị tại Phụ lục I "
            "kèm theo Báo cáo này."
        )
    )
    return blocks


def _target(indicator: IndicatorResult) -> str:
    if indicator.target_value is None:
        return NO_VALUE
    sign = {"higher": "≥ ", "lower": "≤ "}.get(indicator.direction, "")
    year = f" ({indicator.target_year})" if indicator.target_year else ""
    return f"{sign}{vn_number(indicator.target_value)}{year}"


def _indicator_label(indicator: IndicatorResult) -> str:
    unit = _text(indicator.unit)
    return f"{_text(indicator.label)} ({unit})" if unit else _text(indicator.label)


def indicator_table(report: ConsolidatedReport) -> Table:
    return Table(
        header=["STT", "Chỉ tiêu", "Kết quả", "Mục tiêu (năm)", "Đánh giá"],
        rows=[
            [
                str(i),
                _indicator_label(indicator),
                vn_number(indicator.value),
                _target(indicator),
                _text(indicator.status_label),
            ]
            for i, indicator in enumerate(report.indicators, start=1)
        ],
        widths_cm=[1.2, 7.2, 2.3, 2.8, 3.0],
        font_size=12,
    )


def sex_table(report: ConsolidatedReport) -> Table | None:
    elements = [e for e in elements_with_total(report) if has_sex_dimension(e)]
    if not elements:
        return None
    with_previous = any(e.previous is not None for e in elements)
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nam", "Nữ", "Tỷ lệ nữ (%)"]
    widths = [1.2, 5.3, 1.9, 2.1, 1.9, 1.9, 2.2]
    if with_previous:
        header.append(f"Tăng/giảm so với {previous_phrase(report) or 'kỳ trước'}")
        widths = [1.2, 4.1, 1.7, 1.9, 1.7, 1.7, 1.7, 2.5]
    rows = []
    for i, element in enumerate(elements, start=1):
        split = sex_split(element)
        male = vn_number(split[MALE]) if split else NO_VALUE
        female = vn_number(split[FEMALE]) if split else NO_VALUE
        share = vn_percent(split[FEMALE], split[MALE] + split[FEMALE]) if split else NO_VALUE
        row = [
            str(i),
            _text(element.label),
            _text(element.unit),
            vn_number(element.total),
            male,
            female,
            share,
        ]
        if with_previous:
            row.append(vn_change(element.change))
        rows.append(row)
    return Table(header=header, rows=rows, widths_cm=widths, font_size=12)


def short_citations(sources: list[str]) -> list[str]:
    """Each legal text cited in full the first time, by its number alone after: "Nghị quyết
    28/NQ-CP ngày 03/3/2021, Mục tiêu 1" then "Nghị quyết 28/NQ-CP, Mục tiêu 2"."""
    seen: set[str] = set()
    result = []
    for source in sources:
        text = _text(source)
        for match in list(CITATION.finditer(text)):
            number = match.group("number")
            if number in seen:
                text = text.replace(match.group(0), match.group("head"), 1)
            seen.add(number)
        result.append(text)
    return result


CITATION = re.compile(
    r"(?P<head>(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Công văn|Luật)\s+(?:số\s+)?"
    r"(?P<number>\d+/[\w/Đ&-]+))(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?(?:\s*\([^)]*\))?"
)


def _indicators_part(report: ConsolidatedReport) -> list[Block]:
    blocks: list[Block] = [
        Heading("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 1),
        Heading("1. Các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới", 2),
    ]
    if report.indicators:
        blocks.append(indicator_table(report))
        blocks.append(Paragraph("Ghi chú: cách tính các chỉ tiêu:", italic=True))
        # The indicator's own source (its targets' sources follow it after "; "), each text in full once.
        sources = short_citations([indicator.source.split("; ")[0] for indicator in report.indicators])
        for i, (indicator, source) in enumerate(zip(report.indicators, sources, strict=True), start=1):
            note = f"({i}) {_text(indicator.formula) or 'Chưa xác định cách tính'}"
            if source:
                note += f" (căn cứ: {source})"
            blocks.append(Paragraph(_sentence(note), italic=True))
    else:
        blocks.append(Paragraph("Chưa có chỉ tiêu nào được tính toán trong kỳ báo cáo."))
    blocks.append(Heading("2. Một số số liệu chủ yếu phân theo giới tính", 2))
    table = sex_table(report)
    if table is None:
        blocks.append(Paragraph("Chưa có số liệu phân tổ theo giới tính trong kỳ báo cáo."))
    else:
        blocks.append(table)
        short = _short_of_sex(report)
        if short:
            blocks.append(
                Paragraph(
                    f"Ghi chú: có {vn_count(len(short))} chỉ tiêu mà tổng số khác tổng của nam và nữ do "
                    "một số đơn vị chỉ báo cáo tổng số, chưa phân tổ theo giới tính.",
                    italic=True,
                )
            )
    return blocks


def _short_of_sex(report: ConsolidatedReport) -> list[ElementTotal]:
    return [
        e
        for e in elements_with_total(report)
        if (split := sex_split(e)) is not None
        and not isinstance(sum_ := split[MALE] + split[FEMALE], Suppressed)
        and sum_ != e.total
    ]


# --- The parts a person writes, and the sentences they start from ------------------------------


def computed_assessment(report: ConsolidatedReport) -> str:
    """Part III as the figures say it: strengths and limits, each a bullet ("- …")."""
    c = report.completeness
    strengths: list[str] = []
    limits: list[str] = []
    if c.sent:
        strengths.append(
            f"{vn_count(c.sent)}/{vn_count(c.expected)} cơ quan, đơn vị, địa phương đã gửi báo cáo "
            f"(đạt {vn_number(c.rate, PERCENT_PLACES)}%), trong đó {vn_count(c.on_time)} đơn vị gửi đúng "
            f"thời hạn ({vn_percent(c.on_time, c.expected)}% số đơn vị phải báo cáo)"
        )
    sent_late = max(c.sent - c.on_time, 0)
    if c.missing:
        limits.append(
            f"Còn {vn_count(c.missing)}/{vn_count(c.expected)} đơn vị chưa gửi báo cáo hoặc có báo cáo bị "
            f"trả lại chưa hoàn thiện ({vn_count(c.returned)} báo cáo bị trả lại)"
        )
    if sent_late:
        limits.append(f"{vn_count(sent_late)} đơn vị gửi báo cáo sau thời hạn quy định")
    totals = task_totals(report)
    assigned = sum(totals.values()) - totals.get("not_applicable", 0)
    if totals["done"]:
        strengths.append(
            f"{vn_count(totals['done'])}/{vn_count(assigned)} lượt nhiệm vụ được giao đã được các đơn vị "
            f"báo cáo hoàn thành ({vn_percent(totals['done'], assigned)}%)"
        )
    if totals["in_progress"]:
        limits.append(f"{vn_count(totals['in_progress'])} lượt nhiệm vụ đang thực hiện, chưa hoàn thành")
    if totals["not_started"]:
        limits.append(f"{vn_count(totals['not_started'])} lượt nhiệm vụ chưa được triển khai thực hiện")
    indicators = report.indicators
    by_status: dict[str, list[str]] = {}
    for number, indicator in enumerate(indicators, start=1):  # named by their row in part II's table
        by_status.setdefault(indicator.status, []).append(f"({number})")
    count = vn_count(len(indicators))
    for status, target, words in (
        ("achieved", strengths, "chỉ tiêu đạt mục tiêu"),
        ("on_track", strengths, "chỉ tiêu đang đạt tiến độ"),
        ("behind", limits, "chỉ tiêu chưa đạt mục tiêu"),
        ("no_data", limits, "chỉ tiêu chưa có đủ số liệu để đánh giá"),
    ):
        names = by_status.get(status, [])
        if names:
            target.append(f"{vn_count(len(names))}/{count} {words} (chỉ tiêu {', '.join(names)} tại Mục II)")
    unsplit = [e for e in elements_with_total(report) if has_sex_dimension(e) and sex_split(e) is None]
    if _short_of_sex(report) or unsplit:
        limits.append(
            "Số liệu phân tách theo giới tính chưa đầy đủ ở "
            f"{vn_count(len(_short_of_sex(report)) + len(unsplit))} chỉ tiêu "
            "(một số đơn vị chỉ báo cáo tổng số)"
        )
    if report.provisional:
        limits.append("Số liệu tổng hợp là số liệu tạm tính, cần tiếp tục rà soát, hoàn thiện")
    lines = ["1. Ưu điểm"]
    lines += [f"- {line}" for line in _listing([_sentence(x) for x in strengths])] or [
        "Chưa có đủ số liệu để đánh giá kết quả đạt được."
    ]
    lines.append("2. Tồn tại, hạn chế")
    lines += [f"- {line}" for line in _listing([_sentence(x) for x in limits])] or [
        "Các đơn vị đã gửi đầy đủ, đúng hạn báo cáo; không có nhiệm vụ chưa triển khai và không có chỉ "
        "tiêu chưa đạt mục tiêu."
    ]
    return "\n".join(lines)


def computed_difficulties(report: ConsolidatedReport) -> str:
    """Part IV from what the units wrote: the most frequent reasons they gave for a task not done."""
    reasons: Counter[str] = Counter()
    for area in report.plan_sections:
        for task in area.tasks:
            for unit in task.units:
                note = _text(unit.note).rstrip(" .;")
                # a reason given for a task not done ("… do chưa được bố trí kinh phí", "chờ …")
                if unit.status in ("in_progress", "not_started") and REASON_WORDS.search(note):
                    reasons[note] += 1
    lines = []
    for note, times in reasons.most_common(REASONS_LISTED):
        lines.append(f"- {note} ({vn_count(times)} lượt đơn vị nêu)")
    c = report.completeness
    if c.missing:
        lines.append(
            f"- Còn {vn_count(c.missing)} đơn vị chưa gửi hoặc chưa hoàn thiện báo cáo đúng thời hạn, "
            "ảnh hưởng đến việc tổng hợp số liệu"
        )
    if not lines:
        return "Các đơn vị chưa nêu khó khăn, vướng mắc trong báo cáo."
    return "\n".join(_punctuate(lines))


def computed_recommendations(report: ConsolidatedReport, who: ReportIssuer) -> str:
    """Part V: one line per indicator behind its target, addressed as the issuer reports."""
    behind = [i for i in report.indicators if i.status == "behind"]
    lines = [f"{who.recommend_to}:"]
    for indicator in behind:
        lines.append(
            f"- Quan tâm chỉ đạo, hướng dẫn các giải pháp nâng cao {_text(indicator.label).lower()} "
            f"(kết quả {period_phrase(report)}: {vn_number(indicator.value)}{_unit_suffix(indicator)}; "
            f"mục tiêu: {_target(indicator)})"
        )
    if len(lines) == 1:
        lines.append(
            "- Tiếp tục hướng dẫn, hỗ trợ các địa phương triển khai công tác bình đẳng giới và vì sự tiến bộ "
            "của phụ nữ, bảo đảm kinh phí và nhân lực thực hiện"
        )
    return "\n".join([lines[0], *_punctuate(lines[1:])])


def _unit_suffix(indicator: IndicatorResult) -> str:
    unit = _text(indicator.unit)
    return unit if unit == "%" else (f" {unit}" if unit else "")


def computed_narrative(report: ConsolidatedReport) -> dict[str, str]:
    """The three parts as the figures would have them: what the editor starts from."""
    who = report_issuer(report)
    return {
        ASSESSMENT: computed_assessment(report),
        DIFFICULTIES: computed_difficulties(report),
        RECOMMENDATIONS: computed_recommendations(report, who),
    }


HEADING_LINE = re.compile(r"^(?:(?P<two>\d{1,2}\.)|(?P<three>[a-zđ]\)))\s+\S")


def text_blocks(text: str) -> list[Block]:
    """A person's text as document blocks: a line "1. …" is a heading, "a) …" a sub-heading,
    lines starting "- " or "+ " bullets, any other line a paragraph (blank lines are dropped)."""
    blocks: list[Block] = []
    bullets: list[str] = []
    for raw in (text or "").splitlines():
        line = normalize(raw)
        if not line:
            continue
        if line.startswith(("- ", "+ ", "• ")):
            bullets.append(line if not line.startswith("• ") else "- " + line[2:])
            continue
        if bullets:
            blocks.append(Bullets(bullets))
            bullets = []
        match = HEADING_LINE.match(line)
        if match and len(line) <= 120 and not line.endswith((".", ";", ":")):
            blocks.append(Heading(line, 2 if match.group("two") else 3))
        else:
            blocks.append(Paragraph(line))
    if bullets:
        blocks.append(Bullets(bullets))
    return blocks


def _narrative_parts(report: ConsolidatedReport, who: ReportIssuer, written: dict[str, str]) -> list[Block]:
    computed = computed_narrative(report)
    blocks: list[Block] = []
    for part in NARRATIVE_PARTS:
        blocks.append(Heading(NARRATIVE_HEADINGS[part], 1))
        text = written.get(part) or computed[part]
        blocks.extend(text_blocks(text) or [Paragraph(computed[part])])
    blocks.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả thực hiện {SUBJECT_WORK} {period_phrase(report)} {who.scope}; "
            f"{who.closing}"
        )
    )
    return blocks


# --- Appendices --------------------------------------------------------------------------------


def _appendix_note(report: ConsolidatedReport, who: ReportIssuer) -> str:
    blank_date = long_date(None, document_year(report))
    issuer = _text(who.issuer.name)
    issuer = re.sub(r"^Ủy ban nhân dân\b", "UBND", issuer)
    return f"(Kèm theo Báo cáo số      /{KIND_CODE}-{who.issuer_code} {blank_date} của {issuer})"


def figures_table(report: ConsolidatedReport) -> Table:
    """Phụ lục I: every element with a total, by sex and by kind of unit, grouped by section, with
    the previous period and the change where there is one. Labelled by the elements' names."""
    previous = previous_phrase(report)
    with_previous = any(e.previous is not None for e in elements_with_total(report))
    rows: list[list[str]] = []
    serial = 0
    columns = 10 if with_previous else 8
    for section in report.sections:
        elements = [e for e in section.elements if e.total is not None]
        if not elements:
            continue
        rows.append(["", f"{section.number}. {_text(section.title)}".upper()] + [""] * (columns - 2))
        for element in elements:
            serial += 1
            split = sex_split(element)
            groups = kind_group_totals(element)
            if split:
                male, female = vn_number(split[MALE]), vn_number(split[FEMALE])
            else:
                male = female = NO_VALUE
            row = [
                str(serial),
                _text(element.label),
                _text(element.unit) or ("đơn vị" if element.value_type == "boolean" else ""),
                vn_number(element.total),
                male,
                female,
                vn_number(groups[PROVINCIAL_GROUP]),
                vn_number(groups[LOCAL_GROUP]),
            ]
            if with_previous:
                row += [vn_number(element.previous), vn_change(element.change)]
            rows.append(row)
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nam", "Nữ", PROVINCIAL_GROUP, LOCAL_GROUP]
    fixed = [1.1, 2.0, 2.2, 1.9, 1.9, 2.3, 2.3]
    if with_previous:
        header += [(previous or "Kỳ trước").capitalize(), "Tăng/giảm"]
        fixed += [2.2, 2.0]
    label_cm = round(LANDSCAPE_TEXT_CM - sum(fixed), 2)
    return Table(
        header=header,
        rows=rows,
        widths_cm=[fixed[0], label_cm, *fixed[1:]],
        font_size=APPENDIX_TABLE_SIZE,
    )


def completeness_rows(report: ConsolidatedReport) -> list[tuple[str, int, str]]:
    """(label, number of units, rate in % of the expected) for Phụ lục II and the workbook."""
    c = report.completeness
    sent_late = max(c.sent - c.on_time, 0)
    rows = [
        ("Số cơ quan, đơn vị, địa phương phải báo cáo", c.expected),
        ("Số đơn vị đã gửi báo cáo", c.sent),
        ("Trong đó: gửi đúng thời hạn", c.on_time),
        ("Trong đó: gửi sau thời hạn", sent_late),
        ("Số báo cáo đã được tiếp nhận", c.accepted),
        ("Số đơn vị chưa gửi báo cáo", c.missing),
        ("Trong đó: báo cáo bị trả lại chưa gửi lại", c.returned),
    ]
    return [(label, number, vn_percent(number, c.expected)) for label, number in rows]


def units_by_kind(report: ConsolidatedReport) -> list[tuple[str, int, int]]:
    """(kind label, units that must report, units with figures), provincial bodies first."""
    counts: dict[str, list[int]] = {}
    for row in report.kind_counts():
        entry = counts.setdefault(_text(row.label), [0, 0])
        entry[0] += row.expected
        entry[1] += row.reporting
    return [(label, total, reported) for label, (total, reported) in counts.items()]


def _completeness_appendix(report: ConsolidatedReport, who: ReportIssuer) -> Appendix:
    blocks: list[Block] = [
        Table(
            header=["STT", "Nội dung", "Số đơn vị", "Tỷ lệ (%)"],
            rows=[
                [str(i), label, vn_number(n), rate]
                for i, (label, n, rate) in enumerate(completeness_rows(report), start=1)
            ],
            widths_cm=[1.2, 9.5, 2.8, 3.0],
            font_size=12,
        )
    ]
    kinds = units_by_kind(report)
    if kinds:
        blocks.append(Paragraph("Số đơn vị có số liệu được tổng hợp, theo loại đơn vị:", italic=True))
        blocks.append(
            Table(
                header=["STT", "Loại đơn vị", "Số đơn vị", "Có số liệu", "Tỷ lệ (%)"],
                rows=[
                    [str(i), label, vn_number(total), vn_number(reported), vn_percent(reported, total)]
                    for i, (label, total, reported) in enumerate(kinds, start=1)
                ],
                total_row=[
                    "",
                    "Tổng cộng",
                    vn_number(sum(k[1] for k in kinds)),
                    vn_number(sum(k[2] for k in kinds)),
                    vn_percent(sum(k[2] for k in kinds), sum(k[1] for k in kinds)),
                ],
                widths_cm=[1.2, 7.3, 2.6, 2.6, 2.8],
                font_size=12,
            )
        )
    status = "số liệu tạm tính" if report.provisional else "số liệu đã được tiếp nhận"
    when = short_date(local_time(report.generated_at).date())
    blocks.append(
        Paragraph(
            f"Thời hạn gửi báo cáo: {short_date(report.due_date)}. "
            f"Số liệu tổng hợp đến ngày {when} ({status}).",
            italic=True,
        )
    )
    return Appendix(
        "Phụ lục II",
        "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ",
        _appendix_note(report, who),
        blocks,
    )


def _groups_note(report: ConsolidatedReport) -> str:
    zones = ", đặc khu" if any(row.kind == "special_zone" for row in report.kind_counts()) else ""
    return (
        f"Ghi chú: “{PROVINCIAL_GROUP}” gồm các sở, ban, ngành, cơ quan, tổ chức chính trị - xã hội, "
        f"cơ quan Trung ương trên địa bàn, cơ quan báo chí; “{LOCAL_GROUP}” gồm UBND các xã, "
        f"phường{zones}; ô để trống: không có số liệu."
    )


def provincial_report(
    report: ConsolidatedReport, *, narrative: dict[str, str] | None = None
) -> OfficialDocument:
    """The consolidated report as the issuer of its root sends it: the UBND tỉnh (or thành phố) to
    the Bộ Nội vụ, the Bộ Nội vụ to the Government for the country, a department or commune to
    the Sở Nội vụ (unnumbered, undated, unsigned: the clerk registers it and the leader signs).
    `narrative` holds the parts a person wrote (by NARRATIVE_PARTS); the computed sentences stand
    in for a part nobody wrote."""
    who = report_issuer(report)
    body: list[Block] = [
        *_opening(report, who),
        *_results(report, who),
        *_indicators_part(report),
        *_narrative_parts(report, who, narrative or {}),
    ]
    appendices = [
        Appendix(
            "Phụ lục I",
            "SỐ LIỆU TỔNG HỢP THEO GIỚI TÍNH",
            _appendix_note(report, who),
            [
                figures_table(report),
                Paragraph(_groups_note(report), italic=True),
            ],
            landscape=True,
        ),
        _completeness_appendix(report, who),
    ]
    return OfficialDocument(
        issuer=who.issuer,
        kind_code=KIND_CODE,
        number=None,
        issuer_code=who.issuer_code,
        place=who.place,
        date=None,
        year=document_year(report),
        kind_title="Báo cáo",
        subject=f"Kết quả thực hiện {SUBJECT_WORK} {period_phrase(report)} {who.scope}",
        addressees=[f"{item}." if not item.endswith(".") else item for item in who.addressees],
        body=body,
        recipients=list(who.recipients),
        signature=who.signature,
        appendices=appendices,
    )


def render_report_docx(report: ConsolidatedReport, **kwargs) -> bytes:
    """The provincial report as .docx bytes; keyword arguments go to `provincial_report`."""
    return render_docx(provincial_report(report, **kwargs))


def render_report_pdf(
    report: ConsolidatedReport, *, timeout: float = DEFAULT_TIMEOUT, **kwargs
) -> bytes | None:
    """The provincial report as PDF through LibreOffice; None when LibreOffice is not installed."""
    return render_pdf(render_report_docx(report, **kwargs), timeout=timeout)
