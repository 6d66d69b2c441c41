"""The hostile corpus in tests/hostile/: every case is rejected with an exact message, or renders inert.

- ``rejected/NAME.yml`` is committed as ``content/articles/NAME.yml`` beside the hostile
  registries. ``factsheet check`` must exit 1 and print exactly ``NAME.expected``.
- ``inert/NAME.yml`` is a published sidecar. All of them are built together with
  ``mkdocs build --strict``. Each page must be inert (no script, handler, frame or
  non-http(s) link from the content) and must show every plain-text value of the sidecar,
  literally, plus each line of ``NAME.visible`` when there is one.
- Cases that need more than one file, or a symbolic link, are written out below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from PIL import Image

from conftest import (
    HOSTILE,
    ROOT,
    assemble_content,
    assert_inert,
    compare_golden,
    content_area,
    copy_project,
    hostile_content,
    mkdocs_build,
    page,
    search_fragments,
)
from generator import cli, load
from generator.chars import mixed_script
from generator.errors import Problem
from generator.mdtext import plain_text

REJECTED = sorted((HOSTILE / "rejected").glob("*.yml"))
INERT = sorted((HOSTILE / "inert").glob("*.yml"))
#: Fields whose value the sheet shows as plain text, character for character.
PLAIN_FIELDS = frozenset({"title", "headline", "label", "unit", "vague", "sentence", "text", "role", "context", "description"})
#: An error line: the file, the line and column, the field when the mistake is in one, the message and its code.
ERROR_LINE = re.compile(r"^content/(articles/)?[^:\s]+(:\d+:\d+)?: .+ \[[a-z-]+\]$")
#: Codes about a whole file, which has no line or field to point at.
FILE_CODES = {"file-name", "file-symlink", "file-hardlink", "file-special", "file-missing", "file-too-large"}


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--content", str(content), "check"])
    captured = capsys.readouterr()
    return code, captured.err


def assert_clear_errors(report: str) -> None:
    """Every error line names its file and, unless it is about the whole file, its line and column."""
    lines = [line for line in report.splitlines() if line and not line.startswith(" ")]
    # The count, then a line for each registry whose consequences are not shown.
    while lines[-1].endswith(" first, then check again."):
        lines.pop()
    assert lines[-1].endswith(" files.") or lines[-1].endswith(" file.")
    for line in lines[:-1]:
        assert ERROR_LINE.match(line), line
        code = line.rsplit("[", 1)[1].rstrip("]")
        assert code in FILE_CODES or re.search(r"\.yml:\d+:\d+: ", line), line


@pytest.mark.parametrize("case", REJECTED, ids=[c.stem for c in REJECTED])
def test_rejected_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_goldens: bool) -> None:
    content = assemble_content(tmp_path / "content", [case], HOSTILE)
    code, report = check(content, capsys)
    assert code == 1
    compare_golden(case.with_suffix(".expected"), report, update_goldens)
    assert_clear_errors(report)


def test_every_rejected_case_has_expected_output() -> None:
    assert {p.stem for p in (HOSTILE / "rejected").glob("*.expected")} == {c.stem for c in REJECTED}


def test_the_corpus_has_at_least_forty_cases() -> None:
    assert len(REJECTED) + len(INERT) + len(FILESYSTEM_CASES) >= 40


def test_an_oversize_sidecar_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = assemble_content(tmp_path / "content", [], HOSTILE)
    big = content / "articles" / "2024-01-01-huge.yml"
    big.write_text("title: " + "x" * load.MAX_FILE_BYTES + "\n", encoding="utf-8")
    code, report = check(content, capsys)
    assert code == 1
    assert report == (
        "content/articles/2024-01-01-huge.yml: file is 524,296 bytes, the limit is 524,288 bytes; "
        "split or shorten it [file-too-large]\n1 error in 1 file.\n"
    )


# --- The file system: links, names and collisions -------------------------------------------------


def _symlinked_sidecar(content: Path) -> None:
    (content / "articles" / "2024-01-01-passwd.yml").symlink_to("/etc/passwd")


def _symlinked_folder(content: Path) -> None:
    (content / "articles" / "more").symlink_to("/etc")


def _symlinked_registry(content: Path) -> None:
    real = content.parent / "elsewhere.yml"
    (content / "entities.yml").rename(real)
    (content / "entities.yml").symlink_to(real)


def _symlinked_text(content: Path) -> None:
    shutil.copy(HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml", content / "articles" / "2024-01-10-plain-yaml-11.yml")
    (content / "articles" / "2024-01-10-plain-yaml-11.txt").symlink_to("/etc/hostname")


def _case_colliding_names(content: Path) -> None:
    for name in ("2024-01-01-nato.yml", "2024-01-01-NATO.yml"):
        shutil.copy(HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml", content / "articles" / name)


def _confusable_name(content: Path) -> None:
    shutil.copy(HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml", content / "articles" / "2024-01-01-n\u0430to.yml")


def _stray_file(content: Path) -> None:
    (content / "articles" / "notes.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")


def _registry_with_a_tag(content: Path) -> None:
    (content / "entities.yml").write_text(
        "entities:\n  - id: ok\n    name: !!python/name:os.system\n    kind: person\n", encoding="utf-8"
    )


def _registry_with_bad_ids(content: Path) -> None:
    (content / "entities.yml").write_text(
        "entities:\n  - id: ../../etc/passwd\n    name: x\n    kind: person\n  - id: /abs\n    name: <script>\n    kind: organisation\n"
        "  - id: nul\n    name: y\n    kind: person\n",
        encoding="utf-8",
    )


def _control_characters_in_a_name(content: Path) -> None:
    shutil.copy(HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml", content / "articles" / "bad\x1b[31mred\nx.yml")


def _hard_link_to_outside(content: Path) -> None:
    outside = content.parent / "secret.txt"
    outside.write_text("a file outside the project\n", encoding="utf-8")
    os.link(outside, content / "articles" / "2024-01-01-linked.txt")


def _named_pipe(content: Path) -> None:
    os.mkfifo(content / "articles" / "2024-01-01-pipe.txt")


def _registry_with_invisible_names(content: Path) -> None:
    (content / "entities.yml").write_text(
        "entities:\n  - id: jane-doe\n    name: Jane Doe\n    kind: person\n"
        '  - id: jane-doe-2\n    name: "Jane\u200c Doe"\n    kind: person\n'
        "  - id: he\n    name: He\n    kind: person\n  - id: sunday\n    name: Sunday\n    kind: person\n",
        encoding="utf-8",
    )


def _registry_that_does_not_parse(content: Path) -> None:
    for sidecar in sorted((HOSTILE / "inert").glob("*.yml"))[:3]:
        shutil.copy(sidecar, content / "articles" / sidecar.name)
    (content / "entities.yml").write_text("entities:\n  - id: evil-org\n    name: [unclosed\n", encoding="utf-8")
    # An error of its own in a sidecar, which sorts before the registry by name but is reported after it.
    (content / "articles" / "2024-01-01-a-bad-status.yml").write_text(
        (HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml")
        .read_text(encoding="utf-8")
        .replace("status: published", "status: live"),
        encoding="utf-8",
    )


FILESYSTEM_CASES = {
    "symlinked-sidecar": (
        _symlinked_sidecar,
        "content/articles/2024-01-01-passwd.yml: is a symbolic link; commit the file itself [file-symlink]\n",
    ),
    "symlinked-folder": (_symlinked_folder, "content/articles/more: is a symbolic link; commit the file itself [file-symlink]\n"),
    "symlinked-registry": (
        _symlinked_registry,
        "content/entities.yml: is a symbolic link; commit the file itself [file-symlink]\n",
    ),
    "symlinked-article-text": (
        _symlinked_text,
        "content/articles/2024-01-10-plain-yaml-11.txt: is a symbolic link; commit the file itself [file-symlink]\n",
    ),
    "case-colliding-names": (
        _case_colliding_names,
        "content/articles/2024-01-01-NATO.yml: file name is not a valid slug: use lowercase letters, digits and "
        "single hyphens, like 2022-02-15-troops-border.yml [file-name]\n",
    ),
    "confusable-name": (
        _confusable_name,
        "content/articles/2024-01-01-n\u0430to.yml: the file name is not portable (it holds U+0430 (CYRILLIC SMALL LETTER A)): "
        "use letters, digits, '.', '_' and '-', not starting with '-' [file-name]\n",
    ),
    "control-characters-in-a-name": (
        _control_characters_in_a_name,
        "content/articles/bad\\x1b[31mred\\x0ax.yml: the file name holds U+001B (control character) at character 4; "
        "rename it [file-name]\n",
    ),
    "hard-link-to-outside": (
        _hard_link_to_outside,
        "content/articles/2024-01-01-linked.txt: is a hard link: the same file has 2 names, 1 of them outside the project; "
        "commit a copy instead [file-hardlink]\n",
    ),
    "named-pipe": (
        _named_pipe,
        "content/articles/2024-01-01-pipe.txt: is not a regular file or folder (a pipe, socket or device); remove it "
        "[file-special]\n",
    ),
    "registry-with-invisible-names": (_registry_with_invisible_names, None),
    "registry-that-does-not-parse": (_registry_that_does_not_parse, None),
    "stray-file": (_stray_file, None),
    "registry-with-a-tag": (_registry_with_a_tag, None),
    "registry-with-bad-ids": (_registry_with_bad_ids, None),
}


@pytest.mark.parametrize("name", sorted(FILESYSTEM_CASES))
def test_filesystem_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_goldens: bool) -> None:
    content = assemble_content(tmp_path / "content", [], HOSTILE)
    setup, first_error = FILESYSTEM_CASES[name]
    setup(content)
    code, report = check(content, capsys)
    assert code == 1
    assert_clear_errors(report)
    if first_error is None:
        compare_golden(HOSTILE / "filesystem" / f"{name}.expected", report, update_goldens)
    else:
        assert report.startswith(first_error), report


def test_a_sheet_colliding_with_a_hand_written_page_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(
        tmp_path, assemble_content(tmp_path / "c", [HOSTILE / "inert" / "2024-01-10-plain-yaml-11.yml"], HOSTILE)
    )
    (project / "pages" / "sheets").mkdir(exist_ok=True)
    (project / "pages" / "sheets" / "2024-01-10-plain-yaml-11.md").write_text("# Hand-written\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "factsheet: generated page sheets/2024-01-10-plain-yaml-11.md collides with a file in pages/; rename one of them"
        in result.stderr
    )
    assert not (tmp_path / "site").exists()


def test_a_symlink_among_the_pages_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, ROOT / "content")
    (project / "pages" / "passwd.md").symlink_to("/etc/passwd")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "factsheet: pages/passwd.md: is a symbolic link; commit the file itself [file-symlink]" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("where", "plant", "expected"),
    [
        (
            "overrides/hostname.css",
            "symlink",
            "overrides/hostname.css: is a symbolic link; commit the file itself [file-symlink]",
        ),
        (
            "templates/partial.md.j2",
            "symlink",
            "templates/partial.md.j2: is a symbolic link; commit the file itself [file-symlink]",
        ),
        (
            "overrides/copied.css",
            "hardlink",
            "overrides/copied.css: is a hard link: the same file has 2 names, 1 of them outside the project; "
            "commit a copy instead [file-hardlink]",
        ),
    ],
)
def test_a_link_in_a_folder_the_build_reads_fails_the_build(
    where: str, plant: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("a file outside the project\n", encoding="utf-8")
    project = copy_project(tmp_path, ROOT / "content")
    if plant == "symlink":
        (project / where).symlink_to("/etc/hostname")
    else:
        os.link(outside, project / where)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert f"factsheet: {expected}" in result.stderr
    assert not (tmp_path / "site").exists()
    # factsheet site refuses it too, before anything is rendered or built.
    assert cli.main(["site", "--config", str(project / "mkdocs.yml"), "--site-dir", str(tmp_path / "site2")]) == 1
    assert capsys.readouterr().err == f"{expected}\n1 error in 1 file.\n"
    assert not (tmp_path / "site2").exists()


# --- Inert rendering: the whole hostile site, built once ------------------------------------------


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("inert")
    project = copy_project(tmp, hostile_content(tmp / "content"))
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def plain_values(data: Any, key: str = "") -> Iterator[str]:
    """Every string the sheet shows verbatim: plain-text fields, and evidence lines."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from plain_values(v, k)
    elif isinstance(data, tuple):
        for item in data:
            yield from plain_values(item, key)
    elif isinstance(data, str) and (key in PLAIN_FIELDS or key == "evidence"):
        yield data


