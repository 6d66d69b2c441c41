"""Figures: every amount an article states, with its value in the sidecar's form, its unit and its sentence.

Each number :mod:`generator.numbers` reads is kept unless it is not an
amount: a year, a date, a clock time, an age, an ordinal, a number in a name
(``No. 2``, ``Route 66``, ``Section 2``), a phone number or an address. The
words around it set the form: ``about``, ``some``, ``nearly`` make it
approximate; ``more than`` and ``over`` a number it exceeds (``above``);
``fewer than`` and ``under`` one it falls short of (``below``); ``at least`` and
``or more`` a lower bound (``min``); ``up to`` and ``as many as`` an upper bound
(``max``); two numbers joined by ``to`` or ``-`` are a range. A fraction or a
quantity in words stays in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.names import MONTHS
from generator.numbers import Number, numbers, ranges
from generator.text import sentences

#: Words before a number and the form they give it, longest first so that "no more than" wins over "more than".
_BOUNDS = [
    (words, form)
    for form, group in (
        (
            "approx",
            "about|around|some|roughly|approximately|an estimated|estimated|nearly|almost|close to|circa",
        ),
        ("above", "more than|just over|over|above|upwards of|in excess of|exceeding|past"),
        ("min", "at least|no fewer than|no less than|a minimum of|not less than"),
        ("below", "fewer than|less than|just under|under|below"),
        ("max", "up to|as many as|as much as|at most|no more than|a maximum of|not more than|as high as"),
    )
    for words in group.split("|")
]
_BOUNDS.sort(key=lambda item: len(item[0]), reverse=True)
_BOUND_BEFORE = re.compile(r"\b(?P<words>" + "|".join(re.escape(w) for w, _ in _BOUNDS) + r")\s+$", re.I)
_OR_MORE = re.compile(r"^\s+or\s+(?:more|higher|greater|above|over)\b", re.I)
_OR_LESS = re.compile(r"^\s+or\s+(?:less|fewer|lower|below)\b", re.I)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTH})\.?\s+$|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+$", re.I)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTH})\b|^(?:st|nd|rd|th)?\s+of\s+(?:{_MONTH})\b", re.I)
_TIME_AFTER = re.compile(
    r"^\s*(?:a\.?m\.?|p\.?m\.?|am\b|pm\b|gmt|bst|utc|cet|[ecmp][sd]?t\b|h\b|hrs\b|o['’]clock|in\s+the\s+(?:morning|afternoon|evening))|^[:.]\d\d(?!\d)",
    re.I,
)
_AGE = re.compile(r"^-?year-old|^\s+years?\s+old\b|^\s*,\s|^s\b|^\s+and\s+(?:older|over|up|under|younger)\b")
_AGE_BEFORE = re.compile(
    r"\b(?:aged|age|ages(?:\s+of)?|ages\s+between|ages\s+from)\s+$|\bbetween\s+the\s+ages\s+of\s+$|\baged\s+\d+\s+(?:and|or|to)\s+$",
    re.I,
)
#: A decade of someone's life: "a man in his 20s", "in their early thirties".
_DECADE_BEFORE = re.compile(r"\bin\s+(?:his|her|their)\s+(?:early\s+|mid[-\s]|late\s+)?$", re.I)
#: Words after which a number is part of a name: "No. 2", "Route 66", "Section 2", "Radio 4".
_NAMED_BEFORE = re.compile(
    r"\b(?:no|nos|number|route|highway|interstate|section|sections|act|article|chapter|page|pages|room|gate|platform|flight|"
    r"ward|district|precinct|purok|zone|phase|stage|level|grade|band|year|form|issue|volume|vol|channel|radio|station|"
    r"dublin|apollo|boeing|airbus|model|version|episode|season|part|schedule|clause|rule|item|lot|unit|block|building)\.?\s+$",
    re.I,
)
_STREET = re.compile(
    r"^\s+[A-Z][\w]+\s+(?:St|Street|Ave|Avenue|Road|Rd|Blvd|Boulevard|Lane|Ln|Drive|Dr|Way|Place|Pl|Square)\b\.?"
)
_BLOCK = re.compile(r"^\s+block\s+of\b", re.I)
#: Numbers a person calls for a service: emergency and non-emergency lines.
_SERVICE_NUMBERS = frozenset({"911", "999", "112", "000", "111", "101", "211", "311", "988"})
_DIALLED = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:led|ed|ing|s)?|phoned|rang|ring|text(?:ed)?)\s+$", re.I)
_DESCRIBES = re.compile(r"^-(?:door|bedroom|seater|storey|story|wheel|lane|speed|way|sided|piece|star)\b", re.I)
_STOP_UNIT = frozenset(
    "of the a an and or to in on at by for from with that which who is was were are be per each this their its".split()
)
_APPROX_WORDS = frozenset(w for w, form in _BOUNDS)


@dataclass
class Figure:
    """An amount the article states: its value in the sidecar's form, its unit, its sentence, and its words."""

    value: dict[str, str]
    unit: str | None
    sentence: str
    as_written: str


