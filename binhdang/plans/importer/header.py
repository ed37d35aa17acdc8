"""The front matter of a plan: issuer, number, place and date, title, wrapping decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import find_dates
from .legal import cited_documents, has_issuing_clause, parse_legal_paragraphs
from .models import Wrapper
from .text import is_upper_line, key, title_case

# "Số: 58/KH-UBND", "Số: /KH-UBND", "Số:      /QĐ-UBND", "Số: …/KH-UBND".
_NUMBER_LINE = re.compile(r"(?:^|\s)Số\s*:?\s*(?P<digits>\d+)?[\s.…_]*/\s*(?P<code>[^\s,;()]+)")
# "Thái Nguyên, ngày 10 tháng 3 năm 2026" (possibly glued to the number line).
_PLACE_DATE = re.compile(r"(?P<before>[^,]{2,80}),\s*ngày\b")
_YEAR_WORD = re.compile(r"\bnăm\s+(?P<year>\d{4})\b", re.IGNORECASE)
# Header lines naming the issuing People's Committee: "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
# "UBND XÃ ĐẠI TỪ", or "TỈNH THÁI NGUYÊN" under a separate "ỦY BAN NHÂN DÂN" line.
_HEADER_UNIT = re.compile(
    r"^(?:(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+)?"
    r"(?P<level>THÀNH PHỐ|THỊ TRẤN|THỊ XÃ|ĐẶC KHU|TỈNH|XÃ|PHƯỜNG|HUYỆN|QUẬN)\s+(?P<name>\S.*)$"
)
# "UBND tỉnh ban hành", "Ủy ban nhân dân xã Đại Từ ban hành", "trên địa bàn tỉnh Thái Nguyên".
_TEXT_UNIT = re.compile(
    r"\b(?P<level>thành phố|thị trấn|thị xã|đặc khu|tỉnh|xã|phường|huyện|quận)(?P<rest>\s.*|$)"
)
_ISSUING_COMMITTEE = re.compile(
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<tail>.{0,80}?)\s(?:ban hành|xây dựng)\b"
)
_PROVINCE_MENTION = re.compile(r"\b(?:tỉnh|thành phố)(?P<rest>\s+\S.*)")
_TERRITORY = re.compile(r"\btrên địa bàn\s+(?P<unit>.+)$", re.IGNORECASE)
_COMMITTEE_OF = re.compile(r"\bcủa\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<tail>.+)")
_ATTACHED_TO = re.compile(
    r"kèm theo\s+Quyết định\s*(?:số\s*:?\s*)?(?P<digits>\d+)?[\s.…_]*(?:/\s*(?P<code>[^\s,;()]+))?",
    re.IGNORECASE,
)

# A ministry's header line: "BỘ NỘI VỤ", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI".
_MINISTRY = re.compile(r"^BỘ\s+\S.{1,80}$")

_LEVELS = {
    "tỉnh": "province",
    "thành phố": "province",
    "xã": "commune",
    "phường": "commune",
    "đặc khu": "commune",
    "thị trấn": "commune",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
}
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}


@dataclass
class Issuer:
    name: str | None = None  # "UBND tỉnh Thái Nguyên"
    level: str | None = None  # "province" | "district" | "commune"
    province_name: str | None = None
    commune_name: str | None = None


@dataclass
class DocumentNumber:
    number: str | None  # None when the digits are left blank
    code: str  # "KH-UBND"


@dataclass
class PlaceDate:
    place: str | None
    issued_on: date | None
    year: int | None  # "ngày tháng năm 2026" still gives the year


def is_plan_heading(text: str) -> bool:
    """ "KẾ HOẠCH" alone, or a capitals line that starts with it."""
    words = key(text).rstrip(":")
    return words == "kế hoạch" or (is_upper_line(text) and words.startswith("kế hoạch "))


def is_decision_heading(text: str) -> bool:
    return is_upper_line(text) and key(text).rstrip(":") == "quyết định"


def find_numbers(paragraphs: list[str]) -> list[DocumentNumber]:
    numbers: list[DocumentNumber] = []
    for paragraph in paragraphs:
        match = _NUMBER_LINE.search(paragraph)
        if match:
            code = match.group("code").strip(".")
            digits = match.group("digits")
            numbers.append(DocumentNumber(f"{digits}/{code}" if digits else None, code))
    return numbers


def find_place_date(paragraphs: list[str]) -> PlaceDate | None:
    """The "<place>, ngày … tháng … năm …" line of the header."""
    for paragraph in paragraphs:
        match = _PLACE_DATE.search(paragraph)
        if not match:
            continue
        place = _trailing_capitalised(match.group("before"))
        if not place:
            continue
        tail = paragraph[match.end() - len("ngày") :]
        dates = [found for found in find_dates(tail) if found.explicit_year]
        year = _YEAR_WORD.search(tail)
        issued = dates[0].date if dates else None
        return PlaceDate(place, issued, issued.year if issued else int(year.group("year")) if year else None)
    return None


def find_title(paragraphs: list[str], heading_index: int) -> str | None:
    """The plan's title: the rest of the heading line, or the paragraph after "KẾ HOẠCH"."""
    heading = paragraphs[heading_index]
    inline = heading.strip()[len("KẾ HOẠCH") :].strip(" :")
    if inline:
        return inline
    for paragraph in paragraphs[heading_index + 1 : heading_index + 3]:
        if _is_title(paragraph):
            return paragraph.strip()
        if not paragraph.startswith("(") and not find_numbers([paragraph]):
            break
    return None


