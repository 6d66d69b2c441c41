"""The drafted sidecar, as commented YAML: ``status: draft``, with ``TODO`` and a reason wherever a person must decide."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.draft.people import Who
from generator.scaffold import SCHEMA_LINE, TO_FILL, emit, skeleton

if TYPE_CHECKING:
    from generator.draft import Draft


def slug(name: str) -> str:
    """A registry id proposed for a new name: ``Raymond T. Kessler`` → ``raymond-t-kessler``."""
    ascii_name = name.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or TO_FILL


def _actor(who: Who | None) -> Any:
    if who is None:
        return TO_FILL
    if who.kind == "unnamed":
        return {"unnamed": who.name}
    return who.entity_id or slug(who.name)


def entity_id(result: Draft, name: str) -> str:
    """The registry id for ``name``: the registry's own when it knows the name, else a proposed one."""
    known = result.cast.known.get(name)
    return known.id if known is not None else slug(name)


def proposed(result: Draft) -> dict[str, Who]:
    """The people and organisations the draft names that the registry does not have yet, by proposed id."""
    return {
        slug(who.name): who
        for who in result.named()
        if who.kind != "unnamed" and not who.registered and who.name not in result.cast.known
    }


def sidecar_text(result: Draft, *, published: str | None = None) -> str:
    """The draft sidecar as commented YAML."""
    figures = [
        {
            "id": f"figure-{i}",
            "label": TO_FILL,
            "value": figure.value,
            "unit": figure.unit or TO_FILL,
            "as_of": None,
            "stated_by": None,
            "source": None,
            "sentence": figure.sentence,
        }
        for i, figure in enumerate(result.figures, 1)
    ]
    quotes = []
    for i, quote in enumerate(result.quotes, 1):
        item: dict[str, Any] = {"id": f"quote-{i}", "text": quote.text, "speaker": _actor(quote.speaker)}
        if quote.speaker is not None and quote.speaker.role:
            item["role"] = quote.speaker.role
        if quote.speaker is not None and quote.speaker.organisation:
            item["organisation"] = entity_id(result, quote.speaker.organisation)
        if quote.via:
            item["via"] = [slug(quote.via)]
        if quote.context:
            item["context"] = quote.context
        quotes.append(item)
    claims = [
        {
            "id": f"claim-{i}",
            "text": claim.text,
            "claimant": _actor(claim.claimant),
            "date": published or TO_FILL,
            "rating": TO_FILL,
            "rationale": TO_FILL,
            "sources": [TO_FILL],
        }
        for i, claim in enumerate(result.claims, 1)
    ]
    outlets = sorted({q.via for q in result.quotes if q.via})
    sources = [
        {"id": slug(outlet), "kind": "news-agency", "entity": entity_id(result, outlet), "description": TO_FILL}
        for outlet in outlets
    ]
    data = skeleton(published or TO_FILL, figures=figures, claims=claims, quotes=quotes, sources=sources)
    if result.headline:
        data["article"]["headline"] = result.headline
    comments: dict[tuple[str | int, ...], str] = {}
    for i, figure in enumerate(result.figures):
        comments[("figures", i, "value")] = f"as written: {figure.as_written}"
    for i, quote in enumerate(result.quotes):
        if quote.speaker is None:
            comments[("quotes", i, "speaker")] = quote.why or "the text does not say who; find out, or delete this quote"
        elif quote.why:
            comments[("quotes", i, "speaker")] = quote.why
    for i, claim in enumerate(result.claims):
        if claim.claimant is None:
            comments[("claims", i, "claimant")] = claim.why or "the text does not say who"
    if result.headline:
        comments[("article", "headline")] = "the first title-like line of the text; check it"
    header = [
        SCHEMA_LINE,
        "# Drafted by `factsheet draft` from the article text. Check every item against the text,",
        f"# delete what is not worth keeping, and replace every {TO_FILL}; `factsheet check` lists them.",
    ]
    header += [
        f"# New entity to add to content/entities.yml: {key} ({who.name}, {who.kind})"
        for key, who in sorted(proposed(result).items())
    ]
    return emit(data, comments, header)
