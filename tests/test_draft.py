"""``factsheet draft`` and ``factsheet new``: what they find, what they write, and what they refuse."""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, ROOT
from generator import cli, pipeline
from generator.draft import draft, find_figures, find_quotes, parse_who, strip_furniture
from generator.errors import ValidationFailed
from generator.text import normalise

sys.path.insert(0, str(ROOT / "scripts"))
import measure_draft

TEXT = CONTENT / "articles" / f"{REAL_SLUG}.txt"


@pytest.fixture(scope="module")
def real_draft():  # type: ignore[no-untyped-def]
    return draft(TEXT.read_text(encoding="utf-8"), pipeline.check(CONTENT).entities)


def test_the_real_article_gives_every_quote_with_its_speaker(real_draft) -> None:  # type: ignore[no-untyped-def]
    sidecar = pipeline.check(CONTENT).sheets[0].sidecar
    found = [(normalise(q.text), q.speaker.name if q.speaker else None) for q in real_draft.quotes]
    names = {e.id: e.name for e in pipeline.check(CONTENT).entities.values()}
    assert found == [(normalise(q.text), names[str(q.speaker)]) for q in sidecar.quotes]
    kuleba = real_draft.quotes[-1]
    assert kuleba.via == "Interfax Ukraine" and kuleba.speaker.role == "Foreign Minister"
    assert real_draft.quotes[4].context == "told reporters"


def test_the_real_article_gives_the_130000_figure_as_approximate(real_draft) -> None:  # type: ignore[no-untyped-def]
    [troops] = [f for f in real_draft.figures if "130,000" in f.as_written]
    assert troops.value == {"approx": "130000"} and troops.as_written == "some 130,000"
    assert troops.sentence.startswith("Russia did not say how many units were being withdrawn")
    assert {"vague": "several"} in [f.value for f in real_draft.figures]


def test_the_real_article_furniture_is_stripped_and_reported(real_draft) -> None:  # type: ignore[no-untyped-def]
    assert real_draft.stripped[0].startswith("READ MORE:")
    assert real_draft.stripped[1] == "More Stories"
    assert not any("More Stories" in p or "READ MORE" in p for p in real_draft.paragraphs)
    assert len(real_draft.stripped) == 5


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (['"It will rain," said Jane Doe.'], [("It will rain", "Jane Doe")]),
        (['Jane Doe said: "It will rain."'], [("It will rain.", "Jane Doe")]),
        (["“It will rain,” Jane Doe said."], [("It will rain", "Jane Doe")]),
        (
            ["Jane Doe, a forecaster, spoke first.", "“It will rain. Take a coat.", "“And boots too,” she said."],
            [("It will rain. Take a coat.", "Jane Doe"), ("And boots too", "Jane Doe")],
        ),
        (['"It will rain on the coast," the Daily Post quoted him as saying.', ""], [("It will rain on the coast", None)]),
        (["The ‘lifeline’ route closed."], []),
    ],
)
def test_quote_patterns(paragraphs: list[str], expected: list[tuple[str, str | None]]) -> None:
    found = find_quotes([p for p in paragraphs if p])
    assert [(q.text, q.speaker.name if q.speaker else None) for q in found] == expected


def test_a_relayed_quote_names_the_outlet() -> None:
    [quote] = find_quotes(
        ["Ana Lima, the captain, spoke after the match.", '"We will win this," the Daily Post quoted her as saying.']
    )
    assert (quote.speaker.name if quote.speaker else None, quote.via) == ("Ana Lima", "the Daily Post")


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("It cost $3bn last year.", {"exact": "3000000000"}, "US dollars"),
        ("Some 2.5 million people voted.", {"approx": "2500000"}, "people"),
        ("A third of households pay.", {"vague": "A third"}, "households"),
        ("Support rose to 45% in May.", {"exact": "45"}, "percent"),
        ("Turnout fell 12 per cent overall.", {"exact": "12"}, "percent"),
        ("It takes between 20 and 30 days.", {"min": "20", "max": "30"}, "days"),
        ("Repairs take 2-3 weeks.", {"min": "2", "max": "3"}, "weeks"),
        ("It would take several days.", {"vague": "several"}, "days"),
    ],
)
def test_figure_forms(sentence: str, value: dict[str, str], unit: str) -> None:
    [figure] = find_figures([sentence])
    assert (figure.value, figure.unit) == (value, unit)


