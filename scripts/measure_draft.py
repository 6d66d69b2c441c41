"""Measure ``factsheet draft`` against the hand-written answer keys in tests/fixtures/draft/.

The corpus has a development half (see tests/fixtures/draft/README.md),
``dev``, on which the drafter's rules may be tuned, and a held-out half,
``heldout``, on which they are not. This prints one Markdown table with a
column for each:

- quotes found word for word, and with the right speaker; wrong speakers (a
  name, or an unnamed description, that is not the key's), and speakers left
  ``TODO`` although the text names them;
- invented names: names the draft proposes (speakers, claimants,
  organisations, relaying outlets, new registry entries) that are not a name
  the text uses;
- figures: recall and precision, a figure counting only when its value has
  the key's form and numbers (so the scale is right);
- furniture: the share of the key's furniture lines stripped, and the lines
  of the article stripped as if they were furniture;
- claims: with the right claimant, and with a wrong one.

Run ``make measure-draft``; ``--per-text dev`` adds a line per text of the
development half. docs/contributing.md holds this script's output, and a test
fails when the two differ.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import pipeline  # noqa: E402
from generator.draft import Draft, Who, draft  # noqa: E402
from generator.text import normalise  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "draft"
HALVES = {"dev": "development half", "heldout": "held-out half"}


def fold(text: str) -> str:
    """Text as compared: typographic marks folded, whitespace runs to one space, case and edge punctuation ignored."""
    return normalise(text).casefold().strip(" .,;:!?'\"-—–")


@dataclass
class Tally:
    """The counts for some texts; each figure of the table is a ratio of two of them."""

    texts: int = 0
    key_quotes: int = 0
    quotes_found: int = 0
    right_speaker: int = 0
    wrong_speaker: int = 0
    todo_but_named: int = 0
    drafted_quotes: int = 0
    invented: list[str] = field(default_factory=list)
    key_figures: int = 0
    drafted_figures: int = 0
    figures_right: int = 0
    key_furniture: int = 0
    furniture_stripped: int = 0
    prose_stripped: list[str] = field(default_factory=list)
    key_claims: int = 0
    drafted_claims: int = 0
    claims_right: int = 0
    wrong_claimant: int = 0

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def _form(name: str) -> str:
    """A name as compared: folded, and without a leading "the" ("Deccan Ledger" names "The Deccan Ledger")."""
    return re.sub(r"^the\s+", "", fold(name))


def _names(key: dict[str, Any]) -> dict[str, str]:
    """Every form of every name in the key, folded → the entry's main name."""
    forms = {}
    for entry in key["names"] or []:
        for form in [entry["name"], *(entry.get("also") or [])]:
            forms[_form(form)] = entry["name"]
    return forms


def _same_actor(key: Any, who: Who | None, names: dict[str, str]) -> bool | None:
    """True when ``who`` is the key's speaker or claimant; None when the draft left it unknown."""
    if who is None:
        return None
    if isinstance(key, dict):
        if who.kind != "unnamed":
            return False
        theirs, ours = set(fold(key["unnamed"]).split()), set(fold(who.name).split())
        return bool(theirs & ours - {"a", "an", "the", "of"})
    if key is None or who.kind == "unnamed":
        return False
    return names.get(_form(who.name)) == key


def _number(value: Any) -> Decimal | str:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return fold(str(value))


def _same_value(key: dict[str, Any], drafted: dict[str, str]) -> bool:
    return set(key) == set(drafted) and all(_number(key[k]) == _number(drafted[k]) for k in key)


