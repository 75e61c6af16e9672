"""The ``web`` surface: web pages a trainer declares in YAML, in a browser-like frame.

The frame (a tab with the page's title, ``AddressBar`` with the padlock) is shared with
other surfaces that draw a browser. The page is built from the fixture's blocks
(``kiosk.engine.surfaces.web`` checks them): headings, text, fields, choices, a calendar of
free time slots, buttons and links that lead to other pages, a file to download and open
in a simple document viewer. The page scrolls when it is long; the on-screen keyboard
comes up under it when a text field is touched, as on a tablet.

Like a real site, a ``submit`` button checks the fields first: a red message under each
wrong field and a banner at the top ("Veuillez corriger…"). Nothing is ever sent, and
what the learner types stays in the field widgets until the attempt ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.stacklayout import StackLayout
from kivy.utils import escape_markup

from kiosk.engine.actions import Action, text_matches
from kiosk.engine.surfaces.web import CHOICE_KINDS, WORDS, block_kind, blocks, pages, slot_name
from kiosk.ui.palette import MUTED
from kiosk.ui.surfaces.base import Surface, label_of, load_kv
from kiosk.ui.surfaces.base import settle as _settle
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

MUTED_HEX = "4a4a4a"  # the scheme and the path, as browsers grey them (≥ 7:1 on the bar)
COLUMN = dp(980)  # the page's text column, like a site's content width


def split_address(address: str) -> tuple[str, str, str]:
    """``https://www.x.example/a/b`` → (``https://``, ``www.x.example``, ``/a/b``)."""
    parts = urlsplit(address)
    if not parts.scheme or not parts.netloc:
        return "", address, ""
    rest = address.split(parts.netloc, 1)[1]
    return f"{parts.scheme}://", parts.netloc, rest


class AddressBar(ButtonBehavior, BoxLayout):
    """A browser's address bar: padlock (https) or "Non sécurisé" (http), then the address.

    Set ``address`` (with its ``https://``); ``insecure_text``/``insecure_lang`` are the
    words shown for a site without https (the surface's chrome, in the practice screen's
    language). A surface may register it as a target and bind ``on_release``.
    """

    target = StringProperty("")
    address = StringProperty("")
    secure = BooleanProperty(True)
    shown = StringProperty("")  # the address as markup: host in bold
    insecure_text = StringProperty("Non sécurisé")
    insecure_lang = StringProperty("fr")
    lit = BooleanProperty(False)

    def on_address(self, *_a: Any) -> None:
        scheme, host, rest = split_address(self.address)
        self.secure = scheme == "https://"
        self.shown = (f"[color={MUTED_HEX}]{escape_markup(scheme)}[/color]"
                      f"[b]{escape_markup(host)}[/b]{escape_markup(rest)}")


# -- the page's pieces (layout in web.kv) --------------------------------------------------

class MissArea:
    """A touch on nothing interactive here is a miss: the learner hears "try again" and
    help comes. (Scrolling never reaches this: the scroll view keeps those touches.)"""

    surface: Any

    def on_touch_down(self, touch: Any) -> bool:
        if (getattr(touch, "button", None) or "left").startswith("scroll"):
            return False
        if super().on_touch_down(touch):
            return True
        if self.collide_point(*touch.pos):
            touch.grab(self)
            return True
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return bool(super().on_touch_up(touch))
        touch.ungrab(self)
        if self.surface is not None:
            self.surface.miss()
        return True


class WebPage(MissArea, BoxLayout):
    """One page: the site's band, the error banner, the blocks, the footer."""

    surface = ObjectProperty(None, allownone=True)
    page_id = StringProperty("")
    column = ObjectProperty(None, allownone=True)


class PaperDesk(MissArea, AnchorLayout):
    """The grey desk the document lies on, in the viewer."""

    surface = ObjectProperty(None, allownone=True)


class Column(BoxLayout):
    pass


class WebField(PracticeField):
    """A text field as wide as a site draws it (never wider than the column)."""


class SiteBand(BoxLayout):
    picture = StringProperty("")


class ErrorBanner(BoxLayout):
    pass


class Notice(BoxLayout):
    kind = StringProperty("success")
    picture = StringProperty("")


class WebButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    primary = BooleanProperty(True)
    lit = BooleanProperty(False)


