"""The schema, declared once: sidecars, the entity registry and the rating scale.

These pydantic models validate the plain values the loader produced, and are
the objects templates receive. The editor JSON Schema (``factsheet schema``)
and the field reference on the site are both derived from them.

Models run in strict mode over a loader that yields only strings, ``None``,
tuples and dicts, so every conversion is one of the explicit types below:
a number must look like a number, a date must be a real ``YYYY-MM-DD`` date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    Tag,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator import chars, mdtext, urls
from generator.chars import Hidden

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.history import Committed
    from generator.load import ArticleText


class Model(BaseModel):
    """Base for every model: strict, closed to unknown fields, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)


# --- Scalar types ---------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")
#: Names Windows cannot create as files, whatever the extension.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)})
MAX_SLUG = 80
MAX_LINE = 1000
MAX_TEXT = 5000


def check_slug(value: str) -> str:
    """Return ``value`` if it is a valid id or slug; raise a PydanticCustomError (a ValueError) otherwise."""
    if not _SLUG.fullmatch(value) or len(value) > MAX_SLUG:
        odd = next((i for i, c in enumerate(value) if not c.isascii() or not c.isprintable()), None)
        detail = "" if odd is None else f", whose character {odd + 1} is {chars.describe(value[odd])}"
        raise PydanticCustomError(
            "invalid-id",
            "expected an id of lowercase letters, digits and single hyphens (like 'jens-stoltenberg'), got {got}{detail}",
            {"got": repr(value), "detail": detail, **({"char": value[odd]} if odd is not None else {})},
        )
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError("invalid-id", "'{got}' is a reserved file name on Windows; choose another id", {"got": value})
    return value


def _refuse(found: Hidden | None, why: str) -> None:
    if found is not None:
        raise PydanticCustomError(
            "forbidden-character",
            "forbidden character {code} ({name}) at character {at}: {why}; delete it",
            {"code": found.code, "name": found.name, "at": found.offset + 1, "why": why, "char": found.char},
        )


def _one_line(value: str) -> str:
    if any(c in value for c in "\n\r\u2028\u2029"):
        raise PydanticCustomError("invalid-text", "expected one line of text, got a line break; join the lines", {})
    if value != value.strip():
        raise PydanticCustomError("invalid-text", "text starts or ends with spaces; remove them", {})
    if not value:
        raise PydanticCustomError("invalid-text", "expected text, got an empty string", {})
    return value


def _check_name(value: str) -> str:
    _refuse(chars.hidden_in_name(value), "a name may hold no invisible character, so that two names never look alike")
    mixed = chars.mixed_script(value)
    if mixed is not None:
        raise PydanticCustomError(
            "mixed-script",
            "{word} mixes {scripts} letters, as a look-alike of another word would; write each word in one script",
            {"word": repr(mixed[0]), "scripts": " and ".join(mixed[1]), "char": mixed[0]},
        )
    return _one_line(value)


def _check_line(value: str) -> str:
    _refuse(chars.hidden_in_text(value), "it is invisible and joins nothing here")
    return _one_line(value)


def _check_text(value: str) -> str:
    _refuse(chars.hidden_in_text(value), "it is invisible and joins nothing here")
    if not value.strip():
        raise PydanticCustomError("invalid-text", "expected text, got an empty string", {})
    refusals = mdtext.subset_problems(value)
    if refusals:
        raise PydanticCustomError(refusals[0].code, "{message}", {"message": refusals[0].message})
    return value.strip("\n")


def _parse_number(value: Any) -> Any:
    if isinstance(value, str):
        if _NUMBER.fullmatch(value):
            return Decimal(value)
        raise PydanticCustomError(
            "invalid-number",
            "expected a number written with digits, like 130000 or 2.5 (no separators or units), got {got}",
            {"got": repr(value)},
        )
    return value


def _parse_score(value: Any) -> Any:
    if isinstance(value, str):
        if re.fullmatch(r"[1-9][0-9]?", value):
            return int(value)
        raise PydanticCustomError("invalid-number", "expected a whole number from 1 to 99, got {got}", {"got": repr(value)})
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise PydanticCustomError("invalid-date", "expected a date as YYYY-MM-DD, got {got}", {"got": repr(value)})
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "invalid-date", "{got} is not a real date: {why}", {"got": repr(value), "why": str(exc)}
            ) from None
    return value


def _check_url(value: str) -> str:
    refusal = urls.check(value)
    if refusal is not None:
        raise PydanticCustomError(refusal.code, "{message}", {"message": refusal.message})
    return value