def _is_title(paragraph: str) -> bool:
    """The line after "KẾ HOẠCH", unless it already cites the legal bases.

    A title may start with "Thực hiện" ("Thực hiện công tác bình đẳng giới năm 2026"), even
    citing a document ("Thực hiện Kế hoạch số 58/KH-UBND …"); a legal sentence lists several
    documents (several, separated by ";") or ends with the issuing clause ("…, UBND tỉnh ban hành Kế
    hoạch"). A ";" alone does not make a legal sentence: a title may hold one.
    """
    words = key(paragraph)
    if paragraph.startswith("(") or words.startswith("căn cứ"):
        return False
    if ";" in paragraph and cited_documents(paragraph) >= 2:
        return False
    return len(paragraph) <= 400 and not has_issuing_clause(paragraph)


def find_issuer(header: list[str], preamble: list[str], title: str | None, place: str | None) -> Issuer:
    """Who issues the plan.

    In order: the header lines; the issuing sentence ("…, UBND tỉnh ban hành …"); the note
    "(Ban hành kèm theo Quyết định … của UBND tỉnh X)"; the title ("… trên địa bàn tỉnh X").
    A missing name is taken from the title, or for a province from the place of signature.
    A commune's province, absent from its header, is the first province its text names
    (usually in "Căn cứ Kế hoạch … của UBND tỉnh Thái Nguyên").
    """
    issuer = _issuer_from_header(header)
    if not issuer.level:
        issuer = _issuer_from_text(preamble, title, place)
    if issuer.level == "commune" and issuer.province_name is None:
        issuer.province_name = _province_mentioned([*header, *preamble, title or ""])
    return issuer


def _issuer_from_text(preamble: list[str], title: str | None, place: str | None) -> Issuer:
    level, level_word, name = _issuer_from_sentence(preamble)
    if level is None:
        level, level_word, name = _issuer_from_note(preamble)
    territory = _territory(title)
    if level is None and territory:
        level, level_word, name = _first_unit(territory)
    if level is None or level_word is None:
        return Issuer()
    if not name and territory:
        found_level, _word, found_name = _first_unit(territory)
        name = found_name if found_level == level else None
    if not name and level == "province" and place:
        name = place
    return _issuer(level, level_word, name)


def _issuer_from_header(header: list[str]) -> Issuer:
    found: list[tuple[str, str, str]] = []  # (level, level word, name)
    ministry = next((line for line in header if _MINISTRY.match(line) and is_upper_line(line)), None)
    if ministry is not None:  # "BỘ NỘI VỤ": a ministry's plan, whatever provinces it names
        return Issuer(name="Bộ " + ministry.split(None, 1)[1].capitalize(), level="ministry")
    for line in header:
        match = _HEADER_UNIT.match(line)
        if not match:
            continue
        name = _leading_capitals(match.group("name"))
        if name and not name.startswith(("ỦY", "UỶ")):
            level_word = match.group("level").lower()
            found.append((_LEVELS[level_word], level_word, title_case(name)))
    if not found:
        return Issuer()
    level, level_word, name = min(found, key=lambda item: _LEVEL_RANK[item[0]])
    issuer = _issuer(level, level_word, name)
    provinces = [item for item in found if item[0] == "province"]
    if provinces and issuer.province_name is None:
        issuer.province_name = provinces[0][2]
    return issuer


def _issuer(level: str, level_word: str, name: str | None) -> Issuer:
    return Issuer(
        name=f"UBND {level_word} {name}" if name else None,
        level=level,
        province_name=name if level == "province" else None,
        commune_name=name if level == "commune" else None,
    )


def _issuer_from_sentence(preamble: list[str]) -> tuple[str | None, str | None, str | None]:
    """ "…, UBND tỉnh ban hành Kế hoạch …" → ("province", "tỉnh", None)."""
    for paragraph in preamble:
        for match in _ISSUING_COMMITTEE.finditer(paragraph):
            found = _first_unit(match.group("tail"))
            if found[0]:
                return found
    return None, None, None


