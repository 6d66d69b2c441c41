"""The wording of attribution: the verbs of saying, and the phrases that describe someone without naming them.

These are the patterns :mod:`generator.draft.attribution` and
:mod:`generator.draft.quotes` read news prose with: "said", "told
reporters", "in a statement", "according to", and descriptions such as
"Army officials", "the Montana Republican" or "a statement from the
division" that stand where a name could.
"""

from __future__ import annotations

import re

SAY = (
    r"(?:said|says|say|added|adds|explained|warned|stated|noted|insisted|wrote|writes|argued|continued|asked"
    r"|replied|recalled|acknowledged|conceded|admitted|declared|announced|urged|complained|predicted|cautioned|countered"
    r"|remarked|observed|suggested|posted|testified|recounted|quipped|pleaded|vowed|promised|concluded|stressed|emphasised"
    r"|emphasized|maintained|agreed|objected|responded|commented|read|answered|told|tells)"
)
#: Verbs that bring a quoted fragment inside reported speech: "accused the group of 'giving up'".
FRAGMENT = SAY[:-1] + (
    r"|called|described|accused|branded|dubbed|criticised|criticized|hailed|praised|welcomed|defended|saying|writing|telling"
    r"|adding|arguing|warning|calling|describing|noting|insisting|urging)"
)
#: Whom something was told: "told reporters", "told The Associated Press".
TOLD = (
    r"(?:(?<=told)|(?<=tells))\s+"
    r"(?P<told>reporters|journalists|the\s+court|the\s+crowd|(?:the\s+)?[A-Z][\w&\-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&\-]*){0,4}(?:\s+\d{1,3}(?![\w,.]\d))?)"
)
VERB = rf"(?P<verb>{SAY})(?:{TOLD})?"
DELIVERY = r"(?:\s+(?:in|at|on|during|after|before|to)\s+[^,.;:“”\"‘’]{1,60}?)?"
#: A run of words with no sentence end or quotation mark in it; an apostrophe inside a word ("council’s") is no mark,
#: nor are the marks around a nickname ("Ian ‘Blue’ Hartigan").
WORDS = r"(?:[^.;!?“”\"‘’]|(?<=\w)[’'](?=\w)|(?<=\w\s)[‘“\"][A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?[’”\"](?=\s[A-Z]))"
WHO = rf"(?P<who>{WORDS}{{1,160}}?)"

STATEMENT = re.compile(
    r"^\s*in\s+(?:a|an|its|his|her|their)\s+(?:[\w\-]+\s+){0,2}?(?:statement|interview|letter|filing|post|memorandum|memo|motion|"
    r"brief|report|note|email|release|speech|affidavit)\b[^,]*,\s*(?:(?:seen|obtained|published|sent|posted|released)\b[^,]*,\s*)?",
    re.I,
)

#: Whoever speaks through their own channel: "Vale's official account", "the club's spokesman" is left to the rules.
CHANNEL = re.compile(
    r"^(?P<owner>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)(?:[’']s|(?<=s)[’'])\s+(?:official\s+|own\s+)?"
    r"(?:account|accounts|website|feed|page|press\s+office|social\s+media\s+accounts?)$"
)
DATA = re.compile(
    r"^(?P<owner>(?:[Tt]he\s+)?[\w&.\-]+(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w&.\-]*)*?)(?:’s|'s)?\s+(?:own\s+)?(?:[a-z]+\s+)?"
    r"(?:estimates|figures|data|records|statistics|calculations|projections|counts|filings|documents|polling)$"
)
#: "an Associated Press review of agency records": the study speaks for whoever made it.
STUDY = re.compile(
    r"^(?:an?|the)\s+(?P<owner>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*)(?:’s|'s)?\s+"
    r"(?:review|analysis|survey|study|tally|investigation|audit|poll|count)\b.*$"
)
#: Writings that speak for whoever issued them: "the statement said".
DOCUMENTS = frozenset("statement letter release memo memorandum filing post email report affidavit".split())
#: Nouns news prose uses for the same unnamed person: "a source at the carrier" … "the insider said".
SAME = {"insider": {"insider", "source"}, "source": {"source", "insider"}}

