"""Share images: a PNG card for each published sheet, drawn without network, the same bytes every time."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from conftest import CONTENT, REAL_SLUG, TEMPLATES
from generator import cache, pipeline, publish
from generator.model import Rating
from generator.render import share
from generator.render.syndicate import Site

SITE = Site("https://example.org/desk/", "Example desk", "Example desk")
FALSE = Rating(id="false", label="False", marker="✗", description="Wrong.", score=1)
ACCURATE = Rating(id="accurate", label="Accurate", marker="✓", description="Right.", score=3)
IMAGE = f"sheets/{REAL_SLUG}.png"


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_card_is_a_png_of_the_share_size_and_the_same_every_time() -> None:
    card = share.card_for("Example desk", "Minister says 40,000 homes were built last year", [(ACCURATE, 2), (FALSE, 1)])
    assert card is not None
    data = share.draw(card)
    image = opened(data)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert share.draw(card) == data
    other = share.card_for("Example desk", "Minister says 40,000 homes were built this year", [(ACCURATE, 2), (FALSE, 1)])
    assert other is not None and share.draw(other) != data
    assert card.alt == (
        "Fact sheet from Example desk: Minister says 40,000 homes were built last year. Claims rated Accurate 2, False 1."
    )
    assert card.verdicts == "✓ Accurate: 2   ✗ False: 1"


def test_the_card_draws_the_title_in_ink_on_white() -> None:
    card = share.card_for("Desk", "A title", [])
    assert card is not None
    image = opened(share.draw(card)).convert("RGB")
    assert image.getpixel((600, 600)) == (255, 255, 255)
    assert image.getpixel((10, 5)) == (0x1F, 0x4E, 0x79), "the band along the top"
    colours = {colour for _count, colour in image.getcolors(maxcolors=256 * 256) or []}
    assert len(colours) > 10, "the letters' edges are anti-aliased"


def test_a_long_title_is_cut_with_an_ellipsis_within_four_lines() -> None:
    pen = ImageDraw.Draw(Image.new("L", share.SIZE))
    lines, font = share._title_lines(pen, " ".join(["Parliament"] * 60), 1072)
    assert len(lines) == 4 and lines[-1].endswith(" …") and font.size == 48
    assert all(pen.textlength(line, font=font) <= 1072 for line in lines)
    short, font = share._title_lines(pen, "Short title", 1072)
    assert short == ["Short title"] and font.size == 64


def test_a_word_wider_than_a_line_is_broken_inside_it() -> None:
    pen = ImageDraw.Draw(Image.new("L", share.SIZE))
    font = share._font(64, bold=True)
    lines = share._wrap(pen, "see " + "x" * 80 + " now", font, 1072)
    assert "".join(lines).replace(" ", "") == "see" + "x" * 80 + "now"
    assert len(lines) >= 3 and lines[0] == "see" and lines[-1].endswith("now")
    assert all(pen.textlength(line, font=font) <= 1072 for line in lines)


@pytest.mark.parametrize(
    ("site", "title", "ratings"),
    [
        ("Desk", "政府称去年新建住房四万套", []),  # no glyphs in DejaVu Sans
        ("Desk", "השר אומר", []),  # right to left
        ("Desk", "وزير يقول", []),
        ("Desk", "Minister q\u0301 says", []),  # a combining mark with no precomposed form
        ("報道", "Minister says", []),
        ("Desk", "Minister says", [(Rating(id="x", label="偽", marker="✗", description="Wrong."), 1)]),
    ],
)
def test_text_the_font_cannot_draw_as_read_gets_no_card(site: str, title: str, ratings: list[tuple[Rating, int]]) -> None:
    assert share.card_for(site, title, ratings) is None


def test_a_decomposed_accent_is_drawn_as_its_precomposed_letter() -> None:
    card = share.card_for("Desk", "Cafe\u0301 owners say rents rose", [])
    assert card is not None and card.title == "Café owners say rents rose"


def project(tmp_path: Path) -> tuple[Path, Path]:
    return shutil.copytree(CONTENT, tmp_path / "content"), shutil.copytree(TEMPLATES, tmp_path / "templates")


def test_with_a_site_each_published_sheet_has_its_image_and_names_it(tmp_path: Path) -> None:
    content, templates = project(tmp_path)
    pages = pipeline.render_pages(content, [templates], SITE)
    assert [path for path, page in pages.items() if isinstance(page, bytes)] == [IMAGE]
    assert opened(pages[IMAGE]).size == share.SIZE  # type: ignore[arg-type]
    sheet = pages[f"sheets/{REAL_SLUG}.md"]
    assert isinstance(sheet, str)
    assert f"\nshare_image: https://example.org/desk/{IMAGE}\n" in sheet
    assert (
        "\nshare_image_alt: 'Fact sheet from Example desk: Russia says some units are returning to base; "
        "NATO sees no sign of de-escalation. Claims rated Unverified 4.'\n"
    ) in sheet
    without = pipeline.render_pages(content, [templates])
    assert not any(isinstance(page, bytes) for page in without.values())
    assert "share_image" not in without[f"sheets/{REAL_SLUG}.md"]


def test_a_title_that_cannot_be_drawn_leaves_the_sheet_without_an_image(tmp_path: Path) -> None:
    content, templates = project(tmp_path)
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("title: Russia says", "title: 俄罗斯称 Russia says", 1), encoding="utf-8")
    pages = pipeline.render_pages(content, [templates], SITE)
    assert IMAGE not in pages
    assert "share_image" not in pages[f"sheets/{REAL_SLUG}.md"]


def test_the_cache_and_the_output_folder_keep_the_image_s_bytes(tmp_path: Path) -> None:
    content, templates = project(tmp_path)
    fresh = pipeline.render_pages(content, [templates], SITE)
    stored = pipeline.render_pages(content, [templates], SITE, tmp_path / "cache")
    again = pipeline.render_pages(content, [templates], SITE, tmp_path / "cache")
    assert dict(stored) == dict(again) == fresh
    assert type(again[IMAGE]) is bytes and type(again[f"sheets/{REAL_SLUG}.md"]) is str
    publish.write_pages(again, tmp_path / "out")
    assert (tmp_path / "out" / IMAGE).read_bytes() == fresh[IMAGE]


def test_the_cache_keeps_each_image_so_an_edit_redraws_only_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, templates = project(tmp_path)
    drawn: list[str] = []
    real = share.draw

    def counting(card: share.Card) -> bytes:
        drawn.append(card.title)
        return real(card)

    monkeypatch.setattr(share, "draw", counting)
    folder = tmp_path / "cache"
    first = pipeline.render_pages(content, [templates], SITE, folder)[IMAGE]
    assert len(drawn) == 1 and len(list((folder / cache.IMAGES).iterdir())) == 1
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    assert pipeline.render_pages(content, [templates], SITE, folder)[IMAGE] == first
    assert len(drawn) == 1, "the summary is not on the card: the pages were rendered again, the image was not"
    sidecar.write_text(text.replace("title: Russia says", "title: Moscow says", 1), encoding="utf-8")
    again = pipeline.render_pages(content, [templates], SITE, folder)[IMAGE]
    assert drawn[-1].startswith("Moscow says") and len(drawn) == 2 and again != first


def test_a_card_s_key_holds_all_it_shows() -> None:
    card = share.card_for("Desk", "Title", [(FALSE, 1)])
    assert card is not None
    others = [
        share.card_for("Desk 2", "Title", [(FALSE, 1)]),
        share.card_for("Desk", "Title 2", [(FALSE, 1)]),
        share.card_for("Desk", "Title", [(FALSE, 2)]),
        share.card_for("Desk", "Title", [(FALSE.model_copy(update={"label": "Wrong"}), 1)]),
        share.card_for("Desk", "Title", [(FALSE.model_copy(update={"marker": "x"}), 1)]),
    ]
    assert len({share.key(c) for c in [card, *others] if c is not None}) == 6
