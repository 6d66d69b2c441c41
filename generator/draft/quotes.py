"""Quotes and who said them, as news prose attributes speech.

Speech is marked with double quotation marks in American copy and often with
single ones in British and Irish copy; the marks that open most stretches of
three words or more are taken as the text's own, and the others as quotes
inside quotes. A paragraph that ends with a quote still open continues into the
next paragraph that opens with a mark.

Attribution, in the order it is tried: the words after the quote (``,"
Kessler said``, ``," said Fire Chief Raymond T. Kessler``), the words before it
in the same sentence (``Mr. Brandt said: "…``, ``Doyle accused them of
'giving up'``), a colon at the end of the paragraph before (``He said:``),
the speaker of the quote it continues, and the speaker of the paragraph's other
quotes. A pronoun, "the general" or "the company" is resolved only when one
person or organisation named before it fits; otherwise the speaker is left
``TODO`` with the reason, such as the two people it could be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.draft.attribution import Attributor, plausible, subject
from generator.draft.context import Cast
from generator.draft.people import Who, parse_who, protect, restore
from generator.draft.phrasing import DELIVERY, FRAGMENT, LEAD, SAY, STUDY, VERB, WHO, WORDS
from generator.names import PRONOUNS
from generator.text import sentences

_AFTER_SAY_WHO = re.compile(rf"^\s*[,—–-]?\s*{VERB}\s+(?P<who>{WORDS}{{2,200}})")
_AFTER_WHO_SAY = re.compile(rf"^\s*[,—–-]?\s*{WHO}\s+{VERB}\b")
_BEFORE = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’']\s)){WHO}\s+{VERB}{DELIVERY}\s*[:,]?\s*$")
_BEFORE_FRAGMENT = re.compile(rf"(?:^|(?<=[.!?]\s)){WHO}\s+(?P<verb>{FRAGMENT})\b(?:[^.!?“”\"]|[.!?](?!\s))*$")
#: Someone else's words reported inside reported speech: "… said a few weeks ago the bylaw officer told him …".
_NESTED = re.compile(
    r"\b(?P<who>(?:the|a|an|his|her|their)\s+[\w\- ]{2,40}?|[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*)"
    r"\s+(?:told|said|says|tells|wrote|warned|stated|states|confirmed|claimed|insisted|argued)\b"
)
_ACCORDING = re.compile(r"according\s+to\s+(?P<who>[^.;,“”\"‘’]+)", re.I)
_VIA = re.compile(
    r"^\s*,?\s*(?P<via>(?:the\s+)?[A-Z][\w\- ]+?|the\s+(?:paper|newspaper|station|broadcaster|agency|outlet|site|magazine))"
    r"\s+quoted\s+(?P<who>him|her|them|[A-Z][\w\- .\u2024]+?)\s+as\s+saying",
    re.I,
)
_VIA_BEFORE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<via>(?:the\s+)?(?:same\s+)?[A-Z]?[\w\- ]+?)\s+quoted\s+(?P<who>him|her|them|[A-Z][\w\- .\u2024]+?)"
    r"\s+as\s+(?:saying|telling\s+[^,.“”\"]+)(?:[^.!?“”\"]*)$",
    re.I,
)
#: "…, according to the Diário do Tejo, which quoted board member Katrin Voss as saying …".
_WHICH_QUOTED = re.compile(
    r"according\s+to\s+(?P<via>[^,.;“”\"]+),\s+which\s+quoted\s+(?P<who>[A-Za-z][\w\- .\u2024]+?)\s+as\s+saying[^.!?“”\"]*$"
)
_DOUBLE = ('“"', '”"')
#: A nickname between a first name and a surname, not a quote: Eduardo "Dodong" Villaflor.
_NICKNAME = re.compile(r"(?<=[A-Za-z]\s)[\"“‘'][A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?[\"”’'](?=\s[A-Z])")
_SINGLE = ("‘'", "’'")


@dataclass
class Span:
    """A stretch between quotation marks: where it starts and ends in its paragraph, and whether it closes there."""

    start: int
    end: int
    closed: bool


@dataclass
class Quote:
    """A quoted passage, what the text says about who said it, or why that is not known."""

    text: str
    paragraph: int
    speaker: Who | None = None
    why: str | None = None
    """Why ``speaker`` is unknown, for the draft's comment."""
    via: str | None = None
    context: str | None = None
    attributed: bool = False
    open_end: bool = False


def _closing(paragraph: str, i: int, marks: str, single: bool) -> bool:
    if paragraph[i] not in marks:
        return False
    before, after = paragraph[i - 1 : i], paragraph[i + 1 : i + 2]
    if after.isalnum() or not before.strip():
        return False
    if not single or before in ".,!?;:—–-":
        return True
    rest = paragraph[i + 1 :]
    # An apostrophe ends a word as a closing mark would: "officers' desks". A closing mark comes before punctuation,
    # the end, or the attribution.
    return not rest.strip() or rest[:1] in ",.;:!?)" or re.match(rf"^\s+(?:{SAY}|he|she|they|it|according)\b", rest) is not None


