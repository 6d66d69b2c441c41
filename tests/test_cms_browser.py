"""The site's ``admin/`` page in Debian's chromium: the CMS from the pinned npm package, on decap-server as its backend.

Skipped without chromium or without ``npm ci`` (which installs the CMS and decap-server), except when CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page
from test_browser import SIDECAR, Tab, browser, open_tab, save_screenshot, serve, shots  # noqa: F401  (fixtures used by name)

from conftest import CONTENT, REAL_SLUG, ROOT, copy_project, mkdocs_build, require
from conftest import page as page_of
from generator import pipeline
from generator.errors import ValidationFailed

pytestmark = pytest.mark.browser

BUNDLE = ROOT / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
#: decap-server's port, which the CMS looks for on this machine (generator/cms.py allows no other).
PORT = 8081
#: The window the form is used and shown in.
FORM = {"width": 1280, "height": 900}


def _wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers, if not to a GET
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:  # noqa: F811
    """The site built from a copy of the project, with the CMS's page, served on 127.0.0.1: the admin page's URL."""
    require(BUNDLE.is_dir() and DECAP_SERVER.is_file(), "the CMS and decap-server are missing: run npm ci")
    project = copy_project(tmp_path_factory.mktemp("cms"), CONTENT)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("node_modules/decap-cms/dist", str(BUNDLE)), encoding="utf-8")
    site = project.parent / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    with serve(site) as url:
        yield url + "admin/"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A newsroom's repository (the seed content, committed on main), with decap-server serving it to the CMS."""
    repo = tmp_path / "newsroom"
    shutil.copytree(CONTENT, repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "seed")
    with socket.socket() as probe:
        # Another decap-server on the port would answer for this one, on some other folder.
        assert probe.connect_ex(("127.0.0.1", PORT)) != 0, f"port {PORT} is in use; stop what runs there (make cms?)"
    env = dict(os.environ, GIT_REPO_DIRECTORY=str(repo), MODE="fs", PORT=str(PORT), LOG_LEVEL="error")
    log = (tmp_path / "decap-server.log").open("wb")
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://localhost:{PORT}/api/v1")
        yield repo
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def login(open_tab: Callable[..., Tab], url: str, ready: Callable[[Page], Locator]) -> Tab:  # noqa: F811
    """Open ``url`` (the admin page, or a route in it), log in to decap-server, and wait for ``ready`` to show."""
    tab = open_tab(url, FORM, allow=(f"http://localhost:{PORT}/",))
    tab.page.get_by_role("button", name="Login").click()
    ready(tab.page).wait_for()
    return tab


def fill(page: Page, field: str, value: str, scope: Locator | None = None) -> None:
    """Type ``value`` into the last form field named ``field`` (in ``scope``): the one just added to a list."""
    (scope or page.locator("body")).locator(f'[id^="{field}-field-"]').last.fill(value)


def choose(page: Page, field: str, option: str) -> None:
    """Pick ``option`` from the menu of the last field named ``field``, as an editor does: type, then click."""
    fill(page, field, option)
    page.locator('[class*="option"]', has_text=option).first.click()


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Changes saved").wait_for()


def written(path: Path, before: bytes | None = None, seconds: float = 10) -> bytes:
    """The bytes of ``path`` once decap-server has written them (other than ``before``)."""
    deadline = time.monotonic() + seconds
    while not path.is_file() or path.read_bytes() == before:
        assert time.monotonic() < deadline, f"the CMS did not write {path.name}"
        time.sleep(0.1)
    return path.read_bytes()


def assert_quiet(tab: Tab) -> None:
    assert tab.refused == []
    assert tab.csp_reports() == []
    assert tab.uncaught == []


def test_the_cms_opens_the_seed_sheet_from_the_content_and_loads_nothing_from_elsewhere(
    open_tab: Callable[..., Tab],  # noqa: F811
    admin: str,
    repo: Path,
) -> None:
    tab = login(open_tab, admin, lambda page: page.get_by_role("link", name="Fact sheets"))
    page = tab.page
    assert page.get_by_role("link", name="Registries").is_visible()
    page.get_by_text(SIDECAR["title"]).first.click()
    title = page.get_by_label("Title", exact=True)
    title.wait_for()
    assert title.input_value() == SIDECAR["title"]
    assert page.get_by_label("Summary", exact=True).input_value() == SIDECAR["summary"]
    page.wait_for_load_state("networkidle")
    assert_quiet(tab)


