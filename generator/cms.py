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

It also writes the site's ``admin/`` page, which serves the CMS from the
site (:func:`admin_files`), and maps the editorial workflow's columns onto a
sheet's ``status`` (:data:`WORKFLOW_LABELS`, :func:`with_status`).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.errors import Problem
from generator.load.document import Document
from generator.model import SLUG_PATTERN, RatingScale, Registry, SeriesRegistry, Sidecar, Status
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


#: The CMS's own page, at admin/ on the site. Its Content-Security-Policy is its own: the CMS needs 'unsafe-eval' (it
#: compiles its configuration's schema to code) and inline styles, and talks to decap-server on this machine or to
#: GitHub's API; nothing else, and no other page of the site allows any of it (see docs/security.md).
ADMIN_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self' http://localhost:8081 http://127.0.0.1:8081 https://api.github.com; "
    "base-uri 'none'; form-action 'none'"
)
#: The file of the CMS's bundle that the page loads; it loads its other chunks from beside it.
BUNDLE = "decap-cms.js"
_ADMIN_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{ADMIN_POLICY}">
<meta name="robots" content="noindex">
<title>Edit the fact sheets</title>
</head>
<body>
<script src="{BUNDLE}"></script>
</body>
</html>
"""


@dataclass(frozen=True)
class Backend:
    """Where the CMS reads and commits: a GitHub repository, or (without ``repo``) Netlify's git-gateway."""

    repo: str | None = None
    """``owner/name`` on GitHub."""
    branch: str = "main"
    """The branch pull requests go to."""
    auth_url: str | None = None
    """The newsroom's OAuth service for GitHub logins (the CMS's ``base_url``); without it, Netlify's."""

    def as_config(self) -> dict[str, Any]:
        if not self.repo:
            return {"name": "git-gateway", "branch": self.branch}
        backend = {"name": "github", "repo": self.repo, "branch": self.branch}
        return backend | ({"base_url": self.auth_url} if self.auth_url else {})


def admin_files(bundle: Path, backend: Backend = Backend()) -> dict[str, bytes]:
    """The files of the site's ``admin/`` page, by name: the page, its ``config.yml``, and the CMS's bundle.

    ``bundle`` is the folder of the pinned npm package's build (``node_modules/decap-cms/dist``); only its
    ``*decap-cms.js`` files are taken, not the source maps or the other builds beside them.
    """
    scripts = sorted(p for p in bundle.glob(f"*{BUNDLE}") if p.is_file() and not p.is_symlink())
    if not any(p.name == BUNDLE for p in scripts):
        raise FileNotFoundError(f"{bundle / BUNDLE} is missing; install the CMS with npm ci")
    files = {"index.html": _ADMIN_PAGE.encode(), "config.yml": config_text(backend, local=True).encode()}
    return files | {p.name: p.read_bytes() for p in scripts}


def config_text(backend: Backend = Backend(), *, local: bool = False) -> str:
    """:func:`config` as the YAML file the CMS reads, under a line that says where it comes from."""
    text = yaml.safe_dump(config(backend, local=local), sort_keys=False, allow_unicode=True)
    return "# Written by factsheet from the model in generator/model/; do not edit by hand.\n" + text


def config(backend: Backend = Backend(), *, local: bool = False) -> dict[str, Any]:
    """The CMS's ``config.yml`` as data: the backend, the editorial workflow, and a collection for sheets and registries.

    ``backend`` names the repository, or git-gateway; ``local`` lets the CMS
    use ``decap-server`` on this machine instead, for ``make cms``.
    """
    result: dict[str, Any] = {
        "backend": backend.as_config(),
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
    if out["widget"] == "object" and not out["required"]:
        # The CMS asks for an optional object's required fields even when the object is left empty, so inside one
        # nothing is required by the form; check then asks for them when the object is given.
        out["fields"] = [_optional(f) for f in out["fields"]]
    return out


def _optional(inner: dict[str, Any]) -> dict[str, Any]:
    if not inner["required"]:
        return inner
    return inner | {"required": False, "hint": f"{inner.get('hint', '')} Needed when this part is filled in.".strip()}


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


#: The editorial workflow keeps each entry not yet merged as a pull request, in a column the CMS records as the pull
#: request's label; a sheet in that pull request gets the status beside its column's label. A retraction is kept in
#: every column: it is set by hand, and moving a card must not undo it.
WORKFLOW_LABELS: dict[str, Status] = {
    "decap-cms/draft": "draft",
    "decap-cms/pending_review": "review",
    "decap-cms/pending_publish": "published",
}
_KEPT: frozenset[Status] = frozenset({"retracted"})
_STATUS_LINE = re.compile(r"status:[ \t]*(?P<value>(?P<q>[\"']?)[a-z]*(?P=q))[ \t]*(?:#.*)?\r?\n?")


def with_status(doc: Document, raw: str, status: Status) -> tuple[str, str | None] | Problem:
    """``raw`` (``doc``'s text as read) with its sheet's status set to ``status``, and the status it had before.

    Only the status's value changes; comments, layout and every other byte stay
    as they are. The line is the one the parser found the value on, and it must
    read ``status: value`` from its first column, plainly or in quotes;
    otherwise nothing is changed, and the problem says why.
    """
    was = doc.data.get("status") if isinstance(doc.data, dict) else None
    if was in _KEPT:
        return raw, was
    mark = doc.values.get(("status",))
    if mark is None:
        return doc.problem("cms-status", "there is no status to set; add 'status: draft' at the top", ())
    lines = raw.splitlines(keepends=True)
    match = _STATUS_LINE.fullmatch(lines[mark.line]) if mark.line < len(lines) else None
    if match is None or not isinstance(was, str | None):
        message = "the status is not written as 'status: value' on a line of its own; write it so, then run this again"
        return doc.problem("cms-status", message, ("status",))
    line = lines[mark.line]
    before = line[: match.start("value")]
    lines[mark.line] = before + ("" if before.endswith((" ", "\t")) else " ") + status + line[match.end("value") :]
    return "".join(lines), was
