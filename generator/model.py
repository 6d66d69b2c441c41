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
from urllib.parse import urlsplit

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

from generator.errors import FORBIDDEN_CHARS

if TYPE_CHECKING:
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
        raise PydanticCustomError(
            "invalid-id",
            "expected an id of lowercase letters, digits and single hyphens (like 'jens-stoltenberg'), got {got}",
            {"got": repr(value)},
        )
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError("invalid-id", "'{got}' is a reserved file name on Windows; choose another id", {"got": value})
    return value


def _check_characters(value: str) -> None:
    hidden = FORBIDDEN_CHARS.search(value)
    if hidden:
        raise PydanticCustomError(
            "forbidden-character", "forbidden character U+{code}; delete it", {"code": f"{ord(hidden.group()):04X}"}
        )


def _check_line(value: str) -> str:
    _check_characters(value)
    if any(c in value for c in "\n\r\u2028\u2029"):
        raise PydanticCustomError("invalid-text", "expected one line of text, got a line break; join the lines", {})
    if value != value.strip():
        raise PydanticCustomError("invalid-text", "text starts or ends with spaces; remove them", {})
    if not value:
        raise PydanticCustomError("invalid-text", "expected text, got an empty string", {})
    return value


def _check_text(value: str) -> str:
    _check_characters(value)
    if not value.strip():
        raise PydanticCustomError("invalid-text", "expected text, got an empty string", {})
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
    bad = PydanticCustomError
    if any(c.isspace() for c in value) or any(ord(c) < 32 for c in value):
        raise bad("invalid-url", "a URL cannot contain spaces or control characters; encode them as %20", {})
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise bad("invalid-url", "expected an absolute http:// or https:// URL, got {got}", {"got": repr(value)})
    if "@" in parts.netloc:
        raise bad("invalid-url", "a URL may not carry a user name or password ('@' before the host)", {})
    host = parts.hostname or ""
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = "its punycode form"
        raise bad(
            "invalid-url",
            "the host {got} has non-ASCII characters, which can imitate other sites; write it as {fix}",
            {"got": repr(host), "fix": repr(ascii_host)},
        )
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

    unnamed: Line
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


class Quantity(Model):
    """A figure's value: exactly one of ``exact``, ``approx``, ``min``+``max`` or ``vague``."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["exact"]},
                {"required": ["approx"]},
                {"required": ["min", "max"]},
                {"required": ["vague"]},
            ]
        }
    )

    exact: Number | None = None
    """An exact number: ``exact: 130000``."""
    approx: Number | None = None
    """An approximate number, for "some 130,000" or "about 2.5 million"."""
    min: Number | None = None
    """Lower end of a range such as "between 100,000 and 130,000"."""
    max: Number | None = None
    """Upper end of a range."""
    vague: Line | None = None
    """A quantity the text gives in words only, such as "several"."""

    @model_validator(mode="after")
    def _one_form(self) -> Quantity:
        forms = [name for name in ("exact", "approx", "vague") if getattr(self, name) is not None]
        if self.min is not None or self.max is not None:
            forms.append("min/max")
            if self.min is None or self.max is None:
                raise PydanticCustomError("invalid-value", "a range needs both min and max", {})
            if self.min >= self.max:
                raise PydanticCustomError(
                    "invalid-range", "min ({lo}) must be below max ({hi})", {"lo": str(self.min), "hi": str(self.max)}
                )
        if len(forms) != 1:
            got = ", ".join(forms) if forms else "none"
            raise PydanticCustomError(
                "invalid-value",
                "expected exactly one of exact, approx, min/max or vague, got {got}",
                {"got": got},
            )
        return self

    @model_serializer(mode="wrap")
    def _only_the_form_used(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Exactly one form is set, as in the sidecar; the others are absent, not null.
        return {k: v for k, v in handler(self).items() if v is not None}

    @property
    def kind(self) -> Literal["exact", "approx", "range", "vague"]:
        """Which form the value takes."""
        if self.exact is not None:
            return "exact"
        if self.approx is not None:
            return "approx"
        if self.vague is not None:
            return "vague"
        return "range"


class Figure(Model):
    """A key figure the article gives."""

    id: Slug
    """Unique among the sheet's figures."""
    label: Line
    """What is counted, e.g. "Russian troops near Ukraine's borders"."""
    value: Quantity
    """The number, approximate number, range or vague quantity."""
    unit: Line
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
    role: Line | None = None
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
    unnamed: Line | None = None
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
    title: Line
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
    name: Line
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
    label: Line
    """The name readers see."""
    marker: Annotated[Line, Field(max_length=3)]
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
    title: Line
    """The name readers see."""
    unit: Line
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
        value = self.figure.value
        low = value.exact if value.exact is not None else value.approx if value.approx is not None else value.min
        assert low is not None, "validation keeps vague figures out of series"
        return low

    @property
    def high(self) -> Decimal:
        """The value, or the upper end of a range."""
        return self.figure.value.max if self.figure.value.max is not None else self.low


@dataclass(frozen=True)
class Corpus:
    """Everything under ``content/``, validated and cross-checked."""

    entities: Mapping[str, Entity]
    ratings: tuple[Rating, ...]
    sheets: tuple[Sheet, ...]
    series: Mapping[str, Series] = field(default_factory=dict)

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