NEW_SLUG = "2024-05-01-footbridge-to-close-for-six-weeks"
#: What the form below writes: the fields typed in, and the empty lists the CMS adds for those left alone.
NEW_SHEET = {
    "status": "published",
    "title": "Footbridge to close for six weeks",
    "article": {"authors": [], "published": date(2024, 5, 1), "language": "en"},
    "summary": "The footbridge will close for repairs, NATO's staff were told.",
    "tags": [],
    "figures": [
        {
            "id": "closure-weeks",
            "label": "How long the footbridge will be closed",
            "value": {"exact": 6},
            "unit": "weeks",
            "sentence": "The footbridge will close for six weeks.",
        }
    ],
    "claims": [],
    "quotes": [{"via": [], "id": "no-choice", "text": "We have no choice.", "speaker": "jens-stoltenberg"}],
    "sources": [{"id": "staff-notice", "kind": "official-statement", "entity": "nato", "description": "a notice to staff"}],
    "updates": [],
}


def test_a_sheet_created_in_the_form_passes_check_and_builds_into_the_site(
    open_tab: Callable[..., Tab],  # noqa: F811
    admin: str,
    repo: Path,
    tmp_path: Path,
    shots: list[Path],  # noqa: F811
) -> None:
    tab = login(open_tab, admin + "#/collections/sheets/new", lambda page: page.get_by_label("Title", exact=True))
    page = tab.page
    choose(page, "status", "published")
    fill(page, "title", NEW_SHEET["title"])
    fill(page, "published", "2024-05-01")
    fill(page, "language", "en")
    fill(page, "summary", NEW_SHEET["summary"])
    page.get_by_role("button", name="Add figures").click()
    figure = NEW_SHEET["figures"][0]
    for name in ("id", "label", "unit", "sentence"):
        fill(page, name, figure[name])
    fill(page, "exact", "6")
    page.get_by_role("button", name="Add quotes").click()
    fill(page, "id", "no-choice")
    fill(page, "text", "We have no choice.")
    choose(page, "speaker", "Jens Stoltenberg")
    page.get_by_role("button", name="Add sources").click()
    fill(page, "id", "staff-notice")
    choose(page, "kind", "official-statement")
    choose(page, "entity", "NATO")
    fill(page, "description", "a notice to staff")
    _screenshot(page, page.locator('[class*="listControlItem"]', has=page.locator('[id^="speaker-field-"]')), shots)
    publish(page)

    path = repo / "content" / "articles" / f"{NEW_SLUG}.yml"
    assert yaml.safe_load(written(path)) == NEW_SHEET
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([f"{REAL_SLUG}.txt", f"{REAL_SLUG}.yml", path.name])
    corpus = pipeline.check(repo / "content")
    assert NEW_SLUG in {sheet.slug for sheet in corpus.sheets}
    project = copy_project(tmp_path, repo / "content")
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    sheet = page_of(tmp_path / "site", f"sheets/{NEW_SLUG}/")
    assert sheet.h1 is not None and sheet.h1.find(string=True) == NEW_SHEET["title"]
    assert_quiet(tab)


def test_an_edit_in_the_form_is_the_one_change_factsheet_diff_reports(
    open_tab: Callable[..., Tab],  # noqa: F811
    admin: str,
    repo: Path,
) -> None:
    tab = login(open_tab, f"{admin}#/collections/sheets/entries/{REAL_SLUG}", lambda page: page.get_by_label("Title", exact=True))
    page = tab.page
    figure = SIDECAR["figures"][0]
    item = page.locator('[class*="listControlItem"]', has=page.get_by_text(figure["id"], exact=True))
    item.locator("button").first.click()  # the list item's toggle: open it
    box = item.locator('[id^="approx-field-"]')
    assert box.input_value() == str(figure["value"]["approx"])
    box.fill("150000")
    path = repo / "content" / "articles" / f"{REAL_SLUG}.yml"
    before = path.read_bytes()
    publish(page)
    written(path, before)

    assert pipeline.diff(repo / "content", "main", repo) == (
        "## What this change does to the fact sheets\n\n### Figures\n\n"
        f"- **{SIDECAR['title']}** (`{REAL_SLUG}`): {figure['label']}: about 130,000 troops → **about 150,000 troops**\n"
    )
    # The form takes any number; check then holds the figure to its sentence, which says 130,000.
    with pytest.raises(ValidationFailed) as failed:
        pipeline.check(repo / "content")
    assert [(p.code, p.field) for p in failed.value.problems] == [("value-not-in-sentence", "figures[0].value")]
    assert_quiet(tab)


#: The screenshot of the form in docs/editing.md, under docs/images/ (``make screenshots`` retakes it).
FORM_SHOT = "cms/form.png"


def _screenshot(page: Page, shows: Locator, folders: list[Path]) -> None:
    """Screenshot the form with ``shows`` (the quote, its speaker picked from the registry) at the top."""
    page.evaluate("e => e.scrollIntoView({block: 'start'})", shows.element_handle())
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    save_screenshot(page, folders, FORM_SHOT)


def test_the_contributing_and_editing_docs_show_the_form() -> None:
    for doc in ("contributing.md", "editing.md"):
        assert f"](images/{FORM_SHOT})" in (ROOT / "docs" / doc).read_text(encoding="utf-8"), doc
    assert (ROOT / "docs" / "images" / FORM_SHOT).is_file()
