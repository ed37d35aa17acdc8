"""Parse a Vietnamese administrative plan (Kế hoạch) into structured data.

Public API: :func:`read_document` (file → text), :func:`parse_plan` (text → :class:`ParsedPlan`)
and :class:`PlanParseError`. Nothing here imports Django.
"""

from __future__ import annotations

import re

from .addressees import extract_organisation
from .documents import EMPTY_MESSAGE, read_document
from .errors import PlanParseError
from .header import (
    find_issuer,
    find_numbers,
    find_place_date,
    find_title,
    find_wrapper,
    is_decision_heading,
    is_plan_heading,
)
from .legal import is_legal_paragraph, parse_legal_paragraphs
from .limits import check_length, check_text
from .models import (
    Addressee,
    Deadline,
    LegalBasis,
    ParsedPlan,
    Part,
    Section,
    Window,
    Wrapper,
)
from .schedule import find_deadlines, find_windows
from .structure import (
    ItemBlock,
    Line,
    PartBlock,
    classify,
    split_items,
    split_letter_items,
    split_parts,
    split_title,
    task_lines,
)
from .text import key, normalize_text, split_paragraphs, strip_markdown

__all__ = [
    "Addressee",
    "Deadline",
    "LegalBasis",
    "ParsedPlan",
    "Part",
    "PlanParseError",
    "Section",
    "Window",
    "Wrapper",
    "parse_plan",
    "read_document",
]

NOT_A_PLAN_MESSAGE = (
    "Không nhận ra cấu trúc kế hoạch: không tìm thấy các phần (I, II, ...) hoặc mục Tổ chức thực hiện."
)
_PLAN_ROLES = ("purpose", "content", "organisation")
_TITLE_YEAR = re.compile(r"\bnăm\s+(?P<year>\d{4})\b")
_SCHEDULE_TITLES = ("thời gian", "tiến độ", "lộ trình")


def parse_plan(text: str, default_year: int | None = None) -> ParsedPlan:
    """Structure of the plan in ``text`` (as returned by :func:`read_document`, or pasted).

    ``default_year`` is used for the plan year and for dates written without a year when the
    document itself gives no year. Raises :class:`PlanParseError` when ``text`` is empty or
    has no recognisable plan structure.
    """
    if not text or not text.strip():
        raise PlanParseError(EMPTY_MESSAGE, "empty")
    check_length(text)
    paragraphs = split_paragraphs(strip_markdown(normalize_text(text)))
    check_text(paragraphs)
    wrapper_paragraphs, plan_paragraphs = _split_wrapper(paragraphs)
    lines = [classify(index, paragraph) for index, paragraph in enumerate(plan_paragraphs)]
    preamble, blocks = split_parts(lines)
    if not any(block.role in _PLAN_ROLES for block in blocks):
        raise PlanParseError(NOT_A_PLAN_MESSAGE, "not_a_plan")

    plan = ParsedPlan(parts=[_part(block) for block in blocks])
    _read_front_matter(plan, wrapper_paragraphs, [line.raw for line in preamble], default_year)
    _read_sections(plan, blocks)
    owners = _read_organisation(plan, blocks)
    _read_schedule(plan, blocks, owners)
    if not plan.is_plan:
        raise PlanParseError(NOT_A_PLAN_MESSAGE, "not_a_plan")
    return plan


