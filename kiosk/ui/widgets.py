"""Shared kiosk widgets: big picture buttons, tiles, stars, flags. Layout in widgets.kv.

Every touch target is at least 64 px high at 1920×1080 (the kv sizes use ``dp``).
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

# Colours chosen for contrast ≥ 7:1 between text and its background.
INK = (0.078, 0.129, 0.239, 1)  # #14213D on PAPER: 14.9:1
PAPER = (0.96, 0.945, 0.91, 1)  # #F5F1E8
HELP = (1.0, 0.718, 0.012, 1)  # #FFB703 behind INK: 8.9:1
WHITE = (1, 1, 1, 1)


class PictureButton(ButtonBehavior, BoxLayout):
    """A large button with a pictogram and (optionally) a word under or beside it."""

    text = StringProperty("")
    picture = StringProperty("")
    back_color = ColorProperty(WHITE)
    text_color = ColorProperty(INK)
    font_size = NumericProperty(28)
    name = StringProperty("")  # stable id the robot and tests look for


class Tile(PictureButton):
    """A module or scenario tile: big picture, title, earned stars."""

    stars = NumericProperty(0)
    done = BooleanProperty(False)
