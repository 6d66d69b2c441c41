"""``factsheet draft``: a first sidecar from an article's text, for a writer to correct.

Written rules for English news prose, no model and no download. The draft
finds the figures (every number with its unit and sentence), the quotes with
their speakers and any outlet that relayed them, the attributed claims, and
the people and organisations involved, matched against the registry. It strips
page furniture first and reports what it stripped. Whatever the rules cannot
know (ratings, rationales, labels, ids of new entities) is left as ``TODO``
for the writer, and ``factsheet check`` reports each one until it is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.model import Entity
from generator.scaffold import SCHEMA_LINE, TO_FILL, emit, skeleton
from generator.text import APPROXIMATORS, Number, markdown_to_text, normalise, numbers, ranges, sentences

# --- Page furniture ----------------------------------------------------------------------------------

#: A line that is page furniture on its own.
_FURNITURE_LINE = re.compile(
    r"^(?:read more|see also|related|watch|listen|advertisement|sponsored|share (?:this|on)\b.*|share$|"
    r"sign up\b.*|subscribe\b.*|follow us\b.*|click here\b.*|image (?:source|caption)|copyright\b.*|©.*|"
    r"facebook|twitter|x|whatsapp|email|linkedin|print|comments?|\(?reporting by\b.*|\(?editing by\b.*|"
    r"for immediate release|-ends-|ends|tel|phone|email|e-mail|our standards|\d+ min read)\b.*$"
    r"|^#{3,}$|^.*\b(?:updated|published)\b.*\bago$",
    re.I,
)
#: A heading after which the rest of the page is other stories, up to the next paragraph of prose.
_FURNITURE_HEADING = re.compile(
    r"^(?:more stories|more on this story|related(?: topics| stories| articles| coverage| content)?|most read|most popular|"
    r"you may also like|recommended|top stories|latest news|trending|media contacts?|press contacts?|notes to editors)\s*:?\s*$",
    re.I,
)
_ABOUT = re.compile(r"^About (?:the\s+)?[A-Z][\w&.\- ]{1,60}$")
#: A prose paragraph is long; headlines, captions and prompts are short.
_PROSE = 200


def strip_furniture(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into paragraphs of the article and the lines of page furniture removed."""
    kept: list[str] = []
    stripped: list[str] = []
    in_block: bool | str = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if in_block == "rest" or (in_block and len(line) < _PROSE):
            stripped.append(line)
            continue
        in_block = False
        if _ABOUT.match(line):
            in_block = "rest"  # a press release's "About X" section runs to the end
            stripped.append(line)
        elif _FURNITURE_HEADING.match(line):
            in_block = True
            stripped.append(line)
        elif _FURNITURE_LINE.match(line) or re.match(r"^read more\s*:", line, re.I):
            stripped.append(line)
        else:
            kept.append(line)
    return kept, stripped


# --- Names ---------------------------------------------------------------------------------------

_CAP = r"[A-Z][\w’'\-]*\.?"
_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "they": "any", "them": "any"}
_HONORIFICS = frozenset("Mr Mrs Ms Miss Dr Prof Sir Dame Cllr Rev Lord Lady Mr. Mrs. Ms. Dr. Prof.".split())
_TITLE_WORDS = frozenset(
    "president prime minister secretary general secretary-general spokesman spokeswoman spokesperson director chief "
    "executive officer chair chairman chairwoman head leader analyst professor deputy foreign defence defense interior "
    "finance health agriculture mayor councillor senator governor ambassador commander commissioner founder manager "
    "editor researcher economist official officials adviser advisor organiser organizer member cabinet farmer".split()
)
#: Words that make a capitalised name an organisation, not a person.
_ORG_WORDS = frozenset(
    "Council Commission Ministry Press Gazette Courier Ferries Transport School University Institute Agency Union "
    "Company Bank Group Ltd Inc News Times Post Party Government Department Office Association Federation Foundation "
    "Trust Services Service Centre Center Committee Authority Board Court Police Army Forces Organisation Organization "
    "Reuters Interfax Consultancy consultancy Boards Partners Fund Network Alliance Society Club".split()
)


