"""What every simulated surface shares: named targets, actions out, results in.

A surface draws its fixture, turns touches and keys into engine actions (``on_action``),
shows what an accepted action does (``accept``), shows what the real site would show
when it is not right (``reject``: a validation message under a field), and tells the
player, the ghost hand and the robot where a named target is (``target_widget``).

The practice screen is in French unless the learner asks for theirs
(``surface_language``): fixture labels may be a map of languages, and the surface's own
words (its "chrome": "Envoyer", "Boîte de réception") come from its ``CHROME`` table:
the ``Words`` its engine module declares (French, translated in the gettext catalogue).

Right to left, whole or not at all. A practice screen in a right-to-left language
(``surface_language`` Arabic: the learner asked for "L'écran dans ma langue") is mirrored
as a real Arabic site is: the folder column on the right, list columns in reading order
from the right (the unread dot, the sender, the subject, then the date on the left), a
radio circle right of its label, buttons and icons in rows from the right, text aligned
right (names left in French too). A practice screen in French stays wholly left to right,
whatever the learner's language: the voice and the instruction speak Arabic, the screen
is the one they will meet. Never half: ``Mirror`` reflects every layout of the surface
(each child's place within its parent) and swaps every left/right text alignment, so a
new surface or block is mirrored without any code of its own. What is left to right in
Arabic too says so with ``keep_direction = True`` and is not entered: the physical
keyboard (its keys stay where the real keys are), a phone's keypad and a code of digits
(numbers are written left to right), and a field's typed text (a TextInput is not a
label). Numbers and Latin words inside Arabic text keep their order (widgets.Words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.scrollview import ScrollView

from kiosk.engine.actions import Action
from kiosk.engine.surfaces import Record
from kiosk.ui.assets import RTL_LANGUAGES

_LOADED: set[str] = set()


def load_kv(module_file: str) -> None:
    """Load the .kv next to a surface module once (one surface = one .py + one .kv)."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in _LOADED:
        _LOADED.add(path)
        Builder.load_file(path)


def words_value(item: Any, key: str = "label") -> Any:
    """What a fixture item says under ``key`` (a typed part's attribute, a raw map's key),
    or ``item`` itself when it is the words (a bare text or a map of languages)."""
    if isinstance(item, Record):
        return getattr(item, key, None)
    return item.get(key, "") if isinstance(item, Mapping) and key in item else item


def said(item: Any, key: str) -> Any:
    """What a fixture item says under ``key`` (None when it says nothing): a typed part's
    attribute or a raw map's key (the web surface still hands raw maps over)."""
    if isinstance(item, Record):
        return getattr(item, key, None)
    return item.get(key) if isinstance(item, Mapping) else None


def label_of(item: Any, language: str, key: str = "label") -> str:
    """The words of a fixture item (or a bare text/map) in ``language``, else French."""
    value = words_value(item, key)
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get("fr", ""))
    return "" if value is None else str(value)


def has_language(value: Any, language: str) -> bool:
    return isinstance(value, Mapping) and bool(value.get(language))


def _covers(widget: Any, x: float, y: float) -> bool:
    """Whether window point (x, y) falls on ``widget`` (inside scroll views too)."""
    left, bottom = widget.to_window(widget.x, widget.y)
    return left <= x <= left + widget.width and bottom <= y <= bottom + widget.height


def settle(root: Any) -> None:
    """Lay out now what waits for the next frame (layouts, labels' new sizes), so the
    places read right after a reveal or a new page are the places drawn."""
    for _ in range(8):  # a label that wraps anew makes its box grow, then its parents
        busy = False
        stack = [root]
        while stack:
            widget = stack.pop()
            for name, work in (("_trigger_layout", "do_layout"), ("_trigger_words", "_update"),
                               ("_trigger_texture", "texture_update"),
                               ("_trigger_update_from_scroll", "update_from_scroll")):
                trigger = getattr(widget, name, None)
                if trigger is not None and trigger.is_triggered:
                    trigger.cancel()
                    getattr(widget, work)()
                    busy = True
            stack.extend(reversed(widget.children))
        if not busy:
            return


