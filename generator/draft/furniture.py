"""Reading a pasted article: its paragraphs, its headline, and the page furniture around them.

Text arrives as it was pasted from a web page, a wire feed, an email or a press
release. :func:`read` first puts back the paragraphs that hard line breaks cut
(email and blog copy wrap every 70 characters or so, wire copy indents each
paragraph), then sorts each block of lines into the article or its furniture:
bylines, timestamps, share and comment prompts, photo captions and credits,
related-story lists, newsletter prompts, copyright and contact lines, and the
boilerplate at the end of a press release. A block that is not clearly
furniture is kept: losing a line of the article costs more than keeping a
"Share" button.

jusText, a well-kept boilerplate remover, was tried on the development half
of the drafting corpus, one line of text for each HTML paragraph: with its
defaults it stripped 83% of the furniture lines but also 213 lines of the
articles, and tuned for short lines it kept all but 7 article lines and
stripped only 43% of the furniture. It judges HTML by its markup and link
density, which pasted text no longer has, so the rules here stand in for it.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

#: A block that is furniture whatever surrounds it.
_FURNITURE = re.compile(
    r"""^(?:
      by\s+[A-Z][\w.’'\-]*(?:\s+(?:[A-Z][\w.’'\-]*|and|de|la|van|der))*(?:,.{0,60})?
    | (?:posted|published|updated|last\s+updated)\b.{0,80}
    | \d+\s+min(?:ute)?s?\s+read | listen\s+to\s+this\s+article.*
    | share(?:\s+(?:this(?:\s+\w+)?|full\s+article|on\s+\w+))? | save
    | gift\s+this\s+article | (?:skip\s+)?advertisement | sponsored(?:\s+content)? | story\s+continues(?:\s+below)?
    | subscribe(?:\s+to:.*|\s+now)? | sign\s+in | log\s+in | \d*\s*comments?:? | post\s+a\s+comment | no\s+comments:?
    | view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser | forward\s+to\s+a\s+friend | unsubscribe.*
    | you(?:'|’)re\s+receiving\s+this.*
    | (?:read|see)\s+(?:more|also)(?:\s+in\s+\w+)?\s*:.* | read\s+more | read\s+next | more\s*:.+ | related\s*:.+
    | also\s+read\s*:.*
    | (?:image|photo|picture|video|media)\s+(?:source|caption|credit)s?\s*[,:].*
    | (?:photo|photograph|video|watch)\s*:.* | video\s*:.*
    | ©.* | copyright\b.* | .*\ball\s+rights\s+reserved\.? | \(?reporting\s+by\b.*
    | \(?(?:additional\s+reporting|editing|writing)\s+by\b.*
    | our\s+standards\s*:.* | email\s+this\s*blogthis.* | newer\s+post.* | older\s+post.* | labels?\s*:.*
    | tags?\s*:.* | topics?\s*:.*
    | filed\s+under\s*:.* | source\s*:\s*[A-Z][\w .&’'\-]{1,60} | reposted\s+from\b.* | download\s+the\b.*\bapp\b.*
    | sign\s+up\b.*
    | get\s+the\s+latest\b.* | .*\bnewsletter\b.{0,80} | learn\s+more\s+at\b.*
    | contact\s+(?:reporter|us|the\s+author)\b.* | follow\s+(?:him|her|them|us|me)\s+on\b.*
    | read\s+or\s+share\s+this\s+story\s*:.* | media\s+(?:contacts?|enquiries|inquiries)\s*:?
    | investor\s+(?:contacts?|relations)\s*:?
    | press\s+(?:office|contacts?|release)\s*:? | (?:tel|telephone|phone|email|e-mail|fax|web)\s*:.* | contact
    | from\s*: | from\s*:.{1,80}
    | subject\s*:.* | date\s*:.* | for\s+immediate\s+release | \#{3,} | -+\s*ends\s*-+ | ends | topic | components
    | press\s+release\s+number.*
    | news\s+provided\s+by\b.* | source\s+[A-Z].{0,60} | explore\s+more\s+on\s+these\s+topics
    | reuse\s+this\s+content | related\s+content
    | .*\bcontributed\s+to\s+this\s+report\.? | a\s+version\s+of\s+this\s+article\s+appears\s+in\s+print\b.*
    | [A-Z][\w.’'\- ]{2,60}\s+contributed\s+(?:reporting|to\s+this\s+(?:story|article))\.?
    | this\s+(?:is\s+an\s+archived\s+article|is\s+a\s+developing\s+story)\b.*
    | this\s+story\s+(?:will\s+be|has\s+been|is\s+being)\s+updated\b.*
    | [—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}
    | your\s+(?:support|donation|contribution)s?\b.{0,200} | go\s+to\s+(?:contents|navigation|main\s+content)\b.*
    | skip\s+to\s+(?:content|main\s+content|navigation)\b.*
    | by\s*:\s*[A-Z].{0,60} | (?:hide|toggle)\s+caption | embargoed\b.{0,80}
    | save\s+articles\s+to\s+read\s+later\b.* | want\s+to\s+change\s+how\s+you\s+receive\s+these\s+emails\?
    | you\s+can\s+update\s+your\s+preferences\b.* | get\s+the\s+(?:top|latest|best)\b.{0,60}\binbox\b.*
    | good\s+(?:morning|evening|afternoon),.*
    | here(?:'|’)s\s+what\s+you\s+need\s+to\s+know.* | know\s+someone\s+who.* | got\s+a\s+tip\?.*
    | (?:today(?:'|’)s\s+)?[\w ]{0,30}\bis\s+brought\s+to\s+you\s+by\b.*
    | (?:home|news)\s*\|.* | .*\s\|\s.*\s\|\s.* | [-=_*•·]{3,} | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | (?:https?://|www\.)\S+ | \+?[\d ()\-.]{7,}
    | [A-Z]{2,5}\s+\$?[\d.,]+\s+[+\-−][\d.,]+.* | BC-[\w\-]+,\d+
    | (?:(?:\d+|share|tweet|like|linkedin|facebook|twitter|x|email|comments?|more|print|whatsapp|reddit|pin)\s*){2,}
    )$""",
    re.I | re.X,
)
#: Furniture that has no terminal punctuation of its own, matched on short blocks only: captions, credits, section labels.
_CREDIT = re.compile(
    r"\((?:AP|Reuters|AFP|Getty|Photo|Pool|Yonhap|EPA|PA|Xinhua|Kyodo|Anadolu|Bloomberg)\b[^)]*\)\s*$|\(Photo[^)]*\)\s*$|\bPhoto(?:graph)?:\s*\S|\bcourtesy\s+of\b"
    # An agency's credit at a caption's end: "REUTERS/Name/File Photo", "AP Photo/Name", "EPA-EFE/NAME".
    r"|\b(?:REUTERS|AP|AFP|EPA|Getty\s+Images|Bloomberg|ANP|dpa)(?:[\s\-](?:Photo|EFE))?/[^/]{2,60}(?:/[\w ]{2,20})?$"
    # A credit after the caption: "Photo / Supplied", "(Image: Supplied)", "| Photo Credit: X", "Credit: X", "[Name/Outlet]".
    r"|\bPhoto\s*/\s*\S[^/]{0,60}$|\(Image:[^)]{1,60}\)\s*$|\|\s*Photo\s+Credit:.{1,60}$|\bCredit:\s*\S.{0,60}$"
    r"|\[[A-Z][^\[\]/]{1,60}/[^\[\]]{1,60}\]\s*$|\bPhoto\s+by\s+[A-Z].{0,80}$",
    re.I,
)
#: A block after which the rest of the page is not the article: a press release's end and boilerplate.
_END = re.compile(
    r"^(?:about\s+(?:the\s+)?[A-Z][\w&.,’'\- ]{1,80}|notes\s+to\s+editors:?|forward-looking\s+statements:?|-*\s*ends\s*-*|\#{3,}"
    r"|media\s+(?:contacts?|enquiries|inquiries):?)$",
    re.I,
)
#: A heading after which come other stories' headlines, up to the next paragraph of prose.
_LIST = re.compile(
    r"^(?:more\s+(?:stories|on\s+this\s+story|from\s+[\w ]+)"
    r"|related(?:\s+(?:topics|stories|articles|coverage|content|internet\s+links))?"
    r"|most\s+(?:read|viewed|popular)|popular\s+posts|trending(?:\s+stories)?|read\s+(?:more|next)(?:\s+in\s+\w+)?|top\s+stories|latest\s+news"
    r"|you\s+may\s+also\s+like|recommended|also\s+in\s+[\w’' ]+|explore\s+more\s+on\s+these\s+topics)\s*:?$",
    re.I,
)
#: A line that starts a piece of furniture of its own, even where lines are wrapped: never part of the paragraph before.
_OWN_LINE = re.compile(
    r"^(?:(?:from|to|subject|date|sent|cc)\s*:|by\s+[A-Z]|(?:posted|published|updated)\b|source\s*:|[-=_*•·]{3,}\s*$|\#{3,}\s*$)",
    re.I,
)
#: What a line that gives only a date or a time is made of.
_DATE_WORDS = re.compile(
    r"\b(?:mon|tues?|wed|thu(?:rs)?|fri|sat|sun)(?:day)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:[ap]\.?m\.?|et|edt|est|cst|cdt|pst|pdt|gmt|bst|utc|cet|cest|at|today|yesterday|issue|no\.?|updated|published"
    r"|hours?|minutes?|mins?|ago)\b|gmt[+\-]\d+|[\d:.,/|+\-–— ]",
    re.I,
)
#: A wire story's opening paragraph, which starts with where it was filed: "VERMILION, Ohio -- A deputy …", "LISBON (Reuters) -".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.’'\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,30}\))?\s*(?:--|—|–|-)\s*\S.{20,}[.!?”\"]$"
)
_TERMINAL = re.compile(r"""[.!?:;"'”’)\]]$""")
_STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from that this is was were are be been has have had it its as but not "
    "said says will would could should can may than then their they he she his her we our who which what when".split()
)
_BIO = re.compile(
    r"^[A-Z][\w.’'\- ]{2,60}\s+(?:covers|writes\s+about|is\s+a\s+(?:reporter|correspondent|writer|editor)|reported\s+from)\b"
)


@dataclass
class Block:
    """A run of lines that is one paragraph, or one piece of furniture."""

    lines: list[str]
    indented: bool = False
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = re.sub(r"\s+", " ", " ".join(line.strip() for line in self.lines)).strip()

    @property
    def words(self) -> int:
        """How many words the block has."""
        return len(self.text.split())

    @property
    def prose(self) -> bool:
        """True for a sentence or more of running text: a dozen words or more, ending as a sentence does, most of them small."""
        words = self.text.split()
        small = sum(w.casefold().strip(",.;:\"“”'‘’") in _STOPWORDS for w in words)
        return len(words) >= 12 and bool(_TERMINAL.search(self.text)) and small >= 0.2 * len(words)


@dataclass(frozen=True)
class Reading:
    """An article as :func:`read` finds it."""

    paragraphs: list[str]
    """The article's paragraphs, each one line, headline first when there is one."""
    stripped: list[str]
    """The lines taken out as furniture, as they are in the text."""
    headline: str | None


def _wrapped(lines: list[str]) -> tuple[bool, int]:
    """Whether the text wraps its paragraphs across lines, and the width it wraps at."""
    long = [line for line in lines if len(line.split()) >= 6]
    if not long:
        return False, 0
    width = int(statistics.quantiles([len(line) for line in long], n=10)[-1]) if len(long) > 1 else len(long[0])
    open_ends = sum(not _TERMINAL.search(line.strip()) for line in long)
    return open_ends >= 0.3 * len(long) and width <= 100, width


def blocks(text: str) -> list[Block]:
    """The text's lines grouped into paragraphs, putting back what hard line breaks cut."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wrapped, width = _wrapped([line for line in raw if line.strip()])
    found: list[Block] = []
    current: list[str] = []
    indent_seen = False

    def close() -> None:
        nonlocal current
        if current:
            found.append(Block(current, indent_seen))
        current = []

    for line in raw:
        if not line.strip():
            close()
            continue
        indented = line[:1].isspace()
        if current:
            previous = current[-1].strip()
            continues = (wrapped and len(current[-1].rstrip()) >= 0.6 * width and not indented and not _bullet(line)) or (
                not _TERMINAL.search(previous) and line.strip()[:1].islower()
            )
            ends = line.strip().endswith((".", "!", "?"))  # "December." ends a wrapped sentence, not a date line
            own = any(_OWN_LINE.match(x) for x in (line.strip(), previous))
            if own or _date_only(previous) or (_date_only(line) and not ends):
                continues = False
            if not continues:
                close()
        if not current:
            indent_seen = indented
        current.append(line)
    close()
    return found


def _date_only(text: str) -> bool:
    """True for a line that gives only a date or a time: ``Sunday, March 3, 2024``, ``Updated 4:12 PM EDT``."""
    return len(text.split()) <= 12 and not _DATE_WORDS.sub("", text).strip()


def _bullet(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-•*·]|\d+[.)])\s", line))


def is_furniture(block: Block) -> bool:
    """True when the block is furniture wherever it stands."""
    text = block.text
    if _FURNITURE.match(text) or _BIO.match(text):
        return True
    if block.words <= 40 and _CREDIT.search(text):
        return True
    if _date_only(text):
        return True
    # A masthead or section label: a few words in capitals, or "NEWS / REGION".
    return (
        block.words <= 5
        and ((text.upper() == text and any(c.isalpha() for c in text)) or " / " in text)
        and not _TERMINAL.search(text)
    )


def _headline_like(block: Block) -> bool:
    return 3 <= block.words <= 30 and not block.text.endswith(".") and not is_furniture(block)


_QUOTE_LEDE = re.compile(r"^[“\"‘'].{2,}?[,.!?…][”\"’']\s+(?:\S+\s+){0,8}?(?:said|says|told|added)\b")


def read(text: str) -> Reading:
    """Split ``text`` into the article's paragraphs and the furniture around and inside it."""
    found = blocks(text)
    kinds = ["article"] * len(found)
    prose = [i for i, b in enumerate(found) if (b.prose or _DATELINE.match(b.text)) and not is_furniture(b)]
    if not prose:
        # A short text (a test, a brief): every block that is not furniture is the article.
        prose = [i for i, b in enumerate(found) if not is_furniture(b) and _TERMINAL.search(b.text)]
    body = prose[0] if prose else len(found)
    last = prose[-1] if prose else -1
    # The headline is the last headline-like block before the body, or the first of the last two that stand
    # together (a standfirst follows its headline); mastheads and taglines come earlier, above a date or a byline.
    candidates = [i for i in range(body) if _headline_like(found[i]) and found[i].words >= 5]
    headline = candidates[-1] if candidates else None
    while headline is not None and headline - 1 in candidates:
        headline -= 1
    for i, block in enumerate(found):
        if i < body:
            standfirst = headline is not None and i == headline + 1 and block.words >= 8 and not is_furniture(block)
            # A short quote that opens the story, just before the body: "“We will rebuild,” said the manager."
            lede = i == body - 1 and bool(_QUOTE_LEDE.match(block.text) and _TERMINAL.search(block.text))
            if i != headline and not standfirst and not lede:
                kinds[i] = "furniture"
        elif is_furniture(block):
            kinds[i] = "furniture"
    listing = ending = False
    for i, block in enumerate(found):
        if ending:
            kinds[i] = "furniture"
        elif _END.match(block.text) and i > len(found) * 0.3 and not block.prose:
            ending = True
            kinds[i] = "furniture"
        elif _LIST.match(block.text):
            listing = True
            kinds[i] = "furniture"
        elif listing and not block.prose:
            kinds[i] = "furniture"
        elif i and re.fullmatch(r"[\w ]{1,30}:", found[i - 1].text) and kinds[i - 1] == "furniture" and not block.prose:
            kinds[i] = "furniture"  # the value under a label such as "From:"
        else:
            listing = False
        if i > last and not block.prose and (block.words < 4 or not _TERMINAL.search(block.text)):
            kinds[i] = "furniture"
    paragraphs = [b.text for b, kind in zip(found, kinds, strict=True) if kind == "article"]
    stripped = [line.strip() for b, kind in zip(found, kinds, strict=True) if kind == "furniture" for line in b.lines]
    return Reading(paragraphs, stripped, found[headline].text if headline is not None else None)
