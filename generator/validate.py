"""Stage 2, validate: turn parsed documents into models and cross-check them.

Schema errors from pydantic are translated into located :class:`Problem` s
with our stable codes. Cross-file checks then look for duplicate ids and for
references to entities, ratings and sources that do not exist. A sidecar with
its article text beside it is verified against it (:mod:`generator.verify`). Every problem
in every file is collected before :class:`ValidationFailed` is raised.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, ValidationFailed, did_you_mean
from generator.load import SERIES_FILE, Document, LoadedContent, Path_, format_path
from generator.model import (
    BRANCH_TAGS,
    WINDOWS_RESERVED,
    Corpus,
    Entity,
    Rating,
    RatingScale,
    Registry,
    Series,
    SeriesRegistry,
    Sheet,
    Sidecar,
    check_slug,
    split_claim_ref,
)
from generator.scaffold import TO_FILL
from generator.verify import verify

M = TypeVar("M", bound=BaseModel)

#: Page names the generator itself uses beside the sheets.
RESERVED_SLUGS = frozenset({"index", "tags"})
#: What a series chart can draw: values below this size, dated within these years.
SERIES_LIMIT = 10**15
SERIES_YEARS = (1900, 2100)

_EXPECTED = {
    "string_type": "text",
    "tuple_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "date_type": "a date as YYYY-MM-DD",
    "decimal_type": "a number",
}


@dataclass(frozen=True)
class Registries:
    """What every sidecar is checked against: the registries, as far as they validated."""

    entities: tuple[Entity, ...]
    ratings: tuple[Rating, ...] | None
    """None when the rating scale failed: then a claim's rating is not checked against it."""
    series: dict[str, Series]
    series_failed: bool
    """The series registry exists and failed: then a figure's series is not checked against it."""


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


def validate(loaded: LoadedContent) -> Corpus:
    """Validate everything that loaded; raise :class:`ValidationFailed` with every problem."""
    registries, problems = check_registries(loaded)
    return combine(registries, [*loaded.problems, *problems], [check_sheets(loaded.sheets, loaded, registries)])


def check_registries(loaded: LoadedContent) -> tuple[Registries, list[Problem]]:
    """Validate the entity, rating and series registries; return what validated and the problems."""
    problems: list[Problem] = []
    registry = _model(Registry, loaded.entities, problems)
    scale = _model(RatingScale, loaded.ratings, problems)
    entities = registry.entities if registry else ()
    ratings = scale.ratings if scale else ()
    if loaded.entities and registry:
        problems += _duplicates(loaded.entities, ("entities",), [e.id for e in entities], "entity")
        problems += [
            loaded.entities.problem(
                "invalid-id", f"'{e.id}' is reserved for a generated page; choose another id", ("entities", i, "id")
            )
            for i, e in enumerate(entities)
            if e.id in RESERVED_SLUGS
        ]
    if loaded.ratings and scale:
        problems += _duplicates(loaded.ratings, ("ratings",), [r.id for r in ratings], "rating")
    tracked = _model(SeriesRegistry, loaded.series, problems) if loaded.series else None
    series = {s.id: s for s in tracked.series} if tracked else {}
    series_failed = tracked is None and (loaded.root / SERIES_FILE).exists()
    if loaded.series and tracked:
        problems += _duplicates(loaded.series, ("series",), [s.id for s in tracked.series], "series")
        problems += [
            loaded.series.problem(
                "invalid-id", f"'{s.id}' is reserved for a generated page; choose another id", ("series", i, "id")
            )
            for i, s in enumerate(tracked.series)
            if s.id in RESERVED_SLUGS
        ]
    return Registries(tuple(entities), tuple(ratings) if scale else None, series, series_failed), problems


def check_sheets(docs: Iterable[Document], loaded: LoadedContent, registries: Registries) -> CheckedSheets:
    """Check each sidecar on its own: its schema, its references to the registries, and its article text."""
    sheets, problems, parsed = [], [], set()
    sites: dict[str, dict[Path_, Problem]] = {}
    for doc in docs:
        slug = doc.path.stem
        parsed.add(slug)
        problems += check_file_slug(slug, doc.display)
        unfilled = list(_to_fill(doc.data))
        found: list[Problem] = []
        sidecar = _model(Sidecar, doc, found)
        problems += [doc.problem("to-fill", f"still {TO_FILL}; write what the article says", path) for path in unfilled]
        # A marker is not also wrong as a date, a number or an id: report it once, as unfilled.
        problems += [p for p in found if not any(_within(p.field, format_path(path)) for path in unfilled)]
        if sidecar is None:
            continue
        # A registry that failed to load or validate is reported once, not again at every reference to it.
        problems += _check_sidecar(doc, sidecar, registries.entities, registries.ratings)
        problems += _check_series(doc, sidecar, registries.series, registries.series_failed)
        text = loaded.texts.get(slug)
        if text is not None:
            problems += [doc.problem(m.code, m.message, m.path) for m in verify(sidecar, text.body)]
        sheets.append(Sheet(slug, sidecar, doc.path, text, loaded.committed.get(doc.path.name)))
        relations: list[Path_] = [
            ("claims", i, "relations", j, "claim") for i, c in enumerate(sidecar.claims) for j in range(len(c.relations))
        ]
        sites[slug] = {path: doc.problem("unknown-claim", "", path) for path in relations}
    return CheckedSheets(sheets, problems, parsed, sites)


