"""Synthetic reports: plausible figures for every unit of one or more provinces, fast and reproducible.

`generate_synthetic()` loads what is missing (the register of the chosen provinces, the dimensions,
the BDG-NAM form), opens the annual periods (2026, then 2025, 2024 … with the national cut-off
dates), and writes for every unit that must report a report with a realistic status and dates, its
values (the sparse fact table: one row per entered cell), and — where the period has a plan — the
unit's task results. It bypasses the per-cell services on purpose: rows are built in Python and
written with `bulk_create`, one transaction per province, so the whole country takes minutes.

Determinism: every random draw comes from `random.Random` seeded with text made of the seed, the
province and the period (the province's units are taken in code order), or, for what a unit is
like from year to year (its size, whether it knows the breakdown by sex …), the seed and the
unit's code. The same seed gives the same rows; another seed other rows.

The figures follow the form's rules: a part is drawn from its whole (full-time officials from
officials, handled from found, spent from planned), so `validation.validate` finds nothing to say.
"""

from __future__ import annotations

import datetime
import math
import random
import re
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from vietnam_provinces import Province

from binhdang.core import audit
from binhdang.core.scoping import subtree_q
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import Dimension
from binhdang.lib.numbers import format_number
from binhdang.lib.totals import element_totals
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from binhdang.orgunits.loader import REGISTER_VALID_FROM, load_register, province_code
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import PlanStatus, TaskStatus
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Assignment, Plan, TaskProgress
from binhdang.plans.services import do_publish_plan
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.completeness import (
    ACCEPTED,
    AWAITING_APPROVAL,
    DRAFT,
    MISSING,
    RECEIVED,
    RETURNED,
    expected_units,
)
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import DataValue, ReportingPeriod, ReportTemplate, Submission, TemplateElement
from binhdang.reporting.services import do_create_period
from binhdang.reporting.spec import TOTAL, Key, make_key
from binhdang.reporting.validation import OUTLIER_FACTOR, OUTLIER_MARGIN

Progress = Callable[[str, int, int], None]

TEMPLATE_CODE, TEMPLATE_VERSION = "BDG-NAM", 1
LATEST_YEAR = 2026
MAX_YEARS = 10
BATCH_SIZE = 2000
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PLAN_PROVINCE = "19"  # Thái Nguyên: the province whose plan ships with the code
SAMPLE_PLAN = (
    Path(__file__).resolve().parents[1] / "plans" / "importer" / "samples" / "kh_thai_nguyen_2026.txt"
)

# What the coordinator sees at the end of the current period (shares in %, assigned exactly, not
# drawn one by one, so a province of 60 units has the same mix as the country).
STATUS_MIX = {ACCEPTED: 75, RECEIVED: 8, AWAITING_APPROVAL: 4, RETURNED: 4, DRAFT: 4, MISSING: 5}
# Earlier periods are closed: almost everything was accepted.
CLOSED_MIX = {ACCEPTED: 92, RECEIVED: 2, RETURNED: 1, MISSING: 5}
LATE_SHARE = 0.10  # of the reports that reached the coordinator
TOTAL_ONLY_SHARE = 0.05  # units that do not know the breakdown and enter totals only
BOTH_SHARE = 0.03  # units that type the total and the parts (always equal)

# fmt: off
# The 54 ethnic groups in the order of their codes (01 Kinh … 54 Ơ Đu, as in dimensions.json).
ETHNIC_GROUPS = (
    "Kinh Tày Thái Mường Khmer Hoa Nùng Mông Dao Gia_Rai Ê_Đê Ba_Na Sán_Chay Chăm Cơ_Ho Xơ_Đăng Sán_Dìu "
    "Hrê Ra_Glai Mnông Thổ Xtiêng Khơ_Mú Bru_Vân_Kiều Cơ_Tu Giáy Tà_Ôi Mạ Giẻ_Triêng Co Chơ_Ro Xinh_Mun "
    "Hà_Nhì Chu_Ru Lào La_Chí Kháng Phù_Lá La_Hủ La_Ha Pà_Thẻn Lự Ngái Chứt Lô_Lô Mảng Cơ_Lao Bố_Y Cống "
    "Si_La Pu_Péo Rơ_Măm Brâu Ơ_Đu"
).split()
ETHNIC_CODE = {name.replace("_", " "): f"{index:02d}" for index, name in enumerate(ETHNIC_GROUPS, start=1)}
KINH = ETHNIC_CODE["Kinh"]

# Approximate population shares (%) of the provinces as merged in 2025 (censuses of 2019, rounded);
# the northern mountain provinces are minority-heavy, the delta and the south Kinh-majority.
ETHNIC_PROFILES: dict[str, dict[str, float]] = {
    "01": {"Kinh": 98.5, "Mường": 0.8, "Tày": 0.2, "Dao": 0.2, "Nùng": 0.1, "Thái": 0.1, "Hoa": 0.1},
    "04": {"Tày": 40, "Nùng": 31, "Mông": 11, "Dao": 10, "Kinh": 6, "Sán Chay": 1, "Lô Lô": 0.5},
    "08": {
        "Tày": 25, "Mông": 22, "Kinh": 22, "Dao": 13, "Nùng": 5, "Sán Chay": 4, "Giáy": 1.5,
        "La Chí": 0.8, "Pà Thẻn": 0.4, "Lô Lô": 0.3, "Bố Y": 0.2, "Phù Lá": 0.2, "Pu Péo": 0.1,
    },
    "11": {
        "Mông": 37, "Thái": 35, "Kinh": 17, "Khơ Mú": 3.3, "Lào": 1, "Dao": 1, "Hà Nhì": 0.6,
        "Kháng": 0.2, "Cống": 0.2, "Si La": 0.1,
    },
    "12": {
        "Thái": 32, "Mông": 26, "Kinh": 14, "Dao": 13, "Hà Nhì": 6, "La Hủ": 2.5, "Giáy": 2, "Lự": 1.5,
        "Khơ Mú": 1, "Mảng": 0.8, "Cống": 0.5, "Lào": 0.2, "Si La": 0.1,
    },
    "14": {
        "Thái": 53, "Mông": 17, "Kinh": 16, "Mường": 8, "Xinh Mun": 2.5, "Dao": 2, "Khơ Mú": 1.5,
        "Kháng": 1, "La Ha": 0.8, "Lào": 0.3,
    },
    "15": {
        "Kinh": 40, "Mông": 18, "Tày": 15, "Dao": 13, "Thái": 3, "Giáy": 2, "Nùng": 2, "Mường": 1.5,
        "Hà Nhì": 1, "Phù Lá": 1, "Khơ Mú": 0.5, "Bố Y": 0.2, "La Chí": 0.2,
    },
    "19": {
        "Kinh": 62, "Tày": 18, "Nùng": 7, "Dao": 5, "Sán Dìu": 3, "Sán Chay": 2.5, "Mông": 1.5, "Hoa": 0.3,
    },
    "20": {"Nùng": 43, "Tày": 35, "Kinh": 16, "Dao": 4, "Sán Chay": 0.5, "Hoa": 0.4, "Mông": 0.4},
    "22": {"Kinh": 88, "Dao": 5, "Tày": 4, "Sán Dìu": 1.7, "Sán Chay": 1, "Hoa": 0.4},
    "24": {"Kinh": 91, "Nùng": 3.5, "Tày": 2.5, "Sán Chay": 1.2, "Sán Dìu": 1, "Dao": 0.5, "Hoa": 0.3},
    "25": {"Kinh": 73, "Mường": 22, "Dao": 1.5, "Tày": 1, "Thái": 1, "Sán Dìu": 0.5, "Mông": 0.3},
    "38": {"Kinh": 83, "Mường": 9, "Thái": 6, "Mông": 0.5, "Thổ": 0.2, "Dao": 0.2, "Khơ Mú": 0.2},
    "40": {"Kinh": 86, "Thái": 9.5, "Thổ": 2, "Khơ Mú": 1.3, "Mông": 1, "Ơ Đu": 0.02},
    "42": {"Kinh": 99.8, "Chứt": 0.1, "Lào": 0.05},
    "44": {"Kinh": 95, "Bru Vân Kiều": 4, "Tà Ôi": 0.4, "Chứt": 0.3},
    "46": {"Kinh": 95, "Tà Ôi": 3, "Cơ Tu": 1.3, "Bru Vân Kiều": 0.5},
    "48": {"Kinh": 92, "Cơ Tu": 3.5, "Xơ Đăng": 2, "Giẻ Triêng": 1, "Co": 0.5, "Hoa": 0.3},
    "51": {
        "Kinh": 72, "Xơ Đăng": 9, "Hrê": 8, "Ba Na": 4, "Giẻ Triêng": 2, "Co": 2, "Gia Rai": 1,
        "Brâu": 0.05, "Rơ Măm": 0.05,
    },
    "52": {"Kinh": 72, "Gia Rai": 17, "Ba Na": 8.5, "Hrê": 0.5, "Tày": 0.3, "Nùng": 0.3, "Chăm": 0.3},
    "56": {"Kinh": 85, "Ra Glai": 7.5, "Chăm": 5.5, "Cơ Ho": 0.8, "Hoa": 0.5},
    "66": {
        "Kinh": 72, "Ê Đê": 14, "Nùng": 2.5, "Tày": 2.5, "Mnông": 2, "Thái": 1, "Mông": 1, "Gia Rai": 1,
        "Ba Na": 0.5, "Chăm": 0.5,
    },
    "68": {
        "Kinh": 80, "Cơ Ho": 5.5, "Mnông": 3, "Tày": 2, "Nùng": 2, "Mạ": 1.5, "Chăm": 1.5, "Hoa": 1,
        "Mông": 1, "Ra Glai": 0.8, "Chu Ru": 0.7, "Dao": 0.5,
    },
    "75": {
        "Kinh": 90, "Xtiêng": 3, "Hoa": 2.5, "Nùng": 1.2, "Tày": 0.8, "Khmer": 0.8, "Chơ Ro": 0.5, "Mạ": 0.3,
    },
    "79": {"Kinh": 93, "Hoa": 4.5, "Khmer": 0.5, "Chăm": 0.1, "Chơ Ro": 0.1, "Tày": 0.2, "Nùng": 0.2},
    "80": {"Kinh": 99, "Khmer": 0.4, "Chăm": 0.2, "Hoa": 0.2},
    "86": {"Kinh": 88, "Khmer": 11, "Hoa": 0.5},
    "91": {"Kinh": 90, "Khmer": 8.5, "Hoa": 1, "Chăm": 0.5},
    "92": {"Kinh": 84, "Khmer": 13.5, "Hoa": 2.3},
    "96": {"Kinh": 94, "Khmer": 4.5, "Hoa": 1.3},
}
DEFAULT_PROFILE = {"Kinh": 99.3, "Hoa": 0.2, "Mường": 0.2, "Tày": 0.2, "Khmer": 0.1}
NORTHERN_MOUNTAINS = frozenset({"04", "08", "11", "12", "14", "15", "19", "20"})
CITIES = frozenset({"01", "31", "46", "48", "79", "92"})
BORDER = frozenset({"04", "08", "11", "12", "14", "15", "20", "40", "44", "80", "82", "91"})  # trafficking
HIGH_SRB = frozenset({"01", "24", "25", "31", "33", "37"})  # the Red River delta

