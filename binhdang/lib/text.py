"""Vietnamese text helpers: accent-insensitive folding and alphabetical sort keys.

Both return plain ASCII so that the same stored column searches and orders identically
on SQLite and PostgreSQL, whatever the database collation.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Combining marks of the five Vietnamese tones, in dictionary order after the level tone:
# huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot below).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a distinct letter: ă (breve), â ê ô (circumflex), ơ ư (horn).
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Two-digit ranks: 00 ends a key, 01 is a space, 02–11 digits, 12+ letters, 99 anything else.
_RANK = {" ": "01"} | {str(d): f"{d + 2:02d}" for d in range(10)}
_RANK |= {letter: f"{i + 12:02d}" for i, letter in enumerate(_ALPHABET)}


def normalize(text: str) -> str:
    """NFC form with runs of white space folded to one space: NFD "Thái" equals NFC "Thái"."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_vi(text: str) -> str:
    """Lower-case ASCII without diacritics: "Xã Đại Từ" → "xa dai tu"."""
    text = normalize(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def _letters(text: str) -> list[tuple[str, str]]:
    """Split into (base letter, tone digit) pairs, keeping ă/â/ê/ô/ơ/ư/đ as letters."""
    result: list[tuple[str, str]] = []
    for char in normalize(text).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = "0"
        letter_marks = ""
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                letter_marks += mark
        letter = unicodedata.normalize("NFC", base + letter_marks)
        result.append((letter, tone))
    return result


def sort_key_vi(text: str) -> str:
    """A digit string that orders as the Vietnamese alphabet: a < ă < â < b … d < đ < e.

    Letters compare first; tones break ties (level < huyền < hỏi < ngã < sắc < nặng).
    """
    pairs = _letters(text)
    primary = "".join(_RANK.get(letter, "99") for letter, _ in pairs)
    tones = "".join(tone for _, tone in pairs)
    return f"{primary}00{tones}"


def search_terms(query: str) -> list[str]:
    """The folded words of a search box entry: "  Đại   TỪ " → ["dai", "tu"]."""
    return [word for word in fold_vi(query).split(" ") if word]
