"""Who an article names: splitting an attribution phrase into a name, a role and an organisation.

News text puts titles before names (``Maj. Gen. Dana Whitlock``, ``U.S.
Attorney Marlene K. Oduya``, ``Cllr Anne-Marie Doyle``) and descriptions after
them (``Nadia Perez-Whitfield, an emergency response coordinator with the Ohio
Environmental Protection Agency``). :func:`parse_who` takes such a phrase
apart; a phrase that holds no name gives None, never a guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pycountry
import regex

from generator.draft.phrasing import OPENERS
from generator.draft.vocabulary import ORG_LEADS, ORG_WORDS, TITLE_WORDS
from generator.names import DAYS, MONTHS, PRONOUNS, RELATIVE_DAYS, not_a_name
from generator.text import ABBREVIATIONS

Kind = Literal["person", "organisation", "country", "unnamed"]


def is_title(word: str) -> bool:
    """True for a word of a title or rank: ``Sen.``, ``Maj.``, ``Attorney``, ``Cllr``."""
    word = word.strip(",;:").replace(".", "").replace("\u2024", "").casefold()
    return word in TITLE_WORDS or (len(word) > 4 and word.endswith("s") and word[:-1] in TITLE_WORDS)  # "Trustees Ann Kowalski"


PARTICLES = frozenset("de del della der den van von da dos das du la le bin ibn al el ní nic ó mac mc ap y e".split())
_INITIAL = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")
_NAME_WORD = regex.compile(
    r"(?:\p{Lu}[\p{L}\p{M}’'\-]*|(?:al|el|bin|ibn|abu|ben|ul|ud)-\p{Lu}[\p{L}\p{M}’'\-]*|\p{Lu}\.|(?:\p{Lu}\.){2,}|[\"“‘]\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+){0,2}[\"”’])"
)
_APPOSITION = re.compile(r"^(?:a|an|the|who|which|his|her|their|its|one|also|now|then|former|retired|acting|and)\b|^[a-z]", re.I)


@dataclass(frozen=True)
class Who:
    """Someone a draft names: a person or an organisation the text names, or a description of someone it does not."""

    name: str
    kind: Kind
    role: str | None = None
    organisation: str | None = None
    entity_id: str | None = None
    """The registry id, when the registry knows the name."""
    registered: bool = False
    """True when ``entity_id`` comes from the registry rather than being proposed."""


@functools.cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """Country names (ISO 3166 names, common and official) and the names of their subdivisions, from pycountry."""
    countries = {
        value
        for country in pycountry.countries
        for value in (getattr(country, key, None) for key in ("name", "common_name", "official_name"))
        if value
    }
    return frozenset(countries), frozenset(s.name for s in pycountry.subdivisions)


def is_country(name: str) -> bool:
    """True for a country's name: ``Ukraine``, ``South Korea``, ``United States``."""
    return name in _places()[0]


def is_place(name: str) -> bool:
    """True for the name of a country or one of its states, provinces or regions: ``New Mexico``, ``Bavaria``."""
    countries, subdivisions = _places()
    return name in countries or name in subdivisions


def is_organisation(name: str) -> bool:
    """True when a name reads as an organisation's: ``Ashworth Borough Council``, ``NATO``, ``Halvorsen Brands, Inc.``."""
    words = re.split(r"[\s,\-]+", name.strip())
    if "&" in words or any(w.casefold().strip(".") in ORG_WORDS for w in words):
        return True  # no one's name holds "&": "Tamar & Wye Water", "Marks & Spencer"
    return len(words) == 1 and words[0].isupper() and len(words[0]) > 1 and "." not in words[0]


