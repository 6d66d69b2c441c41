"""Markdown escaping: the one place where sidecar text becomes Markdown.

Templates print values with ``{{ value }}``; the Jinja environment's finalize
hook passes every value through :func:`escape` unless it is already
:class:`Md` (Markdown this module produced). Escaping uses numeric character
references, which CommonMark and Python-Markdown both decode to the literal
character and never treat as syntax, so the reader sees exactly the text the
sidecar holds: no tags, no links, no tables broken, no headings started.

Long-text fields may use a small Markdown subset (:func:`render_subset`):
emphasis, inline code, lists and http(s) links. markdown-it-py parses it with
raw HTML off, and this module writes back only what the subset allows, with
all text inside escaped again.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import urls
from generator.urls import Refusal


class Md(str):
    """A string that is already safe Markdown; the finalize hook passes it through."""

    __slots__ = ()


# Characters with meaning anywhere in a line, for Python-Markdown, its extensions
# (tables, attr_list, md_in_html, toc, admonition) or CommonMark. Encoded wherever they occur.
# Python-Markdown also expands every tab to spaces and deletes STX and ETX (its own
# placeholder markers), so those are encoded too.
_ALWAYS = frozenset("\\`*_{}[]<>&#|~\t\x02\x03")
# Characters that only start block syntax (lists, setext rules, definition lists,
# admonitions, indented code) at the beginning of a line.
_LINE_START = frozenset("-+=:!?. \t")
_ORDERED_MARKER = re.compile(r"[0-9]+([.)])")


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def escape(text: str, *, line_start: bool = True) -> Md:
    """Escape one line of plain text so that Markdown renders exactly this text.

    ``line_start=False`` is for text that continues a line, where list and
    heading markers have no meaning.
    """
    if "\n" in text or "\r" in text:
        raise ValueError("escape() takes one line of text; split multi-line text first")
    out = [_ref(c) if c in _ALWAYS else c for c in text]
    if not line_start:
        return Md("".join(out))
    if out and text[0] in _LINE_START:
        out[0] = _ref(text[0])
    marker = _ORDERED_MARKER.match(text)
    if marker:
        out[marker.end() - 1] = _ref(marker.group(1))
    return Md("".join(out))


def href(url: str) -> Md:
    """Percent-encode an http(s) URL so it stays inside a Markdown link's parentheses.

    The host is kept as it is, brackets of an IPv6 address included: URLs are
    validated before they get here (:mod:`generator.urls`), so it holds only
    letters, digits, dots, hyphens, colons and brackets.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"refusing to link to a non-http(s) URL: {url!r}")
    rest = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return Md(f"{parts.scheme}://{parts.netloc}" + quote(rest, safe=_URL_SAFE))


_URL_SAFE = "-._~:/?#@!$&*+,;=%"


def _link_allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc and url.isascii()


_PARSER = MarkdownIt("zero", {"html": False}).enable(["emphasis", "backticks", "list", "link", "escape", "newline"])
_PARSER.validateLink = _link_allowed  # type: ignore[method-assign]


def subset_problems(text: str) -> list[Refusal]:
    """What in ``text`` the safe subset cannot publish as written: links with a title, and links to hosts that are not public.

    Link text and every other character are shown as written; these two would
    otherwise be dropped or published as a link no reader can follow.
    """
    found = []
    for block in _PARSER.parse(text):
        for token in block.children or []:
            if token.type != "link_open":
                continue
            url = str(token.attrGet("href"))
            title = token.attrGet("title")
            if title is not None:
                found.append(
                    Refusal(
                        "invalid-text",
                        f"the link to {url} has a title ({str(title)!r}), which the site would not show; "
                        "remove the title, or write it as text beside the link",
                    )
                )
            refusal = urls.check(url)
            if refusal is not None:
                found.append(refusal)
    return found


def plain_text(text: str) -> str:
    """The words of long text in the safe subset, without its Markdown: a link's text stays, its address goes.

    For places that show text as text, such as a feed's summary.
    """
    words: list[str] = []
    for token in _PARSER.parse(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type in ("paragraph_close", "list_item_close"):
            words.append(" ")
    return " ".join("".join(words).split())


def subset_html(text: str) -> str:
    """Long text in the safe subset as HTML, for a page no site engine builds (a claim's card): raw HTML stays text.

    Links open in the whole window (``target="_top"``), not in the frame a card may be embedded in.
    """
    tokens = _PARSER.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("target", "_top")
                child.attrSet("rel", "noopener")
    return str(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def render_subset(text: str) -> Md:
    """Render long text through the safe subset: emphasis, code, lists, http(s) links."""
    tokens = _PARSER.parse(text)
    out = _Writer().blocks(tokens).strip("\n")
    if tokens and tokens[0].type in ("bullet_list_open", "ordered_list_open"):
        # Templates may print the text after other text on a line; a list starts its own
        # block, or its indented paragraphs would become code blocks.
        out = "\n\n" + out
    return Md(out)


class _Writer:
    """Writes markdown-it block tokens back out as Markdown Python-Markdown understands."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.item_paragraphs = 0
        self.link: list[str] = []

    def blocks(self, tokens: list[Token]) -> str:
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                if self.lists and self.item_paragraphs == 0:
                    self.out.append("\n")
                self.lists.append([int(str(token.attrGet("start") or 1))] if kind == "ordered_list_open" else [])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists:
                    self.out.append("\n")
            elif kind == "list_item_open":
                numbers = self.lists[-1]
                # Not "-": an empty item's "- " line under a line of text is a setext heading underline.
                marker = f"{numbers[0]}." if numbers else "+"
                if numbers:
                    numbers[0] += 1
                if self.out and not self.out[-1].endswith("\n"):  # the previous item was empty
                    self.out.append("\n")
                self.out.append("    " * (len(self.lists) - 1) + marker + " ")
                self.item_paragraphs = 0
            elif kind == "inline":
                if self.lists and self.item_paragraphs:
                    self.out.append("\n" + "    " * len(self.lists))
                self.item_paragraphs += 1
                self.out.append(self.inline(token.children or []) + "\n")
            elif kind == "paragraph_close" and not self.lists:
                self.out.append("\n")
        return "".join(self.out)

    def inline(self, tokens: list[Token]) -> str:
        """Inline tokens as Markdown; text is escaped, links are re-encoded."""
        parts: list[str] = []
        for token in tokens:
            kind = token.type
            if kind in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif kind in ("em_open", "em_close"):
                parts.append("*")
            elif kind in ("strong_open", "strong_close"):
                parts.append("**")
            elif kind == "code_inline":
                parts.append(_code_span(token.content))
            elif kind == "link_open":
                # Text ending in "!" right before the link's "[" would turn the link into an image.
                if parts and parts[-1].endswith("!"):
                    parts[-1] = parts[-1][:-1] + _ref("!")
                parts.append("[")
                self.link.append(str(token.attrGet("href")))
            elif kind == "link_close":
                parts.append(f"]({href(self.link.pop())})")
            else:
                parts.append(escape(token.content, line_start=not parts))
        return "".join(parts)


def _code_span(content: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"