def sidecar_data(case: Path) -> dict[str, Any]:
    doc, problems = load.load_yaml(case)
    assert doc is not None and problems == []
    assert isinstance(doc.data, dict)
    return doc.data


@pytest.mark.e2e
@pytest.mark.parametrize("case", INERT, ids=[c.stem for c in INERT])
def test_inert_case(case: Path, inert_site: Path) -> None:
    soup = page(inert_site, f"sheets/{case.stem}")
    assert_inert(soup)
    text = content_area(soup).get_text("")
    data = sidecar_data(case)
    expected = list(plain_values(data))
    visible = case.with_suffix(".visible")
    if visible.exists():
        expected += visible.read_text(encoding="utf-8").splitlines()
    missing = [value for value in expected if value not in text]
    assert missing == []
    assert soup.title is not None
    assert soup.title.get_text() == f"{data['title']} - Factsheet"
    topic = soup.select_one(".md-header__topic[data-md-component=header-topic] .md-ellipsis")
    assert topic is not None and topic.get_text(strip=True) == data["title"].strip()


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["sheets", "sheets/tags", "reference/ratings"])
def test_listing_pages_are_inert_and_show_every_title(inert_site: Path, path: str) -> None:
    soup = page(inert_site, path)
    assert_inert(soup)
    text = content_area(soup).get_text("")
    for case in INERT:
        assert sidecar_data(case)["title"] in text, case.stem