#: The JSON Schema pattern of every id and slug.
SLUG_PATTERN = f"^{_SLUG.pattern}$"
_SLUG_SCHEMA = WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG})
Slug = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA]
EntityId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA]
"""The id of a person or organisation in ``content/entities.yml``."""
SourceId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA]
"""The id of an entry in this sidecar's ``sources`` list."""
RatingId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA]
"""The id of a rating in ``content/ratings.yml``."""
SeriesId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA]
"""The id of a tracked figure in ``content/series.yml``."""
Line = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_check_line)]
"""One line of plain text. Markdown syntax in it is shown literally."""
Name = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_check_name)]
"""One line of text that names or labels something: no invisible characters, and no word mixing scripts."""
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_check_text)]
"""Longer text, which may use the safe Markdown subset: emphasis, `code`, lists, http(s) links."""
Number = Annotated[
    Decimal,
    BeforeValidator(_parse_number),
    WithJsonSchema({"type": "number"}, mode="validation"),
    # Exported as the digits themselves, so no precision is lost to floating point.
    WithJsonSchema({"type": "string", "pattern": f"^{_NUMBER.pattern}$"}, mode="serialization"),
    PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json"),
    Field(allow_inf_nan=False),
]
Score = Annotated[int, BeforeValidator(_parse_score), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 99})]
"""A whole number from 1 to 99."""
IsoDate = Annotated[
    date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern})
]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"})]


def _check_language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise PydanticCustomError(
            "invalid-choice", "expected a language tag such as 'en' or 'pt-BR', got {got}", {"got": repr(value)}
        )
    return value


Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern})]

Status = Literal["draft", "review", "published", "retracted"]
SourceKind = Literal[
    "news-agency",
    "news-outlet",
    "official-statement",
    "press-conference",
    "video",
    "satellite-imagery",
    "analyst",
    "document",
    "social-media",
    "other",
]
EntityKind = Literal["person", "organisation", "country"]


# --- Who said it ------------------------------------------------------------------


class Unnamed(Model):
    """Someone the article does not name."""

    unnamed: Name
    """How the article describes them, e.g. "a private US company"."""


def _actor_kind(value: Any) -> str:
    # A mapping when validating input, an Unnamed when serialising a model.
    return "<unnamed>" if isinstance(value, dict | Unnamed) else "<id>"


Actor = Annotated[
    Annotated[EntityId, Tag("<id>")] | Annotated[Unnamed, Tag("<unnamed>")],
    Discriminator(_actor_kind),
]
"""A registry id such as ``nato``, or ``{unnamed: "a private US company"}``."""

#: Discriminator tags that pydantic puts in error locations; not part of the input path.
BRANCH_TAGS = frozenset({"<id>", "<unnamed>"})


# --- Sidecar ----------------------------------------------------------------------


class Article(Model):
    """The news article the fact sheet summarises."""

    headline: Line | None
    """The headline, as published; null when the text does not include it."""
    publisher: EntityId | None
    """Registry id of the publisher, or null when the text does not say."""
    url: Url | None
    """Where the article was published, or null when unknown."""
    published: IsoDate
    """Publication date, YYYY-MM-DD."""
    authors: tuple[EntityId, ...]
    """Registry ids of the authors; an empty list when none are named."""
    language: Language
    """Language of the article as a BCP 47 tag, such as ``en`` or ``pt-BR``."""


QuantityKind = Literal["exact", "approx", "range", "at-least", "at-most", "above", "below", "vague"]


