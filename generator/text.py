"""Reading an article's text: normalising it, finding passages, sentences and numbers.

Shared by verification (does the sidecar match its text?) and drafting (what
does the text contain?). Everything here is rules written for news prose in
English; nothing is downloaded or learned.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from datetime import date

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

#: Abbreviations after which a full stop does not end a sentence, titles before names among them ("Sen.", "Lt. Gen.").
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr gen col lt sgt capt maj cmdr adm brig rev gov sen rep hon mt ft no nos vs etc inc ltd co
    corp cpl pvt det insp supt atty engr cllr fr sr jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u
    e.g i.e a.m p.m approx est dept govt assn univ ave blvd rd ala ariz ark calif colo conn del fla ga ill ind kan ky la
    md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
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
        if before in ABBREVIATIONS or re.fullmatch(r"[a-z]", before):
            continue
        spans.append(Span(start, end, paragraph[start:end].strip()))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if paragraph[start:].strip():
        spans.append(Span(start, len(paragraph), paragraph[start:].strip()))
    return spans


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


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: date) -> str:
    """``2022-02-15`` → ``15 February 2022``, independent of locale."""
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"
