"""Synthetic corpora for the benchmarks: N valid sidecars with their article texts and a shared registry.

The folder written is laid out like ``content/``: ``articles/<slug>.yml`` beside
``articles/<slug>.txt``, ``entities.yml`` (generated: a few hundred people,
organisations and countries) and ``ratings.yml`` (the project's, copied).
Everything comes from word lists and templates in this file and one
``random.Random(seed)``, so a seed always gives byte-identical files.

Sheets vary like real ones: figures, claims, quotes and sources per sheet are
drawn around the showcase sidecar's 2, 4, 6 and 9, article texts around its
length, dates over eight years. Every quote and every figure's sentence is put
verbatim into the article text, with the figure's value written in it, so the
corpus passes ``factsheet check``. A few claims are related to claims of
earlier sheets. With ``series=True`` figures about a few countries also
name a series (``series: <id>``) from a ``series.yml`` registry; it is off by
default, for validators that do not know series.

Usage::

    python -m benchmarks.corpus OUT --n 1000 [--seed 0] [--entities 300] [--series] [--force]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
#: What the showcase sidecar has; the generated sheets vary around it.
MEAN_FIGURES, MEAN_CLAIMS, MEAN_QUOTES, MEAN_SOURCES = 2, 4, 6, 9
FIRST_DAY, LAST_DAY = dt.date(2018, 1, 1), dt.date(2025, 12, 31)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/sidecar.schema.json\n"
GENERATED_FILES = ("entities.yml", "ratings.yml", "series.yml")
#: How many countries (the registry's first) have their figures tracked as series, so series recur.
SERIES_COUNTRIES = 6

# --- Word lists -----------------------------------------------------------------------------------

COUNTRIES = [
    ("France", "French"), ("Germany", "German"), ("Poland", "Polish"), ("Ukraine", "Ukrainian"), ("Russia", "Russian"),
    ("Italy", "Italian"), ("Spain", "Spanish"), ("Portugal", "Portuguese"), ("Greece", "Greek"), ("Turkey", "Turkish"),
    ("Romania", "Romanian"), ("Hungary", "Hungarian"), ("Austria", "Austrian"), ("Sweden", "Swedish"),
    ("Norway", "Norwegian"), ("Finland", "Finnish"), ("Denmark", "Danish"), ("Ireland", "Irish"), ("Canada", "Canadian"),
    ("Mexico", "Mexican"), ("Brazil", "Brazilian"), ("Argentina", "Argentine"), ("Chile", "Chilean"), ("Peru", "Peruvian"),
    ("Colombia", "Colombian"), ("Nigeria", "Nigerian"), ("Kenya", "Kenyan"), ("Ghana", "Ghanaian"), ("Egypt", "Egyptian"),
    ("Morocco", "Moroccan"), ("Ethiopia", "Ethiopian"), ("South Africa", "South African"), ("India", "Indian"),
    ("Pakistan", "Pakistani"), ("Bangladesh", "Bangladeshi"), ("Indonesia", "Indonesian"), ("Vietnam", "Vietnamese"),
    ("Japan", "Japanese"), ("South Korea", "South Korean"), ("Australia", "Australian"), ("Georgia", "Georgian"),
    ("Moldova", "Moldovan"), ("Serbia", "Serbian"), ("Lithuania", "Lithuanian"), ("Estonia", "Estonian"),
    ("Latvia", "Latvian"),
]  # fmt: skip
FIRST_NAMES = (
    "Anna Marta Lena Sofia Ines Clara Amara Nadia Yuki Priya Fatima Elena Olga Maria Chloe Ingrid Aisha Lucia Mei Zofia "
    "Hana Irene Leila Paula Rosa Sara Tamar Vera Wanjiru Noor Daniel Marek Jonas Tomas Pavel Luca Mateo Kofi Ravi Kenji "
    "Omar Stefan Andrei Henrik Felipe Diego Samuel Viktor Arjun Emeka Hugo Ivan Jakub Karim Lars Nikos Oskar Rafael Sipho"
).split()
LAST_NAMES = (
    "Novak Kowalczyk Lindqvist Moreau Rossi Fernandes Petrov Horvath Papadakis Okafor Mensah Otieno Haddad Nakamura "
    "Tanaka Sharma Rahman Nguyen Kim Santos Silva Garcia Alvarez Ruiz Costa Bauer Keller Weber Dubois Laurent Berg "
    "Nilsen Virtanen Jensen Murphy Walsh Ionescu Popescu Balogh Kovacs Demir Yilmaz Aziz Farouk Mwangi Adeyemi Boateng "
    "Nkosi Dlamini Chatterjee Iyer Suzuki Park Choi Tran Pham Hughes Fischer Varga Stan Oliveira Castillo Herrera "
    "Morales Kaplan Sokolov Volkova Marin Lutz Hale Brandt Aldana Quispe Ortega Mbeki Karimi Osei Zielinski Maric"
).split()
PLACES = (
    "Linden Harbourside Westbrook Ashford Meridian Kestrel Northgate Riverside Oakmont Halden Brightwater Stonebridge "
    "Fairhaven Redcliff Eastmoor Silverlake Ironwood Marlow Greystone Whitfield Coldharbour Elmstead Larkspur Thornbury"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()


@dataclass(frozen=True)
class Topic:
    """The vocabulary of one kind of story: its tags, what it is about, and which figures it gives."""

    name: str
    tags: tuple[str, ...]
    fields: tuple[str, ...]
    """Which organisations speak on it (ministry portfolios, think-tank fields)."""
    subjects: tuple[str, ...]
    """Noun phrases the story is about: "consumer prices"."""
    events: tuple[str, ...]
    """What a government or body did, as a past-tense predicate: "raised interest rates"."""
    policies: tuple[str, ...]
    outcomes: tuple[str, ...]
    """What a subject will do, as a bare predicate: "ease by the end of the year"."""
    figures: tuple[str, ...]
    """Names of figure makers in FIGURES."""


TOPICS = (
    Topic(
        "economy", ("economy", "inflation", "central-banks", "jobs", "budget"), ("finance", "economics"),
        ("consumer prices", "the budget deficit", "wage growth", "the jobless rate", "public debt", "food prices"),
        ("raised interest rates for the third time this year", "announced a new round of spending cuts",
         "revised its growth forecast down", "cut taxes on fuel and electricity", "froze public sector pay"),
        ("the spending package", "the interest rate rise", "the windfall tax", "the fuel subsidy", "the pay freeze"),
        ("ease by the end of the year", "remain high well into next year", "stabilise after the summer",
         "rise again in the coming months"),
        ("inflation", "unemployment", "interest-rate", "budget", "growth"),
    ),
    Topic(
        "energy", ("energy", "gas", "electricity", "oil", "prices"), ("energy", "economics"),
        ("gas deliveries", "electricity prices", "the power grid", "fuel stocks", "the pipeline"),
        ("cut gas deliveries through the main pipeline", "capped household energy bills",
         "ordered rolling blackouts in several regions", "signed a long-term supply deal", "released oil from its reserves"),
        ("the price cap", "the rationing plan", "the supply deal", "the new interconnector", "the storage target"),
        ("fall back to last year’s levels", "stay volatile through the winter", "recover once repairs are finished"),
        ("gas-flow", "power-price", "budget", "days-to-restore"),
    ),
    Topic(
        "military", ("military", "security", "defence", "border"), ("defence", "security"),
        ("the troop build-up", "military exercises", "the border situation", "air defences", "the ceasefire"),
        ("moved more troops towards the border", "announced the end of military exercises",
         "placed its forces on high alert", "withdrew some units to their bases", "shot down several drones overnight"),
        ("the troop withdrawal", "the ceasefire agreement", "the new defence pact", "the mobilisation order"),
        ("de-escalate in the coming weeks", "hold for now", "escalate further if talks fail"),
        ("troops", "distance", "days-to-verify", "budget"),
    ),
    Topic(
        "climate", ("climate", "emissions", "floods", "weather", "environment"), ("environment", "energy"),
        ("greenhouse gas emissions", "the flood defences", "the drought", "river levels", "coal power"),
        ("declared a state of emergency after the floods", "brought forward its coal phase-out",
         "missed its emissions target for a second year", "approved a new flood defence plan"),
        ("the emissions target", "the coal phase-out", "the flood relief fund", "the carbon levy"),
        ("fall faster than planned", "keep rising without new measures", "return to normal within weeks"),
        ("emissions", "displaced", "villages-flooded", "budget"),
    ),
    Topic(
        "elections", ("elections", "politics", "parliament", "democracy"), ("elections", "governance"),
        ("the vote count", "turnout", "the coalition talks", "the electoral roll", "the campaign"),
        ("called a snap election", "rejected calls for a recount", "formed a new coalition government",
         "postponed the regional elections"),
        ("the recount", "the electoral reform", "the coalition agreement", "the campaign spending limit"),
        ("be settled before the end of the month", "drag on for weeks", "lead to a second round"),
        ("turnout", "vote-share", "polling-stations"),
    ),
    Topic(
        "health", ("health", "hospitals", "vaccines", "public-health"), ("health",),
        ("hospital admissions", "the vaccination campaign", "waiting lists", "the outbreak", "drug shortages"),
        ("extended the vaccination campaign to children", "declared the outbreak over",
         "ordered hospitals to postpone routine operations", "lifted the last of its restrictions"),
        ("the vaccination programme", "the hospital funding plan", "the mask rule", "the screening scheme"),
        ("peak within two weeks", "fall steadily over the summer", "put hospitals under pressure again"),
        ("cases", "doses", "budget", "weeks-to-clear"),
    ),
    Topic(
        "trade", ("trade", "tariffs", "exports", "shipping"), ("trade", "economics"),
        ("grain exports", "the trade deficit", "shipping through the strait", "steel tariffs", "car exports"),
        ("imposed new tariffs on steel imports", "reopened its ports to grain shipments",
         "suspended talks on the trade agreement", "lifted its ban on fertiliser exports"),
        ("the tariff increase", "the export ban", "the shipping corridor", "the trade agreement"),
        ("recover once the corridor reopens", "fall further next year", "return to pre-war levels"),
        ("grain", "exports-change", "budget"),
    ),
    Topic(
        "migration", ("migration", "refugees", "asylum", "borders"), ("migration", "security"),
        ("asylum applications", "arrivals by sea", "the reception centres", "border crossings", "returns"),
        ("tightened its asylum rules", "opened new reception centres near the border",
         "agreed to take in more refugees", "suspended returns to the region"),
        ("the asylum reform", "the resettlement scheme", "the border fence", "the relocation deal"),
        ("rise again in the spring", "fall once the new rules apply", "stay at record levels"),
        ("displaced", "arrivals", "budget"),
    ),
    Topic(
        "agriculture", ("agriculture", "food", "grain", "farmers"), ("agriculture", "trade"),
        ("the wheat harvest", "fertiliser prices", "farm incomes", "food stocks", "the maize crop"),
        ("banned the export of rice and sugar", "promised emergency aid to farmers",
         "released grain from its strategic reserves", "cut subsidies for fertiliser"),
        ("the export ban", "the farm aid package", "the grain deal", "the subsidy cut"),
        ("recover after a poor season", "fall short of domestic needs", "improve if the rains return"),
        ("grain", "grain-price", "villages-flooded"),
    ),
    Topic(
        "housing", ("housing", "construction", "cities", "rents"), ("housing", "economics"),
        ("house prices", "rents", "mortgage rates", "homebuilding", "social housing"),
        ("froze rents in the capital", "announced a plan to build more social housing",
         "relaxed planning rules for new homes", "raised the tax on second homes"),
        ("the rent freeze", "the building programme", "the planning reform", "the mortgage guarantee"),
        ("cool in the second half of the year", "keep climbing in the big cities", "recover slowly"),
        ("homes", "house-prices", "budget"),
    ),
    Topic(
        "diplomacy", ("diplomacy", "sanctions", "talks", "foreign-policy"), ("foreign", "security"),
        ("the peace talks", "the sanctions", "the prisoner exchange", "the embassy closure", "the summit"),
        ("expelled several diplomats", "imposed new sanctions on banks and energy firms",
         "agreed to resume talks next month", "recalled its ambassador for consultations"),
        ("the sanctions package", "the peace plan", "the prisoner exchange", "the visa ban"),
        ("resume after the holidays", "collapse without new guarantees", "produce a deal by the spring"),
        ("budget", "rounds-of-talks", "troops"),
    ),
    Topic(
        "technology", ("technology", "cyber", "data", "telecoms"), ("technology", "security"),
        ("the cyber attack", "the network outage", "the data breach", "mobile coverage", "the chip shortage"),
        ("blamed a foreign group for the cyber attack", "fined the operator over the outage",
         "ordered an inquiry into the data breach", "announced new rules for data centres"),
        ("the new data law", "the network upgrade", "the security review", "the chip subsidy"),
        ("be fully restored by the weekend", "take months to repair", "happen again without new rules"),
        ("users-affected", "hours-outage", "budget"),
    ),
)  # fmt: skip

ORG_FIELDS = (
    "finance", "economics", "energy", "defence", "security", "environment", "elections", "governance", "health",
    "trade", "migration", "agriculture", "housing", "foreign", "technology",
)  # fmt: skip
MINISTRIES = {
    "finance": ("Ministry of Finance", "Finance Minister"),
    "defence": ("Ministry of Defence", "Defence Minister"),
    "health": ("Ministry of Health", "Health Minister"),
    "energy": ("Ministry of Energy", "Energy Minister"),
    "foreign": ("Foreign Ministry", "Foreign Minister"),
    "agriculture": ("Ministry of Agriculture", "Agriculture Minister"),
    "housing": ("Ministry of Housing", "Housing Minister"),
    "migration": ("Interior Ministry", "Interior Minister"),
}
INTERNATIONAL = [
    ("International Energy Monitoring Agency", ("energy", "environment")),
    ("Continental Development Bank", ("finance", "economics", "housing")),
    ("World Grain Council", ("agriculture", "trade")),
    ("Global Health Watch", ("health",)),
    ("United Refugee Relief", ("migration",)),
    ("International Climate Secretariat", ("environment",)),
    ("Regional Monetary Fund", ("finance", "economics")),
    ("Eastern Partnership Forum", ("foreign", "governance")),
    ("Maritime Safety Organisation", ("trade", "security")),
    ("International Election Observers Mission", ("elections", "governance")),
    ("Northern Alliance Command", ("defence", "security")),
    ("Digital Resilience Agency", ("technology", "security")),
    ("Council of Trade Ministers", ("trade", "foreign")),
    ("Global Housing Forum", ("housing",)),
]
THINK_TANK_FIELDS = {
    "Strategic Studies": ("defence", "security", "foreign"),
    "Economic Research": ("economics", "finance", "trade"),
    "Energy Policy": ("energy", "environment"),
    "Public Health": ("health",),
    "Migration Studies": ("migration",),
    "Climate Research": ("environment", "agriculture"),
    "Democracy and Elections": ("elections", "governance"),
    "Urban Policy": ("housing",),
    "Digital Policy": ("technology",),
}
COMPANY_KINDS = {
    "Analytics": ("economics", "security", "technology"),
    "Energy": ("energy",),
    "Shipping": ("trade",),
    "Grain Traders": ("agriculture", "trade"),
    "Capital": ("finance", "housing"),
    "Telecom": ("technology",),
    "Satellite Imaging": ("defence", "environment", "agriculture"),
}
OUTLETS = [
    ("The {place} Courier", "Newspaper."), ("{place} Daily", "Newspaper."), ("The {place} Times", "Newspaper."),
    ("{place} Wire", "News agency."), ("{place} Press Agency", "News agency."), ("{place} Broadcasting", "Broadcaster."),
]  # fmt: skip
ROLES = {
    "ministry": ("spokesperson", "deputy minister", "state secretary"),
    "international": ("director-general", "spokesperson", "chief economist", "head of mission"),
    "think-tank": ("senior fellow", "director", "analyst", "research director"),
    "company": ("chief executive", "chief economist", "head of research"),
    "outlet": ("correspondent", "reporter", "editor"),
    "ngo": ("director", "spokesperson", "campaign lead"),
    "country": ("President", "Prime Minister", "government spokesperson"),
}
NGOS = [
    ("{place} Rights Watch", ("migration", "governance", "security")),
    ("Open Budget Coalition", ("finance", "governance")),
    ("Clean Air Alliance", ("environment", "energy")),
    ("Tenants’ Union", ("housing",)),
    ("Farmers’ Federation", ("agriculture",)),
    ("Doctors’ Network", ("health",)),
    ("Digital Liberties Group", ("technology",)),
    ("Fair Vote Initiative", ("elections",)),
]

QUOTES = (
    "We have done everything we can to {goal}, and we will continue to do so",
    "There is no sign that {subject} will {outcome}",
    "{Policy} is the wrong answer to {problem}",
    "Nobody should be surprised by these numbers",
    "We expect {subject} to {outcome}, but the risks remain high",
    "This is a decision that will be felt for years",
    "The figures speak for themselves",
    "We are asking for clarity, not promises",
    "Our teams on the ground are seeing a very different picture",
    "It is too early to say whether {policy} is working",
    "People want to know what {policy} means for them, and so far nobody has told them",
    "We warned about {problem} months ago and nothing was done",
    "I do not think {policy} will survive the winter",
    "The government has not consulted anyone on {policy}",
    "What we need now is time, not another announcement",
    "We will judge {policy} by its results",
    "If nothing changes on {subject}, we will have to act",
    "These are not just numbers, these are people’s lives",
    "We have seen this before, and it did not end well",
    "The next few weeks will be decisive",
)
GOALS = (
    "protect households", "keep the situation under control", "support the people most affected", "restore confidence",
    "avoid a crisis", "keep our commitments",
)  # fmt: skip
FILLERS = (
    "The figures could not be independently verified.",
    "{Org} did not respond to a request for comment.",
    "Officials are due to meet again next {weekday} to discuss {policy}.",
    "{Subject} has been a central issue in {country}’s politics for several years.",
    "Analysts said the announcement was unlikely to change {subject} in the short term.",
    "Opposition parties called for a parliamentary inquiry into {policy}.",
    "The decision follows weeks of talks between the government and {org}.",
    "In a statement, {org} said it would publish its own assessment later this month.",
    "{Country} has faced criticism from its neighbours over {subject} since {year}.",
    "The government said it would present the details of {policy} to parliament next week.",
    "Critics said {policy} came too late to make a difference.",
    "Supporters of {policy} said it was the only realistic option.",
    "The issue is expected to dominate the next cabinet meeting.",
    "Local officials said they had received no instructions from the capital.",
    "Similar measures were tried in {year}, with mixed results.",
    "{Org} said it was monitoring the situation closely.",
    "The announcement came as {subject} drew growing public attention.",
    "Protesters gathered outside parliament on {weekday} evening.",
    "Trade unions said they would consider their response at a meeting next month.",
    "It was not clear how {policy} would be paid for.",
)
CLAIMS = (
    "{Subject} will {outcome}.",
    "{Government} {event}.",
    "{Policy} has had no effect on {subject}.",
    "{Policy} was agreed without consulting parliament.",
    "{Subject} is at its worst level in a decade.",
    "{Policy} will cost households less than the government says.",
    "{Org} was not consulted on {policy}.",
    "{Country} has met all its commitments on {subject}.",
)
RATIONALES = {
    "accurate": "Official figures quoted in the article match the claim.",
    "misleading": "The claim is accurate as far as it goes, but leaves out that {subject} was already changing before {policy}.",
    "disputed": "{Org} disputes the claim, and the article does not settle it.",
    "false": "The figures the article reports contradict the claim.",
    "unverified": "The article reports the claim on the word of the claimant alone and gives no independent evidence.",
}
RATIONALE_EXTRAS = (
    "The article notes that the figures *could not* be independently verified.",
    "{Org} said it would publish its own assessment, which the article does not report.",
    "No other source in the article addresses {subject} directly.",
    "The claimant gave no figures to support the statement.",
    "Earlier reporting on {policy} is not cited.",
)
UNNAMED_PEOPLE = (
    "a senior official", "a government source", "a diplomat familiar with the talks", "two people briefed on the plans",
    "a spokesperson who asked not to be named", "a local official",
)  # fmt: skip
UNNAMED_SOURCES = {
    "video": ("footage shared on social media", "a video verified by the newspaper"),
    "satellite-imagery": ("a private satellite company", "commercial satellite images"),
    "document": ("a draft seen by the newspaper", "an internal government report"),
    "social-media": ("posts on social media", "an anonymous account on a messaging app"),
    "other": ("local residents", "people at the scene"),
}


# --- Registry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """One registry entry, with what prose needs to mention it."""

    id: str
    name: str
    kind: str
    description: str | None = None
    url: str | None = None
    prose: str = ""
    """How a sentence names it: "the French Ministry of Finance", "Poland"."""
    fields: tuple[str, ...] = ()
    group: str = ""
    """ministry, international, think-tank, company, outlet, ngo or country."""
    role: str = ""
    """For a person: their role, such as "Finance Minister"."""
    affiliation: str | None = None
    """For a person: the id of their organisation or country."""

    def yaml(self) -> dict[str, Any]:
        """The entry as ``entities.yml`` has it."""
        entry: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind}
        if self.description:
            entry["description"] = self.description
        if self.url:
            entry["url"] = self.url
        return entry


@dataclass
class Registry:
    """The shared registry, with indexes by what stories need."""

    entities: list[Entity] = field(default_factory=list)
    by_id: dict[str, Entity] = field(default_factory=dict)

    def add(self, entity: Entity) -> Entity:
        """Add ``entity`` under a unique id (a number is appended on a clash) and return it as added."""
        base, n = entity.id, 2
        while entity.id in self.by_id:
            entity = Entity(**{**entity.__dict__, "id": f"{base}-{n}"})
            n += 1
        self.entities.append(entity)
        self.by_id[entity.id] = entity
        return entity

    def of(self, kind: str, group: str | None = None) -> list[Entity]:
        """Entities of a kind (and group)."""
        return [e for e in self.entities if e.kind == kind and (group is None or e.group == group)]


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by single hyphens: "Farmers Union" → "farmers-union"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "")).strip("-")


def build_registry(rng: Random, size: int) -> Registry:
    """A registry of about ``size`` entities: countries, their ministries, international bodies, people."""
    reg = Registry()
    countries = [
        reg.add(Entity(slugify(name), name, "country", prose=name, group="country", fields=ORG_FIELDS))
        for name, _adj in COUNTRIES[: max(4, min(len(COUNTRIES), size // 7))]
    ]
    adjectives = dict(COUNTRIES)
    orgs: list[Entity] = []
    org_target = max(8, size * 3 // 10)
    for country in countries[: max(2, org_target // 3 // len(MINISTRIES) + 1)]:
        for portfolio, (ministry, _role) in MINISTRIES.items():
            name = f"{adjectives[country.name]} {ministry}"
            orgs.append(
                reg.add(Entity(slugify(name), name, "organisation", prose=f"the {name}", group="ministry", fields=(portfolio,)))
            )
    for name, fields in INTERNATIONAL:
        orgs.append(
            reg.add(
                Entity(
                    slugify(name),
                    name,
                    "organisation",
                    "International body.",
                    prose=f"the {name}",
                    group="international",
                    fields=fields,
                )
            )
        )
    places = list(PLACES)
    rng.shuffle(places)
    for i, (tank, fields) in enumerate(THINK_TANK_FIELDS.items()):
        place = places[i % len(places)]
        name = f"{place} Institute for {tank}"
        desc = f"Think tank based in {rng.choice(countries).name}."
        orgs.append(
            reg.add(Entity(slugify(name), name, "organisation", desc, prose=f"the {name}", group="think-tank", fields=fields))
        )
    for template, fields in NGOS:
        name = template.format(place=rng.choice(places))
        orgs.append(
            reg.add(
                Entity(slugify(name), name, "organisation", "Campaign group.", prose=f"the {name}", group="ngo", fields=fields)
            )
        )
    for i, (template, desc) in enumerate(OUTLETS * 3):
        name = template.format(place=places[(i * 7 + 3) % len(places)])
        url = f"https://www.{slugify(name)}.example/"
        orgs.append(reg.add(Entity(slugify(name), name, "organisation", desc, url, prose=name, group="outlet")))
    while len(orgs) < org_target:
        kind, fields = rng.choice(list(COMPANY_KINDS.items()))
        name = f"{rng.choice(places)} {kind}"
        if any(o.name == name for o in orgs):
            continue
        desc = f"Company based in {rng.choice(countries).name}."
        orgs.append(reg.add(Entity(slugify(name), name, "organisation", desc, prose=name, group="company", fields=fields)))
    used_names: set[str] = set()
    while len(reg.entities) < size:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name in used_names:
            continue
        used_names.add(name)
        where = rng.choice(orgs + countries[:12])
        if where.group == "ministry":
            role = rng.choice((*ROLES["ministry"], *[r for p, (_m, r) in MINISTRIES.items() if p in where.fields] * 3))
        else:
            role = rng.choice(ROLES[where.group])
        at = "of" if where.group in ("ministry", "country", "international") else "at"
        description = f"{role[0].upper()}{role[1:]} {at} {where.prose}."
        reg.add(
            Entity(slugify(name), name, "person", description, prose=name, fields=where.fields, role=role, affiliation=where.id)
        )
    return reg


# --- Figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureDraft:
    """A figure before attribution: the clause that states it, and what the sidecar records."""

    kind: str
    label: str
    value: dict[str, Any]
    unit: str
    clause: str
    """Starts a sentence, without the final full stop."""
    series: tuple[str, str] | None = None
    """(series id, title) when the figure belongs to a series."""


def _pct(rng: Random, low: float, high: float) -> tuple[str, float | int]:
    value = round(rng.uniform(low, high), 1)
    text = f"{value:.1f}"
    return text, (int(value) if text.endswith(".0") else float(text))


def _scaled(rng: Random, low: int, high: int, scale: str) -> tuple[str, int]:
    """A number written with a scale word: ("3.5 billion", 3500000000)."""
    tenths = rng.randint(low * 10, high * 10)
    text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}"
    return f"{text} {scale}", tenths * {"million": 10**6, "billion": 10**9}[scale] // 10


FigureMaker = Callable[[Random, "Story"], FigureDraft]


def _figure_makers() -> dict[str, FigureMaker]:
    def inflation(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 0.5, 14)
        month = MONTHS[(s.published.month - 2) % 12]
        clause = f"Consumer prices in {s.country.name} rose {text}% in {month} from a year earlier"
        series = (f"inflation-{s.country.id}", f"Consumer price inflation in {s.country.name}")
        return FigureDraft(
            "inflation", f"Annual consumer price inflation in {s.country.name}", {"exact": value}, "percent", clause, series
        )

    def unemployment(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 2.5, 18)
        verb = rng.choice(("rose", "fell", "edged up", "edged down"))
        clause = f"The unemployment rate in {s.country.name} {verb} to {text}% in the last quarter"
        series = (f"unemployment-{s.country.id}", f"Unemployment rate in {s.country.name}")
        return FigureDraft("unemployment", f"Unemployment rate in {s.country.name}", {"exact": value}, "percent", clause, series)

    def interest_rate(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 0.5, 12)
        since = s.published.year - rng.randint(2, 15)
        clause = f"The {s.adjective} central bank set its main interest rate at {text}%, its highest level since {since}"
        series = (f"policy-rate-{s.country.id}", f"Central bank policy rate in {s.country.name}")
        return FigureDraft(
            "interest-rate", f"Main interest rate of the {s.adjective} central bank", {"exact": value}, "percent", clause, series
        )

    def budget(rng: Random, s: Story) -> FigureDraft:
        currency, unit = rng.choice((("$", "USD"), ("€", "EUR"), ("£", "GBP")))
        text, value = _scaled(rng, 1, 40, rng.choice(("million", "billion")))
        form = rng.choice(("exact", "approx"))
        about = "about " if form == "approx" else ""
        policy = s.pick(s.topic.policies)
        clause = f"The government set aside {about}{currency}{text} for {policy}"
        return FigureDraft("budget", f"Money set aside for {policy}", {form: value}, unit, clause)

    def growth(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 0.1, 6.5)
        year = s.published.year + rng.choice((0, 1))
        clause = f"The economy of {s.country.name} is expected to grow by {text}% in {year}"
        series = (f"growth-forecast-{s.country.id}", f"Growth forecasts for {s.country.name}")
        return FigureDraft("growth", f"Economic growth forecast for {year}", {"exact": value}, "percent", clause, series)

    def gas_flow(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(8, 160)
        clause = f"Gas flows through the pipeline fell to {value} million cubic metres a day"
        return FigureDraft(
            "gas-flow", "Daily gas flows through the pipeline", {"exact": value * 10**6}, "cubic metres a day", clause
        )

    def power_price(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(40, 600)
        clause = f"Wholesale electricity in {s.country.name} traded at €{value} per megawatt hour on {s.weekday()}"
        series = (f"power-price-{s.country.id}", f"Wholesale electricity price in {s.country.name}")
        return FigureDraft(
            "power-price", f"Wholesale electricity price in {s.country.name}", {"exact": value}, "EUR per MWh", clause, series
        )

    def days_to_restore(rng: Random, s: Story) -> FigureDraft:
        words = rng.choice(("several", "a few"))
        clause = f"It would take {words} days to restore supplies to all homes"
        return FigureDraft("days-to-restore", "Time needed to restore supplies", {"vague": words}, "days", clause)

    def troops(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(5, 190) * 1000
        clause = f"Some {value:,} troops were stationed within reach of the border with {s.neighbour.name}"
        series = (f"troops-{s.country.id}", f"Troops {s.country.name} stations near its borders")
        return FigureDraft(
            "troops", f"Troops stationed near the border with {s.neighbour.name}", {"approx": value}, "troops", clause, series
        )

    def distance(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(3, 60) * 5
        clause = f"The nearest units were about {value} kilometres from the border"
        return FigureDraft("distance", "Distance of the nearest units from the border", {"approx": value}, "kilometres", clause)

    def days_to_verify(rng: Random, s: Story) -> FigureDraft:
        clause = "It would take several days to verify the latest movements with satellite imagery"
        return FigureDraft("days-to-verify", "Time needed to verify the latest movements", {"vague": "several"}, "days", clause)

    def emissions(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(10, 70)
        year = s.published.year + rng.choice((5, 7, 12, 22))
        clause = f"{s.country.name} plans to cut its greenhouse gas emissions by {value}% by {year}"
        return FigureDraft("emissions", f"Planned cut in greenhouse gas emissions by {year}", {"exact": value}, "percent", clause)

    def displaced(rng: Random, s: Story) -> FigureDraft:
        low = rng.randint(2, 90) * 1000
        high = low + rng.randint(1, 30) * 1000
        clause = f"Between {low:,} and {high:,} people had been forced from their homes"
        series = (f"displaced-{s.country.id}", f"People displaced in {s.country.name}")
        return FigureDraft("displaced", "People forced from their homes", {"min": low, "max": high}, "people", clause, series)

    def villages_flooded(rng: Random, s: Story) -> FigureDraft:
        clause = "Dozens of villages were cut off after the river burst its banks"
        return FigureDraft("villages-flooded", "Villages cut off by the floods", {"vague": "dozens"}, "villages", clause)

    def turnout(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 35, 85)
        clause = f"Turnout was {text}%, according to preliminary results"
        series = (f"turnout-{s.country.id}", f"Election turnout in {s.country.name}")
        return FigureDraft("turnout", "Turnout in the election", {"exact": value}, "percent", clause, series)

    def vote_share(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(12, 55)
        clause = f"The governing party won about {value}% of the vote"
        return FigureDraft("vote-share", "Vote share of the governing party", {"approx": value}, "percent", clause)

    def polling_stations(rng: Random, s: Story) -> FigureDraft:
        clause = "Several polling stations opened late because of missing ballot papers"
        return FigureDraft(
            "polling-stations", "Polling stations that opened late", {"vague": "several"}, "polling stations", clause
        )

    def cases(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(120, 95000)
        clause = f"Health authorities recorded {value:,} new cases in the past week"
        series = (f"weekly-cases-{s.country.id}", f"Weekly new cases in {s.country.name}")
        return FigureDraft("cases", "New cases recorded in the past week", {"exact": value}, "cases", clause, series)

    def doses(rng: Random, s: Story) -> FigureDraft:
        text, value = _scaled(rng, 1, 30, "million")
        clause = f"More than {text} doses have been given since the campaign began"
        return FigureDraft("doses", "Vaccine doses given since the campaign began", {"approx": value}, "doses", clause)

    def weeks_to_clear(rng: Random, s: Story) -> FigureDraft:
        words = rng.choice(("several", "a few"))
        clause = f"Clearing the backlog of operations would take {words} weeks"
        return FigureDraft("weeks-to-clear", "Time needed to clear the backlog of operations", {"vague": words}, "weeks", clause)

    def grain(rng: Random, s: Story) -> FigureDraft:
        text, value = _scaled(rng, 1, 60, "million")
        clause = f"{s.country.name} exported {text} tonnes of grain in the season so far"
        series = (f"grain-exports-{s.country.id}", f"Grain exports of {s.country.name}")
        return FigureDraft("grain", "Grain exported in the season so far", {"exact": value}, "tonnes", clause, series)

    def exports_change(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 0.5, 25)
        verb = rng.choice(("rose", "fell"))
        clause = f"Exports {verb} {text}% in the first half of the year"
        return FigureDraft("exports-change", f"Change in exports in the first half ({verb})", {"exact": value}, "percent", clause)

    def grain_price(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(150, 480)
        clause = f"Wheat for delivery next month traded at ${value} a tonne"
        return FigureDraft("grain-price", "Price of wheat for delivery next month", {"exact": value}, "USD per tonne", clause)

    def arrivals(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(300, 60000)
        clause = f"{value:,} people arrived by sea in the first six months of the year"
        series = (f"arrivals-{s.country.id}", f"Arrivals by sea in {s.country.name}")
        return FigureDraft(
            "arrivals", "People who arrived by sea in the first six months", {"exact": value}, "people", clause, series
        )

    def homes(rng: Random, s: Story) -> FigureDraft:
        value = rng.randint(1500, 250000)
        clause = f"Builders completed {value:,} new homes last year"
        return FigureDraft("homes", "New homes completed last year", {"exact": value}, "homes", clause)

    def house_prices(rng: Random, s: Story) -> FigureDraft:
        text, value = _pct(rng, 0.2, 18)
        clause = f"House prices in {s.country.name} were {text}% higher than a year earlier"
        series = (f"house-prices-{s.country.id}", f"Annual change in house prices in {s.country.name}")
        return FigureDraft("house-prices", "Annual change in house prices", {"exact": value}, "percent", clause, series)

    def rounds_of_talks(rng: Random, s: Story) -> FigureDraft:
        clause = "Several rounds of talks have ended without agreement"
        return FigureDraft("rounds-of-talks", "Rounds of talks without agreement", {"vague": "several"}, "rounds", clause)

    def users_affected(rng: Random, s: Story) -> FigureDraft:
        text, value = _scaled(rng, 1, 25, "million")
        clause = f"About {text} customers were affected by the outage"
        return FigureDraft("users-affected", "Customers affected by the outage", {"approx": value}, "customers", clause)

    def hours_outage(rng: Random, s: Story) -> FigureDraft:
        low = rng.randint(2, 20)
        high = low + rng.randint(2, 30)
        clause = f"Services were down for {low} to {high} hours in some regions"
        return FigureDraft("hours-outage", "Length of the outage", {"min": low, "max": high}, "hours", clause)

    return {
        "inflation": inflation, "unemployment": unemployment, "interest-rate": interest_rate, "budget": budget,
        "growth": growth, "gas-flow": gas_flow, "power-price": power_price, "days-to-restore": days_to_restore,
        "troops": troops, "distance": distance, "days-to-verify": days_to_verify, "emissions": emissions,
        "displaced": displaced, "villages-flooded": villages_flooded, "turnout": turnout, "vote-share": vote_share,
        "polling-stations": polling_stations, "cases": cases, "doses": doses, "weeks-to-clear": weeks_to_clear,
        "grain": grain, "exports-change": exports_change, "grain-price": grain_price, "arrivals": arrivals,
        "homes": homes, "house-prices": house_prices, "rounds-of-talks": rounds_of_talks,
        "users-affected": users_affected, "hours-outage": hours_outage,
    }  # fmt: skip


FIGURES = _figure_makers()
assert all(name in FIGURES for topic in TOPICS for name in topic.figures)


# --- One story --------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def count(rng: Random, mean: float, low: int, high: int) -> int:
    """A count near ``mean``, skewed like real sheets (a few are much longer), within [low, high]."""
    return max(low, min(high, round(rng.gammavariate(2.5, mean / 2.5))))


class Unique:
    """Hands out ids unique within one list: "kuleba-withdrawal", then "kuleba-withdrawal-2"."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, text: str, limit: int = 5) -> str:
        """A slug from the first ``limit`` words of ``text``, made unique."""
        words = [w for w in slugify(text).split("-") if w not in {"the", "a", "of", "to", "in", "and", "s"}]
        base = "-".join(words[:limit])[:60].strip("-") or "item"
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}-{n}", n + 1
        self.seen.add(candidate)
        return candidate


