"""The learner's eye: what a person sees when a step's instruction shows.

The robot learner knows where every target is; a person only sees what is drawn. When a
step is shown (before the learner scrolls anything), a person can act only if the
target the step names is

- entirely inside the visible practice area: not below the fold, not clipped by the
  page's scroll view or by the practice frame;
- not covered by anything drawn over it: the on-screen keyboard, a banner, a card, the
  ghost hand;
- drawn large enough to see and touch: at least ``MIN_PX`` on its smaller side;
- on a short screen (≤ 900 px high) inside a practice area of at least 70 % of the height;

and the instruction's own words are not cut. A step whose exercise *is* to scroll
(``action: scroll_to``, or ``scroll_first: true`` in the step) needs its scroll area in
view instead, and an instruction that says to scroll (checked by the loader).

``look(player)`` returns the problems found, in plain words (empty when a person would
see what the voice names). It reads the widget tree and measures text; it touches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kivy.core.text import Label as CoreLabel
from kivy.core.window import Window
from kivy.graphics import BorderImage, Ellipse, Line, Mesh, Rectangle, RoundedRectangle
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.stencilview import StencilView

MIN_PX = 64
PRACTICE_SHARE = 0.70  # on a short screen the practice area keeps this much of the height
SHORT = 900  # px: a screen this high or lower is short (a 1280×800 terminal)
SLACK = 1.0  # a pixel of rounding between layout and drawing is not a cut

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in window pixels
DRAWING = (Rectangle, RoundedRectangle, Ellipse, Line, Mesh, BorderImage)


def window_rect(widget: Any) -> Rect:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def _meet(a: Rect, b: Rect) -> Rect:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _inside(inner: Rect, outer: Rect) -> bool:
    return (inner[0] >= outer[0] - SLACK and inner[1] >= outer[1] - SLACK
            and inner[2] <= outer[2] + SLACK and inner[3] <= outer[3] + SLACK)


def _overlap(a: Rect, b: Rect) -> float:
    m = _meet(a, b)
    return max(0.0, m[2] - m[0]) * max(0.0, m[3] - m[1])


def _shown(widget: Any) -> bool:
    """Drawn at all: every ancestor is opaque enough and the widget is on the window."""
    if widget.get_root_window() is None:
        return False
    w = widget
    while w is not None and w is not Window:
        if w.opacity <= 0.05:
            return False
        parent = w.parent
        w = None if parent is w else parent
    return True


def visible_area(widget: Any, frame: Any = None) -> Rect:
    """The part of the window where ``widget`` can be seen: the practice frame (if
    given), cut by every scroll view (or stencil) around the widget, and the window."""
    area = (0.0, 0.0, float(Window.width), float(Window.height))
    if frame is not None:
        area = _meet(window_rect(frame), area)
    parent = widget.parent
    while parent is not None and parent is not Window and parent is not frame:
        if isinstance(parent, (ScrollView, StencilView)):
            area = _meet(area, window_rect(parent))
        parent = parent.parent
    return area


def _draws(widget: Any) -> bool:
    """The widget paints something itself (a background, a line, a text, a picture)."""
    for group in (widget.canvas.before, widget.canvas, widget.canvas.after):
        if group is None:
            continue
        for instruction in group.children:
            if isinstance(instruction, DRAWING):
                return True
    return False


def _drawn_after(target: Any) -> Iterator[Any]:
    """Every widget painted over ``target``: after it in drawing order, neither one of its
    ancestors (whose frame it sits in) nor inside it."""
    ancestors = set()
    w = target.parent
    while w is not None and w is not Window:
        ancestors.add(id(w))
        w = w.parent
    inside = {id(w) for w in target.walk(restrict=True)}
    seen_target = False

    def order(widget: Any) -> Iterator[Any]:
        yield widget
        for child in reversed(widget.children):  # the first child added is painted first
            yield from order(child)

    for root in reversed(Window.children):  # the app's root first, then cards over it
        for widget in order(root):
            if widget is target:
                seen_target = True
                continue
            if seen_target and id(widget) not in ancestors and id(widget) not in inside:
                yield widget


def covered_by(target: Any, frame: Any) -> list[str]:
    """What is painted over the target where a person would look for it."""
    from kiosk.ui.guide import Guide

    box = _meet(window_rect(target), visible_area(target, frame))
    size = max(1.0, (box[2] - box[0]) * (box[3] - box[1]))
    found = []
    for widget in _drawn_after(target):
        if isinstance(widget, Guide) or not _draws(widget) or not _shown(widget):
            continue  # the guide's frame is drawn around a target, never over it
        if isinstance(widget, Label) and not widget.text.strip():
            continue
        seen = _meet(window_rect(widget), visible_area(widget))
        if _overlap(box, seen) > 0.08 * size:
            found.append(_describe(widget))
    return found


def _describe(widget: Any) -> str:
    name = getattr(widget, "name", "") or getattr(widget, "target", "")
    text = getattr(widget, "text", "")
    label = f" '{name}'" if name else (f" «{text[:24]}»" if isinstance(text, str) and text else "")
    return f"{type(widget).__name__}{label}"


def words_cut(label: Any) -> bool:
    """Whether a label shows fewer words than it holds: wrapped lines taller than its box,
    or one line wider than its box."""
    if not label.text.strip() or label.width <= 1 or label.height <= 1:
        return False
    wrap = label.text_size[0] if label.text_size and label.text_size[0] else None
    core = CoreLabel(text=label.text, font_name=label.font_name, font_size=label.font_size,
                     bold=label.bold, line_height=label.line_height,
                     text_size=(wrap, None), padding=label.padding)
    core.refresh()
    width, height = core.texture.size if core.texture is not None else (0, 0)
    if wrap is None:
        return width > label.width + 2 * SLACK
    return height > label.height + 2 * SLACK


def named_targets(player: Any) -> list[tuple[str, Any]]:
    """What the step now shown names, as a person looks for it: each target's name and
    the widget seen for it (None when it is not on the screen) — the target and a drag's
    destination, or the area to scroll when scrolling is the task."""
    surface, runner = player.surface, player.runner
    if surface is None or runner is None or runner.finished:
        return []
    expect = runner.step.expect
    if runner.step.learner_scrolls:
        return [("the area to scroll", surface.scroll)] if surface.scroll is not None else []
    names = [n for n in (expect.target, expect.to) if n]
    return [(name, surface.seen_as(name)) for name in names]


def look(player: Any) -> list[str]:
    """The problems a person would meet on the step now shown (empty: none)."""
    problems: list[str] = []
    surface, runner = player.surface, player.runner
    if surface is None or runner is None or runner.finished:
        return problems
    frame = player.ids.surface_area
    if Window.height <= SHORT and frame.height < PRACTICE_SHARE * Window.height - SLACK:
        problems.append(f"the practice area is {frame.height / Window.height:.0%} of the height "
                        f"(at least {PRACTICE_SHARE:.0%})")
    instruction = player.ids.instruction
    if words_cut(instruction):
        problems.append(f"the instruction «{instruction.text[:40]}» is cut")
    title = player.ids.get("title")
    if title is not None and words_cut(title):
        problems.append(f"the title «{title.text[:40]}» is cut")
    for what, widget in named_targets(player):
        if widget is None or not _shown(widget):
            problems.append(f"'{what}' is not on the screen")
            continue
        rect = window_rect(widget)
        if not _inside(rect, visible_area(widget, frame)):
            problems.append(f"'{what}' is not entirely in view (below the fold or cut)")
        side = min(rect[2] - rect[0], rect[3] - rect[1])
        if side < MIN_PX - SLACK:
            problems.append(f"'{what}' is drawn at {side:.0f} px (at least {MIN_PX})")
        over = covered_by(widget, frame)
        if over:
            problems.append(f"'{what}' is covered by {', '.join(sorted(set(over)))}")
    return problems
