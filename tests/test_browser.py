"""The published site as a reader uses it: Debian's chromium, driven by Playwright, on the built site served from 127.0.0.1.

Without /usr/bin/chromium, or without axe-core (``npm ci``) for the accessibility test, these tests
are skipped, except when CI=true, where they fail. With FACTSHEET_SCREENSHOTS=DIR the screenshots
shown in docs/screenshots.md are also written to DIR (``make screenshots``).
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, FloatRect, Locator, Page, Route, sync_playwright

from conftest import CONTENT, REAL_SLUG, ROOT, copy_project, factsheet_site, hostile_content, mkdocs_build, require

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
SHEET = f"sheets/{REAL_SLUG}/"
SERIES = "series/russian-troops-near-ukraine-border/"
PAGES = pytest.mark.parametrize(
    "path", ["", SHEET, "people/jens-stoltenberg/", SERIES], ids=["home", "sheet", "entity", "series"]
)
FIGURES = "xpath=//h2[@id='key-figures']/following::table[1]"
LATEST = "xpath=//h2[@id='latest-fact-sheets']/following::table[1]"
#: The screenshots in docs/screenshots.md: file, page, viewport, what to scroll to the top (if anything), what it must show.
DOC_SHOTS = [
    ("home.png", "", DESKTOP, None, LATEST),
    ("sheet.png", SHEET, DESKTOP, None, FIGURES),
    ("sheet-claims.png", SHEET, DESKTOP, "#claims", "article .fs-rating"),
    ("sheet-quotes.png", SHEET, DESKTOP, "#quotes", "article blockquote + p"),
    ("sheet-phone.png", SHEET, PHONE, "#key-figures", FIGURES),
]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


SIDECAR = load_yaml(CONTENT / "articles" / f"{REAL_SLUG}.yml")
NAMES = {e["id"]: e["name"] for e in load_yaml(CONTENT / "entities.yml")["entities"]}
RATINGS = {r["id"]: r for r in load_yaml(CONTENT / "ratings.yml")["ratings"]}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files as a static host serves them: a folder without index.html is a 404, not a listing."""

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(StaticHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build(project: Path, site: Path) -> Path:
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built once and served on 127.0.0.1: its base URL."""
    with serve(build(ROOT, tmp_path_factory.mktemp("browser") / "site")) as url:
        yield url


@dataclass
class Tab:
    """A page in a browser context of its own, with what it logged and requested."""

    page: Page
    console: list[ConsoleMessage] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        return [m.text for m in self.console if m.type == "error"] + self.uncaught

    def csp_reports(self) -> list[str]:
        return [m.text for m in self.console if "Content Security Policy" in m.text]


def open_in(
    browser: Browser, url: str, viewport: dict[str, int], *, bypass_csp: bool = False, allow: tuple[str, ...] = ()
) -> Tab:
    """Open ``url`` in a new context, where requests to any other host (but those ``allow`` names) are recorded and refused."""
    origins = ("{0.scheme}://{0.netloc}/".format(urlsplit(url)), *allow)
    context = browser.new_context(viewport=viewport, device_scale_factor=1, bypass_csp=bypass_csp)
    tab = Tab(context.new_page())

    def refuse(route: Route) -> None:
        tab.refused.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda u: not u.startswith(origins), refuse)
    tab.page.on("console", lambda m: tab.console.append(m))
    tab.page.on("pageerror", lambda e: tab.uncaught.append(str(e)))
    tab.page.on("request", lambda r: tab.requests.append(r.url))
    tab.page.on("requestfailed", lambda r: tab.failed.append(f"{r.failure} {r.url}"))
    tab.page.on("response", lambda r: r.status >= 400 and tab.failed.append(f"{r.status} {r.url}"))
    tab.page.goto(url)
    return tab


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Open a URL in a tab of its own, for a test that clicks, types or scrolls; closed after the test."""
    tabs: list[Tab] = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP, *, bypass_csp: bool = False, allow: tuple[str, ...] = ()) -> Tab:
        tabs.append(open_in(browser, url, viewport, bypass_csp=bypass_csp, allow=allow))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.page.context.close()


@pytest.fixture(scope="module")
def visit(browser: Browser, site: str) -> Iterator[Callable[..., Tab]]:
    """A page of the real site, loaded once per viewport and shared by the tests that only look at it."""
    tabs: dict[tuple[str, int], Tab] = {}

    def visit_(path: str, viewport: dict[str, int] = DESKTOP) -> Tab:
        if (path, viewport["width"]) not in tabs:
            tab = tabs[path, viewport["width"]] = open_in(browser, site + path, viewport)
            tab.page.wait_for_load_state("networkidle")
        return tabs[path, viewport["width"]]

    yield visit_
    for tab in tabs.values():
        tab.page.context.close()