def spans(paragraph: str, single: bool = False) -> list[Span]:
    """The quoted stretches of one paragraph, in double marks or, with ``single``, single ones."""
    opening, closing = _SINGLE if single else _DOUBLE
    found: list[Span] = []
    start: int | None = None
    loose: int | None = None
    skip = 0
    i = -1
    while i + 1 < len(paragraph) or (start is not None and loose is not None):
        if i + 1 == len(paragraph):
            # A single mark opened inside a sentence and never closed strictly: the words "had 'no evidence' that …"
            # end at the first mark after a word, not at the paragraph's end as speech running on would.
            found.append(Span(start, loose, True))  # type: ignore[arg-type]
            i, start, loose = loose, None, None  # type: ignore[assignment]
            continue
        i += 1
        char = paragraph[i]
        if i < skip:
            continue
        prior = paragraph[i - 1 : i]
        opens = char in opening and (not prior or prior in " ([—–-:/" or prior in '“"') and paragraph[i + 1 : i + 2].strip()
        if start is not None and loose is not None and opens and single:
            found.append(Span(start, loose, True))  # "were 'doing everything right' and … 'to tar the whole sector'"
            start, loose = None, None
        if start is None:
            nickname = _NICKNAME.match(paragraph, i) if char in opening else None
            if nickname:
                skip = nickname.end()  # Ian ‘Blue’ Hartigan: part of a name, whatever marks the text uses
                continue
            if opens:
                start = i
        elif _closing(paragraph, i, closing, single):
            if not _NICKNAME.match(paragraph[max(0, start - 30) : i + 30], min(start, 30)):
                found.append(Span(start, i, True))
            start, loose = None, None
        elif (
            single
            and loose is None
            and char in closing
            and paragraph[:start].strip()
            and paragraph[i - 1 : i].isalpha()
            and paragraph[i + 1 : i + 2].isspace()
        ):
            loose = i
    if start is not None:
        found.append(Span(start, len(paragraph), False))
    return found


def single_marks(paragraphs: list[str]) -> bool:
    """True when the text marks speech with single quotation marks, as much British and Irish copy does."""

    def speech(single: bool) -> int:
        return sum(
            len(p[s.start + 1 : s.end].split()) >= 3 for p in paragraphs for s in spans(p, single) if s.closed or s.end == len(p)
        )

    return speech(True) > speech(False)


#: What the text calls an outlet it named before: "the paper quoted him as saying".
_OUTLETS = frozenset("paper newspaper magazine station broadcaster agency outlet site channel network".split())
_MEDIA = frozenset(
    "press news times post gazette herald tribune journal chronicle courier telegraph daily dispatch ledger observer examiner "
    "inquirer sentinel star globe mail mirror express standard independent guardian bulletin review record register citizen "
    "weekly magazine broadcasting radio television tv media".split()
)


def _masthead(name: str) -> bool:
    """True for a news outlet's name: "the Kessock Harbour News", "Reuters"."""
    words = [w.casefold() for w in re.split(r"[\s\-]+", name.strip()) if w]
    return bool(words) and words[0] != "a" and (bool(set(words) & _MEDIA) or words[-1] in ("reuters", "bbc", "afp", "interfax"))


def _outlet(via: str | None, cast: Cast) -> str | None:
    """The outlet a quote was relayed by, as named: "the paper" becomes the one newspaper the text names, or nothing."""
    if via is None:
        return None
    via = re.sub(r"\s+(?:also|later|earlier|again|then)$", "", via.strip(), flags=re.I)
    if re.sub(r"^the\s+(?:same\s+)?", "", via, flags=re.I).casefold() not in _OUTLETS:
        # "daily newspaper Diário do Tejo": the kind of outlet is no part of its name.
        named = re.match(rf"^(?:[a-z]+\s+)*?(?:{'|'.join(_OUTLETS)})\s+(?P<name>[A-Z].*)$", via)
        return named.group("name") if named else via
    media = {
        p.name for p in cast.people if p.kind == "organisation" and {w.casefold() for w in re.split(r"[\s\-]+", p.name)} & _MEDIA
    }
    return media.pop() if len(media) == 1 else None


def _who_after(after: str) -> tuple[str | None, str | None]:
    """The speaker phrase in the words after a quote, and whom they were told to."""
    for pattern in (_AFTER_SAY_WHO, _AFTER_WHO_SAY):
        match = pattern.match(after)
        # After "said", a title and an office can run long: "said Special Agent in Charge … of the Department of …".
        if match and plausible(match.group("who"), longest=24 if pattern is _AFTER_SAY_WHO else 18):
            return match.group("who"), match.group("told")
    return None, None


