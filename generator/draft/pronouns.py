"""Who "he" and "she" are: the one person the nearest stretch of text that names anyone leaves them to mean.

A pronoun is resolved only when one named person fits, by what the text
shows of them or by a given name (see :func:`fits`), or when news prose
makes the last one named as speaking the one meant. Anyone else the stretch
refers to but the cast cannot name ("the minister", someone described, a
name the draft could not read) keeps it ``TODO``, and the reason says who it
could be.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from generator.draft.context import GENDERED, HONORIFIC, Cast, Person
from generator.draft.given_names import sex_of
from generator.draft.people import DESCRIPTORS, Who, clean, is_country, is_organisation, is_place, is_title, name_tail, restore
from generator.draft.phrasing import FRAGMENT, KIN, KIN_WOMEN, NOT_PEOPLE, PERSON_NOUNS, SAY
from generator.text import sentences

_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+))+")
#: Words that end the names of places and buildings: "North Amidon Avenue", "Carlow Bridge".
_WHERE_WORDS = frozenset(
    "avenue street road lane drive way square park bridge river lake hall centre center court house hill valley beach "
    "station airport highway motorway county city town village parish estate".split()
)
_ASIDE = re.compile(rf",\s+(?:who|whose)\b[^,]{{1,160}},(?=\s+{SAY}\b)")


def _aside(text: str) -> str:
    """``text`` without a clause about the speaker between their name and the verb.

    "Achterberg, who seconded an amendment by Harold Mensah, said": Mensah did not speak.
    """
    return _ASIDE.sub("", text)


_KIN_WORDS = "husband|wife|son|daughter|brother|sister|father|mother|grandfather|grandmother|uncle|aunt|widow"
#: A quotation in double marks, or in curly single ones (a straight ' is also an apostrophe), up to its end.
_QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)|‘[^‘’]*(?:’(?!\w)|$)")


def fits(person: Person, pronoun: str, *, by_name: bool = True) -> bool:
    """Whether ``pronoun`` (he or she) can mean ``person``: by what the text says, then (``by_name``) by their given name.

    An organisation is never "he" or "she".
    """
    wanted = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}.get(pronoun.casefold())
    if wanted is None:
        return True
    if person.kind == "organisation":
        return False
    gender = person.gender or (sex_of(person.name) if by_name else None)
    return gender in (None, wanted)


def _known(person: Person) -> bool:
    """Whether the text, or else a given name, shows if "he" or "she" fits ``person``."""
    return person.gender is not None or (person.kind == "person" and sex_of(person.name) is not None)


class Pronouns:
    """Resolves "he" and "she" against the people a text has named (its :class:`Cast`)."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.learnt: dict[str, str] = {}
        """What a pronoun showed of the one person it could mean: name → "m" or "f", for the next reading."""

    def resolve(self, pronoun: str, context: Sequence[str]) -> tuple[Who | None, str | None]:
        """Who "he" or "she" is, from ``context`` (nearest first), or None and why."""
        # The nearest stretch of text that names someone "he" or "she" can be decides; farther ones are not looked at.
        for piece in context:
            candidates = [p for p in self.cast.candidates(piece) if fits(p, pronoun)]
            others = self._others(piece, pronoun)
            if not candidates:
                rest = piece.replace(others[0], " ") if others else piece
                if (
                    len(others) == 1
                    and re.match(r"(?:An?|One|Another)\s", others[0])
                    and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+", rest)  # and no one else who might be named
                ):
                    # "One victim, a retired nurse, said …" then "…," she said: the one described, unnamed.
                    described = re.sub(r"^(?:One|Another)\s+[a-z][\w\-]*,\s+", "", others[0])
                    return Who(described[0].lower() + described[1:], "unnamed"), None
                if others:
                    return None, f"'{pronoun}' could be {others[0]}, whom the draft cannot name"
                unread = self._unread(piece)
                if unread:
                    # Someone is named here whom the draft could not read as a name: farther text must not decide.
                    return None, f"'{pronoun}' could be {unread}, whose name the draft could not make out; say who"
                continue
            spans = [s.text for s in sentences(piece)]
            last = self._last_speaker(spans[-1] if spans else "")
            # Someone else named after the one who spoke ("…, a complaint echoed by his counterpart, Craig Nguyen-Bell").
            later = [o for o in others if piece.rfind(o) > piece.rfind(candidates[0].name.split()[-1])]
            if len(candidates) == 1 and (not others or (last is candidates[0] and not later)):
                # What the pronoun shows of the one person it can mean, for the next reading (see find_quotes).
                self.learnt.setdefault(candidates[0].name, "m" if pronoun == "he" else "f")
                return candidates[0].who(), self._by_name(piece, pronoun, candidates[0])
            # The last one named as speaking is meant, as news prose runs on ("Hollis said …" then "…," he said),
            # unless another who could be meant is as unknown as they are.
            rivals = [c for c in candidates if c is not last]
            sure = last is not None and not others and (_known(last) or all(_known(r) for r in rivals))
            if sure and last in candidates and candidates[-1] is last:
                return last.who(), None
            # Rivals named only inside the clause about the speaker ("X, who backed Y's amendment, said") are not meant.
            if last in candidates and not others:
                shown = self.cast.candidates(_aside(piece))
                if shown and shown[-1] is last and all(r not in shown for r in rivals):
                    return last.who(), None
                # "De Souza said he had written to Cllr Howard Bellamy": who is named only in what was said did not say it.
                said = re.search(rf"\b{SAY}\b", spans[-1]) if spans else None
                speaking = [r for r in rivals if re.search(rf"\b{re.escape(r.name.split()[-1])}\s+{SAY}\b", piece)]
                if (
                    said
                    and not speaking
                    and all(
                        r not in self.cast.candidates(piece[: piece.rfind(spans[-1])] + spans[-1][: said.start()]) for r in rivals
                    )
                ):
                    return last.who(), None
            names = " or ".join([p.name for p in candidates[-2:]] + others[:1])
            return None, f"'{pronoun}' could be {names}; the text does not settle which"
        return None, f"'{pronoun}' has no one named before it to refer to"

    def _by_name(self, piece: str, pronoun: str, chosen: Person) -> str | None:
        """A note for the editor when only given names, not the text, ruled out everyone else ``pronoun`` could mean."""
        rivals = [p.name for p in self.cast.candidates(piece) if p is not chosen and fits(p, pronoun, by_name=False)]
        if not rivals:
            return None
        return f"'{pronoun}' taken to be {chosen.name} by given name alone (the text also names {rivals[-1]}); check"

    def _unread(self, piece: str) -> str | None:
        """The first run of capitalised words in ``piece`` that may be a person's name the cast does not hold."""
        for match in _CAPITALISED.finditer(piece):
            words = [w for w in match.group().split() if not is_title(w) and w.casefold() not in DESCRIPTORS]
            if len(words) < 2 or any(w.casefold().strip(".") in NOT_PEOPLE or w.casefold() in _WHERE_WORDS for w in words):
                continue
            run = " ".join(words)
            before = piece[: match.start()].split()
            if before and before[-1].casefold() in ("in", "at", "on", "near", "from", "of", "to", "the"):
                continue  # "in Upper Marsh", "of Sunflower Grid": a place or an organisation
            if is_organisation(run) or is_place(run) or is_country(run) or self.cast.find(run) is not None:
                continue
            if any(run in p.name or p.name in run for p in self.cast.people):
                continue
            return run
        return None

    def _others(self, piece: str, pronoun: str) -> list[str]:
        """People a stretch of text refers to whom the cast cannot name: "the minister", a first name alone.

        "The minister" counts only when nobody named holds that title, and a
        lone capitalised word only where it is the subject of speech or joined
        to someone who is ("Siobhan and Ria Castellano both said").
        """
        # "Birindwa and the minister": the minister counts unless someone this stretch names holds that title.
        titles = {t for person in self.cast.candidates(piece) for t in person.titles}
        found = [
            m.group()
            for m in re.finditer(r"\bthe\s+(?:[a-z]+\s+)?(?P<noun>" + PERSON_NOUNS + r")\b", piece)
            if m.group("noun") not in titles
        ]
        # Someone described but not named as the subject: "A deckhand aboard the Miss Arletta who asked not to be named".
        found += [
            m.group("who")
            for m in re.finditer(
                rf"(?:^|(?<=[.!?]\s))(?:(?:On|In|At|Outside|Near|Across)\s+[^,]{{2,60}},\s+)?(?P<who>(?:[Aa]n?|One|Another)\s+[a-z][\w\-]*(?:,\s+an?\s+[\w\-]+)?(?:\s+[\w\-’']+){{0,6}}?)"
                rf",?\s+(?:who|{SAY})\b",
                piece,
            )
        ]
        # A relative named by a first name alone: "Mulkey's wife, Brenda, works in the office".
        found += [m.group("name") for m in KIN.finditer(piece) if (m.group("kin") in KIN_WOMEN) == (pronoun == "she")]
        # Names given with no evidence of who they are ("his counterpart, Craig Nguyen-Bell") may be meant too.
        known = {p.name for p in self.cast.people}
        found += [
            run
            for run in dict.fromkeys(self.cast.runs)
            if run not in known
            and not (is_organisation(run) or is_place(run) or is_country(run))
            and re.search(rf",\s+{re.escape(run)}(?=[,.;]|$)", piece)
        ]
        named = {part for person in self.cast.people for part in re.split(r"[\s\-’']+", person.name)}
        people = [p.name for p in self.cast.people if p.kind == "person"]
        for match in re.finditer(
            rf"(?<![\w’'\-])(?:(?<![.!?]\s)(?<!\A)|(?=[A-Z][a-z]+\s+and\s))(?P<word>[A-Z][a-z]{{2,}})\s+(?P<how>and\s+(?:[a-z]+\s+){{0,3}}(?P<other>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*)|{SAY}\b|both\b)",
            piece,
        ):
            word = match.group("word")
            before = piece[: match.start()].split()
            if before and (before[-1][:1].isupper() or before[-1] in ("of", "for", "the", "at", "in")):
                continue  # part of a longer name: "for Community and Housing"
            if match.group("other") and not any(match.group("other").endswith(p.split()[-1]) for p in people):
                continue
            if word not in named and not is_title(word) and word.casefold() not in NOT_PEOPLE and not is_place(word):
                found.append(word)
        return found

    def _last_speaker(self, sentence: str) -> Person | None:
        sentence = _aside(sentence)
        match = re.search(rf"(?P<who>[A-Z][\w.’'\- \u2024]{{1,60}}?)\s+{FRAGMENT}\b", sentence)
        return self.cast.find(clean(" ".join(name_tail(restore(match.group("who")).split())))) if match else None


