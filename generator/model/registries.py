"""The registries' models (entities, ratings, series) and the JSON Schemas derived from every file model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    Field,
)

if TYPE_CHECKING:
    pass
from generator.model.scalars import EntityKind, Line, Model, Name, Score, Slug, Url
from generator.model.sidecar import Sidecar


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
