"""A coverage-guided fuzz target over the loader, the validator, the renderer and ``factsheet build``.

Each input is turned into a content folder, in one of four ways chosen by its
first byte: random bytes as a sidecar, or structured mutations (values
replaced, keys dropped or added, types changed, items repeated) of the real
sidecar, of the entity registry, or of the article text. The content then goes
through ``factsheet check`` and, when it validates, through rendering and
``factsheet build --out``. The invariants:

- no exception but the generator's own (every failure is a located problem);
- every problem names its file, and its line unless it is about the whole file;
- no printed report holds a raw control, bidi or invisible character;
- every page converted to HTML, as MkDocs would, passes the post-build scan (no
  script, handler, frame or non-http(s) link from content);
- ``build --out`` writes nothing outside its output folder.

Run it with atheris for a bounded time (``make fuzz``, or ``make test-slow``
for two minutes); a failing input is written to ``tests/fuzz/crashers/``,
where ``tests/test_fuzz.py`` replays every one on each ``make test``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402
import jinja2  # noqa: E402
import yaml  # noqa: E402

with atheris.instrument_imports(include=["generator"]):
    from generator import pipeline, publish, render
    from generator.errors import FactsheetError, ValidationFailed
    from generator.publish import scan
    from generator.render.syndicate import Site

import markdown  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

REAL_SLUG = "2022-02-15-russia-troops-ukraine-border"
SEED = yaml.safe_load((ROOT / "content" / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8"))
ENTITIES = yaml.safe_load((ROOT / "content" / "entities.yml").read_text(encoding="utf-8"))
TEXT = (ROOT / "content" / "articles" / f"{REAL_SLUG}.txt").read_text(encoding="utf-8")
SITE = Site("https://factsheet.example/", "Factsheet", "Factsheet")
FILE_CODES = frozenset({"file-name", "file-symlink", "file-hardlink", "file-special", "file-missing", "file-too-large"})
MARKUP = ["<script>", "</p>", "javascript:", "[x](", ")", "{: onclick=x }", "|", "\n", "\u202e", "\u200d", "&#60;", "TODO"]
_CONFIG = load_config(str(ROOT / "mkdocs.yml"))


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory across inputs: compiling them is most of a render's time."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


class Broken(AssertionError):
    """An invariant does not hold."""


def _text(fdp: Any) -> str:
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        return str(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40)))
    if choice == 1:
        return MARKUP[fdp.ConsumeIntInRange(0, len(MARKUP) - 1)] + str(fdp.ConsumeUnicodeNoSurrogates(8))
    if choice == 2:
        return str(fdp.ConsumeIntInRange(-(10**6), 10**18))
    return str(fdp.ConsumeUnicode(12))


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _mutate(data: Any, fdp: Any) -> Any:
    """``data`` (a YAML tree) with a few structured changes chosen by ``fdp``."""
    for _ in range(fdp.ConsumeIntInRange(1, 6)):
        paths = _paths(data)
        path = paths[fdp.ConsumeIntInRange(0, len(paths) - 1)]
        if not path:
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = fdp.ConsumeIntInRange(0, 6)
        value = parent[last]
        if action == 0:
            parent[last] = _text(fdp)
        elif action == 1:
            parent[last] = None
        elif action == 2 and isinstance(parent, dict):
            del parent[last]
        elif action == 3 and isinstance(parent, dict):
            parent[_text(fdp) or "x"] = _text(fdp)
        elif action == 4:
            parent[last] = [value] if not isinstance(value, list) else {"k": value}
        elif action == 5 and isinstance(parent, list):
            parent.append(value)
        elif isinstance(value, str):
            cut = fdp.ConsumeIntInRange(0, len(value))
            parent[last] = value[:cut] + _text(fdp) + value[cut:]
    return data


def _content(data: bytes, folder: Path) -> None:
    """Write the content folder that ``data`` describes into ``folder`` (emptied first)."""
    mode = data[0] % 4 if data else 0
    fdp = atheris.FuzzedDataProvider(data[1:])
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "articles").mkdir(parents=True)
    for name in ("ratings.yml", "series.yml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    entities, sidecar, text = ENTITIES, SEED, TEXT
    if mode == 0:
        raw = fdp.ConsumeBytes(fdp.remaining_bytes())
        (folder / "articles" / f"{REAL_SLUG}.yml").write_bytes(raw)
    else:
        if mode == 1:
            sidecar = _mutate(yaml.safe_load(yaml.safe_dump(SEED)), fdp)
        elif mode == 2:
            entities = _mutate(yaml.safe_load(yaml.safe_dump(ENTITIES)), fdp)
        else:
            cut = fdp.ConsumeIntInRange(0, len(TEXT))
            text = TEXT[:cut] + _text(fdp) + TEXT[cut + fdp.ConsumeIntInRange(0, 200) :]
        dumped = yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False)
        (folder / "articles" / f"{REAL_SLUG}.yml").write_text(dumped, encoding="utf-8", errors="surrogatepass")
    dumped = yaml.safe_dump(entities, allow_unicode=True, sort_keys=False)
    (folder / "entities.yml").write_text(dumped, encoding="utf-8", errors="surrogatepass")
    (folder / "articles" / f"{REAL_SLUG}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")


def _printable(report: str) -> None:
    bad = [c for c in report if c != "\n" and not c.isprintable()]
    if bad:
        raise Broken(f"a report holds raw characters {bad!r}")


def _located(failure: ValidationFailed) -> None:
    for problem in failure.problems:
        if not problem.file:
            raise Broken(f"a problem names no file: {problem}")
        if problem.line is None and problem.code not in FILE_CODES:
            raise Broken(f"a problem has no line: {problem}")
    _printable(failure.report())
    _printable(failure.github())


def _inert(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        if not path.endswith(".md"):
            continue
        body = page.split("---\n", 2)[-1] if page.startswith("---\n") else page
        html = markdown.markdown(body, extensions=_CONFIG.markdown_extensions, extension_configs=_CONFIG.mdx_configs)
        findings = scan.scan_page(f"<article>{html}</article>", path, {})
        if findings:
            raise Broken(f"{path}: {findings}")


def run(data: bytes, work: Path) -> None:
    """Check every invariant for one input; raises Broken (or whatever the pipeline let through) when one fails."""
    content = work / "content"
    _content(data, content)
    holds(content, work)


def holds(content: Path, work: Path) -> None:
    """Check every invariant for the content folder ``content``, using ``work`` for the output."""
    try:
        corpus = pipeline.check(content)
    except ValidationFailed as failure:
        _located(failure)
        return
    env = render.environment([ROOT / "templates"], corpus)
    env.bytecode_cache = _COMPILED
    pages = render.render_pages(env, corpus, SITE)
    _inert(pages)
    out, sandbox = work / "sandbox" / "out", work / "sandbox"
    shutil.rmtree(sandbox, ignore_errors=True)
    sandbox.mkdir()
    (sandbox / "keep.txt").write_text("not the generator's\n", encoding="utf-8")
    try:
        # What factsheet build --out does once the pages are rendered (rendering them again would halve the speed).
        publish.write_pages(pages, out)
    except FactsheetError as exc:
        _printable(str(exc))
    outside = sorted(p.relative_to(sandbox).as_posix() for p in sandbox.iterdir() if p.name != "out")
    if outside != ["keep.txt"] or (sandbox / "keep.txt").read_text(encoding="utf-8") != "not the generator's\n":
        raise Broken(f"build --out wrote outside its folder: {outside}")


def main() -> None:
    """Run atheris over :func:`run`; libFuzzer's own options (``-max_total_time=N``, corpus folders) pass through.

    ``tests/fuzz/seeds/`` holds a start for each mode: the real sidecar's bytes, and random bytes for the others.
    """
    work = Path(tempfile.mkdtemp(prefix="factsheet-fuzz-"))
    os.environ["FACTSHEET_CACHE_DIR"] = "off"
    atheris.Setup(sys.argv, lambda data: run(data, work))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
