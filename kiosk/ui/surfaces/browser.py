"""The ``browser`` surface: a search engine in a browser frame (back button, address bar
with the padlock), its results with the ads first and labelled "Annonce", and the simple
pages a result opens.

A page opened by a *mistake* (the learner chose the ad when the step wanted the official
site) is a detour: it shows the kiosk's calm note ("this is not the official site"), and
its back button simply returns, without counting as another try. Help (the highlight,
the ghost hand) first leaves such a detour so the right result can be seen. A page the
scenario led to is left with Back as a step of its own (``button.back``).

The address bar is ``address_bar.AddressBar`` (padlock, or "Non sécurisé", then the
address with the site's name in bold), so every browser in the kiosk looks the same.
``MissedTaps`` is reused by the video surface.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.browser import WORDS, Browser, Result
from kiosk.ui.palette import INK, WHITE
from kiosk.ui.surfaces.address_bar import (
    AddressBar,  # noqa: F401 (browser.kv uses it)
    DownloadBubble,
)
from kiosk.ui.surfaces.base import MissedTaps, Surface, load_kv
from kiosk.ui.surfaces.typing import (
    KEYBOARD_HEIGHT,
    TYPING_CHROME,
    OnScreenKeyboard,
    PracticeField,
    TypingSurface,
    Typist,
    show_error,
)

# browser.kv's own colours: a result's title LINK (0.08, 0.2, 0.55) is 11:1 on WHITE, its
# ADDRESS (0.0, 0.33, 0.1) 9.2:1; the kiosk palette keeps every other text.

# the keyboard's words, then the browser's own (its "field.check" is the search box's): the engine's
CHROME: dict[str, dict[str, str]] = {**TYPING_CHROME, **WORDS}


class BrowserButton(ButtonBehavior, BoxLayout):
    """A toolbar or page button: a pictogram and a word."""

    target = StringProperty("")
    picture = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")
    back_color = ColorProperty(WHITE)
    text_color = ColorProperty(INK)


class BrowserResult(ButtonBehavior, BoxLayout):
    """One search result; the whole card opens its page. Ads carry the "Annonce" label."""

    target = StringProperty("")
    ad = BooleanProperty(False)
    badge = StringProperty("")
    badge_lang = StringProperty("fr")
    address = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    text = StringProperty("")
    text_lang = StringProperty("fr")


class BrowserSearchRow(BoxLayout):
    pass


class BrowserPageView(ScrollView):
    """One page of the browser, scrolled up and down; ``note`` is its calm note if any."""

    note: BrowserNote | None = None


class BrowserLogo(BoxLayout):
    words = StringProperty("")
    picture = StringProperty("")


class BrowserNote(BoxLayout):
    """The kiosk's calm note on a look-alike page: not the site's words, the kiosk's."""

    picture = StringProperty("")
    heading = StringProperty("")
    heading_lang = StringProperty("fr")
    words = StringProperty("")
    lang = StringProperty("fr")


class BrowserSitePage(BoxLayout):
    """A simple site page: its banner (name, pictogram), a heading and a text."""

    picture = StringProperty("")
    site = StringProperty("")
    site_lang = StringProperty("fr")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    text = StringProperty("")
    text_lang = StringProperty("fr")
    button = StringProperty("")  # a button drawn, no target: touching it is a miss
    button_lang = StringProperty("fr")
    countdown = StringProperty("")  # "Temps restant : 09:59", ticking down
    countdown_lang = StringProperty("fr")

    def start_countdown(self, left: int, words: str, lang: str) -> None:
        """A scam's pressure: the time left, one second less every second, down to 00:00."""
        self._left, self._words, self.countdown_lang = left, words, lang
        self._show_left()
        self._tick = Clock.schedule_interval(lambda _dt: self._count(), 1)

    def _count(self) -> bool:
        if self.get_root_window() is None:
            return False  # the page was left or drawn anew in another language
        self._left = max(0, self._left - 1)
        self._show_left()
        return self._left > 0

    def _show_left(self) -> None:
        self.countdown = self._words.replace("{time}", f"{self._left // 60:02d}:{self._left % 60:02d}")


class BrowserInfo(BoxLayout):
    """The bubble under the address bar: is the connection secure, which site is it."""

    picture = StringProperty("")
    heading = StringProperty("")
    heading_lang = StringProperty("fr")
    host = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")


@dataclass(frozen=True)
class Visit:
    """One entry of the back history: ``search``, ``results`` or ``page:<id>``."""

    page: str
    detour: bool = False  # opened by a mistake: Back returns without counting


