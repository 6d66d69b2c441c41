"""A card for each published claim, to cite or embed: ``embed/<sheet>/<claim>.html``.

Another site can show one claim, its rating and its sources with an
``<iframe>`` of its card, and a reader can open it on its own. A card is one
small HTML file: no script, nothing loaded from another host (its one
stylesheet is the site's own), and a Content-Security-Policy that allows no
more. Every value in it is escaped with :func:`html.escape`; the rationale,
which may use the safe Markdown subset, is rendered by the same markdown-it
parser that checks it, with raw HTML off and only http(s) links.
"""

from __future__ import annotations

from html import escape

from generator.mdtext import subset_html
from generator.model import Corpus, Sheet, Unnamed
from generator.text import format_date

#: Where the cards go, relative to the site root.
EMBED_DIR = "embed"
#: The stylesheets cards use, relative to the site root: the rating badges', and the card's own (both in pages/).
CARD_CSS = ("stylesheets/factsheet.css", "stylesheets/card.css")
_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def _source(corpus: Corpus, sheet: Sheet, source_id: str) -> str:
    source = sheet.source(source_id)
    name = escape(corpus.actor_name(source.entity if source.entity is not None else Unnamed(unnamed=str(source.unnamed))))
    links = []
    if source.url is not None and (source.dead is None or source.archive is None):
        links.append(f'<a href="{escape(source.url)}" rel="noopener" target="_top">link</a>')
    if source.archive is not None:
        links.append(f'<a href="{escape(source.archive.url)}" rel="noopener" target="_top">archived copy</a>')
    if source.dead is not None and source.archive is None:
        links.append(f"found dead on {escape(format_date(source.dead))}, no archived copy")
    return name + (f" ({', '.join(links)})" if links else "")


def claim_card(corpus: Corpus, sheet: Sheet, claim_id: str, sheets_dir: str, *, directory_urls: bool = True) -> str:
    """The card of one claim of ``sheet``, as a whole HTML document whose links are relative to ``embed/<sheet>/``.

    ``directory_urls`` is how the site names its pages, as MkDocs' ``use_directory_urls``: ``sheets/a/`` or ``sheets/a.html``.
    """
    claim = next(c for c in sheet.sidecar.claims if c.id == claim_id)
    rating = corpus.rating(claim.rating)
    page = f"{sheet.slug}/" if directory_urls else f"{sheet.slug}.html"
    permalink = f"../../{sheets_dir}/{page}#claim-{claim.id}"
    sources = "".join(f"<li>{_source(corpus, sheet, s)}</li>" for s in claim.sources)
    title = escape(f"{claim.text} – {rating.label}")
    head = [
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{title}</title>",
        f'<link rel="canonical" href="{escape(permalink)}">',
        *(f'<link rel="stylesheet" href="../../{css}">' for css in CARD_CSS),
    ]
    body = [
        f'<article class="fs-card" id="claim-{escape(claim.id)}">',
        f'<p class="fs-card__claim">{escape(claim.text)}</p>',
        f'<p class="fs-card__by">{escape(corpus.actor_name(claim.claimant))}, {escape(format_date(claim.date))}</p>',
        f'<p><span class="fs-rating fs-rating--{escape(rating.id)}">{escape(rating.marker)} {escape(rating.label)}</span></p>',
        f'<div class="fs-card__why">{subset_html(claim.rationale)}</div>',
        f'<p class="fs-card__sources">Sources:</p>\n<ul>{sources}</ul>',
        f'<p class="fs-card__more"><a href="{escape(permalink)}" target="_top">{escape(sheet.sidecar.title)}</a></p>',
        "</article>",
    ]
    return "\n".join(
        ["<!doctype html>", '<html lang="en">', "<head>", *head, "</head>", "<body>", *body, "</body>", "</html>", ""]
    )


def claim_cards(corpus: Corpus, sheets_dir: str, *, directory_urls: bool = True) -> dict[str, str]:
    """A card for every claim of every published sheet, by path relative to the site root."""
    return {
        f"{EMBED_DIR}/{sheet.slug}/{claim.id}.html": claim_card(
            corpus, sheet, claim.id, sheets_dir, directory_urls=directory_urls
        )
        for sheet in corpus.published()
        for claim in sheet.sidecar.claims
    }
