"""Rendering: golden Markdown for the real article and a hostile sidecar, and the escaping rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT, FIXTURES, REAL_SLUG, TEMPLATES, TESTS, assemble_content, compare_golden
from generator import pipeline
from generator.mdtext import escape, href, render_subset

# The site's real extension list, read from mkdocs.yml by the end-to-end test; kept in step here.
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    ("hostile", "page", "golden"),
    [
        (False, f"sheets/{REAL_SLUG}.md", "real-article.md"),
        (True, "sheets/2024-01-01-hostile.md", "hostile.md"),
        (False, "sheets/index.md", "index.md"),
        (False, "index.md", "home.md"),
    ],
)
def test_golden_pages(hostile: bool, page: str, golden: str, hostile_tree: Path, tmp_path: Path, update_goldens: bool) -> None:
    # A copy outside git: the sheet's "last updated" line comes from commit dates (see test_history.py).
    content = hostile_tree if hostile else shutil.copytree(CONTENT, tmp_path / "content")
    pages = pipeline.render_pages(content, [TEMPLATES])
    compare_golden(TESTS / "golden" / golden, pages[page], update_goldens)


def test_output_is_deterministic() -> None:
    assert pipeline.render_pages(CONTENT, [TEMPLATES]) == pipeline.render_pages(CONTENT, [TEMPLATES])


def test_drafts_are_not_published(hostile_tree: Path) -> None:
    pages = pipeline.render_pages(hostile_tree, [TEMPLATES])
    assert "sheets/2024-01-01-hostile.md" in pages
    assert all("draft" not in path for path in pages)


def test_site_templates_override_the_defaults(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "index.md.j2").write_text("# Our own index\n", encoding="utf-8")
    pages = pipeline.render_pages(CONTENT, [tmp_path, TEMPLATES])
    assert pages["sheets/index.md"].endswith("# Our own index\n")
    assert "## Key figures" in pages[f"sheets/{REAL_SLUG}.md"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "a | b | c",
        "# not a heading",
        "<!-- unclosed",
        "{{ jinja }} {% raw %}",
        "{: .cls #id onclick=x }",
        "&lt;pre-encoded&gt; &amp; &#60;",
        "1. not a list",
        "- not a list",
        "+ not a list",
        "> not a quote",
        "=== not a rule",
        "!!! note",
        ": not a definition",
        "*not em* _not em_ `not code` ~~not del~~",
        "back\\slash \\*",
        "    four spaces",
        "<https://auto.link>",
        "![img](https://example.com/x.png)",
    ],
)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            self.tags.append(tag)

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            self.text.append(data)

    for line_start in (True, False):
        collector = Collector()
        collector.feed(to_html("x " + escape(text, line_start=False) if not line_start else escape(text)))
        assert collector.tags == ["p"]
        assert "".join(collector.text) == (text if line_start else "x " + text)


def test_escape_refuses_multiline_text() -> None:
    with pytest.raises(ValueError, match="one line"):
        escape("a\nb")


def test_subset_keeps_emphasis_code_lists_and_http_links() -> None:
    out = render_subset("Some *em*, **strong**, `a<b`, [ok](https://example.com/a b).\n\n- one\n- two\n")
    html = to_html(out)
    assert "<em>em</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>a&lt;b</code>" in html
    assert "<li>one</li>" in html


def test_subset_drops_nothing_and_links_nothing_unsafe() -> None:
    text = "[a](javascript:alert(1)) [b](data:text/html,x) [c](https://u@evil.example) <b>raw</b>"
    html = to_html(render_subset(text))
    assert "<a " not in html
    assert "<b>" not in html
    assert "javascript:alert(1)" in html
    assert "&#60;b&#62;raw&#60;/b&#62;" in html


def test_href_encodes_characters_that_could_break_out() -> None:
    assert href('https://example.com/a b)"<x>') == "https://example.com/a%20b%29%22%3Cx%3E"
    with pytest.raises(ValueError):
        href("javascript:alert(1)")


def test_a_relation_to_another_sheet_links_there_and_back(tmp_path: Path) -> None:
    real = (CONTENT / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8")
    other = real.replace("title: Russia says", "title: A later sheet,").replace(
        "    relations:\n      - {kind: contradicts, claim: no-sign-of-de-escalation}\n",
        f"    relations:\n      - {{kind: updates, claim: {REAL_SLUG}#satellite-activity}}\n",
    )
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "2022-02-16-later.yml").write_text(other, encoding="utf-8")
    pages = pipeline.render_pages(content, [TEMPLATES])
    assert (
        f"- **Updates:** [“Commercial satellite images taken on Sunday and Monday showed a flurry of Russian military activity at "
        f"several locations near Ukraine.”]({REAL_SLUG}.md#claim-satellite-activity) in *Russia says some units"
    ) in pages["sheets/2022-02-16-later.md"]
    assert (
        "- **Updated by:** [“Some Russian military units were returning to their bases after exercises near Ukraine.”]"
        "(2022-02-16-later.md#claim-units-returning-to-bases) in *A later sheet, some units"
    ) in pages[f"sheets/{REAL_SLUG}.md"]


ARCHIVED = FIXTURES / "archive" / "2022-02-15-archived.yml"


def test_a_sheet_shows_each_archived_copy_and_a_dead_link_s_copy_first(tmp_path: Path, update_goldens: bool) -> None:
    content = assemble_content(tmp_path / "content", [ARCHIVED])
    page = pipeline.render_pages(content, [TEMPLATES])["sheets/2022-02-15-archived.md"]
    compare_golden(TESTS / "golden" / "archived.md", page, update_goldens)
    html = BeautifulSoup(to_html(page), "html.parser")
    sources = html.find("h2", string="Sources").find_next("ul").find_all("li", recursive=False)
    firsts = [[(a.get_text(), a["href"]) for a in li.find_all("a")] for li in sources]
    assert firsts == [
        [
            ("Link", "https://www.nato.int/cps/en/natohq/statement-2022-02-15.htm"),
            (
                "archived copy",
                "https://web.archive.org/web/20220215120000/https://www.nato.int/cps/en/natohq/statement-2022-02-15.htm",
            ),
        ],
        [("Archived copy", "https://archive.ph/aB3dE"), ("original link", "https://wire.example.com/world/troops-2022-02-15/")],
        [("Link", "https://news.example.net/troops")],
        [("Link", "https://news.example.net/troops-live")],
    ]


def test_every_claim_has_a_card_that_is_inert_and_loads_only_the_site_s_own_stylesheets(hostile_tree: Path) -> None:
    pages = pipeline.render_pages(hostile_tree, [TEMPLATES])
    corpus = pipeline.check(hostile_tree)
    expected = {f"embed/{s.slug}/{c.id}.html" for s in corpus.published() for c in s.sidecar.claims}
    assert expected and {p for p in pages if p.startswith("embed/")} == expected
    for path in expected:
        soup = BeautifulSoup(pages[path], "html.parser")
        assert soup.find_all(["script", "iframe", "object", "embed", "form", "img", "base"]) == [], path
        assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")], path
        assert [link["href"] for link in soup.find_all("link", rel="stylesheet")] == [
            "../../stylesheets/factsheet.css",
            "../../stylesheets/card.css",
        ]
        assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"].startswith("default-src 'none'")
        hrefs = [a["href"] for a in soup.find_all("a")]
        assert all(h.startswith(("https://", "http://", "../../sheets/")) for h in hrefs), (path, hrefs)
        slug, claim_id = path.removeprefix("embed/").removesuffix(".html").split("/")
        claim = next(c for s in corpus.published() if s.slug == slug for c in s.sidecar.claims if c.id == claim_id)
        assert soup.select_one(".fs-card__claim").get_text() == claim.text, path
        assert hrefs[-1] == f"../../sheets/{slug}/#claim-{claim_id}"
