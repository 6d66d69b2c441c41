"""Reading one file: its text within limits, and strict YAML with the position of every value.

The loader walks PyYAML's event stream (the libyaml C parser where available)
and builds plain values itself, so that nothing in the input can choose a type:

* every scalar is a string, except a plain ``null`` or an empty value, which is
  ``None``. ``NO``, ``1:30``, ``010`` and ``2024-02-30`` stay the text they are;
  the schema decides later which fields are numbers or dates;
* sequences become tuples and mappings become dicts;
* anchors, aliases, merge keys, tags, directives, duplicate keys and second
  documents are errors, each with its line and column.

Each :class:`Document` keeps the position of every value and key, keyed by
its path, so later stages can point at the exact line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.chars import NEVER
from generator.errors import Problem

try:
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader

#: Size limit for one sidecar or registry file.
MAX_FILE_BYTES = 512 * 1024
#: No sidecar needs more nesting than this; deeper input is rejected early.
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]


class Position(NamedTuple):
    """A 1-based line and column in a source file."""

    # A tuple, not a dataclass: one is made for every node of every file, and tuples are cheaper.
    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """One parsed file: its values, and where each value and key came from."""

    path: Path
    display: str
    lines: tuple[str, ...]
    data: Any
    # The parser's marks, turned into positions only for the few that an error points at.
    values: dict[Path_, yaml.Mark] = field(repr=False)
    keys: dict[Path_, yaml.Mark] = field(repr=False)

    def locate(self, path: Path_, *, key: bool = False) -> Position:
        """Position of the value (or key) at ``path``, else of its nearest ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return _pos(table[path])
        for cut in range(len(path) - 1, -1, -1):
            if path[:cut] in self.values:
                return _pos(self.values[path[:cut]])
        return Position(1, 1)

    def find(self, path: Path_, char: str) -> Position:
        """Where ``char`` (a character or a word) is first written in the value at ``path``; else the value's position.

        A character written as an escape (``"\\u200d"``) is not found, and the
        value's position is the nearest there is.
        """
        start = self.locate(path)
        for number in range(start.line, len(self.lines) + 1):
            line = self.lines[number - 1]
            column = line.find(char, start.column - 1 if number == start.line else 0)
            if column >= 0:
                return Position(number, column + 1)
        return start

    def problem(self, code: str, message: str, path: Path_, *, key: bool = False, char: str | None = None) -> Problem:
        """A problem located at ``path`` in this document, or at ``char`` within its value."""
        pos = self.find(path, char) if char else self.locate(path, key=key)
        return located(code, message, self.display, self.lines, pos, format_path(path))


def located(
    code: str,
    message: str,
    display: str,
    lines: tuple[str, ...],
    pos: Position | None,
    field_path: str = "",
) -> Problem:
    """Build a :class:`Problem` with the offending source line attached."""
    if pos is None:
        return Problem(code, message, display, field=field_path)
    source = lines[pos.line - 1] if 0 < pos.line <= len(lines) else None
    return Problem(code, message, display, pos.line, pos.column, field_path, source)


