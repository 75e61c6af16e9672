"""Where pictograms, fonts and sounds are found (no Kivy import: the CLI uses it)."""

from __future__ import annotations

from pathlib import Path


def pictogram_names(assets_dir: Path) -> set[str]:
    return {p.stem for p in (assets_dir / "pictograms").glob("*.png")}


def pictogram(assets_dir: Path, name: str) -> str:
    path = assets_dir / "pictograms" / f"{name}.png"
    return str(path if path.exists() else assets_dir / "pictograms" / "help.png")