@pytest.mark.e2e
def test_search_index_holds_titles_and_text_as_plain_text(inert_site: Path) -> None:
    # Pagefind keeps text, not markup: the results show it escaped (tests/test_browser.py searches a hostile site).
    records = search_fragments(inert_site)
    for case in INERT:
        data = sidecar_data(case)
        record = records[f"/sheets/{case.stem}/"]
        assert record["meta"]["title"] == data["title"].strip(), case.stem
        for claim in data["claims"]:
            assert " ".join(claim["text"].split()) in record["content"], case.stem


@pytest.mark.e2e
def test_hostile_registry_names_are_visible_on_the_sheet(inert_site: Path) -> None:
    text = content_area(page(inert_site, "sheets/2024-01-01-hostile")).get_text("")
    assert "<script>alert('org')</script> Evil & Co | Ltd" in text
    assert "[Mallory](javascript:alert(1))" in text


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["people", "people/evil-org", "people/mallory", "sources"])
def test_people_pages_are_inert_and_show_hostile_names_literally(inert_site: Path, path: str) -> None:
    soup = page(inert_site, path)
    assert_inert(soup)
    text = content_area(soup).get_text("")
    assert "<script>alert('org')</script> Evil & Co | Ltd" in text or "[Mallory](javascript:alert(1))" in text


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["series", "series/hostile-series"])
def test_series_pages_are_inert_and_show_hostile_text_literally(inert_site: Path, path: str) -> None:
    soup = page(inert_site, path)
    assert_inert(soup)
    text = content_area(soup).get_text("")
    assert "<script>alert('series')</script> | *title* $\\alpha$" in text
    assert "<u>units</u>" in text
    if path != "series":
        assert "[x](javascript:alert(1)) {: .y } <img src=x onerror=alert(1)> $x^2$" in text
        [image] = content_area(soup).find_all("img")
        assert image["src"] == "../hostile-series.svg"


