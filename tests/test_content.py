"""The showcase sheet is faithful to its article: quotes and sentences appear verbatim."""

from __future__ import annotations

import hashlib

import pytest

from conftest import CONTENT, REAL_SLUG
from generator import pipeline
from generator.render import format_quantity
from generator.text import normalise


@pytest.fixture(scope="module")
def sheet_and_text():  # type: ignore[no-untyped-def]
    corpus = pipeline.check(CONTENT)
    [sheet] = [s for s in corpus.sheets if s.slug == REAL_SLUG]
    assert sheet.text is not None
    return sheet.sidecar, normalise(sheet.text.body)


def test_article_text_is_a_faithful_copy() -> None:
    data = (CONTENT / "articles" / f"{REAL_SLUG}.txt").read_bytes()
    # The SHA-256 of the article as it was handed to the project, unedited.
    assert hashlib.sha256(data).hexdigest() == "957e6fc8c5821afe9f7777ccf5dfd570f591b895bae88ce23f0792a597e08b3d"


def test_every_quote_appears_verbatim(sheet_and_text) -> None:  # type: ignore[no-untyped-def]
    sidecar, text = sheet_and_text
    assert len(sidecar.quotes) == 6
    for quote in sidecar.quotes:
        assert normalise(quote.text) in text, quote.id


def test_every_figure_sentence_appears_verbatim_with_its_value(sheet_and_text) -> None:  # type: ignore[no-untyped-def]
    sidecar, text = sheet_and_text
    for figure in sidecar.figures:
        sentence = normalise(figure.sentence)
        assert sentence in text, figure.id
        shown = format_quantity(figure.value).removeprefix("about ")
        assert shown in sentence, figure.id


def test_page_furniture_is_left_out(sheet_and_text) -> None:  # type: ignore[no-untyped-def]
    sidecar, _ = sheet_and_text
    dumped = repr(sidecar)
    for furniture in ("READ MORE", "Putin raged", "More Stories", "Al-Jusaiman", "Naveed Warsi", "Mitrović"):
        assert furniture not in dumped


def test_unknowns_stay_unknown(sheet_and_text) -> None:  # type: ignore[no-untyped-def]
    sidecar, _ = sheet_and_text
    assert sidecar.article.publisher is None
    assert sidecar.article.url is None
    assert sidecar.article.headline is None
    unnamed = [s.unnamed for s in sidecar.sources if s.unnamed is not None]
    assert "a private US company" in unnamed