def _is_name_word(word: str) -> bool:
    if word.casefold() in PARTICLES:
        return True
    parts = word.split("-")
    if len(parts) >= 3 and any(part[:1].islower() for part in parts[1:]):
        return False  # "Dad-of-two", "Mother-of-three": a description
    if len(parts) >= 2 and all(p[:1].isupper() for p in parts[:1]) and any(p in ("of", "in", "law") for p in parts):
        return False  # "Son-in-law"
    return bool(_NAME_WORD.fullmatch(word)) and word.casefold().strip(".") not in (PRONOUNS | DAYS | MONTHS | RELATIVE_DAYS)


#: Nouns for a person that may open a sentence before their name ("Pensioner Maureen Tatlock"). Many are also surnames
#: ("Frances Farmer"), so one is left out of a name only where it opens a name of three words or more.
DESCRIPTORS = frozenset(
    """
    pensioner parent parents mother father mum mom dad grandmother grandfather grandparent widow widower student pupil
    shopper commuter motorist driver passenger cyclist farmer landlord landlady tenant homeowner neighbour neighbor
    volunteer campaigner activist protester protestor worker employee veteran survivor victim customer patient businessman
    businesswoman entrepreneur shopkeeper retiree fisherman publican carer caregiver mechanic electrician plumber builder
    fan local locals class medic paramedic midwife historian author writer artist musician singer actor actress broadcaster
    presenter journalist reporter photographer moderator
    """.split()
)
_PREPOSITIONS = frozenset("on in at from with by to under after before during via over since into".split())
#: Titles that are also given names: "Dean McAllister-Boyd".
GIVEN_TITLES = frozenset({"Dean", "Earl"})
#: Months that are also given names: "Jan Kowalczyk", "May Tan".
GIVEN_MONTHS = frozenset({"Jan", "May", "June", "April", "August"})


def _nicknames(words: list[str]) -> list[str]:
    """Words with a quoted nickname of several words kept as one: ``Michael "Big Mike" Szczepanski``."""
    out: list[str] = []
    for word in words:
        if out and out[-1][:1] in '"“‘' and not out[-1].rstrip(",;:").endswith(('"', "”", "’")) and len(out[-1].split()) < 3:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def name_tail(words: list[str]) -> list[str]:
    """The words at the end of ``words`` that are a name: capitalised, initials and particles, titles left out."""
    tail: list[str] = []
    for word in reversed(_nicknames(words)):
        bare = word.strip(",;:") if word[:1] not in '"“‘' else word.rstrip(",;:")
        if bare == "&" and tail:
            tail.insert(0, bare)  # "Tamar & Wye Water"
            continue
        if not bare:
            break
        # "Dean McAllister-Boyd": a title that is also a given name, before a surname alone, is the given name.
        given = len(tail) == 1 and bare in GIVEN_TITLES | GIVEN_MONTHS
        if is_title(bare) and not (tail and bare.casefold() in PARTICLES) and not given:
            break
        if bare.endswith(("’s", "'s", "s’", "s'")) or not (_is_name_word(bare) or given):
            break  # a possessive owns the name after it: "the Conservatives’ Tom Haverstock"
        tail.insert(0, bare)
    initial = next((i for i, word in enumerate(tail) if _INITIAL.fullmatch(word)), None)
    if initial is not None and initial >= 2:
        del tail[: initial - 1]  # a middle initial follows the given name: "Engineer Robert J. Halvorsen"
    while tail and (
        tail[0] == "&"
        or (tail[0].casefold() in PARTICLES and tail[0][:1].islower())
        or (_INITIAL.fullmatch(tail[0]) and len(tail) == 1)
        or (tail[0].casefold() in DESCRIPTORS and len(tail) >= 3)
        or (tail[0] in OPENERS and len(tail) >= 2)
    ):
        tail.pop(0)
    return tail


