"""Match the names a plan writes ("Sở VHTTDL", "Hội LHPN tỉnh", "UBND các xã, phường") to the register.

A name is matched where the issuer's level says (``matching_root``), insensitive to accents, case,
punctuation and the usual abbreviations: a province's plan within the province's own units; a
commune's or ward's plan within the commune's own bodies (kind ``commune_body``, created by the
coordinator from the review page: the register does not hold them), never the province's units;
a ministry's plan among the provinces and the ministries. A name that matches no unit, or more
than one equally well, is reported as unmatched: never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from binhdang.lib.text import fold_vi
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import CENTRAL_GROUP_KINDS, DEPARTMENT_GROUP_KINDS, UnitGroup

_PUNCTUATION = re.compile(r"[^\w]+")
# Abbreviations written in plans, expanded on both sides before comparing (folded forms).
_EXPANSIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "lhpn": "lien hiep phu nu",
    "ldld": "lien doan lao dong",
    "ptth": "phat thanh truyen hinh",
    "tp": "thanh pho",
}
# Collective words that name no unit of their own ("… và các tổ chức thành viên").
_COLLECTIVE = re.compile(
    r"^(?:va\s+)?cac\s+(?:to chuc thanh vien|don vi lien quan|co quan lien quan|co quan don vi lien quan|"
    r"don vi truc thuoc|co quan don vi dia phuong|nganh lien quan)$"
)
_REQUEST_PREFIX = re.compile(r"^(?:de nghi|kinh de nghi)\s+")


def normalise_name(name: str) -> str:
    words = _PUNCTUATION.sub(" ", fold_vi(name)).split()
    return " ".join(_EXPANSIONS.get(word, word) for word in words)


# Group addressees: which kinds of unit directly under the issuer's province they mean.
GROUP_KINDS: dict[str, tuple[str, list[str]]] = {
    "communes": ("UBND các xã, phường", [str(k) for k in sorted(LOCAL_KINDS)]),
    "departments": ("Các sở, ban, ngành", [str(k) for k in DEPARTMENT_GROUP_KINDS]),
    "departments_and_central_agencies": (
        "Các sở, ban, ngành, cơ quan Trung ương trên địa bàn",
        [str(k) for k in CENTRAL_GROUP_KINDS],
    ),
}


@dataclass
class Match:
    name: str
    units: list[OrgUnit] = field(default_factory=list)
    group: UnitGroup | None = None
    ignored: bool = False  # a collective phrase, not a unit

    @property
    def matched(self) -> bool:
        return bool(self.units or self.group or self.ignored)


def matching_root(issuer: OrgUnit) -> OrgUnit:
    """Where an issuer's plan finds its addressees: a commune (its own bodies), a province (its
    units), the country (for a ministry: the provinces and the ministries)."""
    if issuer.kind in LOCAL_KINDS or issuer.kind in (OrgUnitKind.PROVINCE, OrgUnitKind.COUNTRY):
        return issuer
    if issuer.kind == OrgUnitKind.MINISTRY and issuer.parent_id:
        return OrgUnit.objects.get(pk=issuer.parent_id)
    return OrgUnit.objects.get(code=issuer.province_code())


def candidate_units(root: OrgUnit) -> list[OrgUnit]:
    """The units a plan matched at ``root`` may name, the root included."""
    below = OrgUnit.objects.filter(parent=root)
    if root.kind in LOCAL_KINDS:
        below = below.filter(kind=OrgUnitKind.COMMUNE_BODY)
    else:
        below = below.exclude(kind=OrgUnitKind.COMMUNE_BODY)
    return [*below.alphabetical(), root]


def _level_word(root: OrgUnit) -> str:
    folded = fold_vi(root.name)
    for word in ("thanh pho", "dac khu", "phuong", "xa"):
        if folded.startswith(word + " "):
            return word
    return "tinh" if root.kind == OrgUnitKind.PROVINCE else ""


class UnitMatcher:
    """Matches names against the units at one root (see ``matching_root``): the root itself and
    the units directly under it that such a plan may name."""

    def __init__(self, root: OrgUnit) -> None:
        self.province = root
        level = _level_word(root)
        self.level = level
        candidates = candidate_units(root)
        self.keys: dict[str, set[int]] = {}
        self.units = {unit.pk: unit for unit in candidates}
        for unit in candidates:
            names = [unit.name, *unit.alias_list]
            if unit.pk == root.pk and level:
                names += [f"Ủy ban nhân dân {level}", f"UBND {level}", f"UBND {unit.name}"]
            for written in names:
                key = normalise_name(written)
                self._add(key, unit)
                # "Hội LHPN" for "Hội LHPN tỉnh", "Sở Y tế tỉnh Thái Nguyên" for "Sở Y tế"
                if level:
                    self._add(key.removesuffix(f" {level}"), unit)
                short = normalise_name(root.alias_list[0]) if root.alias_list else ""
                if short and unit.pk != root.pk:
                    self._add(f"{key} {level} {short}", unit)
                    self._add(f"{key} {short}", unit)

    def _add(self, key: str, unit: OrgUnit) -> None:
        if key:
            self.keys.setdefault(key, set()).add(unit.pk)

    def match_name(self, name: str) -> Match:
        key = _REQUEST_PREFIX.sub("", normalise_name(name))
        if _COLLECTIVE.match(key):
            return Match(name, ignored=True)
        found = self.keys.get(key)
        if found is None:
            found = self._longest_prefix(key)
        if found and len(found) == 1:
            return Match(name, units=[self.units[next(iter(found))]])
        return Match(name)

    def _longest_prefix(self, key: str) -> set[int] | None:
        """A unit whose name begins the written name: "Công an tỉnh (Phòng Cảnh sát …)"."""
        words = key.split()
        for end in range(len(words) - 1, 1, -1):
            found = self.keys.get(" ".join(words[:end]))
            if found:
                return found
        return None

    def match_group(self, group_kind: str | None, name: str) -> Match:
        if group_kind not in GROUP_KINDS or self.province.kind != OrgUnitKind.PROVINCE:
            return Match(name)  # "UBND các xã, phường" means a province's communes, no one else's
        label, kinds = GROUP_KINDS[group_kind]
        group, _created = UnitGroup.objects.get_or_create(
            parent=self.province, name=label, defaults={"kinds": kinds}
        )
        return Match(name, group=group)


def group_label(kinds: list[str]) -> str:
    labels = dict(OrgUnitKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds) or _("no unit")
