"""A sidecar's own models: the article, its figures, claims, quotes, sources and updates, and who said what."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    pass
from generator.model.scalars import (
    SLUG,
    EntityId,
    Form,
    IsoDate,
    Language,
    Line,
    Model,
    Name,
    Number,
    RatingId,
    SeriesId,
    Slug,
    SourceId,
    SourceKind,
    Status,
    Text,
    Url,
)


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
    Form("actor", "entities"),
]
"""A registry id such as ``nato``, or ``{unnamed: "a private US company"}``."""

#: Discriminator tags that pydantic puts in error locations; not part of the input path.
BRANCH_TAGS = frozenset({"<id>", "<unnamed>"})


class Archive(Model):
    """An archived copy of a page, kept for when the live link changes or dies."""

    url: Url
    """Where the copy is kept, such as a Wayback Machine or archive.today address."""
    accessed: IsoDate
    """When the copy was taken, YYYY-MM-DD."""


def _linked(cls: type, value: Any, info: ValidationInfo) -> Any:
    """Refuse an archived copy or a dead date without a live ``url``, and an archived copy that is the live url itself."""
    if "url" not in info.data:
        return value  # the url is missing or invalid, and its own error says so
    url = info.data["url"]
    if value is not None and url is None:
        message = "{field} describes the url, and there is none; give the url, or remove {field}"
        raise PydanticCustomError("invalid-link", message, {"field": info.field_name})
    if isinstance(value, Archive) and value.url == url:
        raise PydanticCustomError("invalid-link", "the archived copy's url is the live url; give the copy's own address", {})
    return value


class Article(Model):
    """The news article the fact sheet summarises."""

    headline: Line | None = None
    """The headline, as published; null (or left out) when the text does not include it."""
    publisher: EntityId | None = None
    """Registry id of the publisher; null (or left out) when the text does not say."""
    url: Url | None = None
    """Where the article was published; null (or left out) when unknown."""
    published: IsoDate
    """Publication date, YYYY-MM-DD."""
    authors: tuple[EntityId, ...]
    """Registry ids of the authors; an empty list when none are named."""
    language: Language
    """Language of the article as a BCP 47 tag, such as ``en`` or ``pt-BR``."""
    archive: Archive | None = None
    """An archived copy of the article's ``url``, with the date it was taken."""
    dead: IsoDate | None = None
    """When the article's ``url`` was found dead; the sheet then links the archived copy first."""

    _link = field_validator("archive", "dead")(_linked)


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
    as_of: IsoDate | None = None
    """The date the figure describes; null (or left out) when the text gives none."""
    stated_by: Actor | None = None
    """Who gives the figure; null (or left out) when the article states it without attribution."""
    source: SourceId | None = None
    """The source the figure comes from, by its id in ``sources``; null (or left out) when there is none."""
    sentence: Line
    """The article's sentence that gives the figure, verbatim."""
    series: SeriesId | None = None
    """The tracked figure this is a data point of, by its id in ``content/series.yml``; its unit must be the series' unit."""


RelationKind = Literal["contradicts", "supports", "updates"]
_CLAIM_REF = re.compile(rf"(?:(?P<sheet>{SLUG.pattern})#)?(?P<claim>{SLUG.pattern})")


def _check_claim_ref(value: str) -> str:
    if not _CLAIM_REF.fullmatch(value):
        raise PydanticCustomError(
            "invalid-id",
            "expected a claim id ('no-sign-of-de-escalation') or a sheet and claim ('2022-02-15-troops#no-sign'), got {got}",
            {"got": repr(value)},
        )
    return value


#: The same, without the group names, which JavaScript (a JSON Schema validator, the CMS) writes otherwise.
CLAIM_REF_PATTERN = f"^(?:{SLUG.pattern}#)?{SLUG.pattern}$"
ClaimRef = Annotated[
    str, AfterValidator(_check_claim_ref), WithJsonSchema({"type": "string", "pattern": CLAIM_REF_PATTERN}), Form("claim")
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
    archive: Archive | None = None
    """An archived copy of ``url``, with the date it was taken."""
    dead: IsoDate | None = None
    """When ``url`` was found dead; the sheet then links the archived copy first."""

    _link = field_validator("archive", "dead")(_linked)

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
