"""The social surface: a made-up social network on a phone drawn in the middle of the screen.

The feed has **Écrire** and **Mon profil** on top, then up to two posts: the author (a
person's initial in a circle, a page's in a square with "Page"), the words beside a
pictogram, the likes, **J'aime**, **Partager** and a menu button (three lines). It opens
the post's menu under it: **Signaler** (the network thanks, the menu stays) and **Masquer**
(the post goes away). **Écrire** opens a new post already written, with **Qui peut voir ?**
(the three choices: Public, Amis, Moi uniquement) and **Publier**. **Mon profil** has
**Paramètres**: the phone number and the e-mail address, each with who sees it; a touch
offers the same three choices. One back arrow per page; the one on screen is ``button.back``.

As on every surface, the screen changes only when the engine accepts an action
(``accept``): a touch on **Partager** under a trap changes nothing, the help says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.app import App as KivyApp
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.social import AUDIENCES, MAX_POSTS, WORDS, SocialFixture
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneSurface, PressRow

CHROME: dict[str, dict[str, str]] = dict(WORDS)
# who may see: its pictogram (the whole world, a group of friends, a padlock)
AUDIENCE_PICTURES = {"public": "globe", "friends": "group", "me": "lock"}


def _picto(name: str) -> str:
    app: Any = KivyApp.get_running_app()
    return str(app.picto(name)) if app is not None and name else ""


class PostCard(BoxLayout):
    """One post of the feed: author, words and pictogram, likes, and its three buttons
    (none on the learner's own new post: who sees it is written instead)."""

    author = StringProperty("")
    author_lang = StringProperty("fr")
    page = BooleanProperty(False)
    line = StringProperty("")  # "Page · 2 h", or who sees the learner's post
    line_lang = StringProperty("fr")
    line_picture = StringProperty("")
    text = StringProperty("")
    text_lang = StringProperty("fr")
    picture = StringProperty("")
    likes = StringProperty("0")
    mine = BooleanProperty(False)
    unit = NumericProperty(20)


class ChoiceRow(PressRow):
    """One of the three choices of who may see: its pictogram, its name, what it means,
    and a tick on the one chosen now."""

    picture = StringProperty("")
    title = StringProperty("")
    about = StringProperty("")
    lang = StringProperty("fr")
    chosen = BooleanProperty(False)
    unit = NumericProperty(20)


class SettingRow(PressRow):
    """A line of the settings: the phone number or the e-mail address, and who sees it."""

    picture = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    value = StringProperty("")
    seen = StringProperty("")
    seen_lang = StringProperty("fr")
    seen_picture = StringProperty("")
    unit = NumericProperty(20)


class AudienceButton(ButtonBehavior, BoxLayout):
    """**Qui peut voir ?** on a new post, with the choice made now under it."""

    target = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    value = StringProperty("")
    value_lang = StringProperty("fr")
    picture = StringProperty("")
    unit = NumericProperty(20)


class SocialSurface(PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    page = StringProperty("feed")  # feed | compose | audience | profile | settings
    notice = StringProperty("")  # a calm line on top of the page: published, hidden…
    notice_lang = StringProperty("fr")
    my_name = StringProperty("")
    draft = StringProperty("")
    draft_lang = StringProperty("fr")
    choice_title = StringProperty("")  # the audience page's title
    choice_title_lang = StringProperty("fr")
    reported = BooleanProperty(False)  # the open menu's post was reported

    def __init__(self, fixture: Mapping[str, Any], **kwargs: Any) -> None:
        self._cards: dict[str, PostCard] = {}
        self.data: SocialFixture = fixture  # typed by kiosk.ui.surfaces.create
        super().__init__(fixture, **kwargs)
        me = self.data.me
        # who sees what now: the new post, the phone number, the e-mail address
        self.seen: dict[str, str] = {"post": self.data.audience, "phone": me.phone_seen,
                                     "email": me.email_seen}
        self.choosing = "post"  # what the audience page chooses for
        self.published = False
        self.hidden: set[str] = set()
        self.liked: set[str] = set()
        self.menu_for: str | None = None  # the post whose menu is open
        self.unpark()
        self.register_buttons("button.write", "button.profile", "button.audience", "button.publish",
                              "button.settings", "button.report", "button.hide", "setting.phone",
                              "setting.email")
        for name in AUDIENCES:
            self.register(f"audience.{name}", self.ids[f"audience_{name}"])
        for post in self.data.posts:
            card = PostCard(page=post.page, picture=_picto(post.picture), unit=self.unit,
                            size_hint_y=None)
            self.bind(unit=card.setter("unit"))
            for family in ("menu", "like", "share"):
                button = card.ids[family]
                self.register(f"{family}.{post.id}", button)
                button.bind(on_release=lambda b: self.tap(b.target))
            self._cards[post.id] = card
        self.mine = PostCard(mine=True, unit=self.unit, size_hint_y=None)
        self.bind(unit=self.mine.setter("unit"))
        self.my_name = me.name
        self.relabel()
        self._show()

    # -- words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not hasattr(self, "mine"):
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        words = self.words_of
        for name in ("button.write", "button.profile", "button.publish", "button.settings",
                     "button.report", "button.hide"):
            widget = self.targets[name]
            widget.text, widget.lang = words[name]
        audience = self.targets["button.audience"]
        audience.title, audience.title_lang = words["button.audience"]
        self.draft, self.draft_lang = self.words(self.data.draft), self.words_lang(self.data.draft)
        me = self.data.me
        for key, value in (("phone", me.phone), ("email", me.email)):
            row = self.targets[f"setting.{key}"]
            row.title, row.title_lang = words[f"setting.{key}"]
            row.value = value
        for name in AUDIENCES:
            row = self.targets[f"audience.{name}"]
            row.title, row.lang = words[f"audience.{name}"]
            row.about = words[f"about.{name}"][0]
            row.picture = _picto(AUDIENCE_PICTURES[name])
        for post in self.data.posts:
            card = self._cards[post.id]
            card.author, card.author_lang = self.words(post.author), self.words_lang(post.author)
            card.text, card.text_lang = self.words(post.text), self.words_lang(post.text)
            page_word, page_lang = words["page"]
            time = self.words(post.time) if post.time else ""
            card.line = " · ".join(w for w in (page_word if post.page else "", time) if w)
            card.line_lang = page_lang if post.page else (self.words_lang(post.time) if time else "fr")
            for family, key in (("like", "button.like"), ("share", "button.share")):
                button = card.ids[family]
                button.text, button.lang = words[key]
        self._fill()

    def _fill(self) -> None:
        """What changes as the learner goes: the choices made, the likes, the own post."""
        words = self.words_of
        for post in self.data.posts:
            self._cards[post.id].likes = str(post.likes + (post.id in self.liked))
        audience = self.targets["button.audience"]
        audience.value, audience.value_lang = words[f"audience.{self.seen['post']}"]
        audience.picture = _picto(AUDIENCE_PICTURES[self.seen["post"]])
        for key in ("phone", "email"):
            row = self.targets[f"setting.{key}"]
            row.seen, row.seen_lang = words[f"audience.{self.seen[key]}"]
            row.seen_picture = _picto(AUDIENCE_PICTURES[self.seen[key]])
        for name in AUDIENCES:
            self.targets[f"audience.{name}"].chosen = self.seen[self.choosing] == name
        title = "button.audience" if self.choosing == "post" else f"setting.{self.choosing}"
        self.choice_title, self.choice_title_lang = words[title]
        mine = self.mine
        mine.author, mine.author_lang = self.data.me.name, "fr"
        mine.text, mine.text_lang = self.draft, self.draft_lang
        mine.line, mine.line_lang = words[f"audience.{self.seen['post']}"]
        mine.line_picture = _picto(AUDIENCE_PICTURES[self.seen["post"]])

    def _say(self, key: str, **values: str) -> None:
        self.notice = self.chrome(key).format(**values)
        self.notice_lang = self.chrome_lang(key)

    # -- what is on screen -----------------------------------------------------------------------
    def _shown_posts(self) -> list[PostCard]:
        if self.menu_for is not None:
            return [self._cards[self.menu_for]]
        cards = [self.mine] if self.published else []
        cards += [self._cards[p.id] for p in self.data.posts if p.id not in self.hidden]
        return cards[:MAX_POSTS]

    def _show(self) -> None:
        ids = self.ids
        pages = {"feed": ids.feed_page, "compose": ids.compose_page, "audience": ids.audience_page,
                 "profile": ids.profile_page, "settings": ids.settings_page}
        ids.phone.show(pages[self.page])
        box = ids.posts
        cards = self._shown_posts()
        if list(reversed(box.children)) != cards:
            box.clear_widgets()
            for card in cards:
                box.add_widget(card)
        sheet, feed = ids.menu_sheet, ids.feed_page
        if self.menu_for is not None and sheet.parent is None:
            feed.add_widget(sheet, index=1)  # under the post, above the filler
        elif self.menu_for is None and sheet.parent is not None:
            sheet.parent.remove_widget(sheet)
        # once reported, the network's thanks stand where Signaler was
        slot = ids.report_slot
        shown = ids.thanks if self.reported else ids.button_report
        if shown.parent is not slot:
            slot.clear_widgets()
            slot.add_widget(shown)
        backs = {"compose": ids.back_compose, "audience": ids.back_audience,
                 "profile": ids.back_profile, "settings": ids.back_settings}
        self.register("button.back", backs.get(self.page, ids.back_compose))

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
        self.notice = ""
        if target == "button.write":
            self.page = "compose"
        elif target == "button.profile":
            self.page = "profile"
        elif target == "button.settings":
            self.page = "settings"
        elif target == "button.back":
            back = {"compose": "feed", "profile": "feed", "settings": "profile",
                    "audience": "compose" if self.choosing == "post" else "settings"}
            self.page = back.get(self.page, "feed")
        elif target == "button.audience":
            self.choosing, self.page = "post", "audience"
        elif family == "setting":
            self.choosing, self.page = ident, "audience"
        elif family == "audience":
            self.seen[self.choosing] = ident
            if self.choosing == "post":
                self.page = "compose"
            else:
                self.page = "settings"
                self._say("saved")
        elif target == "button.publish":
            self.published, self.page = True, "feed"
            self._say("published", who=self.chrome(f"audience.{self.seen['post']}"))
        elif family == "menu":
            self.menu_for, self.reported = ident, False
        elif target == "button.report":
            self.reported = True
        elif target == "button.hide" and self.menu_for is not None:
            self.hidden.add(self.menu_for)
            self.menu_for, self.reported = None, False
            self._say("hidden")
        elif family == "like":
            self.liked.add(ident)
        elif family == "share":
            self._say("shared")
        self._fill()
        self._show()


SURFACE = SocialSurface
load_kv(__file__)
