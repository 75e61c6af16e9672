"""Which characters the kiosk's fonts can draw, read from the font files themselves.

Kivy has no fallback font: a character that the font of a text's language lacks is drawn
as an empty box ("→" in Atkinson Hyperlegible). ``kiosk scenarios check`` warns about
such characters before a learner meets the box. Which font a language uses is
kiosk.ui.assets' (``FONT_FILES``, ``font_for``); a plain text (not a map of languages) is
shown as French. A font's character map (its ``cmap`` table only) is read once per
process with fontTools: a few milliseconds for the six files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from kiosk.ui.assets import FONT_FILES, font_for

# never drawn: line ends and tabs are layout, not glyphs
_LAYOUT = frozenset(range(0x20)) | {0x7F}


@cache
def _drawable(path: Path) -> frozenset[int]:
    """The code points the font file has a glyph for (empty when the file is missing:
    the kiosk then cannot tell, and says nothing)."""
    if not path.is_file():
        return frozenset()
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


class FontCoverage:
    """``coverage(text, language)`` → the characters of ``text`` that the regular or the
    bold font of ``language`` lacks, each once, in the order written (a
    kiosk.engine.texts.MissingGlyphs)."""

    def __init__(self, fonts_dir: Path) -> None:
        self.fonts_dir = fonts_dir

    def drawable(self, language: str) -> frozenset[int] | None:
        files = [self.fonts_dir / name for name in FONT_FILES[font_for(language)]]
        sets = [_drawable(path) for path in files]
        return frozenset.intersection(*sets) if all(sets) else None

    def __call__(self, text: str, language: str) -> str:
        drawable = self.drawable(language)
        if drawable is None:
            return ""
        return "".join(dict.fromkeys(ch for ch in text if ord(ch) not in drawable and ord(ch) not in _LAYOUT))
