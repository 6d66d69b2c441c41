"""Which characters untrusted text may hold, and how to show text safely.

Three rules, from strictest to loosest:

- **Names** (ids, names, labels, titles, units, roles) may hold no control,
  format, bidi-control, default-ignorable, private-use or unassigned character,
  and no word may mix scripts in a way that imitates another word (Unicode
  UTS #39's "highly restrictive" level: one script per word, or Latin with the
  Han-based Japanese, Chinese or Korean sets). Two names that look the same are
  then the same characters.
- **Free text** (quotes, sentences, headlines, prose) may also hold the joiners
  and variation selectors that writing systems and emoji need, but only where
  they join something: a zero-width joiner between two emoji, or a joiner or
  non-joiner beside letters of a script that uses them.
- **Everywhere**, even in a YAML comment: no C0 or C1 control but tab and line
  breaks, no bidi control, no byte-order mark inside the text, no lone surrogate.

Character properties come from the ``regex`` module's Unicode database and
scripts from fontTools' (both kept up to date with Unicode), never from lists
written here. :func:`printable` makes any text safe to print on a terminal or
in a CI annotation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from fontTools import unicodedata as scripts

#: Characters refused in any text, even in comments: they can reorder or hide what is shown.
NEVER = regex.compile(r"[[\p{Cc}--[\t\n\r]]\p{Bidi_Control}\p{Cs}\ufeff]", regex.V1)
#: Characters a name may not hold (line breaks are reported by the one-line rule instead).
_NOT_IN_NAMES = regex.compile(r"[[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Cn}\p{Zl}\p{Zp}]--[\n\r]]", regex.V1)
#: Invisible characters free text may hold where they join something; every other one is refused.
_INVISIBLE = regex.compile(r"[[\p{Cf}\p{Default_Ignorable_Code_Point}]--[\p{Bidi_Control}\ufeff]]", regex.V1)
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}")
_VARIATION = regex.compile(r"\p{Variation_Selector}")
#: Scripts whose letters join or form conjuncts, where ZWJ and ZWNJ change how a word is drawn.
_JOINING = frozenset(
    "Arab Syrc Nkoo Mong Phag Mand Mani Hebr Deva Beng Guru Gujr Orya Taml Telu Knda Mlym Sinh Khmr Mymr".split()
)
_COMMON = frozenset({"Zyyy", "Zinh", "Zzzz"})
#: Script sets that may share a word under UTS #39's "highly restrictive" level.
_ALLOWED_MIXES = (
    frozenset({"Latn", "Hani", "Hira", "Kana"}),
    frozenset({"Latn", "Hani", "Bopo"}),
    frozenset({"Latn", "Hani", "Hang"}),
)


@dataclass(frozen=True)
class Hidden:
    """A character that may not be where it is: its offset in the text and why."""

    offset: int
    char: str
    why: str

    @property
    def code(self) -> str:
        """``U+200D``."""
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        """The character's Unicode name, or its category when it has none."""
        return char_name(self.char)

    def describe(self) -> str:
        """``U+200D (ZERO WIDTH JOINER) at character 5``."""
        return f"{self.code} ({self.name}) at character {self.offset + 1}"


def char_name(char: str) -> str:
    """The Unicode name of ``char``, or what it is when it has none ("control character")."""
    return unicodedata.name(char, "") or _CATEGORY.get(unicodedata.category(char), "unnamed character")


def describe(char: str) -> str:
    """``U+0430 (CYRILLIC SMALL LETTER A)``."""
    return f"U+{ord(char):04X} ({char_name(char)})"


_CATEGORY = {
    "Cc": "control character",
    "Cf": "format character",
    "Co": "private-use character",
    "Cn": "unassigned code point",
    "Cs": "surrogate",
}


def never_allowed(text: str) -> Hidden | None:
    """The first character no text may hold (see :data:`NEVER`), if any."""
    found = NEVER.search(text)
    return Hidden(found.start(), found.group(), "it can reorder or hide text") if found else None


def hidden_in_name(text: str) -> Hidden | None:
    """The first character a name, id, label or URL may not hold, if any."""
    found = _NOT_IN_NAMES.search(text)
    return Hidden(found.start(), found.group(), "it is invisible or has no fixed appearance") if found else None


def hidden_in_text(text: str) -> Hidden | None:
    """The first invisible character of free text that joins nothing it could be meant to join, if any."""
    first = never_allowed(text)
    if first is not None:
        return first
    for found in _INVISIBLE.finditer(text):
        char, at = found.group(), found.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        base = text[at - 2 : at - 1] if _VARIATION.match(before) else before
        if char == _ZWJ and _EMOJI.match(base) and _EMOJI.match(after):
            continue
        if char in (_ZWJ, _ZWNJ) and (_joins(before) or _joins(after)):
            continue
        if _VARIATION.match(char) and before and not unicodedata.category(before).startswith(("C", "Z")):
            continue
        return Hidden(at, char, "it is invisible here")
    return None


def _joins(char: str) -> bool:
    return bool(char) and char.isalpha() and bool(scripts.script_extension(char) & _JOINING)


def mixed_script(text: str) -> tuple[str, list[str]] | None:
    """The first word of ``text`` that mixes scripts as a spoof would, with the scripts it mixes; None if none does.

    Per word, the scripts of its letters (Common and Inherited characters such
    as digits and accents aside) must have one script in common, or all belong
    to one of the Han-based sets Japanese, Chinese and Korean writing use.
    """
    if text.isascii():
        return None  # every ASCII letter is Latin: nothing to mix, and most names are ASCII
    for word in regex.findall(r"\w+", text):
        if word.isascii():
            continue
        common: set[str] | None = None
        seen: set[str] = set()
        for char in word:
            extension = set(scripts.script_extension(char)) - _COMMON
            if not extension:
                continue
            seen |= extension
            common = extension if common is None else common & extension
        if common is not None and not common and not any(seen <= mix for mix in _ALLOWED_MIXES):
            names = sorted({scripts.script_name(code) for code in _primary(word)})
            return word, names
    return None


def _primary(word: str) -> set[str]:
    """The script of each letter of ``word`` (its main one, not its extensions), Common and Inherited aside."""
    return {scripts.script(char) for char in word} - _COMMON


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every character a terminal or a CI log could act on written as an escape.

    Controls, format and bidi characters, line separators, surrogates and other
    invisible characters become ``\\x1b``, ``\\u202e`` or ``\\U000e0041``, so
    that printed text can neither move the cursor, recolour the terminal, start
    a new annotation command nor hide or reorder itself. Newlines are kept when
    ``keep_newlines`` is true.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if (char == "\n" and keep_newlines) or (char.isprintable() and not _INVISIBLE.match(char)):
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def masked(line: str) -> str:
    """``line`` with every character :func:`printable` would escape replaced by U+FFFD, one for one.

    For echoing a source line under an error: the caret below it stays aligned.
    """
    if line.isascii() and line.isprintable():
        return line
    return "".join(c if c.isprintable() and not _INVISIBLE.match(c) else "\ufffd" for c in line)
