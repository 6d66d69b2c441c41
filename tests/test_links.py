"""``factsheet links`` against a server on this machine: live, moved, gone, missing, slow, refused and flaky pages."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import CONTENT, REAL_SLUG
from generator import cli, pipeline

SLOW = 3.0
TIMEOUT = 0.5


class Pages(BaseHTTPRequestHandler):
    """Each path behaves as its name says; every request is counted."""

    asked: ClassVar[Counter[str]] = Counter()

    def _answer(self, body: bool) -> None:
        path = self.path
        self.asked[f"{self.command} {path}"] += 1
        if path == "/slow":
            time.sleep(SLOW)
        if path == "/flaky" and self.asked[f"{self.command} {path}"] + self.asked[f"GET {path}"] < 3:
            return self._send(503)
        if path == "/head-refused" and self.command == "HEAD":
            return self._send(405)
        redirects = {
            "/moved": "/live",
            "/loop": "/loop",
            "/to-local-admin": "http://127.0.0.1:1/admin",
            "/bad-redirect": "http://[oops/",
        }
        if path in redirects:
            return self._send(301, {"Location": redirects[path]})
        return self._send({"/gone": 410, "/missing": 404}.get(path, 200), body=body)

    def _send(self, status: int, headers: dict[str, str] | None = None, body: bool = False) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def content_citing(tmp_path: Path, urls: list[str]) -> Path:
    """The real registries, and one sidecar whose sources cite ``urls`` (and whose summary links the first)."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for name in ("entities.yml", "ratings.yml", "series.yml"):
        shutil.copy(CONTENT / name, content / name)
    sources = "".join(f"  - id: s{i}\n    url: {url}\n" for i, url in enumerate(urls))
    (content / "articles" / "2024-01-01-links.yml").write_text(
        f"status: draft\nsummary: See [the first]({urls[0]}).\nsources:\n{sources}", encoding="utf-8"
    )
    return content


def first_lines(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.format().splitlines()[0] for p in problems]


def test_each_kind_of_link_is_reported_where_it_is_written(server: str, tmp_path: Path) -> None:
    refused = f"http://127.0.0.1:{closed_port()}/"
    paths = ["live", "moved", "gone", "missing", "slow", "flaky", "head-refused", "loop"]
    content = content_citing(tmp_path, [f"{server}/{p}" for p in paths] + [refused])
    report = pipeline.check_links(content, allow_local=True, timeout=TIMEOUT, max_age=0)
    file = "content/articles/2024-01-01-links.yml"
    fix = "replace it with a working link or an archived copy [dead-link]"
    assert first_lines(report.problems) == [
        f"{file}:7:10: sources[1].url: warning: {server}/moved: redirects to {server}/live; check that it is the same page, "
        "and link it directly [moved-link]",
        f"{file}:9:10: sources[2].url: {server}/gone: 410 Gone; {fix}",
        f"{file}:11:10: sources[3].url: {server}/missing: 404 Not Found; {fix}",
        f"{file}:13:10: sources[4].url: {server}/slow: timed out after 0.5 s; {fix}",
        f"{file}:19:10: sources[7].url: {server}/loop: more than 10 redirects; {fix}",
        f"{file}:21:10: sources[8].url: {refused}: could not connect: Connection refused; {fix}",
    ]
    assert report.checked == 9 and report.cached == 0
    # The flaky page answered 503 twice, then 200: a transient failure is asked again, and it passed.
    assert Pages.asked[f"HEAD {'/flaky'}"] == 3


def test_a_host_on_this_machine_is_refused_without_allow_local(server: str, tmp_path: Path) -> None:
    content = content_citing(tmp_path, [f"{server}/live"])
    before = sum(Pages.asked.values())
    report = pipeline.check_links(content, allow_local=False, timeout=TIMEOUT, max_age=0)
    why = (
        "refused: the host '127.0.0.1' is a loopback address (this machine); a published link must point at a public site "
        "(--allow-local to check it)"
    )
    assert first_lines(report.problems) == [
        f"content/articles/2024-01-01-links.yml:2:26: summary: {server}/live: {why}; replace it with a working link or an "
        "archived copy [dead-link]",
        f"content/articles/2024-01-01-links.yml:5:10: sources[0].url: {server}/live: {why}; replace it with a working link "
        "or an archived copy [dead-link]",
    ]
    assert sum(Pages.asked.values()) == before, "nothing was asked of the local server"