def texts(page: Page, selector: str) -> list[str]:
    """The text of every element ``selector`` matches, with white space collapsed and no heading's permalink."""
    return [" ".join(t.split()).removesuffix("¶") for t in page.locator(selector).all_inner_texts()]


def rows(page: Page, table: str) -> list[list[str]]:
    return [texts(page, f"{table}//tbody/tr[{i + 1}]/td") for i in range(page.locator(f"{table}//tbody/tr").count())]


def box(locator: Locator) -> FloatRect:
    rect = locator.bounding_box()
    assert rect is not None, f"{locator} is not shown"
    return rect


# 1. The home page


def published_titles_newest_first(content: Path) -> list[str]:
    sidecars = sorted((p.stem, load_yaml(p)) for p in (content / "articles").glob("*.yml"))
    published = [s for s in sidecars if s[1]["status"] == "published"]
    published.sort(key=lambda s: s[1]["article"]["published"], reverse=True)
    return [s[1]["title"] for s in published]


def test_home_page_lists_the_real_sheets(visit: Callable[..., Tab]) -> None:
    listed = rows(visit("").page, LATEST)
    assert [r[1] for r in listed] == published_titles_newest_first(CONTENT)[:10]
    date, _, ratings = next(r for r in listed if r[1] == SIDECAR["title"])
    assert date == "15 February 2022"
    assert ratings.startswith("? Unverified") and ratings.endswith(" 4")


def test_home_page_links_each_sheet(open_tab: Callable[..., Tab], site: str) -> None:
    page = open_tab(site).page
    page.locator(LATEST).get_by_role("link", name=SIDECAR["title"], exact=True).click()
    page.wait_for_url(site + SHEET)
    assert texts(page, "article h1") == [SIDECAR["title"]]


@pytest.fixture(scope="module")
def dated_site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real content plus two copies of the real sheet, published a day and two days later, in reverse slug order."""
    tmp = tmp_path_factory.mktemp("dated")
    articles = copy_project(tmp, CONTENT) / "content" / "articles"
    real = (articles / f"{REAL_SLUG}.yml").read_text(encoding="utf-8")
    for day, slug in ((17, "2022-02-17-a-copy"), (16, "2022-02-16-b-copy")):
        sidecar = real.replace("\n  published: 2022-02-15\n", f"\n  published: 2022-02-{day}\n", 1)
        sidecar = re.sub(r"(?m)^title: .*$", f"title: The real sheet again, dated {day} February", sidecar, count=1)
        (articles / f"{slug}.yml").write_text(sidecar, encoding="utf-8")
        shutil.copy(articles / f"{REAL_SLUG}.txt", articles / f"{slug}.txt")
    with serve(build(tmp / "project", tmp / "site")) as url:
        yield url


def test_home_page_lists_the_sheets_newest_first(open_tab: Callable[..., Tab], dated_site: str) -> None:
    assert [r[:2] for r in rows(open_tab(dated_site).page, LATEST)] == [
        ["17 February 2022", "The real sheet again, dated 17 February"],
        ["16 February 2022", "The real sheet again, dated 16 February"],
        ["15 February 2022", SIDECAR["title"]],
    ]


# 2. Search


def search(page: Page, query: str) -> Locator:
    """Open the search dialog from the header, type ``query``, and wait for results; return the result links."""
    trigger = page.locator("header pagefind-modal-trigger button")
    assert trigger.is_visible(), "the search box is in the header at every width"
    trigger.click()
    page.locator("pagefind-modal input").type(query)
    links = page.locator("pagefind-modal .pf-result-link")
    links.first.wait_for()
    return links


@VIEWPORTS
def test_search_finds_the_sheet_and_opens_it(open_tab: Callable[..., Tab], site: str, viewport: dict[str, int]) -> None:
    page = open_tab(site, viewport).page
    links = search(page, "Stoltenberg")
    result = links.filter(has_text=SIDECAR["title"])
    result.wait_for()
    assert box(result)["x"] >= 0 and box(result)["x"] + box(result)["width"] <= viewport["width"]
    result.click()
    page.wait_for_url(re.compile(re.escape(site + SHEET)))
    assert texts(page, "article h1") == [SIDECAR["title"]]


def test_a_search_for_a_sheet_s_title_finds_the_sheet_first(open_tab: Callable[..., Tab], site: str) -> None:
    page = open_tab(site).page
    links = search(page, SIDECAR["title"])
    page.wait_for_timeout(500)  # results arrive a chunk at a time; let the ranking settle
    assert links.first.inner_text().strip() == SIDECAR["title"]


@pytest.fixture(scope="module")
def properdocs_site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built by ProperDocs instead of MkDocs, and served."""
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = factsheet_site(ROOT, site, "properdocs")
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url


