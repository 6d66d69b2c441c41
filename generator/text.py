"""Reading an article's text: normalising it, finding passages, sentences and numbers.

Shared by verification (does the sidecar match its text?) and drafting (what
does the text contain?). Everything here is rules written for news prose in
English; nothing is downloaded or learned.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from markdown_it import MarkdownIt

from generator import chars

#: Typographic quote marks and primes folded to the two ASCII marks.
_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
    }
)
#: An ellipsis in a quote joins two exact fragments: "…", "...", "[…]" or "[...]".
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026|\.\.\.)\s*")


@functools.lru_cache(maxsize=64)  # an article is normalised once, not once per quote and figure in it
def normalise(text: str) -> str:
    """Fold typographic quotes to ASCII and every run of whitespace (line breaks too) to one space."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def contains_passage(text: str, passage: str) -> bool:
    """True when ``passage`` appears in ``text`` exactly, after :func:`normalise` on both."""
    return bool(passage.strip()) and normalise(passage) in normalise(text)


def contains_quote(text: str, quote: str) -> bool:
    """True when ``quote`` appears in ``text``, with an ellipsis allowed to join exact fragments in order.

    Both sides are compared after :func:`normalise`.
    """
    haystack = normalise(text)
    fragments = [f for f in ELLIPSIS.split(normalise(quote)) if f.strip()]
    position = 0
    for fragment in fragments:
        found = haystack.find(fragment.strip(), position)
        if found < 0:
            return False
        position = found + len(fragment.strip())
    return bool(fragments)


def nearest_passage(text: str, passage: str, limit: int = 160) -> str:
    """The stretch of ``text`` most like ``passage``, for showing beside a mismatch."""
    words = normalise(text).split(" ")
    bare = [_bare(w) for w in words]
    wanted = [_bare(w) for w in normalise(ELLIPSIS.sub(" ", passage)).split(" ")]
    best, best_size, best_score = 0, 0, -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    # A few words more or fewer than the passage, so an added or dropped word still lines up.
    for size in range(max(1, len(wanted) - 2), min(len(words), len(wanted) + 2) + 1):
        for start in range(len(words) - size + 1):
            matcher.set_seq1(bare[start : start + size])
            if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
                continue
            score = matcher.ratio()
            if score > best_score:
                best, best_size, best_score = start, size, score
    shown = " ".join(words[best : best + best_size])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def first_difference(passage: str, nearest: str) -> str:
    """Where ``passage`` first departs from ``nearest``, in words: ``'keep' where the text has 'maintain'``."""
    mine = normalise(ELLIPSIS.sub(" ", passage)).split(" ")
    theirs = normalise(nearest.rstrip("…")).split(" ")
    matcher = difflib.SequenceMatcher(a=[_bare(w) for w in mine], b=[_bare(w) for w in theirs], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "delete" and i1 == len(mine) - (i2 - i1) and j1 == len(theirs)):
            continue
        ours = " ".join(mine[i1:i2]) or "nothing"
        text = " ".join(theirs[j1:j2]) or "nothing"
        return f"the sidecar has '{ours}' where the text has '{text}'{_lookalike(ours, text)}"
    return ""


def _lookalike(ours: str, theirs: str) -> str:
    """For words that differ in a character or two (a Cyrillic o written for a Latin one, say): which characters."""
    if len(ours) != len(theirs):
        return ""
    differ = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    if not 0 < len(differ) <= 2:
        return ""
    i, a, b = differ[0]
    return f", which differ at character {i + 1}: {chars.describe(a)} in the sidecar, {chars.describe(b)} in the text"


def _bare(word: str) -> str:
    return word.strip("\"'.,;:!?()[]").lower()


# --- Sentences ---------------------------------------------------------------------------------------

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
    ]
)
_SENTENCE_END = re.compile(r"""[.!?]["'\u201d\u2019)]*(?=\s+["'\u201c\u2018(]?[A-Z0-9])""")


@dataclass(frozen=True)
class Span:
    """A stretch of a text: its start and end offsets and the text itself."""

    start: int
    end: int
    text: str