def _digits(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:f}"


def not_a_figure(text: str, number: Number) -> bool:
    """True when ``number`` in ``text`` is not an amount: a year, date, time, age, ordinal, name, phone number or address."""
    before, after = text[max(0, number.start - 40) : number.start], text[number.end :]
    if number.value is None:
        if number.words and number.words.casefold() in ("a third", "a quarter", "a fifth", "a tenth", "half", "a half"):
            # "a third worker", "half measures": an ordinal or an adjective, not a fraction.
            return re.match(r"^\s+(?!of\b|the\b|a\b|an\b|its\b|their\b|his\b|her\b|our\b|that\b|this\b)[a-z]", after) is not None
        return False
    plain = not number.currency and not number.percent and not number.scale and not number.points
    if number.text.casefold() in ("one", "zero"):
        return True
    year = plain and number.value == number.value.to_integral_value() and Decimal(1900) <= number.value <= Decimal(2100)
    if (
        year
        and "," not in number.text
        and not re.match(r"^\s*(?:people|residents|troops|soldiers|homes|jobs|patients|workers)\b", after)
    ):
        return True  # a year
    if plain and (
        _TIME_AFTER.match(after)
        or re.search(r"\d[:.]\s*$", before)
        or (re.search(r"\bat\s+$", before) and _TIME_AFTER.match(after))
    ):
        return True
    if plain and (_DATE_BEFORE.search(before) or _DATE_AFTER.match(after) or re.search(r"\d{4}[-–/]$", before)):
        return True
    if plain and re.search(rf"(?:{_MONTH})\.?\s+\d{{1,2}}\s*[-–]\s*$", before, re.I):
        return True  # "Sept. 5-9"
    if plain and (
        (_AGE.match(after) and re.search(r"[A-Z][\w.’'\-]+,\s*$", before)) or after.startswith(("-year-old", " years old"))
    ):
        return True
    if plain and (_AGE_BEFORE.search(before) or (_DECADE_BEFORE.search(before) and re.match(r"^[’']?s\b", after))):
        return True
    if plain and (re.match(r"^/\d{1,2}/\d{2,4}\b", after) or re.search(r"\b\d{1,2}/$", before)):
        return True  # "03/19/2017"
    if (re.search(r"[A-Za-z]$", before) or number.text[:1].isalpha()) and re.match(r"^/[A-Z]", after):
        return True  # a reference, not an amount: "application P173224/F"
    if plain and (_NAMED_BEFORE.search(before) or _STREET.match(after)):
        return True
    # A capitalised word just before the number names it ("Radio 4", "Dublin 4"), unless it is a bound ("About 40").
    word_before = re.search(r"([A-Z][\w&]*)\s+$", before)
    if (
        plain
        and word_before
        and word_before.group(1).casefold() not in _APPROX_WORDS
        and not re.search(r"[.!?]\s+\S+\s+$|^\S+\s+$", before)
    ):
        return True
    if plain and (_BLOCK.match(after) or (_DIALLED.search(before) and number.text in _SERVICE_NUMBERS)):
        return True  # "the 1800 block of Main Street", "called 911"; "called 12 witnesses" stays a figure
    if plain and number.text.isalpha() and _DESCRIBES.match(after):
        return True  # "a two-door car", "a four-wheel drive": what a thing is like, not how many
    if re.match(r"^[\-\s]*\d{3}[\-\s]\d{3,4}\b", after) or (re.search(r"\(\s*$", before) and re.match(r"^\)\s*\d{3}", after)):
        return True  # a phone number
    return bool(number.value is not None and re.match(r"^(?:\.\d+){2,}", after))  # a version number


