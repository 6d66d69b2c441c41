"""The words by which news prose tells a name from what surrounds it: titles before a name, organisations' words.

They are lists, not rules: :mod:`generator.draft.people` uses them to take an
attribution phrase apart.
"""

from __future__ import annotations

#: Words of titles, ranks and offices that come before a name and are not part of it.
TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. fr fr. cllr cllr. councillor councilor
    president vice prime minister secretary general secretary-general attorney district judge justice chief fire police
    acting assistant deputy associate senior special agent in charge commissioner superintendent supt. inspector detective
    det. sergeant sgt. staff master command lieutenant lt. colonel col. major maj. gen. general captain capt. admiral adm.
    brigadier brig. commander cmdr. corporal cpl. private pvt. warrant officer chief-of-staff sen. senator rep.
    representative gov. governor mayor sheriff coroner engr. engr atty. director chairman chairwoman chair chairperson
    spokesman spokeswoman spokesperson minister mp mep td msp ms mla ceo cfo coo executive founder president-elect
    ambassador envoy garda officer professor doctor judge magistrate prosecutor u.s. us state federal county city shadow
    foreign defence defense interior finance health home justice education transport environment energy economy labour
    labor agriculture trade treasury first lady the father sister brother pastor bishop archbishop imam rabbi cardinal
    pope king queen prince princess emir sheikh ayatollah premier chancellor speaker leader manager member members
    administrator clerk treasurer auditor coordinator analyst economist lawyer counsel nurse surgeon teacher principal
    trustee councilman councilwoman alderman dean provost coach pilot firefighter trooper warden ranger co-founder
    cofounder partner owner resident board city town village borough regional national international sens reps cr
    congressman congresswoman assemblyman assemblywoman assemblymember councilmember lawmaker legislator
    rt hon honourable whip minority majority insp ch dci dsi pc dc ds di cst constable asst assoc
    comptroller engineer surveyor inspector-general solicitor-general attorney-general registrar
    """.replace(".", "").split()
)


#: Generic nouns by which news prose introduces a company, or names one it has named: "bus operator Ashworth Coaches",
#: "the company said".
COMPANY_NOUNS = frozenset(
    "company firm railroad railway carrier airline bank lender manufacturer maker retailer insurer utility operator "
    "developer contractor business producer processor supplier publisher broadcaster".split()
)
#: Nouns in small letters that introduce an organisation's name: "consumer group Travel Rights UK", "the charity Hearthlight".
ORG_LEADS = COMPANY_NOUNS | frozenset(
    "group charity campaign organisation organization watchdog regulator union agency newspaper outlet website network "
    "club association nonprofit non-profit thinktank think-tank consultancy".split()
)
#: Words of the trades that end companies' names: "Hartwell Bancorp", "Tri-State Polymers".
INDUSTRY_WORDS = frozenset(
    """
    bancorp bancshares financial polymers plastics petroleum oil gas mining minerals resources therapeutics biotech
    semiconductors electronics software aerospace automotive packaging
    """.split()
)
#: Words that make a capitalised name an organisation, not a person.
ORG_WORDS = (
    frozenset(
        """
    council commission ministry department office agency authority board bureau committee court police army navy force
    forces corps division brigade regiment battalion command school schools university college institute centre center
    association federation foundation trust union party government administration company corporation corp corp. inc
    inc. ltd ltd. llc plc co co. group bank fund network alliance society club league press news times post gazette
    herald tribune journal chronicle courier telegraph daily reuters interfax railway railroad airlines airline airways
    services service hospital hospitals clinic church parish cooperative co-op coalition partners consultancy brands
    industries holdings systems labs laboratories energy motors media broadcasting radio television tv house senate
    congress parliament assembly legislature cabinet embassy consulate mission nations organization organisation
    programme program initiative project council's ministry's agency's groups services associations unions networks
    partners alliances federations councils industries companies survey observatory laboratory statistics registry
    exchange reserve dispatch ledger gazette observer examiner inquirer sentinel star globe mail mirror express standard
    independent guardian bulletin review record register citizen weekly magazine ferries ferry guard pantry workers
    foods nutrition capital securities llp lp pharmaceuticals technologies solutions logistics chamber commerce transport transit
    analytics consulting consultants advisors advisers insights research chemicals chemical brewery mills farms poultry
    markets stores insurance investments ventures equity system maritime shipping festival museum gallery library orchestra
    theatre theater
    """.split()
    )
    | INDUSTRY_WORDS
)