def test_a_redirect_to_a_local_host_is_refused_at_that_hop(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import linkcheck

    # The first hop is let through as if it were public; the redirect to 127.0.0.1:1 must still be refused.
    real = linkcheck.refusal
    monkeypatch.setattr(linkcheck, "refusal", lambda url, allow: None if url.startswith(server) else real(url, allow))
    content = content_citing(tmp_path, [f"{server}/to-local-admin"])
    [_summary, problem] = pipeline.check_links(content, allow_local=False, timeout=TIMEOUT, max_age=0).problems
    assert problem.message.startswith(f"{server}/to-local-admin: refused: the host '127.0.0.1' is a loopback address")


def test_a_host_given_in_a_form_the_content_rules_refuse_is_not_asked(tmp_path: Path) -> None:
    # Percent-encoded digits and a backslash: urllib3 and urlsplit read these hosts differently.
    content = content_citing(tmp_path, ["http://%31%32%37.0.0.1:9/", "http://127.0.0.1:9\\@example.com/"])
    report = pipeline.check_links(content, allow_local=True, timeout=TIMEOUT, max_age=0)
    assert [p.message.split(": refused: ")[1].split(";")[0] for p in report.problems if p.field.startswith("sources")] == [
        "the host '%31%32%37.0.0.1' reads as an IPv4 address in an unusual form",
        "a URL cannot contain a backslash, which browsers read as '/'",
    ]


def test_a_redirect_to_something_that_is_not_a_url_is_reported_not_a_crash(server: str, tmp_path: Path) -> None:
    content = content_citing(tmp_path, [f"{server}/bad-redirect"])
    [_summary, problem] = pipeline.check_links(content, allow_local=True, timeout=TIMEOUT, max_age=0).problems
    # requests reads the Location header itself, even when it is not asked to follow it.
    assert (
        problem.message == f"{server}/bad-redirect: failed: Invalid IPv6 URL; replace it with a working link or an archived copy"
    )


def test_a_second_run_reuses_what_it_learnt(server: str, tmp_path: Path) -> None:
    content = content_citing(tmp_path, [f"{server}/live", f"{server}/missing", f"{server}/slow"])
    pipeline.check_links(content, allow_local=True, timeout=TIMEOUT, max_age=3600)
    asked = Counter(Pages.asked)
    again = pipeline.check_links(content, allow_local=True, timeout=TIMEOUT, max_age=3600)
    # The live and missing pages are remembered; the timeout is not, so the slow page is asked again.
    assert (again.checked, again.cached) == (1, 2)
    assert Pages.asked - asked == Counter({"HEAD /slow": 3})
    assert [p.message.split(": ", 1)[1] for p in again.problems] == [
        "404 Not Found; replace it with a working link or an archived copy",
        "timed out after 0.5 s; replace it with a working link or an archived copy",
    ]
    assert pipeline.check_links(content, allow_local=False, timeout=TIMEOUT, max_age=3600).cached == 0


def test_a_dead_link_planted_in_the_real_content_is_found_at_its_line(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    lines = sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("sources:")) + 1
    lines.insert(at + 1, f"    url: {server}/missing\n")
    sidecar.write_text("".join(lines), encoding="utf-8")
    code = cli.main(["--content", str(content), "links", "--allow-local", "--timeout", str(TIMEOUT), "--max-age", "0"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == (
        f"content/articles/{REAL_SLUG}.yml:{at + 2}:10: sources[0].url: {server}/missing: 404 Not Found; "
        "replace it with a working link or an archived copy [dead-link]"
    )
    assert out[-1] == "links: 1 asked, 0 reused from earlier runs; 1 dead, 0 moved"