def _form(text: str, number: Number) -> tuple[str, str]:
    """The value's form (exact, approx, above, below, min, max) and where its words start."""
    before = text[max(0, number.start - 30) : number.start]
    after = text[number.end : number.end + 20]
    bound = _BOUND_BEFORE.search(before)
    if (
        bound is not None
        and bound.group("words").casefold() == "past"
        and re.search(r"\b(?:the|last|its|their)\s+past\s+$", before, re.I)
    ):
        bound = None  # "over the past 10 years": a stretch of time, not a bound
    if bound is not None:
        words = bound.group("words").casefold()
        form = next(f for w, f in _BOUNDS if w == words)
        return form, text[number.start - len(before) + bound.start() : number.end]
    if _OR_MORE.match(after):
        return "min", text[number.start : number.end + _OR_MORE.match(after).end()]  # type: ignore[union-attr]
    if _OR_LESS.match(after):
        return "max", text[number.start : number.end + _OR_LESS.match(after).end()]  # type: ignore[union-attr]
    return "exact", number.text


def unit_after(text: str, end: int) -> str | None:
    """The words after a number that say what it counts: ``troops``, ``miles per hour``; None when there are none."""
    after = re.sub(r"^[-\s]*(?:of\s+)?(?:the\s+)?", " ", text[end:])
    words: list[str] = []
    for word in re.findall(r"[A-Za-z][\w\-’']*|\S", after[:60]):
        bare = word.casefold()
        if not word[:1].isalpha() or (bare in _STOP_UNIT and words) or (words and _VERBISH.search(bare)):
            break
        if bare in _STOP_UNIT:
            continue
        words.append(word)
        if len(words) == 3 or (word[:1].islower() and (bare.endswith("s") or bare in _PLURALS)):
            break
    return " ".join(words) or None


_VERBISH = re.compile(r"(?:ed|ing)$|^(?:will|would|can|could|may|might|must|should|has|have|had|did|do|does)$")
_PLURALS = frozenset("people children men women police staff personnel cattle sheep fish deer aircraft feet".split())
#: A telephone number, whose digits are not amounts: 555-0148, (202) 555-0173, +1 612-555-0190.
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])?\d{3}[.-]\d{4}\b")


def find_figures(paragraphs: list[str]) -> list[Figure]:
    """Every amount in the paragraphs, each with its value, unit and sentence."""
    figures: list[Figure] = []
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            figures += _in_sentence(sentence.text)
    return figures


def _in_sentence(text: str) -> list[Figure]:
    phones = [range(m.start(), m.end()) for m in _PHONE.finditer(text)]
    found = [n for n in numbers(text) if not not_a_figure(text, n) and not any(n.start in r for r in phones)]
    paired = {id(low): high for low, high in ranges(text, found)}
    skip: set[int] = set()
    figures = []
    for number in found:
        if id(number) in skip:
            continue
        high = paired.get(id(number))
        if high is not None:
            skip.add(id(high))
            assert number.value is not None and high.value is not None
            value = {"min": _digits(number.value), "max": _digits(high.value)}
            start = number.start
            between = re.search(r"\bbetween\s+$", text[: number.start], re.I)
            if between:
                start = between.start()
            figures.append(Figure(value, high.unit or unit_after(text, high.end), text, text[start : high.end]))
            continue
        if number.value is None:
            words = number.words or number.text
            bound = _BOUND_BEFORE.search(text[max(0, number.start - 30) : number.start])
            written = (bound.group("words") + " " if bound else "") + number.text
            figures.append(Figure({"vague": written if bound else words}, unit_after(text, number.end), text, written))
            continue
        form, written = _form(text, number)
        figures.append(Figure({form: _digits(number.value)}, number.unit or unit_after(text, number.end), text, written))
    return figures