class Quantity(Model):
    """A figure's value, in exactly one form: a number, an approximate one, a range or a bound, or words.

    ``min`` and ``max`` together are a range; ``min`` alone is "at least",
    ``max`` alone "up to". ``above`` ("more than") and ``below`` ("less than")
    exclude the number itself.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["exact"]},
                {"required": ["approx"]},
                {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]},
                {"required": ["above"]},
                {"required": ["below"]},
                {"required": ["vague"]},
            ]
        }
    )

    exact: Number | None = None
    """An exact number: ``exact: 130000``."""
    approx: Number | None = None
    """An approximate number, for "some 130,000", "about 2.5 million" or "nearly 40"."""
    min: Number | None = None
    """The lower end of a range such as "between 100,000 and 130,000" (with ``max``), or alone, "at least 50"."""
    max: Number | None = None
    """The upper end of a range (with ``min``), or alone, "up to 300" or "as many as 300"."""
    above: Number | None = None
    """A number the amount exceeds: "more than 4 percent", "over 2,000"."""
    below: Number | None = None
    """A number the amount falls short of: "fewer than 10", "under 5 percent"."""
    vague: Line | None = None
    """A quantity the text gives in words only, such as "several", "dozens" or "a third"."""

    @model_validator(mode="after")
    def _one_form(self) -> Quantity:
        forms = [name for name in ("exact", "approx", "above", "below", "vague") if getattr(self, name) is not None]
        if self.min is not None or self.max is not None:
            forms.append("min/max")
            if self.min is not None and self.max is not None and self.min >= self.max:
                raise PydanticCustomError(
                    "invalid-range", "min ({lo}) must be below max ({hi})", {"lo": str(self.min), "hi": str(self.max)}
                )
        if len(forms) != 1:
            got = ", ".join(forms) if forms else "none"
            raise PydanticCustomError(
                "invalid-value",
                "expected exactly one of exact, approx, min/max, above, below or vague, got {got}",
                {"got": got},
            )
        return self

    @model_serializer(mode="wrap")
    def _only_the_form_used(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Exactly one form is set, as in the sidecar; the others are absent, not null.
        return {k: v for k, v in handler(self).items() if v is not None}

    @property
    def kind(self) -> QuantityKind:
        """Which form the value takes."""
        if self.exact is not None:
            return "exact"
        if self.approx is not None:
            return "approx"
        if self.above is not None:
            return "above"
        if self.below is not None:
            return "below"
        if self.vague is not None:
            return "vague"
        if self.min is not None and self.max is not None:
            return "range"
        return "at-least" if self.min is not None else "at-most"

    @property
    def numbers(self) -> tuple[Decimal, ...]:
        """Every number the value gives, lowest first; none for a value in words."""
        found = (self.exact, self.approx, self.min, self.max, self.above, self.below)
        return tuple(n for n in found if n is not None)


class Figure(Model):
    """A key figure the article gives."""

    id: Slug
    """Unique among the sheet's figures."""
    label: Name
    """What is counted, e.g. "Russian troops near Ukraine's borders"."""
    value: Quantity
    """The number, approximate number, range or vague quantity."""
    unit: Name
    """The unit, e.g. "troops", "days", "USD"."""
    as_of: IsoDate | None
    """The date the figure describes, or null when the text gives none."""
    stated_by: Actor | None
    """Who gives the figure; null when the article states it without attribution."""
    source: SourceId | None
    """The source the figure comes from, if any, by its id in ``sources``."""
    sentence: Line
    """The article's sentence that gives the figure, verbatim."""
    series: SeriesId | None = None
    """The tracked figure this is a data point of, by its id in ``content/series.yml``; its unit must be the series' unit."""


RelationKind = Literal["contradicts", "supports", "updates"]
_CLAIM_REF = re.compile(rf"(?:(?P<sheet>{_SLUG.pattern})#)?(?P<claim>{_SLUG.pattern})")


def _check_claim_ref(value: str) -> str:
    if not _CLAIM_REF.fullmatch(value):
        raise PydanticCustomError(
            "invalid-id",
            "expected a claim id ('no-sign-of-de-escalation') or a sheet and claim ('2022-02-15-troops#no-sign'), got {got}",
            {"got": repr(value)},
        )
    return value


ClaimRef = Annotated[
    str, AfterValidator(_check_claim_ref), WithJsonSchema({"type": "string", "pattern": f"^{_CLAIM_REF.pattern}$"})
]
"""A claim in this sheet (``claim-id``) or in another (``sheet-slug#claim-id``)."""


def split_claim_ref(value: str, here: str) -> tuple[str, str]:
    """``(sheet slug, claim id)`` of a reference made from the sheet ``here``."""
    sheet, _, claim = value.rpartition("#")
    return (sheet or here, claim)


class Relation(Model):
    """How this claim bears on another claim, in this sheet or another."""

    kind: RelationKind
    """``contradicts``, ``supports`` or ``updates``; the other claim shows the reverse."""
    claim: ClaimRef
    """The other claim: its id in this sheet, or ``sheet-slug#claim-id``."""


class Claim(Model):
    """An attributed assertion and how well it holds up."""

    id: Slug
    """Unique among the sheet's claims."""
    text: Line
    """The claim in one sentence."""
    claimant: Actor
    """Who makes the claim: a registry id, or ``{unnamed: ...}``."""
    date: IsoDate
    """When the claim was made."""
    rating: RatingId
    """A rating from the site's scale (``content/ratings.yml``)."""
    rationale: Text
    """Why the rating was given."""
    evidence: tuple[Line, ...] = ()
    """What the article offers for or against the claim."""
    sources: tuple[SourceId, ...] = Field(min_length=1)
    """Ids in ``sources`` that the claim rests on."""
    relations: tuple[Relation, ...] = ()
    """Other claims this one contradicts, supports or updates."""


class Quote(Model):
    """A verbatim quote and how the article got it."""

    id: Slug
    """Unique among the sheet's quotes."""
    text: Line
    """The words, verbatim, without the quotation marks."""
    speaker: Actor
    """Who said it: a registry id, or ``{unnamed: ...}``."""
    role: Name | None = None
    """The speaker's role as the article gives it, e.g. "Foreign Minister"."""
    organisation: EntityId | None = None
    """Registry id of the organisation the speaker speaks for."""
    via: tuple[SourceId, ...] = ()
    """The attribution chain after the speaker: ids in ``sources``, nearest first."""
    context: Line | None = None
    """How the words were delivered, as the article says, e.g. "told reporters"."""