@dataclass
class Story:
    """What one generated article is about, and the people and organisations in it."""

    rng: Random
    registry: Registry
    topic: Topic
    country: Entity
    adjective: str
    neighbour: Entity
    published: dt.date
    people: list[Entity]
    orgs: list[Entity]

    def pick(self, options: Sequence[str]) -> str:
        """One of ``options``."""
        return self.rng.choice(options)

    def weekday(self) -> str:
        """A day of the week before publication."""
        return WEEKDAYS[(self.published.weekday() - self.rng.randint(0, 3)) % 7]

    def fill(self, template: str) -> str:
        """``template`` with its {slots} filled from the story's vocabulary; a capitalised slot starts a sentence."""
        org = self.rng.choice(self.orgs)
        values = {
            "subject": self.pick(self.topic.subjects),
            "policy": self.pick(self.topic.policies),
            "outcome": self.pick(self.topic.outcomes),
            "event": self.pick(self.topic.events),
            "problem": self.pick(self.topic.subjects),
            "goal": self.pick(GOALS),
            "org": org.prose,
            "country": self.country.name,
            "government": f"the {self.adjective} government",
            "weekday": self.weekday(),
            "year": str(self.published.year - self.rng.randint(1, 6)),
        }
        values |= {_cap(k): _cap(v) for k, v in values.items()}
        return template.format(**values)