def test_search_works_on_the_site_that_properdocs_built(open_tab: Callable[..., Tab], properdocs_site: str) -> None:
    tab = open_tab(properdocs_site)
    result = search(tab.page, "Stoltenberg").filter(has_text=SIDECAR["title"])
    result.wait_for()
    result.click()
    tab.page.wait_for_url(re.compile(re.escape(properdocs_site + SHEET)))
    assert texts(tab.page, "article h1") == [SIDECAR["title"]]
    assert tab.errors() == [] and tab.refused == [] and tab.failed == []


@pytest.fixture(scope="module")
def hostile_site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile corpus's inert cases, built and served."""
    tmp = tmp_path_factory.mktemp("hostile")
    with serve(build(copy_project(tmp, hostile_content(tmp / "content")), tmp / "site")) as url:
        yield url


def test_search_results_show_hostile_text_as_text(open_tab: Callable[..., Tab], hostile_site: str) -> None:
    tab = open_tab(hostile_site)
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    links = search(tab.page, "onerror")
    assert "<script>alert(1)</script><img src=x onerror=alert(2)>" in links.all_inner_texts()
    # Titles and excerpts are inserted as text: the only elements are the results' own.
    made = tab.page.eval_on_selector_all("pagefind-modal .pf-result *", "els => [...new Set(els.map(e => e.localName))]")
    assert set(made) <= {"div", "p", "a", "mark", "ul", "li", "span"}, made
    assert dialogs == [] and tab.errors() == [] and tab.csp_reports() == []


# 3. A fact sheet


def test_sheet_shows_its_figures_in_a_table(visit: Callable[..., Tab]) -> None:
    page = visit(SHEET).page
    assert texts(page, f"{FIGURES}//th") == ["Figure", "Value", "Unit", "As of", "Stated by", "Source"]
    assert rows(page, FIGURES) == [
        [SIDECAR["figures"][0]["label"], "about 130,000", "troops", "15 February 2022", "Not attributed", "None named"],
        [SIDECAR["figures"][1]["label"], "several", "days", "15 February 2022", "Konrad Muzyka", "Reuters"],
    ]


def test_sheet_shows_each_claim_with_a_rating_badge(visit: Callable[..., Tab]) -> None:
    page = visit(SHEET).page
    assert page.locator("article .fs-rating").count() == len(SIDECAR["claims"])
    for claim in SIDECAR["claims"]:
        assert texts(page, f"h3#claim-{claim['id']}") == [claim["text"]]
        badge = page.locator(f"xpath=//h3[@id='claim-{claim['id']}']/following-sibling::p[1]/span[1]")
        rating = RATINGS[claim["rating"]]
        assert badge.get_attribute("class") == f"fs-rating fs-rating--{rating['id']}"
        # The marker and the label carry the meaning; colour only helps, and the border makes it a badge.
        assert badge.inner_text() == f"{rating['marker']} {rating['label']}"
        assert badge.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)") >= 1
        assert box(badge)["height"] < 40


def attribution(quote: dict[str, Any]) -> str:
    """The line under a quote, from the sidecar: who said it, in what role, and through whom the article has it."""
    parts = [NAMES[quote["speaker"]], quote.get("role"), NAMES.get(quote.get("organisation", ""))]
    line = "— " + ", ".join(p for p in parts if p)
    line += f" ({quote['context']})" if quote.get("context") else ""
    via = {s["id"]: NAMES[s["entity"]] for s in SIDECAR["sources"] if "entity" in s}
    return line + "".join(f"; per {via[v]}" if i == 0 else f", per {via[v]}" for i, v in enumerate(quote.get("via", [])))


def test_sheet_sets_quotes_as_quotes_with_who_said_them(visit: Callable[..., Tab]) -> None:
    page = visit(SHEET).page
    quotes = SIDECAR["quotes"]
    assert texts(page, "article blockquote") == [f"“{q['text']}”" for q in quotes]
    assert texts(page, "article blockquote + p") == [attribution(q) for q in quotes]
    assert "— Dmytro Kuleba, Foreign Minister, Ukraine; per Interfax Ukraine" in texts(page, "article blockquote + p")
    assert page.locator("article blockquote").first.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"