def format_path(path: Path_) -> str:
    """``('figures', 2, 'value')`` → ``figures[2].value``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def display_name(path: Path, root: Path | None) -> str:
    """The path as shown in messages: relative to ``root`` when it is inside it."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def read_text(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a regular UTF-8 file, rejecting symlinks, oversize files and bad characters."""
    if path.is_symlink():
        return None, [Problem("file-symlink", "is a symbolic link; commit the file itself", display)]
    raw = path.read_bytes()
    if len(raw) > limit:
        msg = f"file is {len(raw):,} bytes, the limit is {limit:,} bytes; split or shorten it"
        return None, [Problem("file-too-large", msg, display)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        msg = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return None, [Problem("file-encoding", msg, display, line, col)]
    lines = tuple(text.splitlines())
    problems = []
    for match in NEVER.finditer(text):
        char = match.group()
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(located("forbidden-character", _forbidden(char), display, lines, Position(line, col)))
    return (None if problems else unicodedata.normalize("NFC", text)), problems


def _forbidden(char: str, how: str = "") -> str:
    name = unicodedata.name(char, "control character")
    return f"forbidden character U+{ord(char):04X} ({name}){how}; delete it"


def load_yaml(path: Path, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file strictly. Returns the document (if usable) and problems."""
    display = display_name(path, root)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    builder = _Builder(display, tuple(text.splitlines()))
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        msg = f"{exc.problem or 'invalid YAML'}"
        if exc.context:
            msg = f"{exc.context}, {msg}"
        builder.problems.append(located("yaml-syntax", msg, display, builder.lines, pos))
        return None, builder.problems
    except yaml.YAMLError as exc:
        builder.problems.append(Problem("yaml-syntax", str(exc), display))
        return None, builder.problems
    except _TooDeep as exc:
        builder.problems.append(
            located("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", display, builder.lines, exc.pos)
        )
        return None, builder.problems
    doc = Document(path, display, builder.lines, data, builder.values, builder.keys)
    return (None if builder.problems else doc), builder.problems


class _TooDeep(Exception):
    def __init__(self, pos: Position) -> None:
        self.pos = pos


def _plain(event: Any) -> bool:
    # libyaml reports a plain scalar's style as '', the pure-Python parser as None.
    return not event.style


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a YAML event stream into plain values, recording positions and problems."""

    def __init__(self, display: str, lines: tuple[str, ...]) -> None:
        self.display = display
        self.lines = lines
        self.problems: list[Problem] = []
        self.values: dict[Path_, yaml.Mark] = {}
        self.keys: dict[Path_, yaml.Mark] = {}
        self.aliases: set[str] = set()  # each alias name is reported once, so an alias bomb stays readable

    def _error(self, code: str, message: str, pos: Position, path: Path_ = ()) -> None:
        self.problems.append(located(code, message, self.display, self.lines, pos, format_path(path)))

    def build(self, events: Iterator[Any]) -> Any:
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._error(
                        "yaml-multiple-documents",
                        "a second YAML document starts here; a file holds one document, so remove the '---' and what follows",
                        _pos(event.start_mark),
                    )
                    return data
                if event.version or event.tags:
                    self._error("yaml-directive", "YAML directives are not allowed; delete the '%' line", _pos(event.start_mark))
                data = self._node(next(events), events, (), 0)
        return data

    def _check_node(self, event: Any, path: Path_) -> None:
        if event.anchor is not None:
            message = f"anchor '&{event.anchor}' is not allowed; write the value out in full"
            self._error("yaml-anchor", message, _pos(event.start_mark), path)
        if event.tag is not None:
            message = f"tag '{_tag(event.tag)}' is not allowed; remove it and write a plain value"
            self._error("yaml-tag", message, _pos(event.start_mark), path)

    def _node(self, event: Any, events: Iterator[Any], path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _TooDeep(_pos(event.start_mark))
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.aliases:
                return None
            self.aliases.add(str(event.anchor))
            self._error(
                "yaml-alias", f"alias '*{event.anchor}' is not allowed; write the value out in full", _pos(event.start_mark), path
            )
            return None
        self._check_node(event, path)
        self.values[path] = event.start_mark
        if isinstance(event, yaml.ScalarEvent):
            if _plain(event) and event.value in ("", "null"):
                return None
            # The raw text was checked; a quoted escape such as "\u202e" can still write one.
            hidden = NEVER.search(event.value)
            if hidden:
                self._error(
                    "forbidden-character", _forbidden(hidden.group(), ", written as an escape"), _pos(event.start_mark), path
                )
            # An escape such as "e\\u0301" can write a decomposed form that the file's own NFC did not catch.
            return unicodedata.normalize("NFC", event.value)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                items.append(self._node(item, events, (*path, len(items)), depth + 1))
            return tuple(items)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path, depth)
        raise yaml.YAMLError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def _mapping(self, events: Iterator[Any], path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            key_event = next(events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent):
                self._error("yaml-complex-key", "a key must be plain text, not a list, mapping or alias", _pos(mark), path)
                self._node(key_event, events, (*path, "?"), depth + 1)
                self._node(next(events), events, (*path, "?"), depth + 1)
                continue
            self._check_node(key_event, path)
            key = unicodedata.normalize("NFC", key_event.value)
            if key == "<<" and _plain(key_event):
                self._error("yaml-merge-key", "merge key '<<' is not allowed; write the keys out in full", _pos(mark), path)
            child = (*path, key)
            if key in result:
                first = _pos(self.keys[child])
                self._error(
                    "yaml-duplicate-key",
                    f"duplicate key '{key}': first defined at line {first.line}, column {first.column}; keep one",
                    _pos(mark),
                    child,
                )
                self._node(next(events), events, (*path, f"{key} (duplicate)"), depth + 1)
                continue
            self.keys[child] = mark
            result[key] = self._node(next(events), events, child, depth + 1)
