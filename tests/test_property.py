"""Property tests: whatever text a sidecar holds, the published page shows it inert and intact.

Pages are rendered through the real pipeline (validation, the Jinja environment and
templates, front matter) and converted to HTML by Python-Markdown with the site's own
extension list from ``mkdocs.yml``, as MkDocs does.

* Plain-text fields: the page is rendered once with a placeholder in every field and
  once with generated strings. Both HTML trees must have the same elements and
  attributes, and every text node must equal the placeholder page's with each
  placeholder replaced by its string: nothing added, dropped or altered.
  The front matter MkDocs reads back must hold the (HTML-escaped) title.
* Markdown-subset fields: whatever the input, the only elements beyond the page's
  own are the subset's, with no attribute but an http(s) ``href``.

Generated strings are kept only if validation accepts them; it refuses line breaks in
one-line fields (rating markers included) and control, bidi and invisible characters.

``make test`` runs a few hundred examples of each; ``make test-slow`` runs 10,000.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
import pytest
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from fontTools.unicodedata import script_extension
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from conftest import ROOT, TEMPLATES
from generator import chars, render, validate
from generator.errors import ValidationFailed
from generator.load import Document, LoadedContent, Path_
from generator.mdtext import plain_text
from generator.model import Corpus

SITE = load_config(str(ROOT / "mkdocs.yml"))
SLUG = "2024-01-01-example"
PAGES = ("sheet", "index", "ratings")

DEFAULT = settings(max_examples=300, derandomize=True, database=None, deadline=None)
SLOW = settings(DEFAULT, max_examples=10_000, suppress_health_check=[HealthCheck.too_slow])


# --- The sidecar and registries, as the loader hands them to validation -------------


def base_content() -> dict[str, Any]:
    """Registries and one sidecar using every rendered field, every actor form and a vague figure."""
    return {
        "entities": {"entities": [{"id": "acme", "name": "Acme Agency", "kind": "organisation"}]},
        "ratings": {"ratings": [{"id": "accurate", "label": "Accurate", "marker": "✓", "description": "Holds up."}]},
        "sidecar": {
            "status": "published",
            "title": "Troops at the border",
            "article": {
                "headline": "Troops gather",
                "publisher": "acme",
                "url": "https://example.com/a",
                "published": "2024-01-01",
                "authors": ["acme"],
                "language": "en",
            },
            "summary": "A short summary.",
            "tags": ["example"],
            "figures": [
                {
                    "id": "troops",
                    "label": "Troops",
                    "value": {"exact": "130000"},
                    "unit": "soldiers",
                    "as_of": "2024-01-01",
                    "stated_by": {"unnamed": "an official"},
                    "source": "agency",
                    "sentence": "Some 130,000 soldiers.",
                },
                {
                    "id": "tanks",
                    "label": "Tanks",
                    "value": {"vague": "several"},
                    "unit": "tanks",
                    "as_of": None,
                    "stated_by": "acme",
                    "source": None,
                    "sentence": "Several tanks.",
                },
            ],
            "claims": [
                {
                    "id": "ready",
                    "text": "They are ready",
                    "claimant": "acme",
                    "date": "2024-01-01",
                    "rating": "accurate",
                    "rationale": "Because.",
                    "evidence": ["Satellite images"],
                    "sources": ["agency", "insider"],
                },
                {
                    "id": "leaving",
                    "text": "They are leaving",
                    "claimant": {"unnamed": "an official"},
                    "date": "2024-01-01",
                    "rating": "accurate",
                    "rationale": "Because.",
                    "sources": ["insider"],
                },
            ],
            "quotes": [
                {
                    "id": "ready",
                    "text": "We are ready.",
                    "speaker": "acme",
                    "role": "Spokesperson",
                    "organisation": "acme",
                    "via": ["agency", "insider"],
                    "context": "told reporters",
                },
                {"id": "leaving", "text": "We are leaving.", "speaker": {"unnamed": "an official"}},
            ],
            "sources": [
                {
                    "id": "agency",
                    "kind": "news-agency",
                    "entity": "acme",
                    "description": "Wire report",
                    "url": "https://example.com/s",
                },
                {"id": "insider", "kind": "other", "unnamed": "an official", "description": "Phone call"},
            ],
            "updates": [{"date": "2024-01-02", "kind": "update", "note": "Added a source."}],
        },
    }


#: Every plain-text field that appears on a page, by name, with each place it is set.
#: Actor descriptions (``unnamed``) share one name: they all print through the same filter.
PLAIN_FIELDS: dict[str, tuple[Path_, ...]] = {
    "title": (("sidecar", "title"),),
    "headline": (("sidecar", "article", "headline"),),
    "entity name": (("entities", "entities", 0, "name"),),
    "unnamed actor": (
        ("sidecar", "figures", 0, "stated_by", "unnamed"),
        ("sidecar", "claims", 1, "claimant", "unnamed"),
        ("sidecar", "quotes", 1, "speaker", "unnamed"),
        ("sidecar", "sources", 1, "unnamed"),
    ),
    "figure label": (("sidecar", "figures", 0, "label"),),
    "figure unit": (("sidecar", "figures", 0, "unit"),),
    "figure sentence": (("sidecar", "figures", 0, "sentence"),),
    "vague quantity": (("sidecar", "figures", 1, "value", "vague"),),
    "claim text": (("sidecar", "claims", 0, "text"),),
    "claim evidence": (("sidecar", "claims", 0, "evidence", 0),),
    "quote text": (("sidecar", "quotes", 0, "text"),),
    "quote role": (("sidecar", "quotes", 0, "role"),),
    "quote context": (("sidecar", "quotes", 0, "context"),),
    "source description": (("sidecar", "sources", 0, "description"),),
    "rating label": (("ratings", "ratings", 0, "label"),),
    "rating marker": (("ratings", "ratings", 0, "marker"),),
    "rating description": (("ratings", "ratings", 0, "description"),),
}
#: Fields that take the Markdown subset.
SUBSET_FIELDS: dict[str, tuple[Path_, ...]] = {
    "summary": (("sidecar", "summary"),),
    "rationale": (("sidecar", "claims", 0, "rationale"), ("sidecar", "claims", 1, "rationale")),
    "update note": (("sidecar", "updates", 0, "note"),),
}
#: One placeholder per field: short enough for a rating marker, and nothing Markdown or HTML reacts to.
PLACEHOLDERS = {name: f"☃{i:02}" for i, name in enumerate(PLAIN_FIELDS)}
PLACEHOLDER = re.compile("☃[0-9]{2}")


def content_with(values: dict[str, str], fields: dict[str, tuple[Path_, ...]]) -> dict[str, Any]:
    content = base_content()
    for name, value in values.items():
        for path in fields[name]:
            target: Any = content
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
    return content


def loaded(value: Any) -> Any:
    """Lists as the tuples the loader yields."""
    if isinstance(value, dict):
        return {k: loaded(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(loaded(v) for v in value)
    return value


def validated(content: dict[str, Any]) -> Corpus | None:
    """The corpus, validated as the pipeline does; None if validation rejects it."""

    def doc(name: str, data: Any) -> Document:
        return Document(Path(name), name, (), loaded(data), {}, {})

    files = LoadedContent(
        root=Path("content"),
        entities=doc("entities.yml", content["entities"]),
        ratings=doc("ratings.yml", content["ratings"]),
        sheets=(doc(f"articles/{SLUG}.yml", content["sidecar"]),),
        texts={},
        problems=(),
    )
    try:
        return validate.validate(files)
    except ValidationFailed:
        return None


class _CompiledTemplates(jinja2.BytecodeCache):
    """Keeps compiled templates in memory, as a site build would across pages.

    Each example needs a fresh environment (its filters close over the corpus), and
    compiling the templates again would be most of an example's time.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def to_html(page: str) -> tuple[dict[str, Any], BeautifulSoup]:
    """A page's front matter, as MkDocs reads it, and its body as HTML."""
    body, meta = get_data(page)
    converted = markdown.markdown(body, extensions=SITE.markdown_extensions, extension_configs=SITE.mdx_configs)
    return meta, BeautifulSoup(converted, "html.parser")


