"""The chat surface: a messaging app on a phone drawn in the middle of the screen.

The list shows conversations with contacts (an initial in a circle) and groups (a group
pictogram, "Groupe · 6 membres"). An open conversation has the name at the top, its
bubbles and a paperclip; the paperclip opens the phone's photos (pictograms, never real
photographs); a photo touched is shown big under "Envoyer à : <name>" with **Envoyer**;
once sent it is a new bubble in the conversation. One back arrow per page (the
conversation's, the photos', the preview's); the one on screen is ``button.back``.

As on every surface, the screen changes only when the engine accepts an action
(``accept``): a touch on the wrong conversation changes nothing, the help says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.chat import WORDS, Chat, ChatFixture
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneSurface, PressRow

CHROME: dict[str, dict[str, str]] = dict(WORDS)


class ChatRow(PressRow):
    """A conversation in the list: a contact's initial, or the group pictogram."""

    name = StringProperty("")
    name_lang = StringProperty("fr")
    line = StringProperty("")  # the last words, or "Groupe · 6 membres"
    line_lang = StringProperty("fr")
    time = StringProperty("")
    group = BooleanProperty(False)
    unit = NumericProperty(20)


class ChatBubble(BoxLayout):
    """One message: received on the reading side's start, the learner's on the other."""

    words = StringProperty("")
    lang = StringProperty("fr")
    time = StringProperty("")
    mine = BooleanProperty(False)
    picture = StringProperty("")  # a sent photo: its pictogram's file
    unit = NumericProperty(20)


class PhotoTile(ButtonBehavior, BoxLayout):
    """One of the phone's photos in the picker: a drawn picture and its words."""

    target = StringProperty("")
    picture = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")
    unit = NumericProperty(20)


class ChatSurface(PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    page = StringProperty("list")  # list | thread | picker | preview
    open_name = StringProperty("")  # the name at the top of the open conversation
    open_name_lang = StringProperty("fr")
    open_line = StringProperty("")  # under it: a group's members
    open_group = BooleanProperty(False)
    photo_picture = StringProperty("")  # the photo chosen, shown big
    photo_words = StringProperty("")
    photo_lang = StringProperty("fr")
    sent = BooleanProperty(False)  # the banner "Photo envoyée."

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self._rows: dict[str, ChatRow] = {}
        self.data: ChatFixture = fixture  # typed by kiosk.ui.surfaces.create
        super().__init__(fixture, **kwargs)
        self.open_id: str | None = self.data.open or None
        self.chosen: str | None = None
        self.sent_photos: list[tuple[str, str]] = []  # (conversation, photo) sent
        ids = self.ids
        self.unpark()
        self.register("button.attach", ids.attach)
        self.register("button.send", ids.send)
        for chat in self.data.chats:
            row = ChatRow(time=chat.time, group=chat.group, size_hint_y=None, unit=self.unit,
                          hold_time=self.long_press_time)
            self.bind(unit=row.setter("unit"))
            row.bind(on_tap=lambda _r, name=chat.target: self.emit(Action("tap", target=name)))
            self.register(chat.target, row)
            self._rows[chat.id] = row
            ids.rows.add_widget(row)
        app_pictures = self._picture
        for photo in self.data.photos:
            tile = PhotoTile(picture=app_pictures(photo.picture), unit=self.unit)
            self.bind(unit=tile.setter("unit"))
            tile.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
            self.register(f"photo.{photo.id}", tile)
            ids.photos.add_widget(tile)
        self.page = "thread" if self.open_id else "list"
        self.relabel()
        self._show()

    @staticmethod
    def _picture(name: str) -> str:
        from kivy.app import App

        app: Any = App.get_running_app()
        return str(app.picto(name)) if app is not None else ""

    # -- words -------------------------------------------------------------------------------
    def _members(self, chat: Chat) -> str:
        return f"{self.chrome('group')} · {self.chrome('members').format(n=chat.members)}"

    def relabel(self) -> None:
        if not self._rows:
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        self.ids.send.text, self.ids.send.lang = self.words_of["button.send"]
        for chat in self.data.chats:
            row = self._rows[chat.id]
            row.name, row.name_lang = self.words(chat.name), self.words_lang(chat.name)
            if chat.group:
                row.line, row.line_lang = self._members(chat), self.chrome_lang("members")
            elif chat.messages:
                last = chat.messages[-1].text
                row.line, row.line_lang = self.words(last), self.words_lang(last)
        for photo in self.data.photos:
            tile = self.targets[f"photo.{photo.id}"]
            tile.words, tile.lang = self.words(photo.label), self.words_lang(photo.label)
        self._fill()

    # -- what is on screen -----------------------------------------------------------------------
    def _fill(self) -> None:
        """The open conversation's name, bubbles and chosen photo."""
        chat = self.data.chat(self.open_id) if self.open_id else None
        if chat is None:
            return
        self.open_name, self.open_name_lang = self.words(chat.name), self.words_lang(chat.name)
        self.open_group = chat.group
        self.open_line = self._members(chat) if chat.group else ""
        box = self.ids.bubbles
        box.clear_widgets()
        for message in chat.messages:
            box.add_widget(ChatBubble(words=self.words(message.text), lang=self.words_lang(message.text),
                                      time=message.time, mine=message.mine, unit=self.unit))
        for where, photo_id in self.sent_photos:
            photo = next((p for p in self.data.photos if p.id == photo_id), None)
            if where == chat.id and photo is not None:
                box.add_widget(ChatBubble(words=self.words(photo.label), lang=self.words_lang(photo.label),
                                          mine=True, picture=self._picture(photo.picture), unit=self.unit))
        photo = next((p for p in self.data.photos if p.id == self.chosen), None)
        if photo is not None:
            self.photo_picture = self._picture(photo.picture)
            self.photo_words, self.photo_lang = self.words(photo.label), self.words_lang(photo.label)

    def on_unit(self, *_a: Any) -> None:
        if self._rows:
            self._fill()  # the bubbles follow the screen's size

    def _show(self) -> None:
        ids = self.ids
        pages = {"list": ids.list_page, "thread": ids.thread_page, "picker": ids.picker_page,
                 "preview": ids.preview_page}
        backs = {"thread": ids.back_thread, "picker": ids.back_picker, "preview": ids.back_preview}
        ids.phone.show(pages[self.page])
        # one back arrow on each page: the one on screen answers to button.back
        self.register("button.back", backs.get(self.page, ids.back_thread))

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(20), self.y + dp(20))

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        self.sent = False
        if family in ("contact", "group"):
            self.open_id, self.page = ident, "thread"
        elif target == "button.back":
            self.page = {"preview": "picker", "picker": "thread"}.get(self.page, "list")
        elif target == "button.attach":
            self.page = "picker"
        elif family == "photo":
            self.chosen, self.page = ident, "preview"
        elif target == "button.send" and self.open_id and self.chosen:
            self.sent_photos.append((self.open_id, self.chosen))
            self.chosen, self.page, self.sent = None, "thread", True
        self._fill()
        self._show()


SURFACE = ChatSurface
load_kv(__file__)
