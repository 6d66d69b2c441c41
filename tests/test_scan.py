"""The post-build scan: what it flags, whom it blames, and that it fails a real build."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import HOSTILE, assemble_content, copy_project
from generator.errors import UnsafeOutput
from generator.publish import scan
from generator.render import pages

SHEET = {"sheets/a/": "content/articles/a.yml", "sheets/b/": "content/articles/b.yml"}


def findings(html: str, url: str = "sheets/a/") -> list[tuple[int, str, str | None]]:
    return scan.scan_page(html, url, SHEET)


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ("<article><script>x</script></article>", "<script> element"),
        ("<article><style>x</style></article>", "<style> element"),
        ('<nav class="md-nav"><script>x</script></nav>', "<script> element"),
        ('<div class="md-header__topic"><script>x</script></div>', "<script> element"),
        # Browsers read a title as text; the scan parses it as HTML and errs on the side of alarm.
        ("<title><script></title>", "<script> element"),
        ("<div><iframe src=x></iframe></div>", "<iframe> element"),
        ("<object data=x></object>", "<object> element"),
        ("<embed src=x>", "<embed> element"),
        ('<base href="https://evil.example/">', "<base> element"),
        ("<p onclick=x>", "event-handler attribute onclick= on <p>"),
        ("<svg><a xlink:href='javascript:alert(1)'>x</a></svg>", "javascript: URL in xlink:href= on <a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href=" java\tscript:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="data:text/html,x">x</a>', "data: URL in href= on <a>"),
        ('<form action="vbscript:x"></form>', "vbscript: URL in action= on <form>"),
        ('<article><img src="https://evil.example/pixel.png"></article>', "resource from another host in src= on <img>"),
        ('<article><img srcset="//evil.example/a.png 2x"></article>', "resource from another host in srcset= on <img>"),
        ('<article><img src="\\\\evil.example/p.png"></article>', "resource from another host in src= on <img>"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta http-equiv=refresh> redirect"),
        ("<article><link rel=stylesheet href=x.css></article>", "<link> element"),
    ],
)
def test_each_kind_of_active_content_is_flagged(html: str, what: str) -> None:
    assert [(w, s) for _line, w, s in findings(html)] == [(what, "content/articles/a.yml")]


@pytest.mark.parametrize(
    "html",
    [
        '<head><script>__md_scope=1</script><script src="assets/x.js"></script></head>',
        '<header><nav class="md-header__inner"><script>var palette=1</script></nav></header>',
        '<article><a href="https://example.com/x">x</a> <a href="../b/">b</a> <a href="#frag">f</a></article>',
        '<article><img src="../assets/logo.png"></article>',
        '<article><img src="http-logo.png"></article>',
        "<article><p>&lt;script&gt;alert(1)&lt;/script&gt; onclick=x javascript:alert(1)</p></article>",
    ],
)
def test_the_themes_own_scripts_and_plain_links_pass(html: str) -> None:
    assert findings(html) == []


def test_a_finding_on_a_listing_page_blames_the_sheet_linked_before_it() -> None:
    html = '<article><table><tr><td><a href="a/">A</a></td></tr><tr><td><a href="b/">B <script>x</script></a></td></tr></table></article>'
    assert findings(html, "sheets/") == [(1, "<script> element", "content/articles/b.yml")]


def test_scan_site_reports_every_page_and_returns_the_clean_ones(tmp_path: Path) -> None:
    (tmp_path / "sheets" / "a").mkdir(parents=True)
    (tmp_path / "sheets" / "a" / "index.html").write_text("<article>\n<p onmouseover=x>\n</article>\n", encoding="utf-8")
    (tmp_path / "index.html").write_text("<article>fine</article>\n", encoding="utf-8")
    (tmp_path / "sheets" / "b").mkdir()
    (tmp_path / "sheets" / "b" / "index.html").write_text("<article>fine</article>\n", encoding="utf-8")
    fine = scan.page_digest("", b"<article>fine</article>\n")
    assert scan.scan_site(tmp_path / "sheets" / "b", SHEET) == {fine}
    with pytest.raises(UnsafeOutput) as failure:
        scan.scan_site(tmp_path, SHEET)
    assert failure.value.report() == (
        "sheets/a/index.html:2:1: event-handler attribute onmouseover= on <p> in the built page; "
        "it comes from content/articles/a.yml [unsafe-output]\n1 error in 1 file."
    )


def test_a_page_found_clean_before_is_not_parsed_again_and_any_change_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "sheets" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<article>fine</article>\n", encoding="utf-8")
    clean = scan.scan_site(tmp_path, SHEET)
    parsed: list[str] = []
    real = scan.scan_page

    def counting(html: str, url: str, sources: Mapping[str, str]) -> list[tuple[int, str, str | None]]:
        parsed.append(url)
        return real(html, url, sources)

    monkeypatch.setattr(scan, "scan_page", counting)
    assert scan.scan_site(tmp_path, SHEET, clean) == clean
    assert parsed == []
    # The same bytes at another URL, and other bytes at the same URL, are new pages.
    assert scan.page_digest("sheets/b/", page.read_bytes()) not in clean
    page.write_text("<article><p onclick=x>fine</p></article>\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput):
        scan.scan_site(tmp_path, SHEET, clean)
    assert parsed == ["sheets/a/"]


def test_a_renderer_that_forgets_to_escape_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    raw = tmp_path / "raw"
    assemble_content(raw, [HOSTILE / "inert" / "2024-01-02-raw-html.yml"], HOSTILE)
    project = copy_project(tmp_path, raw)
    monkeypatch.setattr(pages, "_finalize", lambda value: value)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    with pytest.raises(Abort):
        build(config)
    message = caplog.text
    assert "factsheet: the built site is unsafe:" in message
    assert (
        "sheets/2024-01-02-raw-html/index.html:" in message
        and "<script> element in the built page; it comes from content/articles/2024-01-02-raw-html.yml [unsafe-output]"
        in message
    )