LEAD = re.compile(
    r"^(?:but|and|however|meanwhile|separately|earlier|later|still|yet|so|then|afterwards?|privately|publicly|instead|asked\s+[^,]+|(?:on|in|at|during|after|before|from|as|when|while|once|although|though|because|outside|inside|near|for)\s+[^,]+,"
    r"|[A-Z][a-z]+ing\b[^,]{0,60},)"
    r"\s*,?\s+",
    re.I,
)

#: Where words were posted, after who posted them: "Jack Shafer on Twitter", "the mayor via Facebook".
CHANNEL_AFTER = re.compile(
    r"\s+(?:on|via)\s+(?:Twitter|X|Facebook|Instagram|LinkedIn|TikTok|Threads|Bluesky|YouTube|social\s+media"
    r"|(?:his|her|their|its)\s+(?:official\s+)?(?:[\w\-]+\s+)?(?:account|page|feed|blog|website))\b.*$"
)
#: Capitalised words for what a person is, which "the" makes an epithet: "the Montana Republican", "the Texan".
EPITHET = re.compile(
    r"(?:[A-Z][\w.\-]*\s+){0,2}(?:Republican|Democrat|Conservative|Tory|Liberal|Socialist|Independent|Libertarian"
    r"|[A-Z][a-z]+(?:ian|an|ese|man|woman|er))"
)
#: People of an organisation or a place, unnamed: "Army officials", "Kenyan police sources".
GROUP = re.compile(
    r"(?:[A-Z][\w.\-]*\s+){1,3}(?:[a-z]+\s+)?(?:officials|sources|investigators|residents|leaders|authorities|staff"
    r"|members|workers|officers|experts|analysts|economists|doctors|scientists|researchers|campaigners|protesters"
    r"|lawmakers|legislators|prosecutors|executives|insiders|diplomats|spokespeople|representatives|reporters|journalists"
    r"|correspondents|witnesses)"
)
KIN_WOMEN = frozenset("wife daughter mother sister widow fiancée girlfriend".split())
KIN = re.compile(
    r"\b(?P<kin>wife|husband|son|daughter|mother|father|sister|brother|widow|widower|fiancée|fiancé|girlfriend|boyfriend)"
    r",\s+(?P<name>[A-Z][a-z]+)(?=[,.;]|$)"
)
#: Things words are written on, which "read" can take as its subject: "read a hand-lettered sign".
WRITTEN_ON = re.compile(
    r"\b(?:sign|banner|placard|poster|notice|sticker|slogan|headline|t-shirt|billboard|graffiti|alert|text\s+message|message"
    r"|label|leaflet|flyer|plaque)s?\b"
)
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
ISSUED = re.compile(
    r"^an?\s+(?:[a-z]+\s+)?(?:statement|release|report|letter|biography|notice|memo|filing|post|email)\s+"
    r"(?:from|by|(?:released|issued|published|sent|posted)\s+by)\s+(?P<by>(?:the\s+)?[\w.\-]+(?:\s+[A-Z0-9][\w.\-]*)*)$"
)

#: Words that open a sentence and join it to the one before: "But David Vigneault said".
OPENERS = frozenset("But And Yet So However Still Meanwhile Now Then Also Separately Earlier Later".split())
#: Nouns for a person that "the" makes a reference back to someone: "the minister", "the judge".
PERSON_NOUNS = "|".join(
    """minister official spokesman spokeswoman spokesperson officer president director chief mayor judge senator general
    commander governor secretary chairman chairwoman councillor lawyer attorney prosecutor doctor manager man woman""".split()
)
#: Capitalised words that are not people, even mid-sentence.
NOT_PEOPLE = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
    october november december christmas easter ramadan covid internet web english french spanish german irish british
    american european african asian christian muslim jewish catholic republican republicans democrat democrats labour
    conservative conservatives tory tories liberal green greens parliament congress senate government council cabinet
    police army navy state""".split()
)
