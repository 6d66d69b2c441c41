"""Schema and cross-reference validation: one fixture per kind of mistake, exact messages."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, HOSTILE, assemble_content, compare_golden
from generator import pipeline
from generator.errors import CODES, ValidationFailed

CASES = sorted((FIXTURES / "invalid").glob("*.yml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_sidecar_gets_exact_messages(case: Path, content_with: Callable[..., Path], update_goldens: bool) -> None:
    # A case with the article's text beside it is checked against that text too (names near a passage, datelines).
    content = content_with(*[p for p in (case, case.with_suffix(".txt")) if p.exists()])
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    compare_golden(case.with_suffix(".expected"), failure.value.report() + "\n", update_goldens)


def test_every_fixture_has_expected_output() -> None:
    expected = {p.stem for p in (FIXTURES / "invalid").glob("*.expected")}
    assert expected == {c.stem for c in CASES}


def test_every_code_in_messages_is_documented() -> None:
    fixtures = [*(FIXTURES / "invalid").glob("*.expected"), *(HOSTILE / "rejected").glob("*.expected")]
    lines = [line for f in fixtures for line in f.read_text().splitlines() if not line.startswith((" ", "…"))]
    used = {line.rsplit("[", 1)[1].rstrip("]") for line in lines if line.endswith("]")}
    assert used <= set(CODES)


def test_real_content_is_valid() -> None:
    corpus = pipeline.check(CONTENT)
    assert [s.slug for s in corpus.published()] == ["2022-02-15-russia-troops-ukraine-border"]


def test_all_errors_in_all_files_are_reported_together(content_with: Callable[..., Path]) -> None:
    invalid = FIXTURES / "invalid"
    content = content_with(invalid / "2022-02-15-unknown-rating.yml", invalid / "2022-02-15-invalid-date.yml")
    (content / "articles" / "2022-02-15-broken.yml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    codes = [(Path(p.file).name, p.code) for p in failure.value.problems]
    assert codes == [
        ("2022-02-15-broken.yml", "yaml-syntax"),
        ("2022-02-15-invalid-date.yml", "invalid-date"),
        ("2022-02-15-invalid-date.yml", "invalid-date"),
        ("2022-02-15-unknown-rating.yml", "unknown-rating"),
    ]
    assert failure.value.report().endswith("4 errors in 3 files.")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Bad_Name.yml", "file name is not a valid slug"),
        ("index.yml", "file name 'index' is a reserved name"),
        ("con.yml", "file name 'con' is a reserved name"),
        ("notes.yaml", "unexpected file; sidecars end in .yml"),
    ],
)
def test_bad_file_names(name: str, message: str, content_with: Callable[..., Path]) -> None:
    content = content_with()
    shutil.copy(CONTENT / "articles" / "2022-02-15-russia-troops-ukraine-border.yml", content / "articles" / name)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    [problem] = failure.value.problems
    assert problem.file == f"content/articles/{name}"
    assert problem.code == "file-name"
    assert problem.message.startswith(message)


def test_missing_registries_are_reported(tmp_path: Path) -> None:
    (tmp_path / "content" / "articles").mkdir(parents=True)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(tmp_path / "content")
    assert [p.format() for p in failure.value.problems] == [
        "content/entities.yml: the registry entities.yml is missing; create it [file-missing]",
        "content/ratings.yml: the registry ratings.yml is missing; create it [file-missing]",
    ]


def test_duplicate_registry_ids_name_both_lines(content_with: Callable[..., Path]) -> None:
    content = content_with()
    with (content / "entities.yml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: nato\n    name: Again\n    kind: organisation\n")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    [problem] = failure.value.problems
    assert problem.format().splitlines()[0] == (
        "content/entities.yml:44:9: entities[12].id: entity id 'nato' is already used at line 10; ids must be unique [duplicate-id]"
    )


def test_a_relation_to_another_sheet_gets_a_did_you_mean(content_with: Callable[..., Path]) -> None:
    content = content_with(
        FIXTURES / "invalid" / "2022-02-15-unknown-claim.yml",
        CONTENT / "articles" / "2022-02-15-russia-troops-ukraine-border.yml",
    )
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    messages = [
        p.message
        for p in failure.value.problems
        if p.field == "claims[0].relations[2].claim" or p.field == "claims[0].relations[3].claim"
    ]
    assert messages == [
        "sheet '2022-02-15-russia-troops-ukraine-border' has no claim 'no-sign-of-de-escalaton'; did you mean 'no-sign-of-de-escalation'?",
        "there is no sheet '2022-02-15-russia-troops'; did you mean '2022-02-15-russia-troops-ukraine-border'?",
    ]


def test_an_entity_cannot_take_the_people_index_name(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    registry = content / "entities.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("id: reuters", "id: index"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert [(p.field, p.message) for p in failure.value.problems if p.code == "invalid-id"] == [
        ("entities[8].id", "'index' is reserved for a generated page; choose another id")
    ]


def test_a_dateline_in_the_registry_is_not_a_speaker(tmp_path: Path) -> None:
    # A drafted "HARBOURTON (Coastal Wire) —" that reached the registry as an entity must not pass as the speaker.
    registries = tmp_path / "registries"
    registries.mkdir()
    for name in ("ratings.yml", "series.yml"):
        shutil.copy(CONTENT / name, registries / name)
    entities = (CONTENT / "entities.yml").read_text(encoding="utf-8")
    (registries / "entities.yml").write_text(
        entities + "  - id: harbourton\n    name: HARBOURTON\n    kind: organisation\n", encoding="utf-8"
    )
    case = FIXTURES / "invalid" / "2022-02-15-not-a-name.yml"
    sidecar = tmp_path / case.name
    sidecar.write_text(case.read_text(encoding="utf-8").replace('{unnamed: "Monday"}', "harbourton"), encoding="utf-8")
    content = assemble_content(tmp_path / "content", [sidecar, case.with_suffix(".txt")], registries)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    [problem] = [p for p in failure.value.problems if p.field == "quotes[0].speaker"]
    assert (problem.code, problem.line, problem.message) == (
        "not-a-name",
        32,
        "'harbourton' is 'HARBOURTON' in the registry, the place in the article's dateline, not a person or organisation; "
        "did you mean 'Dana Okafor-Reyes' or 'Imran Castell', named beside it in the text?",
    )


def test_a_published_sheet_warns_for_each_link_without_an_archived_copy(content_with: Callable[..., Path]) -> None:
    corpus = pipeline.check(content_with(FIXTURES / "archive" / "2022-02-15-archived.yml"))
    fix = (
        "has no archived copy, and readers lose the evidence if the link dies; save the page to an archive "
        "(such as web.archive.org) and add archive: {url: ..., accessed: YYYY-MM-DD} [not-archived]"
    )
    assert [p.format().splitlines()[0] for p in corpus.warnings] == [
        f"content/articles/2022-02-15-archived.yml:59:10: sources[2].url: warning: {fix}",
        f"content/articles/2022-02-15-archived.yml:65:10: sources[3].url: warning: {fix}",
    ]


def test_a_draft_is_not_warned_for_links_without_an_archived_copy(content_with: Callable[..., Path], tmp_path: Path) -> None:
    draft = tmp_path / "2022-02-15-archived.yml"
    text = (FIXTURES / "archive" / "2022-02-15-archived.yml").read_text(encoding="utf-8")
    draft.write_text(text.replace("status: published", "status: draft", 1), encoding="utf-8")
    assert pipeline.check(content_with(draft)).warnings == ()