def genders(text: str, cast: Cast) -> None:
    """Learn from the whole text who "he" and "she" can mean: honorifics, and a pronoun right after the only person named."""
    for person in cast.people:
        surname = re.escape(person.name.split()[-1])
        for honorific in re.findall(rf"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s+(?:[A-Z][\w’'\-]*\s+)*{surname}\b", text):
            person.gender = person.gender or HONORIFIC[honorific.casefold()]
    for person in cast.people:
        for pronoun in re.findall(rf"{re.escape(person.name)},?\s+(?:and|who|whose|,)?\s*(his|her|he|she)\b", text):
            person.gender = person.gender or ("m" if pronoun in ("his", "he") else "f")
        # "her husband, Mike Ferrell", "Pauley's sister, Brenda Pauley Vance": the relation says which.
        for kin in re.findall(rf"\b({_KIN_WORDS}),\s+{re.escape(person.name)}\b", text):
            person.gender = person.gender or GENDERED[kin]
    for paragraph in text.splitlines():
        spans = sentences(paragraph)
        # Words in quotation marks are left out: "He walks there now," she said of her son.
        bare = [_QUOTED.sub(" ", span.text) for span in spans]
        for first, second in itertools.pairwise(bare):
            named = cast.candidates(first)
            pronoun = re.match(r"^\s*(He|She|His|Her)\b", second)
            if len(named) == 1 and pronoun and named[0].gender is None:
                named[0].gender = "m" if pronoun.group(1) in ("He", "His") else "f"
        for sentence in bare:
            named = cast.candidates(sentence)
            # Only "he" and "she": a possessive often belongs to someone else ("whose late husband ... his rent").
            pronouns = {p.casefold() for p in re.findall(r"\b(he|she)\b", sentence, re.I)}
            if len(named) == 1 and named[0].gender is None and len(pronouns) == 1:
                named[0].gender = "m" if pronouns == {"he"} else "f"
