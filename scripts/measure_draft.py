"""Measure ``factsheet draft`` against the hand-made answer keys in tests/fixtures/draft/.

For each text, recall (what share of the key the draft found) and precision (what
share of the draft is in the key) of quotes, quotes with their speaker, speakers,
figures and claims, and the furniture stripped. Prints a Markdown table; the
"Drafting" section of docs/contributing.md holds its latest output, and a test
fails when the two differ. Run: ``make measure-draft``.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import pipeline  # noqa: E402
from generator.draft import Draft, draft  # noqa: E402
from generator.text import normalise  # noqa: E402

KEYS = ROOT / "tests" / "fixtures" / "draft"
TEXTS = {
    "real-article": ROOT / "content" / "articles" / "2022-02-15-russia-troops-ukraine-border.txt",
    "wire-copy": KEYS / "wire-copy.txt",
    "broadcaster-web": KEYS / "broadcaster-web.txt",
    "press-release": KEYS / "press-release.txt",
    "local-news": KEYS / "local-news.txt",
}
ROWS = ("quotes", "quotes with speaker", "speakers", "figures", "claims", "furniture")


def _fold(text: str) -> str:
    return normalise(text).casefold().strip(" .,")


def _matched(wanted: Iterable[str], found: Iterable[str]) -> int:
    """How many of ``wanted`` are in ``found``, each found item used once."""
    pool = Counter(found)
    hits = 0
    for item in wanted:
        if pool[item] > 0:
            pool[item] -= 1
            hits += 1
    return hits


def _claim_hit(key: dict[str, str], found: list[tuple[str, str]]) -> bool:
    wanted = _fold(key["text"])
    return any(_fold(who) == _fold(key["claimant"]) and (wanted in text or text in wanted) for who, text in found)


def score(result: Draft, key: dict[str, list[dict[str, str]]], names: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """Per row: (in the key and found, in the key, found)."""

    def person(name: str | None) -> str:
        return _fold(names.get(name or "", name or ""))

    quotes = [_fold(q.text) for q in result.quotes]
    quote_speakers = [f"{_fold(q.text)}|{person(q.speaker.name if q.speaker else None)}" for q in result.quotes]
    speakers = {person(q.speaker.name) for q in result.quotes if q.speaker}
    figures = [_fold(f.as_written) for f in result.figures]
    claims = [(c.claimant.name, _fold(c.text)) for c in result.claims]
    key_quotes = key.get("quotes", [])
    return {
        "quotes": (_matched([_fold(q["text"]) for q in key_quotes], quotes), len(key_quotes), len(quotes)),
        "quotes with speaker": (
            _matched([f"{_fold(q['text'])}|{person(q['speaker'])}" for q in key_quotes], quote_speakers),
            len(key_quotes),
            len(quotes),
        ),
        "speakers": (len({person(s) for s in key.get("speakers", [])} & speakers), len(key.get("speakers", [])), len(speakers)),
        "figures": (
            _matched([_fold(f["as_written"]) for f in key.get("figures", [])], figures),
            len(key.get("figures", [])),
            len(figures),
        ),
        "claims": (sum(_claim_hit(c, claims) for c in key.get("claims", [])), len(key.get("claims", [])), len(claims)),
        "furniture": (
            _matched([normalise(line) for line in key.get("furniture", [])], [normalise(s) for s in set(result.stripped)]),
            len(key.get("furniture", [])),
            len(set(result.stripped)),
        ),
    }


def measure() -> str:
    """The Markdown table of recall and precision, per text and in total."""
    corpus = pipeline.check(ROOT / "content")
    names = {e.name: e.name for e in corpus.entities.values()}
    totals = {row: [0, 0, 0] for row in ROWS}
    lines = [
        "| | " + " | ".join(TEXTS) + " | all |",
        "|---|" + "---|" * (len(TEXTS) + 1),
    ]
    cells: dict[str, list[str]] = {row: [] for row in ROWS}
    for name, path in TEXTS.items():
        key = yaml.safe_load((KEYS / f"{name}.key.yml").read_text(encoding="utf-8"))
        result = draft(path.read_text(encoding="utf-8"), corpus.entities)
        for row, (hit, wanted, found) in score(result, key, names).items():
            cells[row].append(f"{hit}/{wanted}")
            totals[row][0] += hit
            totals[row][1] += wanted
            totals[row][2] += found
    for row in ROWS:
        hit, wanted, found = totals[row]
        recall = f"{hit}/{wanted} = {hit / wanted:.0%}" if wanted else "–"
        precision = f"precision {hit}/{found} = {hit / found:.0%}" if found else ""
        lines.append(f"| {row} | " + " | ".join(cells[row]) + f" | **{recall}**, {precision} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(measure())
