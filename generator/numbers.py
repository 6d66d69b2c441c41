"""Numbers as news prose writes them: digits, scales, currencies, percentages, number words, fractions and quantities in words.

Shared by verification (does a figure's sentence mention its value?) and
drafting (what amounts does a sentence state?), so that what the draft
proposes, the check accepts. ``$137 billion`` is 137000000000, ``€3bn``
3000000000, ``P2.5-M`` 2500000 (pesos), ``31pc`` 31 percent, ``Twenty-three``
23; ``a third`` and ``dozens`` are kept as words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCALES = {
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(10**6),
    "mn": Decimal(10**6),
    "mln": Decimal(10**6),
    "m": Decimal(10**6),
    "billion": Decimal(10**9),
    "bn": Decimal(10**9),
    "bln": Decimal(10**9),
    "b": Decimal(10**9),
    "trillion": Decimal(10**12),
    "tn": Decimal(10**12),
    "trn": Decimal(10**12),
}
_UNITS = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen""".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_NUMBERS = {word: n for n, word in enumerate(_UNITS)} | {word: 20 + 10 * n for n, word in enumerate(_TENS)}
WORD_NUMBERS |= {"a hundred": 100, "one hundred": 100, "a thousand": 1000, "a million": 10**6}
FRACTIONS = (
    "half", "a half", "a third", "one third", "one-third", "two thirds", "two-thirds", "a quarter", "one quarter",
    "three quarters", "three-quarters", "a fifth", "a tenth",
)  # fmt: skip
#: Quantities in words only, which a sidecar keeps as words.
VAGUE = (
    "several hundred", "several thousand", "several million", "several billion", "tens of thousands", "hundreds of thousands",
    "several", "a few", "a handful", "a dozen", "dozens", "scores", "hundreds", "thousands", "millions", "billions",
    "a number", "a small number", "a large number", "a limited number", "a growing number",
)  # fmt: skip
#: Of those, the ones that count as a quantity only before "of": "dozens of farmers", not "in their dozens".
_VAGUE_OF = frozenset(
    {"a handful", "dozens", "scores", "hundreds", "thousands", "millions", "billions"}
    | {"a number", "a small number", "a large number", "a limited number", "a growing number"}
)
CURRENCIES = {
    "$": "US dollars", "us$": "US dollars", "usd": "US dollars", "€": "euros", "eur": "euros", "£": "pounds", "gbp": "pounds",
    "¥": "yen", "jpy": "yen", "₱": "pesos", "p": "pesos", "php": "pesos", "₹": "rupees", "rs": "rupees", "rs.": "rupees",
    "c$": "Canadian dollars", "a$": "Australian dollars", "chf": "Swiss francs",
}  # fmt: skip
_CURRENCY = r"(?P<currency>US\$|C\$|A\$|[$€£¥₱₹]|(?:USD|EUR|GBP|JPY|CHF|PHP)\s?|Rs\.?\s?|P(?=\d))?"
_DIGITS = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = (
    r"(?:\s(?P<scale>(?i:thousand|million|billion|trillion))\b|\s?(?P<short>bn|bln|mn|mln|tn|trn)\b"
    r"|-?(?P<short1>[kKmMbB])(?!\w))?"
)
_PERCENT = r"(?P<percent>\s?%|\s(?i:per\s?cent|percent)\b|pc\b)?(?P<points>\s(?i:percentage|basis)\s+points?\b)?"
# Not inside a word or a longer number (COVID-19, G7, 1.2.3), nor an ordinal (4th); a currency may follow a dash ($40M-$45M).
_NUMBER = re.compile(rf"(?<![\w.,])(?:(?<![A-Za-z]-)|(?=[$€£¥₱₹])){_CURRENCY}{_DIGITS}(?!(?:st|nd|rd|th)\b){_SCALE}{_PERCENT}")
_COMPOUND = "|".join([rf"{t}(?:[-\s](?:{'|'.join(_UNITS[1:10])}))?" for t in _TENS])
_WORDS = re.compile(
    r"\b(?P<words>"
    + "|".join(sorted([*(re.escape(w) for w in WORD_NUMBERS), _COMPOUND], key=len, reverse=True))
    + r")\b(?:\s(?P<scale>hundred|thousand|million|billion))?(?P<percent>\s(?:per\s?cent|percent)\b)?",
    re.I,
)
_FRACTION = re.compile(
    r"\b(?P<words>(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|of\s+every|out\s+of)\s+(?:two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)|" + "|".join(map(re.escape, sorted(FRACTIONS, key=len, reverse=True))) + r")\b",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:(?P<vague>" + "|".join(map(re.escape, sorted(_VAGUE_OF, key=len, reverse=True))) + r")(?=\s+of\b)"
    r"|(?P<vague_alone>" + "|".join(map(re.escape, sorted(set(VAGUE) - _VAGUE_OF, key=len, reverse=True))) + r"))\b",
    re.I,
)
_RANGE = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.I)


