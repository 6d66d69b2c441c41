"""Who an attribution phrase names: "Kessler said", "the company said", "he said", "a spokesman for the council".

A name is looked up among the people and organisations the text has named so
far (see :class:`~generator.draft.context.Cast`); a pronoun, "the general",
"the company" or "the statement" is resolved only when one of them fits, in
the nearest stretch of text that names anyone. Otherwise the speaker is left
``TODO``, and the reason says who it could be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.draft.context import Cast, Person, lead_in_capitals
from generator.draft.people import (
    Kind,
    Who,
    is_country,
    is_organisation,
    is_title,
    parse_who,
    restore,
)
from generator.draft.phrasing import (
    CHANNEL,
    CHANNEL_AFTER,
    DATA,
    DOCUMENTS,
    EPITHET,
    GROUP,
    ISSUED,
    LEAD,
    OPENERS,
    ORDINAL,
    SAME,
    SAY,
    STATEMENT,
    STUDY,
    VERB,
    WHO,
    WRITTEN_ON,
)
from generator.draft.pronouns import Pronouns
from generator.draft.vocabulary import COMPANY_NOUNS, INDUSTRY_WORDS, ORG_WORDS
from generator.names import PRONOUNS
from generator.text import sentences

_FUNCTION_WORDS = frozenset(
    "the a an at in on of for with by from as after before during this that these those some many most".split()
)
_ORG_NOUNS = (
    COMPANY_NOUNS
    | ORG_WORDS
    | frozenset(
        "company firm railroad railway ministry department agency council board trust union hospital court police army "
        "commission authority government administration office bureau committee association group bank university school "
        "district party coalition cooperative co-op federation foundation institute service".split()
    )
)


#: People of an organisation, not the organisation: "Analysts at Pennard Energy Consulting", "Officials from the ministry".
_GROUP_AT = re.compile(
    r"^(?:Officials|Analysts|Economists|Researchers|Experts|Investigators|Sources|Staff|Doctors|Scientists|Executives"
    r"|Lawyers|Engineers|Inspectors|Campaigners|Diplomats)\s+(?:at|from|with|for|of|in)\s+(?:the\s+)?[A-Z]"
)
_OFFICE_THEN_NAME = re.compile(r"^[Tt]he\s+(?P<office>(?:[a-z][\w\-]*\s+){1,4})[A-Z][\w’'\-]+\s+[A-Z]")


def _office_then_name(phrase: str) -> bool:
    """True for "the health minister Karen Ellison": an office in small letters, then a person's name."""
    match = _OFFICE_THEN_NAME.match(phrase)
    return bool(
        match and all(is_title(w) for w in match.group("office").split()) and not is_organisation(phrase[match.end("office") :])
    )


#: "Mayor of the Humber Metro, Alasdair McIlwraith": an office of an organisation, then its holder's name.
_OFFICE_OF = re.compile(
    r"^(?P<office>[A-Z][a-z]+(?:\s+[A-Z]?[a-z]+){0,2}\s+(?:of|for)\s+(?:the\s+)?[A-Z][^,]{1,60}),\s+"
    r"(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'.\u2024\-]*)+)\s*(?:,|$)"
)
_OFFICE_FIRST = re.compile(
    r"^(?P<office>[A-Z][a-z]+(?:\s+[a-z][\w\-]*){1,4}),\s+(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'.\u2024\-]*)+)\s*(?:,|$)"
)


