"""The pages: every sheet, index and registry page rendered through the Jinja templates, escaped for Markdown."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator import workers
from generator.mdtext import Md, escape, href, plain_text, render_subset
from generator.model import (
    NOT_NAMED,
    Claim,
    Corpus,
    Quantity,
    Rating,
    Sheet,
    Source,
    Unnamed,
    check_slug,
)
from generator.render import cards, chart, export, share, syndicate
from generator.render.syndicate import Site
from generator.text import format_date

#: Where generated pages go, relative to the site (or output folder) root.
SHEETS_DIR = "sheets"
ENTITIES_DIR = "people"
SERIES_DIR = "series"
SOURCES_DIR = "sources"
#: Front matter of the listing pages, which repeat the sheets' text: search finds the sheets themselves
#: (the theme override leaves these pages out of the Pagefind index; Material's own search reads it too).
UNSEARCHED: dict[str, Any] = {"search": {"exclude": True}}
#: The class of what an indexed page shows but search leaves out (docs/sidecar-format.md): the wording every sheet
#: repeats, the reasoning and descriptions, the article's sentences a sheet quotes, and other pages' text. Templates
#: write ``<span class="{{ unindexed }}">``, or ``<div class="{{ unindexed }}" markdown>`` around blocks.
UNINDEXED = "fs-unindexed"
#: How many of the newest sheets the home page lists.
HOME_SHEETS = 10


def _finalize(value: Any) -> Any:
    if isinstance(value, Md):
        return value
    if value is None:
        raise TypeError("a template printed None; test the value before printing it")
    return escape(str(value))


def _number(value: Decimal) -> str:
    return f"{value:,f}"  # never exponent notation: 0.00000001, not 1E-8


_BOUNDS = {"approx": "about", "at-least": "at least", "at-most": "up to", "above": "more than", "below": "less than"}


def format_quantity(value: Quantity) -> str:
    """A figure's value as a reader would say it: ``about 130,000``, ``2 to 3``, ``more than 4``, ``several``."""
    if value.vague is not None:
        return value.vague
    numbers = [_number(n) for n in value.numbers]
    if value.kind == "range":
        return f"{numbers[0]} to {numbers[1]}"
    bound = _BOUNDS.get(value.kind)
    return f"{bound} {numbers[0]}" if bound else numbers[0]


def markdown_environment(template_dirs: Sequence[Path]) -> jinja2.Environment:
    """A Jinja environment for Markdown over ``template_dirs`` (earlier folders override later ones).

    Every printed value is escaped for Markdown, an undefined name is an error, and ``md`` renders the safe subset.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # output is Markdown; _finalize escapes for Markdown instead
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = render_subset
    return env


def environment(template_dirs: Sequence[Path], corpus: Corpus) -> jinja2.Environment:
    """The environment of the site's pages over ``template_dirs``, with the filters that look things up in ``corpus``."""
    env = markdown_environment(template_dirs)

    def actor(who: str | Unnamed | None) -> str | Md:
        # The note after an unnamed actor is on most sheets, and a reader never searches for it.
        if isinstance(who, Unnamed):
            return Md(f'{escape(who.unnamed)} <span class="{UNINDEXED}">{escape(NOT_NAMED)}</span>')
        return corpus.actor_name(who)

    @jinja2.pass_context
    def source_name(context: Any, source_id: str) -> str | Md:
        source = context["sheet"].source(source_id)
        return actor(source.entity if source.entity is not None else Unnamed(unnamed=source.unnamed))

    links = corpus.claim_links()

    def related(sheet: Sheet, claim_id: str) -> list[Md]:
        """Markdown for each claim related to this one, from either end, with a link when it is published."""
        shown = []
        for link in links.get((sheet.slug, claim_id), []):
            text = f"“{escape(link.claim.text)}”"
            if link.sheet.sidecar.status != "published":
                target = f"{text} (in a sheet not yet published)"
            else:
                anchor = f"#claim-{link.claim.id}"
                target = f"[{text}]({anchor if link.sheet is sheet else f'{link.sheet.slug}.md{anchor}'})"
                if link.sheet is not sheet:
                    target += f" in *{escape(link.sheet.sidecar.title)}*"
            shown.append(Md(f"**{link.label}:** {target}"))
        return shown

    env.filters.update(
        related=related,
        # Explicit heading ids, so links do not depend on heading text (ids are slugs).
        claim_anchor=lambda claim_id: Md(f" {{#claim-{claim_id}}}"),
        heading_id=lambda anchor: Md(f" {{#{check_slug(anchor)}}}"),
        href=href,
        date=format_date,
        number=_number,
        quantity=format_quantity,
        actor=actor,
        source_name=source_name,
        entity=lambda entity_id: corpus.entities[entity_id],
        rating=corpus.rating,
        series=lambda series_id: corpus.series[series_id],
    )
    env.globals.update(unindexed=Md(UNINDEXED), sheets_dir=SHEETS_DIR, series_dir=SERIES_DIR, entities_dir=ENTITIES_DIR)
    return env


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
#: With ``render_pages(..., reviews_apart=True)``: the ClaimReview data of every sheet, not a page to publish.
CLAIM_REVIEWS = "claim-reviews.json"


