"""The phone_id surface: a website on the computer (left) and the identity app "MonID" on
the phone (right).

The site asks for the phone number (typed on the on-screen AZERTY, which then covers the
bottom of the screen while the phone waits aside), then shows a code of pictures; the
phone gets a notification, the app shows who asks, what for, and the same pictures; the
learner confirms and types the PIN on the app's keypad. A site that never asked leaves
the request on the phone unstarted: the right answer is to refuse it.

What changes on the screen follows accepted actions (``accept``); a rejected action shows
what the real app would say, calmly (``reject``): a wrong PIN, a confirmation of a
request the learner did not start, a refusal of their own request. The PIN lives only in
this widget until it is judged, then it is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.image import Image

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.phone_id import WORDS, Login
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneButton, PhoneSurface
from kiosk.ui.surfaces.typing import TYPING_CHROME, PracticeField, TypingSurface, Typist, show_error

PIN_FIELD = "field.pin"

# the keyboard's words and the site's and the app's own (kiosk.engine.surfaces.phone_id)
CHROME: dict[str, dict[str, str]] = {**TYPING_CHROME, **WORDS}


class PhoneIdSurface(TypingSurface, PhoneSurface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # every drawn text: key → (words, language)
    typing = BooleanProperty(False)  # the site's field has the keyboard (the phone waits aside)
    pin_value = StringProperty("")  # the PIN being typed: in memory only, dropped once judged
    pin_length = NumericProperty(5)
    notice = StringProperty("")  # the app's calm explanation after a rejected choice ("" = none)
    unit = NumericProperty(20)  # the text size on this surface; it follows the screen's height
    site_address = StringProperty("")

    def __init__(self, fixture: Login, **kwargs: Any) -> None:
        super().__init__(fixture, **kwargs)
        self.started = fixture.asks_number
        self.pin_length = len(fixture.pin or "12345")
        self.site_stage = "ask" if self.started else "idle"  # ask → wait → done
        self.phone_stage = "lock"  # lock → request → pin → done | refused
        self.has_notice = not self.started  # a request nobody asked for is already there
        self.number_ok = False  # the site took the phone number: its field is done
        self.site_address = fixture.site.address or "site.example"
        ids = self.ids
        self.unpark()
        self.keyboard = ids.keyboard
        self.keyboard.parent.remove_widget(self.keyboard)
        self.typist = Typist(self)
        self.field: PracticeField | None = None
        if fixture.site.field is not None:
            item = fixture.site.field
            self.field = PracticeField(item=item)
            self.typist.add(f"field.{item.id}", self.field)
            ids.site_field.add_widget(self.field)
            self.keyboard.build(self)
        self.register("button.login", ids.login)
        self.register("phone.notification", ids.notification)
        self.register("phone.confirm", ids.confirm)
        self.register("phone.refuse", ids.refuse)
        self.register(PIN_FIELD, ids.pin_page)
        self._build_keypad()
        for box in (ids.site_code, ids.app_code):
            self._fill_code(box)
        self.relabel()
        self._show()
        if self.field is not None:
            self.typist.focus(self.field)  # one field: the keyboard writes in it at once

    # -- building --------------------------------------------------------------------------
    def _build_keypad(self) -> None:
        pad = self.ids.keypad
        for name in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0"):
            key = PhoneButton(font_size=dp(30), bold=True, size_hint_min_y=dp(64))
            key.bind(on_release=lambda _b, name=name: self.press_pin(name))
            self.register(f"pin.{name}", key)
            pad.add_widget(key)
        from kivy.uix.widget import Widget

        pad.add_widget(Widget())

    def _fill_code(self, box: Any) -> None:
        app: Any = App.get_running_app()
        for name in self.fixture.request.code:
            box.add_widget(Image(source=app.picto(str(name)), fit_mode="contain"))

    def relabel(self) -> None:
        if not hasattr(self, "typist"):
            return  # the language was set while the base class was still building
        site, request = self.fixture.site, self.fixture.request
        words: dict[str, tuple[str, str]] = {}
        for key, said in (("name", site.name), ("title", site.title), ("text", site.text)):
            words[f"site.{key}"] = (self.words(said), self.words_lang(said)) if said else ("", "fr")
        for key, said in (("from", request.asker), ("what", request.what)):
            words[f"request.{key}"] = (self.words(said), self.words_lang(said))
        for key in CHROME:
            if key.startswith(("site.", "app.", "notice.")):
                words[key] = (self.chrome(key), self.chrome_lang(key))
        self.words_of = words
        self.ids.login.text, self.ids.login.lang = words["site.login"]
        self.ids.confirm.text, self.ids.confirm.lang = words["app.confirm"]
        self.ids.refuse.text, self.ids.refuse.lang = words["app.refuse"]
        for name_, key in (("pin.back", "key.backspace"),):
            self.targets[name_].text = self.chrome(key)
            self.targets[name_].lang = self.chrome_lang(key)
        for digit in "0123456789":
            self.targets[f"pin.{digit}"].text = digit
        if self.field is not None:
            item = self.field.item
            self.field.label_text, self.field.label_lang = self.words(item.label), self.words_lang(item.label)
            self.field.placeholder = self.words(item.placeholder)
            self.keyboard.build(self)

    # -- what is on screen -----------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        self.typing = self.site_stage == "ask" and not self.number_ok and self.typist.focused is not None
        site_pages = {"ask": ids.site_ask, "wait": ids.site_wait, "done": ids.site_done, "idle": None}
        slot = ids.site_slot
        page = site_pages[self.site_stage]
        if page is None or page.parent is not slot:
            slot.clear_widgets()
            if page is not None:
                slot.add_widget(page)
        top = ids.top
        if self.typing:
            if ids.phone_side.parent is not None:
                top.remove_widget(ids.phone_side)
            if self.keyboard.parent is None:
                ids.body.add_widget(self.keyboard)
        else:
            if self.keyboard.parent is not None:
                self.keyboard.parent.remove_widget(self.keyboard)
            if ids.phone_side.parent is None:
                top.add_widget(ids.phone_side)
        phone_pages = {"lock": ids.lock_page, "request": ids.request_page, "pin": ids.pin_page,
                       "done": ids.done_page, "refused": ids.refused_page}
        ids.phone.show(phone_pages[self.phone_stage])
        notice = ids.notification
        if self.phone_stage == "lock" and self.has_notice:
            if notice.parent is None:
                ids.notice_slot.add_widget(notice)
        elif notice.parent is not None:
            notice.parent.remove_widget(notice)

    def field_focused(self, field: Any) -> None:
        if self.site_stage != "ask" or self.number_ok or field is not self.field:
            Clock.schedule_once(lambda _dt: self.typist.focus(None, confirm=False), 0)
            return
        self._show()
        Clock.schedule_once(lambda _dt: self._scroll_to(field), 0)

    def _scroll_to(self, widget: Any) -> None:
        page = self.ids.page
        if widget.get_root_window() is None or page.height <= 1:
            return
        if self.ids.page_box.height > page.height:
            # the field with its message whole above the keyboard first, then some margin
            margin = min(dp(6), max(0, (page.height - widget.height) / 2))
            page.scroll_to(widget, padding=margin, animate=False)

    def reveal(self, name: str) -> None:
        """The site's page may scroll on a short screen: bring its field or button into view."""
        widget = self.targets.get(name)
        on_site = name == "button.login" or (name.startswith("field.") and name != PIN_FIELD)
        if widget is not None and on_site:
            self._scroll_to(widget)

    # -- touches -----------------------------------------------------------------------------
    def tap_login(self) -> None:
        if self.typist.focused is not None and self.typist.focused.value:
            self.typist.focus(None)  # leaving a typed field confirms it, as on a real site
        self.emit(Action("tap", target="button.login"))

    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    def press_pin(self, name: str) -> None:
        """A key of the app's PIN pad; the last digit sends the whole PIN to be judged."""
        if name == "back":
            self.pin_value = self.pin_value[:-1]
            return
        if len(self.pin_value) >= self.pin_length:
            return
        self.notice = ""
        self.pin_value += name
        if len(self.pin_value) == self.pin_length:
            typed, self.pin_value = self.pin_value, ""
            self.emit(Action("type", target=PIN_FIELD, text=typed))

    def keys_for(self, target: str, text: str, clear: bool = False) -> list[str] | None:
        """The keys the robot presses to type ``text`` in ``target``: the app's own keypad
        for the PIN (None: the site's field, typed on the AZERTY keyboard). A slip with no
        digit in it (the robot's mistake, "x") becomes a whole wrong PIN."""
        if target != PIN_FIELD:
            return None
        keys = ["pin.back"] * len(self.pin_value) if clear else []
        digits = "".join(c for c in text if c.isdigit())
        if text and not digits:
            right = self.fixture.pin
            digits = "0" * self.pin_length if right != "0" * self.pin_length else "1" * self.pin_length
        return keys + [f"pin.{d}" for d in digits]

    # -- results -----------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        self.notice = ""
        if self.field is not None and target == self.field.target:
            self.field.error = ""
            self.number_ok = True
            self.typist.focus(None, confirm=False)
        elif target == "button.login":
            self.site_stage = "wait"
            self.has_notice = True
        elif target == "phone.notification":
            self.phone_stage = "request"
        elif target == "phone.confirm":
            self.phone_stage = "pin"
        elif target == "phone.refuse":
            self.phone_stage = "refused"
        elif target == PIN_FIELD:
            self.phone_stage = "done"
            if self.site_stage == "wait":
                self.site_stage = "done"
        self._show()

    def reject(self, action: Action) -> None:
        target = action.target or ""
        if self.field is not None and target in (self.field.target, "button.login") and not self.number_ok:
            show_error(self, self.field)
        elif target == "phone.confirm" and not self.started:
            self.notice = "app.not_started"
        elif target == "phone.refuse" and self.started:
            self.notice = "app.started"
        elif target == PIN_FIELD:
            self.notice = "app.pin_wrong"

    def reset_input(self) -> None:
        self.typist.forget()
        self.pin_value = ""


SURFACE = PhoneIdSurface
load_kv(__file__)