class Attributor:
    """Turns an attribution phrase into a speaker, using who the text has named so far."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.pronouns = Pronouns(cast)
        self.learnt = self.pronouns.learnt
        self._context: Sequence[str] = ()
        self._depth = 0

    def resolve(self, phrase: str, context: Sequence[str]) -> tuple[Who | None, str | None]:
        """The speaker an attribution phrase names, or None and why.

        ``context`` is the text before it that it may refer back to, nearest first: the paragraph up to the
        quote, then the paragraphs before it.
        """
        phrase = LEAD.sub("", STATEMENT.sub("", phrase.strip(" ,.—–-")))
        # "Ko also said", "Shafer on Twitter wrote": an adverb or the channel is no part of who spoke.
        phrase = re.sub(r"\s+(?:also|later|further|again|too|separately|previously)$", "", phrase)
        # "The Environment Agency has defended …, saying": the auxiliary is no part of the name.
        phrase = re.sub(r"\s+(?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening|week))$", "", phrase)
        phrase = re.sub(r"\s+(?:has|have|had)$", "", phrase)
        phrase = re.sub(CHANNEL_AFTER, "", phrase)
        self._context = context
        # "according to Commission estimates", "the council's own traffic counts": the data speak for whoever keeps them.
        phrase = DATA.sub(r"\g<owner>", phrase)
        # "The Pittsburgh-based bank": where it is based is no part of who spoke.
        phrase = re.sub(r"^([Tt]he\s+)[A-Z][\w.\-]*-based\s+(?=[a-z])", r"\1", phrase)
        phrase = STUDY.sub(r"\g<owner>", phrase)
        phrase = re.sub(r"\s+(?:on|in|at)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$", "", phrase)
        phrase = re.sub(
            r"^(?:his|her)\s+(?:honou?r|excellency|worship|majesty|highness|lordship|ladyship)\s+", "", phrase, flags=re.I
        )
        phrase = re.sub(r"\s+(?:KC|QC|MP|MEP|TD|MSP|OBE|MBE|CBE|Jr|Sr|II|III)\b\.?(?=\s*(?:,|$))", "", phrase)
        # "Its director, Dr Joanna Mbeki-Hart": the name after a possessive description.
        described = re.match(
            r"^(?:[Aa]n?\s+(?=[a-z])|[Tt]he\s+(?=[a-z][\w\-]*\s+[a-z])|(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|(?:[Tt]he\s+)?[\w\-]+(?:'s|’s))\s+)[^,]{2,60},\s+(?=[A-Z])",
            phrase,
        )
        # Not "a spokesperson for the Department for Environment, Food and Rural Affairs": a list within a name.
        if described and not (
            re.search(r"\s[A-Z][\w\-]*,\s+$", described.group())
            and re.match(r"[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*\s+and\s+[A-Z]", phrase[described.end() :])
        ):
            phrase = phrase[described.end() :]
        # "Acting U.S. Attorney Roberto Salinas in a statement after the hearing": how it was said is no part of who.
        phrase = re.sub(
            r"\s+in\s+(?:a|an|his|her|its|their)\s+(?:[\w\-]+\s+)?(?:statement|interview|letter|post|email)\b.*$", "", phrase
        )
        # "Former mayor, Ciarán Doyle, took to Twitter": an office in small letters, then the name set off by commas.
        office = _OFFICE_FIRST.match(phrase)
        if office and any(is_title(w) for w in office.group("office").split()):
            phrase = f"{office.group('office')} {office.group('name')}"
        office = _OFFICE_OF.match(phrase)
        if office and is_title(office.group("office").split()[0]):
            phrase = f"{office.group('office').split()[0]} {office.group('name')}"
        channel = CHANNEL.match(phrase)
        if channel:
            name = restore(channel.group("owner"))
            owner = self.cast.find(name)
            if owner is not None:
                return owner.who(), None
            # A club or a company the text names only in passing: "beat Harlow Vale 2-1" … "Vale's official account".
            runs = {run for run in self.cast.runs if run.split()[-1] == name or run.split()[0] == name}
            if len(runs) == 1 and len(name.split()) == 1:
                return self.cast.note(Who(runs.pop(), "organisation")).who(), None
            return None, f"'{restore(phrase)}': the draft cannot tell whose"
        words = phrase.split()
        if not words:
            return None, "the text does not say who"
        first = words[0].casefold()
        if len(words) == 1 and first in ("he", "she", "him", "her"):
            return self.pronouns.resolve("he" if first in ("he", "him") else "she", context)
        known = self.cast.known.get(restore(phrase))
        if known is not None:
            kind: Kind = "person" if known.kind == "person" else "organisation" if known.kind == "organisation" else "country"
            return Who(known.name, kind, entity_id=known.id, registered=True), None
        if is_country(restore(phrase)):
            return Who(restore(phrase), "country"), None
        if first in PRONOUNS:
            return None, f"'{phrase}' does not say who; find out who, or delete this quote"
        if lead_in_capitals(words[0], self.cast.text):
            return None, f"'{words[0].lower()}' names nobody; say who, or give them as unnamed"
        issued = ISSUED.match(restore(phrase))
        if issued and self._depth == 0:
            # "a statement from the 31st Infantry Division": the document speaks for whoever issued it.
            self._depth += 1
            try:
                return self.resolve(issued.group("by"), context)
            finally:
                self._depth -= 1
        if first in ("a", "an") or (first in ("one", "another") and _described(words[1:])):
            description = re.split(r",\s*|\s+who\b", phrase)[0]
            description = description[0].lower() + description[1:]
            if WRITTEN_ON.search(description.split(" to ")[0].split(" on ")[0]):
                return None, f"'{restore(description)}' is what the words were written on, not who wrote them"
            self.cast.unnamed.append(description)
            return Who(description, "unnamed"), None
        if self._common(phrase):
            # "School leaders say", "Prosecutors said": capitalised only because a sentence starts with them.
            description = restore(re.split(r",\s*|\s+who\b", phrase)[0])
            return Who(description[0].lower() + description[1:], "unnamed"), None
        if first == "the" and len(words) > 1 and EPITHET.fullmatch(restore(" ".join(words[1:]))):
            # "the Montana Republican said": an epithet for someone named before, which the draft does not resolve.
            return None, f"'{restore(phrase)}' describes someone named before; say who"
        if _GROUP_AT.match(restore(phrase)):
            return Who(restore(phrase[0].lower() + phrase[1:]), "unnamed"), None  # "Analysts at Pennard Energy Consulting"
        if GROUP.fullmatch(restore(phrase)):
            return Who(restore(phrase), "unnamed"), None  # "Army officials said": people of it, not the Army itself
        if first == "the" and len(words) > 1 and (words[1][:1].isupper() or ORDINAL.fullmatch(words[1])):
            phrase, words, first = (
                " ".join(words[1:]),
                words[1:],
                words[1].casefold(),
            )  # "The Marion Valley Education Association"
        elif first == "the" and _office_then_name(phrase):
            # "The health minister Karen Ellison told MPs": an office, then the one who holds it.
            phrase, words = phrase[4:], words[1:]
            first = words[0].casefold()
        elif first == "the":
            return self._definite(phrase)
        # "said Okafor who was filling up at a station in Leeds": the relative clause is about the speaker, not a name.
        phrase = re.split(r"\s+(?:who|which)\s+(?=[a-z])", phrase)[0]
        who = parse_who(phrase) or parse_who(subject(phrase))
        if who is None:
            return None, f"'{restore(phrase)}' names nobody the draft could find"
        if who.kind == "organisation":
            return self.cast.note(who).who(), None
        if self.cast.find(who.name) is None and len(who.name.split()) == 1:
            return None, f"the text gives only '{who.name}'; write the full name"
        return self.cast.note(who).who(), None

    def _common(self, phrase: str) -> bool:
        """True for a description, not a name: its first word is capitalised only where a sentence starts with it."""
        words = re.split(r",\s*|\s+who\b", phrase)[0].split()
        if (
            not words
            or len(words) > 4
            or not words[0][:1].isupper()
            or words[0].isupper()
            or any(w[:1].isupper() for w in words[1:])
        ):
            return False
        if words[0].casefold() in _FUNCTION_WORDS:
            return False
        if not re.fullmatch(r"[A-Z][a-z]+s", words[0]) and len(words) == 1:
            return False  # one word: only a plural common noun ("Officials"), never a name ("Kessler")
        written = " ".join(words)
        for hit in re.finditer(rf"\b{re.escape(written)}\b", self.cast.text):
            before = self.cast.text[: hit.start()].split()
            if before and not re.search(r"[.!?:\"“”‘’]$", before[-1]) and before[-1] not in OPENERS:
                return False  # written with a capital in the middle of a sentence: a name
        return re.search(rf"\b{re.escape(written[0].lower() + written[1:])}\b", self.cast.text) is not None or len(words) > 1

    def _definite(self, phrase: str) -> tuple[Who | None, str | None]:
        noun = re.sub(r"^the\s+", "", phrase.split(",")[0], flags=re.I).casefold()
        head = noun.split()[-1] if noun.split() else ""
        if head in DOCUMENTS and self._depth == 0:
            return self._document(head)
        if head in _ORG_NOUNS:
            # "In a statement, Halvorsen Chemical said … The company said": the one organisation named nearest before.
            for piece in self._context:
                named = {p.name: p for p in self.cast.organisations(piece) if _called(p, head)}
                if len(named) == 1:
                    return next(iter(named.values())).who(), None
                if named:
                    break
            orgs = [
                p
                for p in self.cast.people
                if p.kind == "organisation" and (head in p.name.casefold().split() or head in p.titles)
            ]
            if not orgs and head in COMPANY_NOUNS:
                orgs = [p for p in self.cast.people if p.kind == "organisation" and p.titles & COMPANY_NOUNS]
            if len({p.name for p in orgs}) == 1:
                return orgs[-1].who(), None
            return None, f"'{phrase}': the draft cannot tell which organisation"
        people = [p for p in self.cast.people if p.kind == "person" and head in p.titles]
        if len({p.name for p in people}) == 1:
            return people[-1].who(), None
        heads = SAME.get(head, {head})
        unnamed = [u for u in self.cast.unnamed if heads & set(_nouns(u))] or self._described_before(heads)
        if len(set(unnamed)) == 1 and not people:
            return Who(unnamed[-1], "unnamed"), None
        if people:
            return None, f"'{phrase}' could be {' or '.join(p.name for p in people[-2:])}"
        return None, f"'{phrase}' names nobody the draft could find"

    def _described_before(self, heads: set[str]) -> list[str]:
        """Who "the source" is when the nearest stretch of text that says so reported them: "A Government source said …"."""
        nouns = "|".join(map(re.escape, sorted(heads)))
        for piece in self._context:
            found = [
                m.group("who")[0].lower() + m.group("who")[1:]
                for m in re.finditer(
                    rf"(?:^|(?<=[.!?]\s))(?P<who>An?\s+(?:[\w\-]+\s+){{0,3}}?(?:{nouns}))\s+{SAY}\b",
                    piece,
                )
            ]
            if found:
                return found
        return []

    def _document(self, noun: str) -> tuple[Who | None, str | None]:
        """Who wrote "the statement" or "the letter": the one the text last said spoke in one."""
        for piece in self._context:
            for sentence in reversed(sentences(piece)):
                if re.search(rf"\b{noun}\b", sentence.text, re.I):
                    match = re.search(rf"{WHO}\s+{VERB}\b", STATEMENT.sub("", sentence.text))
                    if match and plausible(match.group("who")):
                        self._depth += 1
                        try:
                            return self.resolve(match.group("who"), self._context)
                        finally:
                            self._depth -= 1
        return None, f"the text does not say whose {noun} it is"


def _called(organisation: Person, noun: str) -> bool:
    """Whether "the <noun>" can name ``organisation``: the noun is in its name or titles, or it is a company by name."""
    words = {w.casefold().strip(".,") for w in organisation.name.split()} | organisation.titles
    if noun in words:
        return True
    if noun not in COMPANY_NOUNS or organisation.name.isupper():
        return False
    return bool(words & _COMPANY_MARKS) or not words & (ORG_WORDS - _COMPANY_MARKS)


#: Words in a company's name: "Harlow Appliance Co", "Prairie Gold Poultry LLC".
_COMPANY_MARKS = (
    frozenset(
        """co co. company corp corp. corporation inc inc. ltd ltd. llc plc group holdings industries brands partners motors
    systems energy services foods labs laboratories technologies pharmaceuticals airlines airways logistics""".split()
    )
    | INDUSTRY_WORDS
)


def subject(clause: str) -> str:
    """The words that open a clause up to its verb: "Leerport Capital analyst Owen Sandoval kept a hold rating" → the name."""
    words: list[str] = []
    for word in clause.split():
        if word[:1].islower() and not is_title(word) and word not in ("de", "van", "der", "la", "von", "da", "of", "and"):
            break
        words.append(word)
    return " ".join(words)


def _nouns(description: str) -> list[str]:
    """The words of an unnamed description up to what qualifies it: "a source familiar with the talks" → a, source."""
    return re.split(r"\s+(?:familiar|with|who|from|of|for|at|in|close|briefed|speaking)\b", description.casefold())[0].split()


def _described(words: Sequence[str]) -> bool:
    """True for the words after "one" or "another" that describe someone.

    "neighbor", "EU diplomat", "Buchan brigade captain" (a place, then what they are), but not "of them", nor a name.
    """
    if not words or words[0] == "of":
        return False
    if words[0][:1].islower():
        return True
    described = [w.strip(",") for w in words[1:]]
    return len(described) >= 1 and described[0][:1].islower() and (words[0].isupper() or len(described) >= 2)


def plausible(who: str, longest: int = 18) -> bool:
    """True when ``who``, the words before or after "said", can name a speaker: at most ``longest`` words, one capitalised."""
    words = re.split(r",\s*(?:who|which|adding|as|an?\s|the\s)", who.strip())[0].split()
    if not words or len(words) > longest:
        return False
    first = words[0].casefold()
    one = first in ("one", "another") and _described(words[1:])  # "one neighbor said"
    return first in PRONOUNS or first in ("a", "an", "the") or one or any(w[:1].isupper() for w in words)
