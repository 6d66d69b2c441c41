"""Who the article has named so far: people with their roles and, where the text shows it, whether "he" or "she" fits.

Attribution in news prose leans on what came before: "Kessler said" means the
Raymond T. Kessler named earlier, "the general" means the major general,
"she" means the one woman in the paragraph before. :class:`Cast` keeps the
people and organisations named, in order, with the evidence the text gives
for each: a title, an honorific, a description after the name, a pronoun that
could only mean them. Nothing is guessed from a first name here; see
:func:`generator.draft.pronouns.fits`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import regex

from generator.draft.people import (
    GIVEN_TITLES,
    NUMBERED,
    PARTICLES,
    Who,
    clean,
    is_organisation,
    is_place,
    is_title,
    name_tail,
    organisation_name,
    person_of,
    plausible_name,
    protect,
    restore,
    role_of,
    titled_person,
)
from generator.draft.phrasing import SAY
from generator.draft.vocabulary import ORG_LEADS, ORG_WORDS
from generator.model import Entity
from generator.names import datelines
from generator.text import sentences

Gender = Literal["m", "f"]
HONORIFIC: dict[str, Gender] = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}
GENDERED: dict[str, Gender] = {
    **dict.fromkeys(
        "spokesman chairman congressman businessman father husband son brother grandfather uncle boy man king prince".split(), "m"
    ),
    **dict.fromkeys(
        "spokeswoman chairwoman congresswoman businesswoman mother wife daughter sister grandmother aunt girl woman queen "
        "princess widow".split(),
        "f",
    ),
}
#: Capitalised runs that may be names: words (in any script's capitals), initials and particles, two to eight of them.
_RUN = regex.compile(
    r"(?:(?<=\s)|^)(?:\p{Lu}\p{Ll}{0,3}[.\u2024]\s+)*(?P<name>(?:(?:\p{Lu}[.\u2024]){2,}|\p{Lu}[\p{L}\p{M}’'\-]*)"
    r"(?:\s+(?:\p{Lu}[.\u2024]|(?:al|el|bin|ibn|abu|ben|ul|ud)-\p{Lu}[\p{L}\p{M}’'\-]*|(?:del|der|den|des|de|la|van|von|da|dos|bin|ibn|al|Ní|Nic|Mac|Ó)\b|(?:and|&|(?:of|for)(?:\s+the)?)(?=\s+\p{Lu})"
    r"|[\"“‘]\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+){0,2}[\"”’]|\p{Lu}[\p{L}\p{M}’'\-]+)){0,9})"
)
#: Words that open the name of a place, not a person: "Barangay Balulang", "Fort Carson".
PLACE_WORDS = frozenset(
    "barangay purok province county city state district village town region fort mount mt lake river port cape isle "
    "island bay gulf north south east west new san santa saint st upper lower greater".split()
)


#: Words that end the name of a place: "Cagayan River", "Spokane Valley", "Harbor Street".
PLACE_ENDS = frozenset(
    "river creek street st road rd avenue ave boulevard lane drive way square park bridge lake mountain mountains island "
    "islands bay valley county province city town village district region coast beach harbor harbour airport station "
    "hills heights falls springs".split()
)


#: Organisation words only in a capitalised name: "the Hartley Green post office" is no organisation named "Hartley Green".
_MASTHEAD_WORDS = frozenset(
    "post press news times gazette herald tribune journal chronicle courier telegraph daily radio television tv media house "
    "network".split()
)


def lead_in_capitals(word: str, text: str) -> bool:
    """True for a common noun in capitals, as British local papers open a story ("RESIDENTS living near …").

    An acronym (NATO) is never written in small letters; a lead-in is, elsewhere in the same text ("residents").
    """
    return len(word) > 3 and word.isalpha() and word.isupper() and re.search(rf"\b{word.lower()}\b", text) is not None


def lead_titles(lead: list[str]) -> bool:
    """True when the words before a name hold a title: "Fire Chief", "Sen."."""
    return any(is_title(word) for word in lead)


#: What after a name shows it is a person's: an age, a description, or a verb of speech.
_DESCRIBED = re.compile(
    r"^\s*,\s*(?:\d{1,3}\s*,|(?:a|an|the|who|whose|his|her|its|one)\b|(?:[a-z][\w\-]*\s+){1,4}(?:of|at|for|with|in|from|on|to|about)\b)"
    r"|^\s+(?:said|says|told|added|wrote|testified|pleaded|argued|asked|warned|spoke|explained|called|urged|answered)\b"
    r"|^\s+and\s+(?:his|her)\b"
)


#: Someone described but not named, before what they said or after "according to".
_UNNAMED = re.compile(
    r"(?:\baccording\s+to\s+|(?:^|(?<=[.!?]\s))(?:(?:But|And|Yet|Still|However|Meanwhile),?\s+)?)(?P<who>(?:[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal)\s+[a-z][\w\-]*(?:\s+[a-z][\w\-’']*){0,7}?)"
    r"(?=\s*,|\s*\.|\s+(?:who|said|says|told)\b)"
)


@dataclass
class Person:
    """Someone named in the text, as fully as the text names them."""

    name: str
    kind: Literal["person", "organisation"] = "person"
    role: str | None = None
    organisation: str | None = None
    gender: Gender | None = None
    titles: set[str] = field(default_factory=set)
    """Lowercased title and role words the text gives them: ``general``, ``spokesman``, ``mayor``."""
    entity_id: str | None = None

    def who(self) -> Who:
        """As a draft names them."""
        return Who(self.name, self.kind, self.role, self.organisation, self.entity_id, self.entity_id is not None)


class Cast:
    """The people and organisations an article names, in the order it names them."""

    def __init__(self, entities: Iterable[Entity] = (), people: Iterable[Person] = ()) -> None:
        self.known = {e.name: e for e in entities}
        self.people: list[Person] = list(people)
        self.unnamed: list[str] = []
        self.runs: list[str] = []
        self._places: dict[str, bool] = {}
        """Capitalised names seen without evidence that they are a person's, for a surname alone to refer back to."""
        self.text = ""
        """The whole article, to tell a name from a word that only opens a sentence."""
        self.headline: str | None = None
        """The article's headline, whose capitals, in Title Case, mark no names."""

    def find(self, name: str) -> Person | None:
        """The person ``name`` refers to: the same full name, the end of one ("Kessler", "Ortega Salvat"), or a first name.

        A first name alone ("Siobhan") is someone's only when no one else named has it.
        """
        words = clean(name).split()
        if not words:
            return None
        if len(words) > 1 and words[0].casefold() in PARTICLES and words[0][:1].isupper():
            # "Van der Berg said", opening a sentence, for Marieke van der Berg (and still "Van Morrison" for him).
            lowered = self.find(" ".join([words[0].casefold(), *words[1:]]))
            if lowered is not None:
                return lowered
        matches = []
        for person in self.people:
            full = person.name.split()
            if full == words or (len(words) < len(full) and full[-len(words) :] == words):
                matches.append(person)
            elif person.kind == "person" and len(words) == 1 and len(full) >= 2 and full[0] == words[0]:
                matches.append(person)  # "Siobhan, 44, said" after "her daughter, Siobhan Pritchard"
            elif person.kind == "organisation" and len(words) == 1 and words[0] == _initials(full):
                matches.append(person)  # "KDWQ" for the Kansas Department of Water Quality
            elif person.kind == "organisation" and len(words) < len(full) and full[: len(words)] == words:
                matches.append(
                    person
                )  # "Halvern" or "Prairie Gold" for the Halvern Foods or Prairie Gold Poultry LLC named before
        if len({p.name for p in matches}) == 1:
            return matches[-1]
        return None

    def note(self, who: Who, *, titles: Iterable[str] = (), gender: Gender | None = None) -> Person:
        """Record a mention of ``who``; a shorter form of a name already known becomes that person."""
        person = self.find(who.name)
        if (
            person is None
            and who.kind == "organisation"
            and len(who.name.split()) == 1
            and (len(who.name) < 2 or who.name.casefold() in ORG_WORDS | {"the"})
        ):
            return Person(who.name, "organisation")  # "The", "Hospital": no organisation's name, so not kept
        if person is None or len(who.name.split()) > len(person.name.split()):
            entity = self.known.get(who.name)
            person = Person(who.name, "organisation" if who.kind == "organisation" else "person", who.role, who.organisation)
            if entity is not None:
                person.entity_id = entity.id
                person.kind = "person" if entity.kind == "person" else "organisation"
            self.people.append(person)
        person.role = person.role or who.role
        person.organisation = person.organisation or who.organisation
        for word in [*titles, *(who.role or "").casefold().replace(",", " ").split()]:
            person.titles.add(word.strip(".’'"))
            person.gender = person.gender or GENDERED.get(word.strip(".’'"))
        if gender:
            person.gender = person.gender or gender
        return person

    def mention(self, text: str) -> list[Person]:
        """Note every name ``text`` gives with evidence that it is someone's (a title, a description, an age, a verb).

        Unnamed people the text describes ("according to a source familiar with the talks", "A senior official said")
        are noted too, so that "the source" can refer back to them.
        """
        for match in _UNNAMED.finditer(text):
            description = match.group("who").strip()
            self.unnamed.append(description[0].lower() + description[1:])
        found = []
        if text == self.headline and title_case(text):
            return []  # "KDWQ Reaches Settlement With Poultry Processor": every word capitalised, so no run is a name
        places = datelines(restore(text))
        for sentence in sentences(protect(text)):
            for run in _RUN.finditer(sentence.text):
                if sentence.start == 0 and run.start() == 0 and restore(run.group("name")) in places:
                    continue  # "TOPEKA, Kan. –": where the story was filed
                person = self._mention(sentence.text, run)
                if person is not None:
                    found.append(person)
        return found

    def _mention(self, sentence: str, match: regex.Match[str]) -> Person | None:
        raw = restore(match.group("name"))
        if lead_in_capitals(raw, self.text):
            return None
        number = re.compile(NUMBERED).match(sentence, match.end("name"))
        if number and number.group():
            raw += number.group()  # "United Auto Workers Local 1874"
        # "the de la Peña Family Foundation": particles in small letters open a name that follows "the".
        particles = re.search(r"\bthe\s+(?P<p>(?:(?:de|la|del|van|von|der|du|le)\s+)+)$", sentence[: match.start("name")], re.I)
        if particles and is_organisation(raw):
            raw = particles.group("p") + raw
        lead = sentence[: match.start("name")].split()[-3:]
        # "The sheriff and Dog Warden Barb Knapp": a title before "and" is someone else's.
        joins = [i for i, w in enumerate(lead) if w in ("and", "or", "&")]
        lead = lead[joins[-1] + 1 :] if joins else lead
        after = sentence[match.end("name") :]
        introduced = re.search(r"\b(?:the|a|an)\s+(?P<noun>[a-z]+),\s*$", sentence[: match.start("name")], re.I)
        if re.search(r"-(?:based|born|led|owned|backed|funded|made|run)$", raw):
            return None  # "the Pittsburgh-based bank": where it is, not a name
        next_word = re.match(r"^\s+([a-z]+)", after)
        alone = len(raw.split()) == 1 and not raw.isupper() and not sentence[: match.start("name")].strip()
        if (
            next_word
            and not alone
            and (
                next_word.group(1) in ORG_WORDS - _MASTHEAD_WORDS
                or next_word.group(1) in ("campaign", "movement", "bloc", "faction", "consultancy")
            )
        ):
            return self.note(Who(organisation_name(raw), "organisation"))
        if lead and lead[-1] in ORG_LEADS and not is_title(raw.split()[0]) and len(raw.split()) > 1:
            return self.note(Who(organisation_name(raw), "organisation"), titles=[lead[-1]])  # "bus operator Ashworth Coaches"
        if re.search(
            r"\b(?:village|town|city|county|hamlet|suburb|region|province|island)s?\s+of\s+$", sentence[: match.start("name")]
        ):
            return None  # "the village of Hartley Green"
        place = raw.split()[0].casefold() in PLACE_WORDS and not (len(raw.split()) > 1 and is_title(raw.split()[1]))
        place = place or raw.split()[-1].casefold() in PLACE_ENDS or is_place(raw)
        if place or (re.search(r"\b(?:in|near|of|from)\s+$", sentence[: match.start("name")]) and not lead_titles(lead)):
            return None  # a place: "Barangay Balulang", "in Spokane Valley"
        if lead and (lead[-1].casefold() in ("a", "an") or lead[-1] == "the") and not is_organisation(raw):
            return None  # a description, not a name: "a Montana Republican", "the Hartley Green post office"
        words = raw.split()
        if len(words) > 2 and words[1] == "of" and alone_at_start(sentence, match, self.text):
            return None  # "Boxes of Halvern Foods crackers": a common noun that opens the sentence, and what it is of
        while words and is_title(words[0]) and not (len(words) == 2 and words[0] in GIVEN_TITLES):
            words.pop(0)
        person = clean(" ".join(name_tail(words)))
        titled = len(words) < len(raw.split())
        # "Priya Venkataraman of Dunmore Securities" is a person, and what they are of.
        organisation = is_organisation(raw) and not person_of(raw) and not titled_person(raw)
        titled_name = titled and person and not is_organisation(person) and len(person.split()) >= 2
        one = not re.search(r"\band\b", raw) or is_organisation(raw.rsplit(" and ", 1)[-1])
        if organisation and not titled_name and one:
            return self.note(Who(organisation_name(raw), "organisation"), titles=[introduced.group("noun")] if introduced else [])
        # "Kessler and Mayor Dwayne Hollis": two people; the description or verb after the last is evidence for both.
        parts = [p for p in re.split(r"\s+(?:and|&)\s+", raw) if p]
        # "Somalia's minister for humanitarian affairs, Khadra Abdullahi Warsame, told …": the description before.
        before = re.search(r"(?:^|,\s)(?P<desc>[^,]{3,90}),\s*$", sentence[: match.start("name")])
        described = [w.casefold() for w in before.group("desc").split() if is_title(w)] if before else []
        found = None
        for n, part in enumerate(parts):
            titles = [w.strip(".,").casefold() for w in (lead if n == 0 else []) if is_title(w)] + (described if n == 0 else [])
            found = self._person(part.split(), titles, after if n == len(parts) - 1 else "", bool(len(parts) > 1)) or found
        return found

    def _person(self, words: list[str], titles: list[str], after: str, joined: bool) -> Person | None:
        # "Vargas of New Mexico": a person's name ends where "of" starts what they are of.
        cut = next((i for i, w in enumerate(words) if i and w in ("of", "for", "the")), None)
        of_organisation = False
        if cut is not None:
            # "Nadia van der Hoek of the Ohio Valley Waterkeeper Alliance": what they are of shows a person.
            of_organisation = words[cut] == "of" and is_organisation(" ".join(words[cut + 1 :]))
            words, after = words[:cut], ""
        # A title at the front of the run ("Fire Chief Raymond T. Kessler") belongs before the name.
        written: list[str] = []
        while words and is_title(words[0]) and not (len(words) == 2 and words[0] in GIVEN_TITLES):
            written.append(words[0])
            titles.append(words.pop(0).casefold().strip("."))
        while words and words[0].casefold() in ("of", "for", "the"):
            words.pop(0)
        tail = name_tail(words)
        name = clean(" ".join(tail))
        before = [*written, *words[: len(words) - len(tail)]]
        role = role_of(" ".join(before)) if any(is_title(w) for w in before) else None
        if not tail or not plausible_name(name) or is_organisation(name):
            return None
        known = self.find(name)
        honorific = next((HONORIFIC[t] for t in titles if t in HONORIFIC), None)
        evidence = (
            known is not None
            or bool(titles)
            or role is not None
            or _DESCRIBED.match(after) is not None
            or (joined and len(tail) >= 2)
            or (of_organisation and len(tail) >= 2)
        )
        if len(tail) < 2 and known is None:
            # A surname alone ("Ferris said"): the person whose full name the text gave earlier without evidence.
            promoted = [run for run in self.runs if run.split()[-1] == name]
            if evidence and len(set(promoted)) == 1:
                return self.note(Who(promoted[-1], "person"), titles=titles, gender=honorific)
            return None
        if not evidence:
            self.runs.append(name)
            return None
        described = re.match(r"^\s*,\s*(?:a|an|the)\s+(?P<role>[^,.;:“”\"‘]{3,80})", after)
        # "…, the athlete said": a new clause's subject, not a description of the one named before the comma.
        if described and re.search(rf"\b{SAY}\b", described.group("role")):
            described = None
        role_words = described.group("role").casefold().split() if described else []
        return self.note(Who(name, "person", role), titles=[*titles, *role_words], gender=honorific)

    def organisations(self, text: str) -> list[Person]:
        """The organisations ``text`` names, by full name or by the first word of it ("Halvorsen"), each once."""
        found = []
        for person in self.people:
            first = person.name.split()[0]
            forms = [person.name] + ([first] if first.casefold() not in ORG_WORDS | {"the"} and len(first) > 2 else [])
            if person.kind == "organisation" and any(re.search(rf"(?<![\w\-]){re.escape(f)}(?![\w\-])", text) for f in forms):
                found.append(person)
        return found

    def candidates(self, text: str) -> list[Person]:
        """The people ``text`` names, each once, in the order they last appear."""
        order: dict[str, tuple[int, Person]] = {}
        firsts = [p.name.split()[0] for p in self.people if p.kind == "person" and len(p.name.split()) > 1]
        for person in self.people:
            forms = {person.name, person.name.split()[-1]}
            if person.kind == "person" and len(person.name.split()) > 1 and firsts.count(person.name.split()[0]) == 1:
                forms.add(person.name.split()[0])  # "Siobhan", as tabloids name Siobhan Pritchard again
            for form in forms:
                for hit in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
                    if order.get(person.name, (-1, person))[0] < hit.start():
                        order[person.name] = (hit.start(), person)
        return [p for _pos, p in sorted(order.values(), key=lambda item: item[0]) if p.kind == "person" and not self._a_place(p)]

    def _a_place(self, person: Person) -> bool:
        """True when the text gives a "person" only after a word for where: "in Little Carlow", "near Carlow Weir"."""
        if person.name not in self._places:  # the text is set once, before any reading
            hits = [
                hit
                for hit in re.finditer(rf"(?<![\w\-]){re.escape(person.name)}(?![\w\-])", self.text)
                if not (self.headline and self.text.startswith(self.headline) and hit.end() <= len(self.headline))
            ]
            where = [_WHERE.search(self.text[max(0, h.start() - 12) : h.start()]) for h in hits]
            self._places[person.name] = bool(hits) and all(where)
        return self._places[person.name]


_WHERE = re.compile(r"\b(?:in|at|for|near|outside|from|into|across|around|through|towards?|past|beside|along|off)\s+(?:the\s+)?$")


def _initials(words: list[str]) -> str | None:
    """The initials of a name's capitalised words, when there are three or more: "Kansas Department of Water Quality" → KDWQ."""
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return initials if len(initials) >= 3 else None


def title_case(line: str) -> bool:
    """True for a headline written in Title Case, where capitals do not mark names."""
    words = [w for w in line.split() if len(w) > 3 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def alone_at_start(sentence: str, match: regex.Match[str], text: str) -> bool:
    """True when the run opens ``sentence`` with a word the text capitalises nowhere else, and no title or organisation word."""
    first = match.group("name").split()[0]
    if sentence[: match.start("name")].strip() or is_title(first) or first.casefold() in ORG_WORDS | PLACE_WORDS:
        return False
    return not re.search(rf"(?<![.!?:\"“]\s)(?<!^)(?<=\s){re.escape(first)}\b", text, re.M)
