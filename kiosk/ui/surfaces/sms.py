"""The sms surface: a phone's messages app, drawn as a phone in the middle of the screen.

The list shows each conversation (who, its first words, when, unread in bold with a
dot). Touching one opens its bubbles; a link in a conversation marked ``fraud`` opens a
calm warning page ("this link may have been a trap; nothing was opened"), never a
disaster. An open conversation has "Signaler" and "Supprimer" below it; in the list, a
long press (or the mouse's right button) opens the same two choices at the bottom of
the screen. Reporting or deleting shows a confirmation banner.

As on every surface, the screen changes when the engine accepts an action (``accept``);
a touch on a trap link shows the warning whether or not the step asked for it.

Beside a website with ``after:`` (a code sent by SMS), the first conversation of the
list waits: it arrives, on top of the list, once the site's button has sent it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.sms import WORDS, Phone
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneSurface, PressRow

CHROME: Mapping[str, dict[str, str]] = WORDS  # the app's own words: kiosk.engine.surfaces.sms


class ThreadRow(PressRow):
    """A conversation in the list: touched, it opens; held, it offers its menu."""

    sender = StringProperty("")
    sender_lang = StringProperty("fr")
    preview = StringProperty("")
    preview_lang = StringProperty("fr")
    time = StringProperty("")
    unread = BooleanProperty(False)
    reported = BooleanProperty(False)
    unit = NumericProperty(20)
    tag = StringProperty("")
    tag_lang = StringProperty("fr")


class Bubble(BoxLayout):
    """One received message: its words, and its link when it has one."""

    words = StringProperty("")
    lang = StringProperty("fr")
    time = StringProperty("")
    unit = NumericProperty(20)


class SmsLink(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    address = StringProperty("")
    unit = NumericProperty(20)


class MenuSheet(BoxLayout):
    """The long-press menu, over the bottom of the list: what lies under it is covered."""

    def on_touch_down(self, touch: Any) -> bool:
        return bool(super().on_touch_down(touch)) or self.collide_point(*touch.pos)


class SmsSurface(PhoneSurface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    banner = StringProperty("")  # the confirmation banner's chrome key ("" = none)
    open_sender = StringProperty("")
    open_sender_lang = StringProperty("fr")
    open_reported = BooleanProperty(False)
    menu_sender = StringProperty("")

    def __init__(self, fixture: Phone, **kwargs: Any) -> None:
        self._rows: dict[str, ThreadRow] = {}
        super().__init__(fixture, **kwargs)
        self.threads = {thread.id: thread for thread in fixture.threads}
        self.unread = {tid for tid, thread in self.threads.items() if thread.unread}
        self.reported: set[str] = set()
        self.deleted: set[str] = set()
        self.held: set[str] = set()  # beside a site: the message the site has not sent yet
        self.open_id: str | None = None  # the conversation on screen (None: the list)
        self.menu_id: str | None = None  # the conversation whose menu is open
        self.warning = False
        ids = self.ids
        self.unpark()
        self.register_buttons("button.back", "button.report", "button.delete",
                              "menu.report", "menu.delete", "warning.back")
        for tid, thread in self.threads.items():
            row = ThreadRow(time=thread.time, hold_time=self.long_press_time,
                            size_hint_y=None, unit=self.unit)
            self.bind(unit=row.setter("unit"))
            row.bind(on_tap=lambda r, tid=tid: self.emit(Action("tap", target=f"thread.{tid}")),
                     on_hold=lambda r, tid=tid: self.emit(Action("long_press", target=f"thread.{tid}")))
            self.register(f"thread.{tid}", row)
            self._rows[tid] = row
            ids.rows.add_widget(row)
        self.relabel()
        self._show()

    # -- words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not self._rows:
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        for name in ("button.report", "button.delete", "menu.report", "menu.delete", "warning.back"):
            widget = self.targets[name]
            widget.text, widget.lang = self.words_of[name]
        for tid, row in self._rows.items():
            thread = self.threads[tid]
            first = thread.messages[0].text if thread.messages else ""
            row.sender, row.sender_lang = self.words(thread.sender), self.words_lang(thread.sender)
            row.preview, row.preview_lang = self.words(first), self.words_lang(first)
            row.tag, row.tag_lang = self.words_of["tag.reported"]
        if self.open_id is not None:
            self._fill_thread(self.open_id)

    # -- what is on screen -----------------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        for tid, row in self._rows.items():
            row.unread = tid in self.unread
            row.reported = tid in self.reported
            if (tid in self.deleted or tid in self.held) and row.parent is not None:
                row.parent.remove_widget(row)
            elif tid not in self.deleted and tid not in self.held and row.parent is None:
                ids.rows.add_widget(row, index=len(ids.rows.children))  # arrived: on top
        if self.warning:
            page = ids.warning_page
        elif self.open_id is not None:
            page = ids.thread_page
        else:
            page = ids.list_page
        ids.phone.show(page)
        sheet = ids.sheet
        if self.menu_id is not None and self.open_id is None and not self.warning:
            thread = self.threads[self.menu_id]
            self.menu_sender = self.words(thread.sender)
            if sheet.parent is None:
                ids.list_page.add_widget(sheet)
        elif sheet.parent is not None:
            sheet.parent.remove_widget(sheet)

    def _fill_thread(self, tid: str) -> None:
        thread = self.threads[tid]
        self.open_sender = self.words(thread.sender)
        self.open_sender_lang = self.words_lang(thread.sender)
        self.open_reported = tid in self.reported
        box = self.ids.bubbles
        box.clear_widgets()
        for message in thread.messages:
            bubble = Bubble(words=self.words(message.text), lang=self.words_lang(message.text),
                            time=message.time or thread.time, unit=self.unit)
            if message.link:
                link = SmsLink(address=message.link, unit=self.unit)
                link.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
                self.register(f"link.{message.id}", link)
                bubble.ids.links.add_widget(link)
            box.add_widget(bubble)

    def on_unit(self, *_a: Any) -> None:
        if getattr(self, "open_id", None) is not None:
            self._fill_thread(str(self.open_id))  # the bubbles follow the screen's size

    def reveal(self, name: str) -> None:
        """A target hidden by the warning page is shown again (the hint points at it)."""
        if self.warning and name != "warning.back":
            self.close_warning()

    def close_warning(self) -> None:
        """The warning page's own button: back to the message. Nothing to judge: a way back."""
        self.warning = False
        self._show()

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    def choose(self, name: str) -> None:
        self.emit(Action("choose", target=name))

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        self.banner = ""
        if family == "thread" and action.kind == "long_press":
            self.menu_id = ident
        elif family == "thread":
            self.menu_id = None
            self.open_id = ident
            self.unread.discard(ident)
            self._fill_thread(ident)
        elif target == "button.back":
            self.open_id = None
        elif target in ("button.report", "menu.report"):
            which = self.open_id if target == "button.report" else self.menu_id
            if which is not None:
                self.reported.add(which)
                self.open_reported = which == self.open_id
            self.menu_id = None
            self.banner = "banner.report"
        elif target in ("button.delete", "menu.delete"):
            which = self.open_id if target == "button.delete" else self.menu_id
            if which is not None:
                self.deleted.add(which)
            self.open_id = None
            self.menu_id = None
            self.banner = "banner.delete"
        elif family == "link":
            self._open_link(ident)
        self._show()

    def reject(self, action: Action) -> None:
        target = action.target or ""
        if target.startswith("link."):
            self._open_link(target.partition(".")[2])
            self._show()

    def _open_link(self, message_id: str) -> None:
        """A trap link shows the calm warning; a genuine one changes nothing here."""
        for thread in self.threads.values():
            if any(message.id == message_id for message in thread.messages):
                self.warning = thread.fraud

    # -- beside a website ------------------------------------------------------------------------
    def hold(self) -> None:
        """The first conversation waits: the site has not sent its message yet."""
        first = next(iter(self.threads), None)
        self.held = {first} if first is not None else set()
        self._show()

    def wake(self) -> None:
        """The site sent it: the message arrives, on top of the list."""
        self.held = set()
        self._show()

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(20), self.y + dp(20))


SURFACE = SmsSurface
load_kv(__file__)