def test_years_times_and_dates_are_not_figures() -> None:
    assert find_figures(["In 2022, at 5:47 pm on 3 March, one of them left."]) == []


@pytest.mark.parametrize(
    ("phrase", "name", "role", "organisation"),
    [
        ("NATO Secretary-General Jens Stoltenberg", "Jens Stoltenberg", "Secretary-General", "NATO"),
        (
            "Henry Boyd of the International Institute for Strategic Studies in London",
            "Henry Boyd",
            None,
            "International Institute for Strategic Studies",
        ),
        ("Konrad Muzyka, director of the Poland-based Rochan consultancy", "Konrad Muzyka", "director", "Rochan consultancy"),
        ("Ukraine’s Foreign Minister Dmytro Kuleba", "Dmytro Kuleba", "Foreign Minister", "Ukraine"),
        ("Spain's agriculture minister, Luis Ortega Salvat", "Luis Ortega Salvat", "agriculture minister", "Spain"),
        (
            "Dr Samuel Okello, director of the Centre for Rural Health Research",
            "Samuel Okello",
            "director",
            "Centre for Rural Health Research",
        ),
    ],
)
def test_attribution_phrases(phrase: str, name: str, role: str | None, organisation: str | None) -> None:
    person = parse_who(phrase)
    assert person is not None
    assert (person.name, person.role, person.organisation) == (name, role, organisation)


def test_furniture_blocks_and_lines() -> None:
    kept, stripped = strip_furniture("Body one.\nShare this article\nREAD MORE: Other\nBody two.\nRelated Topics\nA\nB\n")
    assert kept == ["Body one.", "Body two."]
    assert stripped == ["Share this article", "READ MORE: Other", "Related Topics", "A", "B"]


def content_without_sidecar(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / f"{REAL_SLUG}.yml").unlink()
    return content


