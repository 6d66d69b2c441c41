"""Each sidecar on its own: its schema, what is left to fill in, and what the rest of it refers to.

A sidecar that does not validate as a whole is still checked as far as it
can be: each figure, claim, quote and source that validates on its own is
cross-checked (:mod:`generator.validate.references`), so a ``TODO`` in one
claim does not hide a misspelt speaker or a misquote in another.

``TODO`` markers (left by ``factsheet new`` and ``factsheet draft``) are
warnings in a sheet that is not published yet, and errors in one that is. A
marker is reported once, as unfilled, not also as an invalid date, number or id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from generator.errors import Problem
from generator.load import Document, LoadedContent, Path_, format_path
from generator.model import WINDOWS_RESERVED, Article, Claim, Figure, Quote, Sheet, Sidecar, Source, check_slug
from generator.scaffold import TO_FILL
from generator.validate.references import check_references
from generator.validate.registries import RESERVED_SLUGS, Registries
from generator.validate.translate import quietly, validated


@dataclass(frozen=True)
class Parts:
    """What of one sidecar validated: all of it, or each item that validates on its own, with its index."""

    article: Article | None
    figures: tuple[tuple[int, Figure], ...]
    claims: tuple[tuple[int, Claim], ...]
    quotes: tuple[tuple[int, Quote], ...]
    sources: tuple[tuple[int, Source], ...]
    ids: dict[str, tuple[Any, ...]]
    """The ``id`` written in each item of each list, valid or not (None where there is none)."""

    @classmethod
    def of(cls, data: Any, sidecar: Sidecar | None) -> Parts:
        """The parts of a sidecar: ``sidecar`` itself when it validated, else what of ``data`` validates."""
        lists = {name: _items(data, name) for name in ("figures", "claims", "quotes", "sources")}
        ids = {name: tuple(item.get("id") if isinstance(item, dict) else None for item in items) for name, items in lists.items()}
        if sidecar is not None:
            return cls(
                sidecar.article,
                tuple(enumerate(sidecar.figures)),
                tuple(enumerate(sidecar.claims)),
                tuple(enumerate(sidecar.quotes)),
                tuple(enumerate(sidecar.sources)),
                ids,
            )

        def each(model: type[Any], name: str) -> tuple[tuple[int, Any], ...]:
            return tuple((i, found) for i, item in enumerate(lists[name]) if (found := quietly(model, item)) is not None)

        article = quietly(Article, data.get("article")) if isinstance(data, dict) else None
        return cls(article, each(Figure, "figures"), each(Claim, "claims"), each(Quote, "quotes"), each(Source, "sources"), ids)


def _items(data: Any, name: str) -> tuple[Any, ...]:
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, tuple) else ()


@dataclass(frozen=True)
class CheckedSheets:
    """Some sidecars, each checked on its own against the registries."""

    sheets: list[Sheet]
    """Those that validated, in the order given."""
    problems: list[Problem]
    parsed: set[str]
    """The slug of every sidecar that parsed, valid or not."""
    relation_sites: dict[str, dict[Path_, Problem]]
    """Where each claim relation of a valid sheet is written: its slug → the relation's path → a located problem."""
    suppressed: dict[str, int] = field(default_factory=dict)
    """Registry file → how many references to it were not checked because it did not validate."""
    unfinished: list[str] = field(default_factory=list)
    """Sidecars that are not valid only because a draft still holds TODO, by slug."""