class Source(Model):
    """Something the article relies on. Named sources point at the registry; unnamed ones stay unnamed."""

    id: Slug
    """Unique within the sheet; figures, claims and quotes refer to it."""
    kind: SourceKind
    """What sort of source it is."""
    entity: EntityId | None = None
    """Registry id of who the source is, when the article names them."""
    unnamed: Name | None = None
    """How the article describes a source it does not name. Never guess a name."""
    description: Line
    """What the source provided, e.g. "video of tanks loaded onto railway flatcars"."""
    url: Url | None = None
    """Where the source can be seen, when the article or the source gives it."""

    @model_validator(mode="after")
    def _named_or_not(self) -> Source:
        if (self.entity is None) == (self.unnamed is None):
            raise PydanticCustomError(
                "invalid-source", "give exactly one of entity (a registry id) or unnamed (the article's description)", {}
            )
        return self


class Update(Model):
    """A dated correction or later development; sheets are amended, never silently rewritten."""

    date: IsoDate
    """When the sheet was amended."""
    kind: Literal["correction", "update"]
    """``correction`` fixes the sheet; ``update`` records a later development."""
    note: Text
    """What changed and why."""


class Sidecar(Model):
    """One fact sheet: ``content/articles/<slug>.yml``."""

    model_config = ConfigDict(title="Fact sheet sidecar")

    status: Status
    """Only ``published`` sheets appear on the site."""
    title: Name
    """The sheet's own title, written by the editor. The article's headline goes in ``article.headline``."""
    article: Article
    """The article the sheet is about."""
    summary: Text
    """A short, neutral summary."""
    tags: tuple[Slug, ...] = ()
    """Topic tags, as ids: ``russia``, ``nato``."""
    figures: tuple[Figure, ...] = ()
    """The article's key figures."""
    claims: tuple[Claim, ...] = ()
    """Attributed claims, each rated."""
    quotes: tuple[Quote, ...] = ()
    """Verbatim quotes, in the order the article gives them."""
    sources: tuple[Source, ...] = ()
    """Everything the article relies on, named or not."""
    updates: tuple[Update, ...] = ()
    """Corrections and later developments, oldest first."""


# --- Registries ---------------------------------------------------------------------


class Entity(Model):
    """A person, organisation or country that sidecars refer to by id."""

    id: Slug
    """Lowercase id that sidecars use, e.g. ``jens-stoltenberg``."""
    name: Name
    """The name as it should be displayed."""
    kind: EntityKind
    """Person, organisation or country."""
    description: Line | None = None
    """A short, neutral description."""
    url: Url | None = None
    """An official page, if any."""


class Registry(Model):
    """``content/entities.yml``: everyone sidecars may name."""

    entities: tuple[Entity, ...]
    """Every entity, each with a unique id."""


class Rating(Model):
    """One step on the site's rating scale."""

    id: Slug
    """What claims put in their ``rating`` field."""
    label: Name
    """The name readers see."""
    marker: Annotated[Name, Field(max_length=3)]
    """A short symbol shown beside the label, so the rating never depends on colour."""
    description: Line
    """What the rating means, shown beside it on every sheet."""
    score: Score | None = None
    """Where the rating sits on a scale from false (1) upwards, published as ClaimReview's ``ratingValue``.
    Leave it out for a rating that is no verdict on truth, such as "unverified"."""


class RatingScale(Model):
    """``content/ratings.yml``: the one rating scale for the whole site."""

    ratings: tuple[Rating, ...] = Field(min_length=1)
    """The ratings, in the order the site lists them."""


class Series(Model):
    """A figure tracked across articles, such as the number of troops near a border."""

    id: Slug
    """What figures put in their ``series`` field, e.g. ``russian-troops-near-ukraine-border``."""
    title: Name
    """The name readers see."""
    unit: Name
    """The one unit of every figure in the series, e.g. "troops"."""
    description: Line
    """What is counted, and where."""


class SeriesRegistry(Model):
    """``content/series.yml`` (optional): the figures tracked across sheets."""

    series: tuple[Series, ...] = ()
    """Every series, each with a unique id."""


#: The files editors validate against, and the model each is derived from.
JSON_SCHEMAS: dict[str, type[BaseModel]] = {
    "sidecar.schema.json": Sidecar,
    "entities.schema.json": Registry,
    "ratings.schema.json": RatingScale,
    "series.schema.json": SeriesRegistry,
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one of the file models, for editors and other tools."""
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- The validated corpus, as templates see it ------------------------------------------


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