def find_quotes(paragraphs: list[str], cast: Cast) -> list[Quote]:
    """Every quoted passage of speech, with its speaker where one person or organisation fits.

    The text is read twice: a "he" or "she" that could mean only one person
    the first time tells who that pronoun fits, which can settle a "she" that
    was between two people earlier in the text.
    """
    attributor = Attributor(cast)
    _read(paragraphs, cast, attributor)
    for person in cast.people:
        if person.gender is None and person.name in attributor.learnt:
            person.gender = attributor.learnt[person.name]  # type: ignore[assignment]
    return _read(paragraphs, cast, Attributor(cast))


def _read(paragraphs: list[str], cast: Cast, attributor: Attributor) -> list[Quote]:
    paragraphs = [protect(p) for p in paragraphs]
    single = single_marks(paragraphs)
    quotes: list[Quote] = []
    colon: tuple[Who | None, str | None] | None = None
    for index, paragraph in enumerate(paragraphs):
        found = spans(paragraph, single)
        if not found:
            cast.mention(paragraph)
            context = [paragraph, *reversed(paragraphs[max(0, index - 3) : index])]
            colon = _colon(paragraph, attributor, context) or _reported(paragraph, attributor, context)
            continue
        here: list[Quote] = []
        for n, span in enumerate(found):
            words = restore(paragraph[span.start + 1 : span.end]).strip()
            text = words.removesuffix(",").strip()
            cast.mention(paragraph[: span.start])
            nxt = found[n + 1].start if n + 1 < len(found) else len(paragraph)
            after = paragraph[span.end + 1 : nxt] if span.closed else ""
            before = paragraph[found[n - 1].end + 1 if n else 0 : span.start]
            quote = Quote(text, index, open_end=not span.closed)
            context = [paragraph[: span.start], *reversed(paragraphs[max(0, index - 3) : index])]
            phrase = _phrase(quote, before, after)
            quote.via = _outlet(quote.via, cast)
            if phrase is not None:
                quote.speaker, quote.why = attributor.resolve(phrase, context)
                quote.attributed = True
            elif n == 0 and span.start <= 1 and colon is not None:
                (quote.speaker, quote.why), quote.attributed = colon, True
            elif len(text.split()) < 4 and (span.closed or single) and not _speech(text, here, before):
                continue  # a quoted word or term, not speech (an apostrophe can look like an opening single mark)
            here.append(quote)
        _share(here, quotes, paragraph)
        quotes += here
        cast.mention(paragraph)
        colon = (
            _colon(paragraph, attributor, [paragraph, *reversed(paragraphs[max(0, index - 3) : index])])
            if found[-1].closed
            else None
        )
    return [q for q in quotes if q.text]


def _speech(text: str, here: list[Quote], before: str) -> bool:
    """Whether a short quote nobody is said to have spoken is speech all the same.

    A sentence of its own ("I'm ashamed."), or words quoted in the same sentence as an attributed quote ("said it
    "fully understood the frustration" and was "doing everything possible"").
    """
    if len(text.split()) >= 2 and text[:1].isupper() and text.endswith((".", "!", "?")):
        return True
    return bool(here) and here[-1].attributed and here[-1].speaker is not None and not re.search(r"[.!?]\s", before)


