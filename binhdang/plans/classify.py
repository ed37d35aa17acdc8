"""Which area of work (section) a task of part IV belongs to, from the words it uses.

Each area's title is matched to a theme; each task is scored on the same themes' keywords,
the highest score winning and the earliest mention breaking ties. The coordinator can change
the result on the review page. Keywords are folded (no accents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from binhdang.lib.text import fold_vi, normalize

THEMES: dict[str, tuple[str, ...]] = {
    "legal": ("van ban quy pham", "long ghep", "danh gia tac dong", "tham dinh", "gop y", "du thao"),
    "programmes": (
        "bao luc",
        "nan nhan",
        "mua ban nguoi",
        "xam hai",
        "dia chi tin cay",
        "nha tam lanh",
        "mo hinh",
        "de an",
        "chuong trinh muc tieu",
        "tro giup",
        "ho tro phu nu",
        "suc khoe",
    ),
    "capacity": ("tap huan", "boi duong", "nang luc", "ban vi su tien bo", "bo tri", "phan cong cong chuc"),
    "communication": (
        "tuyen truyen",
        "truyen thong",
        "pho bien",
        "thang hanh dong",
        "chuyen trang",
        "chuyen muc",
        "nang cao nhan thuc",
        "an pham",
        "giao duc",
    ),
    "inspection": ("thanh tra", "kiem tra", "giam sat", "khieu nai", "to cao", "vi pham", "xu ly"),
    "international": ("hop tac quoc te", "to chuc quoc te", "vien tro"),
    "funding": ("kinh phi", "ngan sach", "du toan", "xa hoi hoa", "nguon luc"),
}
# Words in an area's title that say which theme it is.
TITLE_THEMES: dict[str, tuple[str, ...]] = {
    "legal": ("van ban quy pham", "long ghep"),
    "programmes": ("bao luc", "chuong trinh", "de an"),
    "capacity": ("can bo", "nang luc", "doi ngu"),
    "communication": ("tuyen truyen", "truyen thong", "thong tin"),
    "inspection": ("thanh tra", "kiem tra", "khieu nai"),
    "international": ("hop tac quoc te",),
    "funding": ("kinh phi", "ngan sach"),
}


class HasTitle(Protocol):
    title: str


S = TypeVar("S", bound=HasTitle)


def theme_of_title(title: str) -> str | None:
    folded = fold_vi(title)
    best: tuple[int, str] | None = None
    for theme, words in TITLE_THEMES.items():
        positions = [folded.find(word) for word in words if word in folded]
        if positions and (best is None or min(positions) < best[0]):
            best = (min(positions), theme)
    return best[1] if best else None


def theme_of_task(text: str) -> str | None:
    folded = fold_vi(text)
    best: tuple[int, int, str] | None = None
    for theme, words in THEMES.items():
        hits = [folded.find(word) for word in words if word in folded]
        if not hits:
            continue
        score = (-len(hits), min(hits), theme)
        if best is None or score < best:
            best = score
    return best[2] if best else None


def classify_with_reason(text: str, sections: Sequence[S]) -> tuple[list[S], dict]:
    """The areas a task is filed under (the best first: it becomes ``Task.section``), and why, in
    words the coordinator can check: each theme's words found in the task and the area whose title
    names the same theme. A task touching several themes ("tuyên truyền, kiểm tra, giám sát …")
    is filed under each of their areas. The reason is data (``Task.area_why``), said in the
    reader's language when shown (``Task.area_reason``)."""
    folded = fold_vi(text)
    written = normalize(text).lower()

    def as_written(word: str) -> str:  # the keyword with the task's own accents, where they line up
        at = folded.find(word)
        return written[at : at + len(word)] if len(written) == len(folded) and at >= 0 else word

    best = theme_of_task(text)
    if best is None:
        return [], {"by": "no_keyword"}
    themes = [best] + [
        theme for theme, words in THEMES.items() if theme != best and any(w in folded for w in words)
    ]
    found: list[S] = []
    reasons: list[dict] = []
    for theme in themes:
        section = next((s for s in sections if theme_of_title(s.title) == theme), None)
        if section is None or section in found:
            continue
        found.append(section)
        words = [as_written(word) for word in THEMES[theme] if word in folded]
        reasons.append({"words": words, "area": str(getattr(section, "number", ""))})
    if not found:
        return [], {"by": "no_area"}
    return found, {"by": "keywords", "found": reasons}