def _overlap(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return bool(a) and bool(b) and (a in b or b in a)


def score(result: Draft, key: dict[str, Any], text: str) -> Tally:
    """How the draft of one text compares with its key."""
    names = _names(key)
    tally = Tally(texts=1)
    quotes = list(result.quotes)
    tally.key_quotes, tally.drafted_quotes = len(key["quotes"] or []), len(quotes)
    unused = list(range(len(quotes)))
    for wanted in key["quotes"] or []:
        match = next((i for i in unused if fold(quotes[i].text) == fold(wanted["text"])), None)
        if match is None:
            continue
        unused.remove(match)
        tally.quotes_found += 1
        same = _same_actor(wanted["speaker"], quotes[match].speaker, names)
        if same is None:
            tally.right_speaker += wanted["speaker"] is None
            tally.todo_but_named += wanted["speaker"] is not None
        elif same:
            tally.right_speaker += 1
        else:
            tally.wrong_speaker += 1
    tally.invented = sorted(
        {
            who.name
            for who in result.named()
            if who.kind != "unnamed" and _form(who.name) not in names and not (who.entity_id and who.registered)
        }
    )

    figures = list(result.figures)
    tally.key_figures, tally.drafted_figures = len(key["figures"] or []), len(figures)
    unused = list(range(len(figures)))
    for wanted in key["figures"] or []:
        match = next(
            (
                i
                for i in unused
                if _same_value(wanted["value"], figures[i].value) and _overlap(wanted["as_written"], figures[i].as_written)
            ),
            None,
        )
        if match is not None:
            unused.remove(match)
            tally.figures_right += 1

    furniture = set(key["furniture"] or [])
    stripped = {line.strip() for line in result.stripped}
    tally.key_furniture = len(furniture)
    tally.furniture_stripped = len(furniture & stripped)
    tally.prose_stripped = sorted(stripped - furniture)

    claims = list(result.claims)
    tally.key_claims, tally.drafted_claims = len(key["claims"] or []), len(claims)
    matched: set[int] = set()
    for claim in claims:
        index = next((i for i, k in enumerate(key["claims"] or []) if _overlap(k["text"], claim.text)), None)
        if index is None:
            continue
        same = _same_actor(key["claims"][index]["claimant"], claim.claimant, names)
        if same and index not in matched:
            matched.add(index)
            tally.claims_right += 1
        elif same is False:
            tally.wrong_claimant += 1
    return tally


def keys(half: str) -> list[Path]:
    """The answer keys of one half, in a fixed order."""
    return sorted((CORPUS / half).glob("*.key.yml"))


def measure_half(half: str, entities: Any) -> tuple[Tally, list[tuple[str, Tally]]]:
    """The total for one half, and each text's own."""
    total, rows = Tally(), []
    for path in keys(half):
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = path.with_name(path.name.removesuffix(".key.yml") + ".txt").read_text(encoding="utf-8")
        tally = score(draft(text, entities), key, text)
        total.add(tally)
        rows.append((path.name.removesuffix(".key.yml"), tally))
    return total, rows


def _ratio(hit: int, of: int) -> str:
    return f"{hit}/{of} = {hit / of:.0%}" if of else "–"


ROWS: Sequence[tuple[str, Any]] = (
    ("texts", lambda t: str(t.texts)),
    ("quotes found word for word", lambda t: _ratio(t.quotes_found, t.key_quotes)),
    ("quotes with the right speaker", lambda t: _ratio(t.right_speaker, t.key_quotes)),
    ("quotes with a wrong speaker", lambda t: _ratio(t.wrong_speaker, t.key_quotes)),
    ("speaker left TODO although the text names them", lambda t: str(t.todo_but_named)),
    ("invented names", lambda t: str(len(t.invented))),
    ("figures found, value and scale right (recall)", lambda t: _ratio(t.figures_right, t.key_figures)),
    ("figures drafted that are right (precision)", lambda t: _ratio(t.figures_right, t.drafted_figures)),
    ("furniture lines stripped", lambda t: _ratio(t.furniture_stripped, t.key_furniture)),
    ("article lines stripped as furniture", lambda t: str(len(t.prose_stripped))),
    ("claims with the right claimant", lambda t: _ratio(t.claims_right, t.key_claims)),
    ("claims drafted with a wrong claimant", lambda t: _ratio(t.wrong_claimant, t.drafted_claims)),
)


def table(totals: dict[str, Tally]) -> str:
    """One Markdown table, a column per half."""
    lines = ["| | " + " | ".join(HALVES[h] for h in totals) + " |", "|---|" + "---|" * len(totals)]
    lines += [f"| {label} | " + " | ".join(show(t) for t in totals.values()) + " |" for label, show in ROWS]
    return "\n".join(lines) + "\n"


def measure(halves: Iterable[str] = tuple(HALVES)) -> str:
    """The table for every set (or those named), as docs/contributing.md shows it."""
    entities = pipeline.check(ROOT / "content").entities
    return table({half: measure_half(half, entities)[0] for half in halves})


def per_text(half: str) -> str:
    """A line per text of ``half``: its own figures, for tuning on the development half."""
    entities = pipeline.check(ROOT / "content").entities
    _total, rows = measure_half(half, entities)
    out = []
    for name, t in rows:
        out.append(
            f"{name}: quotes {t.quotes_found}/{t.key_quotes}, speaker {t.right_speaker} right {t.wrong_speaker} wrong "
            f"{t.todo_but_named} todo, figures {t.figures_right}/{t.key_figures} of {t.drafted_figures}, "
            f"furniture {t.furniture_stripped}/{t.key_furniture}, prose lost {len(t.prose_stripped)}, "
            f"claims {t.claims_right}/{t.key_claims} wrong {t.wrong_claimant}/{t.drafted_claims}, invented {t.invented}"
        )
    return "\n".join(out) + "\n"


def main(args: Iterable[str]) -> int:
    """``measure_draft.py`` prints every set; ``--dev`` the development half alone; ``--per-text dev`` a line per text of it."""
    args = list(args)
    if args[:1] == ["--per-text"]:
        half = args[1] if len(args) > 1 else "dev"
        if half != "dev":
            print("per-text figures are for the development half only; the held-out half is measured as a whole")
            return 2
        sys.stdout.write(per_text(half))
        return 0
    if args[:1] == ["--dev"]:
        sys.stdout.write(measure(["dev"]))
        return 0
    sys.stdout.write(measure())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