def _phrase(quote: Quote, before: str, after: str) -> str | None:
    """The attribution phrase for one quote, from the words around it; sets how it was delivered and relayed."""
    via = _VIA.match(after)
    if via:
        quote.via = via.group("via").strip()
        return via.group("who")
    # A quote that ends its sentence is not attributed by the words after it: they start the next sentence.
    via = _VIA_BEFORE.search(before) or _WHICH_QUOTED.search(before)
    if via:
        quote.via = via.group("via").strip()
        return via.group("who")
    who, told = _who_after(after) if not re.search(r"[.…]$", quote.text) else (None, None)
    if who is None:
        match = _BEFORE.search(before)
        if match and plausible(match.group("who")):
            who, told = match.group("who"), match.group("told")
    if who is None:
        match = _BEFORE_FRAGMENT.search(before)
        if match and plausible(match.group("who")) and len(quote.text.split()) <= 25:
            rest = before[match.end("verb") :]
            nested = _NESTED.search(rest)
            if nested is None:
                who = match.group("who")
                if match.group("verb").endswith("ing") and "," in who:
                    # "The governor floated bringing in the National Guard, adding that …": the sentence's subject adds.
                    who = subject(LEAD.sub("", who)) or who
            elif re.search(r"(?:,\s+(?:but|and|while|whereas|although)|;)\s+$", rest[: nested.start()]) and plausible(
                nested.group("who")
            ):
                # "The union said …, but Okafor said he expected it to be 'rejected'": a clause of its own, the nearer speaker.
                who = nested.group("who")
            else:
                # "Brandt said the bylaw officer told him someone had been 'seen …'": the words are the officer's.
                teller = re.split(r"\b(?=(?:the|a|an|his|her|their)\s)", nested.group("who"))[-1]
                quote.why = f"'{restore(LEAD.sub('', match.group('who')))}' reports what {restore(teller)} said; who said it?"
    if who is None:
        according = _ACCORDING.search(after[:80]) or _ACCORDING.search(before)
        who = STUDY.sub(r"\g<owner>", according.group("who").strip()) if according else None
        opening = sentences(before)[-1].text if before.strip() else ""
        reported = re.match(r"^(?:He|She|They)\s+(?:would|will|had|has|was|is|could|might)\b", opening)
        if who is not None and reported and not _masthead(who):
            # "He would visit 'when the diary allows', according to Te Huia": whose words they are is not said.
            quote.why = f"'{restore(who)}' reports what '{reported.group().split()[0].lower()}' said; who said it?"
            who = None
        if who is not None and _masthead(who):
            # "… for his 'epic example', according to the Harbour News": the paper reported the words; it did not say them.
            quote.via = re.sub(r"^the\s+", "", who.strip(), flags=re.I)
            who = subject(LEAD.sub("", opening)) or None
    if told:
        if told.casefold() in ("reporters", "journalists", "the court", "the crowd"):
            quote.context = f"told {told}"
        elif told[:1].isupper() or told.casefold().startswith("the "):
            quote.via = re.sub(r"^the\s+", "", told.strip())
    return who


def _colon(paragraph: str, attributor: Attributor, context: Sequence[str]) -> tuple[Who | None, str | None] | None:
    """The speaker a paragraph ending in "said:" hands on to the quote that follows it."""
    last = sentences(paragraph)[-1].text if paragraph.strip() else ""
    match = re.search(rf"{WHO}\s+{VERB}{DELIVERY}\s*:\s*$", last)
    if match and plausible(match.group("who")):
        return attributor.resolve(match.group("who"), context)
    if last.rstrip().endswith(":") and not spans(last):
        # "Lorraine Baptiste-Kowal, president of the association, went first:": the sentence's subject speaks next.
        opening = subject(LEAD.sub("", last))
        who = parse_who(opening) if opening else None
        if who is not None:
            return attributor.resolve(opening, context)
    return None


def _reported(paragraph: str, attributor: Attributor, context: Sequence[str]) -> tuple[Who | None, str | None] | None:
    """The person a paragraph of reported speech is about, for a quote that opens the next paragraph with no attribution.

    "Community council chair Morag Lennie said islanders had learned …", then a paragraph that is only a quote: she
    goes on speaking. Only a paragraph that opens with one named person saying something, and names nobody else, hands on.
    """
    spans_ = sentences(paragraph)
    match = re.match(rf"^{WHO}\s+{VERB}\b", LEAD.sub("", spans_[0].text)) if spans_ else None
    if not match or not plausible(match.group("who")) or match.group("who").split()[0].casefold() in PRONOUNS:
        return None
    speaker, why = attributor.resolve(match.group("who"), context)
    if speaker is None or speaker.kind != "person":
        return None
    others = [p for p in attributor.cast.candidates(paragraph) if p.name != speaker.name]
    return (speaker, why) if not others else None


def _share(here: list[Quote], before: list[Quote], paragraph: str) -> None:
    """Quotes without attribution take the speaker of the quote they continue, or of the paragraph's other quotes."""
    previous = before[-1] if before else None
    first = here[0] if here else None
    # Only a paragraph's opening quote can carry on from the paragraph before: a quote left open there, or a quote
    # opening a paragraph that follows one of the same speaker's.
    if first is not None and previous is not None and not first.attributed and previous.paragraph == first.paragraph - 1:
        opens = paragraph.lstrip()[:1] in "“\"‘'"
        if previous.open_end or (opens and previous.attributed and previous.speaker is not None):
            first.speaker, first.why, first.via, first.attributed = (
                previous.speaker,
                previous.why,
                previous.via,
                previous.attributed,
            )
    speaker = next((q for q in here if q.attributed), None)
    if speaker is None:
        return
    for quote in here:
        if quote.attributed:
            speaker = quote  # the nearest attributed quote before: "She said … 'devastated'. He said … 'right' and … 'to tar'"
        else:
            quote.speaker, quote.why, quote.via, quote.attributed = speaker.speaker, speaker.why, speaker.via, True
    # A quote that ran on from the paragraph before, unattributed there, is the same speaker's.
    for earlier in reversed(before):
        if earlier.attributed or earlier.paragraph < here[0].paragraph - 1 or not earlier.open_end:
            break
        earlier.speaker, earlier.why, earlier.attributed = speaker.speaker, speaker.why, True