def html_pages(corpus: Corpus) -> dict[str, tuple[dict[str, Any], BeautifulSoup]]:
    """The pages that show sidecar or registry text, as HTML."""
    env = render.environment([TEMPLATES], corpus)
    env.bytecode_cache = COMPILED
    # render_pages would also render the field and error references, which show no content.
    return {
        "sheet": to_html(render.render_sheet(env, corpus, corpus.sheets[0])),
        "index": to_html(render.render_index(env, corpus)),
        "ratings": to_html(env.get_template("ratings.md.j2").render(corpus=corpus)),
    }


def render_values(
    values: dict[str, str], fields: dict[str, tuple[Path_, ...]]
) -> dict[str, tuple[dict[str, Any], BeautifulSoup]]:
    corpus = validated(content_with(values, fields))
    assume(corpus is not None)
    assert corpus is not None
    return html_pages(corpus)


# --- Comparing two HTML trees ----------------------------------------------------------


def _local(name: str, value: Any) -> bool:
    """Attribute values the toc extension derives from heading text."""
    return name == "id" or (name == "href" and str(value).startswith("#"))


def assert_same_tree(expected: Tag, actual: Tag, text: Callable[[str], str], where: str = "") -> None:
    """``actual`` has ``expected``'s elements and attributes, and its text with ``text`` applied."""
    where = f"{where}/{expected.name}"
    assert actual.name == expected.name, where
    assert actual.attrs.keys() == expected.attrs.keys(), (where, actual.attrs)
    for name, value in expected.attrs.items():
        if _local(name, value):
            assert _local(name, actual[name]), (where, name, actual[name])
        else:
            assert actual[name] == value, (where, name)
    assert len(actual.contents) == len(expected.contents), (where, expected.contents, actual.contents)
    for want, got in zip(expected.contents, actual.contents, strict=True):
        assert type(got) is type(want), (where, want, got)
        if isinstance(want, Tag):
            assert isinstance(got, Tag)
            assert_same_tree(want, got, text, where)
        else:
            assert str(got) == text(str(want)), where