def _issuer_from_note(preamble: list[str]) -> tuple[str | None, str | None, str | None]:
    """ "(Ban hành kèm theo Quyết định số … của UBND tỉnh Lào Cai)" → the committee named."""
    for paragraph in preamble:
        attached = _ATTACHED_TO.search(paragraph)
        committee = _COMMITTEE_OF.search(paragraph, attached.end()) if attached else None
        if committee:
            return _first_unit(committee.group("tail"))
    return None, None, None


def _first_unit(text: str) -> tuple[str | None, str | None, str | None]:
    """ "tỉnh Thái Nguyên, …" → ("province", "tỉnh", "Thái Nguyên"); "tỉnh ban hành" has no name."""
    match = _TEXT_UNIT.match(text)
    if match is None:
        return None, None, None
    name = _leading_capitalised(match.group("rest")) or None
    return _LEVELS[match.group("level")], match.group("level"), name


def _province_mentioned(paragraphs: list[str]) -> str | None:
    """The first "tỉnh Thái Nguyên" / "thành phố Hà Nội" named in ``paragraphs``."""
    for paragraph in paragraphs:
        for match in _PROVINCE_MENTION.finditer(paragraph):
            name = _leading_capitalised(match.group("rest"))
            if name:
                return name
    return None


def _territory(title: str | None) -> str | None:
    """ "… trên địa bàn tỉnh Thái Nguyên" → "tỉnh Thái Nguyên" (not other units the title cites)."""
    match = _TERRITORY.search(title or "")
    return match.group("unit") if match else None


def find_wrapper(wrapper_paragraphs: list[str], plan_preamble: list[str]) -> Wrapper | None:
    """The decision issuing the plan: its own text, or the "(Ban hành kèm theo …)" note."""
    attached = next((p for p in plan_preamble if _ATTACHED_TO.search(p)), None)
    if not wrapper_paragraphs and attached is None:
        return None
    wrapper = Wrapper()
    decision_numbers = [n for n in find_numbers(wrapper_paragraphs) if n.code.startswith("QĐ")]
    if decision_numbers:
        wrapper.number, wrapper.number_code = decision_numbers[0].number, decision_numbers[0].code
    place_date = find_place_date(wrapper_paragraphs)
    if place_date:
        wrapper.issued_on = place_date.issued_on
    if attached is not None:
        _fill_from_attached_note(wrapper, attached)
    wrapper.title = _decision_title(wrapper_paragraphs)
    legal = [p for p in wrapper_paragraphs if key(p).startswith("căn cứ")]
    wrapper.legal_bases = parse_legal_paragraphs(legal)
    return wrapper


def _fill_from_attached_note(wrapper: Wrapper, note: str) -> None:
    match = _ATTACHED_TO.search(note)
    if match is None:
        return
    code = (match.group("code") or "").strip(".") or None
    if wrapper.number is None and match.group("digits") and code:
        wrapper.number = f"{match.group('digits')}/{code}"
    wrapper.number_code = wrapper.number_code or code
    if wrapper.issued_on is None:
        dates = [found for found in find_dates(note[match.end() :]) if found.explicit_year]
        wrapper.issued_on = dates[0].date if dates else None


def _decision_title(paragraphs: list[str]) -> str | None:
    """ "Về việc ban hành Kế hoạch …" after the "QUYẾT ĐỊNH" heading, or Article 1."""
    for position, paragraph in enumerate(paragraphs):
        if is_decision_heading(paragraph) and position + 1 < len(paragraphs):
            following = paragraphs[position + 1]
            if key(following).startswith(("về việc", "v/v", "ban hành")):
                return following.strip()
    return next((p.strip() for p in paragraphs if key(p).startswith("điều 1")), None)


def _leading_capitals(text: str) -> str:
    """The leading run of capitals words: "THÁI NGUYÊN Độc lập …" → "THÁI NGUYÊN"."""
    words: list[str] = []
    for word in text.split():
        letters = [ch for ch in word if ch.isalpha()]
        if not (letters and all(ch.isupper() for ch in letters)) and word not in {"-", "–"}:
            break
        words.append(word)
    return " ".join(words).strip(" -–,.")


def _leading_capitalised(text: str) -> str:
    """The leading run of capitalised words: " Thái Nguyên, cụ thể …" → "Thái Nguyên"."""
    words: list[str] = []
    for word in text.split():
        clean = word.strip(",.;:()")
        if not clean or not (clean[0].isupper() or clean.isdigit() or clean in {"-", "–"}):
            break
        words.append(clean)
        if clean != word.rstrip(")"):
            break
    return " ".join(words).strip(" -–")


def _trailing_capitalised(text: str) -> str:
    """The trailing run of capitalised words: "Số: 58/KH-UBND Thái Nguyên" → "Thái Nguyên"."""
    words: list[str] = []
    for word in reversed(text.split()):
        if not word[0].isupper() or any(ch.isdigit() or ch in "/:" for ch in word):
            break
        words.append(word)
    return " ".join(reversed(words))
