"""Picture codes: a pseudonym shown as three pictograms and two digits.

Owns the fixed list of 40 pictograms (file stem and the French word an animator types),
the mapping pseudonym ↔ picture code, and the parser for typed codes such as
``pomme-vélo-chat-42`` (accents, case and separators do not matter; the English file
names work too: ``apple bicycle cat 42``).

A learner who does not read recognises their three pictures; an animator types the
words. The code is computed from the pseudonym (nothing random is added, nothing is
stored): the pseudonym's number (see :func:`kiosk.store.pseudonym.pseudonym_number`,
400,000 possible) is mixed by a fixed invertible multiplication into the 6,400,000
picture codes (40 × 40 × 40 × 100). So every pseudonym has its own code, a code gives
back its pseudonym, and a mistyped code is almost always (15 times in 16) no code at
all rather than somebody else's.

The list and the two constants below never change: printed attestations and codes in
learners' memories depend on them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.store.pseudonym import COUNT, pseudonym_from_number, pseudonym_number

#: (pictogram file stem under assets/pictograms, French word) — fixed order, forever.
PICTOGRAMS: tuple[tuple[str, str], ...] = (
    ("apple", "pomme"), ("banana", "banane"), ("bread", "pain"), ("car", "voiture"),
    ("carrot", "carotte"), ("cheese", "fromage"), ("cup", "tasse"), ("egg", "œuf"),
    ("fish", "poisson"), ("glasses", "lunettes"), ("grapes", "raisin"), ("lemon", "citron"),
    ("pear", "poire"), ("sun", "soleil"), ("tree", "arbre"), ("umbrella", "parapluie"),
    ("watch", "montre"), ("cat", "chat"), ("horse", "cheval"), ("bird", "oiseau"),
    ("flower", "fleur"), ("bicycle", "vélo"), ("boat", "bateau"), ("guitar", "guitare"),
    ("ball", "ballon"), ("hat", "chapeau"), ("shoe", "chaussure"), ("book", "livre"),
    ("heart", "cœur"), ("strawberry", "fraise"), ("cherry", "cerise"),
    ("mushroom", "champignon"), ("train", "train"), ("airplane", "avion"),
    ("cake", "gâteau"), ("rabbit", "lapin"), ("cow", "vache"), ("duck", "canard"),
    ("butterfly", "papillon"), ("turtle", "tortue"),
)  # fmt: skip

SIZE = len(PICTOGRAMS) ** 3 * 100  # 6,400,000 picture codes
# Odd and not a multiple of 5, so invertible modulo SIZE (= 2**11 × 5**5): neighbouring
# pseudonyms get unrelated pictures.
_MULTIPLIER = 2_718_281
_OFFSET = 1_414_213
_INVERSE = pow(_MULTIPLIER, -1, SIZE)


def _fold(word: str) -> str:
    """Lower case, no accents, œ → oe: what an animator may type."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    )


_WORD_INDEX: dict[str, int] = {}
for _index, (_stem, _word) in enumerate(PICTOGRAMS):
    _WORD_INDEX[_fold(_word)] = _index
    _WORD_INDEX[_stem] = _index


@dataclass(frozen=True)
class PictureCode:
    """Three pictograms (file stems, in order) and a number from 0 to 99."""

    pictograms: tuple[str, str, str]
    number: int

    @property
    def words(self) -> tuple[str, str, str]:
        """The French words of the three pictograms, as shown to an animator."""
        french = dict(PICTOGRAMS)
        a, b, c = (french[stem] for stem in self.pictograms)
        return a, b, c

    @property
    def digits(self) -> str:
        return f"{self.number:02d}"

    def __str__(self) -> str:
        """``pomme-vélo-chat-42``: what an animator reads and types."""
        return "-".join((*self.words, self.digits))

    @property
    def typed(self) -> str:
        """The same without accents (``pomme-velo-chat-42``), for any keyboard."""
        return _fold(str(self))


def picture_code(pseudonym: str) -> PictureCode:
    """The picture code of a pseudonym; ValueError if it is not one of the word list."""
    mixed = (pseudonym_number(pseudonym) * _MULTIPLIER + _OFFSET) % SIZE
    rest, number = divmod(mixed, 100)
    rest, third = divmod(rest, len(PICTOGRAMS))
    first, second = divmod(rest, len(PICTOGRAMS))
    stems = tuple(PICTOGRAMS[i][0] for i in (first, second, third))
    return PictureCode(pictograms=(stems[0], stems[1], stems[2]), number=number)


def parse_picture_code(text: str) -> PictureCode | None:
    """A typed code (``pomme velo chat 42``, ``Pomme-Vélo-Chat-42``…), or None."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", _fold(text)) if t]
    if len(tokens) == 5 and tokens[3].isdigit() and tokens[4].isdigit():
        tokens = [*tokens[:3], tokens[3] + tokens[4]]  # "42" typed as "4 2"
    if len(tokens) != 4 or not tokens[3].isdigit() or len(tokens[3]) > 2:
        return None
    indexes = [_WORD_INDEX.get(t) for t in tokens[:3]]
    if any(i is None for i in indexes):
        return None
    a, b, c = (PICTOGRAMS[i][0] for i in indexes if i is not None)
    return PictureCode(pictograms=(a, b, c), number=int(tokens[3]))


def pseudonym_for(code: PictureCode | str) -> str | None:
    """The pseudonym a picture code stands for; None if the code is nobody's."""
    parsed = parse_picture_code(code) if isinstance(code, str) else code
    if parsed is None or not 0 <= parsed.number < 100:
        return None
    index = {stem: i for i, (stem, _word) in enumerate(PICTOGRAMS)}
    try:
        first, second, third = (index[stem] for stem in parsed.pictograms)
    except KeyError:
        return None
    mixed = ((first * len(PICTOGRAMS) + second) * len(PICTOGRAMS) + third) * 100 + parsed.number
    number = ((mixed - _OFFSET) * _INVERSE) % SIZE
    return pseudonym_from_number(number) if number < COUNT else None
