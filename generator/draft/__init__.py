"""``factsheet draft``: a first sidecar from an article's text, right or honestly unknown.

Written rules for English news prose, with no model and no download. The
draft reads the pasted text (:mod:`.furniture`: paragraphs put back together,
page furniture stripped and reported), finds the quotes and who said them
(:mod:`.quotes`, with the people the text names in :mod:`.context`), the claims
it reports (:mod:`.claims`) and the figures it gives (:mod:`.figures`), and
writes them as a sidecar (:mod:`.sidecar`). An editor under deadline accepts
what it proposes, so it proposes a name only when one person or organisation
named in the text fits; everything else is ``TODO``, with a comment saying why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from generator.draft.claims import Claim, find_claims
from generator.draft.context import Cast
from generator.draft.figures import Figure, find_figures
from generator.draft.furniture import read
from generator.draft.people import Who
from generator.draft.pronouns import genders
from generator.draft.quotes import Quote, find_quotes
from generator.draft.sidecar import proposed, sidecar_text
from generator.model import Entity
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
    cast = survey
    return Draft(paragraphs, reading.stripped, reading.headline, quotes, claims, find_figures(paragraphs), cast)


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
