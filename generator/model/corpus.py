"""The validated corpus, as templates see it: sheets, and the indexes across them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.load import ArticleText
    from generator.load.history import Committed
from generator.model.registries import Entity, Rating, Series
from generator.model.sidecar import Claim, Figure, Quote, RelationKind, Sidecar, Source, Unnamed, Update, split_claim_ref

#: What follows the description of someone a sheet names only by description.
NOT_NAMED = "(not named in the article)"


@dataclass(frozen=True)
class Sheet:
    """A validated sidecar and where it lives."""

    slug: str
    """The sidecar's file stem; also its page name."""
    sidecar: Sidecar
    path: Path
    """The sidecar file."""
    text: ArticleText | None
    """The article text beside the sidecar (``<slug>.txt`` or ``.md``), if present."""
    committed: Committed | None = None
    """When git says the sidecar was published and last changed, when it is in git."""

    @property
    def last_updated(self) -> tuple[date, Literal["updates", "history"]] | None:
        """When the sheet last changed, and how that is known: its latest update note, else its last commit."""
        if self.sidecar.updates:
            return max(u.date for u in self.sidecar.updates), "updates"
        if self.committed is not None:
            return self.committed.changed, "history"
        return None

    @property
    def anchored_updates(self) -> tuple[tuple[str, Update], ...]:
        """Each update with its anchor on the sheet: ``update-2024-03-01``, then ``-2`` for a second one that day.

        Updates are only ever added, so an anchor, once published, keeps pointing at the same note.
        """
        seen: dict[date, int] = {}
        anchored = []
        for update in self.sidecar.updates:
            seen[update.date] = seen.get(update.date, 0) + 1
            suffix = "" if seen[update.date] == 1 else f"-{seen[update.date]}"
            anchored.append((f"update-{update.date.isoformat()}{suffix}", update))
        return tuple(anchored)

    @property
    def first_published(self) -> date:
        """The first commit that published the sheet, or else the article's own date (a review cannot predate it)."""
        if self.committed is not None and self.committed.published is not None:
            return self.committed.published
        return self.sidecar.article.published

    def source(self, source_id: str) -> Source:
        """The source with this id (ids are checked during validation)."""
        return next(s for s in self.sidecar.sources if s.id == source_id)


@dataclass(frozen=True)
class ClaimLink:
    """One end of a relation between two claims, as seen from one of them."""

    kind: RelationKind
    reverse: bool
    """True on the claim that is pointed at: "contradicted by", not "contradicts"."""
    sheet: Sheet
    claim: Claim

    @property
    def label(self) -> str:
        """``Contradicts``, ``Contradicted by``, ``Supports``, ``Supported by``, ``Updates``, ``Updated by``."""
        verb = self.kind.removesuffix("s")
        if not self.reverse:
            return self.kind.capitalize()
        return f"{verb.capitalize()}{'d' if verb.endswith('e') else 'ed'} by"


@dataclass(frozen=True)
class Activity:
    """What one person or organisation did across the published sheets, newest sheet first."""

    quotes: tuple[tuple[Sheet, Quote], ...]
    """Quotes they spoke, or that someone spoke for them (``organisation``)."""
    claims: tuple[tuple[Sheet, Claim], ...]
    figures: tuple[tuple[Sheet, Figure], ...]
    """Figures they stated."""
    cited: tuple[tuple[Sheet, Source], ...]
    """Where a sheet relies on them as a source."""

    def __bool__(self) -> bool:
        return bool(self.quotes or self.claims or self.figures or self.cited)


@dataclass(frozen=True)
class DataPoint:
    """One figure of a series, in the sheet that gives it."""

    sheet: Sheet
    figure: Figure

    @property
    def date(self) -> date:
        """The date the figure describes, or else the article's publication date."""
        return self.figure.as_of or self.sheet.sidecar.article.published

    @property
    def low(self) -> Decimal:
        """The value, or the lower end of a range (series hold no vague figures)."""
        numbers = self.figure.value.numbers
        assert numbers, "validation keeps vague figures out of series"
        return numbers[0]

    @property
    def high(self) -> Decimal:
        """The value, or the upper end of a range."""
        return self.figure.value.numbers[-1]


