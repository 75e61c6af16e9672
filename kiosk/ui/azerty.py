"""The Belgian AZERTY layout of the on-screen keyboard (no Kivy import: the robot and the
tests plan key presses with it).

Keys are named by what they show without Shift (``key.a``, ``key.é``); Shift gives the
capital or the upper symbol, as on the physical keyboard in an EPN: digits need Shift,
and so does the full stop (Shift + ``;``). ``@`` has its own key here (on the physical
keyboard it is AltGr + é) and the voice says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    name: str  # target name without the "key." prefix
    normal: str  # what it types without Shift ("" for a command key)
    shifted: str  # with Shift
    width: float = 1.0  # in key widths


def _row(pairs: str) -> list[Key]:
    """``"&1 é2"`` → keys: first character normal, second with Shift."""
    return [Key(p[0], p[0], p[1]) for p in pairs.split()]


ROWS: list[list[Key]] = [
    _row('&1 é2 "3 \'4 (5 §6 è7 !8 ç9 à0 )° -_'),
    [*(Key(c, c, c.upper()) for c in "azertyuiop"), *_row("^¨ $*")],
    [*(Key(c, c, c.upper()) for c in "qsdfghjklm"), *_row("ù% µ£")],
    [Key("shift", "", "", 1.6), *(Key(c, c, c.upper()) for c in "wxcvbn"), *_row(",? ;. :/ =+"),
     Key("backspace", "", "", 1.6)],
    [Key("at", "@", "@", 1.2), Key("space", " ", " ", 6.0), Key("enter", "", "", 2.4)],
]
KEYS: dict[str, Key] = {k.name: k for row in ROWS for k in row}


def plan(text: str) -> list[str]:
    """The key names to press, in order, to type ``text`` (Shift is one-shot)."""
    out: list[str] = []
    for char in text:
        for key in KEYS.values():
            if key.normal and char == key.normal:
                out.append(key.name)
                break
            if key.shifted and char == key.shifted:
                out += ["shift", key.name]
                break
        else:
            raise ValueError(f"the on-screen keyboard has no key for {char!r}")
    return out


def typed(key: Key, shift: bool) -> str:
    return key.shifted if shift else key.normal