def combine(registries: Registries, problems: list[Problem], parts: Iterable[CheckedSheets]) -> Corpus:
    """Put checked sidecars together and check what crosses sheets; raise ValidationFailed with every problem."""
    sheets, sites, parsed = [], {}, set()
    for part in parts:
        sheets += part.sheets
        problems += part.problems
        sites.update(part.relation_sites)
        parsed |= part.parsed
    problems += _check_relations(sheets, sites, parsed)
    if problems:
        raise ValidationFailed(problems)
    return Corpus({e.id: e for e in registries.entities}, registries.ratings or (), tuple(sheets), registries.series)


def _check_series(doc: Document, sheet: Sidecar, series: dict[str, Series], registry_failed: bool) -> list[Problem]:
    """Each figure in a series names one that exists, in the series' unit, with a number a chart can show."""
    problems = []
    for i, figure in enumerate(sheet.figures):
        if figure.series is None:
            continue
        path = ("figures", i, "series")
        tracked = series.get(figure.series)
        if tracked is None:
            if not registry_failed:
                hint = did_you_mean(figure.series, series) or f"; add it to content/{SERIES_FILE}"
                problems.append(doc.problem("unknown-series", f"'{figure.series}' is not a tracked series{hint}", path))
            continue
        if figure.unit != tracked.unit:
            problems.append(
                doc.problem(
                    "series-unit",
                    f"the unit '{figure.unit}' differs from the series' unit '{tracked.unit}'; a series has one unit, so "
                    "convert the value or leave the figure out of the series",
                    ("figures", i, "unit"),
                )
            )
        value = figure.value
        numbers = [n for n in (value.exact, value.approx, value.min, value.max) if n is not None]
        if value.kind == "vague":
            message = f"'{value.vague}' is not a number; a figure in a series needs exact, approx or min/max"
        elif any(abs(n) >= SERIES_LIMIT for n in numbers):
            message = "a figure in a series must be smaller than a million billion (10^15) to be charted"
        else:
            message = ""
        if message:
            problems.append(doc.problem("series-value", message, ("figures", i, "value")))
        when = figure.as_of or sheet.article.published
        if not SERIES_YEARS[0] <= when.year <= SERIES_YEARS[1]:
            field = ("figures", i, "as_of") if figure.as_of is not None else ("article", "published")
            problems.append(
                doc.problem(
                    "series-value",
                    f"{when.isoformat()} is outside the years a series chart shows ({SERIES_YEARS[0]} to {SERIES_YEARS[1]}); "
                    "check the year",
                    field,
                )
            )
    return problems


def _check_relations(sheets: list[Sheet], sites: dict[str, dict[Path_, Problem]], loaded: set[str]) -> list[Problem]:
    """Every claim a relation points at exists, in a sheet that validated, and is not the claim itself."""
    claims = {sheet.slug: [c.id for c in sheet.sidecar.claims] for sheet in sheets}
    problems = []
    for sheet in sheets:
        for i, claim in enumerate(sheet.sidecar.claims):
            for j, relation in enumerate(claim.relations):
                path = ("claims", i, "relations", j, "claim")
                slug, claim_id = split_claim_ref(relation.claim, sheet.slug)
                if slug in loaded and slug not in claims:
                    continue  # that sheet did not validate; its own problems are reported
                if slug not in claims:
                    hint = did_you_mean(slug, claims) or "; write the other sheet's file name without .yml"
                    message = f"there is no sheet '{slug}'{hint}"
                elif claim_id not in claims[slug]:
                    where = "this sheet" if slug == sheet.slug else f"sheet '{slug}'"
                    hint = did_you_mean(claim_id, claims[slug]) or f"; its claims are: {', '.join(claims[slug]) or 'none'}"
                    message = f"{where} has no claim '{claim_id}'{hint}"
                elif (slug, claim_id) == (sheet.slug, claim.id):
                    message = "a claim cannot be related to itself"
                else:
                    continue
                problems.append(replace(sites[sheet.slug][path], message=message))
    return problems


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


def _model(cls: type[M], doc: Document | None, problems: list[Problem]) -> M | None:
    if doc is None:
        return None
    try:
        return cls.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        problems += _translate(exc, doc, cls)
        return None


