"""Pydantic's validation errors, translated into located problems with the project's codes and messages."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import CODES, Problem, did_you_mean
from generator.load import Document, Path_
from generator.model import BRANCH_TAGS

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "tuple_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "date_type": "a date as YYYY-MM-DD",
    "decimal_type": "a number",
}


def validated(cls: type[M], doc: Document, problems: list[Problem]) -> M | None:
    """``doc`` as a ``cls``, or None; every mistake in it is added to ``problems``."""
    try:
        return cls.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        problems += translate(exc, doc, cls)
        return None


def quietly(cls: type[M], data: Any) -> M | None:
    """``data`` as a ``cls``, or None when it is not one; for parts whose mistakes are reported another way."""
    try:
        return cls.model_validate(data)
    except ValidationError:
        return None


def translate(exc: ValidationError, doc: Document, root: type[BaseModel]) -> Iterator[Problem]:
    """A located problem for each of pydantic's errors in ``doc``, validated as ``root``."""
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
            code = kind if kind in CODES else "wrong-type"
            yield doc.problem(code, err["msg"], loc, char=(err.get("ctx") or {}).get("char"))


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
