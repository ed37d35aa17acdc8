"""Who issues a consolidated report, from what its root unit is: the UBND of a province ("tỉnh") or
of a centrally-run city ("thành phố"), the Bộ Nội vụ for the country, a department or commune for
its own report. The wording is data (documents/data/issuers.json); this module fills it in from
the report's plain values and never queries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from binhdang.analytics.report import ConsolidatedReport
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


def _level(report: ConsolidatedReport) -> str:
    if report.root_kind == "country":
        return COUNTRY
    if report.root_kind in ("province", "") or not report.province_name:
        return PROVINCE
    return COMMUNE if report.root_kind in LOCAL_KINDS else UNIT


def _short_code(code: str) -> str:
    """ "19-SYT" → "SYT"; a commune's number → "UBND"."""
    tail = code.split("-", 1)[1] if "-" in code else code
    return tail if tail and not tail.isdigit() else "UBND"


def report_issuer(report: ConsolidatedReport) -> ReportIssuer:
    level = _level(report)
    spec = issuers_data()[level]
    province = report.root_name if level == PROVINCE else report.province_name
    local, name = split_province(province) if level != COUNTRY else ("", "")
    unit = normalize(report.root_name)
    words = {
        "local": local,
        "name": name,
        "party": "Thành ủy" if local == "thành phố" else "Tỉnh ủy",
        "unit": unit,
        "unit_lower": unit[:1].lower() + unit[1:],
        "unit_short": re.sub(r"^(Xã|Phường|Đặc khu)\s+", "", unit),
        "unit_code": _short_code(report.root_code),
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
