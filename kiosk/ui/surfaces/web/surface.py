"""The web surface's frame: a tab with the page's title, the ``AddressBar`` with the
padlock, the page that scrolls when it is long, the on-screen keyboard that comes up
under it when a text field is touched (as on a tablet), the download bar; which page
shows, which targets are in view, and what an accepted action does.

Each page is built from the fixture's blocks (``kiosk.engine.surfaces.web`` checks them),
each kind by its own view (``views.VIEWS``). Like a real site, a ``submit`` button checks
the fields first: a red message under each wrong field and a banner at the top
("Veuillez corriger…"). Nothing is ever sent, and what the learner types stays in the
field widgets until the attempt ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.files import WORDS as FILES_WORDS
from kiosk.engine.surfaces.web import WORDS, Page, WebSite
from kiosk.ui.palette import MUTED
from kiosk.ui.surfaces.address_bar import (
    AddressBar,  # noqa: F401 (surface.kv uses it)
    DownloadBubble,
)
from kiosk.ui.surfaces.base import Surface, load_kv
from kiosk.ui.surfaces.base import settle as _settle
from kiosk.ui.surfaces.typing import (
    KEYBOARD_HEIGHT,
    TYPING_CHROME,
    OnScreenKeyboard,
    TypingSurface,
)
from kiosk.ui.surfaces.web.download import DownloadView
from kiosk.ui.surfaces.web.page import BlockView, Column, ErrorBanner, PageTypist, SiteBand, WebPage, inside
from kiosk.ui.surfaces.web.upload import UploadView
from kiosk.ui.surfaces.web.views import VIEWS
from kiosk.ui.widgets import Words


class WebSurface(TypingSurface, Surface):
    """Web pages from the fixture; page 1 first, accepted buttons and links move on."""

    # the frame's and the site's own words: kiosk.engine.surfaces.web.WORDS (kiosk.po)
    CHROME: ClassVar[dict[str, dict[str, str]]] = {
        **TYPING_CHROME, **WORDS, **{f"files.{key}": words for key, words in FILES_WORDS.items()}}
    title = StringProperty("")
    title_lang = StringProperty("fr")
    compact = BooleanProperty(False)  # the keyboard is up on a short screen: no tab, no bar
    downloads = ListProperty([])

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self._texts: list[tuple[Any, Any, str, str, str]] = []  # widget, words, chrome key, attr, lang_attr
        self._pages: dict[str, WebPage] = {}
        self._page_items: dict[str, Page] = {}
        self.items: dict[str, Any] = {}  # target → its block (or option)
        self.owners: dict[str, BlockView] = {}  # a target whose view is not its family's (file.<id>)
        self.site: WebSite = fixture  # typed by kiosk.ui.surfaces.create
        self._banners: dict[str, ErrorBanner] = {}
        self._visible: frozenset[str] = frozenset()
        self._quiet = False  # scrolling done by the kiosk (reveal), not by the learner
        self.page_id = ""
        super().__init__(fixture, **kwargs)
        self.typist = PageTypist(self)
        self.scroll = self.ids.page.__self__  # the ScrollView itself, not kv's weak proxy
        self.keyboard = OnScreenKeyboard(size_hint_y=None, height=KEYBOARD_HEIGHT)
        self.keyboard.build(self)
        # one view per kind of block (two kinds may share one: heading and text)
        made: dict[type[BlockView], BlockView] = {}
        self.views = {kind: made.setdefault(view, view(self)) for kind, view in VIEWS.items()}
        self._each = list(made.values())
        self._families = {family: view for view in self._each for family in view.FAMILIES}
        self.documents: DownloadView = self.views["download"]  # type: ignore[assignment]
        self.uploads: UploadView = self.views["upload"]  # type: ignore[assignment]
        for page in self.site.pages:
            self._pages[page.id] = self._build_page(page)
            self._page_items[page.id] = page
        self.chrome_on(self.ids.address, "address.insecure", "insecure_text", "insecure_lang")
        self.scroll.bind(scroll_y=lambda *_a: self._scrolled())
        self.bind(height=lambda *_a: self._fit_frame())
        first = next(iter(self._pages), None)
        if first is not None:
            self.goto(first)
        if "browser_today" in self.clutter:  # today's browser: no padlock, a download bubble
            self.ids.address.today = True
            self.ids.address.parent.add_widget(DownloadBubble())
        self.clutter.add_covers()

    @property
    def viewer(self) -> Any:
        """The open document viewer, or None."""
        return self.documents.viewer

    # -- words ------------------------------------------------------------------------------
    def words_on(self, widget: Any, words: Any, attr: str = "words", lang_attr: str = "lang") -> Any:
        """Show a fixture's words (a text or a map of languages) on ``widget`` now and
        again after a language toggle."""
        self._texts.append((widget, words, "", attr, lang_attr))
        self._show_text(widget, words, "", attr, lang_attr)
        return widget

    def chrome_on(self, widget: Any, key: str, attr: str = "words", lang_attr: str = "lang") -> Any:
        """Show one of the surface's own words on ``widget``, in the screen's language."""
        self._texts.append((widget, None, key, attr, lang_attr))
        self._show_text(widget, None, key, attr, lang_attr)
        return widget

    def drop_words(self, widget: Any) -> None:
        """``widget`` shows other words now: forget the ones it showed."""
        self._texts = [t for t in self._texts if t[0] is not widget]

    def drop_words_inside(self, ancestor: Any) -> None:
        self._texts = [t for t in self._texts if not inside(t[0], ancestor)]

    def _show_text(self, widget: Any, words: Any, key: str, attr: str, lang_attr: str) -> None:
        if key:  # the surface's own words
            setattr(widget, attr, self.chrome(key))
            setattr(widget, lang_attr, self.chrome_lang(key))
        else:
            setattr(widget, attr, self.words(words))
            setattr(widget, lang_attr, self.words_lang(words))

    def words(self, value: Any, key: str = "label") -> str:
        """The words of a text or a map of languages, in the screen's language (else French)."""
        return super().words({key: value}, key)

    def words_lang(self, value: Any, key: str = "label") -> str:
        return super().words_lang({key: value}, key)

    def relabel(self) -> None:
        """The learner's "screen in my language" toggle: every word of the page follows."""
        if not hasattr(self, "typist"):
            return  # still being built, in the right language already
        for entry in self._texts:
            self._show_text(*entry)
        self.keyboard.build(self)
        for view in self._each:
            view.relabel()
        page = self._page_items.get(self.page_id)
        if page is not None:
            self.title, self.title_lang = self.words(page.title), self.words_lang(page.title)
        if self.typist.focused is not None:  # new words, new heights: the field stays in view
            self.scroll_into_view(self.typist.focused)

    # -- building a page -------------------------------------------------------------------
    def _build_page(self, page: Page) -> WebPage:
        app: Any = App.get_running_app()
        sheet = WebPage(surface=self, page_id=page.id)
        site = self.site.site
        if site is not None:
            band = SiteBand(picture=app.picto(site.pictogram))
            self.words_on(band.ids.name, site.name)
            sheet.add_widget(band)
        menu = self.clutter.menu()  # level 2: the site's header menu
        if menu is not None:
            sheet.add_widget(menu)
        column = Column()
        sheet.column = column
        sheet.add_widget(column)
        banner = ErrorBanner()
        self.chrome_on(banner.ids.words, "banner.fix")
        self._banners[page.id] = banner
        for i, block in enumerate(page.blocks):
            column.add_widget(self.views[block.KIND].build(block))
            ad = self.clutter.ad() if i == 0 else None  # level 2: an ad under the heading
            if ad is not None:
                column.add_widget(ad)
        footer = Words(font_size=dp(20), size_hint_y=None, height=dp(56), color=MUTED)
        self.chrome_on(footer, "footer")
        sheet.add_widget(footer)
        return sheet

    # -- the frame ----------------------------------------------------------------------------
    def goto(self, page_id: str) -> None:
        """Show another page, at its top (a button or link was accepted)."""
        page = self._page_items.get(page_id)
        if page is None:
            return
        for view in self._each:
            view.leave_page()
        view = self.scroll
        view.clear_widgets()
        view.add_widget(self._pages[page_id])
        self.page_id = page_id
        self.ids.address.address = f"{'https' if page.secure else 'http'}://{page.address}"
        self.title, self.title_lang = self.words(page.title), self.words_lang(page.title)
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

    def show_download_bar(self, bar: Any) -> None:
        if bar.parent is None:
            self.ids.frame.add_widget(bar, index=1 if self.keyboard.parent else 0)

    # -- what the learner does ------------------------------------------------------------------
    def miss(self) -> None:
        """A touch on nothing that answers: the field loses the keyboard, the kiosk helps."""
        self.blur()
        self.emit(Action("tap", target=None))

    def blur(self) -> None:
        if self.typist.focused is not None:
            self.typist.focus(None)  # leaving a typed field confirms it, as on a real page

    def tap(self, target: str) -> None:
        self.blur()
        self.emit(Action("tap", target=target))

    def choose(self, target: str | None) -> None:
        """A choice (``None``: a taken time, a miss that help answers)."""
        self.blur()
        self.emit(Action("choose", target=target))

    # -- results --------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        if self.clutter.accept(target):
            return
        widget = self.targets.get(target)
        if widget is not None and hasattr(widget, "lit"):
            widget.lit = False
        view = self._view_of(target)
        if view is not None:
            view.accept(action, target)
        elif action.kind == "scroll_to":
            self.scroll.effect_y.velocity = 0
            self.scroll.effect_y.cancel()

    def reject(self, action: Action) -> None:
        """What the real site shows: its message under a wrong field, its banner when a
        form is sent with mistakes. Nothing else moves."""
        target = action.target or ""
        view = self._view_of(target)
        if view is not None:
            view.reject(action, target)

    def validate(self) -> bool:
        """A submit: every block of the page checked, the banner when one is wrong."""
        page = self._page_items[self.page_id]
        wrong = 0
        for block in page.blocks:
            wrong += self.views[block.KIND].wrong(block)
        self.show_banner(wrong > 0)
        return wrong == 0

    def error(self, widget: Any, required: bool, key: str = "") -> None:
        """The site's message under a field: "required" when empty, the site's own words
        ``key`` when given (a password's rules), else the fixture's ``error`` (or a plain
        "check this field")."""
        widget.error_required, widget.error_key = required, key  # remembered for a language toggle
        if key and not required:
            widget.error, widget.error_lang = self.chrome(key), self.chrome_lang(key)
        elif required:
            widget.error = self.chrome("field.required")
            widget.error_lang = self.chrome_lang("field.required")
        elif getattr(widget, "item", None) is not None and widget.item.error is not None:
            error = widget.item.error  # the fixture's words for it
            widget.error, widget.error_lang = self.words(error), self.words_lang(error)
        else:
            widget.error, widget.error_lang = self.chrome("field.check"), self.chrome_lang("field.check")

    def show_banner(self, on: bool) -> None:
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

    # -- where things are -------------------------------------------------------------------------
    def target_widget(self, name: str | None) -> Any:
        widget = super().target_widget(name)
        if widget is not None and (self.documents.covers(widget) or self.uploads.covers(widget)):
            return None  # under the document viewer or the file picker: not on screen
        return widget

    def visible(self, name: str) -> bool:
        widget = self.target_widget(name)
        if widget is None:
            return False
        return not inside(widget, self.scroll) or name in self._in_view()

    def _in_view(self) -> frozenset[str]:
        view = self.scroll
        bottom = view.to_window(view.x, view.y)[1]
        top = view.to_window(view.x, view.top)[1]
        out = set()
        for name, widget in self.targets.items():
            if widget.get_root_window() is None or not inside(widget, view):
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
            self.scroll_into_view(seen)  # the closed list to open is in view (not opened for them)

    def _view_of(self, target: str) -> BlockView | None:
        return self.owners.get(target) or self._families.get(target.partition(".")[0])

    def seen_as(self, name: str) -> Any:
        view = self._view_of(name)
        return view.seen_as(name) if view is not None else self.target_widget(name)

    def reveal(self, name: str) -> None:
        view = self._view_of(name)
        if view is not None:
            view.reveal(name)
        widget = self.target_widget(name)
        if widget is None or not inside(widget, self.scroll):
            return
        self.scroll_into_view(widget)

    def scroll_into_view(self, widget: Any) -> None:
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
        """The keyboard comes up; the field stays in view above it, with what belongs to
        it when that fits (a password's rules, ticking as the learner types)."""
        self._show_keyboard(True)
        self._keep_field(field)
        if getattr(field, "whole", None) is not None:  # again once the page has its new height
            Clock.schedule_once(lambda _dt: self._keep_field(field) if field is self.typist.focused else None)

    def _keep_field(self, field: Any) -> None:
        whole = getattr(field, "whole", None)
        _settle(self)
        fits = whole is not None and whole.height <= self.scroll.height
        self.scroll_into_view(whole if fits else field)

    def empty_spot(self) -> tuple[float, float]:
        """A place on the page (or the viewer's grey) where a touch answers nothing."""
        spot = self.documents.empty_spot() or self.uploads.empty_spot()
        if spot is not None:
            return spot
        view = self.scroll
        page = self._pages[self.page_id]
        margin = max(dp(8), page.column.padding[0] / 2)
        return view.to_window(view.x + margin, view.center_y)  # type: ignore[no-any-return]

    def shown_messages(self) -> list[str]:
        messages = [m for view in self._each for m in view.messages()]
        banner = self._banners.get(self.page_id)
        if banner is not None and banner.parent is not None:
            messages.insert(0, banner.ids.words.words)
        return messages

    def reset_input(self) -> None:
        self.typist.forget()
        self._show_keyboard(False)


load_kv(__file__)
