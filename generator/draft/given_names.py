"""Whether a given name is, in the records of many countries, almost always given to men or almost always to women.

The figures are nomquamgender's (Van Buskirk, Clauset and Larremore, 2023):
for each of about 720,000 given names, how many sources and people it was
seen in, and the share of them gendered female (the authors' term: how a name has
been gendered, not anyone's gender identity). A name counts only when it was seen in
at least :data:`SOURCES` sources and :data:`PEOPLE` people, and at least
:data:`SURE` of them were gendered the same way; "Jean", "Robin", "Sam" and
"Andrea" are none of these, and tell nothing.

The drafter uses it in one place only: to choose, among the people a "he" or
"she" could mean, when the text itself shows nothing of them. What the text
shows (an honorific, a relation, a pronoun that could mean only them) comes
first, and a speaker chosen this way is marked for the editor to check.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Literal

SOURCES = 5
PEOPLE = 200
SURE = 0.97


@cache
def _table() -> dict[str, Literal["m", "f"]]:
    # The data file is read where the package installed it: importing the package would import pandas, for nothing.
    path = Path(str(metadata.distribution("nomquamgender").locate_file("nomquamgender/name_data.json")))
    with path.open(encoding="utf-8") as file:
        data: dict[str, list[float]] = json.load(file)
    table: dict[str, Literal["m", "f"]] = {}
    for name, (sources, people, women, *_) in data.items():
        if sources >= SOURCES and people >= PEOPLE and name.isalpha():
            if women >= SURE:
                table[name] = "f"
            elif women <= 1 - SURE:
                table[name] = "m"
    return table


def _folded(word: str) -> str:
    """``word`` as the data spells names: lower case, without accents ("Inês" is "ines")."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def sex_of(name: str) -> Literal["m", "f"] | None:
    """ "m" or "f" when the first word of a full ``name`` (two words or more) is a given name almost always of that sex."""
    words = name.split()
    if len(words) < 2 or "." in words[0]:
        return None  # a surname alone, or an initial, tells nothing
    return _table().get(_folded(words[0]))
