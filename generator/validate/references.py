"""What a sidecar refers to: registry entries, its own sources, the rating scale, series, and its article text.

Every check runs on each part of the sidecar that validated, so a sheet with
``TODO`` left in one place is still checked everywhere else. A reference to a
registry that did not validate is not reported: it is counted against that
registry's file, whose own errors come first.

A speaker, claimant or other person the sidecar names must be a name: not a
pronoun, a single letter, a day or month, a fragment of two sentences, or a
place that opens the article as its dateline. When the article text is there,
the message suggests the names written beside the quote or claim.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.errors import Problem, did_you_mean
from generator.load import SERIES_FILE, Document, Path_
from generator.model import Unnamed
from generator.names import datelines, named_near, not_a_name
from generator.validate.registries import Registries, duplicates
from generator.validate.verify import verify

#: What a series chart can draw: values below this size, dated within these years.
SERIES_LIMIT = 10**15
SERIES_YEARS = (1900, 2100)


class _Checker:
    """The checks of one sidecar, collecting problems and counting what a failed registry keeps from being checked."""

    def __init__(self, doc: Document, registries: Registries, text: str | None) -> None:
        self.doc = doc
        self.registries = registries
        self.text = text
        self.datelines = datelines(text) if text else set()
        self.problems: list[Problem] = []
        self.suppressed: dict[str, int] = {}

    def report(self, code: str, message: str, path: Path_) -> None:
        self.problems.append(self.doc.problem(code, message, path))

    def skip(self, kind: str) -> bool:
        """True (and counted) when the ``kind`` registry failed, so an unknown reference to it is not reported."""
        if kind not in self.registries.failed:
            return False
        file = self.registries.failed[kind]
        self.suppressed[file] = self.suppressed.get(file, 0) + 1
        return True

    def actor(self, value: object, path: Path_, near: str | None = None) -> None:
        """A registry id or ``{unnamed: ...}`` that names a person or organisation; ``near`` is the passage it is about."""
        if isinstance(value, Unnamed):
            why = not_a_name(value.unnamed)
            if why:
                self.report(
                    "not-a-name",
                    f"{value.unnamed!r} is {why}, not a description of who it is{self._hint(near)}",
                    (*path, "unnamed"),
                )
            return
        if not isinstance(value, str):
            return
        entity = self.registries.entities.get(value)
        if entity is None:
            if not self.skip("entities"):
                hint = did_you_mean(value, self.registries.entities) or "; add it to content/entities.yml, or use {unnamed: ...}"
                self.report("unknown-entity", f"'{value}' is not in the entity registry{hint}", path)
            return
        why = not_a_name(entity.name)
        if why is None and entity.name in self.datelines:
            why = "the place in the article's dateline"
        if why:
            message = f"'{value}' is {entity.name!r} in the registry, {why}, not a person or organisation{self._hint(near)}"
            self.report("not-a-name", message, path)

    def _hint(self, near: str | None) -> str:
        names = named_near(self.text, near) if self.text and near else []
        if names:
            return f"; did you mean {' or '.join(repr(n) for n in names[:2])}, named beside it in the text?"
        return "; write who the article says it is, or {unnamed: ...} with how the article describes them"


def check_references(doc: Document, parts: Any, registries: Registries, text: str | None) -> tuple[list[Problem], dict[str, int]]:
    """Cross-check the validated ``parts`` (see sheets.Parts) of one sidecar; return problems and suppressed counts."""
    check = _Checker(doc, registries, text)
    for name in ("figures", "claims", "quotes", "sources"):
        check.problems += duplicates(doc, (name,), parts.ids[name], name[:-1])
    source_ids = [i for i in parts.ids["sources"] if isinstance(i, str)]

    def source(value: str, path: Path_) -> None:
        if value not in source_ids:
            hint = did_you_mean(value, source_ids) or "; add it to this sidecar's sources"
            check.report("unknown-source", f"source '{value}' is not listed under sources{hint}", path)

    if parts.article is not None:
        check.actor(parts.article.publisher, ("article", "publisher"))
        for i, author in enumerate(parts.article.authors):
            check.actor(author, ("article", "authors", i))
    for i, figure in parts.figures:
        check.actor(figure.stated_by, ("figures", i, "stated_by"), figure.sentence)
        if figure.source is not None:
            source(figure.source, ("figures", i, "source"))
    rating_ids = [r.id for r in registries.ratings]
    for i, claim in parts.claims:
        check.actor(claim.claimant, ("claims", i, "claimant"), claim.text)
        if claim.rating not in rating_ids and not check.skip("ratings"):
            hint = did_you_mean(claim.rating, rating_ids) or f"; the scale is: {', '.join(rating_ids)}"
            check.report("unknown-rating", f"'{claim.rating}' is not on the rating scale{hint}", ("claims", i, "rating"))
        for j, source_id in enumerate(claim.sources):
            source(source_id, ("claims", i, "sources", j))
    for i, quote in parts.quotes:
        check.actor(quote.speaker, ("quotes", i, "speaker"), quote.text)
        check.actor(quote.organisation, ("quotes", i, "organisation"), quote.text)
        for j, source_id in enumerate(quote.via):
            source(source_id, ("quotes", i, "via", j))
    for i, src in parts.sources:
        check.actor(src.entity, ("sources", i, "entity"))
        if src.unnamed is not None:
            check.actor(Unnamed(unnamed=src.unnamed), ("sources", i))
    _check_series(check, parts)
    if text is not None:
        check.problems += [doc.problem(m.code, m.message, m.path) for m in verify(parts.quotes, parts.figures, text)]
    return check.problems, check.suppressed


def _check_series(check: _Checker, parts: Any) -> None:
    """Each figure in a series names one that exists, in the series' unit, with a number a chart can show."""
    published = parts.article.published if parts.article is not None else None
    report: Callable[[str, str, Path_], None] = check.report
    for i, figure in parts.figures:
        if figure.series is None:
            continue
        tracked = check.registries.series.get(figure.series)
        if tracked is None:
            if not check.skip("series"):
                hint = did_you_mean(figure.series, check.registries.series) or f"; add it to content/{SERIES_FILE}"
                report("unknown-series", f"'{figure.series}' is not a tracked series{hint}", ("figures", i, "series"))
            continue
        if figure.unit != tracked.unit:
            report(
                "series-unit",
                f"the unit '{figure.unit}' differs from the series' unit '{tracked.unit}'; a series has one unit, so "
                "convert the value or leave the figure out of the series",
                ("figures", i, "unit"),
            )
        value = figure.value
        if value.kind == "vague":
            report(
                "series-value",
                f"'{value.vague}' is not a number; a figure in a series needs a number, a range or a bound",
                ("figures", i, "value"),
            )
        elif any(abs(n) >= SERIES_LIMIT for n in value.numbers):
            report(
                "series-value",
                "a figure in a series must be smaller than a million billion (10^15) to be charted",
                ("figures", i, "value"),
            )
        when = figure.as_of or published
        if when is not None and not SERIES_YEARS[0] <= when.year <= SERIES_YEARS[1]:
            field = ("figures", i, "as_of") if figure.as_of is not None else ("article", "published")
            report(
                "series-value",
                f"{when.isoformat()} is outside the years a series chart shows "
                f"({SERIES_YEARS[0]} to {SERIES_YEARS[1]}); check the year",
                field,
            )
