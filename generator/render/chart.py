"""Charts of tracked figures: static SVG drawn at build time with matplotlib.

The SVG needs no script, font or network to display. Text is drawn as glyph
outlines (``svg.fonttype: path``), so no sidecar text becomes markup: it
reaches the file only in the XML comments matplotlib writes beside each
label, escaped by its XML writer. Math parsing is off, so a ``$`` in a unit
is just a dollar sign. Each value keeps its form: exact values are filled
dots, approximate ones are hollow dots, and ranges are bars from the low to
the high end.

The one font is DejaVu Sans, which ships with matplotlib, so every machine
draws the same file. A unit it cannot draw as it is read (a script it has no
glyphs for, such as Chinese or Japanese, which would come out as empty boxes,
or one matplotlib cannot lay out: right to left, or with combining marks) is
left off the chart; the page gives the unit in its text.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import matplotlib
import matplotlib.style
import numpy as np
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ticker import FuncFormatter

from generator.model import DataPoint, Series

_STYLE: Any = {
    "svg.fonttype": "path",
    "svg.hashsalt": "factsheet",  # stable element ids, so the same data gives the same file
    "text.parse_math": False,
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 10,
}
_INK = "#1f4e79"
#: How each form of value is drawn: a filled dot for exact, a hollow one for approximate, a triangle pointing
#: the way a bound leaves open ("at least", "more than" up; "up to", "less than" down).
_MARKERS = (
    (("exact",), "Exact", _INK, "o"),
    (("approx",), "Approximate", "white", "o"),
    (("at-least", "above"), "At least or more than", "white", "^"),
    (("at-most", "below"), "Up to or less than", "white", "v"),
)


#: Unicode categories matplotlib cannot lay out: combining marks, and format, control, private and unassigned code points.
_UNDRAWABLE = {"Mn", "Mc", "Me", "Cf", "Cc", "Co", "Cs", "Cn"}


@functools.cache
def _glyphs(weight: str) -> Any:
    return get_font(findfont(FontProperties(family=_STYLE["font.family"], weight=weight), fallback_to_default=False))


def drawable(text: str, *, bold: bool = False) -> bool:
    """Whether the chart's font draws ``text`` as it is read: a glyph for every character, left to right, nothing to combine.

    With ``bold``, in its bold face, which has a few glyphs fewer.
    """
    text = unicodedata.normalize("NFC", text)
    glyphs = _glyphs("bold" if bold else "normal")
    return all(
        unicodedata.category(c) not in _UNDRAWABLE
        and unicodedata.bidirectional(c) not in ("R", "AL", "AN", "RLE", "RLO", "RLI")
        and glyphs.get_char_index(ord(c)) != 0
        for c in text
    )


def _label(value: float, _position: float) -> str:
    # 12 significant digits: enough for any tick, and no binary noise such as 1.2000000000000002.
    return f"{Decimal(f'{float(value):.12g}').normalize():,f}"


def _days(points: Sequence[DataPoint]) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array([p.date for p in points], dtype="datetime64[D]")


def _frame(axes: Any, points: Sequence[DataPoint]) -> None:
    """Room around the values: a few days either side of the dates, and a tenth above the highest value.

    The value axis starts at zero when nothing is negative, so a bar's height is
    comparable with another's.
    """
    first, last = min(p.date for p in points), max(p.date for p in points)
    pad = max((last - first) * 0.08, timedelta(days=10))
    axes.set_xlim(np.datetime64(first - pad, "D"), np.datetime64(last + pad, "D"))
    low, high = float(min(p.low for p in points)), float(max(p.high for p in points))
    room = (high - min(low, 0)) * 0.12 or 1.0
    axes.set_ylim(0 if low >= 0 else low - room, high + room if high > 0 else room)


def series_svg(series: Series, points: Sequence[DataPoint]) -> str:
    """The chart of ``points`` (oldest first) as an SVG document."""
    # From matplotlib's defaults, not the machine's matplotlibrc, so every machine draws the same file.
    with matplotlib.style.context(["default", _STYLE]):
        figure = Figure(figsize=(8, 3.6), layout="constrained")
        axes = figure.subplots()
        for kinds, label, face, marker in _MARKERS:
            chosen = [p for p in points if p.figure.value.kind in kinds]
            if chosen:
                axes.plot(
                    _days(chosen),
                    [float(p.low) for p in chosen],
                    linestyle="none",
                    marker=marker,
                    markersize=8,
                    markeredgewidth=2,
                    markeredgecolor=_INK,
                    markerfacecolor=face,
                    label=label,
                    gid=kinds[0],
                )
        ranges = [p for p in points if p.figure.value.kind == "range"]
        if ranges:
            axes.vlines(
                _days(ranges),
                [float(p.low) for p in ranges],
                [float(p.high) for p in ranges],
                colors=_INK,
                linewidth=6,
                label="Range (low to high)",
                gid="range",
            )
        if drawable(series.unit):
            axes.set_ylabel(unicodedata.normalize("NFC", series.unit))
        locator = AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        if points:
            _frame(axes, points)
        axes.yaxis.set_major_formatter(FuncFormatter(_label))
        axes.grid(axis="y", color="#d0d7de")
        axes.spines[["top", "right"]].set_visible(False)
        if points:
            axes.legend(loc="lower right", frameon=False)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
