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

import re
from collections.abc import Iterable
from decimal import Decimal

from binhdang.analytics.report import (
    ConsolidatedReport,
    ElementTotal,
    IndicatorResult,
    PlanSectionSummary,
    SectionTotals,
    TaskSummary,
)
from binhdang.documents.formatting import (
    NO_VALUE,
    PERCENT_PLACES,
    in_sentence,
    local_time,
    long_date,
    short_date,
    vn_change,
    vn_count,
    vn_number,
    vn_percent,
    with_unit,
)
from binhdang.documents.ooxml import estimate_width_cm
from binhdang.documents.pdf import DEFAULT_TIMEOUT, render_pdf
from binhdang.documents.writer import (
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    PAGE_HEIGHT_MM,
    Appendix,
    Block,
    Bullets,
    Heading,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from binhdang.lib.text import fold_vi, normalize
from binhdang.orgunits.choices import LOCAL_KINDS, PROVINCIAL_BODY_KINDS
from binhdang.plans.classify import theme_of_title

PROVINCE_NAME = "Thái Nguyên"
ISSUER_CODE = "UBND"
KIND_CODE = "BC"
ADDRESSEE = "Bộ Nội vụ."
RECIPIENTS = [
    "Như trên",
    "Thường trực Tỉnh ủy",
    "Thường trực HĐND tỉnh",
    "Chủ tịch và các PCT UBND tỉnh",
    "Sở Nội vụ",
    "Lưu: VT, NC",
]
TO_COMPLETE = "(Sở Nội vụ bổ sung trước khi trình ký)"

NOTES_PER_TASK = 3  # unit notes quoted under each task; the rest are counted ("và 12 đơn vị khác")
NOTE_LIMIT = 220  # characters of a quoted note
TASK_TEXT_LIMIT = 160  # characters of a task's text
NAMES_LISTED = 5  # indicators named in a sentence before "và N chỉ tiêu khác"
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

# Template sections are matched to the plan's areas of work by theme: the area's theme comes from
# `plans.classify.theme_of_title` (the words of the plan's part II titles), the section's from these
# keywords, tried in order on its folded title. Sections of statistics that the departments report
# for the strategy's indicators (health, enterprises, leadership, labour) belong to no area: they are
# in part II and in Phụ lục I only.
_NO_AREA = ("thong ke", "doanh nghiep", "lanh dao")
_SECTION_THEMES: tuple[tuple[str, str], ...] = (
    ("thang hanh dong", "communication"),
    ("huong uoc", "communication"),
    ("quy uoc", "communication"),
    ("bao luc", "programmes"),
    ("nan nhan", "programmes"),
    ("thanh tra", "inspection"),
    ("kiem tra", "inspection"),
    ("khieu nai", "inspection"),
    ("phan anh", "inspection"),
    ("hop tac quoc te", "international"),
    ("kinh phi", "funding"),
    ("ngan sach", "funding"),
    ("ban vi su tien bo", "capacity"),
    ("can bo", "capacity"),
    ("tap huan", "capacity"),
    ("boi duong", "capacity"),
    ("truyen thong", "communication"),
    ("tuyen truyen", "communication"),
    ("chi dao", "legal"),
    ("long ghep", "legal"),
    ("van ban", "legal"),
)


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


def _names(names: list[str], limit: int = NAMES_LISTED, what: str = "chỉ tiêu") -> str:
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return f"{shown} và {rest:02d} {what} khác" if rest > 0 else shown


# --- Reading the report ------------------------------------------------------------------------


def period_phrase(report: ConsolidatedReport) -> str:
    """ "năm 2026", to read after "công tác bình đẳng giới"."""
    name = _text(report.period_name)
    if not name or not re.search(r"\d{4}", name):
        return f"năm {report.covers_to.year}"
    return in_sentence(name)


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


def section_theme(section: SectionTotals) -> str | None:
    """The theme (as in `plans.classify`) of a template section, or None for the statistics."""
    folded = fold_vi(section.title)
    if any(word in folded for word in _NO_AREA):
        return None
    return next((theme for word, theme in _SECTION_THEMES if word in folded), None)


def sections_by_area(report: ConsolidatedReport) -> dict[int, list[SectionTotals]]:
    """Template sections per plan area (by index in report.plan_sections); each goes to the first
    area of its theme."""
    area_of_theme: dict[str, int] = {}
    for index, area in enumerate(report.plan_sections):
        theme = theme_of_title(area.title) if area.number else None
        if theme is not None:
            area_of_theme.setdefault(theme, index)
    result: dict[int, list[SectionTotals]] = {}
    for section in report.sections:
        theme = section_theme(section)
        if theme in area_of_theme:
            result.setdefault(area_of_theme[theme], []).append(section)
    return result


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
    against = f"so với {in_sentence(previous_name)}" if previous_name.strip() else "so với kỳ trước"
    unit = (element.unit or "").strip()
    if change > 0:
        return f"; tăng {with_unit(vn_number(change), unit)} {against}"
    if change < 0:
        return f"; giảm {with_unit(vn_number(-change), unit)} {against}"
    return f"; không thay đổi {against}"


def figure_sentence(element: ElementTotal, previous_name: str = "") -> str:
    """ "Số lượt người tham gia …: 12.345 lượt người (nữ 7.890, nam 4.455); tăng 1.200 …"."""
    if element.value_type == "boolean":
        return f"{_boolean_label(element.label)}: {vn_number(element.total)}/{element.reporting_units} đơn vị"
    text = f"{_label_in_list(element.label)}: {with_unit(vn_number(element.total), element.unit)}"
    split = sex_split(element)
    if split is not None:
        text += f" (nữ {vn_number(split[FEMALE])}, nam {vn_number(split[MALE])})"
    return text + _change_phrase(element, previous_name)


def _figure_items(sections: Iterable[SectionTotals], previous_name: str) -> list[str]:
    """The section's figures as list items, skipping the elements nobody reported or that are 0;
    "Trong đó" items are indented with "+"."""
    items: list[str] = []
    for section in sections:
        for element in section.elements:
            if element.total is None or element.total == 0 or element.value_type == "text":
                continue
            sentence = figure_sentence(element, previous_name)
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
    code = f" {task.code}" if task.code.strip() else ""
    head = f"- Nhiệm vụ{code} “{trim(task.text, TASK_TEXT_LIMIT)}”: "
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


def _plan_reference(report: ConsolidatedReport, province_name: str) -> str:
    number = _text(report.plan_number)
    title = _text(report.plan_title)
    plan = "Kế hoạch"
    if number and re.match(r"\d", number):
        plan += f" số {number}"
    plan += f" của UBND tỉnh {province_name}"
    if title:
        title = re.sub(r"^Kế hoạch\s+", "", title, flags=re.IGNORECASE)
        plan += f" về {in_sentence(title)}"
    return plan


def _opening(report: ConsolidatedReport, province_name: str) -> list[Block]:
    period = period_phrase(report)
    c = report.completeness
    blocks: list[Block] = [
        Paragraph(
            f"Thực hiện {_plan_reference(report, province_name)}; trên cơ sở báo cáo của các sở, ban, "
            f"ngành, các tổ chức chính trị - xã hội và UBND các xã, phường, UBND tỉnh {province_name} "
            f"báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ {period} "
            f"(kỳ báo cáo từ ngày {short_date(report.covers_from)} đến ngày {short_date(report.covers_to)}) "
            "như sau:"
        )
    ]
    sentence = (
        f"Đến thời điểm tổng hợp, {vn_count(c.sent)}/{vn_count(c.expected)} cơ quan, đơn vị, địa phương "
        f"đã gửi báo cáo (đạt {vn_number(c.rate, PERCENT_PLACES)}%)"
    )
    if c.missing:
        sentence += f"; còn {vn_count(c.missing)} đơn vị chưa gửi hoặc chưa hoàn thiện báo cáo"
    sentence += "."
    if report.provisional:
        sentence += (
            " Số liệu trong báo cáo là số liệu tạm tính, bao gồm cả các báo cáo đã gửi nhưng chưa được "
            "tiếp nhận chính thức; số liệu chính thức sẽ được cập nhật sau khi hoàn thành việc tiếp nhận "
            "báo cáo của các đơn vị."
        )
    else:
        sentence += f" Số liệu được tổng hợp từ {vn_count(c.accepted)} báo cáo đã được tiếp nhận."
    blocks.append(Paragraph(sentence))
    return blocks


def _results(report: ConsolidatedReport) -> list[Block]:
    blocks: list[Block] = [Heading("I. KẾT QUẢ THỰC HIỆN", 1)]
    previous = report.previous_period_name
    if not report.plan_sections:
        # No task results: one heading per template section with figures.
        number = 0
        for section in report.sections:
            items = _figure_items([section], previous)
            if not items:
                continue
            number += 1
            blocks.append(Heading(f"{number}. {_text(section.title)}", 2))
            blocks.append(Bullets(_punctuate(items)))
        if number == 0:
            blocks.append(Paragraph("Chưa có số liệu được tổng hợp trong kỳ báo cáo."))
        return blocks
    figures = sections_by_area(report)
    order = _unit_order(report)
    numbers = [int(a.number) for a in report.plan_sections if a.number.strip().isdigit()]
    next_number = max(numbers, default=0)
    for index, area in enumerate(report.plan_sections):
        number = area.number.strip()
        title = _text(area.title)
        if not number:  # tasks of no area of work
            next_number += 1
            number = str(next_number)
            title = "Các nhiệm vụ khác"
        blocks.append(Heading(f"{number}. {title}", 2))
        totals = _area_totals(area)
        items = _figure_items(figures.get(index, []), previous)
        if items:
            blocks.append(Heading("a) Kết quả thực hiện nhiệm vụ", 3))
        blocks.append(
            Paragraph(
                f"Các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện {vn_count(len(area.tasks))} "
                f"nhiệm vụ thuộc nội dung này: {_status_counts(totals, 'lượt đơn vị')}."
            )
        )
        lines: list[str] = []
        for task in area.tasks:
            lines.extend(task_items(task, order))
        blocks.append(Bullets(_punctuate(lines)))
        if items:
            blocks.append(Heading("b) Một số kết quả chủ yếu", 3))
            blocks.append(Bullets(_punctuate(items)))
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
        header.append(f"Tăng/giảm so với {in_sentence(report.previous_period_name) or 'kỳ trước'}")
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


def _indicators_part(report: ConsolidatedReport) -> list[Block]:
    blocks: list[Block] = [
        Heading("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 1),
        Heading("1. Các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới", 2),
    ]
    if report.indicators:
        blocks.append(indicator_table(report))
        blocks.append(Paragraph("Ghi chú: cách tính các chỉ tiêu:", italic=True))
        for i, indicator in enumerate(report.indicators, start=1):
            note = f"({i}) {_text(indicator.label)}: {_text(indicator.formula) or 'chưa xác định cách tính'}"
            if _text(indicator.source):
                note += f". Căn cứ mục tiêu: {_text(indicator.source)}"
            blocks.append(Paragraph(_sentence(note), italic=True))
    else:
        blocks.append(Paragraph("Chưa có chỉ tiêu nào được tính toán trong kỳ báo cáo."))
    blocks.append(Heading("2. Một số số liệu chủ yếu phân theo giới tính", 2))
    table = sex_table(report)
    if table is None:
        blocks.append(Paragraph("Chưa có số liệu phân tổ theo giới tính trong kỳ báo cáo."))
    else:
        blocks.append(table)
        short = [
            e
            for e in elements_with_total(report)
            if (split := sex_split(e)) is not None and split[MALE] + split[FEMALE] != e.total
        ]
        if short:
            blocks.append(
                Paragraph(
                    f"Ghi chú: có {vn_count(len(short))} chỉ tiêu mà tổng số khác tổng của nam và nữ do "
                    "một số đơn vị chỉ báo cáo tổng số, chưa phân tổ theo giới tính.",
                    italic=True,
                )
            )
    return blocks


def _assessment(report: ConsolidatedReport) -> list[Block]:
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
    for indicator in indicators:
        by_status.setdefault(indicator.status, []).append(_text(indicator.label).lower())
    achieved = by_status.get("achieved", [])
    on_track = by_status.get("on_track", [])
    behind = by_status.get("behind", [])
    no_data = by_status.get("no_data", [])
    if achieved:
        strengths.append(
            f"{vn_count(len(achieved))}/{vn_count(len(indicators))} chỉ tiêu đạt mục tiêu: {_names(achieved)}"
        )
    if on_track:
        strengths.append(
            f"{vn_count(len(on_track))}/{vn_count(len(indicators))} chỉ tiêu đang đạt tiến độ: "
            f"{_names(on_track)}"
        )
    if behind:
        limits.append(
            f"{vn_count(len(behind))}/{vn_count(len(indicators))} chỉ tiêu chưa đạt mục tiêu: "
            f"{_names(behind)}"
        )
    if no_data:
        limits.append(
            f"{vn_count(len(no_data))}/{vn_count(len(indicators))} chỉ tiêu chưa có đủ số liệu để đánh giá: "
            f"{_names(no_data)}"
        )
    short = [
        e
        for e in elements_with_total(report)
        if (split := sex_split(e)) is not None and split[MALE] + split[FEMALE] != e.total
    ]
    unsplit = [e for e in elements_with_total(report) if has_sex_dimension(e) and sex_split(e) is None]
    if short or unsplit:
        limits.append(
            f"Số liệu phân tách theo giới tính chưa đầy đủ ở {vn_count(len(short) + len(unsplit))} chỉ tiêu "
            "(một số đơn vị chỉ báo cáo tổng số)"
        )
    if report.provisional:
        limits.append("Số liệu tổng hợp là số liệu tạm tính, cần tiếp tục rà soát, hoàn thiện")

    blocks: list[Block] = [Heading("III. ĐÁNH GIÁ CHUNG", 1), Heading("1. Ưu điểm", 2)]
    if strengths:
        blocks.append(Bullets(_listing([_sentence(s) for s in strengths])))
    else:
        blocks.append(Paragraph("Chưa có đủ số liệu để đánh giá kết quả đạt được."))
    blocks.append(Heading("2. Tồn tại, hạn chế", 2))
    if limits:
        blocks.append(Bullets(_listing([_sentence(s) for s in limits])))
    else:
        blocks.append(
            Paragraph(
                "Qua tổng hợp, các đơn vị đã gửi đầy đủ, đúng hạn báo cáo; không có nhiệm vụ chưa triển khai "
                "và không có chỉ tiêu chưa đạt mục tiêu."
            )
        )
    return blocks


def _recommendations(report: ConsolidatedReport, province_name: str) -> list[Block]:
    return [
        Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ", 1),
        Paragraph(f"Kiến nghị, đề xuất với Bộ Nội vụ: {TO_COMPLETE}."),
        Paragraph(
            f"Trên đây là báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ "
            f"{period_phrase(report)} trên địa bàn tỉnh {province_name}, UBND tỉnh {province_name} "
            "kính báo cáo Bộ Nội vụ./."
        ),
    ]


def _appendix_note(report: ConsolidatedReport, province_name: str) -> str:
    blank_date = long_date(None, document_year(report))
    return f"(Kèm theo Báo cáo số      /{KIND_CODE}-{ISSUER_CODE} {blank_date} của UBND tỉnh {province_name})"


def figures_table(report: ConsolidatedReport) -> Table:
    """Phụ lục I: every element with a total, by sex and by kind of unit, grouped by section."""
    rows: list[list[str]] = []
    for section in report.sections:
        elements = [e for e in section.elements if e.total is not None]
        if not elements:
            continue
        rows.append(["", f"{section.number}. {_text(section.title)}".upper(), "", "", "", "", "", ""])
        for element in elements:
            split = sex_split(element)
            groups = kind_group_totals(element)
            if split:
                male, female = vn_number(split[MALE]), vn_number(split[FEMALE])
            else:
                male = female = NO_VALUE
            rows.append(
                [
                    element.code,
                    _text(element.label),
                    _text(element.unit) or ("đơn vị" if element.value_type == "boolean" else ""),
                    vn_number(element.total),
                    male,
                    female,
                    vn_number(groups[PROVINCIAL_GROUP]),
                    vn_number(groups[LOCAL_GROUP]),
                ]
            )
    codes = [row[0] for row in rows if row[0]]
    code_cm = max((1.1 * estimate_width_cm(code, APPENDIX_TABLE_SIZE) for code in codes), default=2.0) + 0.35
    code_cm = round(min(max(code_cm, 2.0), 5.5), 2)
    fixed = [2.0, 2.5, 1.9, 1.9, 2.45, 2.45]  # unit, total, Nam, Nữ, the two groups
    label_cm = round(LANDSCAPE_TEXT_CM - code_cm - sum(fixed), 2)
    return Table(
        header=["Mã", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nam", "Nữ", PROVINCIAL_GROUP, LOCAL_GROUP],
        rows=rows,
        widths_cm=[code_cm, label_cm, *fixed],
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


def _completeness_appendix(report: ConsolidatedReport, province_name: str) -> Appendix:
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
        _appendix_note(report, province_name),
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
    report: ConsolidatedReport, *, province_name: str = PROVINCE_NAME, issuer_parent: str | None = None
) -> OfficialDocument:
    """The UBND tỉnh's report to the Bộ Nội vụ on the year's gender-equality work (unnumbered,
    undated, unsigned: the clerk registers it and the vice-chairman signs)."""
    # "Tỉnh Thái Nguyên" (a unit's name) and "Thái Nguyên" both give "tỉnh Thái Nguyên" in the text.
    province_name = re.sub(r"^tỉnh\s+", "", _text(province_name), flags=re.IGNORECASE) or PROVINCE_NAME
    period = period_phrase(report)
    body: list[Block] = [
        *_opening(report, province_name),
        *_results(report),
        *_indicators_part(report),
        *_assessment(report),
        *_recommendations(report, province_name),
    ]
    note = _appendix_note(report, province_name)
    appendices = [
        Appendix(
            "Phụ lục I",
            "SỐ LIỆU TỔNG HỢP THEO GIỚI TÍNH",
            note,
            [
                figures_table(report),
                Paragraph(_groups_note(report), italic=True),
            ],
            landscape=True,
        ),
        _completeness_appendix(report, province_name),
    ]
    return OfficialDocument(
        issuer=Issuer(parent=issuer_parent, name=f"Ủy ban nhân dân tỉnh {province_name}"),
        kind_code=KIND_CODE,
        number=None,
        issuer_code=ISSUER_CODE,
        place=province_name,
        date=None,
        year=document_year(report),
        kind_title="Báo cáo",
        subject=(
            f"Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ {period} "
            f"trên địa bàn tỉnh {province_name}"
        ),
        addressees=[ADDRESSEE],
        body=body,
        recipients=list(RECIPIENTS),
        signature=Signature("TM.", "PHÓ CHỦ TỊCH", "", "ỦY BAN NHÂN DÂN", deputy_for="CHỦ TỊCH"),
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
