"""End to end: ``mkdocs build --strict`` of the real site, then its HTML. The hostile site is in test_hostile.py."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from PIL import Image

from conftest import (
    FIXTURES,
    REAL_SLUG,
    ROOT,
    assert_inert,
    assert_loads_nothing_from_other_hosts,
    content_area,
    copy_project,
    mkdocs_build,
    page,
    search_fragments,
)
from generator import cms
from generator.sites import family

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def test_real_sheet_shows_figures_claims_quotes_and_sources(real_site: Path) -> None:
    soup = page(real_site, f"sheets/{REAL_SLUG}")
    text = content_area(soup).get_text(" ", strip=True)
    assert "about 130,000" in text
    assert "Some Russian military units were returning to their bases after exercises near Ukraine." in text
    assert "If we see a withdrawal, we will believe in a de-escalation" in text
    assert "per Interfax Ukraine" in text
    assert "a private US company (not named in the article)" in text
    assert "READ MORE" not in text and "More Stories" not in text
    assert len(soup.select(".fs-rating")) == 4
    assert len(soup.select("article blockquote")) == 6
    assert_inert(soup)


def test_index_lists_the_sheet(real_site: Path) -> None:
    soup = page(real_site, "sheets")
    links = [a["href"] for a in content_area(soup).select("table a")]
    assert links == [f"{REAL_SLUG}/"]


def test_search_index_contains_the_sheet(real_site: Path) -> None:
    records = search_fragments(real_site)
    sheet = records[f"/sheets/{REAL_SLUG}/"]
    assert sheet["meta"]["title"] == "Russia says some units are returning to base; NATO sees no sign of de-escalation"
    assert "Stoltenberg" in sheet["content"]
    # Only each page's content area is indexed: no navigation, and no permalink signs.
    assert "How to contribute" not in sheet["content"] and "¶" not in sheet["content"]
    assert not (real_site / "search" / "search_index.json").exists(), "no lunr index for every page load to fetch"
    # The listing pages repeat the sheets' text; search finds the sheets, people, series and docs themselves.
    listings = {"/", "/sheets/", "/sheets/tags/", "/people/", "/sources/", "/series/", "/reference/ratings/"}
    assert listings.isdisjoint(records)
    assert {"/people/jens-stoltenberg/", "/series/russian-troops-near-ukraine-border/", "/methodology/"} <= set(records)


def test_search_finds_a_sheet_by_what_it_is_about_and_who_is_in_it(real_site: Path) -> None:
    content = search_fragments(real_site)[f"/sheets/{REAL_SLUG}/"]["content"]
    indexed = [
        "Some Russian military units were returning to their bases after exercises near Ukraine.",  # a claim
        "If we see a withdrawal, we will believe in a de-escalation",  # a quote
        "Konrad Muzyka",  # a speaker and claimant
        "Unverified",  # a rating
        "Time needed to verify the latest moves via satellite imagery",  # a figure
        "the private US company that released the pictures",  # an unnamed claimant
        "Reuters (news agency)",  # a source and its kind
    ]
    left_out = [
        "Russia did not say how many units were being withdrawn",  # the reasoning behind a rating
        "being loaded onto railway flatcars",  # the article's sentences quoted as evidence
        "triggered one of the worst crises",  # and as a figure's sentence
        "NATO's statement that it had yet to see",  # a source's description
        "The article gives no independent evidence",  # the rating's description, on every sheet it rates
        "not named in the article",
        "to embed elsewhere",
        "Not included in the source text",
        "No corrections or later developments",
    ]
    assert [text for text in indexed if text not in content] == []
    assert [text for text in left_out if text in content] == []


def test_search_finds_a_person_s_page_by_name_and_description_not_by_what_it_lists(real_site: Path) -> None:
    records = search_fragments(real_site)
    assert records["/people/rochan/"]["content"] == "Rochan consultancy. Organisation. Consultancy based in Poland."
    # His page lists his quotes and the claims he is named in; search finds those on the sheet.
    assert records["/people/jens-stoltenberg/"]["content"] == "Jens Stoltenberg. Person."


def test_site_loads_nothing_from_other_hosts(real_site: Path) -> None:
    assert_loads_nothing_from_other_hosts(real_site)


def test_the_published_site_holds_no_page_of_the_tools_manual(real_site: Path) -> None:
    manual = [p.relative_to(ROOT / "docs").with_suffix("") for p in (ROOT / "docs").rglob("*.md") if p.name != "index.md"]
    assert manual
    assert [p.as_posix() for p in manual if (real_site / p).exists()] == []
    assert not (real_site / "images").exists(), "the manual's screenshots stay in the manual"
    assert (real_site / "corrections-policy" / "index.html").is_file() and (real_site / "about" / "index.html").is_file()


def test_invalid_sidecar_fails_the_build_with_the_same_messages(tmp_path: Path) -> None:
    project = copy_project(tmp_path, ROOT / "content")
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-unknown-rating.yml", project / "content" / "articles")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    expected = (FIXTURES / "invalid" / "2022-02-15-unknown-rating.expected").read_text()
    assert expected in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_configuration_without_the_markdown_extensions_the_pages_need_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, ROOT / "content")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(line for line in lines if not line.strip().startswith("- md_in_html")), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    expected = "the generated pages need the Markdown extension md_in_html; add md_in_html to the list"
    assert f"factsheet: mkdocs.yml: markdown_extensions: {expected} [markdown-extension-missing]" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_markdown_extensions_are_found_by_name_path_or_instance() -> None:
    def missing(*extensions: object) -> list[str]:
        config = SimpleNamespace(markdown_extensions=list(extensions), config_file_path="/project/mkdocs.yml")
        return [p.format() for p in family.missing_extensions(config)]

    assert missing("toc", "attr_list", "markdown.extensions.md_in_html") == []
    assert missing("toc", AttrListExtension(), MarkdownInHtmlExtension()) == []
    assert missing("toc", "tables") == [
        "mkdocs.yml: markdown_extensions: the generated pages need the Markdown extensions attr_list and md_in_html; "
        "add attr_list and md_in_html to the list [markdown-extension-missing]"
    ]


def test_tag_pages_link_the_sheet(real_site: Path) -> None:
    sheet = page(real_site, f"sheets/{REAL_SLUG}")
    assert [a["href"] for a in sheet.select(".md-tag")] == [
        f"../tags/#tag:{t}" for t in ("military", "nato", "russia", "ukraine")
    ]
    tags = content_area(page(real_site, "sheets/tags")).get_text(" ", strip=True)
    assert "nato" in tags and "Russia says some units are returning to base" in tags


def csp_of(html: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1
    directives = [d.split() for d in str(metas[0]["content"]).split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_every_page_has_a_csp_that_its_own_scripts_satisfy(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        csp = csp_of(html)
        if path == real_site / "admin" / "index.html":  # the CMS's page, with a policy of its own (test_cms.py)
            assert csp == csp_of(f'<meta http-equiv="Content-Security-Policy" content="{cms.ADMIN_POLICY}">')
            continue
        if path.parent.parent.name == "embed":  # a claim's card runs nothing and loads only the site's stylesheets
            assert csp["default-src"] == ["'none'"] and csp["style-src"] == ["'self'"] and "script-src" not in csp, path
            assert "<script" not in html, path
            continue
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], path
        allowed = {h.strip("'") for h in csp["script-src"] if h.startswith("'sha256-")}
        governed = html[html.index('http-equiv="Content-Security-Policy"') :]
        for script in BeautifulSoup(governed, "html.parser").find_all("script"):
            if script.get("src"):
                assert urlsplit(str(script["src"])).scheme == "", (path, script["src"])
            elif script.get("type") not in ("application/json", "application/ld+json"):  # data, never run
                digest = "sha256-" + base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
                assert digest in allowed, (path, script.string[:60])


def test_contradicting_claims_link_to_each_other(real_site: Path) -> None:
    area = content_area(page(real_site, f"sheets/{REAL_SLUG}"))
    units = area.find(id="claim-units-returning-to-bases")
    nato = area.find(id="claim-no-sign-of-de-escalation")
    assert units is not None and nato is not None
    related = [
        a for a in area.select("li a[href^='#claim-']") if not a.find_parent("li").get_text(" ", strip=True).startswith("Cite")
    ]
    links = {a.find_parent("li").get_text(" ", strip=True).split(":")[0]: a["href"] for a in related}
    assert links == {"Contradicts": "#claim-no-sign-of-de-escalation", "Contradicted by": "#claim-units-returning-to-bases"}


@pytest.mark.parametrize(
    ("entity", "section"), [("jens-stoltenberg", "Quotes"), ("nato", "Claims"), ("reuters", "Cited as a source")]
)
def test_people_and_organisations_have_pages_that_link_back(real_site: Path, entity: str, section: str) -> None:
    soup = page(real_site, f"people/{entity}")
    assert_inert(soup)
    area = content_area(soup)
    assert section in [h.get_text(strip=True).rstrip("¶") for h in area.find_all("h2")]
    assert any(a["href"].startswith(f"../../sheets/{REAL_SLUG}/") for a in area.find_all("a", href=True))
    index = content_area(page(real_site, "people"))
    assert f"{entity}/" in [a["href"] for a in index.select("table a")]


def test_the_site_publishes_the_open_data_files(real_site: Path) -> None:
    data = json.loads((real_site / "data" / "factsheets.json").read_text(encoding="utf-8"))
    assert [s["slug"] for s in data["sheets"]] == [REAL_SLUG]
    for name in ("factsheets.schema.json", "figures.csv", "claims.csv"):
        assert (real_site / "data" / name).stat().st_size > 0


def test_the_rating_scale_page_lists_every_claim_under_its_rating(real_site: Path) -> None:
    area = content_area(page(real_site, "reference/ratings"))
    heading = area.find(id="rating-unverified")
    assert heading is not None and "Unverified" in heading.get_text()
    items = heading.find_next_sibling("ul").find_all("li")
    assert len(items) == 4
    assert items[0].find("a")["href"] == f"../../sheets/{REAL_SLUG}/#claim-units-returning-to-bases"
    assert area.find(id="rating-false").find_next_sibling("p").get_text() == "No published claim has this rating."


def test_the_troop_numbers_series_has_a_page_with_a_chart(real_site: Path) -> None:
    soup = page(real_site, "series/russian-troops-near-ukraine-border")
    assert_inert(soup)
    area = content_area(soup)
    [image] = area.find_all("img")
    assert (real_site / "series" / "russian-troops-near-ukraine-border.svg").is_file()
    assert image["src"] == "../russian-troops-near-ukraine-border.svg"
    cells = [td.get_text(strip=True) for td in area.select("table tbody tr td")]
    assert cells[:3] == ["15 February 2022", "about 130,000", "Not attributed"]
    assert any(a["href"] == f"../../sheets/{REAL_SLUG}/" for a in area.select("table a"))
    sheet = content_area(page(real_site, f"sheets/{REAL_SLUG}"))
    assert "../../series/russian-troops-near-ukraine-border/" in [a["href"] for a in sheet.find_all("a", href=True)]


def test_the_sheet_and_feed_are_dated_by_the_sidecars_last_commit(real_site: Path) -> None:
    sidecar = f"content/articles/{REAL_SLUG}.yml"
    last = subprocess.run(["git", "log", "-1", "--format=%cs", "--", sidecar], cwd=ROOT, capture_output=True, text=True).stdout
    if not last.strip():
        pytest.skip("the project is not a git checkout, so sheets have no commit dates")
    day = date.fromisoformat(last.strip())
    text = content_area(page(real_site, f"sheets/{REAL_SLUG}")).get_text(" ")
    assert f"Fact sheet last updated: {day.day} {day:%B} {day.year} (its latest edit)." in text
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and [e.updated for e in feed.entries] == [f"{day.isoformat()}T00:00:00+00:00"]
    assert feed.entries[0].link == f"http://127.0.0.1:8000/sheets/{REAL_SLUG}/"


def test_the_sources_page_lists_named_and_unnamed_sources(real_site: Path) -> None:
    soup = page(real_site, "sources")
    assert_inert(soup)
    [named, unnamed] = content_area(soup).find_all("table")
    rows = {tr.find("td").get_text(strip=True): tr for tr in named.select("tbody tr")}
    assert rows["Reuters"].find("a")["href"] == "../people/reuters/"
    assert [td.get_text(strip=True) for td in rows["Reuters"].find_all("td")] == ["Reuters", "news agency", "1", "1"]
    described = [tr.find("td").get_text(strip=True) for tr in unnamed.select("tbody tr")]
    assert described == ["new footage", "a private US company"]


def test_each_claim_s_card_is_published_with_its_stylesheets(real_site: Path) -> None:
    sheet = page(real_site, f"sheets/{REAL_SLUG}")
    cards = [a["href"] for a in content_area(sheet).find_all("a", string="its card")]
    assert len(cards) == 4
    for href in cards:
        card = (real_site / "sheets" / REAL_SLUG / href).resolve()
        assert card.is_file() and card.parent.parent.name == "embed", href
        for css in BeautifulSoup(card.read_text(encoding="utf-8"), "html.parser").find_all("link", rel="stylesheet"):
            assert (card.parent / css["href"]).resolve().is_file(), css["href"]


def test_the_sheet_s_share_card_names_its_drawn_image(real_site: Path) -> None:
    soup = page(real_site, f"sheets/{REAL_SLUG}")
    card = {m.get("property") or m.get("name"): m["content"] for m in soup.head.find_all("meta") if m.get("content")}
    assert card["twitter:card"] == "summary_large_image"
    assert card["og:image"] == f"http://127.0.0.1:8000/sheets/{REAL_SLUG}.png"
    assert (card["og:image:type"], card["og:image:width"], card["og:image:height"]) == ("image/png", "1200", "630")
    assert card["og:image:alt"] == (
        "Fact sheet from Factsheet: Russia says some units are returning to base; NATO sees no sign of de-escalation. "
        "Claims rated Unverified 4."
    )
    with Image.open(real_site / "sheets" / f"{REAL_SLUG}.png") as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    home = {m.get("name"): m.get("content") for m in page(real_site, "").head.find_all("meta")}
    assert home["twitter:card"] == "summary", "only sheets have a drawn image"
