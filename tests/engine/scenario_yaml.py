"""Small scenarios as real YAML, line numbers in them, and a clock the test controls."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "scenarios"

# A desktop with every kind of target: objects, a folder with contents, a menu, a list.
HEADER = """\
schema_version: 1
id: mouse.practice
version: 1
module: mouse
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: mouse
digcomp: [digcomp:2.2:1.1]
level: 1
surface: desktop
fixture:
  objects:
    - {id: keys, label: Les clés, pictogram: key, x: 0.3, y: 0.5, size: 0.3}
    - {id: cup, label: La tasse, pictogram: cup, x: 0.6, y: 0.5}
    - id: letter
      label: Lettre.pdf
      kind: document
      x: 0.5
      y: 0.3
      menu:
        - {id: print, label: Imprimer}
        - {id: delete, label: Supprimer}
    - id: job
      label: Emploi
      kind: folder
      x: 0.8
      y: 0.5
      contents:
        - {id: old_cv, label: Ancien CV.pdf, kind: document, x: 0.5, y: 0.5}
    - {id: recipes, label: Recettes, kind: folder, x: 0.8, y: 0.2}
  list:
    - {id: bread, label: Pain}
    - {id: rice, label: Riz}
steps:
"""

# What every test step says, in the six languages the kiosk ships (a missing one warns).
TAP_HERE = (
    "fr: Touchez ici., nl: Tik hier., en: Tap here., "
    "ar: المس هنا., tr: Buraya dokunun., uk: Торкніться тут."
)

# hints with thresholds far apart so each test says which one it exercises
LADDER = """\
    hints:
      - {level: repeat, after_seconds: 10, after_errors: 2}
      - {level: highlight, after_seconds: 20, after_errors: 4}
      - {level: demo, after_seconds: 30, after_errors: 6}
"""


def step(step_id: str, expect: str, extra: str = "") -> str:
    """One step as YAML under ``steps:``; ``expect`` is the inside of ``{...}``."""
    return (
        f"  - id: {step_id}\n"
        f"    say: {{{TAP_HERE}}}\n"
        f"    expect: {{{expect}}}\n" + extra
    )


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line that contains ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in the YAML")


class FakeClock:
    """Time the test controls: ``clock()`` reads it, ``clock.advance(s)`` moves it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