def test_the_draft_passes_check_apart_from_what_is_left_to_fill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = content_without_sidecar(tmp_path)
    article = content / "articles" / f"{REAL_SLUG}.txt"
    code = cli.main(["--content", str(content), "draft", str(article), "--published", "2022-02-15"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "found 3 figures, 6 quotes, 7 claims"
    assert f"wrote {article.with_suffix('.yml')}; fill in every TODO, then run factsheet check" in out
    # A draft may hold TODO: each is a warning until the sheet is published, and nothing else is wrong.
    warnings = pipeline.check(content).warnings
    assert {(p.code, p.severity) for p in warnings} == {("to-fill", "warning")}
    fields = [p.field for p in warnings]
    assert {"title", "summary", "article.headline", "figures[0].label", "claims[0].rating", "claims[0].rationale"} <= set(fields)


def test_draft_and_new_never_replace_a_file_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    before = sidecar.read_bytes()
    assert cli.main(["--content", str(content), "draft", str(content / "articles" / f"{REAL_SLUG}.txt")]) == 1
    assert cli.main(["--content", str(content), "new", REAL_SLUG]) == 1
    err = capsys.readouterr().err
    assert err.count(f"{sidecar} already exists; edit it, or add --force to replace it") == 2
    assert sidecar.read_bytes() == before
    assert cli.main(["--content", str(content), "new", REAL_SLUG, "--force"]) == 0
    assert sidecar.read_bytes() != before


def test_draft_refuses_to_write_through_a_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = content_without_sidecar(tmp_path)
    target = tmp_path / "elsewhere.yml"
    (content / "articles" / f"{REAL_SLUG}.yml").symlink_to(target)
    code = cli.main(["--content", str(content), "draft", str(content / "articles" / f"{REAL_SLUG}.txt"), "--force"])
    assert code == 1
    assert "is a symbolic link; refusing to write through it" in capsys.readouterr().err
    assert not target.exists()


def test_new_writes_a_commented_sheet_that_lists_what_to_fill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    assert cli.main(["--content", str(content), "new", "2024-05-01-bridge"]) == 0
    text = (content / "articles" / "2024-05-01-bridge.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/sidecar.schema.json\n")
    assert "status: draft  # Only published sheets appear on the site" in text
    capsys.readouterr()
    assert cli.main(["--content", str(content), "check"]) == 0
    out = capsys.readouterr().out
    assert re.findall(r"2024-05-01-bridge.yml:\d+:\d+: ([\w.]+): warning: still TODO", out) == [
        "title",
        "article.headline",
        "article.published",
        "summary",
    ]
    assert "\n4 warnings in 1 file.\nok: 2 sidecars (1 still to fill in), 12 entities" in out
    # Once it is published, every TODO is an error.
    sidecar = content / "articles" / "2024-05-01-bridge.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    assert cli.main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        "2024-05-01-bridge.yml:5:8: title: still TODO, and the sheet is published; write what the article says, or set status back to draft [to-fill]"
        in err
    )
    assert err.endswith("4 errors in 1 file.\n")


def test_new_refuses_a_bad_slug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--content", str(tmp_path), "new", "Index"]) == 1
    assert capsys.readouterr().err.startswith("Index.yml: file name is not a valid slug")


def test_recall_table_in_the_docs_is_current() -> None:
    docs = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert measure_draft.measure() in docs


def test_draft_keeps_decimal_values_exact() -> None:
    [figure] = find_figures(["The fund holds 1.4 billion euro."])
    assert Decimal(figure.value["exact"]) == Decimal("1400000000")


def test_a_markdown_article_is_read_as_its_text() -> None:
    source = '# Headline\n\n"It will rain on the coast," said **Jane Doe**, a [forecaster](https://example.com).\n\n- Share this article\n'
    result = draft(source, {}, markdown=True)
    assert result.paragraphs == ["Headline", '"It will rain on the coast," said Jane Doe, a forecaster.']
    assert [(q.text, q.speaker.name if q.speaker else None) for q in result.quotes] == [("It will rain on the coast", "Jane Doe")]
    assert result.stripped == ["Share this article"]


def test_a_sheet_drafted_from_markdown_passes_its_own_verification(tmp_path: Path) -> None:
    content = content_without_sidecar(tmp_path)
    (content / "articles" / f"{REAL_SLUG}.txt").unlink()
    article = content / "articles" / "2024-05-01-bridge.md"
    article.write_text(
        "# Bridge\n\n“We will *not* back down on the [bridge](https://example.com) plan,” said Jane Doe, a councillor.\n\n"
        "Repairs will cost some 1,200 pounds.\n",
        encoding="utf-8",
    )
    pipeline.draft_sidecar(article, content, published=None)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert {p.code for p in failure.value.problems} <= {"to-fill", "unknown-entity"}


@pytest.mark.parametrize(
    "text", ["", "“", '"""', "Prices rose sharply, according to  .", "“Unclosed quote said X", "1 2 3 " * 50]
)
def test_odd_text_gives_a_draft_not_a_crash(text: str) -> None:
    from generator.draft import sidecar_text

    assert sidecar_text(draft(text, {})).startswith("# yaml-language-server:")


def test_draft_refuses_a_sidecar_name_check_would_reject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "Bad Name.txt"
    article.write_text("Text.\n", encoding="utf-8")
    assert cli.main(["--content", str(CONTENT), "draft", str(article)]) == 1
    assert "Bad Name.yml: file name is not a valid slug" in capsys.readouterr().err
    assert not (tmp_path / "Bad Name.yml").exists()
