"""The configuration of a Git-based CMS (Decap CMS, or Sveltia CMS, which reads the same file), derived from the model.

Reporters who do not edit YAML fill in a form instead, and the CMS commits
the same sidecar and registry files through the same pull requests, so review
and ``factsheet check`` stay as they are. Every collection and field here
comes from the models in :mod:`generator.model`: a field added there appears
in the form, with its docstring as help text, and nothing is written by hand.

How a field's type becomes a widget:

- an id of a registry (``EntityId``, ``RatingId``, ``SeriesId``) is a
  ``relation`` to that registry's file, so an editor picks an existing id and
  cannot type an unknown one; a list of them is one relation with
  ``multiple``;
- a speaker or claimant (``Actor``) is a relation to the people and
  organisations. The CMS has no widget for "an id or ``{unnamed: …}``", so an
  unnamed speaker is written in the YAML (see docs/editing.md);
- an id of the sheet's own sources is a ``string`` with the id pattern, since a
  relation cannot point into the entry being edited;
- a choice (``Literal``) is a ``select``; a date a ``datetime`` that writes
  ``YYYY-MM-DD``; a number a ``number``; a nested model an ``object``; a tuple
  a ``list``; ``Text`` a ``text`` area (not the Markdown editor, whose output
  can hold Markdown that sheets refuse); every other scalar a ``string``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model import SLUG_PATTERN, RatingScale, Registry, SeriesRegistry, Sidecar
from generator.model.scalars import Form
from generator.model.sidecar import CLAIM_REF_PATTERN

#: The registries, by the name a ``Form.refers`` gives: their file, the list in it, their label, and the file's model.
REGISTRIES: dict[str, tuple[str, str, str, type[BaseModel]]] = {
    "entities": ("content/entities.yml", "entities", "People and organisations", Registry),
    "ratings": ("content/ratings.yml", "ratings", "Rating scale", RatingScale),
    "series": ("content/series.yml", "series", "Tracked figures", SeriesRegistry),
}
#: The name of the files collection that holds the registries.
REGISTRY_COLLECTION = "registries"
#: What each registry's entries are shown and searched by in a relation's menu.
_SHOWN = {"entities": "name", "ratings": "label", "series": "title"}
_DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True}
_PATTERNS = {
    "id": (SLUG_PATTERN, "lowercase letters, digits and single hyphens, like jens-stoltenberg"),
    "claim": (CLAIM_REF_PATTERN, "a claim's id, or a sheet's slug, # and a claim's id"),
    "url": ("^https?://", "an address starting with https:// or http://"),
    "language": ("^[a-z]{2,3}(-[A-Z]{2})?$", "a language tag such as en or pt-BR"),
}


def config(*, repo: str | None = None, branch: str = "main", local: bool = False) -> dict[str, Any]:
    """The CMS's ``config.yml`` as data: the backend, the editorial workflow, and a collection for sheets and registries.

    ``repo`` (``owner/name``) selects the GitHub backend; ``local`` lets the CMS
    use ``decap-server`` on this machine instead, for ``make cms``.
    """
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": branch} if repo else {"name": "git-gateway"}
    result: dict[str, Any] = {
        "backend": backend,
        # draft → in review → ready, as pull requests; see docs/editing.md for how it meets a sheet's status.
        "publish_mode": "editorial_workflow",
        # Required by the CMS; no widget uploads anything, since sheets hold no media.
        "media_folder": "pages/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_sheets(), _registries()],
    }
    if local:
        result["local_backend"] = True
    return result


def _sheets() -> dict[str, Any]:
    return {
        "name": "sheets",
        "label": "Fact sheets",
        "label_singular": "Fact sheet",
        "description": _doc(Sidecar),
        "folder": "content/articles",
        "extension": "yml",
        "format": "yml",
        "create": True,
        "identifier_field": "title",
        # Sheets are named by the article's date and a few words of the title: 2022-02-15-russia-troops.
        "slug": "{{fields.article.published}}-{{slug}}",
        "summary": "{{title}} ({{status}})",
        "fields": fields(Sidecar),
    }


def _registries() -> dict[str, Any]:
    files = []
    for name, (path, key, label, registry) in REGISTRIES.items():
        files.append({"name": name, "label": label, "file": path, "description": _doc(registry), "fields": fields(registry)})
        assert list(registry.model_fields) == [key]
    return {"name": REGISTRY_COLLECTION, "label": "Registries", "format": "yml", "files": files}


def fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The form fields of ``model``, one per model field, in the model's order (which is the order the CMS writes)."""
    return [field(name, info) for name, info in model.model_fields.items()]


