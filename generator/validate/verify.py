"""Verification: a sidecar read against the article text committed beside it.

Every quote must appear in the text, and every figure's sentence too, with the
figure's value in that sentence. Typographic and straight quote marks are the
same here, and so is any run of whitespace or line breaks; an ellipsis in a
quote may join two exact fragments. Anything else is a mismatch, reported at
the sidecar's line with the nearest passage of the text to compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.load import Path_
from generator.model import Figure, Quantity, Quote
from generator.numbers import mentions_value
from generator.text import (
    contains_passage,
    contains_quote,
    first_difference,
    mentions_words,
    nearest_passage,
    normalise,
)


@dataclass(frozen=True)
class Mismatch:
    """A field of the sidecar that its article text does not bear out."""

    path: Path_
    code: str
    message: str


def verify(quotes: Iterable[tuple[int, Quote]], figures: Iterable[tuple[int, Figure]], text: str) -> Iterator[Mismatch]:
    """Check quotes and figures, each with its index in the sidecar, against the article ``text``."""
    for i, quote in quotes:
        if not contains_quote(text, quote.text):
            yield Mismatch(("quotes", i, "text"), "quote-not-in-text", _not_found("quote", text, quote.text))
    for i, figure in figures:
        if not contains_passage(text, figure.sentence):
            yield Mismatch(("figures", i, "sentence"), "sentence-not-in-text", _not_found("sentence", text, figure.sentence))
        elif not _mentions(figure.sentence, figure.value):
            yield Mismatch(
                ("figures", i, "value"),
                "value-not-in-sentence",
                f"the sentence does not mention {_spoken(figure.value)}: “{normalise(figure.sentence)}”. "
                "Give the value the sentence states, or the sentence that states it",
            )


def _not_found(what: str, text: str, passage: str) -> str:
    nearest = nearest_passage(text, passage)
    difference = first_difference(passage, nearest)
    detail = f" ({difference})" if difference else ""
    how = (
        "copy the words exactly; an ellipsis (…) may join two exact fragments" if what == "quote" else "copy the sentence exactly"
    )
    return f"this {what} is not in the article text{detail}; the nearest passage is “{nearest}”; {how}"


def _mentions(sentence: str, value: Quantity) -> bool:
    if value.vague is not None:
        return mentions_words(sentence, value.vague)
    return all(mentions_value(sentence, v) for v in value.numbers)


def _spoken(value: Quantity) -> str:
    if value.vague is not None:
        return f"'{value.vague}'"
    return " to ".join(f"{n:f}" for n in value.numbers)