def strings(soup: BeautifulSoup) -> Iterator[str]:
    return (str(s) for s in soup.descendants if isinstance(s, NavigableString))


# --- Strategies -------------------------------------------------------------------------

MARKUP = st.sampled_from(
    [
        *"<>&\"'`*_[]()!#|\\{}~:=-+.%;/?@$^ \t",
        *("&lt;", "&#60;", "&#x3C;", "&amp;", "&#0;", "&#128;", "&", "\\&", "&#38;"),
        *("javascript:", "https://example.com/", "<script>", "</p>", "<!--", "-->", "<![CDATA[", "<?x ", "<a href=x>"),
        *("{{ ", " }}", "{%", "%}", "{#", "{: ", "{: #id .c onclick=x }", "[TOC]", "[x](y)", "![i](x)", "<http://a.b>"),
        *("# ", "## ", "1. ", "1) ", "- ", "* ", "+ ", "> ", "    ", "  ", "!!! note", "```", "~~~", "---", "===", ": "),
        *("|---|", "a | b", "**", "__", "~~", "--8<--", "\\|", "\\\\", "\u00a0", "\u3000", "\n", "\r"),
        # Characters other tools take as line breaks. Controls, bidi and invisible characters are
        # refused by validation (test_forbidden_characters_are_refused_by_the_model_too), so not drawn.
        *("\u2028", "\u2029"),
    ]
)
# Invisible characters are refused in names, and so is a word mixing scripts (tests/hostile covers both):
# letters are drawn from Latin and the scripts every word may use, and other scripts come as whole words.
ANY_CHAR = st.characters(codec="utf-8").filter(
    lambda c: chars.hidden_in_name(c) is None and not set(script_extension(c)) - {"Zyyy", "Zinh", "Zzzz", "Latn"}
)
WORDS = st.text(ANY_CHAR, max_size=6)
SCRIPTS = st.sampled_from([" Зеленський ", " Αθήνα ", " 東京タワー ", " مهدی ", " नमस्ते ", " 서울 ", " עברית "])
PIECES = st.one_of(MARKUP, MARKUP, WORDS, ANY_CHAR, SCRIPTS)


