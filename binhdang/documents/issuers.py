"""Who issues a consolidated report, from what its root unit is: the UBND of a province ("tỉnh") or
of a centrally-run city ("thành phố"), the Bộ Nội vụ for the country, a department or commune for
its own report. The wording is data (documents/data/issuers.json); this module fills it in from
the report's plain values and never queries."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from binhdang.analytics.report import ConsolidatedReport
from binhdang.documents.formatting import in_sentence, short_date
from binhdang.documents.writer import Issuer, Signature
from binhdang.lib.text import normalize

ISSUERS_FILE = Path(__file__).resolve().parent / "data" / "issuers.json"
COUNTRY, PROVINCE, COMMUNE, UNIT = "country", "province", "commune", "unit"
LOCAL_KINDS = ("commune", "ward", "special_zone")  # they report through their People's Committee


@cache
def issuers_data() -> dict[str, Any]:
    return json.loads(ISSUERS_FILE.read_text(encoding="utf-8"))


@dataclass
class ReportIssuer:
    level: str  # country | province | commune | unit
    issuer: Issuer
    issuer_code: str
    place: str
    addressees: list[str]
    scope: str  # "trên địa bàn tỉnh Thái Nguyên", "trên phạm vi toàn quốc"
    basis: str  # the legal basis cited once in the opening, where there is no plan to cite
    reporter: str  # who reports, in a sentence: "UBND tỉnh Thái Nguyên", "Bộ Nội vụ"
    closing: str
    recommend_to: str
    sources: str
    signature: Signature
    recipients: list[str]
    local: str  # "tỉnh" | "thành phố" | ""
    name: str  # the province's short name, "" for the country


def split_province(name: str) -> tuple[str, str]:
    """ "Tỉnh Thái Nguyên" → ("tỉnh", "Thái Nguyên"); "Thành phố Hà Nội" → ("thành phố", "Hà Nội");
    a bare "Thái Nguyên" is a province."""
    name = normalize(name or "").strip()
    for word, local in issuers_data()["local_words"].items():
        if re.match(rf"{word}\s", name, flags=re.IGNORECASE):
            return local, name[len(word) :].strip()
    return "tỉnh", name


def committee(issuer: str) -> str:
    """Who issued a plan, as a document cites it: a province by its People's Committee ("Tỉnh Thái
    Nguyên" → "UBND tỉnh Thái Nguyên", "Thành phố Huế" → "UBND thành phố Huế"), any other issuer
    by its name."""
    issuer = normalize(issuer or "").strip()
    for word, local in issuers_data()["local_words"].items():
        if re.match(rf"{word}\s", issuer, flags=re.IGNORECASE):
            return f"UBND {local} {issuer[len(word) :].strip()}"
    return issuer


def plan_citation(number: str, issued_on: datetime.date | None, issuer: str, title: str) -> str:
    """ "Kế hoạch số 58/KH-UBND ngày 05/01/2026 của UBND tỉnh Thái Nguyên về thực hiện …", as the
    report and the reminder letter cite the plan they answer to."""
    number, title = normalize(number or "").strip(), normalize(title or "").strip()
    plan = "Kế hoạch"
    if number and re.match(r"\d", number):
        plan += f" số {number}"
    if issued_on:
        plan += f" ngày {short_date(issued_on)}"
    if committee(issuer):
        plan += f" của {committee(issuer)}"
    if title:
        title = re.sub(r"^Kế hoạch\s+", "", title, flags=re.IGNORECASE)
        plan += f" về {in_sentence(title)}"
    return plan


def _level(kind: str, province_name: str) -> str:
    if kind == "country":
        return COUNTRY
    if kind in ("province", "") or not province_name:
        return PROVINCE
    return COMMUNE if kind in LOCAL_KINDS else UNIT


def _short_code(code: str) -> str:
    """ "19-SYT" → "SYT"; a commune's number → "UBND"."""
    tail = code.split("-", 1)[1] if "-" in code else code
    return tail if tail and not tail.isdigit() else "UBND"


def report_issuer(report: ConsolidatedReport) -> ReportIssuer:
    return unit_issuer(report.root_kind, report.root_name, report.root_code, report.province_name)


def unit_issuer(kind: str, unit_name: str, unit_code: str, province_name: str) -> ReportIssuer:
    """Who issues a unit's documents (its report, its answer to a citizen): a province or a
    commune through its People's Committee, a department or organisation under its own name."""
    level = _level(kind, province_name)
    spec = issuers_data()[level]
    province = unit_name if level == PROVINCE else province_name
    local, name = split_province(province) if level != COUNTRY else ("", "")
    unit = normalize(unit_name)
    words = {
        "local": local,
        "name": name,
        "party": "Thành ủy" if local == "thành phố" else "Tỉnh ủy",
        "unit": unit,
        "unit_lower": unit[:1].lower() + unit[1:],
        "unit_short": re.sub(r"^(Xã|Phường|Đặc khu)\s+", "", unit),
        "unit_code": _short_code(unit_code),
    }

    def fill(text: str | None) -> str | None:
        return None if text is None else text.format(**words)

    signature = spec["signature"]
    place = fill(spec["place"])
    place = issuers_data()["places"].get(place, place)
    return ReportIssuer(
        level=level,
        issuer=Issuer(parent=fill(spec["parent"]), name=fill(spec["issuer"])),
        issuer_code=fill(spec["issuer_code"]),
        place=place,
        addressees=[fill(item) for item in spec["addressees"]],
        scope=fill(spec["scope"]),
        basis=fill(spec.get("basis", "")),
        reporter=fill(spec["reporter"]),
        closing=fill(spec["closing"]),
        recommend_to=fill(spec["recommend_to"]),
        sources=fill(spec["sources"]),
        signature=Signature(
            signature["prefix"],
            signature["position"],
            "",
            signature.get("collective") or signature.get("head"),
            deputy_for=signature.get("deputy_for"),
        ),
        recipients=[fill(item) for item in spec["recipients"]],
        local=local,
        name=name,
    )
