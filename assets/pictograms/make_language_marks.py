"""Draws the language marks ``language-<code>.png``: a speech bubble saying "hello" in
the language, in its own script and in the kiosk's font for it.

A national flag stands for a country, not a language (Arabic is spoken in twenty
countries, French in Belgium): the bubble shows what a learner hears and reads instead.
Run it again after changing a greeting; needs ``rsvg-convert`` (librsvg2-bin), which
finds the fonts in ``assets/fonts`` through a private fontconfig file, so the pictures do
not depend on the fonts of the machine.

    python3 assets/pictograms/make_language_marks.py
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent / "fonts"

# (greeting, font family in assets/fonts, font size in the 72-unit box)
MARKS = {
    "fr": ("Bonjour", "Atkinson Hyperlegible", 14.5),
    "nl": ("Hallo", "Atkinson Hyperlegible", 18),
    "en": ("Hello", "Atkinson Hyperlegible", 18),
    "ar": ("مرحبا", "Kiosk Arabic Latin", 18),
    "tr": ("Merhaba", "Noto Sans", 13),
    "uk": ("Привіт", "Noto Sans", 15),
}

# a wide bubble (the words need the room) with its tail down on the left; drawn in the
# kiosk's ink on white, like the OpenMoji pictures around it
SVG = """<svg viewBox="0 0 72 72" xmlns="http://www.w3.org/2000/svg">
  <path d="M14 14 H58 A11 11 0 0 1 69 25 V43 A11 11 0 0 1 58 54 H27 L13 64 L17 54 H14
           A11 11 0 0 1 3 43 V25 A11 11 0 0 1 14 14 Z"
        fill="#ffffff" stroke="#1b2233" stroke-width="2.5" stroke-linejoin="round"/>
  <text x="36" y="34" font-family="{family}" font-weight="bold" font-size="{size}"
        fill="#1b2233" text-anchor="middle" dominant-baseline="central"
        direction="{direction}">{words}</text>
</svg>
"""

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(FONTCONFIG.format(fonts=FONTS, cache=Path(tmp) / "cache"))
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        for code, (words, family, size) in MARKS.items():
            svg = Path(tmp) / f"{code}.svg"
            svg.write_text(SVG.format(family=family, size=size, words=words,
                                      direction="rtl" if code == "ar" else "ltr"), encoding="utf-8")
            out = HERE / f"language-{code}.png"
            subprocess.run(["rsvg-convert", "-w", "256", "-h", "256", str(svg), "-o", str(out)],
                           env=env, check=True)
            print(out.name)


if __name__ == "__main__":
    main()