def _pick_people(rng: Random, registry: Registry, topic: Topic, k: int) -> list[Entity]:
    people = registry.of("person")
    relevant = [p for p in people if set(p.fields) & set(topic.fields) and registry.by_id[p.affiliation or ""].group != "outlet"]
    pool = relevant if len(relevant) >= k else [p for p in people if registry.by_id[p.affiliation or ""].group != "outlet"]
    return rng.sample(pool, min(k, len(pool)))


def _date(rng: Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))


@dataclass
class Sheet:
    """One generated sidecar and its article text."""

    slug: str
    sidecar: dict[str, Any]
    text: str
    claim_ids: list[str]
    series: dict[str, tuple[str, str]]
    """Series the figures name: id → (title, unit)."""


def make_sheet(rng: Random, registry: Registry, ratings: Sequence[str], earlier: Sequence[Sheet], slugs: set[str]) -> Sheet:
    """Generate one valid sheet; ``earlier`` sheets may be the target of a claim relation."""
    topic = rng.choice(TOPICS)
    countries = registry.of("country")
    tracked = {c.id for c in countries[:SERIES_COUNTRIES]}
    country = rng.choice(countries)
    neighbour = rng.choice([c for c in countries if c is not country])
    adjective = dict(COUNTRIES)[country.name]
    published = _date(rng)
    people = _pick_people(rng, registry, topic, rng.randint(2, 7))
    affiliations = [registry.by_id[p.affiliation] for p in people if p.affiliation]
    orgs = list(dict.fromkeys([*affiliations, *rng.sample([e for e in registry.of("organisation") if e.group != "outlet"], 3)]))
    story = Story(rng, registry, topic, country, adjective, neighbour, published, people, orgs)
    outlets = registry.of("organisation", "outlet")
    publisher = rng.choice(outlets) if rng.random() < 0.7 else None

    # Sources: the people and bodies the story leans on, named or not.
    source_ids = Unique()
    sources: list[dict[str, Any]] = []
    by_entity: dict[str, str] = {}
    for _ in range(count(rng, MEAN_SOURCES, 1, 24)):
        roll = rng.random()
        if roll < 0.35 and people:
            who = rng.choice(people)
            kind = rng.choice(("analyst", "press-conference", "social-media")) if who.group == "" else "analyst"
            entry = {"kind": kind, "entity": who.id, "description": f"Comments from {who.name}, {who.role} {_at(registry, who)}."}
        elif roll < 0.6:
            body = rng.choice([country, *orgs])
            kind = rng.choice(("official-statement", "press-conference", "document"))
            entry = {"kind": kind, "entity": body.id, "description": story.fill(f"{_cap(body.prose)}’s statement on {{policy}}.")}
        elif roll < 0.75:
            agency = rng.choice(outlets)
            entry = {
                "kind": "news-agency",
                "entity": agency.id,
                "description": story.fill(f"{agency.name} reported on {{subject}}."),
            }
        else:
            kind = rng.choice(list(UNNAMED_SOURCES))
            unnamed = rng.choice(UNNAMED_SOURCES[kind])
            entry = {"kind": kind, "unnamed": unnamed, "description": story.fill(f"{_cap(unnamed)} about {{subject}}.")}
        source_id = source_ids(str(entry.get("entity") or entry["kind"]), 4)
        sources.append({"id": source_id, **entry})
        if "entity" in entry:
            by_entity.setdefault(str(entry["entity"]), source_id)

    paragraphs: list[str] = []

    # Figures: each sentence goes into the text verbatim, attributed or not.
    figure_ids = Unique()
    figures: list[dict[str, Any]] = []
    series: dict[str, tuple[str, str]] = {}
    kinds = list(topic.figures)
    for _ in range(count(rng, MEAN_FIGURES, 0, 8)):
        draft = FIGURES[rng.choice(kinds)](rng, story)
        roll = rng.random()
        stated_by: Any
        if roll < 0.35 and people:
            who = rng.choice(people)
            stated_by = who.id
            sentence = f"{draft.clause}, {who.name}, {who.role} {_at(registry, who)}, said."
        elif roll < 0.55:
            body = rng.choice(orgs)
            stated_by = body.id
            sentence = f"{draft.clause}, according to {body.prose}."
        elif roll < 0.7:
            unnamed = rng.choice(UNNAMED_PEOPLE)
            stated_by = {"unnamed": unnamed}
            sentence = f"{draft.clause}, {unnamed} said."
        else:
            stated_by = None
            sentence = f"{draft.clause}."
        source = by_entity.get(stated_by) if isinstance(stated_by, str) else None
        if source is None and rng.random() < 0.4:
            source = rng.choice(sources)["id"]
        figure: dict[str, Any] = {
            "id": figure_ids(f"{draft.kind} {country.name}" if draft.series else draft.kind, 4),
            "label": draft.label,
            "value": draft.value,
            "unit": draft.unit,
        }
        figure |= {
            "as_of": None if rng.random() < 0.15 else published - dt.timedelta(days=rng.randint(0, 40)),
            "stated_by": stated_by,
            "source": source,
            "sentence": sentence,
        }
        if draft.series and rng.random() < 0.9 and country.id in tracked:
            figure["series"] = draft.series[0]
            series[draft.series[0]] = (draft.series[1], draft.unit)
        figures.append(figure)
        paragraphs.append(sentence if rng.random() < 0.5 else f"{sentence} {story.fill(rng.choice(FILLERS))}")

    # Quotes: one to three sentences each, set in the text the ways news prose sets them.
    quote_ids = Unique()
    quotes: list[dict[str, Any]] = []
    for _ in range(count(rng, MEAN_QUOTES, 0, 16)):
        speaker = rng.choice(people)
        parts = [story.fill(q) for q in rng.sample(QUOTES, rng.choice((1, 1, 1, 2, 2, 3)))]
        spoken = ". ".join(parts)
        quote: dict[str, Any] = {
            "id": quote_ids(f"{speaker.name.split()[-1]} {parts[0]}", 4),
            "text": spoken,
            "speaker": speaker.id,
        }
        affiliation = registry.by_id[speaker.affiliation or ""]
        style = rng.random()
        if style < 0.4:
            paragraphs.append(f"“{spoken},” said {speaker.name}, {speaker.role} {_at(registry, speaker)}.")
            quote |= {"role": speaker.role, "organisation": affiliation.id}
        elif style < 0.6:
            paragraphs.append(f"“{spoken},” {speaker.name} told reporters.")
            quote |= {"organisation": affiliation.id, "context": "told reporters"}
        elif style < 0.8 and by_entity:
            agency_id = rng.choice([s["id"] for s in sources if s["kind"] == "news-agency"] or [None])
            if agency_id is not None:
                agency = registry.by_id[next(s["entity"] for s in sources if s["id"] == agency_id)]
                paragraphs.append(f"“{spoken},” {agency.name} quoted {speaker.name} as saying.")
                quote |= {"via": [agency_id]}
            else:
                paragraphs.append(f"{speaker.name} said: “{spoken}.”")
        else:
            paragraphs.append(f"{speaker.name} said: “{spoken}.”")
        quotes.append(quote)

    # Claims: who asserted what, rated; a few relate to another claim here or in an earlier sheet.
    claim_ids = Unique()
    claims: list[dict[str, Any]] = []
    weights = [{"unverified": 40, "accurate": 25, "misleading": 15, "disputed": 12}.get(r, 8) for r in ratings]
    for _ in range(count(rng, MEAN_CLAIMS, 1, 10)):
        text = story.fill(rng.choice(CLAIMS))
        rating = rng.choices(ratings, weights)[0]
        claimant: Any = rng.choice([*[p.id for p in people], country.id, *[o.id for o in orgs]])
        if rng.random() < 0.08:
            claimant = {"unnamed": rng.choice(UNNAMED_PEOPLE)}
        reasons = [RATIONALES.get(rating, RATIONALES["unverified"]), *rng.sample(RATIONALE_EXTRAS, rng.randint(0, 3))]
        rationale = " ".join(story.fill(t) for t in reasons)  # fmt: skip
        claim: dict[str, Any] = {
            "id": claim_ids(text),
            "text": text,
            "claimant": claimant,
            "date": published - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2))),
            "rating": rating,
            "rationale": textwrap.fill(rationale, 76) + "\n",
            "evidence": [story.fill(f) for f in rng.sample(FILLERS, rng.choice((0, 0, 1, 1, 2, 3)))],
            "sources": rng.sample([s["id"] for s in sources], min(len(sources), rng.choice((1, 1, 2, 3)))),
        }
        claims.append(claim)
    relations = _relations(rng, claims, earlier)

    # The article: a lead, then the figures, quotes and background in a plausible order.
    opener = _cap(rng.choice(["{Government}", "{Government}", *[o.prose for o in orgs]]))
    day = WEEKDAYS[published.weekday()]
    lead = story.fill(f"{opener} {{event}} on {day}, as {{subject}} came under growing scrutiny.")
    paragraphs += [story.fill(rng.choice(FILLERS)) for _ in range(count(rng, 16, 1, 60))]
    rng.shuffle(paragraphs)
    text = "\n".join([lead, *paragraphs]) + "\n"

    speaker = rng.choice(people)
    title = rng.choice(
        (
            f"{speaker.name} says {story.fill('{subject}')} will {story.fill('{outcome}')}",
            story.fill(f"{country.name} {{event}}"),
            story.fill(f"{_cap(rng.choice(orgs).name)} questions {{policy}} in {country.name}"),
            story.fill("{Subject}: what the figures say and who disputes them"),
        )
    )
    words = slugify(title).split("-")[: rng.randint(3, 6)]
    slug = f"{published.isoformat()}-{'-'.join(words)}"[:72].strip("-")
    base, n = slug, 2
    while slug in slugs:
        slug, n = f"{base}-{n}", n + 1
    slugs.add(slug)
    status = rng.choices(("published", "review", "draft", "retracted"), (92, 4, 3, 1))[0]
    summary = " ".join(story.fill(f) for f in rng.sample(FILLERS, rng.randint(2, 5)))
    tags = list(dict.fromkeys([topic.name, *rng.sample(topic.tags, rng.randint(0, 3)), country.id]))
    authors = [p.id for p in rng.sample(registry.of("person"), 6) if registry.by_id[p.affiliation or ""].group == "outlet"][:2]
    url = f"{publisher.url}{published:%Y/%m/%d}/{'-'.join(words)}" if publisher and rng.random() < 0.8 else None
    sidecar: dict[str, Any] = {
        "status": status,
        "title": title,
        "article": {
            "headline": title if rng.random() < 0.6 else None,
            "publisher": publisher.id if publisher else None,
            "url": url,
            "published": published,
            "authors": authors if publisher else [],
            "language": "en",
        },
        "summary": textwrap.fill(summary, 76) + "\n",
        "tags": tags,
        "figures": figures,
        "claims": claims,
        "quotes": quotes,
        "sources": sources,
        "updates": [],
    }
    if rng.random() < 0.08:
        sidecar["updates"] = [
            {
                "date": published + dt.timedelta(days=rng.randint(1, 60)),
                "kind": rng.choice(("correction", "update")),
                "note": story.fill("The sheet now reflects later reporting on {policy}.") + "\n",
            }
        ]
    sheet = Sheet(slug, sidecar, text, [c["id"] for c in claims], series)
    for claim, relation in relations:
        claim.setdefault("relations", []).append(relation)
    return sheet


