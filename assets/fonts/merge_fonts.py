"""Make KioskArabicLatin-{Regular,Bold}.ttf: Noto Sans Arabic merged with Noto Sans, so an
Arabic sentence can hold Latin words (OK, MonID, Namur) without empty boxes.

Run once with fontTools (`pip install fonttools`), from this folder, with the Debian
package fonts-noto-core installed:  python merge_fonts.py
"""

from pathlib import Path

from fontTools.merge import Merger

NOTO = Path("/usr/share/fonts/truetype/noto")
HERE = Path(__file__).parent

for weight in ("Regular", "Bold"):
    sources = [NOTO / f"NotoSansArabic-{weight}.ttf", NOTO / f"NotoSans-{weight}.ttf"]
    merged = Merger().merge([str(p) for p in sources])
    for record in merged["name"].names:
        if record.nameID in (1, 16):
            record.string = "Kiosk Arabic Latin"
        elif record.nameID == 4:
            record.string = f"Kiosk Arabic Latin {weight}"
        elif record.nameID == 6:
            record.string = f"KioskArabicLatin-{weight}"
    merged.save(str(HERE / f"KioskArabicLatin-{weight}.ttf"))
