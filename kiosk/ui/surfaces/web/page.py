"""What every block of a web page shares: the page and its column, the site's band, the
error banner, a touch on nothing (a miss), and ``BlockView``, the base of each block
kind's drawing (one module per kind in this package; ``views.VIEWS`` lists them)."""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.web import Block
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.typing import PracticeField, Typist


class MissArea:
    """A touch on nothing interactive here is a miss: the learner hears "try again" and
    help comes. (Scrolling never reaches this: the scroll view keeps those touches.)"""

    surface: Any

    def on_touch_down(self, touch: Any) -> bool:
        if (getattr(touch, "button", None) or "left").startswith("scroll"):
            return False
        if super().on_touch_down(touch):  # type: ignore[misc]
            return True
        if self.collide_point(*touch.pos):  # type: ignore[attr-defined]
            touch.grab(self)
            return True
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return bool(super().on_touch_up(touch))  # type: ignore[misc]
        touch.ungrab(self)
        if self.surface is not None:
            self.surface.miss()
        return True


class MissVeil(MissArea):
    """An overlay over the page (a viewer, a picker): every touch inside stays here, and
    one on nothing of its own is a miss; scrolling reaches what it holds. What lies under
    it is dimmed or hidden on purpose (``veils_below``: the learner's eye reads the veil)."""

    veils_below = True

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):  # type: ignore[attr-defined]
            return False
        if (getattr(touch, "button", None) or "left").startswith("scroll"):
            return bool(super(MissArea, self).on_touch_down(touch))  # type: ignore[misc]
        if not super(MissArea, self).on_touch_down(touch):  # type: ignore[misc]
            touch.grab(self)
        return True


class WebPage(MissArea, BoxLayout):
    """One page: the site's band, the error banner, the blocks, the footer."""

    surface = ObjectProperty(None, allownone=True)
    page_id = StringProperty("")
    column = ObjectProperty(None, allownone=True)


class Column(BoxLayout):
    pass


class SiteBand(BoxLayout):
    picture = StringProperty("")


class ErrorBanner(BoxLayout):
    pass


class PageTypist(Typist):
    """Leaving a field confirms it only when its text changed: touching a field that the
    site filled in, then another one, is not an answer."""

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self._value_at_focus = ""

    def focus(self, field: PracticeField | None, confirm: bool = True) -> None:
        previous = self.focused
        if previous is field:
            return
        if previous is not None and previous.value == self._value_at_focus:
            confirm = False
        super().focus(field, confirm)
        self._value_at_focus = field.value if field is not None else ""
        if field is None:
            self.surface.keyboard_away()

    def confirm(self, field: PracticeField) -> None:
        self._value_at_focus = field.value
        super().confirm(field)


class BlockView:
    """One kind of block on a web surface: builds a block's widgets, answers the targets
    of its families (``FAMILIES``: ``button`` for ``button.<id>``) once the engine
    accepted an action on them, and says what a submit finds wrong on the page."""

    FAMILIES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, surface: Any) -> None:
        self.surface = surface

    def build(self, block: Any) -> Any:
        raise NotImplementedError

    def accept(self, action: Action, target: str) -> None:
        """The engine accepted ``action`` on one of this view's targets."""

    def reject(self, action: Action, target: str) -> bool:
        """What the site shows when the action is not right; True when handled."""
        return False

    def wrong(self, block: Block) -> int:
        """How many answers a submit finds wrong in this block (and shows them)."""
        return 0

    def relabel(self) -> None:
        """The screen's language changed: words not kept by ``surface.words_on``."""

    def messages(self) -> list[str]:
        """The site's messages this view shows now (under a wrong field)."""
        return []

    def seen_as(self, name: str) -> Any:
        """What the learner sees of target ``name`` (a closed list for its option)."""
        return self.surface.target_widget(name)

    def reveal(self, name: str) -> None:
        """Make target ``name`` shown before the page scrolls to it (open its list)."""

    def leave_page(self) -> None:
        """Another page is about to show."""


def inside(widget: Any, ancestor: Any) -> bool:
    while widget is not None:
        if widget is ancestor:
            return True
        parent = widget.parent
        widget = None if parent is widget else parent
    return False


load_kv(__file__)