def test_sheet_lists_its_sources(visit: Callable[..., Tab]) -> None:
    items = texts(visit(SHEET).page, "xpath=//h2[@id='sources']/following-sibling::ul[1]/li")
    assert len(items) == len(SIDECAR["sources"])
    for item, source in zip(items, SIDECAR["sources"], strict=True):
        name = NAMES[source["entity"]] if "entity" in source else f"{source['unnamed']} (not named in the article)"
        assert item == f"{name} ({source['kind'].replace('-', ' ')}): {source['description']}"


@PAGES
def test_every_internal_link_resolves(visit: Callable[..., Tab], site: str, path: str) -> None:
    tab = visit(path)
    hrefs: list[str] = tab.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    internal = sorted({h for h in hrefs if h.startswith(site)})
    assert len(internal) >= 10
    pages: dict[str, BeautifulSoup | None] = {}
    for href in internal:
        url, fragment = urldefrag(href)
        if url not in pages:
            response = tab.page.context.request.get(url)
            assert response.status == 200, href
            html = response.headers["content-type"].startswith("text/html")
            pages[url] = BeautifulSoup(response.text(), "html.parser") if html else None
        soup = pages[url]
        if fragment:
            assert soup is not None and soup.find(id=unquote(fragment)) is not None, href


@VIEWPORTS
def test_series_chart_is_drawn_and_fits(visit: Callable[..., Tab], viewport: dict[str, int]) -> None:
    page = visit(SERIES, viewport).page
    chart = page.locator("article img[src$='.svg']")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart loaded"
    assert box(chart)["width"] <= viewport["width"]
    assert rows(page, "xpath=//article//table[1]")[0][:3] == ["15 February 2022", "about 130,000", "Not attributed"]


# 4 and 5. Nothing from other hosts, and a quiet console


@VIEWPORTS
@PAGES
def test_page_loads_only_local_files_and_logs_no_error(
    visit: Callable[..., Tab], site: str, path: str, viewport: dict[str, int]
) -> None:
    tab = visit(path, viewport)
    assert tab.refused == []
    assert {urlsplit(r).netloc for r in tab.requests} == {urlsplit(site).netloc}
    assert {"css", "js"} <= {r.rsplit(".", 1)[-1] for r in tab.requests}
    assert tab.failed == []
    assert tab.csp_reports() == []
    assert tab.errors() == []


def test_search_loads_only_local_files_and_logs_no_error(open_tab: Callable[..., Tab], site: str) -> None:
    tab = open_tab(site)
    search(tab.page, "Stoltenberg")
    # Pagefind fetches its code and only the pieces of the index a query needs; there is no whole-site index.
    assert site + "pagefind/pagefind.js" in tab.requests
    assert any(r.endswith(".pf_fragment") for r in tab.requests)
    assert not [r for r in tab.requests if "search_index" in r]
    assert tab.refused == [] and tab.failed == [] and tab.csp_reports() == [] and tab.errors() == []


def test_the_checks_see_a_csp_violation_and_a_request_to_another_host(open_tab: Callable[..., Tab], site: str) -> None:
    """The checks above can fail: an inline script is reported, and a remote image is seen and refused."""
    script = "s => { const e = document.createElement('script'); e.textContent = s; document.body.append(e) }"
    tab = open_tab(site)
    tab.page.evaluate(script, "window.inlineRan = true")
    assert tab.page.evaluate("window.inlineRan") is None
    assert len(tab.csp_reports()) == 1 and "script-src" in tab.csp_reports()[0]
    tab = open_tab(site, bypass_csp=True)
    with tab.page.expect_event("requestfailed"):
        tab.page.evaluate("url => { const i = new Image(); i.src = url; document.body.append(i) }", "https://example.org/a.png")
    assert tab.refused == ["https://example.org/a.png"]


# 6. Phone and desktop


@VIEWPORTS
@PAGES
def test_page_fits_the_screen(visit: Callable[..., Tab], path: str, viewport: dict[str, int]) -> None:
    page = visit(path, viewport).page
    width = viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('article')).fontSize)") >= 16
    for badge in page.locator("article .fs-rating").all():
        assert box(badge)["x"] >= 0 and box(badge)["x"] + box(badge)["width"] <= width
    # Nor does any table scroll sideways in a box of its own, which a keyboard cannot reach.
    sideways = "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent.slice(0, 40))"
    assert page.eval_on_selector_all("article .md-typeset__scrollwrap", sideways) == []


