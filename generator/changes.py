"""What a pull request changes in meaning: sidecars at a git revision against the working tree.

Both sides are loaded and turned into models, so a change of formatting, key
order, quoting or comments is no change at all. The summary is Markdown for a
pull-request comment; every value from a sidecar in it is escaped, because a
pull request's text is untrusted wherever it is shown.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import FactsheetError
from generator.load import load_content
from generator.mdtext import escape
from generator.model import Claim, Figure, Quantity, Quote, Sidecar, Source
from generator.render import format_quantity
from generator.validate import check_file_slug

NO_CHANGE = "No change in meaning."
_Item = TypeVar("_Item", Figure, Claim, Quote, Source)
_COMPARED = ("status", "title", "figures", "claims", "quotes", "sources")


class GitError(FactsheetError):
    """A git command the diff needs did not work."""


def _git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)} failed: {detail}")
    return result.stdout


def toplevel(path: Path) -> str:
    """The top folder of the git work tree that holds ``path``."""
    return _git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel").decode().strip()


def default_base(repo: Path) -> str:
    """The merge base of HEAD with ``main`` (or ``origin/main`` when there is no local main)."""
    for branch in ("main", "origin/main"):
        try:
            return _git(repo, "merge-base", "HEAD", branch).decode().strip()
        except GitError:
            continue
    raise GitError("no branch named main or origin/main to compare with; name a revision: factsheet diff REV")


def sidecars_at(repo: Path, revision: str, content: Path) -> dict[str, Sidecar]:
    """Every sidecar under ``content`` at ``revision`` that is valid on its own, by slug."""
    relative = content.resolve().relative_to(repo.resolve()).as_posix()
    if not _git(repo, "ls-tree", "--name-only", revision, "--", relative).strip():
        return {}
    archive = _git(repo, "archive", "--format=tar", revision, "--", relative)
    with tempfile.TemporaryDirectory(prefix="factsheet-diff-") as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # The "data" filter refuses links and paths that would land outside tmp.
        tar.extractall(tmp, filter="data")
        return sidecars_in(Path(tmp) / relative)


def sidecars_in(content: Path) -> dict[str, Sidecar]:
    """Every sidecar under ``content`` that is valid on its own, by slug; invalid ones are left out."""
    found = {}
    for doc in load_content(content).sheets:
        if check_file_slug(doc.path.stem, doc.display):
            continue  # not a sheet the site would publish; its name is not safe to print
        try:
            found[doc.path.stem] = Sidecar.model_validate(doc.data)
        except ValidationError:
            continue
    return found


@dataclass
class _Section:
    title: str
    lines: list[str] = field(default_factory=list)


def summarise(before: dict[str, Sidecar], after: dict[str, Sidecar]) -> str:
    """A Markdown summary of what changed in meaning between two sets of sidecars."""
    sections = {
        name: _Section(title)
        for name, title in (
            ("sheets", "Sheets"),
            ("figures", "Figures"),
            ("ratings", "Ratings"),
            ("quotes", "Quotes"),
            ("sources", "Sources"),
            ("other", "Other changes"),
        )
    }
    for slug in sorted(after.keys() - before.keys()):
        sections["sheets"].lines.append(f"- Added {_sheet(slug, after[slug])}, status {after[slug].status}")
    for slug in sorted(before.keys() - after.keys()):
        sections["sheets"].lines.append(f"- Removed {_sheet(slug, before[slug])}")
    for slug in sorted(before.keys() & after.keys()):
        old, new = before[slug], after[slug]
        if old == new:
            continue
        name = _sheet(slug, new)
        if old.status != new.status:
            sections["sheets"].lines.append(f"- {name}: status {old.status} → {new.status}")
        sections["figures"].lines += [f"- {name}: {line}" for line in _figures(old, new)]
        sections["ratings"].lines += [f"- {name}: {line}" for line in _ratings(old, new)]
        sections["quotes"].lines += [f"- {name}: {line}" for line in _quotes(old, new)]
        sections["sources"].lines += [f"- {name}: {line}" for line in _sources(old, new)]
        others = _other_fields(old, new)
        if others:
            sections["other"].lines.append(f"- {name}: {', '.join(others)} changed")
    shown = [s for s in sections.values() if s.lines]
    if not shown:
        return NO_CHANGE + "\n"
    blocks = ["## What this change does to the fact sheets"]
    blocks += [f"### {s.title}\n\n" + "\n".join(s.lines) for s in shown]
    return "\n\n".join(blocks) + "\n"


def _sheet(slug: str, sidecar: Sidecar) -> str:
    return f"**{escape(sidecar.title)}** (`{slug}`)"


def _quoted(text: str) -> str:
    return f"“{escape(text)}”"


def _value(value: Quantity) -> str:
    return escape(format_quantity(value))


def _paired(old: Iterable[_Item], new: Iterable[_Item]) -> tuple[list[_Item], list[_Item], list[tuple[_Item, _Item]]]:
    """Items only in ``new``, only in ``old``, and in both (as old, new pairs), matched and sorted by id."""
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    return (
        [after[i] for i in sorted(after.keys() - before.keys())],
        [before[i] for i in sorted(before.keys() - after.keys())],
        [(before[i], after[i]) for i in sorted(before.keys() & after.keys())],
    )


def _fields_changed(was: BaseModel, now: BaseModel) -> str:
    return ", ".join(name for name in type(now).model_fields if getattr(was, name) != getattr(now, name))


def _figures(old: Sidecar, new: Sidecar) -> Iterator[str]:
    added, removed, both = _paired(old.figures, new.figures)
    for figure in added:
        yield f"figure added, {escape(figure.label)}: {_value(figure.value)} {escape(figure.unit)}"
    for figure in removed:
        yield f"figure removed, {escape(figure.label)}"
    for was, now in both:
        if was.value != now.value or was.unit != now.unit:
            yield f"{escape(now.label)}: {_value(was.value)} {escape(was.unit)} → **{_value(now.value)} {escape(now.unit)}**"
        elif was != now:
            yield f"{escape(now.label)}: {_fields_changed(was, now)} changed, value unchanged"


def _ratings(old: Sidecar, new: Sidecar) -> Iterator[str]:
    added, removed, both = _paired(old.claims, new.claims)
    for claim in added:
        yield f"claim added, {_quoted(claim.text)}, rated **{escape(claim.rating)}**. {_rationale(claim)}"
    for claim in removed:
        yield f"claim removed, {_quoted(claim.text)}"
    for was, now in both:
        if was.rating != now.rating:
            yield f"{_quoted(now.text)}: {escape(was.rating)} → **{escape(now.rating)}**. {_rationale(now)}"
        elif was != now:
            yield f"{_quoted(now.text)}: {_fields_changed(was, now)} changed, rating unchanged ({escape(now.rating)})"


def _rationale(claim: Claim) -> str:
    return f"New rationale: {_quoted(' '.join(claim.rationale.split()))}"


def _quotes(old: Sidecar, new: Sidecar) -> Iterator[str]:
    added, removed, both = _paired(old.quotes, new.quotes)
    for quote in added:
        yield f"quote added, {_quoted(quote.text)}"
    for quote in removed:
        yield f"quote removed, {_quoted(quote.text)}"
    for was, now in both:
        if was.text != now.text:
            yield f"quote edited: {_quoted(was.text)} → {_quoted(now.text)}"
        elif was != now:
            yield f"{_quoted(now.text)}: {_fields_changed(was, now)} changed"


def _sources(old: Sidecar, new: Sidecar) -> Iterator[str]:
    added, removed, both = _paired(old.sources, new.sources)
    for source in added:
        yield f"source added, `{source.id}`: {escape(source.description)}"
    for source in removed:
        yield f"source removed, `{source.id}`: {escape(source.description)}"
    for was, now in both:
        if was != now:
            yield f"source `{now.id}` changed: {_fields_changed(was, now)}"


def _other_fields(old: Sidecar, new: Sidecar) -> list[str]:
    changed = [name for name in Sidecar.model_fields if name not in _COMPARED and getattr(old, name) != getattr(new, name)]
    if old.title != new.title:
        changed.insert(0, f"title (was {_quoted(old.title)})")
    return changed
