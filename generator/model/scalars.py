"""The scalar types every model is built from: ids, names, lines and texts, numbers, dates, URLs and languages.

Models run in strict mode over a loader that yields only strings, ``None``,
tuples and dicts, so every conversion is one of the explicit types here:
a number must look like a number, a date must be a real ``YYYY-MM-DD`` date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator import chars, mdtext, urls
from generator.chars import Hidden

if TYPE_CHECKING:
    pass


class Model(BaseModel):
    """Base for every model: strict, closed to unknown fields, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
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
    if not SLUG.fullmatch(value) or len(value) > MAX_SLUG:
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


@dataclass(frozen=True)
class Form:
    """What a scalar type is, for tools that derive an editing form from the model (see :mod:`generator.cms`).

    Pydantic ignores it; it tells apart types that validate alike, such as an
    id of the entity registry and an id of a sheet's own sources.
    """

    kind: Literal["id", "claim", "line", "name", "text", "number", "score", "date", "url", "language", "actor"]
    refers: Literal["entities", "ratings", "series", "sources"] | None = None
    """For an id: the list it is an id in."""


#: The JSON Schema pattern of every id and slug.
SLUG_PATTERN = f"^{SLUG.pattern}$"
_SLUG_SCHEMA = WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG})
Slug = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA, Form("id")]
EntityId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA, Form("id", "entities")]
"""The id of a person or organisation in ``content/entities.yml``."""
SourceId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA, Form("id", "sources")]
"""The id of an entry in this sidecar's ``sources`` list."""
RatingId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA, Form("id", "ratings")]
"""The id of a rating in ``content/ratings.yml``."""
SeriesId = Annotated[str, AfterValidator(check_slug), _SLUG_SCHEMA, Form("id", "series")]
"""The id of a tracked figure in ``content/series.yml``."""
Line = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_check_line), Form("line")]
"""One line of plain text. Markdown syntax in it is shown literally."""
Name = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_check_name), Form("name")]
"""One line of text that names or labels something: no invisible characters, and no word mixing scripts."""
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_check_text), Form("text")]
"""Longer text, which may use the safe Markdown subset: emphasis, `code`, lists, http(s) links."""
Number = Annotated[
    Decimal,
    BeforeValidator(_parse_number),
    WithJsonSchema({"type": "number"}, mode="validation"),
    # Exported as the digits themselves, so no precision is lost to floating point.
    WithJsonSchema({"type": "string", "pattern": f"^{_NUMBER.pattern}$"}, mode="serialization"),
    PlainSerializer(lambda value: format(value, "f"), return_type=str, when_used="json"),
    Field(allow_inf_nan=False),
    Form("number"),
]
Score = Annotated[
    int, BeforeValidator(_parse_score), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 99}), Form("score")
]
"""A whole number from 1 to 99."""
IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
    Form("date"),
]
Url = Annotated[
    str, Field(max_length=2000), AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"}), Form("url")
]


def _check_language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise PydanticCustomError(
            "invalid-choice", "expected a language tag such as 'en' or 'pt-BR', got {got}", {"got": repr(value)}
        )
    return value


Language = Annotated[
    str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern}), Form("language")
]

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
