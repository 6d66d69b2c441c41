"""ClaimReview structured data and the Atom feed, read back by real consumers: extruct and feedparser."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.meta import get_data

from conftest import CONTENT, FIXTURES, REAL_SLUG, TEMPLATES, content_area, copy_project, mkdocs_build
from generator import cli, pipeline, render
from generator.render.syndicate import Site

URL = "http://127.0.0.1:8000/"
SLUGS = ("2022-02-18-us-range-estimate", REAL_SLUG, "2022-01-20-nato-troop-estimate")


def three_sheets(content_with: Callable[..., Path]) -> Path:
    real = [CONTENT / "articles" / f"{REAL_SLUG}{suffix}" for suffix in (".yml", ".txt")]
    return content_with(*real, *sorted((FIXTURES / "series").iterdir()))


def three_sheet_site(tmp: Path, edits: dict[str, str] | None = None) -> Path:
    """The real site project built over the real sheet and the two fixture sheets (outside git).

    ``edits`` maps a sidecar's file name to what replaces its ``updates: []`` line.
    """
    content = tmp / "content"
    (content / "articles").mkdir(parents=True)
    for name in ("entities.yml", "ratings.yml", "series.yml"):
        (content / name).write_bytes((CONTENT / name).read_bytes())
    for path in [*(CONTENT / "articles").iterdir(), *(FIXTURES / "series").iterdir()]:
        text = path.read_text(encoding="utf-8")
        if edits and path.name in edits:
            text = text.replace("updates: []\n", edits[path.name])
        (content / "articles" / path.name).write_text(text, encoding="utf-8")
    result = mkdocs_build(copy_project(tmp, content), tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_sheet_site(tmp_path_factory.mktemp("syndicate"))


def reviews(site: Path, slug: str) -> list[dict[str, object]]:
    html = (site / "sheets" / slug / "index.html").read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=f"{URL}sheets/{slug}/", syntaxes=["json-ld"], uniform=False)
    return list(found["json-ld"])


@pytest.mark.e2e
def test_extruct_reads_a_scored_claimreview_with_every_field(site: Path) -> None:
    [review] = reviews(site, "2022-01-20-nato-troop-estimate")
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{URL}sheets/2022-01-20-nato-troop-estimate/#claim-russia-troops-near-border",
        "claimReviewed": "Russia has deployed about 100,000 troops near Ukraine's borders.",
        "author": {
            "@type": "Organization",
            "name": "Factsheet",
            "publishingPrinciples": f"{URL}methodology/",
            "correctionsPolicy": f"{URL}corrections-policy/",
        },
        "datePublished": "2022-01-20",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "NATO"},
            "datePublished": "2022-01-20",
            "appearance": {"@type": "NewsArticle", "datePublished": "2022-01-20"},
        },
        "reviewRating": {"@type": "Rating", "alternateName": "Accurate", "ratingValue": 3, "bestRating": 3, "worstRating": 1},
    }


@pytest.mark.e2e
def test_unnamed_claimants_and_unscored_ratings_are_published_as_they_are(site: Path) -> None:
    [review] = reviews(site, "2022-02-18-us-range-estimate")
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingValue": 2,
        "bestRating": 3,
        "worstRating": 1,
    }
    real = reviews(site, REAL_SLUG)
    assert [r["claimReviewed"] for r in real] == [c.text for c in pipeline.check(CONTENT).sheets[0].sidecar.claims]
    # "Unverified" is no verdict on truth: it has no score, so no number is invented for it.
    assert {json.dumps(r["reviewRating"], sort_keys=True) for r in real} == {'{"@type": "Rating", "alternateName": "Unverified"}'}
    assert real[3]["itemReviewed"]["author"] == {  # type: ignore[index]
        "@type": "Thing",
        "name": "the private US company that released the pictures",
    }


@pytest.mark.e2e
def test_the_feed_is_valid_atom_with_one_entry_per_sheet(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == "Factsheet: fact sheets"
    assert feed.feed.links[0].href == f"{URL}feed.xml" and feed.feed.links[0].rel == "self"
    assert [e.id for e in feed.entries] == [f"{URL}sheets/{slug}/" for slug in SLUGS]
    assert [e.updated[:10] for e in feed.entries] == ["2022-02-18", "2022-02-15", "2022-01-20"]
    # Outside git there is no commit date: a sheet is dated by its article, never by the build.
    assert feed.feed.updated == "2022-02-18T00:00:00+00:00"
    assert feed.entries[1].title == "Russia says some units are returning to base; NATO sees no sign of de-escalation"
    assert [t.term for t in feed.entries[1].tags] == ["russia", "ukraine", "nato", "military"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Factsheet: fact sheets" href="feed.xml">' in home


def test_the_feed_and_reviews_do_not_change_between_builds(content_with: Callable[..., Path]) -> None:
    content = three_sheets(content_with)
    where = Site(URL, "Factsheet", "Factsheet")
    first = pipeline.render_pages(content, [TEMPLATES], where)
    assert pipeline.render_pages(content, [TEMPLATES], where) == first


def test_plain_markdown_carries_them_only_with_a_site_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--out", str(tmp_path / "plain")]) == 0
    assert not (tmp_path / "plain" / "feed.xml").exists()
    assert "claim_reviews" not in (tmp_path / "plain" / "sheets" / f"{REAL_SLUG}.md").read_text(encoding="utf-8")
    assert cli.main(["build", "--out", str(tmp_path / "site"), "--site-url", "https://example.org/facts"]) == 0
    assert feedparser.parse((tmp_path / "site" / "feed.xml").read_bytes()).feed.id == "https://example.org/facts/"
    assert "url: https://example.org/facts/sheets/" in (tmp_path / "site" / "sheets" / f"{REAL_SLUG}.md").read_text()
    with pytest.raises(SystemExit):
        cli.main(["build", "--out", str(tmp_path / "bad"), "--site-url", "javascript:alert(1)"])
    assert "--site-url: the site URL must be an absolute http(s) URL ending in /, got 'javascript:alert(1)/'" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "bad").exists()


@pytest.mark.e2e
def test_a_build_without_a_site_address_fails_and_says_how_to_give_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSHEET_SITE_URL", "")
    result = mkdocs_build(copy_project(tmp_path, CONTENT), tmp_path / "site")
    assert result.returncode == 1
    assert (
        "factsheet: site_url is empty; the feed and the ClaimReview data need the site's address: set site_url in "
        "mkdocs.yml, or FACTSHEET_SITE_URL for the project's mkdocs.yml"
    ) in result.stderr


def test_the_plugin_gets_the_claim_reviews_apart_from_the_front_matter_and_they_are_the_same_data(
    content_with: Callable[..., Path],
) -> None:
    content = three_sheets(content_with)
    site = Site(URL, "Factsheet", "Factsheet")
    inline = pipeline.render_pages(content, [TEMPLATES], site)
    apart = pipeline.render_pages(content, [TEMPLATES], site, reviews_apart=True)
    reviews = json.loads(apart[render.CLAIM_REVIEWS])
    assert sorted(reviews) == sorted(f"sheets/{slug}.md" for slug in SLUGS)
    for path, data in reviews.items():
        markdown, meta = get_data(apart[path])
        assert "claim_reviews" not in meta
        assert get_data(inline[path]) == (markdown, {**meta, "claim_reviews": data})
    assert set(inline) == set(apart) - {render.CLAIM_REVIEWS}


UPDATES = {
    "2022-02-18-us-range-estimate.yml": (
        "updates:\n"
        "  - {date: 2022-03-01, kind: correction, note: 'The range was *169,000 to 190,000*, not 160,000; see "
        "[the OSCE record](https://www.osce.org/permanent-council).'}\n"
        "  - {date: 2022-03-01, kind: update, note: A later US estimate is on its own sheet.}\n"
    ),
    "2022-01-20-nato-troop-estimate.yml": "updates:\n  - {date: 2022-02-20, kind: correction, note: The date was wrong.}\n",
}


@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with three corrections and updates; built strict, so every link to a note is checked, anchor and all."""
    return three_sheet_site(tmp_path_factory.mktemp("corrected"), UPDATES)