@pytest.mark.e2e
def test_hostile_series_chart_is_outlines_only(inert_site: Path) -> None:
    svg = (inert_site / "series" / "hostile-series.svg").read_text(encoding="utf-8")
    # The unit is drawn as outlines; its text is only in a comment, escaped, so it cannot close the comment.
    assert "&lt;u&gt;units&lt;/u&gt; - -&gt;&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert names.isdisjoint({"script", "foreignObject", "text", "a", "image", "iframe"})
    assert not [name for element in root.iter() for name in element.attrib if name.lower().startswith("on")]


@pytest.mark.e2e
def test_the_feed_carries_hostile_titles_and_summaries_as_text(inert_site: Path) -> None:
    feed = feedparser.parse((inert_site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    entries = {entry.id.rsplit("/sheets/", 1)[1].rstrip("/"): entry for entry in feed.entries}
    assert set(entries) == {case.stem for case in INERT}
    for case in INERT:
        data = sidecar_data(case)
        assert entries[case.stem].title == data["title"], case.stem
        # The summary is the text without its Markdown; feedparser reads it as text, so any HTML in it comes back literally.
        assert entries[case.stem].summary == plain_text(data["summary"]), case.stem
        assert "<iframe" not in data["summary"] or "<iframe" in entries[case.stem].summary, case.stem


@pytest.mark.e2e
@pytest.mark.parametrize("case", INERT, ids=[c.stem for c in INERT])
def test_structured_data_holds_each_claim_as_data(case: Path, inert_site: Path) -> None:
    soup = page(inert_site, f"sheets/{case.stem}")
    claims = sidecar_data(case)["claims"]
    blocks = soup.find_all("script", type="application/ld+json")
    assert len(blocks) == (1 if claims else 0)
    if claims:
        assert blocks[0].parent.name == "head"
        raw = blocks[0].string
        assert "<" not in raw and ">" not in raw, "tojson escapes them, so no value can close the element"
        assert [r["claimReviewed"] for r in json.loads(raw)] == [c["text"] for c in claims]
    # Nothing a claim says became a script of its own: every other script is the theme's.
    others = [s for s in soup.find_all("script") if s.get("type") not in ("application/ld+json", "application/json")]
    assert all(s.get("src") or "alert" not in (s.string or "") for s in others)


# --- Every output channel escapes what a terminal or a CI log would act on -----------------------


def test_control_characters_in_a_file_name_are_escaped_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = assemble_content(tmp_path / "content", [], HOSTILE)
    _control_characters_in_a_name(content)
    (content / "articles" / "2024-01-02-\u202eevil.txt").write_text("text\n", encoding="utf-8")
    assert cli.main(["--content", str(content), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out == (
        "::error file=content/articles/2024-01-02-\\u202eevil.txt,title=file-name::the file name holds U+202E "
        "(RIGHT-TO-LEFT OVERRIDE) at character 12; rename it\n"
        "::error file=content/articles/bad\\x1b[31mred%0Ax.yml,title=file-name::the file name holds U+001B "
        "(control character) at character 4; rename it\n"
        "2 errors in 2 files.\n"
    )
    assert cli.main(["--content", str(content), "check", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert out.isascii() and "\x1b" not in out and "\\u001b" in out
    report = json.loads(out)
    assert [p["file"] for p in report["problems"]] == [
        "content/articles/2024-01-02-\u202eevil.txt",
        "content/articles/bad\x1b[31mred\nx.yml",
    ]
    assert cli.main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and err.count("\n") == 3


def test_every_part_of_a_problem_is_escaped_in_every_format() -> None:
    problem = Problem("invalid-choice", "got 'a\x1b[2Jb\u2066c'", "x\ny.yml", 3, 4, "f\x07", "status: a\x1b[2Jb")
    assert problem.format() == (
        "x\\x0ay.yml:3:4: f\\x07: got 'a\\x1b[2Jb\\u2066c' [invalid-choice]\n    3 | status: a\ufffd[2Jb\n      |    ^"
    )
    assert problem.github() == "::error file=x%0Ay.yml,line=3,col=4,title=invalid-choice::f\\x07: got 'a\\x1b[2Jb\\u2066c'"
    assert json.dumps(problem.as_json()).isascii()


@pytest.mark.e2e
def test_a_public_ip_address_is_published_as_a_working_link(inert_site: Path) -> None:
    area = content_area(page(inert_site, "sheets/2024-01-21-public-addresses"))
    hrefs = {a["href"] for a in area.find_all("a", href=True) if not a["href"].startswith(("#", "..", "/"))}
    assert hrefs == {
        "https://[2606:4700:4700::1111]/dns-query?name=x",
        "https://[2606:4700:4700::1111]:8443/report?q=a&b=%27c%27",
        "http://93.184.216.34/news/a",
    }


@pytest.mark.e2e
@pytest.mark.parametrize("case", INERT, ids=[c.stem for c in INERT])
def test_the_share_card_holds_the_title_and_the_summary_as_plain_text(case: Path, inert_site: Path) -> None:
    soup = page(inert_site, f"sheets/{case.stem}")
    data = sidecar_data(case)
    card = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert card["og:title"] == data["title"], case.stem
    assert card["og:description"] == plain_text(data["summary"]), case.stem
    assert card["og:type"] == "article"
    assert card["og:url"] == f"http://127.0.0.1:8000/sheets/{case.stem}/"
    if "og:image" in card:
        assert card["twitter:card"] == "summary_large_image"
        assert card["og:image"] == f"http://127.0.0.1:8000/sheets/{case.stem}.png"
        title = unicodedata.normalize("NFC", data["title"])
        assert card["og:image:alt"].startswith(f"Fact sheet from Factsheet: {title}."), case.stem
        with Image.open(inert_site / "sheets" / f"{case.stem}.png") as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
    else:
        assert card["twitter:card"] == "summary"
        assert not (inert_site / "sheets" / f"{case.stem}.png").exists()
    # Markup in the title or summary stays inside the attribute: the head holds only the theme's and the override's tags.
    assert {t.name for t in soup.head.find_all(True)} <= {"meta", "title", "link", "script", "style", "noscript"}


def test_a_word_that_mixes_scripts_is_found_beside_plain_ascii_words() -> None:
    assert mixed_script("Jane Ortega of Paris") is None
    assert mixed_script("Jane Ortega of P\u0430ris") == ("P\u0430ris", ["Cyrillic", "Latin"])