class MissedTaps:
    """A tap that lands on nothing a learner can touch is sent as ``tap`` with no target
    (the engine counts it as a miss). Scrolling and the mouse wheel are never a miss."""

    def _touchable_at(self: Any, x: float, y: float, within: Any = None) -> bool:
        for widget in (within or self).walk(restrict=True):
            if widget is self or widget.opacity <= 0 or not isinstance(widget, ButtonBehavior):
                continue
            if widget.get_root_window() is None:
                continue
            wx, wy = widget.to_widget(x, y, relative=False)
            if not widget.collide_point(wx, wy):
                continue
            clip = widget.parent
            while clip is not None and clip is not self and not isinstance(clip, ScrollView):
                clip = clip.parent
            if isinstance(clip, ScrollView) and not clip.collide_point(*clip.parent.to_widget(x, y)):
                continue  # scrolled out of view: not under the finger
            return True
        return False

    def note_touch(self: Any, touch: Any, within: Any = None) -> None:
        """Remember a touch that lands on nothing touchable (in ``within``, else anywhere)."""
        button = getattr(touch, "button", None) or "left"
        if not button.startswith("scroll") and not self._touchable_at(*self.to_window(*touch.pos), within):
            touch.ud[f"miss.{id(self)}"] = True
            touch.grab(self)

    def missed(self: Any, touch: Any) -> bool:
        """On the grabbed touch-up: was it a tap (not a swipe) on nothing?"""
        if touch.grab_current is not self or not touch.ud.get(f"miss.{id(self)}"):
            return False
        touch.ungrab(self)
        ox, oy = touch.opos
        return bool(abs(touch.x - ox) < dp(24) and abs(touch.y - oy) < dp(24))


_SWAPPED = {"left": "right", "right": "left"}
_POINTING = frozenset({"back"})  # pictograms with a "-rtl" twin (assets/pictograms)
# a child of a FloatLayout is placed by the layout only along the keys of its pos_hint
_X_HINTS = frozenset({"x", "right", "center_x", "pos", "center"})


class Mirror:
    """Right to left for one surface's widgets, on or off (see the module docstring).

    Each layout inside gets its own ``do_layout``: the layout's usual placing, then every
    child reflected within it. A layout places its children again whenever something
    changes (a row added, a text longer), so the reflection is redone every time; and a
    page shown later (the open message, the next web page) is taken in when its parent
    lays it out, or when it is put in a widget that is no layout (a ScrollView). Labels
    keep the alignment their kv gave (``_logical_halign``) and show the swapped one while
    mirrored.
    """

    def __init__(self) -> None:
        self.on = False

    def apply(self, root: Any, on: bool) -> None:
        """Mirror (or not) everything under ``root`` now."""
        self.on = on
        self._walk(root)

    def take_in(self, widget: Any) -> None:
        """A child being laid out: bring it (and what is under it) to the current state."""
        if getattr(widget, "_mirror", None) is not self or widget._mirror_on != self.on:
            self._walk(widget)

    def _new_children(self, _widget: Any, children: list[Any]) -> None:
        for child in children:
            self.take_in(child)

    def _walk(self, root: Any) -> None:
        todo = [root]
        while todo:
            widget = todo.pop()
            widget._mirror, widget._mirror_on = self, self.on
            if getattr(widget, "keep_direction", False):
                continue
            if isinstance(widget, Layout):
                if "do_layout" not in widget.__dict__:
                    widget.do_layout = _MirroredLayout(self, widget)
                widget._trigger_layout()
            elif not getattr(widget, "_mirror_watch", False):
                # not a layout (a ScrollView, a plain widget): a page put in it later
                widget._mirror_watch = True
                widget.fbind("children", self._new_children)
            if isinstance(widget, Label):
                if not hasattr(widget, "_logical_halign"):
                    widget._logical_halign = widget.halign
                    widget.fbind("halign", self._halign_set)
                self._align(widget)
            todo.extend(widget.children)

    def _align(self, label: Any) -> None:
        logical = label._logical_halign
        label._shown_halign = _SWAPPED.get(logical, logical) if self.on else logical
        label.halign = label._shown_halign

    def _halign_set(self, label: Any, value: str) -> None:
        """The kv or the surface aligned a label anew: that is its logical alignment."""
        if value != label._shown_halign:
            label._logical_halign = value
            self._align(label)