class WebLink(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class ChoiceField(BoxLayout):
    """A radio, checkbox or select field: its label, its options, the site's message."""

    kind = StringProperty("radio")
    error = StringProperty("")
    error_lang = StringProperty("fr")
    is_open = BooleanProperty(False)  # a select's list is shown
    rows = ListProperty([])
    box = ObjectProperty(None, allownone=True)  # a select's closed box


class OptionRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    kind = StringProperty("radio")  # radio, checkbox, select
    selected = BooleanProperty(False)
    lit = BooleanProperty(False)


class SelectBox(ButtonBehavior, BoxLayout):
    is_open = BooleanProperty(False)
    empty = BooleanProperty(True)
    error = BooleanProperty(False)
    lit = BooleanProperty(False)


class DayButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    selected = BooleanProperty(False)
    full = BooleanProperty(False)
    lit = BooleanProperty(False)


class SlotButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    time = StringProperty("")
    taken = BooleanProperty(False)
    selected = BooleanProperty(False)
    lit = BooleanProperty(False)


class SlotGrid(StackLayout):
    pass


class DownloadRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class DownloadBar(BoxLayout):
    def on_touch_down(self, touch: Any) -> bool:
        return bool(super().on_touch_down(touch)) or self.collide_point(*touch.pos)


class FileChip(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class DocumentViewer(FloatLayout):
    """A simple PDF-like viewer over the whole frame: the file's name, Fermer, the paper."""

    surface = ObjectProperty(None, allownone=True)
    file_name = StringProperty("")

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        if (getattr(touch, "button", None) or "left").startswith("scroll"):
            return bool(super().on_touch_down(touch))
        if not super().on_touch_down(touch):
            touch.grab(self)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is not self:
            return bool(super().on_touch_up(touch))
        touch.ungrab(self)
        if self.surface is not None:
            self.surface.miss()
        return True


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


# -- the surface -------------------------------------------------------------------------

WEB_CHROME: dict[str, dict[str, str]] = {
    "banner.fix": {"fr": "Veuillez corriger les erreurs ci-dessous.", "nl": "Verbeter de fouten hieronder.",
                   "en": "Please correct the errors below.", "ar": "يرجى تصحيح الأخطاء أدناه.",
                   "tr": "Lütfen aşağıdaki hataları düzeltin.", "uk": "Будь ласка, виправте помилки нижче."},
    "field.required": {"fr": "Ce champ est obligatoire.", "nl": "Dit veld is verplicht.",
                       "en": "This field is required.", "ar": "هذا الحقل إلزامي.",
                       "tr": "Bu alan zorunludur.", "uk": "Це поле обов'язкове."},
    "select.placeholder": {"fr": "— Choisissez —", "nl": "— Kies —", "en": "— Choose —", "ar": "— اختر —",
                           "tr": "— Seçin —", "uk": "— Виберіть —"},
    "calendar.first": {"fr": "Choisissez d'abord un jour.", "nl": "Kies eerst een dag.",
                       "en": "First choose a day.", "ar": "اختر يومًا أولًا.", "tr": "Önce bir gün seçin.",
                       "uk": "Спершу виберіть день."},
    "calendar.hours": {"fr": "Choisissez une heure libre.", "nl": "Kies een vrij uur.",
                       "en": "Choose a free time.", "ar": "اختر وقتًا متاحًا.", "tr": "Boş bir saat seçin.",
                       "uk": "Виберіть вільний час."},
    "slot.full": {"fr": "complet", "nl": "volzet", "en": "full", "ar": "محجوز", "tr": "dolu",
                  "uk": "зайнято"},
    "download.action": {"fr": "Télécharger", "nl": "Downloaden", "en": "Download", "ar": "تنزيل",
                        "tr": "İndir", "uk": "Завантажити"},
    "download.done": {"fr": "Téléchargé", "nl": "Gedownload", "en": "Downloaded", "ar": "تم التنزيل",
                      "tr": "İndirildi", "uk": "Завантажено"},
    "file.open": {"fr": "Ouvrir", "nl": "Openen", "en": "Open", "ar": "فتح", "tr": "Aç", "uk": "Відкрити"},
    **WORDS,  # the words on targets: kiosk.engine.surfaces.web
    "viewer.fake": {"fr": "Document fictif pour l'exercice", "nl": "Fictief document om te oefenen",
                    "en": "Fictional document for practice", "ar": "مستند وهمي للتدريب",
                    "tr": "Alıştırma için kurgusal belge", "uk": "Вигаданий документ для вправи"},
    "address.insecure": {"fr": "Non sécurisé", "nl": "Niet veilig", "en": "Not secure", "ar": "غير آمن",
                         "tr": "Güvenli değil", "uk": "Не захищено"},
    "footer": {"fr": "Site d'exercice : rien n'est envoyé.", "nl": "Oefensite: er wordt niets verstuurd.",
               "en": "Practice site: nothing is sent.", "ar": "موقع للتدريب: لا يُرسَل أي شيء.",
               "tr": "Alıştırma sitesi: hiçbir şey gönderilmez.",
               "uk": "Навчальний сайт: нічого не надсилається."},
}


class WebSurface(TypingSurface, Surface):
    """Web pages from the fixture; page 1 first, accepted buttons and links move on."""

    CHROME: ClassVar[dict[str, dict[str, str]]] = {**TYPING_CHROME, **WEB_CHROME}
    title = StringProperty("")
    title_lang = StringProperty("fr")
    compact = BooleanProperty(False)  # the keyboard is up on a short screen: no tab, no bar
    downloads = ListProperty([])

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self._texts: list[tuple[Any, Any, Any, str, str]] = []  # widget, item, key, attr, lang_attr
        self._pages: dict[str, WebPage] = {}
        self._page_items: dict[str, Mapping[str, Any]] = {}
        self._items: dict[str, Mapping[str, Any]] = {}  # target → its block (or option, day)
        self._choices: dict[str, ChoiceField] = {}  # field id → widget
        self._chosen: dict[str, list[str]] = {}  # field id → chosen option ids
        self._calendars: dict[str, dict[str, Any]] = {}
        self._banners: dict[str, ErrorBanner] = {}
        self._chips: dict[str, FileChip] = {}
        self._visible: frozenset[str] = frozenset()
        self._quiet = False  # scrolling done by the kiosk (reveal), not by the learner
        self.viewer: DocumentViewer | None = None
        self.page_id = ""
        super().__init__(fixture, **kwargs)
        self.typist = PageTypist(self)
        self.scroll = self.ids.page.__self__  # the ScrollView itself, not kv's weak proxy
        self.keyboard = OnScreenKeyboard(size_hint_y=None, height=KEYBOARD_HEIGHT)
        self.keyboard.build(self)
        self.download_bar = DownloadBar()
        for page in pages(fixture):
            self._pages[page["id"]] = self._build_page(page)
            self._page_items[page["id"]] = page
        self._chrome_words(self.ids.address, "address.insecure", "insecure_text", "insecure_lang")
        self.scroll.bind(scroll_y=lambda *_a: self._scrolled())
        self.bind(height=lambda *_a: self._fit_frame())
        first = next(iter(self._pages), None)
        if first is not None:
            self.goto(first)

    # -- words ------------------------------------------------------------------------------
    def _words(self, widget: Any, item: Any, key: Any = "label", attr: str = "words",
               lang_attr: str = "lang") -> Any:
        """Show a fixture text on ``widget`` now and again after a language toggle."""
        self._texts.append((widget, item, key, attr, lang_attr))
        self._show_text(widget, item, key, attr, lang_attr)
        return widget

    def _chrome_words(self, widget: Any, key: str, attr: str = "words", lang_attr: str = "lang") -> Any:
        self._texts.append((widget, None, key, attr, lang_attr))
        self._show_text(widget, None, key, attr, lang_attr)
        return widget

    def _show_text(self, widget: Any, item: Any, key: Any, attr: str, lang_attr: str) -> None:
        if item is None:  # the surface's own words
            setattr(widget, attr, self.chrome(key))
            setattr(widget, lang_attr, self.chrome_lang(key))
        elif key is None:  # a bare text or map of languages (a document's line)
            setattr(widget, attr, label_of(item, self.surface_language))
            setattr(widget, lang_attr, self.words_lang({"t": item}, "t"))
        else:
            setattr(widget, attr, self.words(item, key))
            setattr(widget, lang_attr, self.words_lang(item, key))

    def relabel(self) -> None:
        """The learner's "screen in my language" toggle: every word of the page follows."""
        if not hasattr(self, "typist"):
            return  # still being built, in the right language already
        for entry in self._texts:
            self._show_text(*entry)
        self.keyboard.build(self)
        for field in self.typist.fields.values():
            item = field.item
            field.label_text, field.label_lang = self.words(item), self.words_lang(item)
            field.placeholder = self.words(item, "placeholder") if "placeholder" in item else ""
        for widget in [*self._choices.values(), *self.typist.fields.values()]:
            if widget.error:
                self._error(widget, getattr(widget, "error_required", False))
        page = self._page_items.get(self.page_id)
        if page is not None:
            self.title, self.title_lang = self.words(page, "title"), self.words_lang(page, "title")

    # -- building a page -------------------------------------------------------------------
    def _build_page(self, page: Mapping[str, Any]) -> WebPage:
        app: Any = App.get_running_app()
        sheet = WebPage(surface=self, page_id=page["id"])
        site = self.fixture.get("site")
        if isinstance(site, Mapping):
            band = SiteBand(picture=app.picto(site.get("pictogram", "globe")))
            self._words(band.ids.name, site, "name")
            sheet.add_widget(band)
        column = Column()
        sheet.column = column
        sheet.add_widget(column)
        banner = ErrorBanner()
        self._chrome_words(banner.ids.words, "banner.fix")
        self._banners[page["id"]] = banner
        for block in blocks(page):
            widget = self._build_block(block)
            if widget is not None:
                column.add_widget(widget)
        footer = Words(font_size=dp(20), size_hint_y=None, height=dp(56), color=MUTED)
        self._chrome_words(footer, "footer")
        sheet.add_widget(footer)
        return sheet

    def _build_block(self, block: Mapping[str, Any]) -> Any:
        kind = block_kind(block)
        ident = str(block.get(kind or ""))
        if kind in ("heading", "text"):
            words = Factory.PageWords()
            if kind == "heading":
                words.font_size, words.bold = dp(38), True
            return self._words(words, block, kind)
        if kind == "notice":
            notice_kind = block.get("kind", "success")
            app: Any = App.get_running_app()
            picture = app.picto("check" if notice_kind == "success" else "info")
            notice = Notice(kind=notice_kind, picture=picture)
            self._words(notice.ids.words, block, "notice")
            return notice
        if kind == "summary":
            return self._build_summary(block)
        if kind == "field":
            return self._build_field(block, ident)
        if kind == "button":
            button = WebButton(primary=block.get("style", "primary") == "primary")
            self._words(button.ids.words, block)
            self._items[f"button.{ident}"] = block
            button.bind(on_release=lambda b: self._tap(b.target))
            self.register(f"button.{ident}", button)
            return button
        if kind == "link":
            link = WebLink()
            self._words(link.ids.words, block)
            self._items[f"link.{ident}"] = block
            link.bind(on_release=lambda b: self._tap(b.target))
            self.register(f"link.{ident}", link)
            return link
        if kind == "calendar":
            return self._build_calendar(block, ident)
        if kind == "download":
            return self._build_download(block, ident)
        return None

    def _build_summary(self, block: Mapping[str, Any]) -> Any:
        """A recap: one row per item, the label in bold on the left, like a site's table."""
        summary = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(8))
        summary.bind(minimum_height=summary.setter("height"))
        for item in block.get("summary") or []:
            row = BoxLayout(size_hint_y=None, spacing=dp(24))
            cells = []
            for key, share in (("label", 0.32), ("value", 0.68)):
                words = Factory.PageWords(size_hint_x=share, bold=key == "label")
                cells.append(self._words(words, item, key))
                row.add_widget(words)
            for words in cells:
                words.bind(height=lambda _w, _h, r=row, c=cells: _fit_row(r, c))
            _fit_row(row, cells)
            summary.add_widget(row)
        return summary

    def _build_field(self, block: Mapping[str, Any], ident: str) -> Any:
        kind = block.get("kind", "text")
        if kind not in CHOICE_KINDS:
            field = WebField(item=block, secret=kind == "pin", max_length=int(block.get("max_length", 80)))
            field.value = str(block.get("value", ""))
            self.typist.add(f"field.{ident}", field)
            field.label_text, field.label_lang = self.words(block), self.words_lang(block)
            field.placeholder = self.words(block, "placeholder") if "placeholder" in block else ""
            return field
        choice = ChoiceField(kind=kind)
        self._words(choice.ids.label, block)
        self._choices[ident] = choice
        value = block.get("value")
        self._chosen[ident] = list(value) if isinstance(value, list) else ([str(value)] if value else [])
        rows = []
        for option in block.get("options") or []:
            target = f"option.{ident}.{option['id']}"
            row = OptionRow(kind=kind, selected=option["id"] in self._chosen[ident])
            self._words(row.ids.words, option)
            row.bind(on_release=lambda r: self._choose(r.target))
            self.register(target, row)
            self._items[target] = option
            rows.append(row)
        choice.rows = rows
        if kind == "select":
            box = SelectBox()
            self._chrome_words(box.ids.placeholder, "select.placeholder")
            box.bind(on_release=lambda _b: self._toggle_select(ident))
            choice.box = box
            choice.ids.options.add_widget(box)
            self._show_select_value(ident)
        else:
            for row in rows:
                choice.ids.options.add_widget(row)
        return choice

    def _build_calendar(self, block: Mapping[str, Any], ident: str) -> Any:
        calendar = Factory.CalendarBlock()
        if "label" in block:
            self._words(calendar.ids.label, block)
        state: dict[str, Any] = {"widget": calendar, "days": {}, "slots": {}, "day": None}
        self._calendars[ident] = state
        for day in block.get("days") or []:
            taken = set(day.get("taken") or [])
            button = DayButton(full=all(t in taken for t in day.get("slots") or []))
            self._words(button.ids.words, day)
            self._chrome_words(button.ids.full, "slot.full")
            button.bind(on_release=lambda b: self._choose(b.target))
            self.register(f"day.{day['id']}", button)
            self._items[f"day.{day['id']}"] = {"calendar": ident, "day": day["id"]}
            calendar.ids.days.add_widget(button)
            state["days"][day["id"]] = button
            slots = []
            for time in day.get("slots") or []:
                slot = SlotButton(time=time, taken=time in taken)
                if slot.taken:
                    slot.bind(on_release=lambda _s: self._emit_choice(None))
                else:
                    name = slot_name(day["id"], time)
                    self.register(name, slot)
                    self._items[name] = {"calendar": ident, "day": day["id"]}
                    slot.bind(on_release=lambda s: self._choose(s.target))
                slots.append(slot)
            state["slots"][day["id"]] = slots
        self._chrome_words(calendar.ids.hint, "calendar.first")
        return calendar

    def _build_download(self, block: Mapping[str, Any], ident: str) -> Any:
        app: Any = App.get_running_app()
        row = DownloadRow()
        row.ids.picture.source = app.picto("document")
        row.ids.icon.source = app.picto("download")
        self._words(row.ids.words, block)
        size = f"  ·  {block['size']}" if "size" in block else ""
        row.ids.details.words = f"{block.get('file', '')}{size}"
        self._chrome_words(row.ids.action, "download.action")
        row.bind(on_release=lambda r: self._tap(r.target))
        self.register(f"download.{ident}", row)
        self._items[f"download.{ident}"] = block
        return row

    # -- the frame ----------------------------------------------------------------------------
    def goto(self, page_id: str) -> None:
        """Show another page, at its top (a button or link was accepted)."""
        page = self._page_items.get(page_id)
        if page is None:
            return
        self.typist.focus(None, confirm=False)
        for ident in self._choices:
            self._close_select(ident)
        view = self.scroll
        view.clear_widgets()
        view.add_widget(self._pages[page_id])
        self.page_id = page_id
        secure = page.get("secure", True)
        self.ids.address.address = f"{'https' if secure else 'http'}://{page['address']}"
        self.title, self.title_lang = self.words(page, "title"), self.words_lang(page, "title")
        self._quiet = True
        view.scroll_y = 1
        self._quiet = False
        self._visible = frozenset()

    def _fit_frame(self) -> None:
        """On a short screen the tab and the address bar make room for the keyboard."""
        typing = self.keyboard.parent is not None
        self.compact = typing and self.height < dp(720)

    def keyboard_away(self) -> None:
        """No field has the keyboard any more: it goes down, as on a tablet."""
        self._show_keyboard(False)

    def _show_keyboard(self, on: bool) -> None:
        frame = self.ids.frame
        if on and self.keyboard.parent is None:
            frame.add_widget(self.keyboard)
        elif not on and self.keyboard.parent is not None:
            frame.remove_widget(self.keyboard)
        self._fit_frame()

    def _show_download_bar(self) -> None:
        if self.download_bar.parent is None:
            self.ids.frame.add_widget(self.download_bar, index=1 if self.keyboard.parent else 0)

    # -- what the learner does ------------------------------------------------------------------
    def miss(self) -> None:
        """A touch on nothing that answers: the field loses the keyboard, the kiosk helps."""
        self._blur()
        self.emit(Action("tap", target=None))

    def _blur(self) -> None:
        if self.typist.focused is not None:
            self.typist.focus(None)  # leaving a typed field confirms it, as on a real page

    def _tap(self, target: str) -> None:
        self._blur()
        self.emit(Action("tap", target=target))

    def _choose(self, target: str) -> None:
        self._blur()
        self.emit(Action("choose", target=target))

    def _emit_choice(self, target: str | None) -> None:
        self._blur()
        self.emit(Action("choose", target=target))

    def _toggle_select(self, ident: str) -> None:
        """Opening a list is looking, not answering: it is never judged."""
        self._blur()
        choice = self._choices[ident]
        if choice.is_open:
            self._close_select(ident)
        else:
            self._open_select(ident)
            self._scroll_to(choice.rows[-1])  # the list shows whole, under its box
            self._scroll_to(choice.box)

    def _open_select(self, ident: str) -> None:
        choice = self._choices[ident]
        if choice.kind != "select" or choice.is_open:
            return
        choice.is_open = choice.box.is_open = True
        for row in choice.rows:
            choice.ids.options.add_widget(row)

    def _close_select(self, ident: str) -> None:
        choice = self._choices[ident]
        if choice.kind != "select" or not choice.is_open:
            return
        choice.is_open = choice.box.is_open = False
        for row in choice.rows:
            choice.ids.options.remove_widget(row)

    def _show_select_value(self, ident: str) -> None:
        choice = self._choices[ident]
        chosen = self._chosen[ident]
        choice.box.empty = not chosen
        option = self._items.get(f"option.{ident}.{chosen[0]}") if chosen else None
        if option is not None:
            self._texts = [t for t in self._texts if t[0] is not choice.box.ids.value]
            self._words(choice.box.ids.value, option)
        for row in choice.rows:
            row.selected = row.target == f"option.{ident}.{chosen[0]}" if chosen else False

    # -- results --------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, rest = target.partition(".")
        widget = self.targets.get(target)
        if widget is not None and hasattr(widget, "lit"):
            widget.lit = False
        if action.kind == "type":
            field = self.typist.fields.get(target)
            if field is not None:
                field.error = ""
                self.typist.focus(None, confirm=False)
        elif family == "option":
            self._select_option(*rest.split(".", 1))
        elif family == "day":
            self._show_day(self._items[target]["calendar"], rest)
        elif family == "slot":
            self._pick_slot(target)
        elif family == "button":
            self._press(self._items[target], navigate=True)
        elif family == "link":
            self.goto(str(self._items[target].get("goto")))
        elif family == "download":
            self._download(rest)
        elif family == "file":
            self._open_viewer(rest)
        elif target == "viewer.close":
            self._close_viewer()
        elif action.kind == "scroll_to":
            self.scroll.effect_y.velocity = 0
            self.scroll.effect_y.cancel()

    def reject(self, action: Action) -> None:
        """What the real site shows: its message under a wrong field, its banner when a
        form is sent with mistakes. Nothing else moves."""
        target = action.target or ""
        if action.kind == "type":
            field = self.typist.fields.get(target)
            if field is not None:
                self._error(field, required=False)
        elif target.startswith("button.") and self._items[target].get("submit"):
            self._press(self._items[target], navigate=False)

    def _select_option(self, ident: str, option: str) -> None:
        choice = self._choices[ident]
        chosen = self._chosen[ident]
        if choice.kind == "checkbox":
            if option in chosen:
                chosen.remove(option)
            else:
                chosen.append(option)
        else:
            chosen[:] = [option]
        for row in choice.rows:
            row.selected = row.target.rsplit(".", 1)[1] in chosen
        choice.error = ""
        if choice.kind == "select":
            self._show_select_value(ident)
            self._close_select(ident)

    def _show_day(self, ident: str, day: str) -> None:
        state = self._calendars[ident]
        calendar = state["widget"]
        state["day"] = day
        for name, button in state["days"].items():
            button.selected = name == day
        grid = calendar.ids.slots
        grid.clear_widgets()
        for slot in state["slots"][day]:
            slot.selected = False
            grid.add_widget(slot)
        self._texts = [t for t in self._texts if t[0] is not calendar.ids.hint]
        self._chrome_words(calendar.ids.hint, "calendar.hours")

    def _pick_slot(self, target: str) -> None:
        state = self._calendars[self._items[target]["calendar"]]
        for slots in state["slots"].values():
            for slot in slots:
                slot.selected = slot.target == target

    def _press(self, button: Mapping[str, Any], navigate: bool) -> None:
        """A submit button checks the page's fields first, like the real site."""
        if button.get("submit") and not self._validate():
            return
        self._show_banner(False)
        if navigate and button.get("goto"):
            self.goto(str(button["goto"]))

    def _validate(self) -> bool:
        page = self._page_items[self.page_id]
        wrong = 0
        for block in blocks(page):
            if block_kind(block) != "field":
                continue
            ident = str(block["field"])
            if block.get("kind", "text") in CHOICE_KINDS:
                choice = self._choices[ident]
                if block.get("required") and not self._chosen[ident]:
                    self._error(choice, required=True)
                    wrong += 1
                continue
            field = self.typist.fields[f"field.{ident}"]
            if block.get("required") and not field.value.strip():
                self._error(field, required=True)
                wrong += 1
            elif field.value.strip() and "pattern" in block and \
                    not text_matches({"pattern": block["pattern"]}, field.value):
                self._error(field, required=False)
                wrong += 1
        self._show_banner(wrong > 0)
        return wrong == 0

    def _error(self, widget: Any, required: bool) -> None:
        """The site's message under a field: "required" when empty, else the fixture's
        ``error`` (or a plain "check this field")."""
        widget.error_required = required  # remembered for a language toggle
        if required:
            widget.error = self.chrome("field.required")
            widget.error_lang = self.chrome_lang("field.required")
        elif isinstance(widget, PracticeField):
            show_error(self, widget)
        else:
            widget.error, widget.error_lang = self.chrome("field.check"), self.chrome_lang("field.check")

    def _show_banner(self, on: bool) -> None:
        banner = self._banners[self.page_id]
        column = self._pages[self.page_id].column
        if on and banner.parent is None:
            column.add_widget(banner, index=len(column.children))
        elif not on and banner.parent is not None:
            column.remove_widget(banner)
        if on:  # the site jumps to its message, at the top
            self._quiet = True
            self.scroll.scroll_y = 1
            self._quiet = False

    def _download(self, ident: str) -> None:
        if ident in self._chips:
            return
        app: Any = App.get_running_app()
        block = self._items[f"download.{ident}"]
        chip = FileChip()
        chip.ids.picture.source = app.picto("document")
        chip.ids.name.words = str(block.get("file", ""))
        self._chrome_words(chip.ids.state, "download.done")
        self._chrome_words(chip.ids.open, "file.open")
        chip.bind(on_release=lambda c: self._tap(c.target))
        self.register(f"file.{ident}", chip)
        self._chips[ident] = chip
        self.download_bar.ids.chips.add_widget(chip)
        self.downloads.append(ident)
        self._show_download_bar()

    def _open_viewer(self, ident: str) -> None:
        self._blur()
        self._close_viewer()
        app: Any = App.get_running_app()
        block = self._items[f"download.{ident}"]
        document = block.get("document") or {}
        viewer = DocumentViewer(surface=self, file_name=str(block.get("file", "")),
                                pos_hint={"x": 0, "y": 0})
        viewer.ids.picture.source = app.picto("document")
        self._chrome_words(viewer.ids.close.ids.words, "viewer.close")
        viewer.ids.close.bind(on_release=lambda b: self._tap(b.target))
        self.register("viewer.close", viewer.ids.close)
        paper = viewer.ids.paper
        site = self.fixture.get("site")
        if isinstance(site, Mapping):
            paper.ids.site_picture.source = app.picto(site.get("pictogram", "globe"))
            self._words(paper.ids.site, site, "name")
        self._words(paper.ids.title, document, "title")
        for line in document.get("lines") or []:
            words = Factory.PaperLine()
            paper.ids.lines.add_widget(self._words(words, line, None))
        self._chrome_words(paper.ids.fake, "viewer.fake")
        viewer.ids.desk.surface = self
        self.viewer = viewer
        self.add_widget(viewer)
        self.ids.frame.opacity = 0  # all under the viewer: not drawn, not read

    def _close_viewer(self) -> None:
        if self.viewer is not None:
            self._texts = [t for t in self._texts if not _inside(t[0], self.viewer)]
            self.remove_widget(self.viewer)
            self.viewer = None
            self.ids.frame.opacity = 1

    # -- where things are -------------------------------------------------------------------------
    def target_widget(self, name: str | None) -> Any:
        widget = super().target_widget(name)
        if widget is not None and self.viewer is not None and not _inside(widget, self.viewer):
            return None  # under the document viewer: not on screen
        return widget

    def visible(self, name: str) -> bool:
        widget = self.target_widget(name)
        if widget is None:
            return False
        return not _inside(widget, self.scroll) or name in self._in_view()

    def _in_view(self) -> frozenset[str]:
        view = self.scroll
        bottom = view.to_window(view.x, view.y)[1]
        top = view.to_window(view.x, view.top)[1]
        out = set()
        for name, widget in self.targets.items():
            if widget.get_root_window() is None or not _inside(widget, view):
                continue
            y0 = widget.to_window(widget.x, widget.y)[1]
            y1 = widget.to_window(widget.x, widget.top)[1]
            if y0 >= bottom - 1 and y1 <= top + 1:
                out.add(name)
        return frozenset(out)

    def _scrolled(self) -> None:
        visible = self._in_view()
        if not self._quiet and visible - self._visible:
            self.emit(Action("scroll_to", visible=visible))
        self._visible = self._visible | visible

    def show_step(self, action: str, target: str | None) -> None:
        super().show_step(action, target)
        seen = self.seen_as(target) if target else None
        if seen is not None and seen is not self.target_widget(target):
            self._scroll_to(seen)  # the closed list to open is in view (not opened for them)

    def seen_as(self, name: str) -> Any:
        """An option of a closed list is seen as its list: "in the list …, choose …"."""
        family, _, rest = name.partition(".")
        choice = self._choices.get(rest.split(".", 1)[0]) if family == "option" else None
        if choice is not None and choice.kind == "select" and not choice.is_open:
            box = choice.box
            return box if box is not None and box.get_root_window() is not None else None
        return self.target_widget(name)

    def reveal(self, name: str) -> None:
        family, _, rest = name.partition(".")
        if family == "option":
            self._open_select(rest.split(".", 1)[0])
        widget = self.target_widget(name)
        if widget is None or not _inside(widget, self.scroll):
            return
        self._scroll_to(widget)

    def _scroll_to(self, widget: Any) -> None:
        """Scroll now, not at the next frame: the highlight and the robot read the target's
        place right after ``reveal``."""
        view = self.scroll
        if widget.get_root_window() is None or not view.children:
            return
        _settle(self)
        if view.children[0].height <= view.height:
            return
        self._quiet = True
        # room for the highlight, unless the view is short (the keyboard is up): then the
        # whole field, with its message, comes first
        padding = min(40, max(0, (view.height - widget.height) / 2))
        view.scroll_to(widget, padding=padding, animate=False)
        view.update_from_scroll()
        self._quiet = False
        self._visible = self._visible | self._in_view()

    def field_focused(self, field: Any) -> None:
        self._show_keyboard(True)
        self._scroll_to(field)

    def empty_spot(self) -> tuple[float, float]:
        """A place on the page (or the viewer's grey) where a touch answers nothing."""
        if self.viewer is not None:
            return self.viewer.to_window(self.viewer.x + dp(10), self.viewer.center_y)
        view = self.scroll
        page = self._pages[self.page_id]
        margin = max(dp(8), page.column.padding[0] / 2)
        return view.to_window(view.x + margin, view.center_y)

    def shown_messages(self) -> list[str]:
        messages = [f.error for f in self.typist.fields.values() if f.error and f.get_root_window()]
        messages += [c.error for c in self._choices.values() if c.error and c.get_root_window()]
        banner = self._banners.get(self.page_id)
        if banner is not None and banner.parent is not None:
            messages.insert(0, banner.ids.words.words)
        return messages

    def reset_input(self) -> None:
        self.typist.forget()
        self._show_keyboard(False)


def _fit_row(row: Any, cells: list[Any]) -> None:
    row.height = max(cell.height for cell in cells)


def _inside(widget: Any, ancestor: Any) -> bool:
    while widget is not None:
        if widget is ancestor:
            return True
        parent = widget.parent
        widget = None if parent is widget else parent
    return False


SURFACE = WebSurface
load_kv(__file__)
