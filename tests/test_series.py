"""Tracked figures: the series registry, the series page and its chart, over the real sheet and two fixture sheets."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, REAL_SLUG, TEMPLATES, TESTS, compare_golden
from generator import pipeline
from generator.errors import ValidationFailed
from generator.render import chart

SERIES = "russian-troops-near-ukraine-border"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def three_sheets(content_with: Callable[..., Path]) -> Path:
    """The real sheet and the two fixture sheets that carry other estimates of the same series, with their texts."""
    real = [CONTENT / "articles" / f"{REAL_SLUG}{suffix}" for suffix in (".yml", ".txt")]
    return content_with(*real, *sorted((FIXTURES / "series").iterdir()))


@pytest.fixture
def pages(content_with: Callable[..., Path]) -> dict[str, str]:
    return pipeline.render_pages(three_sheets(content_with), [TEMPLATES])


def test_series_page_lists_every_estimate_newest_first(pages: dict[str, str], update_goldens: bool) -> None:
    compare_golden(TESTS / "golden" / "series.md", pages[f"series/{SERIES}.md"], update_goldens)


def test_series_index_gives_the_latest_value(pages: dict[str, str]) -> None:
    assert (
        "| [Russian troops near Ukraine's borders](russian-troops-near-ukraine-border.md) | troops | 3 "
        "| 169,000 to 190,000 (18 February 2022) |"
    ) in pages["series/index.md"]


def test_each_sheet_links_its_figure_to_the_series(pages: dict[str, str]) -> None:
    for slug in (REAL_SLUG, "2022-01-20-nato-troop-estimate", "2022-02-18-us-range-estimate"):
        assert f"Tracked in [Russian troops near Ukraine's borders](../series/{SERIES}.md)." in pages[f"sheets/{slug}.md"]


def chart_tree(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_chart_draws_each_form_of_value(pages: dict[str, str]) -> None:
    root = chart_tree(pages[f"series/{SERIES}.svg"])
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id") in ("exact", "approx", "range")}
    assert set(groups) == {"approx", "range"}, "no exact figure in these sheets, so no exact marks"
    # One marker (a <use> of the dot) per approximate figure: 100,000 and 130,000.
    assert len(list(groups["approx"].iter(f"{SVG}use"))) == 2
    # The one range, drawn as one bar.
    assert len(list(groups["range"].iter(f"{SVG}path"))) == 1


def test_chart_is_inert_and_self_contained(pages: dict[str, str]) -> None:
    root = chart_tree(pages[f"series/{SERIES}.svg"])
    names = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert names.isdisjoint({"script", "foreignObject", "text", "a", "image", "iframe"}), "text is drawn as outlines"
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.tag
        link = element.get(XLINK) or element.get("href")
        assert link is None or link.startswith("#"), link


def test_chart_is_deterministic(content_with: Callable[..., Path]) -> None:
    content = three_sheets(content_with)
    first = pipeline.render_pages(content, [TEMPLATES])[f"series/{SERIES}.svg"]
    assert pipeline.render_pages(content, [TEMPLATES])[f"series/{SERIES}.svg"] == first


def test_real_content_tracks_the_130000(tmp_path: Path) -> None:
    corpus = pipeline.check(CONTENT)
    [point] = corpus.points(SERIES)
    assert (point.sheet.slug, point.figure.value.approx, point.figure.unit) == (REAL_SLUG, 130000, "troops")
    svg = chart.series_svg(corpus.series[SERIES], [point])
    assert len(list(chart_tree(svg).iter(f"{SVG}use"))) >= 1


@pytest.mark.parametrize(
    ("unit", "drawn"),
    [
        ("troops", True),
        ("km²", True),
        ("°C", True),
        ("万人", False),
        ("兵士", False),
        ("군인", False),
        ("جندي", False),
        ("חיילים", False),
    ],
)
def test_a_unit_the_font_cannot_draw_is_left_off_the_chart_rather_than_drawn_as_boxes(unit: str, drawn: bool) -> None:
    corpus = pipeline.check(CONTENT)
    [point] = corpus.points(SERIES)
    series = corpus.series[SERIES].model_copy(update={"unit": unit})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of each glyph missing from the font
        svg = chart.series_svg(series, [point])
    assert (f"<!-- {unit} -->" in svg) is drawn
    assert len(list(chart_tree(svg).iter(f"{SVG}use"))) >= 1


def test_series_registry_mistakes_get_exact_messages(tmp_path: Path, content_with: Callable[..., Path]) -> None:
    content = content_with()
    (content / "series.yml").write_text(
        "series:\n"
        "  - {id: troops, title: Troops, unit: troops, description: Troops.}\n"
        "  - {id: troops, title: Again, unit: troops, description: Twice.}\n"
        "  - {id: index, title: Index, unit: troops, description: The index page's name.}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert failure.value.report().splitlines()[::3] == [
        "content/series.yml:3:10: series[1].id: series id 'troops' is already used at line 2; ids must be unique [duplicate-id]",
        "content/series.yml:4:10: series[2].id: 'index' is reserved for a generated page; choose another id [invalid-id]",
        "2 errors in 1 file.",
    ]


def test_an_invalid_series_registry_is_reported_once(content_with: Callable[..., Path]) -> None:
    content = three_sheets(content_with)
    (content / "series.yml").write_text("series:\n  - {id: troops, title: Troops}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert [(p.file, p.code) for p in failure.value.problems] == [
        ("content/series.yml", "missing-field"),
        ("content/series.yml", "missing-field"),
    ]


@pytest.mark.parametrize(
    ("name", "text"), [("series.yml", "series:\n  - {id: x, title: [unclosed\n"), ("ratings.yml", "ratings: [\n")]
)
def test_a_registry_that_does_not_parse_is_reported_once(content_with: Callable[..., Path], name: str, text: str) -> None:
    content = three_sheets(content_with)
    (content / name).write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert [(p.file, p.code) for p in failure.value.problems] == [(f"content/{name}", "yaml-syntax")]