def check_sheets(docs: Iterable[Document], loaded: LoadedContent, registries: Registries) -> CheckedSheets:
    """Check each sidecar on its own: its schema, its references to the registries, and its article text."""
    sheets, problems, parsed = [], [], set()
    sites: dict[str, dict[Path_, Problem]] = {}
    suppressed: dict[str, int] = {}
    unfinished: list[str] = []
    for doc in docs:
        slug = doc.path.stem
        parsed.add(slug)
        problems += check_file_slug(slug, doc.display)
        unfilled = list(_to_fill(doc.data))
        published = isinstance(doc.data, dict) and doc.data.get("status") == "published"
        problems += [_unfilled(doc, path, published) for path in unfilled]
        found: list[Problem] = []
        sidecar = validated(Sidecar, doc, found)
        wrong = [p for p in found if not any(_within(p.field, format_path(path)) for path in unfilled)]
        problems += wrong
        if sidecar is None and found and not wrong and not published:
            unfinished.append(slug)
        text = loaded.texts.get(slug)
        references, skipped = check_references(doc, Parts.of(doc.data, sidecar), registries, text.body if text else None)
        problems += references
        for file, count in skipped.items():
            suppressed[file] = suppressed.get(file, 0) + count
        if sidecar is None:
            continue
        sheets.append(Sheet(slug, sidecar, doc.path, text, loaded.committed.get(doc.path.name)))
        problems += updates_out_of_order(doc, sidecar)
        if sidecar.status == "published":
            problems += not_archived(doc, sidecar)
        relations: list[Path_] = [
            ("claims", i, "relations", j, "claim") for i, c in enumerate(sidecar.claims) for j in range(len(c.relations))
        ]
        sites[slug] = {path: doc.problem("unknown-claim", "", path) for path in relations}
    return CheckedSheets(sheets, problems, parsed, sites, suppressed, unfinished)


def updates_out_of_order(doc: Document, sidecar: Sidecar) -> list[Problem]:
    """An error for each update dated before the one above it: updates are only ever added, at the end.

    Each update's anchor on the sheet (``#update-2024-03-01``) and its entry in the corrections feed come from its
    place among the updates of its day, so an update put in above others would re-point links already published.
    """
    message = "is dated before the update above it; updates go oldest first, and a new one is added at the end"
    updates = sidecar.updates
    return [
        doc.problem("update-order", message, ("updates", i, "date"))
        for i in range(1, len(updates))
        if updates[i].date < updates[i - 1].date
    ]


def not_archived(doc: Document, sidecar: Sidecar) -> list[Problem]:
    """A warning for each link of a published sheet, the article's or a source's, that has no archived copy."""
    links: list[tuple[Path_, str | None, object]] = [(("article", "url"), sidecar.article.url, sidecar.article.archive)]
    links += [(("sources", i, "url"), s.url, s.archive) for i, s in enumerate(sidecar.sources)]
    message = (
        "has no archived copy, and readers lose the evidence if the link dies; save the page to an archive "
        "(such as web.archive.org) and add archive: {url: ..., accessed: YYYY-MM-DD}"
    )
    return [
        replace(doc.problem("not-archived", message, path), severity="warning")
        for path, url, archive in links
        if url is not None and archive is None
    ]


def _unfilled(doc: Document, path: Path_, published: bool) -> Problem:
    if published:
        message = f"still {TO_FILL}, and the sheet is published; write what the article says, or set status back to draft"
        return doc.problem("to-fill", message, path)
    problem = doc.problem("to-fill", f"still {TO_FILL}; write what the article says before the sheet is published", path)
    return replace(problem, severity="warning")


def _to_fill(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    if data == TO_FILL:
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _to_fill(value, (*path, key))
    elif isinstance(data, tuple):
        for index, value in enumerate(data):
            yield from _to_fill(value, (*path, index))


def _within(field: str, ancestor: str) -> bool:
    return field == ancestor or field.startswith((f"{ancestor}.", f"{ancestor}["))


def check_file_slug(slug: str, display: str) -> list[Problem]:
    """Problems with ``slug`` as a sidecar's file name: not a slug, or reserved."""
    reason = ""
    try:
        check_slug(slug)
    except ValueError:
        reason = "is not a valid slug: use lowercase letters, digits and single hyphens, like 2022-02-15-troops-border.yml"
    if slug in RESERVED_SLUGS or slug in WINDOWS_RESERVED:
        reason = f"'{slug}' is a reserved name; choose another file name"
    return [Problem("file-name", f"file name {reason}", display)] if reason else []
