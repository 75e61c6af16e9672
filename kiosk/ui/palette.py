"""The kiosk's colours and the contrast rule they keep (no Kivy import: tests use it).

Text is INK on PAPER, WHITE or HELP, or WHITE on INK: every pair at least 7:1 (WCAG AAA).
"""

from __future__ import annotations


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio between two sRGB colours given as 0..1 floats."""

    def luminance(c: tuple[float, ...]) -> float:
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Colours chosen for contrast ≥ 7:1 between text and its background.
INK = (0.078, 0.129, 0.239, 1)  # #14213D on PAPER: 14.9:1
PAPER = (0.96, 0.945, 0.91, 1)  # #F5F1E8
HELP = (1.0, 0.718, 0.012, 1)  # #FFB703 behind INK: 8.9:1
WHITE = (1, 1, 1, 1)
SELECTED = (0.85, 0.9, 1, 1)  # a toggle that is on (e.g. the slower voice), behind INK
ERROR = (0.6, 0.0, 0.0, 1)  # a site's validation message, on WHITE
MUTED = (0.29, 0.29, 0.29, 1)  # a field's placeholder, on WHITE