@dataclass
class Person:
    """Someone the draft found speaking or claiming, as the text names them."""

    name: str
    role: str | None = None
    organisation: str | None = None


def _clean_name(name: str) -> str:
    words = [w for w in re.sub(r"[’']s$", "", name.strip(" ,.;:")).split() if w not in _HONORIFICS]
    return " ".join(words).strip()


def _name_tail(words: list[str]) -> list[str]:
    """The capitalised words at the end of ``words`` that are a name, not a title."""
    tail: list[str] = []
    for word in reversed(words):
        bare = word.strip(",")
        if (bare[:1].isupper() and bare.lower() not in _TITLE_WORDS and not bare.endswith(("’s", "'s"))) or (
            tail and bare in ("and", "of", "for") and len(tail) >= 1
        ):
            tail.insert(0, bare)
        else:
            break
    while tail and tail[0] in ("and", "of", "for"):
        tail.pop(0)
    return tail


def is_organisation(name: str) -> bool:
    """True when a name reads as an organisation's: ``Ashworth Borough Council``, ``NATO``."""
    words = name.split()
    return any(w in _ORG_WORDS for w in words) or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1)


def parse_who(phrase: str) -> Person | None:
    """Split an attribution phrase into name, role and organisation.

    ``NATO Secretary-General Jens Stoltenberg``, ``Henry Boyd of the International
    Institute for Strategic Studies in London``, ``Konrad Muzyka, director of the
    Poland-based Rochan consultancy``, ``Spain's agriculture minister, Luis Ortega Salvat``.
    """
    parts = [p.strip(' “”"') for p in re.split(r",\s*", phrase.strip(' ,.;:“”"')) if p.strip()]
    parts = [p for p in parts if not re.match(r"^(?:who|which|adding|as|after|before|when|\d)", p)]
    name = role = organisation = None
    for index, part in enumerate(parts):
        of = re.match(r"^(?P<head>.+?)\s+(?:of|at|from)\s+(?:the\s+)?(?P<org>[A-Z].+)$", part)
        head = of.group("head") if of else part
        words = head.split()
        tail = _name_tail(words)
        cleaned = _clean_name(" ".join(tail))
        if name is None and cleaned and not (len(tail) == 1 and tail[0].lower() in _PRONOUNS):
            name = cleaned
            before = words[: len(words) - len(tail)]
            if of:
                organisation = of.group("org")
            role, organisation = _role_and_org(before, role, organisation)
            for rest in parts[index + 1 :]:
                apposition = re.match(r"^(?P<role>[\w\s\-]+?)\s+(?:of|at|for)\s+(?:the\s+)?(?P<org>.+)$", rest)
                if apposition and not role:
                    role, organisation = apposition.group("role").strip(), organisation or apposition.group("org")
                elif not role and rest[:1].islower() and len(rest.split()) <= 5:
                    role = rest
            break
        if name is None and not tail:
            role, organisation = _role_and_org(words, role, organisation)
            if of:
                organisation = of.group("org")
    if name is None:
        return None
    if organisation:
        organisation = re.sub(r"\s+(?:in|at)\s+[A-Z][\w ]+$", "", organisation).strip(" ,.")
        organisation = re.sub(r"^(?:[A-Z][\w]*-based\s+)", "", organisation)
    return Person(name, role, organisation)


def _role_and_org(words: list[str], role: str | None, organisation: str | None) -> tuple[str | None, str | None]:
    if not words:
        return role, organisation
    possessive = [w for w in words if w.endswith(("’s", "'s"))]
    if possessive:
        organisation = organisation or _clean_name(possessive[0])
        words = words[words.index(possessive[-1]) + 1 :]
    lead: list[str] = []
    for word in words:
        if word[:1].isupper() and word.lower() not in _TITLE_WORDS:
            lead.append(word)
        else:
            break
    rest = words[len(lead) :]
    # "NATO Secretary-General", "European Commission spokeswoman": a name-like lead is the organisation.
    if lead and rest and (len(lead) >= 2 or (lead[0].isupper() and lead[0] == lead[0].upper())):
        organisation = organisation or " ".join(lead)
        words = rest
    text = " ".join(words).strip()
    return (role or (text or None)), organisation