@VIEWPORTS
def test_navigation_works_on_the_screen(open_tab: Callable[..., Tab], site: str, viewport: dict[str, int]) -> None:
    page = open_tab(site + SHEET, viewport).page
    # The navigation is a sidebar on a desktop, and a drawer behind the menu button on a phone.
    menu = page.locator("label.md-header__button[for='__drawer']")
    link = page.locator(".md-sidebar--primary").get_by_role("link", name="Fact sheets", exact=True)
    if viewport is PHONE:
        assert box(link)["x"] + box(link)["width"] <= 0
        menu.click()
    else:
        assert not menu.is_visible()
    link.click()
    page.wait_for_url(site + "sheets/")
    assert texts(page, "article h1") == ["Fact sheets"]


LINES = "e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map(b => b.top)).size }"


@VIEWPORTS
def test_figures_stay_readable(visit: Callable[..., Tab], viewport: dict[str, int]) -> None:
    page = visit(SHEET, viewport).page
    label, date = page.locator(f"{FIGURES}//tbody/tr[1]/td[1]"), page.locator(f"{FIGURES}//tbody/tr[1]/td[4]")
    assert box(label)["width"] >= 150
    assert label.evaluate(LINES) <= 3
    assert date.evaluate(LINES) == 1
    last = page.locator(f"{FIGURES}//tbody/tr[2]/td[6]")
    assert box(last)["x"] + box(last)["width"] <= box(page.locator("article"))["x"] + box(page.locator("article"))["width"]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Where screenshots go: a temporary folder, and FACTSHEET_SCREENSHOTS if it is set."""
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("FACTSHEET_SCREENSHOTS"):
        folders.append(Path(os.environ["FACTSHEET_SCREENSHOTS"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


@pytest.mark.parametrize(("name", "path", "viewport", "top", "shows"), DOC_SHOTS, ids=[s[0] for s in DOC_SHOTS])
def test_screenshot_for_the_docs(
    open_tab: Callable[..., Tab],
    site: str,
    shots: list[Path],
    name: str,
    path: str,
    viewport: dict[str, int],
    top: str | None,
    shows: str,
) -> None:
    """Each screenshot shows what docs/screenshots.md says: the element ``shows`` is whole in it."""
    page = open_tab(site + path, viewport).page
    target = page.locator(shows).first
    if top is not None:
        page.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top - 64)", page.locator(top).element_handle())
    else:
        page.evaluate(
            "e => window.scrollTo(0, Math.max(0, e.getBoundingClientRect().bottom + 24 - innerHeight))", target.element_handle()
        )
    assert box(target)["y"] >= 48 and box(target)["y"] + box(target)["height"] <= viewport["height"], f"{shows} is cut off"
    save_screenshot(page, shots, name)


def save_screenshot(page: Page, folders: list[Path], name: str) -> None:
    """Save what ``page`` shows as ``name`` (a path under each folder), as the docs' screenshots are kept."""
    shot = Image.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide"))).convert("RGB")
    # 64 colours keep the text as it looks and make the file a third of the size.
    small = shot.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    for folder in folders:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        small.save(folder / name, optimize=True)


def test_the_docs_show_every_screenshot() -> None:
    page = (ROOT / "docs" / "screenshots.md").read_text(encoding="utf-8")
    names = {s[0] for s in DOC_SHOTS}
    assert set(re.findall(r"\]\(images/([^)]+)\)", page)) == names
    assert {p.name for p in (ROOT / "docs" / "images").glob("*.png")} == names


# 7. Accessibility


@VIEWPORTS
@PAGES
def test_axe_finds_no_serious_or_critical_violation(
    open_tab: Callable[..., Tab], site: str, path: str, viewport: dict[str, int]
) -> None:
    require(AXE.exists(), f"{AXE} is missing: make test installs axe-core with npm ci")
    # axe is injected as a script the site's CSP forbids: only this context bypasses it.
    page = open_tab(site + path, viewport, bypass_csp=True).page
    page.add_script_tag(path=AXE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert len(results["passes"]) >= 20
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# Print


def test_sheet_prints_on_two_pages_without_the_site_navigation(open_tab: Callable[..., Tab], site: str) -> None:
    page = open_tab(site + SHEET).page
    for paper in ("A4", "Letter"):
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format=paper)))
        assert 1 <= pages <= 2, paper
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", "article .md-tags"):
        assert not page.locator(hidden).is_visible(), hidden
    assert texts(page, "article h1") == [SIDECAR["title"]]
    assert page.locator("article .fs-rating").first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('article')).color") == "rgb(0, 0, 0)"
