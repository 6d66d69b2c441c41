"""``factsheet draft``: a first sidecar from an article's text, right or honestly unknown.

Written rules for English news prose, with no model and no download (the one
table it reads, of given names, comes installed: :mod:`.given_names`). The
draft reads the pasted text (:mod:`.furniture`: paragraphs put back together,
page furniture stripped and reported), finds the quotes and who said them
(:mod:`.quotes`, with the people the text names in :mod:`.context`), the claims
it reports (:mod:`.claims`) and the figures it gives (:mod:`.figures`), and
writes them as a sidecar (:mod:`.sidecar`). An editor under deadline accepts
what it proposes, so it proposes a name only when one person or organisation
named in the text fits; everything else is ``TODO``, with a comment saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from generator.draft.claims import Claim, find_claims
from generator.draft.context import Cast
from generator.draft.figures import Figure, find_figures
from generator.draft.furniture import read
from generator.draft.people import Who, is_title
from generator.draft.pronouns import genders
from generator.draft.quotes import Quote, find_quotes
from generator.draft.sidecar import proposed, sidecar_text
from generator.model import Entity
from generator.names import DAYS, MONTHS, RELATIVE_DAYS
from generator.text import markdown_to_text

__all__ = ["Draft", "Who", "draft", "report", "sidecar_text"]


@dataclass
class Draft:
    """What the rules found in one article."""

    paragraphs: list[str]
    stripped: list[str]
    headline: str | None
    quotes: list[Quote]
    claims: list[Claim]
    figures: list[Figure]
    cast: Cast = field(repr=False)

    def named(self) -> Iterator[Who]:
        """Every person and organisation the draft proposes, wherever it puts them."""
        for quote in self.quotes:
            if quote.speaker is not None:
                yield quote.speaker
                if quote.speaker.organisation:
                    yield Who(quote.speaker.organisation, "organisation")
            if quote.via:
                yield Who(quote.via, "organisation")
        for claim in self.claims:
            if claim.claimant is not None:
                yield claim.claimant


def draft(text: str, entities: Mapping[str, Entity] | Iterable[Entity] = (), *, markdown: bool = False) -> Draft:
    """Read an article's text and find what its sidecar needs."""
    known = list(entities.values()) if isinstance(entities, Mapping) else list(entities)
    reading = read(markdown_to_text(text) if markdown else text)
    paragraphs = reading.paragraphs
    # Who "he" and "she" can be is learnt from the whole text first, then the text is read in order.
    survey = Cast(known)
    survey.text = "\n".join(paragraphs)
    survey.headline = reading.headline
    for paragraph in paragraphs:
        survey.mention(paragraph)
    genders("\n".join(paragraphs), survey)
    quotes = find_quotes(paragraphs, survey)
    claims = find_claims(paragraphs, survey)
    whole = "\n".join(paragraphs)
    for quote in quotes:
        quote.speaker, quote.why = _checked(quote.speaker, quote.why, whole)
    for claim in claims:
        claim.claimant, claim.why = _checked(claim.claimant, claim.why, whole)
    return Draft(paragraphs, reading.stripped, reading.headline, quotes, claims, find_figures(paragraphs), survey)


def _checked(who: Who | None, why: str | None, text: str) -> tuple[Who | None, str | None]:
    """``who``, unless the text gives their name only as part of a longer one, or with a mark no name holds, or it is a time.

    "Columbia Circuit" in "the District of Columbia Circuit", "Land Stewardship" in "Department of Agriculture and Land
    Stewardship": a wrong name costs the editor more than a blank, so the speaker becomes TODO, and an organisation
    they are said to be of is left out.
    """
    if who is not None and who.kind == "unnamed" and who.name.split()[:1] and who.name.split()[0].casefold() in TIMES:
        return None, f"'{who.name}' is a time, not who spoke; say who"
    if who is None or who.registered or who.kind not in ("person", "organisation"):
        return who, why
    if re.search(r"[()\[\]—–|:;]", who.name) or _not_a_name(who.name):
        return None, f"'{who.name}' is not a name as it stands; write the name of who spoke"
    longer = _part_of(who.name, who.kind, text)
    if longer:
        return None, f"the text gives '{who.name}' only as part of '{longer}'; write the full name"
    if who.organisation and _part_of(who.organisation, "organisation", text):
        return replace(who, organisation=None), why
    return who, why