def _at(registry: Registry, person: Entity) -> str:
    where = registry.by_id[person.affiliation or ""]
    return f"{'of' if where.group in ('ministry', 'country', 'international') else 'at'} {where.prose}"


def _relations(
    rng: Random, claims: list[dict[str, Any]], earlier: Sequence[Sheet]
) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """Sparse relations: some within the sheet, some to a claim of a recent earlier sheet."""
    found = []
    if len(claims) > 1 and rng.random() < 0.15:
        found.append((claims[1], {"kind": "contradicts", "claim": claims[0]["id"]}))
    for claim in claims:
        if earlier and rng.random() < 0.04:
            other = rng.choice(earlier[-200:])
            target = f"{other.slug}#{rng.choice(other.claim_ids)}"
            found.append((claim, {"kind": rng.choice(("contradicts", "supports", "updates")), "claim": target}))
    return found


# --- Writing ----------------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style like hand-written sidecars; multi-line text as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML as a person would write it: keys in order, block style, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80, default_flow_style=False)


def _strip_series(sidecar: dict[str, Any]) -> dict[str, Any]:
    figures = [{k: v for k, v in f.items() if k != "series"} for f in sidecar["figures"]]
    return {**sidecar, "figures": figures}


@dataclass(frozen=True)
class Stats:
    """What a generated corpus holds."""

    sheets: int
    entities: int
    figures: int
    claims: int
    quotes: int
    sources: int
    relations: int
    series: int
    yml_bytes: int
    txt_bytes: int