def clean(name: str) -> str:
    """A name without surrounding punctuation, a possessive ending or honorifics."""
    name = re.sub(r"[’']s$", "", name.strip(" ,.;:\"“”‘’'"))
    words = [w for w in name.split() if w.casefold() not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.")]
    return " ".join(words)


def plausible_name(name: str) -> bool:
    """True when ``name`` can be a person's or organisation's name: not a pronoun, a day, a single letter or a fragment."""
    if not name or not_a_name(name):
        return False
    words = name.split()
    if all(_INITIAL.fullmatch(w) or w.casefold() in PARTICLES for w in words):
        return False
    if words[0].casefold() in _PREPOSITIONS:
        return False  # "On Twitter", "In Brussels": a phrase that starts a sentence, not a name
    return not all(w.casefold().strip(".") in ABBREVIATIONS for w in words)


#: Full stops that do not end a sentence (after an initial or an abbreviation), written as U+2024 while attributions are read.
_PROTECTED = "\u2024"
_ABBREVIATED = re.compile(
    r"\b(?:[A-Z]|" + "|".join(sorted((re.escape(a) for a in ABBREVIATIONS), key=len, reverse=True)) + r")\.", re.I
)


def protect(text: str) -> str:
    """``text`` with the full stops of initials and abbreviations ("James A. Dawson", "U.S. Attorney") set apart, one for one."""
    return _ABBREVIATED.sub(lambda m: m.group()[:-1] + _PROTECTED, text)


def restore(text: str) -> str:
    """Undo :func:`protect`."""
    return text.replace(_PROTECTED, ".")


def organisation_name(text: str) -> str:
    """An organisation's name as written, without a leading "The" or trailing punctuation."""
    name = re.sub(r"^(?:the|an?)\s+", "", clean(restore(text)), flags=re.I)  # "A Ministry of Justice spokesperson"
    office = re.match(r"^(?P<office>(?:[A-Z][\w\-]*\s+){1,3})of\s+(?:the\s+)?(?=[A-Z])", name)
    if office and all(is_title(w) for w in office.group("office").split()):
        name = name[office.end() :]  # "Leader of Eastbrook Borough Council": the office is not the organisation
    # "London's Metropolitan Police Service": where it is from is no part of a name of two words or more.
    owned = re.match(r"^[A-Z][\w\-]*(?:’s|'s)\s+(?P<name>[A-Z]\S*(?:\s+\S+)+)$", name)
    return owned.group("name") if owned and is_organisation(owned.group("name")) else name


#: The number of a union local or a lodge, part of its name: "United Auto Workers Local 1874".
NUMBERED = r"(?:(?<=\bLocal|\bLodge)\s+\d{1,5}\b)?"


def _leading_run(text: str) -> str:
    """The capitalised words that open ``text``, with the small words that join them.

    "Kessler Stroke Center and the study's" → "Kessler Stroke Center"; "Poland-based Rochan consultancy" → "Rochan
    consultancy", for where an organisation is based is no part of its name.
    """
    text = re.sub(r"^[A-Z][\w\-]*-based\s+(?=[A-Z])", "", text)
    match = re.match(rf"[A-Z][\w&.’'\-]*(?:\s+(?:(?:of|for|and|&|on|the|de|la|du|von|van)\s+)*[A-Z][\w&.’'\-]*)*{NUMBERED}", text)
    if not match:
        return text
    # "the Poland-based Rochan consultancy": the kind of organisation, in small letters, ends its name.
    kind = re.match(r"\s+([a-z][\w\-]*)", text[match.end() :])
    if kind and kind.group(1) in ORG_WORDS and not is_organisation(match.group()):
        return match.group() + kind.group()
    return match.group()  # "the St. Brendan Health System board": the board is the system's, not its name


def organisation_in(description: str) -> str | None:
    """The organisation a description names: the last "of/at/for/with the …" that reads as one, its owner for a possessive.

    ``head of flood resilience at the Environment Agency`` → ``Environment Agency``;
    ``FBI's Baltimore Field Office`` → ``FBI``.
    """
    found = None
    for match in re.finditer(r"(?=\b(?:of|at|for|with|from)\s+(?:the\s+)?(?P<org>[A-Z][^,;]*))", description):
        candidate = re.sub(r"\s+(?:in|near|based\s+in)\s+[A-Z][\w ]+$", "", _leading_run(match.group("org"))).strip(" ,.")
        if is_organisation(candidate) and not (found and candidate in found):
            found = candidate
    if found is None:
        return None
    # "Harborview Children's Clinic" is one name; "FBI's Baltimore Field Office" belongs to the FBI.
    owner = re.match(r"^(?P<owner>[A-Z][\w&.\- ]*?)(?<!Children)(?<!Women)(?<!Men)(?<!People)[’']s\s", found)
    return owner.group("owner") if owner else found


#: Words of organisations' names that name no organisation on their own; "Reuters" or "Congress" does.
_GENERIC_ORGS = ORG_WORDS - frozenset("reuters interfax congress parliament senate".split())
#: Words that end a street's name and no one's: "Stover Road" (but "Lane" and "Park" are surnames too).
_STREETS = frozenset("road street avenue boulevard highway motorway".split())
_PLACE_PREPOSITIONS = frozenset("in at from near across around outside inside throughout".split())
_LEAD_WORDS = "|".join(sorted(ORG_LEADS, key=len, reverse=True))
#: An organisation introduced by its kind: "consumer group CCW", "the charity Hearthlight".
_LED = re.compile(rf"^(?:(?:[Tt]he|[A-Z]?[a-z][\w\-]*)\s+){{0,3}}?(?:{_LEAD_WORDS})\s+(?P<name>[A-Z][^,]*)$")
#: An organisation described by its kind alone: "Energy watchdog", "the Nordluft group".
_DESCRIBED_ORG = re.compile(rf"(?:[Tt]he\s+)?(?:[A-Z][\w\-’']*\s+){{1,3}}(?:{_LEAD_WORDS})")


def parse_who(phrase: str) -> Who | None:
    """Split an attribution phrase into a name, a role and an organisation; None when it names nobody.

    ``Maj. Gen. Dana Whitlock, the division's commanding general``, ``Henry
    Boyd of the International Institute for Strategic Studies``, ``Spain's
    agriculture minister, Luis Ortega Salvat``, ``U.S. Attorney Marlene K. Oduya
    for the District of Kansas``.
    """
    phrase = restore(phrase).strip(" ,.;:“”\"‘’'")
    parts = [p.strip() for p in re.split(r",\s*", phrase) if p.strip()]
    for index, part in enumerate(parts):
        if index == 0 and (led := _LED.match(part)):
            # "Consumer group CCW", "daily newspaper Diário do Tejo": the kind of organisation in small letters, then its name.
            name = led.group("name")
            if any(is_title(w) for w in name.split()[:-1]):
                return parse_who(", ".join([name, *parts[1:]]))
            return Who(organisation_name(name), "organisation")
        if index == 0 and part.casefold() in _GENERIC_ORGS:
            return None  # "Energy", "Workers", "Group": the kind of organisation, capitalised to start a sentence
        if index == 0 and _DESCRIBED_ORG.fullmatch(part):
            return None  # "Energy watchdog", "the Nordluft group": which organisation is meant is for the editor to say
        if index == 0 and (named := _office_then_name(part, parts[1:])):
            return Who(named, "person", role_of(part))
        if (
            index == 0
            and is_organisation(part)
            and not person_of(part)
            and not titled_person(part)
            and re.fullmatch(r"(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][\w&.’'\- ]*", part)
            and not re.search(r"\s[a-z]{3,}\s", part.replace(" of ", " ").replace(" for ", " ").replace(" and ", " "))
        ):
            return Who(organisation_name(part), "organisation")  # "National Association of Flood Action Groups"
        # "Inês Valadares of the campaign group Blue Shelf Europe": what kind of organisation may come in small letters.
        of = re.match(r"^(?P<head>.+?)\s+(?:of|at|from|with|for)\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){0,3}?(?P<org>[A-Z].+)$", part)
        for head in [of.group("head"), part] if of else [part]:
            words = head.split()
            tail = name_tail(words)
            if of and head is part and all(is_title(w) for w in of.group("head").split()):
                tail = _after_office(tail)
            name = clean(" ".join(tail))
            if not tail or not plausible_name(name) or (len(tail) == 1 and _INITIAL.fullmatch(tail[0])):
                continue
            if is_organisation(name):
                if head is part:
                    return Who(organisation_name(part if is_organisation(part) else name), "organisation")
                continue
            before = words[: len(words) - len(tail)]
            if (before and before[-1].casefold() in _PLACE_PREPOSITIONS) or tail[-1].casefold() in _STREETS:
                continue  # "Residents in Ashby Fold", "streets such as Stover Road": a place, not a name
            role = " ".join(before).strip() or None
            organisation = organisation_in(part) if head is not part else None
            rest = parts[index + 1 :]
            if rest and _APPOSITION.match(rest[0]) and not re.match(r"^(?:who|which|whose|where|when)\b", rest[0]):
                described = re.sub(r"\s+(?:of|at|for|with|from)\s+(?:the\s+)?[A-Z].*$", "", rest[0])
                role = role or re.sub(r"^(?:a|an|the)\s+", "", described)
                organisation = organisation or organisation_in(", ".join(rest[:2]))
            return Who(name, "person", role_of(role), organisation)
        if index == 0 and not _APPOSITION.match(part):
            continue
    return None


def _office_then_name(part: str, rest: list[str]) -> str | None:
    """The name in a later part, when ``part`` is someone's office and that part is a name and nothing else.

    "Caerphilly Trades Union Council secretary, Mariam Kamish"; "Deputy Commissioner of Police, Adyar, V. Vikraman".
    """
    words = part.split()
    if not ((words[-1].islower() and is_title(words[-1])) or is_title(words[0])):
        return None
    names = [r for r in rest if len(r.split()) >= 2 and name_tail(r.split()) == r.split() and plausible_name(r)]
    return clean(names[0]) if len(names) == 1 else None


def _after_office(tail: list[str]) -> list[str]:
    """The name at the end of a title's office: "Environmental Enforcement Marcus D. O'Shaughnessy" → the last three words.

    The office's words are capitalised like the name, so only a middle initial shows where the name starts (one given
    name before it, as American usage has it); without one, nothing is taken as the name.
    """
    initial = next((i for i, w in enumerate(tail) if i and re.fullmatch(r"[A-Z]\.", w)), None)
    if initial is not None:
        return tail[initial - 1 :]
    return tail if len(tail) <= 3 else []


def titled_person(run: str) -> bool:
    """True for a person's name after a title that names an office: "Group CEO Jonas Vinther-Hald", "Energy Minister Ann Roe".

    The office may hold words that make a name an organisation's ("Group", "Energy"), so the title word right before a
    name of two words or more is what shows that a person is meant.
    """
    words = run.split()
    tail = name_tail(words)
    if len(tail) < 2 or len(words) == len(tail) or not is_title(words[-len(tail) - 1]):
        return False
    name = clean(" ".join(tail))
    return plausible_name(name) and not is_organisation(name)


def person_of(run: str) -> bool:
    """True for a person's name followed by what they are of: "Priya Venkataraman of Dunmore Securities"."""
    head = run.split(" of ")[0]
    if head == run or len(head.split()) < 2 or is_organisation(head):
        return False
    return plausible_name(clean(" ".join(name_tail(head.split()))))


def role_of(role: str | None) -> str | None:
    """A role as a sidecar gives it: no article, no owner of a possessive ("Ukraine's Foreign Minister" → "Foreign Minister")."""
    if not role:
        return None
    role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,"))
    possessive = re.match(r"^(?P<who>[A-Z][\w.&\- ]*?)[’']s\s+(?P<role>.+)$", role)
    if possessive:
        role = possessive.group("role")
    return role or None