@dataclass(frozen=True)
class Number:
    """A number a text mentions, where it is, and what it is worth."""

    start: int
    end: int
    text: str
    value: Decimal | None
    """The value, scaled (``2.5 million`` → 2500000); None for a fraction or quantity in words."""
    words: str | None = None
    """The words of a fraction or vague quantity, as written."""
    currency: str | None = None
    percent: bool = False
    points: bool = False
    """Percentage or basis points."""
    scale: str | None = None

    @property
    def unscaled(self) -> Decimal | None:
        """The number as its digits read, before the scale: 137 for ``$137 billion``."""
        if self.value is None or self.scale is None:
            return self.value
        return self.value / SCALES.get(self.scale.lower(), Decimal(1))

    @property
    def unit(self) -> str | None:
        """The unit the number carries itself: a currency, ``percent`` or ``percentage points``."""
        if self.currency:
            return CURRENCIES.get(self.currency.strip().lower(), self.currency.strip())
        if self.points:
            return "percentage points" if "percentage" in self.text.lower() else "basis points"
        return "percent" if self.percent else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _word_value(words: str) -> Decimal:
    words = words.lower().replace("-", " ")
    if words in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[words])
    tens, _, unit = words.partition(" ")
    return Decimal(WORD_NUMBERS[tens] + WORD_NUMBERS.get(unit, 0))


def numbers(text: str) -> list[Number]:
    """Every number in ``text``, in order: digits, number words, fractions and quantities in words."""
    found: list[Number] = []
    taken = bytearray(len(text) + 1)

    def add(match: re.Match[str], number: Number) -> None:
        found.append(number)
        taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())

    for match in _NUMBER.finditer(text):
        groups = match.groupdict()
        base = _decimal(groups["number"])
        scale = groups.get("scale") or groups.get("short") or groups.get("short1")
        value = base * SCALES[scale.lower()] if base is not None and scale else base
        currency = (groups.get("currency") or "").strip() or None
        add(
            match,
            Number(
                match.start(),
                match.end(),
                match.group(0),
                value,
                None,
                currency,
                bool(groups["percent"]),
                bool(groups["points"]),
                scale,
            ),
        )
    for pattern in (_VAGUE, _FRACTION, _WORDS):
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            groups = match.groupdict()
            if pattern is _WORDS:
                scale = groups.get("scale")
                value = _word_value(groups["words"]) * (
                    Decimal(100) if scale == "hundred" else SCALES.get(scale or "", Decimal(1))
                )
                add(match, Number(match.start(), match.end(), match.group(0), value, percent=bool(groups.get("percent"))))
            else:
                words = groups.get("words") or groups.get("vague") or groups.get("vague_alone")
                add(match, Number(match.start(), match.end(), match.group(0), None, words))
    return sorted(found, key=lambda n: n.start)


def ranges(text: str, found: list[Number] | None = None) -> Iterator[tuple[Number, Number]]:
    """Pairs of numbers written as a range: ``2 to 3``, ``2-3``, ``between 2 and 3``, ``$40M-$45M``.

    Not a change (``from 10 to 20``, ``rose 2.9% to $138.34``): the two ends must
    have the same currency and kind, and the first must not follow "from".
    """
    found = [n for n in (numbers(text) if found is None else found) if n.value is not None]
    for low, high in itertools.pairwise(found):
        between = text[low.end : high.start]
        if not _RANGE.match(between) or low.value is None or high.value is None:
            continue
        if re.search(r"\bfrom\s+$", text[: low.start]) or ((low.currency or high.currency) and low.currency != high.currency):
            continue
        if low.percent != high.percent and low.percent:
            continue
        if "and" in between.lower() and not re.search(r"\bbetween\s+$", text[: low.start], re.I):
            continue
        if high.scale and not low.scale and low.value * SCALES.get(high.scale.lower(), Decimal(1)) < high.value:
            low = Number(
                low.start, low.end, low.text, low.value * SCALES[high.scale.lower()], currency=low.currency, scale=high.scale
            )
        if low.value is not None and low.value < high.value:
            yield low, high


def mentions_value(text: str, value: Decimal) -> bool:
    """True when ``text`` mentions ``value``, however it is written (``130,000``, ``2.5 million``, ``$3bn``, ``P2.5-M``)."""
    found = numbers(text)
    if any(n.value is not None and value in (n.value, n.unscaled) for n in found):
        return True
    return any(low.value == value for low, _high in ranges(text, found))