def front_matter(**fields: Any) -> str:
    """YAML front matter. The theme prints these values into HTML unescaped, so they are HTML-escaped here."""
    safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in fields.items() if v is not None}
    # libyaml's emitter when PyYAML has it: the same YAML, several times faster than the pure-Python one.
    dumped = yaml.dump(safe, Dumper=_DUMPER, sort_keys=True, allow_unicode=True, width=10_000)
    return "---\n" + dumped + "---\n\n"


def page(env: jinja2.Environment, template: str, meta: dict[str, Any], **context: Any) -> str:
    """The page ``template`` renders with ``context``, after front matter of ``meta``."""
    return front_matter(**meta) + env.get_template(template).render(**context)


def card(corpus: Corpus, sheet: Sheet, site: Site) -> share.Card | None:
    """The share image's card of a published sheet, or None if it cannot be drawn."""
    return share.card_for(site.name, sheet.sidecar.title, _by_rating(corpus, sheet.sidecar.claims))


def share_path(sheet: Sheet) -> str:
    """Where a sheet's share image goes, relative to the site root."""
    return f"{SHEETS_DIR}/{sheet.slug}.png"


def render_sheet(env: jinja2.Environment, corpus: Corpus, sheet: Sheet, site: Site | None = None, *, reviews: bool = True) -> str:
    """One fact sheet as Markdown with front matter.

    With a ``site``, the front matter names its share image (when it has one)
    and, unless ``reviews`` is false, carries its ClaimReviews.
    """
    side = sheet.sidecar
    meta: dict[str, Any] = {"title": side.title, "description": plain_text(side.summary) or None, "tags": list(side.tags) or None}
    meta["og_type"] = "article"
    if site is not None:
        shared = card(corpus, sheet, site)
        if shared is not None:
            meta["share_image"], meta["share_image_alt"] = site.url + share_path(sheet), shared.alt
        if reviews and side.claims:
            # Structured data, not text: the theme override prints it with tojson, which escapes it for a script element.
            meta["claim_reviews"] = syndicate.claim_reviews(corpus, sheet, site.page_url(f"{SHEETS_DIR}/{sheet.slug}.md"), site)
    return page(env, "sheet.md.j2", meta, sheet=sheet, side=side, corpus=corpus)


def share_images(corpus: Corpus, site: Site, draw: Callable[[share.Card], bytes] = share.draw) -> dict[str, bytes]:
    """The share image of every published sheet that has one, as PNG, by path, each made by ``draw``."""
    images = {}
    for sheet in corpus.published():
        shared = card(corpus, sheet, site)
        if shared is not None:
            images[share_path(sheet)] = draw(shared)
    return images


