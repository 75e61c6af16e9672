"""Text contrast: the WCAG formula, and every text/background pair the kiosk uses ≥ 7:1.

The robot learner also measures the contrast of every label actually drawn (see
tests/gui/test_robot_learner.py)."""

from __future__ import annotations

import pytest

from kiosk.ui.palette import ERROR, HELP, INK, MUTED, PAPER, SELECTED, WHITE, contrast_ratio


def test_the_wcag_formula() -> None:
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    grey = (0x77 / 255,) * 3  # #777 on white: the classic 4.48:1
    assert contrast_ratio(grey, (1, 1, 1)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background"), [(INK, PAPER), (INK, WHITE), (INK, HELP),
                                                  (INK, SELECTED), (WHITE, INK),
                                                  (ERROR, WHITE), (MUTED, WHITE)])
def test_every_text_pair_reaches_7_to_1(text: tuple[float, ...], background: tuple[float, ...]) -> None:
    assert contrast_ratio(text, background) >= 7.0
