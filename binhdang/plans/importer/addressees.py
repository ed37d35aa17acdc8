"""Addressees of the "Tổ chức thực hiện" part: who is instructed or asked to do what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Addressee
from .structure import DEPTH, FOOTNOTE, ItemBlock, Line, is_lead_in, split_title
from .text import canonical_tones, key

# Words that start the name of a unit, as written (capitalised). Longer forms first.
UNIT_WORDS = (
    "Ủy ban nhân dân", "Ủy ban", "UBND", "Sở", "Ban", "Hội đồng", "Hội", "Công an", "Thanh tra",
    "Thống kê", "Liên đoàn", "Tỉnh đoàn", "Đoàn", "Báo", "Đài", "Bộ Chỉ huy", "Bộ chỉ huy",
    "Bộ đội", "Bộ", "Kho bạc", "Thuế", "Bảo hiểm xã hội", "Văn phòng", "Trung tâm", "Chi cục",
    "Cục", "Phòng", "Trường", "Trạm", "Bệnh viện", "Ngân hàng", "Viện kiểm sát", "Viện",
    "Tòa án", "Công chức", "Đảng ủy", "Tỉnh ủy", "Mặt trận", "Cơ quan", "Quỹ", "Chi nhánh",
    "Học viện", "Đại học", "Cảnh sát", "Hợp tác xã", "Ủy ban MTTQ",
)  # fmt: skip
# Phrases that start with a unit word but are not units ("Ban hành …", "Báo cáo …").
_NOT_UNITS = (
    "ban hành", "ban chỉ đạo xây dựng", "hội nghị", "hội thảo", "hội thi", "hội diễn", "báo cáo",
    "phòng ngừa", "phòng, chống", "phòng chống", "phòng tránh", "trường hợp", "đoàn kết",
    "bộ luật", "bộ tiêu chí", "bộ công cụ", "bộ tài liệu", "bộ chỉ số", "thanh tra,", "thanh tra việc",
    "thanh tra các", "thống kê,", "thống kê số liệu", "thống kê các", "đài thọ", "cơ quan chức năng",
)  # fmt: skip
_UNIT_START = re.compile(r"^(?:" + "|".join(re.escape(word) for word in UNIT_WORDS) + r")(?!\w)")
# Where a joint addressee is split: ", " or " và " before another unit word.
_JOINT_SPLIT = re.compile(
    r"(?:,\s+|\s+và\s+)(?=(?:" + "|".join(re.escape(word) for word in UNIT_WORDS) + r")(?!\w))"
)
# "… và các tổ chức thành viên": a tail kept in ``name`` but not in ``names``.
_GENERIC_TAIL = re.compile(
    r"\s+(?:và|cùng)\s+các\s+(?:tổ chức thành viên|tổ chức chính trị - xã hội|đơn vị|cơ quan|tổ chức)\b.*$"
)
_GROUP_PREFIXES = (
    "các ", "ubnd các", "ủy ban nhân dân các", "ubnd cấp xã", "ủy ban nhân dân cấp xã",
    "ubnd xã, phường", "ủy ban nhân dân xã, phường", "ubnd các cấp", "ủy ban nhân dân các cấp",
)  # fmt: skip
_REQUEST = re.compile(r"^đề nghị\s+", re.IGNORECASE)
_OWNER_PREFIX = re.compile(r"^(?:trách nhiệm của|nhiệm vụ của|giao)\s+", re.IGNORECASE)
_COMMUNE_WORD = re.compile(r"\b(?:xã(?!\s+hội)|phường|đặc khu|thị trấn)\b")
_DISTRICT_WORD = re.compile(r"\b(?:huyện|thị xã|quận)\b")

# Verbs that end a unit's name in a one-line item: "Sở Nội vụ chủ trì, …".
_TASK_VERB = re.compile(
    r"\s+(?=(?:là|chủ trì|phối hợp|chịu trách nhiệm|có trách nhiệm|tham mưu|hướng dẫn|tổ chức|triển khai"
    r"|thực hiện|xây dựng|căn cứ|chỉ đạo|theo dõi|tăng cường|đẩy mạnh|rà soát|tuyên truyền|bố trí"
    r"|kiểm tra|lồng ghép|tiếp tục|hỗ trợ)(?!\w))"
)
# Numbered items of the organisation part that are not addressees.
_REPORTING_TITLES = ("chế độ", "báo cáo", "thông tin, báo cáo", "thông tin báo cáo")
_OTHER_TITLES = (
    "tổ chức thực hiện", "kinh phí", "thời gian", "tiến độ", "chủ trì", "phối hợp", "cơ quan chủ trì",
    "cơ quan phối hợp", "khen thưởng", "điều khoản", "hiệu lực", "kiểm tra, giám sát", "sơ kết", "tổng kết",
)  # fmt: skip
# Headings that only group the addressees listed under them.
_GROUPING_TITLES = ("phân công", "trách nhiệm", "nhiệm vụ của", "giao nhiệm vụ")


@dataclass
class Organisation:
    """What the organisation part yields."""

    addressees: list[Addressee] = field(default_factory=list)
    reporting: list[str] = field(default_factory=list)  # texts of "Chế độ thông tin, báo cáo"
    owners: dict[int, str] = field(default_factory=dict)  # line index → addressee name


def looks_like_unit(name: str) -> bool:
    """ "Sở Nội vụ", "UBND các xã, phường" — not "Chủ trì, phối hợp …" nor "Báo cáo …"."""
    name = canonical_tones(name.strip())
    if is_group(name):
        return True
    return bool(_UNIT_START.match(name)) and not key(name).startswith(_NOT_UNITS)


def is_group(name: str) -> bool:
    words = key(name)
    return words.startswith(_GROUP_PREFIXES) or words.startswith("tất cả các ")


def group_kind(name: str) -> str | None:
    """The kind of a group addressee, None for a single unit."""
    if not is_group(name):
        return None
    words = key(name)
    if re.search(r"\bsở\b|\bngành\b", words):
        if "trung ương" in words:
            return "departments_and_central_agencies"
        return "departments"
    if _COMMUNE_WORD.search(words):
        return "communes"
    if _DISTRICT_WORD.search(words):
        return "districts"
    return "other"


def split_joint_names(name: str) -> list[str]:
    """ "Báo và phát thanh, truyền hình Thái Nguyên, Trung tâm thông tin tỉnh" → two names."""
    if is_group(name):
        return [name]
    names = []
    for part in _JOINT_SPLIT.split(canonical_tones(name)):
        part = _GENERIC_TAIL.sub("", part).strip(" ,;.")
        if part:
            names.append(part)
    return names or [name]


def make_addressee(head: str, number: str | None = None, parent: str | None = None) -> Addressee:
    """An addressee from its heading text: "Đề nghị Hội Liên hiệp Phụ nữ tỉnh:"."""
    requested, name = strip_request(head)
    name = _OWNER_PREFIX.sub("", name).strip(" :;.")
    return Addressee(
        name=name,
        requested=requested,
        group=is_group(name),
        number=number,
        names=split_joint_names(name),
        group_kind=group_kind(name),
        parent=parent,
    )


def strip_request(text: str) -> tuple[bool, str]:
    """ "Đề nghị X" → (True, "X")."""
    stripped = _REQUEST.sub("", text.strip(), count=1)
    return stripped != text.strip(), stripped


def extract_organisation(items: list[ItemBlock]) -> Organisation:
    """Addressees, in order, from the numbered items of the organisation part."""
    result = Organisation()
    for item in items:
        head, inline = split_title(item.title)
        words = key(head)
        if words.startswith(_REPORTING_TITLES):
            result.reporting.extend(_reporting_texts(item, head, inline))
            continue
        if words.startswith(_OTHER_TITLES):
            continue
        _extract_item(item, head, inline, words.startswith(_GROUPING_TITLES), result)
    return result


def _extract_item(item: ItemBlock, head: str, inline: str, grouping: bool, result: Organisation) -> None:
    if not inline and not _texts(item):
        head, inline = split_unit_sentence(head)
    top = make_addressee(head, number=item.number)
    if inline:
        _assign(top, inline, item.line.index, result)
    nested: list[Addressee] = []
    current, current_depth = top, 0
    children = _texts(item)
    for position, child in enumerate(children):
        following = children[position + 1] if position + 1 < len(children) else None
        unit = nested_unit(child)
        if unit is not None:
            sub_head, sub_inline = unit
            current = make_addressee(sub_head, number=item.number, parent=top.name)
            current_depth = DEPTH[child.kind]
            nested.append(current)
            if sub_inline:
                _assign(current, sub_inline, child.index, result)
            continue
        if current is not top and child.kind in DEPTH and DEPTH[child.kind] <= current_depth:
            current = top
        if not is_lead_in(child, following):
            _assign(current, child.text, child.index, result)
    if grouping:  # "Trách nhiệm của các sở, ngành": the units under it are the addressees
        drop_top = bool(nested) or not looks_like_unit(top.name)
    else:
        drop_top = not top.tasks and bool(nested) and (top.group or not looks_like_unit(top.name))
    if drop_top:
        for sub in nested:
            sub.parent = None
    else:
        result.addressees.append(top)
    result.addressees.extend(nested)


def nested_unit(line: Line) -> tuple[str, str] | None:
    """A bullet naming another addressee: "- Đề nghị Hội LHPN tỉnh:", "a) Sở Y tế: …".

    Returns (heading, inline task) or None.
    """
    if line.kind not in DEPTH:
        return None
    requested, rest = strip_request(line.text)
    head, inline = split_title(rest, limit=120)
    if not head or not (inline or line.text.endswith(":")):
        return None
    if requested or (looks_like_unit(head) and len(head.split()) <= 14):
        prefix = "Đề nghị " if requested else ""
        return prefix + head, inline
    return None


def _reporting_texts(item: ItemBlock, head: str, inline: str) -> list[str]:
    """ "15. Chế độ thông tin, báo cáo" + its a), b); or a one-line "4. Báo cáo … trước ngày …"."""
    texts = ([inline] if inline else []) + [line.text for line in _texts(item)]
    return texts or [head]


def split_unit_sentence(text: str) -> tuple[str, str]:
    """ "Sở Nội vụ là cơ quan thường trực, …" → ("Sở Nội vụ", "là cơ quan thường trực, …").

    For one-line items without a colon; the text is returned whole when no unit name is
    followed by one of the usual task verbs.
    """
    requested, rest = strip_request(text)
    verb = _TASK_VERB.search(rest)
    if verb and looks_like_unit(rest[: verb.start()]):
        return ("Đề nghị " if requested else "") + rest[: verb.start()], rest[verb.end() :]
    return text, ""


def _texts(item: ItemBlock) -> list[Line]:
    return [line for line in item.children if line.kind != FOOTNOTE and line.text]


def _assign(addressee: Addressee, task: str, index: int, result: Organisation) -> None:
    addressee.tasks.append(task)
    result.owners[index] = addressee.name