class BrowserSurface(TypingSurface, MissedTaps, Surface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = CHROME

    def __init__(self, fixture: Browser, **kwargs: Any) -> None:
        super().__init__(fixture, **kwargs)
        app: Any = App.get_running_app()
        self.picto = app.picto
        self.engine = fixture.engine or "Trouvetout"
        self.pages = {page.id: page for page in fixture.pages}
        results = fixture.results
        self.results = [r for r in results if r.ad] + [r for r in results if not r.ad]
        self.history: list[Visit] = []
        self._info: BrowserInfo | None = None
        self._views: dict[str, BrowserPageView] = {}
        self.view: BrowserPageView | None = None
        # when each page's countdown reaches 00:00: drawn anew (the screen's language
        # changed, the learner came back), the page goes on counting, it does not restart
        self._countdown_ends: dict[str, float] = {}
        self.typist = Typist(self)
        self.field = PracticeField(item={"id": "search"})
        self.typist.add("field.search", self.field)
        self.row = BrowserSearchRow()
        self.row.ids.slot.add_widget(self.field)
        self.register("button.search", self.row.ids.search)
        self.row.ids.search.bind(on_release=lambda _b: self._search_pressed())
        self.register("button.back", self.ids.back)
        self.register("address.bar", self.ids.bar)
        self.ids.back.bind(on_release=lambda _b: self._back_pressed())
        self.ids.bar.bind(on_release=lambda _b: self.emit(Action("tap", target="address.bar")))
        self.keyboard = OnScreenKeyboard(size_hint_y=None, height=KEYBOARD_HEIGHT)
        self.keyboard.build(self)
        self.field.value = fixture.query
        self._searched = self.field.value
        start = fixture.start or "search"
        self.history = [Visit("search")]
        if start != "search":
            self.history.append(Visit("results"))
        if start not in ("search", "results"):
            self.history.append(Visit(f"page:{start}"))
        self._ready = True
        if "browser_today" in self.clutter:  # today's browser: no padlock, a download bubble
            self.ids.bar.today = True
            self.ids.bar.parent.add_widget(DownloadBubble())
        self.relabel()
        self.clutter.add_covers()
        if self.here.page == "search":
            self.typist.focus(self.field)  # the cursor waits in the box, as on a real engine

    # -- words --------------------------------------------------------------------------
    def relabel(self) -> None:
        if not getattr(self, "_ready", False):
            return
        self.field.label_text = self.chrome("search.label")
        self.field.label_lang = self.chrome_lang("search.label")
        search = self.row.ids.search
        search.words, search.lang = self.chrome("button.search"), self.chrome_lang("button.search")
        bar = self.ids.bar
        insecure = "address.insecure"
        bar.insecure_text, bar.insecure_lang = self.chrome(insecure), self.chrome_lang(insecure)
        self.keyboard.build(self)
        if self.row.parent is not None:
            self.row.parent.remove_widget(self.row)
        self._views = {}  # every page is drawn again in the new language
        info_open = self._info is not None
        self._show()
        if info_open:
            self._open_info()

    # -- pages ----------------------------------------------------------------------------
    @property
    def here(self) -> Visit:
        return self.history[-1]

    def _show(self) -> None:
        """Put the page at the top of the history in the frame, and its address in the bar.

        Each page's view is built once and kept: going back shows the same widgets, already
        laid out, so help can point at a result at once.
        """
        self._close_info()
        page = self.here.page
        view = self._views.get(page)
        if view is None:
            view = self._views[page] = self._build(page)
        if page in ("search", "results") and self.row.parent is not view.ids.content:
            if self.row.parent is not None:
                self.row.parent.remove_widget(self.row)
            # under the engine's name on its home page, on top of the results
            at = 0 if page == "search" else len(view.ids.content.children)
            view.ids.content.add_widget(self.row, index=at)
        slot = self.ids.slot
        if view.parent is not slot:
            slot.clear_widgets()
            slot.add_widget(view)
        self.view = view
        item = self.pages.get(page.removeprefix("page:"))
        if item is None:
            suffix = "/recherche" if page == "results" else ""
            self.ids.bar.address = f"https://{self.engine_address}{suffix}"
        else:
            scheme = "https" if item.secure else "http"
            self.ids.bar.address = f"{scheme}://{item.address}"

    def _build(self, page: str) -> BrowserPageView:
        view = BrowserPageView()
        content = view.ids.content
        if page == "search":
            content.add_widget(BrowserLogo(words=self.engine, picture=self.picto("search")))
        elif page == "results":
            for result in self.results:
                content.add_widget(self._result_card(result))
        else:
            item = self.pages[page.removeprefix("page:")]
            menu = self.clutter.menu()  # level 2: the site's header menu
            if menu is not None:
                content.add_widget(menu)
            if item.warning:
                view.note = BrowserNote(picture=self.picto("info"), heading=self.chrome("note.heading"),
                                        heading_lang=self.chrome_lang("note.heading"),
                                        words=self.words(item.warning), lang=self.words_lang(item.warning))
                content.add_widget(view.note)
            content.add_widget(BrowserSitePage(
                picture=self.picto(item.pictogram or "globe"),
                site=self.words(item.site) if item.site else item.address.split("/")[0],
                site_lang=self.words_lang(item.site) if item.site else "fr",
                title=self.words(item.title), title_lang=self.words_lang(item.title),
                text=self.words(item.text), text_lang=self.words_lang(item.text),
                button=self.words(item.button) if item.button else "",
                button_lang=self.words_lang(item.button) if item.button else "fr"))
            if item.countdown:
                minutes, seconds = (int(part) for part in item.countdown.split(":"))
                ends = self._countdown_ends.setdefault(page, time.monotonic() + minutes * 60 + seconds)
                content.children[0].start_countdown(max(0, round(ends - time.monotonic())),
                                                    self.chrome("countdown"), self.chrome_lang("countdown"))
            ad = self.clutter.ad("ads.other")  # level 2: an ad under the page
            if ad is not None:
                content.add_widget(ad)
        return view

    @property
    def engine_address(self) -> str:
        return f"www.{self.engine.lower()}.example"

    def _result_card(self, result: Result) -> BrowserResult:
        card = BrowserResult(ad=result.ad, badge=self.chrome("ad"),
                             badge_lang=self.chrome_lang("ad"), address=result.address,
                             title=self.words(result.title), title_lang=self.words_lang(result.title),
                             text=self.words(result.text), text_lang=self.words_lang(result.text))
        self.register(f"result.{result.id}", card)
        card.bind(on_release=lambda c: self.emit(Action("tap", target=c.target)))
        return card

    def _go(self, visit: Visit) -> None:
        self._unfocus()
        self.history.append(visit)
        self._views.pop(visit.page, None)  # a page opened anew starts at its top
        self._show()

    def _back(self) -> None:
        if len(self.history) > 1:
            self._unfocus()
            self.history.pop()
            self._show()

    def _go_results(self) -> None:
        self._unfocus()
        while len(self.history) > 1 and self.here.page != "search":
            self.history.pop()
        self.history.append(Visit("results"))
        self._show()
        if self.view is not None:
            self.view.scroll_y = 1

    # -- the learner's touches -----------------------------------------------------------
    def _back_pressed(self) -> None:
        if self.here.detour:
            self._back()  # leaving a page opened by a mistake: not a new try
        else:
            self.emit(Action("tap", target="button.back"))

    def _search_pressed(self) -> None:
        field = self.field
        if field.value.strip() and field.value != self._searched:
            self.typist.confirm(field)  # the magnifier sends the typed words, like Enter
        else:
            self.emit(Action("tap", target="button.search"))

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        info = self._info
        if info is not None and info.parent is not None and not info.collide_point(*touch.pos):
            self._close_info()  # a bubble closes when the learner touches elsewhere
        self.note_touch(touch)
        super().on_touch_down(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if self.missed(touch):
            self.emit(Action("tap", target=None))
            return True
        return bool(super().on_touch_up(touch))

    # -- results of the engine's judgement -------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        if self.clutter.accept(target):
            return
        if target == "field.search":
            self.field.error = ""
            self._searched = self.field.value
            self._go_results()
        elif target == "button.search":
            self._go_results()
        elif target.startswith("result."):
            self._go(Visit(f"page:{self._page_of(target)}"))
        elif target == "button.back":
            self._back()
        elif target == "address.bar":
            self._open_info()

    def reject(self, action: Action) -> None:
        target = action.target or ""
        if target == "field.search":
            show_error(self, self.field)
        elif target.startswith("result.") and action.kind == "tap":
            # the site opens as it would; the kiosk's note says why it is not the one
            self._go(Visit(f"page:{self._page_of(target)}", detour=True))

    def _page_of(self, target: str) -> str:
        ident = target.removeprefix("result.")
        return next(r.page for r in self.results if r.id == ident)

    # -- the address bar's bubble ---------------------------------------------------------
    def _open_info(self) -> None:
        self._close_info()
        page = self.here.page
        item = self.pages.get(page.removeprefix("page:")) if page.startswith("page:") else None
        bar = self.ids.bar
        key = "info.secure" if bar.secure else "info.insecure"
        address = item.address if item else self.engine_address
        info = BrowserInfo(picture=self.picto("lock" if bar.secure else "warning"),
                           heading=self.chrome(key), heading_lang=self.chrome_lang(key),
                           host=address.split("/")[0],
                           words=self.words(item.info) if item else "",
                           lang=self.words_lang(item.info) if item else "fr")
        info.size_hint = (None, None)
        info.width = min(dp(640), bar.width)
        self.at_start(info, bar.x, bar.right)  # under the padlock
        info.bind(minimum_height=info.setter("height"))
        info.height = info.minimum_height
        info.top = bar.y - dp(6)
        info.bind(height=lambda i, _h: setattr(i, "top", self.ids.bar.y - dp(6)))
        self._info = info
        self.add_widget(info)

    def _close_info(self) -> None:
        if self._info is not None and self._info.parent is not None:
            self._info.parent.remove_widget(self._info)
        self._info = None

    # -- typing -------------------------------------------------------------------------------
    def field_focused(self, field: Any) -> None:
        if self.keyboard.parent is None:
            self.ids.frame.add_widget(self.keyboard)
        Clock.schedule_once(lambda _dt: self._scroll_to(field), 0)

    def _unfocus(self) -> None:
        self.typist.focus(None, confirm=False)
        if self.keyboard.parent is not None:
            self.keyboard.parent.remove_widget(self.keyboard)

    def reset_input(self) -> None:
        self.typist.forget()
        self._searched = ""

    # -- where things are -------------------------------------------------------------------------
    def _scroll_to(self, widget: Any) -> None:
        """Scroll the page just enough to show ``widget``, now rather than next frame: the
        highlight and the ghost hand read where the target is right after this."""
        view = self.view
        if view is None or widget.get_root_window() is None or not self._in_page(widget):
            return
        content = view.ids.content
        content.do_layout()  # the content's children sit in its own frame, bottom at 0
        room = content.height - view.height
        if room <= 0:
            return
        pad = dp(12)
        bottom = view.scroll_y * room  # the part in view: bottom .. bottom + view.height
        if widget.top + pad > bottom + view.height:
            bottom = widget.top + pad - view.height
        if widget.y - pad < bottom:
            bottom = widget.y - pad
        view.scroll_y = min(1.0, max(0.0, bottom / room))
        view.update_from_scroll()

    def reveal(self, name: str) -> None:
        """Help shows the right thing: leave a detour first, then scroll to the target."""
        while self.here.detour and not self._attached(name):
            self._back()
        widget = self.targets.get(name)
        if self._attached(name) and not self._whole_in_view(widget):
            self._scroll_to(widget)

    def _whole_in_view(self, widget: Any) -> bool:
        """All of ``widget`` shows (not only its middle): what a person needs to see."""
        view = self.view
        if not self._in_page(widget) or view is None:
            return True
        x, y = widget.to_window(widget.x, widget.y)
        vx, vy = view.to_window(view.x, view.y)
        return bool(y >= vy - 1 and y + widget.height <= vy + view.height + 1)

    def _attached(self, name: str) -> bool:
        widget = self.targets.get(name)
        return widget is not None and widget.get_root_window() is not None

    def _in_page(self, widget: Any) -> bool:
        while widget is not None and widget is not self:
            if isinstance(widget, BrowserPageView):
                return True
            widget = widget.parent
        return False

    def visible(self, name: str) -> bool:
        """On screen now, and (inside the page) its middle within the scrolled view."""
        widget = self.target_widget(name)
        if widget is None:
            return False
        if not self._in_page(widget):
            return True
        view = self.view
        x, y = widget.to_window(*widget.center)
        return view is not None and bool(view.collide_point(*view.parent.to_widget(x, y)))

    def shown_messages(self) -> list[str]:
        """The site's and the kiosk's words shown after a mistake (the robot reports them)."""
        out = [self.field.error] if self.field.error else []
        if self.view is not None and self.view.note is not None:
            out.append(self.view.note.words)
        return out


SURFACE = BrowserSurface
load_kv(__file__)
