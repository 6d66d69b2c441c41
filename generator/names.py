"""Words that are not the names of people or organisations, however they are capitalised.

News text puts capitalised words before "said" that name nobody: pronouns at
the start of a sentence, days ("Sunday"), datelines ("WASHINGTON (AP) —"),
and fragments of two sentences ("Sunday. Struck"). Drafting must not propose
them as speakers, and ``factsheet check`` refuses them where a sidecar names a
person or organisation (see :func:`not_a_name`).
"""

from __future__ import annotations

import re

from generator.text import ABBREVIATIONS, normalise

PRONOUNS = frozenset(
    "i me we us you he him she her it they them his hers its their theirs our ours who whom this that these those".split()
)
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
RELATIVE_DAYS = frozenset("yesterday today tonight tomorrow".split())
MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)
#: A dateline at the start of a paragraph: "WASHINGTON (AP) —", "KABUL, Afghanistan (AP) —", "CAGAYAN DE ORO CITY, Philippines —".
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]*[A-Z.])(?:,\s*[A-Z][\w.' ]*?)?\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-)\s*(?=\S)"
)


def not_a_name(name: str) -> str | None:
    """Why ``name`` cannot be the name of a person or organisation, as a phrase ("a pronoun"); None when it can be."""
    bare = name.strip(" .,;:'\"‘’“”").casefold()
    if not bare:
        return "empty"
    if bare in PRONOUNS:
        return "a pronoun"
    if re.fullmatch(r"\w\.?", bare):
        return "a single letter"
    if bare in DAYS:
        return "a day of the week"
    if bare in RELATIVE_DAYS:
        return "a word for a day"
    if bare in MONTHS:
        return "a month"
    for word in re.findall(r"(\w[\w'’-]*)\.\s+[A-Z]", name):
        if len(word) > 1 and word.casefold() not in ABBREVIATIONS:
            return "a fragment of two sentences"
    return None


def datelines(text: str) -> set[str]:
    """The places that open a paragraph of ``text`` as datelines, as written: ``{"WASHINGTON"}``."""
    found = set()
    for line in text.splitlines():
        match = DATELINE.match(line)
        if match and match.group("place").upper() == match.group("place"):
            found.add(match.group("place").strip())
    return found


_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|(?:de|la|van|der|von|da|del|bin)\b|[A-Z][\w'’-]+)){1,3}")


def named_near(text: str, passage: str) -> list[str]:
    """The names written in the paragraph of ``text`` that holds ``passage``, and in the one before, nearest first.

    Names are runs of two to four capitalised words (with initials and
    particles such as ``de``), leaving out runs that are not names (see
    :func:`not_a_name`) and those that open a sentence with a day or a pronoun.
    """
    paragraphs = [p for p in (normalise(line) for line in text.splitlines()) if p]
    wanted = normalise(passage)
    for index, paragraph in enumerate(paragraphs):
        if wanted and wanted in paragraph:
            found: list[str] = []
            for block in (paragraph, paragraphs[index - 1] if index else ""):
                for match in _NAME.finditer(block):
                    name = match.group().rstrip(".")
                    first = name.split()[0].casefold()
                    if not_a_name(name) or first in PRONOUNS | DAYS | MONTHS | RELATIVE_DAYS or name in found:
                        continue
                    found.append(name)
            return found
    return []