def read_ratings(path: Path) -> list[str]:
    """The rating ids in a ``ratings.yml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(r["id"]) for r in data["ratings"]]


def generate(
    out: Path,
    n: int,
    *,
    seed: int = 0,
    entities: int = 300,
    series: bool = False,
    ratings: Path | None = None,
    force: bool = False,
) -> Stats:
    """Write a corpus of ``n`` sheets into ``out`` (laid out like ``content/``) and return what it holds.

    ``ratings`` is the scale to copy (default: the project's ``content/ratings.yml``).
    ``out`` must be empty or missing unless ``force``, which replaces only the files a corpus consists of.
    """
    ratings = ratings or PROJECT / "content" / "ratings.yml"
    articles = out / "articles"
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty; pass force=True (--force) to replace a corpus there")
        shutil.rmtree(articles, ignore_errors=True)
        for name in GENERATED_FILES:
            (out / name).unlink(missing_ok=True)
    articles.mkdir(parents=True, exist_ok=True)
    rng = Random(seed)
    registry = build_registry(rng, entities)
    rating_ids = read_ratings(ratings)
    shutil.copyfile(ratings, out / "ratings.yml")
    header = "# yaml-language-server: $schema=../schema/entities.schema.json\n# Generated by benchmarks/corpus.py.\n"
    (out / "entities.yml").write_text(header + dump({"entities": [e.yaml() for e in registry.entities]}), encoding="utf-8")
    sheets: list[Sheet] = []
    slugs: set[str] = set()
    all_series: dict[str, tuple[str, str]] = {}
    yml_bytes = txt_bytes = 0
    for _ in range(n):
        sheet = make_sheet(rng, registry, rating_ids, sheets, slugs)
        sheets.append(sheet)
        all_series |= sheet.series
        yml = SCHEMA_COMMENT + dump(sheet.sidecar if series else _strip_series(sheet.sidecar))
        (articles / f"{sheet.slug}.yml").write_text(yml, encoding="utf-8")
        (articles / f"{sheet.slug}.txt").write_text(sheet.text, encoding="utf-8")
        yml_bytes += len(yml.encode())
        txt_bytes += len(sheet.text.encode())
    if series:
        entries = [
            {"id": sid, "title": title, "unit": unit, "description": f"{title}, as the fact sheets report it."}
            for sid, (title, unit) in sorted(all_series.items())
        ]
        (out / "series.yml").write_text("# Generated by benchmarks/corpus.py.\n" + dump({"series": entries}), encoding="utf-8")
    side = [s.sidecar for s in sheets]
    return Stats(
        sheets=n,
        entities=len(registry.entities),
        figures=sum(len(s["figures"]) for s in side),
        claims=sum(len(s["claims"]) for s in side),
        quotes=sum(len(s["quotes"]) for s in side),
        sources=sum(len(s["sources"]) for s in side),
        relations=sum(len(c.get("relations", ())) for s in side for c in s["claims"]),
        series=len(all_series) if series else 0,
        yml_bytes=yml_bytes,
        txt_bytes=txt_bytes,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one corpus and print what it holds."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into (laid out like content/)")
    parser.add_argument("--n", type=int, required=True, help="number of sheets")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--entities", type=int, default=300, help="size of the shared registry (default: 300)")
    parser.add_argument("--series", action="store_true", help="figures name a series, with a series.yml registry")
    parser.add_argument("--ratings", type=Path, help="rating scale to copy (default: the project's content/ratings.yml)")
    parser.add_argument("--force", action="store_true", help="replace a corpus already in the folder")
    args = parser.parse_args(argv)
    try:
        stats = generate(
            args.out, args.n, seed=args.seed, entities=args.entities, series=args.series, ratings=args.ratings, force=args.force
        )
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {args.out}: {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