def _split_wrapper(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """A "QUYẾT ĐỊNH" before the "KẾ HOẠCH" heading wraps the plan: split them apart."""
    decision = next((i for i, p in enumerate(paragraphs) if is_decision_heading(p)), None)
    heading = next((i for i, p in enumerate(paragraphs) if is_plan_heading(p)), None)
    if decision is not None and heading is not None and decision < heading:
        return paragraphs[:heading], paragraphs[heading:]
    return [], paragraphs


def _part(block: PartBlock) -> Part:
    return Part(block.numeral, block.title, block.role, "\n".join(line.raw for line in block.lines))


# Front matter ------------------------------------------------------------------------------


def _read_front_matter(
    plan: ParsedPlan, wrapper_paragraphs: list[str], front: list[str], default_year: int | None
) -> None:
    heading = next((i for i, p in enumerate(front) if is_plan_heading(p)), None)
    header = front[:heading] if heading is not None else front
    body = front[heading + 1 :] if heading is not None else front
    decision = next((i for i, p in enumerate(wrapper_paragraphs) if is_decision_heading(p)), 0)
    document_header = wrapper_paragraphs[:decision] + header

    plan.wrapper = find_wrapper(wrapper_paragraphs, front)
    plan.title = find_title(front, heading) if heading is not None else None
    _read_number(plan, header)
    place_date = find_place_date(header) or find_place_date(wrapper_paragraphs[:decision])
    if place_date:
        plan.place, plan.issued_on = place_date.place, place_date.issued_on
    if plan.issued_on is None and plan.wrapper:
        plan.issued_on = plan.wrapper.issued_on

    legal = [p for p in body if p != plan.title and is_legal_paragraph(p)]
    plan.legal_bases = parse_legal_paragraphs(legal)
    if not plan.legal_bases and plan.wrapper:
        plan.legal_bases = list(plan.wrapper.legal_bases)

    issuer = find_issuer(document_header, front, plan.title, plan.place)
    plan.issuer_name, plan.issuer_level = issuer.name, issuer.level
    plan.province_name, plan.commune_name = issuer.province_name, issuer.commune_name
    plan.year = _plan_year(plan, place_date.year if place_date else None, default_year)
    _front_matter_warnings(plan)


def _read_number(plan: ParsedPlan, header: list[str]) -> None:
    numbers = [number for number in find_numbers(header) if number.code.upper().startswith("KH")]
    if numbers:
        plan.number, plan.number_code = numbers[0].number, numbers[0].code
        if plan.number is None:
            plan.warnings.append(f"Số kế hoạch đang để trống (“Số: /{plan.number_code}”).")
    elif plan.wrapper is None:
        plan.warnings.append("Không tìm thấy số hiệu kế hoạch (dòng “Số: …/KH-…”).")


def _plan_year(plan: ParsedPlan, place_year: int | None, default_year: int | None) -> int | None:
    """From the title ("… năm 2026 …"), else the issue date, else the default."""
    titled = _TITLE_YEAR.search(key(plan.title or ""))
    if titled:
        return int(titled.group("year"))
    if plan.issued_on:
        return plan.issued_on.year
    if place_year:
        return place_year
    if default_year is not None:
        plan.warnings.append(f"Không thấy năm của kế hoạch trong văn bản; dùng năm mặc định {default_year}.")
        return default_year
    plan.warnings.append("Không xác định được năm của kế hoạch.")
    return None


def _front_matter_warnings(plan: ParsedPlan) -> None:
    if plan.title is None:
        plan.warnings.append("Không tìm thấy tên kế hoạch (dòng “KẾ HOẠCH” và tên ở dòng sau).")
    if plan.issued_on is None:
        plan.warnings.append("Chưa có ngày ban hành (dòng “…, ngày … tháng … năm …” để trống hoặc thiếu).")
    if plan.issuer_name is None:
        plan.warnings.append("Không xác định được cơ quan ban hành kế hoạch.")
    if not plan.legal_bases:
        plan.warnings.append("Không tìm thấy văn bản căn cứ (các dòng “Căn cứ …” hoặc câu “Thực hiện …”).")


# Body ----------------------------------------------------------------------------------------


def _items(block: PartBlock) -> list[ItemBlock]:
    _intro, items = split_items(block.lines)
    return items or split_letter_items(block.lines)


def _read_sections(plan: ParsedPlan, blocks: list[PartBlock]) -> None:
    content = [block for block in blocks if block.role == "content"]
    if not content:
        plan.warnings.append("Không tìm thấy phần nội dung, nhiệm vụ của kế hoạch.")
    for block in content:
        items = _items(block)
        if not items:
            plan.warnings.append(
                f"Phần {block.numeral} “{block.title}” không có các mục đánh số (1., 2., …)."
            )
        plan.sections.extend(_section(item, block.numeral) for item in items)


def _section(item: ItemBlock, part_numeral: str) -> Section:
    title, inline = split_title(item.title)
    tasks = ([inline] if inline else []) + [line.text for line in task_lines(item.children)]
    text = "\n".join(([inline] if inline else []) + [line.raw for line in item.children])
    return Section(item.number, title, text, tasks or [title], part_numeral)


def _read_organisation(plan: ParsedPlan, blocks: list[PartBlock]) -> dict[int, str]:
    owners: dict[int, str] = {}
    organisation = [block for block in blocks if block.role == "organisation"]
    if not organisation:
        plan.warnings.append("Không tìm thấy phần Tổ chức thực hiện.")
    for block in organisation:
        result = extract_organisation(_items(block))
        plan.addressees.extend(result.addressees)
        plan.reporting.extend(result.reporting)
        owners.update(result.owners)
    if organisation and not plan.addressees:
        plan.warnings.append(
            "Không tìm thấy cơ quan, đơn vị được giao nhiệm vụ trong phần Tổ chức thực hiện."
        )
    for block in blocks:
        if block.role == "reporting":
            plan.reporting.extend(line.text for line in task_lines(block.lines))
    return owners


def _read_schedule(plan: ParsedPlan, blocks: list[PartBlock], owners: dict[int, str]) -> None:
    every_line = [line for block in blocks for line in block.lines]
    plan.windows = find_windows(every_line, plan.year)
    deadline_lines: list[Line] = [
        line
        for block in blocks
        if block.role in ("organisation", "reporting") or key(block.title).startswith(_SCHEDULE_TITLES)
        for line in block.lines
    ]
    plan.deadlines = find_deadlines(deadline_lines, plan.year, owners)
