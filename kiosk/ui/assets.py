"""Where pictograms, fonts and sounds are found (no Kivy import: the CLI uses it)."""

from __future__ import annotations

from pathlib import Path


def pictogram_names(assets_dir: Path) -> set[str]:
    return {p.stem for p in (assets_dir / "pictograms").glob("*.png")}


def pictogram(assets_dir: Path, name: str) -> str:
    path = assets_dir / "pictograms" / f"{name}.png"
    return str(path if path.exists() else assets_dir / "pictograms" / "help.png")


# Font per script: Atkinson Hyperlegible for Latin (it lacks the Turkish capital İ), Noto
# Sans for Turkish and Cyrillic, Noto Sans Arabic (+ Noto Sans for Latin words) for
# Arabic. Names as registered in Kivy.
FONT_FILES = {
    "KioskLatin": ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"),
    "KioskNoto": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    # Noto Sans Arabic merged with Noto Sans (fonts/merge_fonts.py): Latin words inside Arabic
    "KioskArabic": ("KioskArabicLatin-Regular.ttf", "KioskArabicLatin-Bold.ttf"),
}
LANGUAGE_FONTS = {"ar": "KioskArabic", "tr": "KioskNoto", "uk": "KioskNoto"}
RTL_LANGUAGES = frozenset({"ar"})


def font_for(language: str) -> str:
    return LANGUAGE_FONTS.get(language, "KioskLatin")
