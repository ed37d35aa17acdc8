"""The result of parsing a plan: plain dataclasses, JSON-able through ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

PART_ROLES = ("purpose", "content", "funding", "organisation", "reporting", "other")
LEGAL_KINDS = (
    "law",
    "decree",
    "resolution",
    "decision",
    "circular",
    "official_letter",
    "directive",
    "plan",
    "other",
)
GROUP_KINDS = ("departments_and_central_agencies", "departments", "communes", "districts", "other")


@dataclass
class LegalBasis:
    """A document the plan is based on ("Căn cứ …" / "Thực hiện …")."""

    kind: str  # one of LEGAL_KINDS
    number: str | None  # "70/2008/NĐ-CP"; None for a law cited by name and year
    date: date | None
    title: str  # the reference as written: "Luật Bình đẳng giới năm 2006"
    year: int | None = None
    number_code: str | None = None  # "NĐ-CP", "BNV-CTTN&BDG"


@dataclass
class Part:
    """A Roman-numeral part: "II. NỘI DUNG THỰC HIỆN"."""

    numeral: str
    title: str
    role: str  # one of PART_ROLES
    text: str = ""


@dataclass
class Section:
    """A numbered area of work inside a content part, with one task per paragraph/bullet."""

    number: str
    title: str
    text: str
    tasks: list[str] = field(default_factory=list)
    part_numeral: str | None = None


@dataclass
class Addressee:
    """A unit given tasks under "Tổ chức thực hiện"."""

    name: str  # as written, without "Đề nghị"
    tasks: list[str] = field(default_factory=list)
    requested: bool = False  # "Đề nghị …": a body the issuer asks rather than instructs
    group: bool = False  # "Các sở, ban, ngành", "UBND các xã, phường"
    number: str | None = None  # the item number; nested addressees share their parent's
    names: list[str] = field(default_factory=list)  # joint addressees split apart
    group_kind: str | None = None  # one of GROUP_KINDS when ``group``
    parent: str | None = None  # name of the enclosing addressee for nested "- Đề nghị X:"


@dataclass
class Deadline:
    date: date
    what: str
    addressee: str | None = None


@dataclass
class Window:
    start: date
    end: date
    what: str


@dataclass
class Wrapper:
    """The decision (Quyết định) that issues the plan as its attachment."""

    kind: str = "QĐ"
    number: str | None = None  # "123/QĐ-UBND"
    number_code: str | None = None
    issued_on: date | None = None
    title: str | None = None
    legal_bases: list[LegalBasis] = field(default_factory=list)


@dataclass
class ParsedPlan:
    kind: str = "KH"
    number: str | None = None  # "58/KH-UBND"; None when blank ("Số: /KH-UBND")
    number_code: str | None = None  # "KH-UBND"
    issuer_name: str | None = None  # "UBND tỉnh Thái Nguyên"
    issuer_level: str | None = None  # "province" | "commune" | "district"
    province_name: str | None = None
    commune_name: str | None = None
    place: str | None = None
    issued_on: date | None = None
    year: int | None = None
    title: str | None = None
    legal_bases: list[LegalBasis] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    addressees: list[Addressee] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    reporting: list[str] = field(default_factory=list)  # the reporting-regime paragraphs
    wrapper: Wrapper | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def is_plan(self) -> bool:
        return bool(self.parts or self.sections or self.addressees)

    def part(self, role: str) -> Part | None:
        """The first part with ``role``."""
        return next((part for part in self.parts if part.role == role), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able data: dates as ISO strings."""
        return _jsonable(self)


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _jsonable(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value
