"""Share images: a PNG card for each published sheet, shown where a link to it is shared (``og:image``).

A card is 1200 by 630 pixels, the size social sites show large: the site's
name, the sheet's title, and how many of its claims have each rating, each
with the rating's marker, so the card never depends on colour. It is drawn
with Pillow, in DejaVu Sans (the chart's font, which ships with matplotlib),
with no network, in one ink on white, so the same sheet gives the same bytes
on every machine.

Pillow lays text out left to right, glyph by glyph. A sheet whose text the
font cannot draw as it is read (see :func:`generator.render.chart.drawable`)
gets no card rather than one with boxes or reversed letters; its page then
has the text-only card metadata.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import PIL
from matplotlib.font_manager import FontProperties, findfont
from PIL import Image, ImageDraw, ImageFont

from generator.model import Rating
from generator.render.chart import drawable

#: The card's size in pixels: what Open Graph and X (Twitter) show as a large image.
SIZE = (1200, 630)
_MARGIN = 64
_INK = (0x1F, 0x4E, 0x79)
#: The card is drawn as a grey-level mask (255 is full ink), then given a palette running from white to the ink:
#: a quarter of the bytes of an RGB image, and the anti-aliased edges keep their shades.
_PALETTE = [round(255 + (c - 255) * level / 255) for level in range(256) for c in _INK]
_FAINT = 160
#: Title sizes tried in turn, largest first, until the title fits in :data:`_TITLE_LINES` lines.
_TITLE_SIZES = (64, 56, 48)
_TITLE_LINES = 4
_SMALL = 34


@dataclass(frozen=True)
class Card:
    """What a sheet's card says."""

    site: str
    title: str
    ratings: tuple[tuple[Rating, int], ...]

    @property
    def verdicts(self) -> str:
        """The rating line: each rating's marker, label and count, in the scale's order."""
        return "   ".join(f"{rating.marker} {rating.label}: {count}" for rating, count in self.ratings)

    @property
    def alt(self) -> str:
        """The card as text, for ``og:image:alt``."""
        rated = ", ".join(f"{rating.label} {count}" for rating, count in self.ratings)
        return f"Fact sheet from {self.site}: {self.title}." + (f" Claims rated {rated}." if rated else "")

    def can_draw(self) -> bool:
        """Whether the font draws every line as it is read."""
        return drawable(self.site) and drawable(self.title, bold=True) and drawable(self.verdicts)


@functools.cache
def _font_file(bold: bool) -> str:
    return findfont(FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal"), fallback_to_default=False)


@functools.cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(bold), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words; a word wider than a line is broken inside."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while draw.textlength(word, font=font) > width:
            cut = max(1, next(i for i in range(len(word), 0, -1) if draw.textlength(word[:i], font=font) <= width))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        joined = f"{line} {word}" if line else word
        if line and draw.textlength(joined, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


def _shorten(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``line`` cut at a word so that it ends in an ellipsis within ``width``."""
    words = line.split()
    while words and draw.textlength(" ".join(words) + " …", font=font) > width:
        words.pop()
    return " ".join(words) + " …"


def _title_lines(draw: ImageDraw.ImageDraw, title: str, width: float) -> tuple[list[str], ImageFont.FreeTypeFont]:
    for size in _TITLE_SIZES:
        font = _font(size, bold=True)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= _TITLE_LINES:
            return lines, font
    kept = lines[:_TITLE_LINES]
    kept[-1] = _shorten(draw, " ".join(lines[_TITLE_LINES - 1 :]), font, width)
    return kept, font


def draw(card: Card) -> bytes:
    """The card as PNG bytes. The caller checks :meth:`Card.can_draw` first."""
    mask = Image.new("L", SIZE, 0)
    pen = ImageDraw.Draw(mask)
    width = SIZE[0] - 2 * _MARGIN
    pen.rectangle((0, 0, SIZE[0], 16), fill=255)
    small = _font(_SMALL)
    head = f"{card.site} · Fact sheet"
    if pen.textlength(head, font=small) > width:
        head = _shorten(pen, head, small, width)
    pen.text((_MARGIN, 56), head, font=small, fill=_FAINT)
    lines, font = _title_lines(pen, card.title, width)
    step = round(font.size * 1.22)
    for number, line in enumerate(lines):
        pen.text((_MARGIN, 140 + number * step), line, font=font, fill=255)
    if card.ratings:
        verdicts = card.verdicts
        if pen.textlength(verdicts, font=small) > width:
            verdicts = _shorten(pen, verdicts, small, width)
        pen.text((_MARGIN, SIZE[1] - _MARGIN - _SMALL), verdicts, font=small, fill=255)
    image = Image.frombytes("P", SIZE, mask.tobytes())
    image.putpalette(_PALETTE)
    out = io.BytesIO()
    # Level 3 writes the file in under half the time of the default 6, for a fifth more bytes (about 26 kB).
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


@functools.cache
def _version() -> str:
    """What the drawing depends on besides the card: this module, Pillow, and the font files."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(PIL.__version__.encode())
    for bold in (False, True):
        h.update(Path(_font_file(bold)).read_bytes())
    return h.hexdigest()


def key(card: Card) -> str:
    """Everything :func:`draw` makes of ``card``, as text: two cards with the same key are drawn the same."""
    ratings = [(rating.marker, rating.label, count) for rating, count in card.ratings]
    return json.dumps(["share", _version(), card.site, card.title, ratings], ensure_ascii=False)


def card_for(site: str, title: str, ratings: Sequence[tuple[Rating, int]]) -> Card | None:
    """The card of a sheet, or None if the font cannot draw it."""
    card = Card(unicodedata.normalize("NFC", site), unicodedata.normalize("NFC", title), tuple(ratings))
    return card if card.can_draw() else None
