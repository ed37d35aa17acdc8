"""Legal bases: "Căn cứ …;" lines and the "Thực hiện …; …, UBND tỉnh ban hành …" sentence."""

from __future__ import annotations

import re

from .dates import find_dates
from .models import LegalBasis
from .text import key

# Document type words, longest first where one contains another. Kinds without a number are
# only accepted for laws ("Luật Bình đẳng giới năm 2006").
_DOCUMENT_TYPES: dict[str, str] = {
    "Hiến pháp": "law",
    "Bộ luật": "law",
    "Luật": "law",
    "Nghị định": "decree",
    "Nghị quyết": "resolution",
    "Quyết định": "decision",
    "Thông tư liên tịch": "circular",
    "Thông tư": "circular",
    "Công văn": "official_letter",
    "Văn bản": "official_letter",
    "Công điện": "official_letter",
    "Chỉ thị": "directive",
    "Kế hoạch": "plan",
    "Kết luận": "other",
    "Hướng dẫn": "other",
    "Thông báo": "other",
    "Chương trình": "other",
    "Đề án": "other",
}
_TYPE_WORDS = "|".join(re.escape(word) for word in _DOCUMENT_TYPES)
_DOCUMENT_TYPE = re.compile(r"(?<!\w)(?P<type>" + _TYPE_WORDS + r")(?!\w)")
# "số 70/2008/NĐ-CP", "48/2009/NĐ-CP", "2855/BNV-CTTN&BDG", "11-CT/TW".
_NUMBER = re.compile(r"\s*(?:số\s*:?\s*)?(?P<number>\d+[\w.&\-]*(?:/[\w.&\-]*\w)+)", re.IGNORECASE)
_NAMED_YEAR = re.compile(r"\bnăm\s+(?P<year>\d{4})\b")
# Where a list of documents is split: ";" or ", " before another numbered document or a law.
_SEPARATOR = re.compile(
    r";|,\s+(?=(?:" + _TYPE_WORDS + r")\s+(?:số\s*)?\d)|,\s+(?=(?:Luật|Bộ luật)\s+[^\W\d_])"
)
# ", UBND tỉnh ban hành Kế hoạch …" ends the list of documents.
_ISSUING_CLAUSE = re.compile(
    r",?\s*(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b[^;]{0,80}?\b(?:ban hành|xây dựng)\s+"
    r"|(?:ban hành|xây dựng)\s+)(?:Kế hoạch|kế hoạch)",
)
_LEAD_WORDS = re.compile(r"^(?:căn cứ|thực hiện|theo|triển khai|và)\s*:?\s+", re.IGNORECASE)
# Codes of the document type inside a number, used when no type word is written.
_CODE_KINDS = (("QH", "law"), ("NĐ", "decree"), ("NQ", "resolution"), ("QĐ", "decision"),
               ("TT", "circular"), ("CT", "directive"), ("KH", "plan"))  # fmt: skip


def is_legal_paragraph(text: str) -> bool:
    """ "Căn cứ …" lines, and "Thực hiện …" sentences that cite documents (not the title)."""
    words = key(text)
    if words.startswith("căn cứ"):
        return True
    return words.startswith("thực hiện") and (
        bool(_ISSUING_CLAUSE.search(text)) or any(_reference(chunk) for chunk in split_references(text))
    )


def cited_documents(text: str) -> int:
    """How many documents a sentence cites ("Nghị quyết số 28/NQ-TW …; Quyết định số 2282/QĐ-TTg …": 2)."""
    return sum(1 for chunk in split_references(text) if _reference(chunk))


def has_issuing_clause(text: str) -> bool:
    """ "…, UBND tỉnh ban hành Kế hoạch …"."""
    return bool(_ISSUING_CLAUSE.search(text))


def split_references(text: str) -> list[str]:
    """The cited documents of a legal paragraph, one string each, without the issuing clause."""
    clause = _ISSUING_CLAUSE.search(text)
    if clause:
        text = text[: clause.start()]
    chunks: list[str] = []
    for chunk in _SEPARATOR.split(text):
        chunk = chunk.strip(" ,.;:")
        while _LEAD_WORDS.match(chunk):
            chunk = _LEAD_WORDS.sub("", chunk, count=1)
        if chunk:
            chunks.append(chunk)
    return chunks


def parse_legal_paragraphs(paragraphs: list[str]) -> list[LegalBasis]:
    """All documents cited by the legal paragraphs, in order, without duplicates."""
    bases: list[LegalBasis] = []
    seen: set[tuple[str, str]] = set()
    for paragraph in paragraphs:
        for chunk in split_references(paragraph):
            basis = parse_reference(chunk)
            if basis is None:
                continue
            identity = (basis.kind, basis.number or key(basis.title))
            if identity not in seen:
                seen.add(identity)
                bases.append(basis)
    return bases


def parse_reference(chunk: str) -> LegalBasis | None:
    """One cited document: "Nghị định số 70/2008/NĐ-CP ngày 04/6/2008 của Chính phủ …"."""
    found = _reference(chunk)
    if found is None:
        return None
    kind, start, number_match = found
    title = chunk[start:].strip(" ,.;:")
    number = number_match.group("number").rstrip(".-") if number_match else None
    after = chunk[number_match.end() :] if number_match else chunk[start:]
    dates = [match for match in find_dates(after) if match.explicit_year]
    issued = dates[0].date if dates else None
    return LegalBasis(
        kind=kind,
        number=number,
        date=issued,
        title=title,
        year=issued.year if issued else _year_of(number, title),
        number_code=number_code(number),
    )


def number_code(number: str | None) -> str | None:
    """ "70/2008/NĐ-CP" → "NĐ-CP", "2855/BNV-CTTN&BDG" → "BNV-CTTN&BDG", "11-CT/TW" → "CT/TW"."""
    if not number or "/" not in number:
        return None
    head, *rest = number.split("/")
    code = [part for part in rest if part and not part.isdigit()]
    prefix = head.lstrip("0123456789").lstrip("-")
    return "/".join(([prefix] if prefix else []) + code) or None


def _reference(chunk: str) -> tuple[str, int, re.Match[str] | None] | None:
    """(kind, start of the reference, number match) for the first recognised document."""
    for match in _DOCUMENT_TYPE.finditer(chunk):
        kind = _DOCUMENT_TYPES[match.group("type")]
        number = _NUMBER.match(chunk, match.end())
        is_law_by_name = kind == "law" and (match.start() == 0 or _NAMED_YEAR.search(chunk, match.end()))
        if number or is_law_by_name:
            return kind, match.start(), number
    number = _NUMBER.match(chunk)
    if number:
        return _kind_from_code(number_code(number.group("number"))), 0, number
    return None


def _kind_from_code(code: str | None) -> str:
    tokens = re.split(r"[-/&]", code or "")
    for prefix, kind in _CODE_KINDS:
        if prefix in tokens:
            return kind
    return "official_letter"


def _year_of(number: str | None, title: str) -> int | None:
    if number:
        for part in number.split("/")[1:]:
            if part.isdigit() and len(part) == 4:
                return int(part)
    named = _NAMED_YEAR.search(title)
    return int(named.group("year")) if named else None