def _translate(exc: ValidationError, doc: Document, root: type[BaseModel]) -> Iterator[Problem]:
    errors = exc.errors(include_url=False)
    # Pydantic counts only the items that validated, so one bad item also trips min_length.
    bad_items = {err["loc"][:i] for err in errors for i, part in enumerate(err["loc"]) if isinstance(part, int)}
    for err in errors:
        loc: Path_ = tuple(part for part in err["loc"] if part not in BRANCH_TAGS)
        kind, value = err["type"], err["input"]
        if kind == "missing":
            yield doc.problem("missing-field", f"required field '{loc[-1]}' is missing; add it", loc)
        elif kind == "extra_forbidden":
            name = str(loc[-1])
            fields = sorted(_fields_at(root, loc[:-1]))
            hint = did_you_mean(name, fields) or f"; expected one of: {', '.join(fields)}"
            yield doc.problem("unknown-field", f"unknown field '{name}'{hint}", loc, key=True)
        elif kind == "literal_error":
            choices = [c.strip().strip("'") for c in err["ctx"]["expected"].replace(" or ", ", ").split(",")]
            msg = f"expected one of: {', '.join(choices)}; got {_describe(value)}{did_you_mean(str(value), choices)}"
            yield doc.problem("invalid-choice", msg, loc)
        elif kind in _EXPECTED:
            yield doc.problem("wrong-type", f"expected {_EXPECTED[kind]}, got {_describe(value)}", loc)
        elif kind == "string_too_long":
            limit = err["ctx"]["max_length"]
            yield doc.problem("value-too-long", f"text is {len(value):,} characters long; the limit is {limit:,}", loc)
        elif kind == "too_short":
            if err["loc"] not in bad_items:
                need = err["ctx"]["min_length"]
                yield doc.problem("too-few-items", f"expected at least {need} item(s), got none", loc)
        elif kind == "too_long":
            yield doc.problem("value-too-long", err["msg"].lower(), loc)
        else:
            code = kind if kind.startswith(("invalid-", "unknown-", "forbidden-")) else "wrong-type"
            yield doc.problem(code, err["msg"], loc)


def _describe(value: Any) -> str:
    if value is None:
        return "null (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, tuple):
        return "a list"
    return repr(value)


def _fields_at(root: type[BaseModel], loc: Path_) -> set[str]:
    """Field names allowed at ``loc``, walking the model annotations."""
    models: list[type[BaseModel]] = [root]
    for part in loc:
        if isinstance(part, int):
            continue
        models = [m for model in models if part in model.model_fields for m in _models_in(model.model_fields[part].annotation)]
    return {name for model in models for name in model.model_fields}


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _models_in(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(annotation):
            yield from _models_in(arg)


def _duplicates(doc: Document, prefix: Path_, ids: Iterable[str], what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        path = (*prefix, index, "id")
        if item_id in seen:
            first = doc.locate((*prefix, seen[item_id], "id"))
            where = f"line {first.line}" if first else f"{prefix[-1]}[{seen[item_id]}]"
            problems.append(
                doc.problem("duplicate-id", f"{what} id '{item_id}' is already used at {where}; ids must be unique", path)
            )
        else:
            seen[item_id] = index
    return problems


def _check_sidecar(doc: Document, sheet: Sidecar, entities: Iterable[Entity], ratings: Iterable[Rating] | None) -> list[Problem]:
    """Cross-checks within one sidecar; ``ratings`` is None when ratings.yml did not load or validate."""
    entity_ids = {e.id for e in entities}
    rating_ids = [r.id for r in ratings] if ratings is not None else None
    source_ids = [s.id for s in sheet.sources]
    problems: list[Problem] = []
    for name in ("figures", "claims", "quotes", "sources"):
        problems += _duplicates(doc, (name,), [item.id for item in getattr(sheet, name)], name[:-1])

    def entity(value: object, path: Path_) -> None:
        if isinstance(value, str) and value not in entity_ids:
            hint = did_you_mean(value, entity_ids) or "; add it to content/entities.yml, or use {unnamed: ...}"
            problems.append(doc.problem("unknown-entity", f"'{value}' is not in the entity registry{hint}", path))

    def source(value: str, path: Path_) -> None:
        if value not in source_ids:
            hint = did_you_mean(value, source_ids) or "; add it to this sidecar's sources"
            problems.append(doc.problem("unknown-source", f"source '{value}' is not listed under sources{hint}", path))

    entity(sheet.article.publisher, ("article", "publisher"))
    for i, author in enumerate(sheet.article.authors):
        entity(author, ("article", "authors", i))
    for i, figure in enumerate(sheet.figures):
        entity(figure.stated_by, ("figures", i, "stated_by"))
        if figure.source is not None:
            source(figure.source, ("figures", i, "source"))
    for i, claim in enumerate(sheet.claims):
        entity(claim.claimant, ("claims", i, "claimant"))
        if rating_ids is not None and claim.rating not in rating_ids:
            hint = did_you_mean(claim.rating, rating_ids) or f"; the scale is: {', '.join(rating_ids)}"
            problems.append(
                doc.problem("unknown-rating", f"'{claim.rating}' is not on the rating scale{hint}", ("claims", i, "rating"))
            )
        for j, source_id in enumerate(claim.sources):
            source(source_id, ("claims", i, "sources", j))
    for i, quote in enumerate(sheet.quotes):
        entity(quote.speaker, ("quotes", i, "speaker"))
        entity(quote.organisation, ("quotes", i, "organisation"))
        for j, source_id in enumerate(quote.via):
            source(source_id, ("quotes", i, "via", j))
    for i, src in enumerate(sheet.sources):
        entity(src.entity, ("sources", i, "entity"))
    return problems
