"""Verification against the article text: quotes, figure sentences and values, with exact messages."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG
from generator import pipeline
from generator.errors import ValidationFailed
from generator.numbers import mentions_value
from generator.text import contains_quote, mentions_words, nearest_passage

SIDECAR = CONTENT / "articles" / f"{REAL_SLUG}.yml"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the real content with one edit to the real sidecar."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "articles" / f"{REAL_SLUG}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return content


def report(content: Path) -> str:
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    return failure.value.report()


def test_a_quote_altered_by_one_word_is_caught_at_its_line(tmp_path: Path) -> None:
    content = edited(tmp_path, "One should maintain an air", "One should keep an air")
    assert report(content) == (
        f"content/articles/{REAL_SLUG}.yml:102:11: quotes[0].text: this quote is not in the article text "
        "(the sidecar has 'keep' where the text has 'maintain'); the nearest passage is "
        '“"One should maintain an air of cautious scepticism,"”; copy the words exactly; '
        "an ellipsis (…) may join two exact fragments [quote-not-in-text]\n"
        "  102 |     text: One should keep an air of cautious scepticism\n"
        "      |           ^\n"
        "1 error in 1 file."
    )


def test_a_quote_in_decomposed_form_matches_the_text_in_composed_form(tmp_path: Path) -> None:
    # "scepticism" with a combining accent would be a different word: NFC makes both sides the same.
    text_path = CONTENT / "articles" / f"{REAL_SLUG}.txt"
    content = edited(tmp_path, "One should maintain an air", "One should maintain an aire\u0301")
    article = content / "articles" / f"{REAL_SLUG}.txt"
    body = text_path.read_text(encoding="utf-8").replace("maintain an air", "maintain an air\u00e9")
    article.write_text(body, encoding="utf-8")
    pipeline.check(content)


def test_a_look_alike_character_in_a_quote_is_named(tmp_path: Path) -> None:
    content = edited(tmp_path, "One should maintain an air", "One should maintain an \u0430ir")
    assert report(content).splitlines()[0] == (
        f"content/articles/{REAL_SLUG}.yml:102:11: quotes[0].text: this quote is not in the article text "
        "(the sidecar has '\u0430ir' where the text has 'air', which differ at character 1: U+0430 (CYRILLIC SMALL LETTER A) "
        "in the sidecar, U+0061 (LATIN SMALL LETTER A) in the text); the nearest passage is "
        '“"One should maintain an air of cautious scepticism,"”; copy the words exactly; '
        "an ellipsis (…) may join two exact fragments [quote-not-in-text]"
    )


def test_a_figure_sentence_not_in_the_text_is_caught(tmp_path: Path) -> None:
    content = edited(tmp_path, "130,000 Russian troops to the north", "130,000 Russian soldiers to the north")
    first = report(content).splitlines()[0]
    assert first.startswith(
        f"content/articles/{REAL_SLUG}.yml:30:15: figures[0].sentence: this sentence is not in the article text "
        "(the sidecar has 'soldiers' where the text has 'troops'); the nearest passage is “Russia did not say"
    )
    assert first.endswith("; copy the sentence exactly [sentence-not-in-text]")


def test_a_figure_value_missing_from_its_sentence_is_caught(tmp_path: Path) -> None:
    content = edited(tmp_path, "value: {approx: 130000}", "value: {approx: 13000}")
    assert report(content).splitlines()[0] == (
        f"content/articles/{REAL_SLUG}.yml:25:12: figures[0].value: the sentence does not mention 13000: "
        "“Russia did not say how many units were being withdrawn, and how far, after a build-up of some 130,000 Russian "
        "troops to the north, east and south of Ukraine that has triggered one of the worst crises in relations with the "
        "West since the Cold War.”. Give the value the sentence states, or the sentence that states it [value-not-in-sentence]"
    )


def test_an_ellipsis_joins_two_exact_fragments_in_order(tmp_path: Path) -> None:
    content = edited(
        tmp_path,
        "One should maintain an air of cautious scepticism",
        "One should maintain … cautious scepticism",
    )
    pipeline.check(content)
    backwards = edited(tmp_path / "b", "One should maintain an air of cautious scepticism", "cautious scepticism … One should")
    assert "[quote-not-in-text]" in report(backwards)


@pytest.mark.parametrize(
    ("text", "quote", "found"),
    [
        ("“One,” said X.", '"One,"', True),
        ("He said ‘no’ twice", "He said 'no' twice", True),
        ("across a\n  line   break", "across a line break", True),
        ("first part, then the second part", "first part … second part", True),
        ("first part, then the second part", "first part [...] second part", True),
        ("first part, then the second part", "second part … first part", False),
        ("one word changed", "one term changed", False),
        ("text", "…", False),
    ],
)
def test_quote_matching(text: str, quote: str, found: bool) -> None:
    assert contains_quote(text, quote) is found


@pytest.mark.parametrize(
    ("sentence", "value", "found"),
    [
        ("some 130,000 troops", Decimal(130000), True),
        ("2.5 million people", Decimal(2500000), True),
        ("2.5 million people", Decimal("2.5"), True),
        ("a $3bn deal", Decimal(3000000000), True),
        ("45% of voters", Decimal(45), True),
        ("12 per cent", Decimal(12), True),
        ("between 20 and 30 tanks", Decimal(20), True),
        ("some 130,000 troops", Decimal(13000), False),
        ("in 2022", Decimal(22), False),
    ],
)
def test_value_matching(sentence: str, value: Decimal, found: bool) -> None:
    assert mentions_value(sentence, value) is found


def test_vague_values_match_as_whole_words() -> None:
    assert mentions_words("it would take several days", "several")
    assert not mentions_words("it would take severally", "several")


def test_nearest_passage_finds_the_closest_stretch() -> None:
    text = (CONTENT / "articles" / f"{REAL_SLUG}.txt").read_text(encoding="utf-8")
    assert nearest_passage(text, "we will believe in de-escalation") == 'we will believe in a de-escalation,"'
