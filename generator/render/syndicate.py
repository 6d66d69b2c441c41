"""What other machines read about the sheets: ClaimReview structured data and an Atom feed.

Both need absolute URLs, so both need to know where the site is published
(:class:`Site`). Every date in them comes from the content or its git history
(see :mod:`generator.load.history`), never from the clock, so an unchanged site
gives an unchanged feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator.mdtext import plain_text
from generator.model import Corpus, Sheet, Unnamed

#: How many of the most recently updated sheets the feed carries.
FEED_ENTRIES = 50
FEED_FILE = "feed.xml"
CORRECTIONS_FEED = "corrections.xml"


@dataclass(frozen=True)
class Site:
    """Where and by whom the site is published."""

    url: str
    """The absolute http(s) URL of the site's home page, ending in ``/``."""
    name: str
    organisation: str
    """Who publishes the fact checks: ClaimReview's ``author``, the feed's author."""
    organisation_url: str | None = None
    directory_urls: bool = True
    """As MkDocs' ``use_directory_urls``: ``sheets/a/`` rather than ``sheets/a.html``."""
    publishing_principles: str | None = None
    """The page, as a path of the site (``methodology.md``), that says how the sheets are made."""
    corrections_policy: str | None = None
    """The page, as a path of the site (``corrections-policy.md``), that says how sheets are corrected."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not self.url.endswith("/"):
            raise ValueError(f"the site URL must be an absolute http(s) URL ending in /, got {self.url!r}")

    def page_url(self, path: str) -> str:
        """The absolute URL of the page built from ``path`` (``sheets/a.md``)."""
        stem = path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return self.url + stem.removesuffix("index")
        return self.url + (f"{stem}/" if self.directory_urls else f"{stem}.html")


def _organisation(site: Site) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": site.organisation}
    if site.organisation_url is not None:
        found["url"] = site.organisation_url
    if site.publishing_principles is not None:
        found["publishingPrinciples"] = site.page_url(site.publishing_principles)
    if site.corrections_policy is not None:
        found["correctionsPolicy"] = site.page_url(site.corrections_policy)
    return found


def _actor(corpus: Corpus, actor: str | Unnamed) -> dict[str, Any]:
    if isinstance(actor, Unnamed):
        return {"@type": "Thing", "name": actor.unnamed}
    entity = corpus.entities[actor]
    found: dict[str, Any] = {"@type": "Person" if entity.kind == "person" else "Organization", "name": entity.name}
    if entity.url is not None:
        found["url"] = entity.url
    return found


def _appearance(corpus: Corpus, sheet: Sheet) -> dict[str, Any]:
    """The article the claim appeared in, with only what the sidecar knows of it."""
    article = sheet.sidecar.article
    found: dict[str, Any] = {"@type": "NewsArticle", "datePublished": article.published.isoformat()}
    if article.headline is not None:
        found["headline"] = article.headline
    if article.url is not None:
        found["url"] = article.url
    if article.publisher is not None:
        found["publisher"] = _actor(corpus, article.publisher)
    return found


def claim_reviews(corpus: Corpus, sheet: Sheet, page_url: str, site: Site) -> list[dict[str, Any]]:
    """A schema.org ClaimReview for each claim of ``sheet``, published at ``page_url``.

    ``ratingValue``, ``bestRating`` and ``worstRating`` come from the scale's
    scores; a rating without a score (no verdict on truth) gives only its name.
    """
    scores = [r.score for r in corpus.ratings if r.score is not None]
    reviews = []
    for claim in sheet.sidecar.claims:
        rating = corpus.rating(claim.rating)
        verdict: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
        if rating.score is not None:
            verdict |= {"ratingValue": rating.score, "bestRating": max(scores), "worstRating": min(scores)}
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{page_url}#claim-{claim.id}",
                "claimReviewed": claim.text,
                "author": _organisation(site),
                "datePublished": sheet.first_published.isoformat(),
                "itemReviewed": {
                    "@type": "Claim",
                    "author": _actor(corpus, claim.claimant),
                    "datePublished": claim.date.isoformat(),
                    "appearance": _appearance(corpus, sheet),
                },
                "reviewRating": verdict,
            }
        )
    return reviews


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _updated(sheet: Sheet) -> date:
    last = sheet.last_updated
    return last[0] if last is not None else sheet.first_published


def _feed(site: Site, title: str, file: str, page: str, newest: date | None, feed_id: str) -> FeedGenerator:
    """An empty Atom feed of the site with the id ``feed_id``, published as ``file``, whose web page is ``page``."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(f"{site.name}: {title}")
    feed.author({"name": site.organisation, **({"uri": site.organisation_url} if site.organisation_url else {})})
    feed.link(href=site.url + file, rel="self")
    feed.link(href=site.page_url(page), rel="alternate")
    feed.language("en")
    # The feed is as new as its newest entry; with none, a fixed date rather than the clock.
    feed.updated(_moment(newest or date(1970, 1, 1)))
    return feed


def atom_feed(corpus: Corpus, site: Site, sheets_dir: str) -> str:
    """An Atom feed of the most recently published or updated sheets, newest first; summaries are plain text."""
    sheets = sorted(corpus.published(), key=lambda s: (_updated(s), s.slug), reverse=True)[:FEED_ENTRIES]
    feed = _feed(site, "fact sheets", FEED_FILE, "index.md", _updated(sheets[0]) if sheets else None, site.url)
    for sheet in sheets:
        url = site.page_url(f"{sheets_dir}/{sheet.slug}.md")
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(sheet.sidecar.title)
        entry.link(href=url, rel="alternate")
        entry.summary(plain_text(sheet.sidecar.summary))
        entry.published(_moment(sheet.first_published))
        entry.updated(_moment(_updated(sheet)))
        for tag in sheet.sidecar.tags:
            entry.category(term=tag)
    return str(feed.atom_str(pretty=True).decode("utf-8"))


def corrections_feed(corpus: Corpus, site: Site, sheets_dir: str) -> str:
    """An Atom feed of the newest corrections and updates across the published sheets, each linking to its note."""
    corrections = corpus.corrections()[:FEED_ENTRIES]
    newest = corrections[0][2].date if corrections else None
    feed = _feed(site, "corrections and updates", CORRECTIONS_FEED, "corrections.md", newest, site.url + CORRECTIONS_FEED)
    for sheet, anchor, update in corrections:
        url = f"{site.page_url(f'{sheets_dir}/{sheet.slug}.md')}#{anchor}"
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(f"{update.kind.capitalize()}: {sheet.sidecar.title}")
        entry.link(href=url, rel="alternate")
        entry.summary(plain_text(update.note))
        entry.published(_moment(update.date))
        entry.updated(_moment(update.date))
    return str(feed.atom_str(pretty=True).decode("utf-8"))
