"""The ``mail`` surface: "Tilleul Mail", a simple webmail drawn from a scenario fixture.

Folders with unread counts, a message list (unread in bold with a dot), a reading pane
(From, Subject, text, attachment chip, a link), a compose page (À, Objet, Message) with
the on-screen keyboard while a field is being written, and a fake file picker. The
fixture format and the target names are documented in ``kiosk.engine.surfaces.mail``.

Like every surface, it changes only when the engine accepts an action (``accept``): a
wrong touch never opens a page the learner did not ask for. What a real webmail would
say to a wrong move is shown by ``reject``: "add a recipient" under an empty field when
sending, a calm warning when a suspicious link is touched. A genuine link (``page:``)
opens the site's page it leads to (``mail_page.py``): the account is confirmed.

What the learner writes stays in the fields (and in the "sent" copy on this screen) for
the attempt only; ``reset_input`` forgets all of it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.mail import WORDS, LinkPage, Mail, MailMessage, PickerFile
from kiosk.engine.surfaces.mail import MailLink as LinkRecord
from kiosk.ui.palette import MUTED
from kiosk.ui.surfaces.base import Surface, label_of, load_kv, settle
from kiosk.ui.surfaces.mail_page import LinkPageView
from kiosk.ui.surfaces.typing import (
    KEYBOARD_HEIGHT,
    TYPING_CHROME,
    OnScreenKeyboard,
    PracticeField,
    TypingSurface,
    Typist,
    show_error,
)
from kiosk.ui.widgets import Words

MAIL_CHROME: Mapping[str, dict[str, str]] = WORDS  # the webmail's own words: kiosk.engine.surfaces.mail

FOLDERS = (("inbox", "inbox"), ("sent", "outbox"), ("trash", "trash"))  # id, pictogram
FIELDS = ("to", "subject", "body")


class MailButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    picture = StringProperty("")
    primary = BooleanProperty(False)


class FolderRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")
    picture = StringProperty("")
    count = StringProperty("")
    selected = BooleanProperty(False)


class MessageRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    unread = BooleanProperty(False)
    prefix = StringProperty("")  # "À :" before the recipient in Envoyés
    prefix_lang = StringProperty("fr")
    sender = StringProperty("")
    sender_lang = StringProperty("fr")
    subject = StringProperty("")
    subject_lang = StringProperty("fr")
    date = StringProperty("")
    date_lang = StringProperty("fr")
    clip = StringProperty("")


class SenderLine(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    prefix = StringProperty("")
    prefix_lang = StringProperty("fr")
    initial = StringProperty("")
    name = StringProperty("")
    name_lang = StringProperty("fr")
    address = StringProperty("")
    date = StringProperty("")
    date_lang = StringProperty("fr")
    marked = BooleanProperty(False)  # the learner noticed this sign
    note = StringProperty("")
    note_lang = StringProperty("fr")
    caution_picture = StringProperty("")


class ToLine(BoxLayout):
    prefix = StringProperty("")
    prefix_lang = StringProperty("fr")
    address = StringProperty("")


class MailLink(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    text = StringProperty("")
    lang = StringProperty("fr")


class AttachmentChip(BoxLayout):
    text = StringProperty("")
    lang = StringProperty("fr")
    picture = StringProperty("")


class MailBanner(BoxLayout):
    kind = StringProperty("good")  # good | caution
    text = StringProperty("")
    lang = StringProperty("fr")
    picture = StringProperty("")


class Mailbox(BoxLayout):
    me = StringProperty("")
    brand_picture = StringProperty("")


class ListPane(BoxLayout):
    pass


class ReadPane(BoxLayout):
    pass


class ComposePage(BoxLayout):
    pass


class PickerPage(BoxLayout):
    title_picture = StringProperty("")


class BodyField(PracticeField):
    """The message area: a taller box where the text wraps (drawn in mail.kv). On a
    short screen it gives up some height so that, with its label and its message, it
    fits above the keyboard."""

    box_height = NumericProperty(dp(128))


class MailTypist(Typist):
    """The shared typist, plus: the keyboard shows only while a field is being written, and
    a field left unchanged (pre-filled by "Répondre", or already accepted) is not sent to
    the engine again when the learner passes through it."""

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.settled: dict[str, str] = {}

    def focus(self, field: PracticeField | None, confirm: bool = True) -> None:
        super().focus(field, confirm)
        self.surface.keyboard_for(self.focused)

    def confirm(self, field: PracticeField) -> None:
        if self.settled.get(field.target) == field.value:
            if field.focused:  # OK on a field that is already right: just close the keyboard
                self.focus(None, confirm=False)
            return
        super().confirm(field)

    def forget(self) -> None:
        self.settled.clear()
        super().forget()
        self.surface.keyboard_for(None)


class MailSurface(TypingSurface, Surface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = {**TYPING_CHROME, **MAIL_CHROME}
    state_view = StringProperty("list")  # list | read | page (a link's) | compose | picker

    def __init__(self, fixture: Mail, **kwargs: Any) -> None:
        self._ready = False
        super().__init__(fixture, **kwargs)
        # what the mailbox holds now: read, moved to the bin, erased, sent (replaced, never changed)
        self.messages: list[MailMessage] = list(fixture.messages)
        self.typed: set[str] = set()  # the messages the learner wrote: forgotten at the end
        self.folder: str = fixture.folder
        self.open_id: str | None = None
        self.reply_to: MailMessage | None = None
        self.attachments: list[PickerFile] = []
        self.picker_folder: str | None = None
        self.selected_file: str | None = None
        self.banner: tuple[str, str] | None = None  # (chrome key, kind)
        self.marked: set[str] = set()
        self.opened: LinkPage | None = None  # the page a genuine link opened
        self._sent = 0
        self._last_press: tuple[str, float] = ("", 0.0)
        self._box: Mailbox | None = None
        self.typist = MailTypist(self)
        for name in FIELDS:
            item = {"id": name, "label": self.CHROME[f"field.{name}"], "error": self.CHROME[f"error.{name}"]}
            kind = BodyField if name == "body" else PracticeField
            field = kind(item=item, max_length={"to": 60, "subject": 80}.get(name, 200))
            self.typist.add(f"field.{name}", field)
        self.keyboard = OnScreenKeyboard(size_hint_y=None, height=KEYBOARD_HEIGHT)
        self.keyboard.build(self)
        self._ready = True
        self.relabel()

    # -- words --------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not getattr(self, "_ready", False):
            return
        for field in self.typist.fields.values():
            field.label_text = self.words(field.item)
            field.label_lang = self.words_lang(field.item)
        self.keyboard.build(self)
        self._render()

    def _chrome_words(self, widget: Any, key: str) -> Any:
        widget.text, widget.lang = self.chrome(key), self.chrome_lang(key)
        return widget

    @staticmethod
    def _picto(name: str) -> str:
        app: Any = App.get_running_app()
        return str(app.picto(name)) if app is not None else ""

    # -- drawing the current page ----------------------------------------------------------------
    def _render(self) -> None:
        page = self.ids.page
        for field in self.typist.fields.values():
            if field.parent is not None:
                field.parent.remove_widget(field)
        page.clear_widgets()
        self._box = None
        self.targets = {k: v for k, v in self.targets.items() if k.startswith(("key.", "field."))}
        if self.state_view in ("list", "read", "page"):
            page.add_widget(self._mailbox())
        elif self.state_view == "compose":
            page.add_widget(self._compose_page())
        else:
            page.add_widget(self._picker_page())
        self.keyboard_for(self.typist.focused)

    def _button(self, name: str, picture: str, primary: bool = False, **kwargs: Any) -> MailButton:
        button = MailButton(target=f"button.{name}", picture=self._picto(self.arrow(picture)),
                            primary=primary, **kwargs)
        self._chrome_words(button, f"button.{name}")
        button.bind(on_release=lambda b: self.press(b.target))
        return self.register(button.target, button)

    def _mailbox(self) -> Mailbox:
        box = Mailbox(me=self.fixture.me, brand_picture=self._picto("email"))
        box.ids.new_slot.add_widget(self._button("new", "edit", primary=True))
        for name, picture in FOLDERS:
            unread = sum(1 for m in self.messages if m.folder == name and m.unread)
            row = FolderRow(target=f"folder.{name}", picture=self._picto(picture),
                            count=str(unread) if unread and name != "sent" else "",
                            selected=name == self.folder)
            self._chrome_words(row, f"folder.{name}")
            row.bind(on_release=lambda r: self.press(r.target))
            box.ids.folders.add_widget(self.register(row.target, row))
        message = self._message(self.open_id)
        if self.state_view == "page" and self.opened is not None:
            box.ids.content.add_widget(self._link_page(self.opened))
        else:
            box.ids.content.add_widget(self._read_pane(message) if self.state_view == "read" and message
                                       else self._list_pane())
        self._box = box
        self._show_banner()
        return box

    def _show_banner(self) -> None:
        """Under the page, so nothing above it moves (a highlight stays on its target)."""
        if self._box is None or self.banner is None:
            return
        main = self._box.ids.main
        for old in [w for w in main.children if isinstance(w, MailBanner)]:
            main.remove_widget(old)
        key, kind = self.banner
        banner = MailBanner(kind=kind, picture=self._picto("warning" if kind == "caution" else "check"))
        main.add_widget(self._chrome_words(banner, key))

    def _list_pane(self) -> ListPane:
        pane = ListPane()
        title = pane.ids.title
        key = f"folder.{self.folder}"
        title.words, title.lang = self.chrome(key), self.chrome_lang(key)
        rows = pane.ids.rows
        shown = [m for m in self.messages if m.folder == self.folder]
        for i, message in enumerate(shown):
            ad = self.clutter.ad() if i == 1 else None  # level 2: a webmail's ad among the messages
            if ad is not None:
                ad.height = dp(88)
                rows.add_widget(ad)
            row = MessageRow(target=f"message.{message.id}", unread=message.unread,
                             prefix=self.chrome("to") if message.sent else "",
                             prefix_lang=self.chrome_lang("to"),
                             sender=self.words(message.other), sender_lang=self.words_lang(message.other),
                             subject=self.words(message.subject),
                             subject_lang=self.words_lang(message.subject),
                             date=self.words(message.date), date_lang=self.words_lang(message.date),
                             clip=self._picto("paperclip") if message.attachment else "")
            row.bind(on_release=lambda r: self.press(r.target))
            rows.add_widget(self.register(row.target, row))
        if not shown:
            empty = Words(words=self.chrome("empty"), lang=self.chrome_lang("empty"), font_size=dp(24),
                          size_hint_y=None, height=dp(80), color=MUTED)
            rows.add_widget(empty)
        self.scroll = pane.ids.scroll
        return pane

    def _read_pane(self, message: MailMessage) -> ReadPane:
        pane = ReadPane()
        bar = pane.ids.toolbar
        bar.add_widget(self._button("back", "back", size_hint_x=None, width=dp(190)))
        bar.add_widget(self._button("reply", "reply", size_hint_x=None, width=dp(230)))
        # a cross, not a bin: the "Corbeille" folder, on screen too, is the bin
        bar.add_widget(self._button("delete", "delete", size_hint_x=None, width=dp(230)))
        bar.add_widget(Widget())
        sheet = pane.ids.sheet
        subject = Words(words=self.words(message.subject), lang=self.words_lang(message.subject),
                        bold=True, font_size=dp(32), size_hint_y=None)
        self._wrap(subject)
        sheet.add_widget(subject)
        sent = message.sent
        name = self.words(message.other)
        line = SenderLine(target=f"sender.{message.id}", initial=(name[:1] or "?").upper(),
                          prefix=self.chrome("to") if sent else "", prefix_lang=self.chrome_lang("to"),
                          name=name,
                          name_lang=self.words_lang(message.other),
                          address=message.address,
                          date=self.words(message.date), date_lang=self.words_lang(message.date),
                          marked=message.id in self.marked,
                          note=self.chrome("sign.sender"), note_lang=self.chrome_lang("sign.sender"),
                          caution_picture=self._picto("warning"))
        line.bind(on_release=lambda w: self.press(w.target))
        sheet.add_widget(self.register(line.target, line))
        if not sent:
            me = self.fixture.me or self.chrome("me")
            sheet.add_widget(ToLine(prefix=self.chrome("to"), prefix_lang=self.chrome_lang("to"), address=me))
        body = Words(words=self.words(message.body), lang=self.words_lang(message.body),
                     font_size=dp(26), size_hint_y=None, line_height=1.15)
        self._wrap(body)
        sheet.add_widget(body)
        link = message.link
        if link is not None:
            button = MailLink(target=f"link.{link.id}", text=self.words(link.label),
                                lang=self.words_lang(link.label))
            button.bind(on_release=lambda b: self.press(b.target))
            sheet.add_widget(self.register(button.target, button))
        if message.attachment:
            chip = AttachmentChip(text=self.words(message.attachment),
                                  lang=self.words_lang(message.attachment),
                                  picture=self._picto("paperclip"))
            sheet.add_widget(chip)
        self.scroll = pane.ids.scroll
        return pane

    def _link_page(self, page: LinkPage) -> LinkPageView:
        view = LinkPageView(address=f"https://{page.address}", picture=self._picto("check"),
                            title=self.words(page.title), title_lang=self.words_lang(page.title),
                            notice=self.words(page.notice), notice_lang=self.words_lang(page.notice),
                            text=self.words(page.text) if page.text else "",
                            text_lang=self.words_lang(page.text) if page.text else "fr")
        view.ids.toolbar.add_widget(self._button("back", "back", size_hint_x=None, width=dp(190)))
        view.ids.toolbar.add_widget(Widget())
        self.scroll = None
        return view

    @staticmethod
    def _wrap(label: Words) -> None:
        """A label as wide as its column and as tall as its lines."""
        label.halign = "left"  # right on a mirrored screen (base.Mirror)
        label.bind(width=lambda w, v: setattr(w, "text_size", (v, None)),
                   texture_size=lambda w, v: setattr(w, "height", v[1]))

    def _compose_page(self) -> ComposePage:
        page = ComposePage()
        sheet = page.ids.sheet
        key = "compose.reply" if self.reply_to is not None else "compose.new"
        title = Words(words=self.chrome(key), lang=self.chrome_lang(key), bold=True, font_size=dp(30),
                      size_hint_y=None, height=dp(48), halign="left", valign="middle")
        title.bind(size=lambda w, v: setattr(w, "text_size", v))
        sheet.add_widget(title)
        sheet.add_widget(self.typist.fields["field.to"])
        sheet.add_widget(self.typist.fields["field.subject"])
        if self.attachments:
            chips = BoxLayout(size_hint_y=None, height=dp(64), spacing=dp(10))
            for item in self.attachments:
                chips.add_widget(AttachmentChip(text=self.words(item.label), lang=self.words_lang(item.label),
                                                picture=self._picto("paperclip")))
            chips.add_widget(Widget())
            sheet.add_widget(chips)
        sheet.add_widget(self.typist.fields["field.body"])
        actions = page.ids.actions
        actions.add_widget(self._button("send", "outbox", primary=True))
        if self.fixture.files:
            actions.add_widget(self._button("attach", "paperclip"))
        actions.add_widget(Widget())
        self.scroll = page.ids.scroll
        page.ids.scroll.bind(height=lambda *_a: self._reveal_focused())
        return page

    def _picker_page(self) -> PickerPage:
        page = PickerPage(title_picture=self._picto("folder-open"))
        title = page.ids.title
        title.words, title.lang = self.chrome("picker.title"), self.chrome_lang("picker.title")
        folders = self.fixture.files
        for folder in folders:
            row = FolderRow(target=f"picker.folder.{folder.id}", picture=self._picto("folder"),
                            text=self.words(folder.label), lang=self.words_lang(folder.label),
                            selected=folder.id == self.picker_folder)
            row.bind(on_release=lambda r: self.press(r.target))
            page.ids.places.add_widget(self.register(row.target, row))
        page.ids.places.add_widget(Widget())
        shown = next((f for f in folders if f.id == self.picker_folder), None)
        for item in shown.files if shown is not None else ():
            picture = self._picto(item.pictogram or "document")
            row = FolderRow(target=f"file.{item.id}", picture=picture, text=self.words(item.label),
                            lang=self.words_lang(item.label), selected=item.id == self.selected_file)
            row.bind(on_release=lambda r: self.press(r.target))
            page.ids.files.add_widget(self.register(row.target, row))
        buttons = page.ids.buttons
        buttons.add_widget(Widget())
        buttons.add_widget(self._button("cancel", "back", size_hint_x=None, width=dp(220)))
        buttons.add_widget(self._button("open", "folder-open", primary=True, size_hint_x=None, width=dp(220)))
        self.scroll = page.ids.scroll
        return page

    # -- the keyboard, shown while a field is being written -----------------------------------------
    def keyboard_for(self, field: PracticeField | None) -> None:
        frame = self.ids.frame
        wanted = field is not None and self.state_view == "compose"
        if wanted and self.keyboard.parent is None:
            frame.add_widget(self.keyboard)
        elif not wanted and self.keyboard.parent is not None:
            frame.remove_widget(self.keyboard)
            self.typist.fields["field.body"].box_height = dp(128)  # the room is back

    def field_focused(self, field: Any) -> None:
        self.keyboard_for(field)
        Clock.schedule_once(lambda _dt: self._reveal_focused(), 0)

    def _reveal_focused(self) -> None:
        field = self.typist.focused
        if field is not None:
            self._scroll_to(field)

    def _scroll_to(self, widget: Any) -> None:
        view = widget.parent
        while view is not None and not isinstance(view, ScrollView):
            view = view.parent if view.parent is not view else None
        if view is not None:
            settle(self)  # the keyboard may have just come up: scroll in the places it leaves
            if isinstance(widget, BodyField):  # label + box + a message line, in the view
                room = view.height - dp(38) - dp(36) - dp(4)
                widget.box_height = max(dp(72), min(dp(128), room))
                settle(self)
        if view is not None and view.children and view.children[0].height > view.height:
            # the whole field with its message first, when the keyboard leaves little room
            view.scroll_to(widget, padding=min(dp(8), max(0, (view.height - widget.height) / 2)),
                           animate=False)
            view.update_from_scroll()

    def reveal(self, name: str) -> None:
        widget = self.target_widget(name)
        if widget is not None:
            self._scroll_to(widget)

    # -- touches --------------------------------------------------------------------------------
    def press(self, target: str) -> None:
        """A button, row or link was touched: like a real page, a field being written is
        read first (and its message shown if it is not right)."""
        now = time.monotonic()
        last, at = self._last_press
        self._last_press = (target, now)
        if last == target and now - at < self.double_click_time:
            return  # a double click on a row or a button is one choice, not two
        field = self.typist.focused
        if field is not None:
            self.typist.focus(None)
            if field.error:
                return
        self.emit(Action("tap", target=target))

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if super().on_touch_down(touch):
            return True
        if (getattr(touch, "button", None) or "left").startswith("scroll"):
            return False
        self.emit(Action("tap", target=None))  # nothing there: a miss
        return True

    def empty_spot(self) -> tuple[float, float]:
        """A place that is no target and not inside a scrolling list (which keeps taps)."""
        views = [w for w in self.walk(restrict=True) if isinstance(w, ScrollView)]
        shown = [self.target_widget(n) for n in self.targets]
        for fy in (0.05, 0.5, 0.95, 0.3, 0.7):
            for fx in (0.03, 0.5, 0.97, 0.25, 0.75):
                x, y = self.to_window(self.x + self.width * fx, self.y + self.height * fy)
                # collide_point wants the parent's coordinates (a ScrollView's own are scrolled)
                hit = [w for w in (*shown, *views, self.keyboard)
                       if w is not None and w.parent is not None
                       and w.collide_point(*w.parent.to_widget(x, y))]
                if not hit:
                    return x, y
        return super().empty_spot()

    # -- results of accepted actions ----------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.rpartition(".")
        if action.kind == "type":
            field = self.typist.fields.get(target)
            if field is not None:
                field.error = ""
                self.typist.settled[target] = field.value
                self.typist.focus(None, confirm=False)
            return
        self.banner = None
        if family == "folder":
            self.folder, self.state_view, self.open_id = ident, "list", None
        elif family == "message":
            self._open(ident)
        elif family == "sender":
            self.marked.add(ident)
        elif family == "link":
            link = self._link(ident)
            if link is not None and link.page is not None:
                self.opened, self.state_view = link.page, "page"  # the site's page opens
            else:
                self.banner = ("link", "caution")
        elif family == "button":
            getattr(self, f"_do_{ident}")()
        elif family == "picker.folder":
            self.picker_folder, self.selected_file = ident, None
        elif family == "file":
            self.selected_file = ident
        self._render()

    def _link(self, ident: str) -> LinkRecord | None:
        return next((m.link for m in self.messages if m.link is not None and m.link.id == ident), None)

    def _message(self, ident: str | None) -> MailMessage | None:
        return next((m for m in self.messages if m.id == ident), None)

    def _change(self, message: MailMessage, **changes: Any) -> None:
        """The mailbox holds ``message`` changed (read, moved to the bin)."""
        self.messages[self.messages.index(message)] = replace(message, **changes)

    def _open(self, ident: str) -> None:
        message = self._message(ident)
        if message is not None:
            self._change(message, unread=False)  # reading it marks it read, the count goes down
            self.open_id, self.state_view = ident, "read"

    def _do_new(self) -> None:
        self._start_compose(None)

    def _do_reply(self) -> None:
        self._start_compose(self._message(self.open_id))

    def _start_compose(self, original: MailMessage | None) -> None:
        self.typist.forget()
        self.reply_to, self.attachments = original, []
        if original is not None:
            # the site's own (French) subject: a typed field shows Latin letters only
            subject = label_of(original.subject, "fr")
            prefilled = {"field.to": original.address,
                         "field.subject": subject if subject.upper().startswith("RE") else f"RE: {subject}"}
            for name, value in prefilled.items():
                self.typist.fields[name].value = value
                self.typist.settled[name] = value
        self.state_view = "compose"

    def _do_back(self) -> None:
        self.state_view, self.open_id, self.opened = "list", None, None

    def _do_delete(self) -> None:
        message = self._message(self.open_id)
        if message is not None:
            if message.folder == "trash":
                self.messages.remove(message)
                self.banner = ("erased", "good")
            else:
                self._change(message, folder="trash")
                self.banner = ("deleted", "good")
        self.state_view, self.open_id = "list", None

    def _do_send(self) -> None:
        fields = self.typist.fields
        self._sent += 1
        copy = MailMessage(id=f"sent_{self._sent}", folder="sent", sender="", to=fields["field.to"].value,
                           address=fields["field.to"].value, subject=fields["field.subject"].value,
                           body=fields["field.body"].value, date=self.CHROME["now"], unread=False,
                           attachment=self.words(self.attachments[0].label) if self.attachments else "",
                           link=None)
        self.typed.add(copy.id)
        self.messages.insert(0, copy)
        self.typist.forget()
        self.attachments, self.reply_to = [], None
        self.folder, self.state_view, self.open_id = "sent", "list", None
        self.banner = ("sent", "good")

    def _do_attach(self) -> None:
        folders = self.fixture.files
        self.picker_folder = folders[0].id if folders else None
        self.selected_file = None
        self.state_view = "picker"

    def _do_open(self) -> None:
        for folder in self.fixture.files:
            for item in folder.files:
                if item.id == self.selected_file and item not in self.attachments:
                    self.attachments.append(item)
        self.state_view = "compose"

    def _do_cancel(self) -> None:
        self.state_view = "compose"

    # -- what the real site says to a wrong move --------------------------------------------------------
    def reject(self, action: Action) -> None:
        target = action.target or ""
        if action.kind == "type":
            field = self.typist.fields.get(target)
            if field is not None:
                show_error(self, field)
        elif target == "button.send" and self.state_view == "compose":
            fields = self.typist.fields
            for name, key in (("field.to", "error.to_missing"), ("field.subject", "error.subject_missing")):
                if not fields[name].value.strip():
                    fields[name].error, fields[name].error_lang = self.chrome(key), self.chrome_lang(key)
                    self._scroll_to(fields[name])
                    break
        elif target.startswith("link.") and getattr(self._link(target[5:]), "page", None) is None:
            self.banner = ("link", "caution")  # calm: nothing was opened, nothing was sent
            self._show_banner()

    def shown_messages(self) -> list[str]:
        shown = super().shown_messages()
        if self.banner is not None:
            shown.append(self.chrome(self.banner[0]))
        return shown

    def reset_input(self) -> None:
        self.typist.forget()
        self.messages = [m for m in self.messages if m.id not in self.typed]  # the learner's words go too
        self.typed.clear()
        if self.state_view in ("compose", "picker") or self.folder == "sent":
            self._render()


SURFACE = MailSurface
load_kv(__file__)