def sentences(paragraph: str) -> list[Span]:
    """Split one paragraph into sentences, keeping offsets into the paragraph."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        before = paragraph[start : match.start()].rsplit(" ", 1)[-1].lower().strip("(\"'")
        if before in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before):
            continue
        spans.append(Span(start, end, paragraph[start:end].strip()))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if paragraph[start:].strip():
        spans.append(Span(start, len(paragraph), paragraph[start:].strip()))
    return spans


# --- Numbers ---------------------------------------------------------------------------------------

_SCALES = {
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(10**6),
    "mn": Decimal(10**6),
    "m": Decimal(10**6),
    "billion": Decimal(10**9),
    "bn": Decimal(10**9),
    "b": Decimal(10**9),
    "trillion": Decimal(10**12),
    "tn": Decimal(10**12),
}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "a million": 10**6,
}
_FRACTIONS = {
    "half": Decimal("0.5"),
    "a half": Decimal("0.5"),
    "a third": Decimal(1) / 3,
    "one third": Decimal(1) / 3,
    "two thirds": Decimal(2) / 3,
    "two-thirds": Decimal(2) / 3,
    "a quarter": Decimal("0.25"),
    "one quarter": Decimal("0.25"),
    "three quarters": Decimal("0.75"),
    "three-quarters": Decimal("0.75"),
}
#: Words that make a number approximate when they come just before it.
APPROXIMATORS = (
    "some",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "approximately",
    "an estimated",
    "estimated",
    "close to",
    "more than",
    "over",
    "up to",
    "at least",
    "fewer than",
    "less than",
    "under",
    "upwards of",
)
#: Quantities given in words, which a sidecar keeps as words.
VAGUE = ("several", "a few", "a handful", "dozens", "scores", "hundreds", "thousands", "tens of thousands", "millions", "many")
#: Of those, the ones that only count as a quantity before "of": "dozens of farmers", not "in their dozens".
_VAGUE_OF = frozenset({"a handful", "dozens", "scores", "hundreds", "thousands", "tens of thousands", "millions"})

_CURRENCY = r"(?P<currency>[$€£¥]|US\$|USD\s?|EUR\s?|GBP\s?)?"
_DIGITS = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# Words may follow a space; abbreviations only touch the digits: "$3bn", "10k", but not "3 m" (metres).
_SCALE = r"(?:\s(?P<scale>thousand|million|billion|trillion)\b|\s?(?P<short>bn|mn|tn)\b|(?P<short1>[kmb])\b)?"
_PERCENT = r"(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)?"
_NUMBER = re.compile(rf"(?<![\w.,]){_CURRENCY}{_DIGITS}{_SCALE}{_PERCENT}", re.I)
_WORDS = re.compile(
    r"\b(?P<words>" + "|".join(sorted(map(re.escape, {**_WORD_NUMBERS, **_FRACTIONS}), key=len, reverse=True)) + r")\b"
    r"(?:\s(?P<scale>thousand|million|billion))?(?P<percent>\s(?:per\s?cent|percent)\b)?",
    re.I,
)
_VAGUE = re.compile(
    r"\b(?:(?P<vague>" + "|".join(map(re.escape, sorted(_VAGUE_OF, key=len, reverse=True))) + r")(?=\s+of\b)"
    r"|(?P<vague_alone>" + "|".join(map(re.escape, sorted(set(VAGUE) - _VAGUE_OF, key=len, reverse=True))) + r"))\b",
    re.I,
)
_APPROX = re.compile(r"\b(?:" + "|".join(map(re.escape, APPROXIMATORS)) + r")\s+$", re.I)
_RANGE = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.I)


@dataclass(frozen=True)
class Number:
    """A number mentioned in a text."""

    span: Span
    value: Decimal | None
    """The value, scaled (``2.5 million`` → 2500000); None for a vague quantity such as *several*."""
    approx: bool
    words: str | None = None
    """The words of a vague quantity, as written."""
    currency: str | None = None
    percent: bool = False
    scale: str | None = None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def numbers(text: str) -> list[Number]:
    """Every number in ``text``, in order: digits, number words, fractions and vague quantities."""
    found: list[Number] = []
    taken = bytearray(len(text) + 1)
    for pattern in (_NUMBER, _WORDS, _VAGUE):
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            groups = match.groupdict()
            approx = bool(_APPROX.search(text[max(0, match.start() - 20) : match.start()]))
            span = Span(match.start(), match.end(), match.group(0).strip())
            if groups.get("vague") or groups.get("vague_alone"):
                found.append(Number(span, None, True, words=groups.get("vague") or groups["vague_alone"]))
            else:
                if groups.get("number"):
                    base = _decimal(groups["number"])
                else:
                    word = groups["words"].lower()
                    base = _FRACTIONS.get(word) or Decimal(_WORD_NUMBERS[word])
                scale = (groups.get("scale") or groups.get("short") or groups.get("short1") or "").lower() or None
                value = base * _SCALES[scale] if base is not None and scale else base
                currency = (groups.get("currency") or "").strip() or None
                found.append(Number(span, value, approx, currency=currency, percent=bool(groups.get("percent")), scale=scale))
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return sorted(found, key=lambda n: n.span.start)


def ranges(text: str, found: list[Number] | None = None) -> Iterator[tuple[Number, Number]]:
    """Pairs of numbers written as a range: ``2 to 3``, ``2-3``, ``between 2 and 3``.

    ``found`` is :func:`numbers` of ``text``, when the caller already has it.
    """
    found = [n for n in (numbers(text) if found is None else found) if n.value is not None]
    for low, high in itertools.pairwise(found):
        if _RANGE.match(text[low.span.end : high.span.start]) and low.value is not None and high.value is not None:
            if high.scale and not low.scale and low.value < high.value / (_SCALES[high.scale]):
                low = Number(low.span, low.value * _SCALES[high.scale], low.approx, scale=high.scale)
            if low.value is not None and high.value is not None and low.value < high.value:
                yield low, high


def mentions_value(text: str, value: Decimal) -> bool:
    """True when ``text`` mentions ``value``, however it is written (``130,000``, ``2.5 million``, ``$3bn``)."""
    for number in numbers(text):
        if number.value is None:
            continue
        unscaled = number.value / _SCALES[number.scale] if number.scale else number.value
        if value in (number.value, unscaled):
            return True
    return any(low.value == value for low, _high in ranges(text))


def mentions_words(text: str, words: str) -> bool:
    """True when ``text`` contains ``words`` as whole words, ignoring case and spacing."""
    pattern = r"\b" + r"\s+".join(map(re.escape, normalise(words).split(" "))) + r"\b"
    return re.search(pattern, normalise(text), re.I) is not None


def markdown_to_text(source: str) -> str:
    """The paragraphs of a Markdown article as plain text, one per line."""
    tokens = MarkdownIt("commonmark").parse(source)
    lines = []
    for token in tokens:
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            lines.append("".join(parts))
    return "\n".join(lines)
