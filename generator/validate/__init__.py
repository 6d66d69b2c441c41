"""Stage 2, validate: turn parsed documents into models and cross-check them.

Schema errors from pydantic are translated into located problems with the
project's stable codes (:mod:`.translate`). The registries are validated first
(:mod:`.registries`); each sidecar is then checked on its own, as far as it
validates (:mod:`.sheets`), against the registries, its own sources and its
article text (:mod:`.references`, :mod:`.verify`); last, the relations between
claims are checked across sheets (:mod:`.relations`). Every problem in every
file is collected before :class:`~generator.errors.ValidationFailed` is raised;
a registry's own problems come first, and what only follows from them is
counted, not repeated.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import Problem, ValidationFailed
from generator.load import LoadedContent
from generator.model import Corpus
from generator.validate.registries import RESERVED_SLUGS, Registries, check_registries, rooted
from generator.validate.relations import check_relations
from generator.validate.sheets import CheckedSheets, check_file_slug, check_sheets

__all__ = [
    "RESERVED_SLUGS",
    "CheckedSheets",
    "Registries",
    "check_file_slug",
    "check_registries",
    "check_sheets",
    "combine",
    "loading_problems",
    "validate",
]


def validate(loaded: LoadedContent) -> Corpus:
    """Validate everything that loaded; raise :class:`ValidationFailed` with every problem."""
    registries, problems = check_registries(loaded)
    return combine(registries, [*loading_problems(loaded), *problems], [check_sheets(loaded.sheets, loaded, registries)])


def loading_problems(loaded: LoadedContent) -> list[Problem]:
    """The problems found while loading, those of the registry files marked as root causes."""
    registries = {doc.display for doc in (loaded.entities, loaded.ratings, loaded.series) if doc is not None}
    registries |= set(loaded.registry_files)
    return [
        *rooted(p for p in loaded.problems if p.file in registries),
        *(p for p in loaded.problems if p.file not in registries),
    ]


def combine(registries: Registries, problems: list[Problem], parts: Iterable[CheckedSheets]) -> Corpus:
    """Put checked sidecars together and check what crosses sheets.

    Raises ValidationFailed with every problem when any is an error; otherwise
    returns the corpus, with the warnings in ``Corpus.warnings``.
    """
    sheets, sites, parsed = [], {}, set()
    suppressed: dict[str, int] = {}
    unfinished: list[str] = []
    for part in parts:
        unfinished += part.unfinished
        sheets += part.sheets
        problems += part.problems
        sites.update(part.relation_sites)
        parsed |= part.parsed
        for file, count in part.suppressed.items():
            suppressed[file] = suppressed.get(file, 0) + count
    problems += check_relations(sheets, sites, parsed)
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems, suppressed)
    warnings = tuple(sorted(problems, key=Problem.sort_key))
    return Corpus(registries.entities, registries.ratings, tuple(sheets), registries.series, warnings, tuple(unfinished))