def joined(min_pieces: int, max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(PIECES, min_size=min_pieces, max_size=max_pieces).map("".join)


# Syntax that only counts at the start or end of a line or block, where a field may land.
STARTS = st.sampled_from(["- ", "+ ", "1. ", "1) ", "# ", "> ", "!!! note ", "```", "~~~", "===", "---", ": ", "[TOC]", "<div>"])
ENDS = st.sampled_from([" {: .c }", " {#x}", " {.c onclick=x}", " #", " ##", "\\", " |", "  ", "-->", "</div>", "::"])


def field_text(name: str) -> st.SearchStrategy[str]:
    if name == "rating marker":
        # Line breaks left out: see test_a_rating_marker_with_a_line_break_is_refused_or_shown.
        return joined(1, 3).map(lambda s: s[:3]).filter(lambda s: "\n" not in s and "\r" not in s)
    parts = st.tuples(st.just("") | STARTS, joined(0, 12), st.just("") | ENDS).map("".join)
    # Many generated strings end in a space, or are nothing but spaces, which a Line rejects;
    # trim and drop those here so more examples count.
    return parts.map(str.strip).filter(bool)


PLAIN_VALUES = st.fixed_dictionaries({name: st.none() | field_text(name) for name in PLAIN_FIELDS})
SUBSET_MARKUP = st.sampled_from(
    [
        *("*", "**", "_", "__", "`", "``", "[", "](", ")", "![", "<", ">", "\\", "&", "|", "{: .c }", "***", "---"),
        *("https://example.com/a b", "http://a.example/(c)", "https://u@evil.example", "javascript:alert(1)"),
        *("[a](https://example.com/a)", "![a](https://example.com/a.png)", '[a *b*](<http://x.example/a b> "t")'),
        *("[`c`](https://x.example)", '[a](https://x.example/?q=<b>&c="d")', "[a]: https://ref.example", "[a][]"),
        *("data:text/html,x", "mailto:a@b.example", "<https://auto.example>", "<b>", "</b>", "<script>", "<!--"),
        *("\n", "\n", "\n\n", "  \n", "\\\n", "\t", "- ", "* ", "+ ", "1. ", "2) ", "    ", "    - ", "> ", "# ", "```"),
    ]
)
SUBSET_TEXT = st.lists(st.one_of(SUBSET_MARKUP, SUBSET_MARKUP, PIECES), min_size=1, max_size=30).map("".join)
SUBSET_VALUES = st.fixed_dictionaries(dict.fromkeys(SUBSET_FIELDS, SUBSET_TEXT))


# --- Plain-text fields ----------------------------------------------------------------


def pages_of(content: dict[str, Any]) -> dict[str, tuple[dict[str, Any], BeautifulSoup]]:
    corpus = validated(content)
    assert corpus is not None
    return html_pages(corpus)


EXPECTED = pages_of(content_with(PLACEHOLDERS, PLAIN_FIELDS))


def test_every_plain_field_is_on_a_page() -> None:
    shown = {p for _, soup in EXPECTED.values() for s in strings(soup) for p in PLACEHOLDER.findall(s)}
    assert shown == set(PLACEHOLDERS.values())


def check_plain_text(drawn: dict[str, str | None]) -> None:
    values = {name: PLACEHOLDERS[name] if value is None else value for name, value in drawn.items()}
    by_placeholder = {PLACEHOLDERS[name]: value for name, value in values.items()}
    actual = render_values(values, PLAIN_FIELDS)

    def text(s: str, quote: Callable[[str], str] = str) -> str:
        return PLACEHOLDER.sub(lambda m: quote(by_placeholder[m.group()]), s)

    for page in PAGES:
        want_meta, want = EXPECTED[page]
        got_meta, got = actual[page]
        assert_same_tree(want, got, text, page)
        if "\x85" not in values["title"]:  # see test_front_matter_keeps_a_next_line_character
            # The theme prints front matter into HTML unescaped, so the pipeline stores it HTML-escaped.
            assert got_meta == {k: text(v, html.escape) if isinstance(v, str) else v for k, v in want_meta.items()}


def only(**values: str) -> dict[str, str | None]:
    """One drawn example: these fields set, the rest left at their placeholders."""
    return {name: values.get(name.replace(" ", "_")) for name in PLAIN_FIELDS}


@DEFAULT
@given(PLAIN_VALUES)
@example(only(rating_description="0\t<"))  # Python-Markdown expanded the tab
def test_plain_text_renders_as_exactly_that_text(drawn: dict[str, str | None]) -> None:
    check_plain_text(drawn)


@pytest.mark.slow
@SLOW
@given(PLAIN_VALUES)
def test_plain_text_renders_as_exactly_that_text_slow(drawn: dict[str, str | None]) -> None:
    check_plain_text(drawn)


def test_a_rating_marker_with_a_line_break_is_refused() -> None:
    assert validated(content_with({"rating marker": "!\n"}, PLAIN_FIELDS)) is None


@pytest.mark.parametrize("char", ["\x85", "\x00", "\x02", "\u202e", "\u200b"])
def test_forbidden_characters_are_refused_by_the_model_too(char: str) -> None:
    # The loader refuses them in the file and in escapes; the model refuses them from any other caller.
    assert validated(content_with({"title": f"a{char}b"}, PLAIN_FIELDS)) is None


# --- Markdown-subset fields ------------------------------------------------------------

SUBSET_ELEMENTS = frozenset({"p", "em", "strong", "code", "ul", "ol", "li", "a", "br"})
Element = tuple[str, tuple[tuple[str, str], ...]]


def elements(soup: BeautifulSoup) -> Counter[Element]:
    def attrs(tag: Tag) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, " ".join(v) if isinstance(v, list) else str(v)) for k, v in tag.attrs.items()))

    return Counter((tag.name, attrs(tag)) for tag in soup.find_all(True))


