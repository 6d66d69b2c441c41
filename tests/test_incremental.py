"""Incremental builds cannot go stale: after each of a sequence of random edits, additions and deletions, a build
that reuses the caches is byte for byte the site a build without them makes."""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, REAL_SLUG, copy_project
from generator import sites

#: The sequence's seed; FACTSHEET_TEST_SEED runs another one.
SEED = int(os.environ.get("FACTSHEET_TEST_SEED", "20261207"))
WORDS = ("estimate", "build-up", "withdrawal", "drills", "border", "statement", "analysts", "satellite")
Edit = Callable[[Path, random.Random], str]


def sheets(project: Path) -> list[Path]:
    return sorted((project / "content" / "articles").glob("*.yml"))


def retitle(project: Path, rng: random.Random) -> str:
    sheet = rng.choice(sheets(project))
    text = sheet.read_text(encoding="utf-8")
    word = rng.choice(WORDS)
    sheet.write_text(re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m[1]}, {word}", text, count=1), encoding="utf-8")
    return f"retitled {sheet.stem} with {word!r}"


def retag(project: Path, rng: random.Random) -> str:
    sheet = rng.choice(sheets(project))
    tags = sorted(rng.sample(["russia", "ukraine", "nato", "military", "troops", "diplomacy"], rng.randint(1, 3)))
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"(?m)^tags: .*$", f"tags: [{', '.join(tags)}]", text, count=1), encoding="utf-8")
    return f"tagged {sheet.stem} {tags}"


def add(project: Path, rng: random.Random) -> str:
    model = rng.choice(sorted(FIXTURES.glob("series/*.yml")))
    slug = f"2022-0{rng.randint(3, 9)}-{rng.randint(10, 28)}-{rng.choice(WORDS)}-{rng.randint(100, 999)}"
    articles = project / "content" / "articles"
    text = model.read_text(encoding="utf-8")
    (articles / f"{slug}.yml").write_text(text.replace("title: ", f"title: Sheet {slug[-3:]} on ", 1), encoding="utf-8")
    shutil.copy(model.with_suffix(".txt"), articles / f"{slug}.txt")
    return f"added {slug} from {model.stem}"


def delete(project: Path, rng: random.Random) -> str:
    # The seed sheet stays: hand-written pages and other sheets' relations point at it.
    others = [sheet for sheet in sheets(project) if sheet.stem != REAL_SLUG]
    if not others:
        return add(project, rng)
    sheet = rng.choice(others)
    sheet.unlink()
    sheet.with_suffix(".txt").unlink()
    return f"deleted {sheet.stem}"


def unpublish(project: Path, rng: random.Random) -> str:
    sheet = rng.choice(sheets(project))
    text = sheet.read_text(encoding="utf-8")
    status = "draft" if "status: published" in text else "published"
    sheet.write_text(re.sub(r"(?m)^status: \w+$", f"status: {status}", text, count=1), encoding="utf-8")
    return f"set {sheet.stem} to {status}"


def rename_entity(project: Path, rng: random.Random) -> str:
    registry = project / "content" / "entities.yml"
    word = rng.choice(WORDS)
    text = registry.read_text(encoding="utf-8")
    registry.write_text(re.sub(r"(?m)^    name: Henry Boyd.*$", f"    name: Henry Boyd ({word})", text), encoding="utf-8")
    return f"renamed Henry Boyd ({word})"


def edit_page(project: Path, rng: random.Random) -> str:
    page = project / "pages" / "methodology.md"
    word = rng.choice(WORDS)
    page.write_text(page.read_text(encoding="utf-8") + f"\nA line about the {word}.\n", encoding="utf-8")
    return f"added a line about the {word} to methodology.md"


EDITS: tuple[Edit, ...] = (retitle, retag, add, delete, unpublish, rename_entity, edit_page)


def test_after_each_random_edit_a_cached_build_is_the_site_an_uncached_build_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, converted: list[str]
) -> None:
    (tmp_path / "work").mkdir()
    project = copy_project(tmp_path / "work", CONTENT)
    for model in FIXTURES.glob("series/*"):
        shutil.copy(model, project / "content" / "articles" / model.name)
    rng = random.Random(SEED)
    # Every kind of edit once, in a random order, then as many drawn at random.
    steps = rng.sample(EDITS, len(EDITS)) + [rng.choice(EDITS) for _ in EDITS]

    def build(cache: str) -> tuple[dict[str, bytes], int]:
        monkeypatch.setenv("FACTSHEET_CACHE_DIR", cache)
        before = len(converted)
        out = sites.build_site(project / "mkdocs.yml", tmp_path / f"site-{cache == 'off'}")
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        return files, len(converted) - before

    cache = str(tmp_path / "cache")
    build(cache)
    done: list[str] = []
    reused: list[bool] = []
    for edit in steps:
        done.append(edit(project, rng))
        (cached, again), (uncached, every) = build(cache), build("off")
        differ = sorted(path for path in cached.keys() | uncached.keys() if cached.get(path) != uncached.get(path))
        assert not differ, f"seed {SEED}, after {done}: the cached build differs in {differ}"
        reused.append(again < every)
    # Some edits (unpublishing the sheet every page links to) change every page; most must not.
    assert sum(reused) > len(steps) // 2, f"seed {SEED}: the cache was used in only {sum(reused)} of {len(steps)} builds"