@pytest.mark.e2e
def test_the_corrections_page_lists_every_correction_newest_first_linking_to_its_note(corrected_site: Path) -> None:
    page = BeautifulSoup((corrected_site / "corrections" / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = content_area(page).select("h3")
    assert [(h.find("a").get_text(), h.find("a")["href"]) for h in items] == [
        (
            "A US estimate puts Russian forces in and near Ukraine at 169,000 to 190,000",
            "../sheets/2022-02-18-us-range-estimate/#update-2022-03-01-2",
        ),
        (
            "A US estimate puts Russian forces in and near Ukraine at 169,000 to 190,000",
            "../sheets/2022-02-18-us-range-estimate/#update-2022-03-01",
        ),
        ("NATO puts Russian forces near Ukraine at about 100,000", "../sheets/2022-01-20-nato-troop-estimate/#update-2022-02-20"),
    ]
    assert items[1].get_text(" ", strip=True).startswith("1 March 2022, correction: A US estimate puts")
    # A note is a block of its own under its heading, so one of several paragraphs or with a list stays with it.
    assert items[1].find_next_sibling("p").get_text(" ", strip=True).startswith("The range was 169,000 to 190,000")
    sheet = BeautifulSoup(
        (corrected_site / "sheets" / "2022-02-18-us-range-estimate" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [h.get_text(strip=True).rstrip("¶") for h in sheet.select("h3[id^=update-]")] == [
        "1 March 2022: Correction",
        "1 March 2022: Update",
    ]


@pytest.mark.e2e
def test_the_corrections_feed_is_valid_atom_with_plain_summaries(corrected_site: Path) -> None:
    feed = feedparser.parse((corrected_site / "corrections.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.title == "Factsheet: corrections and updates"
    assert feed.feed.links[0].href == f"{URL}corrections.xml"
    assert [e.id for e in feed.entries] == [
        f"{URL}sheets/2022-02-18-us-range-estimate/#update-2022-03-01-2",
        f"{URL}sheets/2022-02-18-us-range-estimate/#update-2022-03-01",
        f"{URL}sheets/2022-01-20-nato-troop-estimate/#update-2022-02-20",
    ]
    assert [e.title for e in feed.entries][
        1
    ] == "Correction: A US estimate puts Russian forces in and near Ukraine at 169,000 to 190,000"
    assert feed.entries[1].summary == "The range was 169,000 to 190,000, not 160,000; see the OSCE record."
    assert feed.feed.updated == "2022-03-01T00:00:00+00:00"


def test_the_sheet_feed_summaries_are_plain_text(content_with: Callable[..., Path], tmp_path: Path) -> None:
    sidecar = tmp_path / "2022-01-20-nato-troop-estimate.yml"
    text = (FIXTURES / "series" / sidecar.name).read_text(encoding="utf-8")
    old = "summary: NATO said Russia had deployed about 100,000 troops near Ukraine's borders.\n"
    new = 'summary: "*NATO* said, in [a statement](https://www.nato.int/), that Russia had deployed about 100,000 troops."\n'
    sidecar.write_text(text.replace(old, new), encoding="utf-8")
    pages = pipeline.render_pages(content_with(sidecar), [TEMPLATES], Site(URL, "Factsheet", "Factsheet"))
    [entry] = feedparser.parse(pages["feed.xml"]).entries
    assert entry.summary == "NATO said, in a statement, that Russia had deployed about 100,000 troops."


@pytest.mark.e2e
def test_a_principles_page_that_is_not_a_page_of_the_site_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, CONTENT)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("corrections_policy: corrections-policy.md", "corrections_policy: nowhere.md")
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "factsheet: corrections_policy is 'nowhere.md', which is no page of the site; name a page of the docs folder"
        in result.stderr
    )