class _People:
    """Everyone named so far, so that "he", "Lindqvist" and "Ortega Salvat" find their full names."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.seen: list[Person] = [Person(e.name) for e in entities if e.kind == "person"]
        self.last: Person | None = None

    def note(self, person: Person) -> Person:
        known = self.find(person.name)
        if known is not None and len(known.name.split()) >= len(person.name.split()):
            known.role = known.role or person.role
            known.organisation = known.organisation or person.organisation
            person = known
        else:
            self.seen.append(person)
        if not is_organisation(person.name) and not _is_unnamed(person.name):
            self.last = person
        return person

    def find(self, name: str) -> Person | None:
        words = _clean_name(name).split()
        if not words:
            return None
        for person in reversed(self.seen):
            full = person.name.split()
            if full == words or (len(words) < len(full) and full[-len(words) :] == words):
                return person
        return None

    def resolve(self, who: str) -> Person | None:
        """The person an attribution phrase names: a pronoun, a surname, or a full description."""
        who = _LEAD.sub("", who.strip(" ,."))
        if who.lower() in _PRONOUNS:
            return self.last
        if re.match(r"^(?:a|an|the)\s+[a-z]", who):
            return Person(re.split(r",\s*(?:who|which)\b", who)[0].strip(" ,"))
        person = parse_who(who)
        if person is None and who.split() and who.split()[-1][:1].islower() and len(who.split()) <= 6:
            return Person(who)  # a description, not a name: "Western military analysts"
        return self.note(person) if person else None

    def mentions(self, text: str) -> None:
        """Note the people a sentence introduces: as the subject of "said", or with an apposition."""
        said = rf"(?P<who>(?:{_CAP}\s+){{0,5}}{_CAP}(?:,\s*[^,]+,){{0,2}})\s+(?:{_SAY}|spoke)\b"
        described = rf"(?P<who>{_CAP}(?:\s+{_CAP}){{1,3}}),\s+(?:a|an|the|who|director|head|chief)\b"
        for pattern in (said, described):
            for match in re.finditer(pattern, text):
                person = parse_who(match.group("who"))
                if person and len(person.name.split()) >= 2 and not is_organisation(person.name):
                    self.note(person)


# --- Quotes ------------------------------------------------------------------------------------------

_OPEN = '“"'
_CLOSE = '”"'
_SAY = (
    r"(?:said|says|told\s+(?P<told>reporters|journalists|(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)|added|adds|explained|warned"
    r"|stated|noted|insisted|wrote|argued|continued|asked)"
)
_WHO = r"(?P<who>[^.;!?“”\"‘’]+?)"
_AFTER_SAY_WHO = re.compile(rf"^\s*,?\s*{_SAY}\s+(?P<who>[^.;!?“”\"‘’]+)")
_AFTER_WHO_SAY = re.compile(rf"^\s*,?\s*{_WHO}\s+{_SAY}\b")
_BEFORE_WHO_SAY = re.compile(rf"{_WHO}\s+{_SAY}(?:\s+on\s+\w+)?\s*[:,]?\s*$")
_BEFORE_SAID_THAT = re.compile(rf"(?:^|[.!?]\s+){_WHO}\s+{_SAY}\b[^.!?“”\"]*$")
_VIA = re.compile(r"^\s*,?\s*(?P<via>(?:the\s+)?[A-Z][\w\- ]+?)\s+quoted\s+(?P<who>him|her|them|[A-Z][\w\- ]+?)\s+as\s+saying")
_ACCORDING = re.compile(r"according to\s+(?P<who>[^.;“”\"]+)", re.I)


@dataclass
class Quote:
    """A quoted passage and what the text says about who said it."""

    text: str
    paragraph: int
    speaker: Person | None = None
    via: str | None = None
    context: str | None = None
    attributed: bool = False


@dataclass
class _Open:
    start: int
    end: int
    closed: bool


def _quote_spans(paragraph: str, opening: str = _OPEN, closing: str = _CLOSE) -> list[_Open]:
    spans: list[_Open] = []
    start: int | None = None
    for i, char in enumerate(paragraph):
        if start is None and char in opening and (i == 0 or not paragraph[i - 1].isalnum()):
            start = i
        elif start is not None and char in closing and (i + 1 == len(paragraph) or not paragraph[i + 1].isalnum()):
            spans.append(_Open(start, i, True))
            start = None
    if start is not None:
        spans.append(_Open(start, len(paragraph), False))
    return spans


def find_quotes(paragraphs: list[str], entities: Iterable[Entity] = ()) -> list[Quote]:
    """Every quoted passage of speech, with speaker, relaying outlet and context where the text gives them."""
    people = _People(entities)
    quotes: list[Quote] = []
    pending: list[Quote] = []
    for index, paragraph in enumerate(paragraphs):
        spans = _quote_spans(paragraph)
        if not spans and re.search(r"\b(?:said|says|added)\s*[:,]\s*‘", paragraph):
            spans = _quote_spans(paragraph, "‘", "’")  # single marks used for speech, after "said:"
        if not spans:
            for sentence in sentences(paragraph):
                people.mentions(sentence.text)
            continue
        people.mentions(paragraph[: spans[0].start])
        here: list[Quote] = []
        for span in spans:
            text = paragraph[span.start + 1 : span.end].strip().removesuffix(",").strip()
            after = paragraph[span.end + 1 :] if span.closed else ""
            quote = Quote(text, index)
            who = _attribution(quote, paragraph[: span.start], after)
            if who is not None:
                quote.speaker = people.resolve(who)
                quote.attributed = quote.speaker is not None
            elif span.closed and len(text.split()) < 4:
                continue  # a quoted term, not speech
            here.append(quote)
        speaker = next((q for q in here if q.attributed), None)
        for quote in here:
            if quote.speaker is None and speaker is not None:
                quote.speaker, quote.via, quote.context = speaker.speaker, speaker.via, speaker.context
        if speaker is not None:
            for earlier in pending:
                earlier.speaker = speaker.speaker
            pending = []
        elif here and spans[0].start == 0:
            previous = quotes[-1] if quotes and quotes[-1].paragraph == index - 1 else None
            if previous is not None and previous.speaker is not None and not pending:
                for quote in here:
                    quote.speaker, quote.via, quote.context = previous.speaker, previous.via, previous.context
            else:
                pending += [q for q in here if q.speaker is None]
        quotes += here
        if spans[-1].closed:
            people.mentions(paragraph[spans[-1].end + 1 :])
    return [q for q in quotes if q.text]


def _attribution(quote: Quote, before: str, after: str) -> str | None:
    via = _VIA.match(after)
    if via:
        quote.via = via.group("via").strip()
        return via.group("who")
    for pattern in (_AFTER_SAY_WHO, _AFTER_WHO_SAY):
        match = pattern.match(after)
        if match and _plausible_who(match.group("who")):
            _told(quote, match.group("told"))
            return match.group("who")
    for pattern in (_BEFORE_WHO_SAY, _BEFORE_SAID_THAT):
        match = pattern.search(before)
        if match and _plausible_who(match.group("who")):
            _told(quote, match.group("told"))
            return re.sub(r"^.*?,\s+(?=[A-Z][\w\-]*$)", "", match.group("who").strip())
    match = _ACCORDING.search(after) or _ACCORDING.search(before)
    return match.group("who") if match else None


def _told(quote: Quote, told: str | None) -> None:
    if not told:
        return
    if told.lower() in ("reporters", "journalists"):
        quote.context = f"told {told}"
    else:
        quote.via = re.sub(r"^the\s+", "", told.strip())


def _plausible_who(who: str) -> bool:
    words = re.split(r",\s*(?:who|which)\b", who.strip())[0].split()
    if not words or len(words) > 16:
        return False
    return words[0].lower() in _PRONOUNS or any(w[:1].isupper() for w in words) or words[0].lower() in ("a", "an", "the")


# --- Claims -------------------------------------------------------------------------------------------

_CLAIM_VERB = re.compile(
    r"\s+(?:said|says|told\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*|told\s+reporters|announced|warned|claimed|insisted"
    r"|stated|estimated|estimates|believes|expects|confirmed|denied|reported|argued)(?:\s+on\s+[A-Z]\w+)?(?:\s+that)?\s+"
)
_CLAUSE_BREAK = re.compile(r",\s+(?:but|while|whereas)\s+|;\s+|,\s+and\s+that\s+|\s+and\s+that\s+")
_LEAD = re.compile(r"^(?:But|And|However,?|Meanwhile,?|Separately,?|Earlier,?|Later,?|Asked [^,]+,|On \w+,|In [^,]+,)\s*")
_ACCORDING_CLAIM = re.compile(r"^(?P<what>[^“”\"]+?),\s+according to\s+(?P<who>[^.]+?)\.?$")


@dataclass
class Claim:
    """An assertion the article attributes to someone, outside quote marks."""

    text: str
    claimant: Person
    sentence: str


def find_claims(paragraphs: list[str], entities: Iterable[Entity] = ()) -> list[Claim]:
    """Reported speech: "X said (that) ...", "... , according to X", each with its claimant."""
    people = _People(entities)
    claims: list[Claim] = []
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            text = sentence.text
            if _quote_spans(text) and not re.search(r"\bsaid\b[^“”\"]+[“\"]", text):
                people.mentions(text)
                continue
            last_claimant: Person | None = None
            for clause in _CLAUSE_BREAK.split(text.rstrip(".")):
                claim = _claim(clause, people, last_claimant)
                if claim is not None:
                    claims.append(Claim(claim[1], claim[0], text))
                    last_claimant = claim[0]
            according = _ACCORDING_CLAIM.match(text)
            if according and according.group("who").strip(" ,"):
                who = people.resolve(according.group("who")) or Person(according.group("who").strip())
                claims.append(Claim(according.group("what").strip(), who, text))
            people.mentions(text)
    return claims


def _claim(clause: str, people: _People, previous: Person | None) -> tuple[Person, str] | None:
    match = _CLAIM_VERB.search(clause)
    if match is None:
        # "and that the council would seek ...": a second claim of the same claimant.
        if previous is not None and len(clause.split()) >= 4 and clause[:1].islower():
            return previous, clause.strip()
        return None
    who = _LEAD.sub("", clause[: match.start()].strip())
    what = clause[match.end() :].strip().rstrip(",")
    words = who.split()
    if not words or len(words) > 12 or len(what.split()) < 4 or who.lower() == "it":
        return None
    if not (words[0][:1].isupper() or words[0].lower() in ("a", "an", "the", *_PRONOUNS) or words[-1].endswith("s")):
        return None
    claimant = people.resolve(who)
    return (claimant, what) if claimant is not None else None


# --- Figures ----------------------------------------------------------------------------------------

_STOP_UNIT = frozenset("of the a an and or to in on at by for from with that which who is was were are be".split())
_CURRENCIES = {
    "$": "US dollars",
    "US$": "US dollars",
    "USD": "US dollars",
    "€": "euros",
    "EUR": "euros",
    "£": "pounds",
    "GBP": "pounds",
    "¥": "yen",
}


@dataclass
class Figure:
    """A number in the article, with its unit and the sentence it comes from."""

    value: dict[str, str]
    unit: str
    sentence: str
    as_written: str


def find_figures(paragraphs: list[str]) -> list[Figure]:
    """Every number that states an amount: counts, money, shares, durations; not dates or times."""
    figures: list[Figure] = []
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            text = sentence.text
            found = numbers(text)
            ranged = {id(low): high for low, high in ranges(text, found)}
            skip: set[int] = set()
            for number in found:
                if id(number) in skip or _not_a_figure(text, number):
                    continue
                high = ranged.get(id(number))
                if high is not None:
                    skip.add(id(high))
                    value = {"min": _digits(number), "max": _digits(high)}
                    end = high.span.end
                    as_written = text[number.span.start : high.span.end]
                    if re.search(r"\bbetween\s+$", text[: number.span.start]):
                        as_written = "between " + as_written
                elif number.value is None:
                    value = {"vague": number.words or number.span.text}
                    end = number.span.end
                    as_written = number.span.text
                elif number.value != number.value.to_integral_value() and number.value < 1 and not number.percent:
                    value = {"vague": number.span.text}  # "a third": kept in words
                    end = number.span.end
                    as_written = number.span.text
                else:
                    value = {"approx" if number.approx else "exact": _digits(number)}
                    end = number.span.end
                    approximator = re.search(rf"\b(?:{'|'.join(APPROXIMATORS)})\s+$", text[: number.span.start][-40:], re.I)
                    start = number.span.start - len(approximator.group()) if number.approx and approximator else number.span.start
                    as_written = text[start:end]
                figures.append(Figure(value, _unit(text, number, end), text, as_written))
    return figures


def _digits(number: Number) -> str:
    assert number.value is not None
    value = number.value.normalize()
    return f"{value:f}" if value == value.to_integral_value() or abs(value.as_tuple().exponent) < 10 else str(value)  # type: ignore[arg-type]


def _not_a_figure(text: str, number: Number) -> bool:
    before = text[max(0, number.span.start - 40) : number.span.start]  # only the words just before matter
    after = text[number.span.end :]
    value = number.value
    if value is not None and not number.currency and not number.percent and not number.scale:
        if Decimal(1900) <= value <= Decimal(2100) and value == value.to_integral_value() and "," not in number.span.text:
            return True  # a year
        if re.match(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|BST|:\d)", after) or re.search(r":\s*$", before):
            return True  # a time
        if re.search(
            r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s*$", before
        ) or re.match(r"^\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)", after):
            return True  # a date
    if number.span.text.lower() == "one":
        return True  # "one of the worst", "one should": a pronoun far more often than a count
    return bool(number.words == "many" and re.search(r"\b(?:how|so|too)\s+$", before, re.I))


def _unit(text: str, number: Number, end: int) -> str:
    if number.percent:
        return "percent"
    if number.currency:
        return _CURRENCIES.get(number.currency, number.currency)
    after = text[end:]
    after = re.sub(r"^\s*(?:of\s+)?(?:the\s+)?", " ", after)
    words = []
    for word in re.findall(r"[A-Za-z][\w\-’']*", after[:60]):
        if word.lower() in _STOP_UNIT:
            break
        words.append(word)
        if word[:1].islower() or len(words) == 3:
            break
    return " ".join(words) if words else TO_FILL


# --- The draft ----------------------------------------------------------------------------------------


@dataclass
class Draft:
    """What the rules found, and the sidecar text written from it."""

    paragraphs: list[str]
    stripped: list[str]
    quotes: list[Quote]
    claims: list[Claim]
    figures: list[Figure]
    matched: dict[str, str] = field(default_factory=dict)
    """Registry ids for names found in the text: name → id."""
    proposed: dict[str, Person] = field(default_factory=dict)
    """People and organisations the registry does not have yet: suggested id → person."""


def draft(text: str, entities: Mapping[str, Entity], *, markdown: bool = False) -> Draft:
    """Read an article's text and find what its sidecar needs."""
    paragraphs, stripped = strip_furniture(markdown_to_text(text) if markdown else text)
    result = Draft(
        paragraphs,
        stripped,
        find_quotes(paragraphs, entities.values()),
        find_claims(paragraphs, entities.values()),
        find_figures(paragraphs),
    )
    body = normalise(" ".join(paragraphs))
    by_name = {e.name.lower(): e.id for e in entities.values()}
    by_surname = {e.name.split()[-1].lower(): e.id for e in entities.values() if e.kind == "person"}
    for entity in entities.values():
        if re.search(rf"\b{re.escape(entity.name)}\b", body):
            result.matched[entity.name] = entity.id
    people = [q.speaker for q in result.quotes] + [c.claimant for c in result.claims]
    for person in people:
        if person is None:
            continue
        for name in (person.name, person.organisation):
            if not name or _is_unnamed(name):
                continue
            key = name.lower()
            if key in by_name or (name is person.name and key.split()[-1] in by_surname and len(key.split()) == 1):
                result.matched[name] = by_name.get(key) or by_surname[key.split()[-1]]
            elif name not in result.matched:
                result.proposed[_slug(name)] = Person(name)
    return result