TIMES = DAYS | MONTHS | RELATIVE_DAYS
#: Words in small letters that a name may hold: "Department for Business and Trade", "Marisol de la Vega".
_SMALL_WORDS = frozenset("of for and the on upon de la le du des del della da dos das van von der den y e al el bin".split())


def _not_a_name(name: str) -> bool:
    """True for words no name is: a clause ("… is expected to face …") or a road's number ("B4521")."""
    words = name.split()
    clause = sum(w.isalpha() and w.islower() and len(w) >= 3 and w not in _SMALL_WORDS for w in words) >= 2
    return clause or any(re.fullmatch(r"[A-Z]+\d+[A-Z]?", w) for w in words)


def _part_of(name: str, kind: str, text: str) -> str | None:
    """The longer name that every mention of ``name`` in ``text`` is part of, if there is one."""
    found = [m.start() for m in re.finditer(rf"(?<![\w’'\-]){re.escape(name)}(?![\w\-])", text)]
    longer = [before for i in found if (before := _before(text[max(0, i - 80) : i], kind))]
    if kind == "organisation":
        # "Ministry of Housing, Communities and Local Government": a list of what it is for goes on after a comma.
        listed = re.compile(rf",[ \t]+{_WORD}(?:[ \t]+{_WORD})*[ \t]+(?:and|&)[ \t]+{_WORD}(?:[ \t]+{_WORD})*")
        after = [m for i in found if (m := listed.match(text, i + len(name)))]
        if found and len(after) == len(found):
            return name + after[0].group()
    if not found or len(longer) < len(found):
        return None
    return longer[0] + name


_WORD = r"(?:[A-Z][\w’'\-]*|(?:[A-Z]\.)+)"


def _before(text: str, kind: str) -> str | None:
    """The capitalised words just before a name that make it part of a longer one, if any.

    "District of" before "Columbia Circuit"; for an organisation also "Agriculture and", "Tamar &" or "Kerry". Never
    an organisation's office ("Leader of", "Mayor"), a possessive ("Leeds's"), nor a word alone that opens the sentence.
    """
    joined = re.search(rf"(?:{_WORD}[ \t]+)+(?:of|for)[ \t]+(?:the[ \t]+)?$", text)
    if joined is None and kind == "organisation":
        joined = re.search(rf"(?:{_WORD}[ \t]+)+(?:(?:and|&)[ \t]+)?$", text)
    if joined is None:
        return None
    words = [w for w in joined.group().split() if w[:1].isupper()]
    opens = re.search(r"(?:^|[.!?:]\s+|\n)$", text[: joined.start()]) is not None
    # An office before "of" ("Leader of Eastbrook Borough Council"); "U.S." or "Health and" begin a longer name.
    office = kind == "organisation" and is_title(words[-1]) and re.search(r"(?:of|for)[ \t]+(?:the[ \t]+)?$", joined.group())
    if office or words[-1].endswith(("’s", "'s", "s’")) or (opens and len(words) == 1):
        return None
    return joined.group()


def report(result: Draft) -> Iterator[str]:
    """What the draft found and stripped, line by line, for the terminal."""
    yield f"found {len(result.figures)} figures, {len(result.quotes)} quotes, {len(result.claims)} claims"
    for line in result.stripped:
        yield f"stripped: {line}"
    unknown = sum(q.speaker is None for q in result.quotes)
    if unknown:
        yield f"speaker left TODO for {unknown} of {len(result.quotes)} quotes; each says why in a comment"
    for who in sorted({w.name: w for w in result.named() if w.registered}.values(), key=lambda w: w.name):
        yield f"in the registry: {who.name} → {who.entity_id}"
    for key, who in sorted(proposed(result).items()):
        yield f"not in the registry, proposed: {key} ({who.name})"