@dataclass(frozen=True)
class Corpus:
    """Everything under ``content/``, validated and cross-checked."""

    entities: Mapping[str, Entity]
    ratings: tuple[Rating, ...]
    sheets: tuple[Sheet, ...]
    series: Mapping[str, Series] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    """What validation found worth saying but not wrong: a ``TODO`` left in a sheet not yet published."""
    unfinished: tuple[str, ...] = ()
    """Drafts left out of ``sheets`` only because they still hold ``TODO`` where a date, number or id goes."""

    def rating(self, rating_id: str) -> Rating:
        """The rating with this id (ids are checked during validation)."""
        return next(r for r in self.ratings if r.id == rating_id)

    def actor_name(self, actor: str | Unnamed | None) -> str:
        """How a sheet names someone: the registry's name, an unnamed description as such, or "Not attributed"."""
        if actor is None:
            return "Not attributed"
        if isinstance(actor, Unnamed):
            return f"{actor.unnamed} {NOT_NAMED}"
        return self.entities[actor].name

    def sheet(self, slug: str) -> Sheet | None:
        """The sheet with this slug, if there is one."""
        return self._by_slug.get(slug)

    # The indexes below are built once per corpus, so pages across all sheets take time linear in the corpus.

    @cached_property
    def _by_slug(self) -> dict[str, Sheet]:
        return {s.slug: s for s in self.sheets}

    @cached_property
    def _published(self) -> tuple[Sheet, ...]:
        sheets = [s for s in self.sheets if s.sidecar.status == "published"]
        sheets.sort(key=lambda s: s.slug)
        sheets.sort(key=lambda s: s.sidecar.article.published, reverse=True)
        return tuple(sheets)

    @cached_property
    def _activities(self) -> dict[str, Activity]:
        quotes: dict[str, list[tuple[Sheet, Quote]]] = {}
        claims: dict[str, list[tuple[Sheet, Claim]]] = {}
        figures: dict[str, list[tuple[Sheet, Figure]]] = {}
        cited: dict[str, list[tuple[Sheet, Source]]] = {}
        for s in self._published:
            for q in s.sidecar.quotes:
                for who in dict.fromkeys((q.speaker, q.organisation)):
                    if isinstance(who, str):
                        quotes.setdefault(who, []).append((s, q))
            for c in s.sidecar.claims:
                if isinstance(c.claimant, str):
                    claims.setdefault(c.claimant, []).append((s, c))
            for f in s.sidecar.figures:
                if isinstance(f.stated_by, str):
                    figures.setdefault(f.stated_by, []).append((s, f))
            for src in s.sidecar.sources:
                if src.entity is not None:
                    cited.setdefault(src.entity, []).append((s, src))
        return {
            entity: Activity(
                tuple(quotes.get(entity, ())),
                tuple(claims.get(entity, ())),
                tuple(figures.get(entity, ())),
                tuple(cited.get(entity, ())),
            )
            for entity in {*quotes, *claims, *figures, *cited}
        }

    def claim_links(self) -> dict[tuple[str, str], list[ClaimLink]]:
        """Every relation between claims, from both ends, keyed by (sheet slug, claim id)."""
        links: dict[tuple[str, str], list[ClaimLink]] = {}
        for sheet in self.sheets:
            for claim in sheet.sidecar.claims:
                for relation in claim.relations:
                    slug, claim_id = split_claim_ref(relation.claim, sheet.slug)
                    target = self.sheet(slug)
                    other = next((c for c in target.sidecar.claims if c.id == claim_id), None) if target else None
                    if target is None or other is None:
                        continue  # validation reports it
                    links.setdefault((sheet.slug, claim.id), []).append(ClaimLink(relation.kind, False, target, other))
                    links.setdefault((slug, claim_id), []).append(ClaimLink(relation.kind, True, sheet, claim))
        return links

    def claims_rated(self, rating_id: str) -> tuple[tuple[Sheet, Claim], ...]:
        """Every claim with this rating in the published sheets, newest sheet first."""
        return tuple(self._rated.get(rating_id, ()))

    @cached_property
    def _rated(self) -> dict[str, list[tuple[Sheet, Claim]]]:
        rated: dict[str, list[tuple[Sheet, Claim]]] = {}
        for s in self._published:
            for c in s.sidecar.claims:
                rated.setdefault(c.rating, []).append((s, c))
        return rated

    def activity(self, entity_id: str) -> Activity:
        """Everything ``entity_id`` said, claimed, stated or was cited for, in the published sheets."""
        return self._activities.get(entity_id) or Activity((), (), (), ())

    def points(self, series_id: str) -> tuple[DataPoint, ...]:
        """Every figure of the series in the published sheets, oldest first (then by sheet and figure)."""
        return self._points.get(series_id, ())

    @cached_property
    def _points(self) -> dict[str, tuple[DataPoint, ...]]:
        points: dict[str, list[DataPoint]] = {}
        for s in self._published:
            for f in s.sidecar.figures:
                if f.series is not None:
                    points.setdefault(f.series, []).append(DataPoint(s, f))
        return {k: tuple(sorted(v, key=lambda p: (p.date, p.sheet.slug, p.figure.id))) for k, v in points.items()}

    def published(self) -> tuple[Sheet, ...]:
        """Published sheets, newest first, then by slug for a stable order."""
        return self._published

    def corrections(self) -> list[tuple[Sheet, str, Update]]:
        """Every correction and update of the published sheets, newest first, with its anchor on its sheet."""
        found = [
            (update.date, sheet.slug, index, (sheet, anchor, update))
            for sheet in self.published()
            for index, (anchor, update) in enumerate(sheet.anchored_updates)
        ]
        return [entry for *_key, entry in sorted(found, key=lambda item: item[:3], reverse=True)]
