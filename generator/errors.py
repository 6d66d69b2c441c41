"""One exception hierarchy and the problems it carries.

Every mistake a contributor can make becomes a :class:`Problem` with a stable
code, a location and a message that says what was expected and what was found.
Problems are collected across all files, then raised together as one
:class:`ValidationFailed`, which the CLI and the MkDocs plugin catch in one place.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from generator import chars
from generator.chars import printable

#: Every error code, with what it means. ``docs`` renders this table, and a test
#: checks that every code the generator can emit is listed here.
CODES: dict[str, str] = {
    "file-too-large": "The file is larger than the size limit for its kind.",
    "file-encoding": "The file is not valid UTF-8.",
    "file-symlink": "The path is a symbolic link; nothing the build reads may be one.",
    "file-hardlink": "The file is a hard link to a file outside the project; commit a copy instead.",
    "file-special": "The path is a pipe, socket or device, not a regular file or folder.",
    "file-name": "The file name is not a valid slug, is not portable, or has the wrong extension.",
    "file-missing": "A required file, such as a registry, does not exist.",
    "forbidden-character": "The text holds a control, bidi-control or invisible character where none can be meant.",
    "yaml-syntax": "The file is not well-formed YAML.",
    "yaml-duplicate-key": "The same key appears twice in one mapping.",
    "yaml-anchor": "YAML anchors (&name) are not allowed.",
    "yaml-alias": "YAML aliases (*name) are not allowed.",
    "yaml-merge-key": "YAML merge keys (<<) are not allowed.",
    "yaml-tag": "Explicit YAML tags (!tag, !!type) are not allowed.",
    "yaml-directive": "YAML directives (%YAML, %TAG) are not allowed.",
    "yaml-multiple-documents": "A file holds more than one YAML document.",
    "yaml-complex-key": "A mapping key is itself a mapping or a list.",
    "yaml-too-deep": "The YAML nests deeper than any sidecar needs.",
    "value-too-long": "A text value is longer than its limit.",
    "missing-field": "A required field is absent.",
    "unknown-field": "A field that the format does not define.",
    "wrong-type": "A value has the wrong type: text where a list was expected, and so on.",
    "invalid-choice": "A value is not one of the allowed choices.",
    "invalid-date": "A date is not a real calendar date written as YYYY-MM-DD.",
    "invalid-number": "A number is not written as digits with an optional decimal point.",
    "invalid-id": "An id or slug is not lowercase letters, digits and single hyphens.",
    "invalid-url": "A URL is not an absolute http(s) URL with a well-formed ASCII host.",
    "local-url": "A URL points at this machine, a private network or a reserved address (loopback, link-local, localhost).",
    "mixed-script": "A word of a name mixes scripts, as a look-alike of another word would (Latin with Cyrillic, say).",
    "invalid-text": "A one-line text field holds a line break or surrounding spaces.",
    "invalid-value": "A figure's value does not use exactly one of its forms.",
    "invalid-range": "A range's minimum is not below its maximum.",
    "invalid-source": "A source is not exactly one of named (entity) or unnamed.",
    "invalid-link": "An archived copy or a dead date is given without a live url, or the archived copy is the live url.",
    "not-archived": "A published sheet links its article or a source with no archived copy, which readers lose if the link dies.",
    "too-few-items": "A list has fewer items than it needs.",
    "duplicate-id": "Two items of one kind share an id.",
    "unknown-entity": "A person or organisation id is not in the registry.",
    "not-a-name": (
        "A speaker, claimant or other actor is not a name: a pronoun, a day, a month, a single letter, a fragment of two "
        "sentences or the article's dateline."
    ),
    "unknown-rating": "A rating is not on the site's rating scale.",
    "unknown-claim": "A claim relation points at a sheet or claim that does not exist, or at the claim itself.",
    "unknown-source": "A figure, claim or quote names a source the sidecar does not list.",
    "unknown-series": "A figure names a series that content/series.yml does not define.",
    "series-unit": "A figure in a series has a unit other than the series' unit.",
    "series-value": "A figure in a series has a value or date a chart cannot show: words only, too large, or an odd year.",
    "quote-not-in-text": "A quote does not appear in the article text beside the sidecar.",
    "sentence-not-in-text": "A figure's sentence does not appear in the article text beside the sidecar.",
    "value-not-in-sentence": "A figure's value is not mentioned in the sentence it comes from.",
    "to-fill": "A field still holds the TODO marker that factsheet new or factsheet draft left for the writer.",
    "dead-link": "factsheet links could not get the page at a URL: not found, gone, refused, timed out, or a host not public.",
    "moved-link": "factsheet links found that a URL redirects to another address.",
    "update-order": "An update is dated before the one above it; updates are added at the end, oldest first.",
    "output-conflict": "The output folder holds a file the generator did not write, or one edited since.",
    "cms-status": "factsheet cms-status cannot set a sheet's status: it has none, or not on a line of its own.",
    "markdown-extension-missing": "The site engine's configuration leaves out a Markdown extension the generated pages need.",
    "unsafe-output": "The built site holds a script, frame, event handler or non-http(s) link in a place content reaches.",
}


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One mistake, located as precisely as the input allows.

    Every text in it may come from untrusted input (a file name, a value), so
    each way of showing it escapes what a terminal or a CI log would act on
    (:func:`generator.chars.printable`).
    """

    code: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    field: str = ""
    source_line: str | None = None
    severity: Severity = "error"
    """A warning is reported but does not fail the check."""
    root: bool = False
    """A problem others follow from (a registry that did not load): reported before every other."""

    def format(self) -> str:
        """Render as ``file:line:col: field: message [code]`` plus the source line."""
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        head = f"{where}: {printable(self.field)}: " if self.field else f"{where}: "
        label = "warning: " if self.severity == "warning" else ""
        text = f"{head}{label}{printable(self.message)} [{self.code}]"
        if self.source_line is not None and self.line is not None:
            shown, caret = _window(self.source_line, (self.column or 1) - 1)
            gutter = f"{self.line:>5} | "
            pointer = " " * (len(gutter) - 2) + "| " + " " * caret + "^"
            text += f"\n{gutter}{shown}\n{pointer}"
        return text

    def github(self) -> str:
        """Render as a GitHub Actions annotation, which marks the line in a pull request's diff."""
        props = [f"file={_gh_property(self.file)}"]
        if self.line is not None:
            props += [f"line={self.line}", f"col={self.column or 1}"]
        props.append(f"title={_gh_property(self.code)}")
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"::{self.severity} {','.join(props)}::{_gh_data(text)}"

    def as_json(self) -> dict[str, object]:
        """The problem as a JSON object, for editors and other tools."""
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }

    def sort_key(self) -> tuple[bool, str, int, int, str]:
        """Order problems: root causes first, then by file, position and code."""
        return (not self.root, self.file, self.line or 0, self.column or 0, self.code)