def _by_rating(corpus: Corpus, claims: Iterable[Claim]) -> list[tuple[Rating, int]]:
    """How many of ``claims`` have each rating, in the scale's order, leaving out ratings with none."""
    counts = Counter(claim.rating for claim in claims)
    return [(rating, counts[rating.id]) for rating in corpus.ratings if counts[rating.id]]


def _sheet_rows(corpus: Corpus) -> list[tuple[Sheet, list[tuple[Rating, int]]]]:
    return [(sheet, _by_rating(corpus, sheet.sidecar.claims)) for sheet in corpus.published()]


def render_index(env: jinja2.Environment, corpus: Corpus) -> str:
    """The list of published sheets, newest first, with a rating summary for each."""
    return page(env, "index.md.j2", {"title": "Fact sheets", **UNSEARCHED}, rows=_sheet_rows(corpus), corpus=corpus)


def render_home(env: jinja2.Environment, corpus: Corpus) -> str:
    """The site's home page: what the site is, and the newest sheets."""
    rows = _sheet_rows(corpus)
    shown = rows[:HOME_SHEETS]
    meta = {"title": "Home", **UNSEARCHED}
    return page(env, "home.md.j2", meta, rows=shown, more=len(rows) > len(shown), total=len(rows))


def render_entities(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """A page for each person and organisation in the registry, and their index, by page path."""
    rows = []
    pages = {}
    for entity in sorted(corpus.entities.values(), key=lambda e: (e.name.casefold(), e.id)):
        activity = corpus.activity(entity.id)
        summary = _by_rating(corpus, (claim for _sheet, claim in activity.claims))
        rows.append((entity, activity, summary))
        meta = {"title": entity.name, "description": entity.description}
        pages[f"{ENTITIES_DIR}/{entity.id}.md"] = page(
            env, "entity.md.j2", meta, entity=entity, activity=activity, summary=summary, corpus=corpus
        )
    meta = {"title": "People and organisations", **UNSEARCHED}
    pages[f"{ENTITIES_DIR}/index.md"] = page(env, "entities.md.j2", meta, rows=rows)
    return pages


def render_sources(env: jinja2.Environment, corpus: Corpus) -> str:
    """The sources page: each named source with how often it is cited, and every unnamed source."""
    cited = [(sheet, source) for sheet in corpus.published() for source in sheet.sidecar.sources]
    by_entity: dict[str, list[tuple[Sheet, Source]]] = {}
    for sheet, source in cited:
        if source.entity is not None:
            by_entity.setdefault(source.entity, []).append((sheet, source))
    named = [
        (
            corpus.entities[entity_id],
            sorted({source.kind for _sheet, source in uses}),
            len(uses),
            len({sheet.slug for sheet, _source in uses}),
        )
        for entity_id, uses in by_entity.items()
    ]
    named.sort(key=lambda row: (-row[2], row[0].name.casefold(), row[0].id))
    unnamed = [(sheet, source) for sheet, source in cited if source.unnamed is not None]
    return page(env, "sources.md.j2", {"title": "Sources", **UNSEARCHED}, named=named, unnamed=unnamed)


def render_series(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """A page and a chart (SVG) for each tracked figure, and their index, by path."""
    pages = {}
    rows = []
    for series in sorted(corpus.series.values(), key=lambda s: (s.title.casefold(), s.id)):
        points = corpus.points(series.id)
        rows.append((series, points))
        latest = [p for p in points if p.date == points[-1].date]
        spread = (min(p.low for p in points), max(p.high for p in points)) if points else None
        context = {"series": series, "points": points, "latest": latest, "spread": spread}
        sheet_count = len({p.sheet.slug for p in points})
        meta = {"title": series.title, "description": series.description}
        pages[f"{SERIES_DIR}/{series.id}.md"] = page(env, "series.md.j2", meta, **context, sheet_count=sheet_count)
        if points:
            pages[f"{SERIES_DIR}/{series.id}.svg"] = chart.series_svg(series, points)
    pages[f"{SERIES_DIR}/index.md"] = page(env, "series-index.md.j2", {"title": "Tracked figures", **UNSEARCHED}, rows=rows)
    return pages


def render_pages(
    env: jinja2.Environment,
    corpus: Corpus,
    site: Site | None = None,
    *,
    reviews_apart: bool = False,
    draw: Callable[[share.Card], bytes] = share.draw,
) -> dict[str, str | bytes]:
    """Every generated page, keyed by its path under the site root: text, or bytes for the share images (PNG).

    With a ``site`` (where the pages will be published), sheets carry ClaimReview
    data and a share image, and an Atom feed is added; without one, none of
    these can have absolute URLs.
    With ``reviews_apart`` as well, the ClaimReview data is not in the sheets'
    front matter but in one more file, :data:`CLAIM_REVIEWS` (JSON: each
    sheet's page path → its data), for a publisher that hands it to the theme
    itself; the MkDocs plugin does, because MkDocs parses front matter with the
    pure-Python YAML loader, which at thousands of sheets takes seconds.
    ``draw`` makes each share image; the pipeline gives one that keeps them
    in the cache (:func:`generator.cache.memoised`).
    """

    def sheets_and_people() -> dict[str, str]:
        pages = {"index.md": render_home(env, corpus), f"{SHEETS_DIR}/index.md": render_index(env, corpus)}
        pages[f"{SHEETS_DIR}/tags.md"] = page(env, "tags.md.j2", {"title": "Tags", **UNSEARCHED})
        reviews = {}
        for sheet in corpus.published():
            path = f"{SHEETS_DIR}/{sheet.slug}.md"
            if reviews_apart and site is not None:
                pages[path] = render_sheet(env, corpus, sheet, site, reviews=False)
                if sheet.sidecar.claims:
                    reviews[path] = syndicate.claim_reviews(corpus, sheet, site.page_url(path), site)
            else:
                pages[path] = render_sheet(env, corpus, sheet, site)
        if reviews_apart and site is not None:
            pages[CLAIM_REVIEWS] = json.dumps(reviews, ensure_ascii=False, sort_keys=True)
        return {**pages, **render_entities(env, corpus)}

    def charts_and_data() -> tuple[dict[str, str | bytes], dict[str, str]]:
        drawn: dict[str, str | bytes] = {**render_series(env, corpus)}
        if site is not None:
            drawn.update(share_images(corpus, site, draw))
        return drawn, export.data_files(corpus)

    # The charts, share images and open data take about as long as the rest: at scale, they are made in a second process.
    sheet_pages, (series_pages, data) = workers.both(sheets_and_people, charts_and_data, size=len(corpus.sheets))
    pages: dict[str, str | bytes] = {**sheet_pages, **series_pages}
    pages[f"{SOURCES_DIR}/index.md"] = render_sources(env, corpus)
    if site is not None:
        pages[syndicate.FEED_FILE] = syndicate.atom_feed(corpus, site, SHEETS_DIR)
    pages.update(data)
    pages["reference/ratings.md"] = page(env, "ratings.md.j2", {"title": "Rating scale", **UNSEARCHED}, corpus=corpus)
    pages.update(cards.claim_cards(corpus, SHEETS_DIR, directory_urls=site.directory_urls if site is not None else True))
    meta = {"title": "Corrections and updates", **UNSEARCHED}
    pages["corrections.md"] = page(env, "corrections.md.j2", meta, entries=corpus.corrections(), feed=site is not None)
    if site is not None:
        pages[syndicate.CORRECTIONS_FEED] = syndicate.corrections_feed(corpus, site, SHEETS_DIR)
    return pages