# Provincial bodies (by the part of their code after the province) that handle victims directly.
GBV_RATES = {  # support type -> share of the victims the body received
    "CA": {"HEALTH": 0.15, "LEGAL": 0.25, "COUNSEL": 0.3, "POLICE": 0.95},
    "SYT": {"HEALTH": 0.95, "COUNSEL": 0.4},
    "STP": {"LEGAL": 0.95, "COUNSEL": 0.2},
    "HLHPN": {"LEGAL": 0.3, "COUNSEL": 0.9, "SHELTER": 0.3},
}
LOCAL_GBV_RATES = {"HEALTH": 0.25, "LEGAL": 0.3, "COUNSEL": 0.6, "SHELTER": 0.05, "POLICE": 0.45}
BODY_BUDGET = {  # millions of đồng planned in a typical year
    "SNV": 700, "HLHPN": 450, "SYT": 350, "SVHTTDL": 300, "CA": 200, "STP": 150, "SDTTG": 250,
}
# fmt: on

RETURN_REASONS = (
    "Bổ sung số liệu tập huấn và truyền thông.",
    "Số liệu kinh phí chưa tách theo nguồn, đề nghị bổ sung.",
    "Số người bị bạo lực theo nhóm tuổi chưa khớp với sổ theo dõi, đề nghị rà soát lại.",
    "Thiếu kết quả thực hiện các nhiệm vụ được giao tại Kế hoạch, đề nghị bổ sung.",
    "Đề nghị ghi chú cách ước tính số người dân được tiếp cận kiến thức về bình đẳng giới.",
    "Số thành viên Ban Vì sự tiến bộ của phụ nữ chưa cập nhật sau kiện toàn, đề nghị kiểm tra lại.",
)
REACH_NOTES = (
    "Ước tính theo số người tham gia trực tiếp và vùng phủ sóng của loa truyền thanh cơ sở.",
    "Ước tính theo số hộ được tuyên truyền qua tổ dân phố, thôn, xóm (bình quân 3,6 người/hộ).",
)
DIFFICULTIES = (
    "Cán bộ làm công tác bình đẳng giới kiêm nhiệm nhiều việc, thay đổi sau sắp xếp bộ máy.",
    "Kinh phí bố trí cho công tác bình đẳng giới còn hạn chế.",
    "Chưa có phần mềm theo dõi số liệu bạo lực trên cơ sở giới tại cơ sở.",
)
IN_PROGRESS_NOTES = (
    "Đang triển khai, dự kiến hoàn thành trong quý I năm sau.",
    "Đã xây dựng kế hoạch, đang tổ chức thực hiện.",
    "Đã thực hiện một phần; phần còn lại chờ bố trí kinh phí.",
)
NOT_STARTED_NOTES = (
    "Chưa triển khai do chưa được bố trí kinh phí.",
    "Đơn vị sẽ triển khai trong năm sau.",
    "",
)
RISE_NOTES = (
    "Tăng do tổ chức thêm nhiều hoạt động hưởng ứng Tháng hành động và các sự kiện của địa phương.",
    "Tăng so với năm trước do được bố trí thêm kinh phí và mở rộng đối tượng tham gia.",
)
FALL_NOTES = (
    "Giảm do sắp xếp tổ chức bộ máy; một số hoạt động được lồng ghép vào chương trình khác.",
    "Giảm so với năm trước do không được bố trí kinh phí cho hoạt động này.",
)
NOT_APPLICABLE_NOTES = ("Nhiệm vụ không phát sinh tại đơn vị.", "Không thuộc chức năng, nhiệm vụ của đơn vị.")


class SyntheticDataError(Exception):
    """The generator cannot run as asked; the message is for the person who ran it."""


class SyntheticDataExists(SyntheticDataError):
    """The chosen periods already have reports in the chosen provinces (and replace was not asked)."""


@dataclass
class SyntheticResult:
    provinces: int
    units: int  # units that had to report, summed over the periods
    submissions: int
    values: int
    seconds: float
    task_results: int = 0
    periods: list[str] = field(default_factory=list)


# Random helpers ---------------------------------------------------------------------------------


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n <= 40:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def _split(rng: random.Random, n: int, weights: dict[Any, float]) -> dict[Any, int]:
    """A multinomial draw: n spread over the keys in proportion to the weights."""
    result: dict[Any, int] = {}
    remaining, left = n, sum(weights.values())
    items = list(weights.items())
    for index, (key, weight) in enumerate(items):
        if index == len(items) - 1:
            result[key] = remaining
            break
        drawn = _binomial(rng, remaining, weight / left if left > 0 else 0)
        result[key] = drawn
        remaining -= drawn
        left -= weight
    return result