def field(name: str, info: FieldInfo) -> dict[str, Any]:
    """One model field as a CMS field: its widget, whether it is required, and its docstring as help text."""
    annotation, optional = _unwrap_optional(info.annotation)
    out: dict[str, Any] = {"name": name, "label": name.replace("_", " ").capitalize()}
    out.update(_widget(annotation, [*info.metadata]))
    many = out["widget"] == "list" or out.get("multiple", False)
    # A list may be empty unless the model says how short it may be; then the form asks for that many.
    least = next((m.min_length for m in info.metadata if isinstance(getattr(m, "min_length", None), int)), 0)
    out["required"] = bool(least) if many else info.is_required() and not optional
    if least:
        out["min"] = least
    if info.description:
        out["hint"] = " ".join(info.description.replace("``", "`").split())
    if many and not least:
        out["default"] = []
    return out


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(args) < len(typing.get_args(annotation)):
            return args[0], True
    return annotation, False


def _forms(annotation: Any, metadata: list[Any]) -> Iterator[Form]:
    yield from (m for m in metadata if isinstance(m, Form))
    if typing.get_origin(annotation) is typing.Annotated:
        yield from (m for m in annotation.__metadata__ if isinstance(m, Form))


def _widget(annotation: Any, metadata: list[Any]) -> dict[str, Any]:
    form = next(_forms(annotation, metadata), None)
    if form is not None:
        return _scalar(form)
    if typing.get_origin(annotation) is typing.Annotated:
        return _widget(typing.get_args(annotation)[0], metadata)
    if typing.get_origin(annotation) is Literal:
        return {"widget": "select", "options": list(typing.get_args(annotation))}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": fields(annotation)}
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        inner = _widget(item, [])
        if inner["widget"] == "relation":
            return {**inner, "multiple": True}
        if inner["widget"] == "object":
            return {"widget": "list", "fields": inner["fields"], "collapsed": True}
        return {"widget": "list", "field": {"name": "item", "label": "Item", **inner}}
    raise TypeError(f"no CMS widget for {annotation!r}; give its type a Form in generator/model/scalars.py")


def _scalar(form: Form) -> dict[str, Any]:
    if form.refers in REGISTRIES:
        key = REGISTRIES[form.refers][1]
        shown = f"{key}.*.{_SHOWN[form.refers]}"
        return {
            "widget": "relation",
            "collection": REGISTRY_COLLECTION,
            "file": form.refers,
            "value_field": f"{key}.*.id",
            "search_fields": [shown, f"{key}.*.id"],
            "display_fields": [shown],
        }
    if form.kind in ("number", "score"):
        number: dict[str, Any] = {"widget": "number", "value_type": "float" if form.kind == "number" else "int"}
        return number | ({"min": 1, "max": 99, "step": 1} if form.kind == "score" else {})
    if form.kind == "date":
        return dict(_DATE)
    if form.kind == "text":
        return {"widget": "text"}
    string: dict[str, Any] = {"widget": "string"}
    if form.kind in _PATTERNS:
        pattern, message = _PATTERNS[form.kind]
        string["pattern"] = [pattern, f"Expected {message}"]
    return string


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").replace("``", "`").split())