def _is_unnamed(name: str) -> bool:
    """A description rather than a name: "a council official", "Western military analysts"."""
    words = name.split()
    return not words or bool(re.match(r"^(?:a|an|the)\s|^[a-z]", name)) or words[-1][:1].islower()


def _slug(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or TO_FILL


def _actor(person: Person | None, ids: Mapping[str, str]) -> Any:
    if person is None:
        return TO_FILL
    if _is_unnamed(person.name):
        return {"unnamed": person.name}
    return ids.get(person.name) or _slug(person.name)


def sidecar_text(result: Draft, *, published: str | None = None) -> str:
    """The draft sidecar as commented YAML: ``status: draft``, with ``TODO`` wherever a person must decide."""
    ids = result.matched | {p.name: slug for slug, p in result.proposed.items()}
    figures = [
        {
            "id": f"figure-{i}",
            "label": TO_FILL,
            "value": figure.value,
            "unit": figure.unit,
            "as_of": None,
            "stated_by": None,
            "source": None,
            "sentence": figure.sentence,
        }
        for i, figure in enumerate(result.figures, 1)
    ]
    quotes = []
    for i, quote in enumerate(result.quotes, 1):
        item: dict[str, Any] = {"id": f"quote-{i}", "text": quote.text, "speaker": _actor(quote.speaker, ids)}
        if quote.speaker and quote.speaker.role:
            item["role"] = quote.speaker.role
        if quote.speaker and quote.speaker.organisation and not _is_unnamed(quote.speaker.organisation):
            item["organisation"] = _actor(Person(quote.speaker.organisation), ids)
        if quote.via:
            item["via"] = [_slug(quote.via)]
        if quote.context:
            item["context"] = quote.context
        quotes.append(item)
    claims = [
        {
            "id": f"claim-{i}",
            "text": claim.text,
            "claimant": _actor(claim.claimant, ids),
            "date": published or TO_FILL,
            "rating": TO_FILL,
            "rationale": TO_FILL,
            "sources": [TO_FILL],
        }
        for i, claim in enumerate(result.claims, 1)
    ]
    outlets = sorted({q.via for q in result.quotes if q.via})
    sources = [
        {"id": _slug(outlet), "kind": "news-agency", "entity": ids.get(outlet, _slug(outlet)), "description": TO_FILL}
        for outlet in outlets
    ]
    data = skeleton(published or TO_FILL, figures=figures, claims=claims, quotes=quotes, sources=sources)
    comments: dict[tuple[str | int, ...], str] = {}
    for i, figure in enumerate(result.figures):
        comments[("figures", i, "value")] = f"as written: {figure.as_written}"
    for i, quote in enumerate(result.quotes):
        if quote.speaker is None:
            comments[("quotes", i, "speaker")] = "the text does not say who; find out or delete this quote"
    header = [
        SCHEMA_LINE,
        "# Drafted by `factsheet draft` from the article text. Check every item against the text,",
        f"# delete what is not worth keeping, and replace every {TO_FILL}; `factsheet check` lists them.",
    ]
    header += [f"# New entity to add to content/entities.yml: {slug} ({p.name})" for slug, p in sorted(result.proposed.items())]
    return emit(data, comments, header)


def report(result: Draft) -> Iterable[str]:
    """What the draft found and stripped, line by line, for the terminal."""
    yield f"found {len(result.figures)} figures, {len(result.quotes)} quotes, {len(result.claims)} claims"
    for line in result.stripped:
        yield f"stripped: {line}"
    for name, entity_id in sorted(result.matched.items()):
        yield f"in the registry: {name} → {entity_id}"
    for slug, person in sorted(result.proposed.items()):
        yield f"not in the registry, proposed: {slug} ({person.name})"
