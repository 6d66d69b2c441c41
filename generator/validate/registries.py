"""The registries every sidecar is checked against: people and organisations, the rating scale, tracked series.

A registry is a root: when one does not load or validate, every reference to
it would fail too. So its problems are marked as roots (reported first), the
entries that validate on their own are kept, and a reference that only fails
because its registry failed is counted instead of reported (see
:class:`~generator.errors.ValidationFailed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.errors import Problem
from generator.load import ENTITIES_FILE, RATINGS_FILE, SERIES_FILE, Document, LoadedContent, Path_, display_name
from generator.model import Entity, Rating, RatingScale, Registry, Series, SeriesRegistry
from generator.names import not_a_name
from generator.validate.translate import quietly, validated

#: Page names the generator itself uses beside the sheets and entity pages.
RESERVED_SLUGS = frozenset({"index", "tags"})

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Registries:
    """What every sidecar is checked against: the registries, as far as they validated."""

    entities: dict[str, Entity]
    ratings: tuple[Rating, ...]
    series: dict[str, Series]
    failed: dict[str, str] = field(default_factory=dict)
    """``entities``, ``ratings`` or ``series`` → the file, for each registry that did not load or validate whole.
    A reference it does not know is then not reported, but counted against that file."""


def rooted(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` marked as root causes, to be reported before all others."""
    return [replace(p, root=True) for p in problems]


def check_registries(loaded: LoadedContent) -> tuple[Registries, list[Problem]]:
    """Validate the entity, rating and series registries; return what validated and their problems, marked as roots."""
    problems: list[Problem] = []
    failed: dict[str, str] = {}

    def load(kind: str, name: str, doc: Document | None, whole: type[BaseModel], item: type[T]) -> list[tuple[int, T]]:
        """Each entry that validates, with its index in the file: all of them, or those that do on their own."""
        if doc is None:
            failed[kind] = display_name(loaded.root / name, loaded.root.parent)
            return []
        registry = validated(whole, doc, problems)
        if registry is not None:
            return list(enumerate(getattr(registry, kind)))
        failed[kind] = doc.display
        items = doc.data.get(kind) if isinstance(doc.data, dict) else None
        entries = items if isinstance(items, tuple) else ()
        return [(i, found) for i, data in enumerate(entries) if (found := quietly(item, data)) is not None]

    entities = load("entities", ENTITIES_FILE, loaded.entities, Registry, Entity)
    ratings = load("ratings", RATINGS_FILE, loaded.ratings, RatingScale, Rating)
    has_series = loaded.series is not None or (loaded.root / SERIES_FILE).exists()
    series = load("series", SERIES_FILE, loaded.series, SeriesRegistry, Series) if has_series else []
    if loaded.entities is not None:
        problems += duplicates(loaded.entities, ("entities",), _ids(loaded.entities, "entities"), "entity")
        problems += _reserved(loaded.entities, "entities", entities)
        problems += [
            loaded.entities.problem(
                "not-a-name",
                f"{e.name!r} is {why}, not the name of a person or organisation; write the full name",
                ("entities", i, "name"),
            )
            for i, e in entities
            if (why := not_a_name(e.name))
        ]
    if loaded.ratings is not None:
        problems += duplicates(loaded.ratings, ("ratings",), _ids(loaded.ratings, "ratings"), "rating")
    if loaded.series is not None:
        problems += duplicates(loaded.series, ("series",), _ids(loaded.series, "series"), "series")
        problems += _reserved(loaded.series, "series", series)
    registries = Registries({e.id: e for _, e in entities}, tuple(r for _, r in ratings), {x.id: x for _, x in series}, failed)
    return registries, rooted(problems)


def _ids(doc: Document, kind: str) -> list[Any]:
    items = doc.data.get(kind) if isinstance(doc.data, dict) else None
    return [item.get("id") if isinstance(item, dict) else None for item in (items if isinstance(items, tuple) else ())]


def _reserved(doc: Document, kind: str, entries: Sequence[tuple[int, Any]]) -> list[Problem]:
    return [
        doc.problem("invalid-id", f"'{item.id}' is reserved for a generated page; choose another id", (kind, i, "id"))
        for i, item in entries
        if item.id in RESERVED_SLUGS
    ]


def duplicates(doc: Document, prefix: Path_, ids: Iterable[Any], what: str) -> list[Problem]:
    """A problem at each id that an earlier item of the list at ``prefix`` already has; ids that are not text are skipped."""
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if not isinstance(item_id, str):
            continue
        path = (*prefix, index, "id")
        if item_id in seen:
            first = doc.locate((*prefix, seen[item_id], "id"))
            problems.append(
                doc.problem(
                    "duplicate-id", f"{what} id '{item_id}' is already used at line {first.line}; ids must be unique", path
                )
            )
        else:
            seen[item_id] = index
    return problems