def _subset_element(element: Element) -> bool:
    name, attrs = element
    if name not in SUBSET_ELEMENTS:
        return False
    if name != "a":
        return attrs == ()
    url = urlsplit(dict(attrs).get("href", ""))
    return [k for k, _ in attrs] == ["href"] and url.scheme in ("http", "https") and bool(url.hostname)


SKELETON = {page: elements(soup) for page, (_, soup) in pages_of(base_content()).items()}


def check_subset(values: dict[str, str]) -> None:
    actual = render_values(values, SUBSET_FIELDS)
    for page in PAGES:
        got = elements(actual[page][1])
        added, dropped = got - SKELETON[page], SKELETON[page] - got
        assert all(_subset_element(e) for e in added), (page, added)
        # A field's own paragraph goes when the field is a list; the page's structure stays.
        assert set(dropped) <= {("p", ())}, (page, dropped)
    # The page's description, and its share card's, is the summary's text without the Markdown.
    plain = plain_text(values["summary"])
    assert actual["sheet"][0].get("description") == (html.escape(plain) if plain else None)


@DEFAULT
@given(SUBSET_VALUES)
@example({"summary": "*", "rationale": "*", "update note": "*![a](https://example.com/a.png)"})  # was an <img>
@example({"summary": "*", "rationale": "*", "update note": "*\n- "})  # was a setext <h2>
@example({"summary": "*", "rationale": "- a\n\n  b", "update note": "*"})  # was a <pre> code block
def test_subset_text_renders_only_the_subset(values: dict[str, str]) -> None:
    check_subset(values)


@pytest.mark.slow
@SLOW
@given(SUBSET_VALUES)
def test_subset_text_renders_only_the_subset_slow(values: dict[str, str]) -> None:
    check_subset(values)
