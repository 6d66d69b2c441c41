"""Claims: what the article reports someone as saying, outside quotation marks.

"X said (that) …", "…, X said.", "…, according to X." and "According to X,
…". The claimant is found as a quote's speaker is (:class:`~.quotes.Attributor`),
so a claim too names someone only when one person or organisation fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.attribution import Attributor
from generator.draft.context import Cast
from generator.draft.people import Who, protect, restore
from generator.draft.quotes import spans
from generator.text import sentences

#: Verbs that report what someone asserts (not "asked", "urged" or "vowed to", which report no assertion).
_CLAIM_SAY = (
    r"(?:said|says|say|told|tells|added|adds|warned|insisted|argued|stated|noted|acknowledged|conceded|admitted|declared"
    r"|announced|predicted|maintained|estimated|estimates|believes|believe|expects|expect|confirmed|denied|reported|claimed"
    r"|alleged|found|concluded|wrote|writes|answered|replied|countered|testified)"
)
_TOLD = r"(?:(?<=told)\s+(?:reporters|journalists|the\s+court|the\s+[a-z]+|[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,4}))?"
_WHEN = r"(?:\s+(?:on|late|early)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last\s+\w+))?"
_SAID_THAT = re.compile(
    rf"^(?P<who>[^,;:“”\"]{{2,120}}?)\s+(?:{_CLAIM_SAY}){_TOLD}{_WHEN}(?:\s+(?:in|at)\s+[^,]{{3,40}}?)?(?:\s+that)?\s+(?P<what>.{{15,}})$"
)
_THAT_SAID = re.compile(rf"^(?P<what>.{{15,}}?),\s+(?P<who>[^,;:“”\"]{{2,80}}?)\s+(?:{_CLAIM_SAY}){_WHEN}$")
_THAT_SAID_WHO = re.compile(rf"^(?P<what>.{{15,}}?),\s+(?:{_CLAIM_SAY})\s+(?P<who>[^;:“”\"]{{2,120}})$")
_ACCORDING_AFTER = re.compile(r"^(?P<what>.{15,}?),\s+according\s+to\s+(?P<who>[^;:“”\"]{2,120})$", re.I)
_ACCORDING_BEFORE = re.compile(r"^according\s+to\s+(?P<who>[^,;:“”\"]{2,120}),\s+(?P<what>.{15,})$", re.I)
_LEAD = re.compile(
    r"^(?:but|and|however|meanwhile|separately|earlier|later|still|yet|also|in\s+a\s+statement|in\s+court\s+filings?)\s*,?\s+",
    re.I,
)


@dataclass
class Claim:
    """An assertion the article attributes to someone, outside quote marks."""

    text: str
    claimant: Who | None
    sentence: str
    why: str | None = None


def find_claims(paragraphs: list[str], cast: Cast) -> list[Claim]:
    """Reported speech in every paragraph, each claim with its claimant where one fits."""
    attributor = Attributor(cast)
    paragraphs = [protect(p) for p in paragraphs]
    claims: list[Claim] = []
    for index, paragraph in enumerate(paragraphs):
        for sentence in sentences(paragraph):
            text = sentence.text.rstrip(".")
            if spans(text) and len(text[spans(text)[0].start :].split()) > 6:
                continue  # a quote, with its own attribution
            found = _claim(_LEAD.sub("", text))
            if found is None:
                continue
            who, what = found
            context = [paragraph[: sentence.start], *reversed(paragraphs[max(0, index - 3) : index])]
            claimant, why = attributor.resolve(who, context)
            claims.append(Claim(restore(what).strip(" ,"), claimant, restore(sentence.text), why))
    return claims


def _claim(text: str) -> tuple[str, str] | None:
    for pattern in (_ACCORDING_BEFORE, _ACCORDING_AFTER, _THAT_SAID_WHO, _THAT_SAID, _SAID_THAT):
        match = pattern.match(text)
        if match and len(match.group("what").split()) >= 4:
            # The subject is the noun phrase just before the verb: "... lido after the council said" → "the council".
            who = _CLAUSE.split(match.group("who"))[-1] if pattern is _SAID_THAT else match.group("who")
            if pattern is _SAID_THAT and who[:1].isupper():
                # "The Department of Health and Social Care said": "and" between capitalised words joins one name.
                joined = re.search(rf"(?:\b[A-Z][\w’'\-]*\s+(?:(?:of|for|the)\s+)*)+and\s+{re.escape(who)}$", match.group("who"))
                who = joined.group() if joined else who
            if _subject(who):
                return who, match.group("what")
    return None


_CLAUSE = re.compile(r"\s+(?:after|before|when|because|as|while|since|although|though|but|and|until|if|so)\s+(?=[a-zA-Z])")


_AUXILIARY = frozenset(
    "have has had is was were are be been will would could should can may might must do does did not also".split()
)


def _subject(who: str) -> bool:
    """True when ``who`` can be the subject of "said": short before any apposition, no quote, ending in a noun."""
    head = who.split(",")[0].split()
    if not head or len(head) > 7 or len(who.split()) > 18 or re.search(r"[\"“”‘’]|'\s|\s'", who):
        return False
    if head[-1].casefold() in _AUXILIARY:
        return False
    first = head[0].casefold()
    return head[0][:1].isupper() or first in ("a", "an", "the", "he", "she", "they")