def _gh_data(text: str) -> str:
    # Escaped for the terminal first, so that no control character reaches the log; then for the workflow command.
    return printable(text, keep_newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_SHOWN = 100


def _window(line: str, caret: int) -> tuple[str, int]:
    """The part of ``line`` around ``caret`` that fits on a terminal, made safe to print.

    Control, bidi and invisible characters become U+FFFD so that the echoed line can
    neither reorder the terminal's text nor hide itself; one character for one keeps
    the caret aligned.
    """
    safe = chars.masked(line.replace("\t", " "))
    start = max(0, min(caret - _SHOWN // 2, len(safe) - _SHOWN))
    if start == 0 and len(safe) <= _SHOWN:
        return safe, caret
    return "…" + safe[start : start + _SHOWN] + "…", caret - start + 1


class FactsheetError(Exception):
    """Base of every error the generator reports to a user."""

    exit_code = 1


class ValidationFailed(FactsheetError):
    """One or more problems were found; carries all of them, warnings among them.

    ``suppressed`` counts, for each file that failed to load, the problems in
    other files that only follow from it (an unknown speaker when the entity
    registry did not load), which are left out of the report.
    """

    def __init__(self, problems: Iterable[Problem], suppressed: Mapping[str, int] | None = None) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        self.suppressed = dict(sorted((suppressed or {}).items()))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one block each, a count, and a line per file whose consequences were left out."""
        return "\n".join([p.format() for p in self.problems] + [self.count(), *self.notes()])

    def count(self) -> str:
        """``3 errors in 2 files.``, or ``3 errors and 1 warning in 2 files.``"""
        return count_line(self.problems)

    def notes(self) -> list[str]:
        """A line for each file that failed to load, saying how many problems following from it are not shown."""
        return [
            f"{n} more {'error' if n == 1 else 'errors'} that follow from {printable(file)} "
            f"{'is' if n == 1 else 'are'} not shown; fix {printable(file)} first, then check again."
            for file, n in self.suppressed.items()
        ]

    def github(self) -> str:
        """All problems as GitHub Actions annotations, one per line, then the count and the notes."""
        notes = [f"::notice::{_gh_data(note)}" for note in self.notes()]
        return "\n".join([p.github() for p in self.problems] + [self.count(), *notes])


def count_line(problems: Sequence[Problem]) -> str:
    """``3 errors in 2 files.``, ``1 warning in 1 file.``, ``3 errors and 1 warning in 2 files.``"""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"{' and '.join(parts) or '0 errors'} in {files} {'file' if files == 1 else 'files'}."


class OutputConflict(ValidationFailed):
    """Writing the output would overwrite or delete a file the generator does not own."""


class FileExists(FactsheetError):
    """A command would replace a file that already exists."""


class UnsafeOutput(ValidationFailed):
    """The post-build scan found active HTML that content could have put there."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` suffix, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class SiteBuildFailed(FactsheetError):
    """The site engine stopped the build: a warning in strict mode, a plugin error or a bad configuration."""


class LoggedWarnings(logging.Handler):
    """A logging handler that keeps every warning and error, as ``LEVEL: message`` lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")
