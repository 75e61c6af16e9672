"""The ``desktop`` surface: objects, folders and documents, a long list, a context menu.

Gestures are recognised here, as a desktop would: a single click on something that opens
waits for a possible second click; a touch held still is a long press; a right click is
the mouse's long press; moving a held object drags it; the wheel or a swipe scrolls.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.desktop import Desk
from kiosk.engine.surfaces.desktop import DeskObject as DeskItem
from kiosk.engine.surfaces.desktop import ListRow as ListItem
from kiosk.ui.surfaces.base import Surface, label_of, load_kv

DRAG_START = dp(18)


class DeskObject(BoxLayout):
    """An object on the desk: picture and name; a folder may open, a document may move."""

    target = StringProperty("")
    kind = StringProperty("object")
    picture = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    lit = BooleanProperty(False)
    item = ObjectProperty(None, allownone=True)


class ListRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    picture = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    lit = BooleanProperty(False)
    item = ObjectProperty(None, allownone=True)


class MenuOption(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    picture = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    item = ObjectProperty(None, allownone=True)


class ContextMenu(BoxLayout):
    pass


class DesktopSurface(Surface):
    """A simulated computer desktop built from a scenario fixture."""

    path = ListProperty([])  # opened folders, e.g. ["Factures"]

    def __init__(self, fixture: Desk, **kwargs: Any) -> None:
        self._pending_tap: Any = None
        self._menu: ContextMenu | None = None
        self._visible: frozenset[str] = frozenset()
        self._scrolled = False
        super().__init__(fixture, **kwargs)
        if fixture.objects:
            self._show_objects(fixture.objects)
        if fixture.list:
            self._show_list(fixture.list)

    def empty_spot(self) -> tuple[float, float]:
        desk = self.ids.desk
        for fx in (0.05, 0.95, 0.5):
            for fy in (0.06, 0.94, 0.5):
                x, y = desk.to_window(desk.x + desk.width * fx, desk.y + desk.height * fy)
                if self.object_at(*desk.to_widget(x, y)) is None:
                    return x, y
        raise RuntimeError("no empty place on the desk")

    def relabel(self) -> None:
        """The learner's "screen in my language" toggle: every name on the screen follows."""
        for widget in self.targets.values():
            if getattr(widget, "item", None) is not None:
                self._label(widget)

    def _label(self, widget: Any) -> None:
        widget.text = label_of(widget.item.label, self.surface_language)
        widget.lang = self.words_lang(widget.item.label)

    # -- building ------------------------------------------------------------------
    def _show_objects(self, objects: Sequence[DeskItem]) -> None:
        app: Any = App.get_running_app()
        desk = self.ids.desk
        for widget in list(desk.children):
            desk.remove_widget(widget)
        self.targets = {k: v for k, v in self.targets.items() if not k.startswith("object.")}
        for obj in objects:
            widget = DeskObject(target=f"object.{obj.id}", kind=obj.kind,
                                picture=app.picto(obj.pictogram or "help"), item=obj)
            self._label(widget)
            size = float(obj.size)
            widget.size_hint = (None, None)
            widget.pos_hint = {"center_x": float(obj.x), "center_y": 1 - float(obj.y)}
            desk.bind(height=lambda _d, h, w=widget, s=size: self._size_object(w, s, h))
            self._size_object(widget, size, desk.height)
            desk.add_widget(widget)
            self.targets[widget.target] = widget

    @staticmethod
    def _size_object(widget: DeskObject, share: float, height: float) -> None:
        side = max(dp(64), share * height)
        widget.size = (side * 1.3, side)

    def _show_list(self, items: Sequence[ListItem]) -> None:
        app: Any = App.get_running_app()
        self.scroll = ScrollView(size_hint=(0.6, 0.96), pos_hint={"center_x": 0.5, "center_y": 0.5},
                                 bar_width=dp(24), scroll_type=["bars", "content"],
                                 scroll_wheel_distance=dp(160), bar_color=(0.08, 0.13, 0.24, 0.9),
                                 bar_inactive_color=(0.08, 0.13, 0.24, 0.5))
        grid = GridLayout(cols=1, size_hint_y=None, spacing=dp(8), padding=(dp(8), dp(8), dp(40), dp(8)))
        grid.bind(minimum_height=grid.setter("height"))
        for item in items:
            row = ListRow(target=f"list.{item.id}", picture=app.picto(item.pictogram or "help"),
                          item=item, size_hint_y=None, height=dp(110))
            self._label(row)
            row.bind(on_release=lambda r: self._emit(Action("tap", target=r.target)))
            grid.add_widget(row)
            self.targets[row.target] = row
        self.scroll.add_widget(grid)
        self.scroll.bind(scroll_y=lambda *_a: self._check_scroll())
        self.ids.desk.add_widget(self.scroll)

    # -- where things are ----------------------------------------------------------
    def target_widget(self, name: str | None) -> Any:
        """The widget showing ``name`` now, or None (closed folder, hidden menu)."""
        if name is None:
            return None
        widget = self.targets.get(name)
        if widget is None or widget.parent is None:
            return None
        return widget

    def visible(self, name: str) -> bool:
        widget = self.target_widget(name)
        if widget is None:
            return False
        if self.scroll is not None and name.startswith("list."):
            return name in self._fully_visible()
        return True

    def reveal(self, name: str) -> None:
        """A list row the step names shows whole: a finger's swipe keeps gliding after the
        step is done and can carry the row half out of view."""
        widget = self.target_widget(name)
        if self.scroll is None or widget is None or not name.startswith("list."):
            return
        sv = self.scroll
        self._hold(max(0.0, min(1.0, sv.scroll_y)))  # stop the glide, and any pull past the end
        if name not in self._fully_visible():
            sv.scroll_to(widget, padding=dp(12), animate=False)
            self._hold(sv.scroll_y)

    def _hold(self, scroll_y: float) -> None:
        """Keep the list at ``scroll_y``: Kivy's scroll effect keeps its own position and
        would carry on gliding from it (``cancel()`` lets a glide finish), so it is stopped
        and put at the same place."""
        sv = self.scroll
        effect = sv.effect_y
        effect.velocity = 0
        sv.scroll_y = scroll_y
        effect.value = effect.max * scroll_y
        sv.update_from_scroll()

    def _fully_visible(self) -> frozenset[str]:
        assert self.scroll is not None
        sv = self.scroll
        top = sv.to_window(sv.x, sv.top)[1]
        bottom = sv.to_window(sv.x, sv.y)[1]
        out = set()
        for name, row in self.targets.items():
            if not name.startswith("list."):
                continue
            y0 = row.to_window(row.x, row.y)[1]
            y1 = row.to_window(row.x, row.top)[1]
            if y0 >= bottom - 1 and y1 <= top + 1:
                out.add(name)
        return frozenset(out)

    def object_at(self, x: float, y: float, exclude: Any = None) -> DeskObject | None:
        for widget in self.ids.desk.children:
            if isinstance(widget, DeskObject) and widget is not exclude and widget.collide_point(x, y):
                return widget
        return None

    # -- gestures --------------------------------------------------------------------
    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if self._menu is not None and self._menu.parent is not None:
            return super().on_touch_down(touch)  # menu options are buttons
        if self.scroll is not None and self.scroll.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        button = getattr(touch, "button", None) or "left"
        if button.startswith("scroll"):
            return True
        obj = self.object_at(*touch.pos)
        touch.grab(self)
        touch.ud["desk"] = {"obj": obj, "start": touch.pos, "t": time.monotonic(),
                            "dragging": False, "done": False}
        if button == "right":
            touch.ud["desk"]["done"] = True
            self._emit(Action("long_press", target=obj.target if obj else None))
        elif touch.device != "mouse":
            touch.ud["desk"]["long"] = Clock.schedule_once(
                lambda _dt: self._long_press(touch), self.long_press_time)
        return True

    def _long_press(self, touch: Any) -> None:
        state = touch.ud.get("desk")
        if state and not state["dragging"] and not state["done"]:
            state["done"] = True
            obj = state["obj"]
            self._emit(Action("long_press", target=obj.target if obj else None))

    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_move(touch)
        state = touch.ud["desk"]
        obj = state["obj"]
        if state["done"] or obj is None or obj.kind == "folder":
            return True
        dx, dy = touch.x - state["start"][0], touch.y - state["start"][1]
        if not state["dragging"] and (dx * dx + dy * dy) ** 0.5 > DRAG_START:
            state["dragging"] = True
            self._cancel_long(state)
            state["home"] = dict(obj.pos_hint)
            obj.pos_hint = {}
            obj.parent.remove_widget(obj)
            self.ids.desk.add_widget(obj)  # on top while dragged
        if state["dragging"]:
            obj.center = touch.pos
            for other in self.ids.desk.children:
                if isinstance(other, DeskObject) and other is not obj:
                    other.lit = other.kind == "folder" and other.collide_point(*touch.pos)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        state = touch.ud["desk"]
        self._cancel_long(state)
        obj = state["obj"]
        if state["dragging"]:
            drop = self.object_at(*touch.pos, exclude=obj)
            for other in self.ids.desk.children:
                if isinstance(other, DeskObject):
                    other.lit = False
            state["drop"] = drop
            self._emit(Action("drag", target=obj.target, to=drop.target if drop else None))
            if obj.parent is not None and obj.pos_hint == {}:
                obj.pos_hint = state["home"]  # not accepted: it goes back home
            return True
        if state["done"]:
            return True
        target = obj.target if obj else None
        if getattr(touch, "is_double_tap", False) and self._pending_tap is not None:
            self._pending_tap.cancel()
            self._pending_tap = None
            self._emit(Action("double_tap", target=target))
        elif obj is not None and obj.kind in ("folder", "document"):
            # something that opens: wait to see whether a second click follows
            if self._pending_tap is not None:
                self._pending_tap.cancel()
            self._pending_tap = Clock.schedule_once(
                lambda _dt: self._flush_tap(target), self.double_click_time)
        else:
            self._emit(Action("tap", target=target))
        return True

    def _flush_tap(self, target: str | None) -> None:
        self._pending_tap = None
        self._emit(Action("tap", target=target))

    @staticmethod
    def _cancel_long(state: dict[str, Any]) -> None:
        event = state.pop("long", None)
        if event is not None:
            event.cancel()

    def _check_scroll(self) -> None:
        visible = self._fully_visible()
        if visible - self._visible:
            self._emit(Action("scroll_to", visible=visible))
        self._visible = self._visible | visible

    def _emit(self, action: Action) -> None:
        self.dispatch("on_action", action)

    # -- showing what an accepted action does -----------------------------------------------
    def accept(self, action: Action) -> None:
        widget = self.target_widget(action.target)
        if action.kind == "double_tap" and widget is not None:
            if widget.kind == "folder":
                self.path.append(widget.text)
                self._show_objects(widget.item.contents)
            else:
                self._open_document(widget)
        elif action.kind == "drag" and widget is not None:
            folder = self.target_widget(action.to)
            Animation.cancel_all(widget)
            anim = Animation(center=folder.center if folder else widget.center, size=(1, 1),
                             opacity=0, duration=0.35)
            anim.bind(on_complete=lambda *_a: widget.parent and widget.parent.remove_widget(widget))
            anim.start(widget)
        elif action.kind == "long_press" and widget is not None and widget.item.menu:
            self._open_menu(widget)
        elif action.kind == "choose":
            self._close_menu()
        elif action.kind == "scroll_to" and self.scroll is not None:
            # found: stop the list where it is, so the item stays in view
            self.scroll.effect_y.velocity = 0
            self.scroll.effect_y.cancel()
        if widget is not None and hasattr(widget, "lit"):
            widget.lit = False

    def _open_document(self, widget: DeskObject) -> None:
        app: Any = App.get_running_app()
        page = BoxLayout(orientation="vertical", size_hint=(0.5, 0.8),
                         pos_hint={"center_x": 0.5, "center_y": 0.5}, padding=dp(20))
        from kivy.uix.image import Image
        from kivy.uix.label import Label

        page.add_widget(Label(text=widget.text, font_size=dp(30), bold=True, size_hint_y=0.2))
        page.add_widget(Image(source=app.picto(widget.item.pictogram or "document")))
        with page.canvas.before:
            from kivy.graphics import Color, Line, Rectangle

            Color(1, 1, 1, 1)
            rect = Rectangle(pos=page.pos, size=page.size)
            Color(0.08, 0.13, 0.24, 1)
            line = Line(rectangle=(*page.pos, *page.size), width=dp(2))
        page.bind(pos=lambda *_a: self._fit(rect, line, page), size=lambda *_a: self._fit(rect, line, page))
        self.ids.desk.add_widget(page)

    @staticmethod
    def _fit(rect: Any, line: Any, page: Any) -> None:
        rect.pos, rect.size = page.pos, page.size
        line.rectangle = (*page.pos, *page.size)

    def _open_menu(self, widget: DeskObject) -> None:
        app: Any = App.get_running_app()
        self._close_menu()
        menu = ContextMenu(size_hint=(None, None), width=dp(360))
        for option in widget.item.menu:
            opt = MenuOption(target=f"menu.{option.id}",
                             picture=app.picto(option.pictogram or "help"), item=option,
                             size_hint_y=None, height=dp(84))
            self._label(opt)
            opt.bind(on_release=lambda o: self._emit(Action("choose", target=o.target)))
            menu.add_widget(opt)
            self.targets[opt.target] = opt
        menu.height = len(widget.item.menu) * dp(90) + dp(12)
        # beside the object, on the side reading goes on to (the left when mirrored)
        if self.mirrored:
            menu.right = max(widget.x, self.x + menu.width)
        else:
            menu.x = min(widget.right, self.right - menu.width)
        menu.top = min(widget.center_y + menu.height / 2, self.top)
        self._menu = menu
        self.ids.desk.add_widget(menu)

    def _close_menu(self) -> None:
        if self._menu is not None and self._menu.parent is not None:
            self._menu.parent.remove_widget(self._menu)


SURFACE = DesktopSurface
load_kv(__file__)