class _MirroredLayout:
    """A layout's ``do_layout`` under a ``Mirror``: place as usual, then reflect."""

    def __init__(self, mirror: Mirror, layout: Any) -> None:
        self.mirror = mirror
        self.layout = layout

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        layout, mirror = self.layout, self.mirror
        floating = isinstance(layout, FloatLayout)
        if floating:
            # a FloatLayout lays out again when a child moves: not for our own moves
            for child in layout.children:
                child.unbind(pos=layout._trigger_layout)
        try:
            type(layout).do_layout(layout, *args, **kwargs)
            if mirror.on:
                left = 0 if isinstance(layout, RelativeLayout) else layout.x
                right = left + layout.width
                for child in layout.children:
                    if not floating or _X_HINTS & set(child.pos_hint):
                        child.x = left + right - child.right
        finally:
            if floating:
                for child in layout.children:
                    child.bind(pos=layout._trigger_layout)
        for child in layout.children:
            mirror.take_in(child)


class Surface(FloatLayout):
    """Base class: subclasses build widgets from ``self.fixture`` and register targets."""

    surface_language = StringProperty("fr")
    mirrored = BooleanProperty(False)  # drawn right to left: the screen's language is
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = {}

    def __init__(self, fixture: Mapping[str, Any], double_click_time: float = 0.5,
                 long_press_time: float = 0.6, language: str = "fr", clutter: Iterable[str] = (),
                 **kwargs: Any) -> None:
        from kiosk.ui.surfaces.clutter import Clutter  # (it draws with this module's kv helpers)

        self.register_event_type("on_action")
        # a real site's clutter, level 2 (kiosk.ui.surfaces.clutter): the surface draws it
        self.clutter = Clutter(self, clutter)
        super().__init__(**kwargs)
        self.fixture = fixture
        self.double_click_time = double_click_time
        self.long_press_time = long_press_time
        self.targets: dict[str, Any] = {}
        self.scroll: Any = None  # the ScrollView a scroll_to step scrolls, if any
        self.step_action: str = ""  # what the step being shown expects (see show_step)
        self.step_target: str | None = None
        self.mirror = Mirror()
        self.surface_language = language
        self.mirror.apply(self, self.mirrored)

    def on_action(self, action: Action) -> None:
        pass

    def emit(self, action: Action) -> None:
        self.dispatch("on_action", action)

    # -- words --------------------------------------------------------------------------
    def chrome(self, key: str) -> str:
        words = self.CHROME.get(key, {})
        return words.get(self.surface_language) or words.get("fr", key)

    def words(self, value: Any, key: str = "label") -> str:
        return label_of(value, self.surface_language, key)

    def words_lang(self, value: Any, key: str = "label") -> str:
        """The language the words of ``value`` are actually in (French when not translated)."""
        raw = words_value(value, key)
        return self.surface_language if has_language(raw, self.surface_language) else "fr"

    def chrome_words(self) -> dict[str, tuple[str, str]]:
        """Every word of the screen's own (``CHROME``) with the language it is drawn in."""
        return {key: (self.chrome(key), self.chrome_lang(key)) for key in self.CHROME}

    def chrome_lang(self, key: str) -> str:
        words = self.CHROME.get(key, {})
        return self.surface_language if words.get(self.surface_language) else "fr"

    def on_surface_language(self, *_a: Any) -> None:
        self.mirrored = self.surface_language in RTL_LANGUAGES
        self.relabel()
        if hasattr(self, "clutter"):
            self.clutter.relabel()
        if hasattr(self, "mirror"):
            self.mirror.apply(self, self.mirrored)

    def arrow(self, picture: str) -> str:
        """A pictogram's name, the one pointing the other way on a mirrored screen: an
        Arabic site's "back" arrow points right."""
        return f"{picture}-rtl" if self.mirrored and picture in _POINTING else picture

    def at_start(self, widget: Any, left: float, right: float) -> None:
        """Put ``widget`` (placed by hand, not by a layout) against the edge where reading
        starts between ``left`` and ``right``: the left one, the right one when mirrored."""
        if self.mirrored:
            widget.right = right
        else:
            widget.x = left

    def relabel(self) -> None:
        """Show every word again in ``surface_language``; subclasses redraw their texts."""

    # -- targets ------------------------------------------------------------------------
    def register(self, name: str, widget: Any) -> Any:
        self.targets[name] = widget
        widget.target = name
        return widget

    def target_widget(self, name: str | None) -> Any:
        """The widget showing ``name`` now, or None (another page, a closed menu)."""
        if name is None:
            return None
        widget = self.targets.get(name)
        if widget is None or widget.get_root_window() is None or widget.opacity == 0:
            return None
        if self.clutter.covered(widget):
            return None  # under the cookie banner or the login wall: not on screen
        return widget

    def seen_as(self, name: str) -> Any:
        """What a person sees of target ``name`` when its step is shown: the target, or
        the thing to open first (a closed list, for one of its options). The learner's
        eye checks this widget."""
        return self.target_widget(name)

    def reveal(self, name: str) -> None:
        """Bring a target into view if the page has to scroll to it (robot, ghost hand)."""

    def show_step(self, action: str, target: str | None) -> None:
        """A step is shown (the player calls this each time): what the voice names is
        brought into view at once, not only after a failure. Surfaces with fields also
        give the named field the keyboard (see ``typing.TypingSurface``)."""
        self.step_action, self.step_target = action, target
        # only a target on the page now: opening a menu or leaving a page is the learner's
        # move (the first step is shown before the player is on the window)
        if target and self.holds(self.targets.get(target)):
            self.reveal(target)

    def holds(self, widget: Any) -> bool:
        """Whether ``widget`` is drawn on this surface now (not on a page put aside)."""
        while widget is not None and widget is not self:
            if widget.opacity <= 0:
                return False
            parent = widget.parent
            widget = None if parent is widget else parent
        return widget is self

    def visible(self, name: str) -> bool:
        return self.target_widget(name) is not None

    def empty_spot(self) -> tuple[float, float]:
        """A place in window coordinates where a touch hits no target (for the robot)."""
        for fx in (0.02, 0.98, 0.5):
            for fy in (0.03, 0.97, 0.5):
                x, y = self.to_window(self.x + self.width * fx, self.y + self.height * fy)
                if not any(w is not None and _covers(w, x, y)
                           for w in (self.target_widget(n) for n in self.targets)):
                    return x, y
        raise RuntimeError("no empty place on the surface")

    # -- results ------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        """Show what an accepted action does (open the message, go to the next page)."""

    def reject(self, action: Action) -> None:
        """Show what the real site would show for a wrong answer (a message by the field)."""

    def field_focused(self, field: Any) -> None:
        """A field got the keyboard: bring it into view (a page that scrolls)."""

    def shown_messages(self) -> list[str]:
        """The site's messages on screen now (validation under fields), for the robot."""
        typist = getattr(self, "typist", None)
        return [f.error for f in typist.fields.values() if f.error] if typist is not None else []

    def reset_input(self) -> None:
        """Forget everything the learner typed (end of attempt, end of session)."""