def _money(amount: float, step: int = 100_000) -> int:
    return max(0, int(amount // step) * step)


def _vn(number: int) -> str:
    """1234567 -> "1.234.567", as Vietnamese write it (notes are user text, not localised output)."""
    return format_number(number)


def _sex(f: int, m: int) -> dict[Key, int]:
    return {make_key(sex="F"): f, make_key(sex="M"): m}


def _by_sex(rng: random.Random, n: int, women: float) -> dict[Key, int]:
    f = _binomial(rng, n, min(max(women, 0.0), 1.0))
    return _sex(f, n - f)


def _thin(rng: random.Random, parts: dict[Key, int], rate: float) -> dict[Key, int]:
    """A part of each cell (handled of found, supported of victims …): never more than the cell."""
    return {key: _binomial(rng, value, rate) for key, value in parts.items()}


def _sex_only(parts: dict[Key, int]) -> dict[Key, int]:
    totals: dict[Key, int] = {}
    for key, value in parts.items():
        sex_key = make_key(sex=key[0])
        totals[sex_key] = totals.get(sex_key, 0) + value
    return totals


# The form ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Element:
    code: str
    pk: int
    value_type: str
    dims: tuple[str, ...]
    section: int


class _Form:
    """The template's placements, and which of them each kind of unit (or named body) fills."""

    def __init__(self, template: ReportTemplate) -> None:
        self.placements = [
            (
                placement,
                _Element(
                    placement.element.code,
                    placement.element.pk,
                    placement.element.value_type,
                    tuple(d for d in DIMENSIONS if d in placement.element.dimensions),
                    placement.section.order,
                ),
            )
            for placement in TemplateElement.objects.filter(section__template=template)
            .select_related("section", "element")
            .order_by("section__order", "order")
        ]
        self._cache: dict[tuple[str, str], dict[str, _Element]] = {}

    def elements(self, unit: OrgUnit) -> dict[str, _Element]:
        key = (unit.kind, unit.code.split("-", 1)[1] if "-" in unit.code else "")
        if key not in self._cache:
            self._cache[key] = {
                element.code: element for placement, element in self.placements if placement.applies_to(unit)
            }
        return self._cache[key]


PARTS, TOTAL_ONLY, BOTH = "parts", "total", "both"


class _Cells:
    """The cells one unit typed. Elements outside the unit's form are silently not written."""

    def __init__(self, form: dict[str, _Element], mode: str) -> None:
        self.form = form
        self.mode = mode
        self.values: dict[tuple[str, Key], Decimal | str] = {}
        self.comments: dict[tuple[str, Key], str] = {}
        self.amounts: dict[str, int] = {}  # element totals, for the task notes

    def has(self, code: str) -> bool:
        return code in self.form

    def number(self, code: str, value: float | int | Decimal, comment: str = "") -> None:
        if code not in self.form:
            return
        self.values[(code, TOTAL)] = value if isinstance(value, Decimal) else Decimal(value)
        self.amounts[code] = int(value)
        if comment:
            self.comments[(code, TOTAL)] = comment

    def flag(self, code: str, yes: bool) -> None:
        self.number(code, Decimal(1 if yes else 0))

    def text(self, code: str, text: str) -> None:
        if code in self.form:
            self.values[(code, TOTAL)] = text

    def parts(self, code: str, parts: dict[Key, int], mode: str | None = None) -> None:
        """A broken-down figure: its parts, its total, or both (equal), as this unit enters them."""
        element = self.form.get(code)
        if element is None:
            return
        total = sum(parts.values())
        self.amounts[code] = total
        if total == 0:
            self.values[(code, TOTAL)] = Decimal(0)
            return
        mode = mode or self.mode
        if mode in (TOTAL_ONLY, BOTH) or not element.dims:
            self.values[(code, TOTAL)] = Decimal(total)
        if mode == TOTAL_ONLY or not element.dims:
            return
        for key, value in parts.items():
            if tuple(d for d, option in zip(DIMENSIONS, key, strict=True) if option) != element.dims:
                raise ValueError(f"{code}: {key} is not a cell of {element.dims}")
            if value or element.dims == ("sex",):  # the form shows both sexes; other zeros stay blank
                self.values[(code, key)] = Decimal(value)

    def totals(self) -> dict[str, Decimal]:
        """Each numeric element's total as validation reads it (lib.totals: the one rule)."""
        numeric = {
            cell: value
            for cell, value in self.values.items()
            if self.form[cell[0]].value_type in ("integer", "money", "decimal")
        }
        return element_totals(numeric)

    def explain_changes(self, previous: dict[str, Decimal], rng: random.Random) -> None:
        """A note on each figure far from last period's: the outlier warning asks for one before sending."""
        for code, now in self.totals().items():
            before = previous.get(code)
            if before is None:
                continue
            if now > before * OUTLIER_FACTOR + OUTLIER_MARGIN:
                note = rng.choice(RISE_NOTES)
            elif now * OUTLIER_FACTOR + OUTLIER_MARGIN < before:
                note = rng.choice(FALL_NOTES)
            else:
                continue
            cell = (
                (code, TOTAL)
                if (code, TOTAL) in self.values
                else next(c for c in self.values if c[0] == code)
            )
            self.comments.setdefault(cell, note)

    def keep_sections(self, last: int) -> None:
        """A draft: only the first sections are filled so far."""
        self.values = {cell: v for cell, v in self.values.items() if self.form[cell[0]].section <= last}


# Provinces and units ----------------------------------------------------------------------------


@dataclass
class _Province:
    unit: OrgUnit
    code: str
    ethnic: dict[str, float]  # option code -> share of the population
    minority: float
    mountain: bool
    border: bool
    city: bool
    ntp: bool  # receives the national target programme for ethnic-minority areas
    population: int = 0
    local_units: int = 0


@dataclass
class _Profile:
    """What a unit is like, the same every year."""

    scale: float
    population: int
    mode: str
    minority: float
    groups: dict[str, float]  # minority groups of the unit (option code -> relative weight)
    committee: bool
    intl: bool
    women: float  # the unit's tilt in women's participation
    budget: float
    difficulty: str
    rates: dict[str, float]  # per course, per event, copies per title …: a unit's habits


def _province_context(unit: OrgUnit) -> _Province:
    weights = ETHNIC_PROFILES.get(unit.code, DEFAULT_PROFILE)
    total = sum(weights.values())
    ethnic = {ETHNIC_CODE[name]: share / total for name, share in weights.items()}
    minority = 1 - ethnic.get(KINH, 0)
    return _Province(
        unit=unit,
        code=unit.code,
        ethnic=ethnic,
        minority=minority,
        mountain=unit.code in NORTHERN_MOUNTAINS,
        border=unit.code in BORDER,
        city=unit.code in CITIES,
        ntp=minority >= 0.05,
    )


def _profile(seed: int, unit: OrgUnit, province: _Province) -> _Profile:
    rng = random.Random(f"synthetic:{seed}:unit:{unit.code}")
    local = unit.kind in LOCAL_KINDS
    scale = math.exp(rng.gauss(0, 0.35))
    base = {OrgUnitKind.COMMUNE: 18_000, OrgUnitKind.WARD: 32_000, OrgUnitKind.SPECIAL_ZONE: 9_000}
    population = int(base.get(unit.kind, 0) * scale * (1.3 if province.city else 1.0))
    draw = rng.random()
    mode = TOTAL_ONLY if draw < TOTAL_ONLY_SHARE else BOTH if draw < TOTAL_ONLY_SHARE + BOTH_SHARE else PARTS
    if local and province.minority > 0:
        # Minorities live together: a commune is either in an ethnic-minority area (mostly minority
        # people) or not (a few); wards seldom are. The chance keeps the province's overall share.
        chance = min(0.95, province.minority / 0.65) * (0.3 if unit.kind == OrgUnitKind.WARD else 1.0)
        if rng.random() < chance:
            minority = rng.betavariate(4, 1.5)
        else:
            minority = province.minority * rng.uniform(0, 0.3)
    else:
        minority = province.minority
    groups = {
        code: share * math.exp(rng.gauss(0, 0.7)) for code, share in province.ethnic.items() if code != KINH
    }
    top = sorted(groups.items(), key=lambda item: (-item[1], item[0]))[: rng.randint(2, 5)]
    suffix = unit.code.split("-", 1)[-1]
    intl_chance = {"HLHPN": 0.5, "SYT": 0.4, "SNV": 0.35, "SDTTG": 0.3}.get(suffix, 0.08)
    return _Profile(
        scale=scale,
        population=population,
        mode=mode,
        minority=minority,
        groups=dict(top),
        committee=rng.random() < (0.93 if local else 0.88),
        intl=not local and rng.random() < intl_chance,
        women=rng.gauss(0, 0.02),
        budget=math.exp(rng.gauss(0, 0.4)),
        difficulty=rng.choice(DIFFICULTIES),
        rates={
            "per_course": rng.uniform(25, 70),
            "per_event": rng.uniform(40, 110),
            "per_em_event": rng.uniform(30, 90),
            "per_activity": rng.uniform(30, 100),
            "copies": rng.uniform(40, 400),
            "reach": rng.uniform(0.3, 0.8),
            "villages": rng.uniform(0.8, 1.2),
            "media": rng.uniform(120, 480),
            "social": rng.uniform(100, 400),
            "intl_funds": rng.uniform(80, 900),
            "coops": rng.uniform(250, 1200),
        },
    )


# The figures ------------------------------------------------------------------------------------


class _Filler:
    """One unit's figures for one period, section by section; the larger figure is drawn first."""

    def __init__(
        self, rng: random.Random, unit: OrgUnit, province: _Province, profile: _Profile, year: int
    ) -> None:
        self.rng = rng
        self.unit = unit
        self.province = province
        self.p = profile
        self.local = unit.kind in LOCAL_KINDS
        self.suffix = unit.code.split("-", 1)[1] if "-" in unit.code else ""
        self.growth = 1.0 + 0.05 * (year - LATEST_YEAR)
        self.size = profile.scale * self.growth if self.local else self.growth
        self.staff_share = 0.6

    def fill(self, cells: _Cells) -> None:
        for step in (
            self.direction,
            self.committee,
            self.staff,
            self.training,
            self.communication,
            self.action_month,
            self.conventions,
            self.violence,
            self.inspection,
            self.feedback,
            self.international,
            self.budget,
            self.statistics,
        ):
            step(cells)
        for code, element in cells.form.items():
            if element.value_type == "text" and self.rng.random() < 0.3:
                cells.text(code, self.p.difficulty)

    def women(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high) + self.p.women

    def around(self, mean: float, spread: float = 0.3) -> int:
        """A count near the unit's usual level: steady from year to year, as real units are."""
        if mean < 2:
            return _poisson(self.rng, mean)
        return max(0, round(mean * self.rng.uniform(1 - spread, 1 + spread)))

    def rate(self, name: str, spread: float = 0.15) -> float:
        return self.p.rates[name] * self.rng.uniform(1 - spread, 1 + spread)

    def direction(self, c: _Cells) -> None:
        r = self.rng
        if self.local:
            c.number("DIR_DOCS", 1 + _poisson(r, 1.5))
            c.number("DIR_PLANS_MAINSTREAMED", _poisson(r, 1.0))
            drafts = _poisson(r, 0.8)
        else:
            c.number("DIR_DOCS", (4 + _poisson(r, 4)) if self.suffix == "SNV" else 1 + _poisson(r, 2))
            c.number("DIR_PLANS_MAINSTREAMED", _poisson(r, 1.5))
            drafts = _poisson(r, 8 if self.suffix == "STP" else 4)
            c.number("DIR_SEDP_GENDER_TARGETS", r.randint(8, 20))
        c.number("DIR_LEGAL_DRAFTS", drafts)
        c.number("DIR_LEGAL_MAINSTREAMED", _binomial(r, drafts, 0.55))
        c.number("DIR_LEGAL_GIA", _binomial(r, drafts, 0.2))

    def committee(self, c: _Cells) -> None:
        r = self.rng
        c.flag("CMT_EXISTS", self.p.committee)
        if not self.p.committee:
            return
        members = r.randint(7, 13) if self.local else r.randint(5, 11)
        share = 0.9 if self.suffix == "HLHPN" else self.women(0.35, 0.6)
        c.parts("CMT_MEMBERS", _by_sex(r, members, share))
        c.number("CMT_MEETINGS", r.randint(1, 4))

    def staff(self, c: _Cells) -> None:
        r = self.rng
        if self.suffix == "SNV":
            officials, share, fulltime = 2 + _poisson(r, 2), self.women(0.5, 0.7), 0.5
        elif self.suffix == "HLHPN":
            officials, share, fulltime = 3 + _poisson(r, 3), 0.95, 0.5
        else:
            officials = min(6, 1 + _poisson(r, 0.9 if self.local else 0.6))
            share, fulltime = self.women(0.5, 0.75), 0.06
        staff = _by_sex(r, officials, share)
        c.parts("STAFF_OFFICIALS", staff)
        c.parts("STAFF_FULLTIME", _thin(r, staff, fulltime))
        c.parts("STAFF_NEW", _thin(r, staff, 0.2))
        self.staff_share = share

    def training(self, c: _Cells) -> None:
        r = self.rng
        lam = {"HLHPN": 8, "SNV": 4, "SVHTTDL": 2}.get(self.suffix, 1.3 * self.size if self.local else 1.2)
        courses = _poisson(r, lam)
        c.number("TRAIN_COURSES", courses)
        if not courses:
            return
        participants = round(courses * self.rate("per_course"))
        women = 0.85 if self.suffix == "HLHPN" else self.women(0.55, 0.65)
        trained = _by_sex(r, participants, women)
        c.parts("TRAIN_PARTICIPANTS", trained)
        new = _by_sex(r, min(participants, _poisson(r, 1.5)), self.staff_share)
        c.parts("TRAIN_NEW_OFFICIALS", {key: min(value, trained[key]) for key, value in new.items()})

    def communication(self, c: _Cells) -> None:
        r, s, suffix = self.rng, self.size, self.suffix
        if self.local:
            conferences, theatre = 1 + self.around(3 * s), _poisson(r, 1.0 * s)
            media, social, clubs = self.around(8 * s), self.around(10 * s), _poisson(r, 2 * s)
        else:
            conferences = {"HLHPN": 8 + self.around(10), "SVHTTDL": 3 + self.around(5)}.get(suffix)
            if conferences is None:
                conferences = self.around(3)
            theatre = _poisson(r, 4 if suffix == "SVHTTDL" else 0.3)
            media = round(self.rate("media")) if self.unit.kind == OrgUnitKind.MEDIA else self.around(4)
            social = round(self.rate("social")) if self.unit.kind == OrgUnitKind.AGENCY else self.around(12)
            clubs = _poisson(r, 1)
        contests = _poisson(r, 0.3)
        c.number("COMM_CONFERENCES", conferences)
        c.number("COMM_CONTESTS", contests)
        c.number("COMM_THEATRE", theatre)
        c.number("COMM_EXHIBITIONS", _poisson(r, 1 if suffix == "SVHTTDL" else 0.1))
        titles = 1 + _poisson(r, 1.5)
        c.number("COMM_PUBLICATION_TITLES", titles)
        c.number("COMM_PUBLICATION_COPIES", round(titles * self.rate("copies"), -1))
        c.number("COMM_MEDIA_ITEMS", media)
        c.number("COMM_SOCIAL_POSTS", social)
        c.number("COMM_CLUBS", clubs)
        events = conferences + theatre + contests
        participants = round(events * self.rate("per_event"))
        if participants:
            c.parts("COMM_PARTICIPANTS", _by_sex(r, participants, self.women(0.55, 0.65)))
        # Activities in ethnic-minority areas: only where minorities live.
        if self.local:
            em_events = _poisson(r, min(8.0, 1 + 6 * self.p.minority) * s) if self.p.minority >= 0.15 else 0
        elif self.province.minority >= 0.1 and (suffix in ("SDTTG", "HLHPN") or r.random() < 0.3):
            em_events = _poisson(r, 2 + 4 * self.province.minority)
        else:
            em_events = 0
        c.number("COMM_EM_EVENTS", em_events)
        if em_events and participants:
            reached = min(participants, round(em_events * self.rate("per_em_event")))
            weights = {KINH: (1 - self.p.minority) * 0.35}  # Kinh living in those areas
            total_groups = sum(self.p.groups.values()) or 1
            for code, weight in self.p.groups.items():
                weights[code] = self.p.minority * weight / total_groups
            by_group = _split(r, reached, weights)
            mode = TOTAL_ONLY if r.random() < 0.15 else None  # "if not by ethnicity, the total row only"
            c.parts("COMM_EM_PARTICIPANTS", {make_key(ethnicity=k): v for k, v in by_group.items()}, mode)
        if self.p.population:
            note = r.choice(REACH_NOTES) if r.random() < 0.25 else ""
            c.number("COMM_PEOPLE_REACHED", round(self.p.population * self.rate("reach", 0.1), -1), note)

    def action_month(self, c: _Cells) -> None:
        r = self.rng
        planned = r.random() < (0.9 if self.local else 0.85)
        c.flag("AM_PLAN", planned)
        if not planned:
            return
        activities = (5 + self.around(5)) if self.suffix == "HLHPN" else 1 + self.around(3 * self.size)
        c.number("AM_ACTIVITIES", activities)
        participants = round(activities * self.rate("per_activity"))
        c.parts("AM_PARTICIPANTS", _by_sex(r, participants, self.women(0.58, 0.68)))

    def conventions(self, c: _Cells) -> None:
        if not self.local:
            return
        r = self.rng
        low, high = {OrgUnitKind.WARD: (12, 40), OrgUnitKind.SPECIAL_ZONE: (3, 10)}.get(
            self.unit.kind, (10, 30)
        )
        # The villages of a unit are the same every year; how many were reviewed varies.
        villages = max(1, round((low + high) / 2 * self.p.scale * self.p.rates["villages"]))
        reviewed = _binomial(r, villages, r.uniform(0.4, 0.95))
        c.number("VC_TOTAL", villages)
        c.number("VC_REVIEWED", reviewed)
        c.number("VC_AMENDED", _binomial(r, reviewed, r.uniform(0.05, 0.4)))

    def violence(self, c: _Cells) -> None:
        r, p = self.rng, self.province
        if self.local:
            rates = LOCAL_GBV_RATES
            cases = _poisson(r, 2.2 * self.size * (1.3 if p.mountain else 1.0))
        elif self.suffix in GBV_RATES:
            rates = GBV_RATES[self.suffix]
            base = {"CA": 25, "SYT": 30, "STP": 15, "HLHPN": 20}[self.suffix]
            cases = _poisson(r, base * math.sqrt(max(p.population, 300_000) / 1_500_000) * self.growth)
        else:
            rates = {}
            cases = -1  # bodies that do not receive victims leave the section blank
        if cases >= 0:
            ages = {"LT16": 0.12, "16_59": 0.76, "GE60": 0.12}
            weights = {
                make_key(sex=sex, age_band=age): (0.83 if sex == "F" else 0.17) * share
                for sex in ("F", "M")
                for age, share in ages.items()
            }
            victims = _split(r, cases, weights)
            c.parts("GBV_CASES", victims)
            supported = _thin(r, victims, 0.85 if self.local else 0.95)
            c.parts("GBV_SUPPORT_ANY", supported)
            by_sex = _sex_only(supported)
            for kind, rate in rates.items():
                c.parts(f"GBV_SUPPORT_{kind}", _thin(r, by_sex, rate))
            if self.local or self.suffix == "CA":
                perpetrators = _binomial(r, cases, 0.8)
                found = _by_sex(r, perpetrators, 0.12)
                c.parts("GBV_PERPETRATORS", found)
                c.parts("GBV_PERP_COUNSELLED", _thin(r, found, 0.7))
            if self.local:
                c.number("GBV_MODELS", _poisson(r, 0.6))
                c.number("GBV_TRUSTED_ADDRESSES", _poisson(r, 1.2 * self.size))
                c.number("GBV_SHELTERS", _poisson(r, 0.2))
                c.number("DV_CASES_HANDLED", _binomial(r, cases, 0.65))
            elif self.suffix == "HLHPN":
                c.number("GBV_MODELS", 3 + _poisson(r, 8))
                c.number("GBV_TRUSTED_ADDRESSES", 5 + _poisson(r, 20))
                c.number("GBV_SHELTERS", 1 + _poisson(r, 3))
            elif self.suffix == "CA":
                c.number("GBV_MODELS", _poisson(r, 1))
        if self.suffix == "SVHTTDL":
            c.number("DV_CASES_HANDLED", _poisson(r, 1.5))
        if self.local or self.suffix == "CA":
            lam = (0.6 if p.border else 0.12) * self.growth if self.local else (12 if p.border else 4)
            weights = {
                make_key(sex=sex, age_band=age): (0.8 if sex == "F" else 0.2) * share
                for sex in ("F", "M")
                for age, share in {"LT16": 0.15, "16_59": 0.83, "GE60": 0.02}.items()
            }
            returned = _split(r, _poisson(r, lam), weights)
            c.parts("TRAF_RETURNED", returned)
            c.parts("TRAF_SUPPORTED", _thin(r, returned, 0.8))

    def inspection(self, c: _Cells) -> None:
        r = self.rng
        if self.suffix == "TTRA":
            held, found = 2 + _poisson(r, 3), _poisson(r, 2.5)
        elif self.unit.kind == OrgUnitKind.MASS_ORG:
            held, found = 1 + _poisson(r, 2), _poisson(r, 0.5)
        else:
            held = _poisson(r, 0.6)
            found = _poisson(r, 0.4 * held)
        c.number("INSP_HELD", held)
        if held:
            c.number("INSP_VIOLATIONS_FOUND", found)
            c.number("INSP_VIOLATIONS_HANDLED", _binomial(r, found, 0.85))

    def feedback(self, c: _Cells) -> None:
        r = self.rng
        received = _poisson(r, {"SNV": 2, "HLHPN": 3}.get(self.suffix, 0.25 if self.local else 0.3))
        c.number("FB_RECEIVED", received)
        if received:
            c.number("FB_RESOLVED", _binomial(r, received, 0.85))

    def international(self, c: _Cells) -> None:
        projects = self.rng.randint(1, 3) if self.p.intl else 0
        c.number("INTL_PROJECTS", projects)
        if projects:
            c.number("INTL_FUNDS", _money(self.rate("intl_funds", 0.3) * 1_000_000, 1_000_000))

    def budget(self, c: _Cells) -> None:
        r, p = self.rng, self.province
        if self.local:
            total = 35e6 * self.p.scale * self.p.budget * self.growth * (1.2 if p.mountain else 1.0)
            shares = {"COMMUNE": 0.55, "PROVINCE": 0.2, "CENTRAL": 0.35 if p.ntp else 0.0}
            if not p.ntp and r.random() < 0.3:
                shares["CENTRAL"] = 0.05
        else:
            kind_base = {OrgUnitKind.MEDIA: 120, OrgUnitKind.AGENCY: 80, OrgUnitKind.MASS_ORG: 200}
            base = BODY_BUDGET.get(self.suffix, kind_base.get(self.unit.kind, 120))
            total = base * 1e6 * self.p.budget * self.growth
            shares = {"PROVINCE": 0.75, "CENTRAL": 0.3 if p.ntp else 0.15}
            if self.p.intl:
                shares["INTL"] = 0.2
        if r.random() < (0.35 if self.local else 0.2):
            shares["PRIVATE"] = 0.08
        if self.local and r.random() < 0.03:
            shares["INTL"] = 0.15
        weight = sum(shares.values())
        planned = {
            make_key(funding_source=source): _money(total * share / weight * r.uniform(0.8, 1.2))
            for source, share in shares.items()
            if share
        }
        planned = {key: value for key, value in planned.items() if value}
        spent = {key: _money(value * r.uniform(0.65, 1.0)) for key, value in planned.items()}
        c.parts("BUDGET_PLANNED", planned)
        c.parts("BUDGET_SPENT", spent)
        central = spent.get(make_key(funding_source="CENTRAL"), 0)
        if p.ntp:
            c.number("BUDGET_NTP_SPENT", _money(central * r.uniform(0.4, 1.0)))

    def statistics(self, c: _Cells) -> None:
        r, p = self.rng, self.province
        population = max(p.population, 300_000)
        if c.has("STAT_SRB"):
            low, high = (113.0, 118.0) if p.code in HIGH_SRB else (105.5, 110.0) if p.mountain else (108, 113)
            srb = round(r.uniform(low, high), 1)
            c.number(
                "STAT_SRB", Decimal(str(srb)), "Nguồn: số liệu thống kê chuyên ngành dân số của Sở Y tế."
            )
            births = round(population * r.uniform(0.012, 0.016))
            boys = round(births * srb / (100 + srb))
            c.parts("STAT_BIRTHS", _sex(births - boys, boys))
            c.number("STAT_MATERNAL_DEATHS", _poisson(r, births * 46 / 100_000))
            facilities = r.randint(3, 9)
            c.number("STAT_SOCIAL_FACILITIES", facilities)
            c.number("STAT_SOCIAL_FAC_GBV", _binomial(r, facilities, 0.5))
        if c.has("STAT_ENTERPRISES"):
            enterprises = round(population * r.uniform(0.006, 0.011))
            c.number("STAT_ENTERPRISES", enterprises)
            c.number("STAT_ENTERPRISES_WOMEN", _binomial(r, enterprises, r.uniform(0.24, 0.3)))
            coops = round(self.p.rates["coops"] * math.sqrt(population / 1_500_000) * r.uniform(0.95, 1.05))
            c.number("STAT_COOPS", coops)
            c.number("STAT_COOPS_WOMEN", _binomial(r, coops, r.uniform(0.1, 0.2)))
        if c.has("STAT_GOV_UNITS"):
            units = p.local_units + r.randint(20, 30)
            c.number("STAT_GOV_UNITS", units)
            c.number("STAT_GOV_UNITS_WOMAN_LEADER", _binomial(r, units, r.uniform(0.12, 0.25)))
            c.parts(
                "STAT_PIPELINE",
                _by_sex(r, round(population * r.uniform(0.0006, 0.0012)), r.uniform(0.3, 0.4)),
            )
        if c.has("STAT_EMPLOYED"):
            employed = _by_sex(r, round(population * r.uniform(0.55, 0.6)), r.uniform(0.47, 0.49))
            wage = (0.6, 0.72) if p.city else (0.2, 0.32) if p.mountain else (0.4, 0.55)
            agri = (0.04, 0.12) if p.city else (0.5, 0.68) if p.mountain else (0.22, 0.4)
            c.parts("STAT_EMPLOYED", employed)
            c.parts("STAT_WAGE_WORKERS", _thin(r, employed, r.uniform(*wage)))
            c.parts("STAT_EMPLOYED_AGRI", _thin(r, employed, r.uniform(*agri)))
            c.number(
                "STAT_VIOLENCE_15",
                Decimal(str(round(r.uniform(30, 60), 1))),
                "Điều tra quốc gia về bạo lực đối với phụ nữ năm 2019 (Tổng cục Thống kê).",
            )


# Reports and their dates ------------------------------------------------------------------------


def _exact_mix(rng: random.Random, count: int, mix: dict[str, int]) -> list[str]:
    """`count` states in the proportions of `mix` (largest remainders), in a shuffled order."""
    total = sum(mix.values())
    exact = {state: count * share / total for state, share in mix.items()}
    numbers = {state: int(value) for state, value in exact.items()}
    by_remainder = sorted(mix, key=lambda state: (-(exact[state] - numbers[state]), list(mix).index(state)))
    for state in by_remainder[: count - sum(numbers.values())]:
        numbers[state] += 1
    states = [state for state in mix for _ in range(numbers[state])]
    rng.shuffle(states)
    return states


def _moment(rng: random.Random, due: datetime.date, late: bool) -> datetime.datetime:
    """When a report was sent: mostly in the last days before the due date; late ones in the weeks after."""
    if late:
        day = due + datetime.timedelta(days=1 + min(int(rng.expovariate(1 / 4)), 20))
    else:
        day = due - datetime.timedelta(days=min(int(rng.expovariate(1 / 4)), 25))
    if day == due and not late and rng.random() < 0.25:
        minute = rng.randint(17 * 60 + 30, 23 * 60 + 58)  # the evening of the due day still counts
    else:
        minute = rng.randint(7 * 60 + 30, 17 * 60)
    return datetime.datetime.combine(
        day, datetime.time(minute // 60, minute % 60, rng.randint(0, 59)), tzinfo=HCM
    )


def _submission(
    rng: random.Random, period: ReportingPeriod, unit: OrgUnit, state: str, late: bool
) -> Submission:
    submission = Submission(period=period, unit=unit, version=rng.randint(2, 15))
    if state == DRAFT:
        submission.status, submission.version = S.DRAFT, rng.randint(1, 6)
        return submission
    sent = _moment(rng, period.due_date, late)
    submission.submitted_at = sent
    if state == AWAITING_APPROVAL:
        submission.status = S.SUBMITTED  # waits for the unit head: nothing reached the coordinator yet
        return submission
    submission.delivered_at = sent
    if state == RECEIVED:
        submission.status = S.SUBMITTED
    elif state == ACCEPTED:
        submission.status = S.ACCEPTED
        submission.accepted_at = sent + datetime.timedelta(minutes=rng.randint(90, 6 * 24 * 60))
    else:
        submission.status = S.RETURNED
        submission.return_reason = rng.choice(RETURN_REASONS)
    return submission


def _late_flags(rng: random.Random, states: list[str]) -> list[bool]:
    """Exactly LATE_SHARE of the reports that reached the coordinator came after the due date."""
    delivered = [i for i, state in enumerate(states) if state in (ACCEPTED, RECEIVED, RETURNED)]
    late = set(rng.sample(delivered, round(len(delivered) * LATE_SHARE)))
    reached = set(delivered)
    return [i in late if i in reached else rng.random() < LATE_SHARE for i in range(len(states))]


# Task results -----------------------------------------------------------------------------------


def _plan_tasks(plan: Plan) -> list[tuple[int, int, int | None, int | None, list[str]]]:
    """(task id, order, unit id, group's parent id, group's kinds) of every assignment of the plan."""
    if plan.status != PlanStatus.PUBLISHED:
        return []
    return [
        (task_id, order, unit_id, parent_id, kinds or [])
        for task_id, order, unit_id, parent_id, kinds in Assignment.objects.filter(task__plan=plan)
        .values_list("task_id", "task__order", "unit_id", "group__parent_id", "group__kinds")
        .order_by("task__order", "pk")
    ]


def _done_note(rng: random.Random, cells: _Cells) -> str:
    conferences, people = cells.amounts.get("COMM_CONFERENCES", 0), cells.amounts.get("COMM_PARTICIPANTS", 0)
    courses, trained = cells.amounts.get("TRAIN_COURSES", 0), cells.amounts.get("TRAIN_PARTICIPANTS", 0)
    notes = [
        "Đã triển khai đầy đủ theo kế hoạch; kết quả cụ thể tại biểu số liệu kèm theo.",
        "Đã hoàn thành, lồng ghép với các hoạt động của Tháng hành động vì bình đẳng giới.",
        "Đã ban hành văn bản triển khai và tổ chức thực hiện đúng tiến độ.",
    ]
    if conferences and people:
        notes.append(
            f"Đã tổ chức {_vn(conferences)} hội nghị, buổi tuyên truyền "
            f"với {_vn(people)} lượt người tham gia."
        )
    if courses and trained:
        notes.append(f"Đã tổ chức {_vn(courses)} lớp tập huấn cho {_vn(trained)} lượt người.")
    return rng.choice(notes)


def _task_results(
    rng: random.Random,
    assignments: list[tuple[int, int, int | None, int | None, list[str]]],
    unit: OrgUnit,
    state: str,
    cells: _Cells,
    skip: set[tuple[int, int]],
) -> list[TaskProgress]:
    tasks: list[int] = []
    for task_id, _order, unit_id, parent_id, kinds in assignments:
        reaches = unit_id == unit.pk or (
            parent_id is not None and parent_id == unit.parent_id and unit.kind in kinds
        )
        if reaches and task_id not in tasks and (task_id, unit.pk) not in skip:
            tasks.append(task_id)
    rows = []
    for task_id in tasks:
        if state == DRAFT:
            if rng.random() < 0.5:
                continue  # not reported on yet
            weights = {TaskStatus.IN_PROGRESS: 50, TaskStatus.DONE: 30, TaskStatus.NOT_STARTED: 20}
        else:
            weights = {
                TaskStatus.DONE: 62,
                TaskStatus.IN_PROGRESS: 28,
                TaskStatus.NOT_STARTED: 5,
                TaskStatus.NOT_APPLICABLE: 5,
            }
        status = rng.choices(list(weights), list(weights.values()))[0]
        if status == TaskStatus.DONE:
            note = _done_note(rng, cells)
        elif status == TaskStatus.IN_PROGRESS:
            note = rng.choice(IN_PROGRESS_NOTES)
        elif status == TaskStatus.NOT_STARTED:
            note = rng.choice(NOT_STARTED_NOTES)
        else:
            note = rng.choice(NOT_APPLICABLE_NOTES)
        rows.append(TaskProgress(task_id=task_id, unit=unit, status=status, note=note))
    return rows


# Putting it together ----------------------------------------------------------------------------


def province_codes() -> list[str]:
    return sorted(province_code(p) for p in Province.iter_all())


def resolve_provinces(provinces: int | Iterable[str] | None) -> list[str]:
    """The province codes to generate, in code order. An int N takes N provinces: Thái Nguyên (the
    province of the sample plan) first, then the others by code."""
    known = province_codes()
    if provinces is None:
        return known
    if isinstance(provinces, int):
        if not 1 <= provinces <= len(known):
            raise SyntheticDataError(
                _("The number of provinces must be between 1 and %(max)d.") % {"max": len(known)}
            )
        ordered = [PLAN_PROVINCE] + [code for code in known if code != PLAN_PROVINCE]
        return sorted(ordered[:provinces])
    chosen: set[str] = set()
    for raw in provinces:
        text = str(raw).strip()
        code = f"{int(text):02d}" if text.isdigit() else text
        if code not in known:
            raise SyntheticDataError(_("There is no province with the code “%(code)s”.") % {"code": raw})
        chosen.add(code)
    if not chosen:
        raise SyntheticDataError(_("Choose at least one province."))
    return sorted(chosen)


def _period_name(template: ReportTemplate, year: int) -> str:
    name = template.name
    return re.sub(r"\b2026\b", str(year), name) if re.search(r"\b2026\b", name) else f"{name} ({year})"


def _sample_plan(acting_user: Any) -> Plan:
    """Thái Nguyên's 2026 plan, imported and published as `load_demo` does (idempotent)."""
    outcome = import_plan(SAMPLE_PLAN.read_bytes(), SAMPLE_PLAN.name, acting_user=acting_user)
    plan = outcome.plan
    if plan.status != PlanStatus.PUBLISHED:
        plan = do_publish_plan(plan, acting_user=acting_user)
    return plan


def _open_periods(
    template: ReportTemplate, years: int, plan: Plan | None, acting_user: Any
) -> list[ReportingPeriod]:
    periods = []
    for year in range(LATEST_YEAR, LATEST_YEAR - years, -1):
        period = do_create_period(
            template=template,
            code=str(year),
            name=_period_name(template, year),
            covers_from=datetime.date(year - 1, 12, 15),
            covers_to=datetime.date(year, 12, 14),
            due_date=datetime.date(year, 12, 15),
            consolidation_due=datetime.date(year, 12, 20),
            plan=plan if year == LATEST_YEAR else None,
            acting_user=acting_user,
        )
        if period.template_id != template.pk:
            raise SyntheticDataError(
                _("The period %(code)s already exists with another report form (%(template)s).")
                % {"code": period.code, "template": period.template}
            )
        if year == LATEST_YEAR and plan is not None and period.plan_id is None:
            period.plan = plan
            period.save(update_fields=["plan"])
        periods.append(period)
    return periods


def _units_for(period: ReportingPeriod, province: OrgUnit) -> list[OrgUnit]:
    """The units that must report, in code order. A period before the 2025 register stands in today's
    units for their predecessors (the register does not hold the old communes)."""
    if period.covers_to >= REGISTER_VALID_FROM:
        units = expected_units(period, province)
    else:
        units = OrgUnit.objects.subtree(province).valid_on(REGISTER_VALID_FROM)
        if period.template.unit_kinds:
            units = units.filter(kind__in=period.template.unit_kinds)
    return list(units.only("id", "code", "name", "kind", "parent", "path").order_by("code"))


def _stored_totals(period: ReportingPeriod, below: Q) -> dict[int, dict[str, Decimal]]:
    """The element totals units entered in the period before `period` (what the outlier check reads)."""
    previous = period.previous()
    if previous is None:
        return {}
    cells: dict[int, dict[tuple[str, Key], Decimal]] = defaultdict(dict)
    rows = (
        DataValue.objects.filter(
            below, period=previous, element__value_type__in=("integer", "money", "decimal")
        )
        .exclude(value=None)
        .values_list("unit_id", "element__code", *DIMENSIONS, "value")
    )
    for unit_id, code, *key, value in rows:
        cells[unit_id][(code, tuple(key))] = value
    return {unit_id: element_totals(values) for unit_id, values in cells.items()}


@dataclass
class _Run:
    seed: int
    periods: list[ReportingPeriod]
    form: _Form
    replace: bool
    acting_user: Any
    result: SyntheticResult
    # Units left as they are (the demo's own accounts' units), and whether units that already have
    # a report for a period keep it (load_demo: the demo's reports keep their states).
    leave_alone: frozenset[int] = frozenset()
    keep_existing: bool = False


def _generate_province(run: _Run, province_unit: OrgUnit) -> tuple[int, int]:
    """One province, every period: (units that had to report, values written)."""
    province = _province_context(province_unit)
    below = subtree_q("unit__path", [province_unit.path])
    if run.replace:
        DataValue.objects.filter(below, period__in=run.periods).delete()
        Submission.objects.filter(below, period__in=run.periods).delete()
        for period in run.periods:
            if period.plan_id:
                TaskProgress.objects.filter(
                    below, task__plan_id=period.plan_id, evidence__isnull=True
                ).delete()
    units_by_period = {period.pk: _units_for(period, province_unit) for period in run.periods}
    if run.keep_existing or run.leave_alone:
        for period in run.periods:
            taken = set(run.leave_alone)
            if run.keep_existing:
                taken |= set(
                    Submission.objects.filter(below, period=period).values_list("unit_id", flat=True)
                )
            units_by_period[period.pk] = [u for u in units_by_period[period.pk] if u.pk not in taken]
    profiles: dict[int, _Profile] = {}
    for units in units_by_period.values():
        for unit in units:
            if unit.pk not in profiles:
                profiles[unit.pk] = _profile(run.seed, unit, province)
    local = [unit for unit in units_by_period[run.periods[0].pk] if unit.kind in LOCAL_KINDS]
    province.population = sum(profiles[unit.pk].population for unit in local)
    province.local_units = len(local)

    unit_count = value_count = 0
    ordered = sorted(run.periods, key=lambda period: period.covers_to)
    previous = _stored_totals(ordered[0], below)  # the last period's element totals, per unit
    for period in ordered:
        year = period.covers_to.year
        rng = random.Random(f"synthetic:{run.seed}:{province.code}:{period.code}")
        units = units_by_period[period.pk]
        states = _exact_mix(rng, len(units), STATUS_MIX if year == LATEST_YEAR else CLOSED_MIX)
        late = _late_flags(rng, states)
        submissions: list[Submission] = []
        typed: list[tuple[OrgUnit, str, _Cells]] = []
        for unit, state, is_late in zip(units, states, late, strict=True):
            if state == MISSING:
                continue
            profile = profiles[unit.pk]
            cells = _Cells(run.form.elements(unit), profile.mode)
            _Filler(rng, unit, province, profile, year).fill(cells)
            if state == DRAFT:
                last = max((e.section for e in cells.form.values()), default=1)
                cells.keep_sections(rng.randint(1, max(1, last - 1)))
            cells.explain_changes(previous.get(unit.pk, {}), rng)
            submissions.append(_submission(rng, period, unit, state, is_late))
            typed.append((unit, state, cells))
        Submission.objects.bulk_create(submissions, batch_size=BATCH_SIZE)
        previous = {unit.pk: cells.totals() for unit, _state, cells in typed}
        rows = []
        for submission, (unit, _state, cells) in zip(submissions, typed, strict=True):
            for (code, key), value in cells.values.items():
                element = cells.form[code]
                text = isinstance(value, str)
                rows.append(
                    DataValue(
                        submission_id=submission.pk,
                        element_id=element.pk,
                        unit_id=unit.pk,
                        period_id=period.pk,
                        sex=key[0],
                        age_band=key[1],
                        ethnicity=key[2],
                        area=key[3],
                        funding_source=key[4],
                        value=None if text else value,
                        text=value if text else "",
                        comment=cells.comments.get((code, key), ""),
                    )
                )
        DataValue.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        progress_rows: list[TaskProgress] = []
        if period.plan_id:
            assignments = _plan_tasks(period.plan)
            if assignments:
                task_rng = random.Random(f"synthetic:{run.seed}:{province.code}:{period.code}:tasks")
                skip = set(
                    TaskProgress.objects.filter(below, task__plan_id=period.plan_id).values_list(
                        "task_id", "unit_id"
                    )
                )
                for unit, state, cells in typed:
                    progress_rows += _task_results(task_rng, assignments, unit, state, cells, skip)
                TaskProgress.objects.bulk_create(progress_rows, batch_size=BATCH_SIZE)
        unit_count += len(units)
        value_count += len(rows)
        run.result.units += len(units)
        run.result.submissions += len(submissions)
        run.result.values += len(rows)
        run.result.task_results += len(progress_rows)
    audit.record(
        "synthetic.generated",
        province_unit,
        acting_user=run.acting_user,
        unit_path=province_unit.path,
        periods=[period.code for period in run.periods],
        seed=run.seed,
        units=unit_count,
        values=value_count,
        replaced=run.replace,
    )
    return unit_count, value_count


def existing_reports(codes: list[str], period_codes: list[str]) -> int:
    """How many reports the chosen periods already have in the chosen provinces."""
    provinces = list(OrgUnit.objects.filter(code__in=codes, kind=OrgUnitKind.PROVINCE))
    if not provinces:
        return 0
    below = subtree_q("unit__path", [province.path for province in provinces])
    return Submission.objects.filter(below, period__code__in=period_codes).count()


def generate_synthetic(
    *,
    provinces: int | list[str] | None = None,
    years: int = 1,
    seed: int = 2026,
    progress: Progress | None = None,
    replace: bool = False,
    acting_user: Any = None,
    keep_existing: bool = False,
    leave_alone: Iterable[int] = (),
) -> SyntheticResult:
    """Generate reports for the chosen provinces (None: all 34) and the last `years` annual periods.

    Refuses (SyntheticDataExists) when those periods already have reports in those provinces, unless
    `replace` deletes them — with their values and the units' task results — first, or
    `keep_existing` leaves the units that have one as they are and fills in the others (running it
    again then adds nothing). `leave_alone` are units (ids) never written.
    `progress(phase, done, total)` is told about each step and each province, in the user's language.
    """
    started = time.monotonic()
    codes = resolve_provinces(provinces)
    if not 1 <= years <= MAX_YEARS:
        raise SyntheticDataError(_("The number of years must be between 1 and %(max)d.") % {"max": MAX_YEARS})
    period_codes = [str(year) for year in range(LATEST_YEAR, LATEST_YEAR - years, -1)]
    found = existing_reports(codes, period_codes)
    if found and not replace and not keep_existing:
        raise SyntheticDataExists(
            _(
                "The period(s) %(periods)s already have %(count)s reports in the chosen provinces. "
                "Run again with replace (--replace) to delete them, with their values, and generate new ones."
            )
            % {"periods": ", ".join(period_codes), "count": number_format(found, force_grouping=True)}
        )

    def report(phase: str, done: int, total: int) -> None:
        if progress is not None:
            progress(phase, done, total)

    loaded = set(
        OrgUnit.objects.filter(kind__in=LOCAL_KINDS, parent__code__in=codes).values_list(
            "parent__code", flat=True
        )
    )
    missing = set(codes) - loaded
    if missing:
        report(_("Loading the unit register"), 0, 1)
        load_register(province_codes=missing, acting_user=acting_user)
        report(_("Loading the unit register"), 1, 1)
    template = ReportTemplate.objects.filter(code=TEMPLATE_CODE, version=TEMPLATE_VERSION).first()
    if template is None or not Dimension.objects.filter(code="ethnicity").exists():
        report(_("Loading the dimensions and the report form"), 0, 1)
        load_dimensions()
        if template is None:
            load_template(acting_user=acting_user)
            template = ReportTemplate.objects.get(code=TEMPLATE_CODE, version=TEMPLATE_VERSION)
        report(_("Loading the dimensions and the report form"), 1, 1)
    plan = None
    if PLAN_PROVINCE in codes:
        report(_("Importing the sample plan"), 0, 1)
        plan = _sample_plan(acting_user)
        report(_("Importing the sample plan"), 1, 1)
    report(_("Opening the reporting periods"), 0, 1)
    periods = _open_periods(template, years, plan, acting_user)
    report(_("Opening the reporting periods"), 1, 1)

    result = SyntheticResult(len(codes), 0, 0, 0, 0.0, periods=[period.code for period in periods])
    run = _Run(
        seed,
        periods,
        _Form(template),
        replace,
        acting_user,
        result,
        leave_alone=frozenset(leave_alone),
        keep_existing=keep_existing,
    )
    province_units = {
        unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes, kind=OrgUnitKind.PROVINCE)
    }
    for index, code in enumerate(codes, start=1):
        unit = province_units[code]
        with transaction.atomic():
            units, values = _generate_province(run, unit)
        report(
            _("%(province)s: %(units)s units, %(values)s values")
            % {
                "province": unit.name,
                "units": number_format(units, force_grouping=True),
                "values": number_format(values, force_grouping=True),
            },
            index,
            len(codes),
        )
    _refresh_statistics()
    result.seconds = round(time.monotonic() - started, 2)
    return result


def _refresh_statistics() -> None:
    """After a bulk load PostgreSQL's planner still believes the tables are empty and picks nested
    loops that turn a 0.2 s consolidation into 15 s; ANALYZE tells it the truth at once."""

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reporting_datavalue, reporting_submission, plans_taskprogress")
