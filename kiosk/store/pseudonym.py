"""Pseudonyms: the only thing that names a learner, e.g. ``Tulipe-4821``.

Owns the fixed word list, the generator, and the number of each pseudonym (its compact
form in a progress record and its picture code). A pseudonym is a neutral French word
(flower, tree, bird, river) + "-" + four random digits, drawn with :mod:`secrets`. The
words are plain ASCII (easy to read out and to type on any keyboard) and none is also
a common first name, so a pseudonym never looks like a real person's name. The list
never changes order or length: exported records and picture codes depend on it.
"""

from __future__ import annotations

import re
import secrets

WORDS: tuple[str, ...] = (
    # flowers
    "Tulipe", "Lilas", "Lavande", "Muguet", "Pivoine", "Dahlia", "Mimosa", "Coquelicot",
    "Tournesol", "Bleuet", "Jonquille", "Glycine",
    # trees
    "Saule", "Tilleul", "Bouleau", "Platane", "Cerisier", "Pommier", "Sapin", "Peuplier",
    "Noyer", "Noisetier", "Marronnier",
    # birds
    "Merle", "Pinson", "Moineau", "Hirondelle", "Rossignol", "Mouette", "Alouette",
    "Fauvette", "Martinet",
    # rivers
    "Loire", "Seine", "Meuse", "Escaut", "Garonne", "Dordogne", "Moselle", "Sambre",
)  # fmt: skip

PATTERN = re.compile(r"^(?P<word>[A-Z][a-z]+)-(?P<digits>[0-9]{4})$")


def new_pseudonym() -> str:
    """A fresh random pseudonym such as ``Tulipe-4821`` (40 × 10,000 possibilities)."""
    return f"{secrets.choice(WORDS)}-{secrets.randbelow(10_000):04d}"


def is_pseudonym(text: str) -> bool:
    """Whether ``text`` has the shape of a pseudonym made from the word list."""
    match = PATTERN.fullmatch(text)
    return match is not None and match["word"] in WORDS


#: How many pseudonyms the word list can make: each has a number in ``range(COUNT)``.
COUNT = len(WORDS) * 10_000


def pseudonym_number(pseudonym: str) -> int:
    """``Tulipe-4821`` → its number (word position × 10,000 + digits), for compact codes.

    Raises ValueError if ``pseudonym`` was not made from the word list.
    """
    match = PATTERN.fullmatch(pseudonym)
    if match is None or match["word"] not in WORDS:
        raise ValueError(f"{pseudonym!r} is not a pseudonym of the word list")
    return WORDS.index(match["word"]) * 10_000 + int(match["digits"])


def pseudonym_from_number(number: int) -> str:
    """The pseudonym with this number; ValueError outside ``range(COUNT)``."""
    if not 0 <= number < COUNT:
        raise ValueError(f"no pseudonym has the number {number}")
    word, digits = divmod(number, 10_000)
    return f"{WORDS[word]}-{digits:04d}"
