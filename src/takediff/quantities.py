"""Numbers as quantities: "943K", "943,000", "1.6 million" and "1,626,042" are read as values with
a precision, so two accounts that round one figure differently are not said to disagree.

Spelled-out numbers and scales ("twenty-two and a half", "1.6 million", "a hundred") are turned
into digits by numerizer (MIT); the shorthand scales of headlines ("943K", "$2.5bn") by a
suffix rule here. Two values are the same quantity when the more precise one, rounded to the
other's significant figures, equals it: "1.6 million" (two figures) matches 1,626,042, and
"22.5" matches "22 and a half"; "3.1 percent" does not match "4 percent".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from numerizer import numerize
from spacy.lang.en.stop_words import STOP_WORDS

_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
#: "a" and "an" are numbers to numerizer ("a pay rise" → "1 pay rise"); only before a scale or a
#: fraction are they one ("a hundred", "22 and a half").
_ARTICLE = re.compile(
    r"\b(?:a|an)\b(?![\s-]+(?:half|quarter|third|dozen|hundred|thousand|million|billion|trillion)\b)",
    re.IGNORECASE,
)
#: A rank: its number ends in "st", "nd", "rd" or "th" ("18th", numerizer's "1st" for "first").
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
#: numerizer reads "the first quarter" as "1st/4": a rank and the word it ranks.
_RANKED_PART = re.compile(r"\b(\d+(?:st|nd|rd|th))/([234])\b", re.IGNORECASE)
_PART = {"2": "half", "3": "third", "4": "quarter"}
#: numerizer writes "half" and "three quarters" as fractions ("1/2 day"): their value.
#: Thirds are left as written: "a third" is as often a rank ("a third player").
_FRACTION = re.compile(r"(?<![\w./])(\d)/([24])(?![\w/])")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s?(k|mn|m|bn|b|tn)\b)?", re.IGNORECASE)
_UNIT = re.compile(r"\s*-?\s*(%|[A-Za-z]+)")
_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_CURRENCY = frozenset("$€£¥")
_PERCENT = frozenset({"%", "percent", "pct"})


def _unit(text: str, start: int, end: int) -> str:
    """What a number counts: a currency sign before it, or the word after it, singular; for a
    bare number (no word after it, or a function word: "in 1865 the …") the word before it,
    marked "#" ("#in", "#august"), so "in 1865" and "in 1866" are one thing and "by 2030"
    and "April 22" are not."""
    if start and text[start - 1] in _CURRENCY:
        return text[start - 1]
    m = _UNIT.match(text, end)
    word = m.group(1).lower() if m else ""
    if m and (
        word in _PERCENT or (word == "per" and text[m.end() : m.end() + 5].lower() == " cent")
    ):
        return "%"
    if not word or word in STOP_WORDS:
        before = _BEFORE.search(text, 0, start)
        return f"#{before.group(1).lower()}" if before else ""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@dataclass(slots=True, frozen=True)
class Quantity:
    """A value and how many significant figures its writer gave."""

    value: float
    figures: int
    unit: str = ""  # the word after the number ("year" in "68-year-old"), "$", "%"; "" for none

    def rounded(self, figures: int) -> float:
        """The value to ``figures`` significant figures."""
        if self.value == 0:
            return 0.0
        # Half away from zero, as writers round ("2.5 months" is "three months"), not
        # Python's half-to-even round().
        digits = figures - 1 - math.floor(math.log10(abs(self.value)))
        scaled = abs(self.value) * 10.0**digits
        return math.copysign(math.floor(scaled + 0.5 + 1e-9) / 10.0**digits, self.value)


#: Trailing zeros of a whole number count as rounding from this many on ("943,000", "1,600,000"):
#: "2020" and "150" are exact. Hand-set: thousands are where writers round.
ROUND_ZEROS = 3


def _figures(digits: str) -> int:
    """Significant figures of a written number: "1.6" 2, "943,000" 3, "1,626,042" 7, "2020" 4."""
    plain = digits.replace(",", "")
    whole, _, frac = plain.partition(".")
    if frac:
        return max(1, len((whole + frac).lstrip("0")))
    whole = whole.lstrip("0")
    zeros = len(whole) - len(whole.rstrip("0"))
    return max(1, len(whole) - zeros if zeros >= ROUND_ZEROS else len(whole))


@lru_cache(maxsize=4096)  # bounded: a corpus run reads millions of claims
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number in ``text`` (spelled out or in digits, with a scale) as a Quantity."""
    try:
        digits = numerize(_ARTICLE.sub("the", text))
    except Exception:  # numerizer's grammar can fail on odd input; read the digits as written
        digits = text
    digits = _RANKED_PART.sub(lambda m: f"{m.group(1)} {_PART[m.group(2)]}", digits)
    digits = _FRACTION.sub(lambda m: f"{int(m.group(1)) / int(m.group(2)):.2g}", digits)
    out = []
    for m in _NUMBER.finditer(digits):
        raw, suffix = m.group(1).rstrip(",."), (m.group(2) or "").lower()
        if not raw or not raw.replace(",", "").replace(".", "").isdigit():
            continue
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        rank = _ORDINAL.match(digits, m.end())
        if rank:  # "the 18th century" against "the 16th century": ranks of one thing
            unit = "rank " + _unit(digits, m.start(), rank.end())
        else:
            unit = _unit(digits, m.start(), m.end())
        out.append(Quantity(value * _SUFFIX.get(suffix, 1.0), _figures(raw), unit))
    return tuple(out)


def same(a: Quantity, b: Quantity) -> bool:
    """One figure, however rounded: the more precise value rounded to the other's figures."""
    figures = min(a.figures, b.figures)
    return math.isclose(a.rounded(figures), b.rounded(figures), rel_tol=1e-9, abs_tol=1e-12)


def shares(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> bool:
    """Whether any quantity of ``a`` is one of ``b``."""
    return any(same(x, y) for x in a for y in b)


def comparable(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> bool:
    """Whether the two count one thing somewhere: a quantity of each with one unit ("68-year-old"
    and "seven-term" do not; nor do two bare numbers, "by 2030" and "on April 22")."""
    return bool(({q.unit for q in a} & {q.unit for q in b}) - {""})


def covers(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> bool:
    """Whether every quantity of each side is one of the other's."""
    return all(any(same(x, y) for y in b) for x in a) and all(any(same(y, x) for x in a) for y in b)


def label(q: Quantity) -> str:
    """A quantity as a reader would write it back: 943000 → "943,000", 22.5 → "22.5"."""
    return f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,}"
