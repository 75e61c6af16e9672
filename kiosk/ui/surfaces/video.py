"""The ``video`` surface: a video call in a (fictional) app such as "Visio Tilleul".

Four screens, as a learner meets them: the invitation (an e-mail or a text message with
the link), the waiting room in the browser with its question "allow the camera and the
microphone?" (Autoriser / Bloquer), the call (pictogram participants, never a real
camera: the learner's own tile is a placeholder), and the goodbye after leaving. In the
call the microphone and the camera switch off and on; leaving asks for a confirmation.

A question box (the permission, the leave confirmation) keeps the learner's touches:
what lies behind it is not a target until it closes, as in a real browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ColorProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.video import WORDS, Call, Invite
from kiosk.ui.palette import INK, WHITE
from kiosk.ui.surfaces.address_bar import AddressBar
from kiosk.ui.surfaces.base import MissedTaps, Surface, load_kv

RED = (0.6, 0.0, 0.0, 1)  # the leave button, WHITE on it: 8.9:1
BLUE = (0.1, 0.28, 0.65, 1)  # the join and allow buttons, WHITE on it: 8.4:1
OFF = (1.0, 0.88, 0.88, 1)  # a switched-off microphone or camera, INK on it: 13:1

CHROME: Mapping[str, dict[str, str]] = WORDS  # the app's own words: kiosk.engine.surfaces.video


class VideoButton(ButtonBehavior, BoxLayout):
    """A big button: a pictogram (crossed out when ``off``) and a word under it."""

    target = StringProperty("")
    picture = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")
    off = BooleanProperty(False)
    back_color = ColorProperty(WHITE)
    text_color = ColorProperty(INK)


class VideoLink(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    picture = StringProperty("")
    link = StringProperty("")


class VideoInvite(BoxLayout):
    """The e-mail or text message that brings the link."""

    picture = StringProperty("")
    sender = StringProperty("")
    sender_lang = StringProperty("fr")
    subject = StringProperty("")
    subject_lang = StringProperty("fr")
    text = StringProperty("")
    text_lang = StringProperty("fr")
    sms = BooleanProperty(False)


class VideoTile(ButtonBehavior, BoxLayout):
    """One person in the call: a pictogram (no real camera), the name, a muted mark."""

    target = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    name_lang = StringProperty("fr")
    mic_picture = StringProperty("")
    muted = BooleanProperty(False)
    camera_off = BooleanProperty(False)


class VideoPrejoin(BoxLayout):
    app_name = StringProperty("")
    meeting = StringProperty("")
    meeting_lang = StringProperty("fr")
    ready = StringProperty("")
    ready_lang = StringProperty("fr")
    status = StringProperty("")
    status_lang = StringProperty("fr")


class VideoCall(BoxLayout):
    app_name = StringProperty("")
    meeting = StringProperty("")
    meeting_lang = StringProperty("fr")


class VideoLeft(BoxLayout):
    picture = StringProperty("")
    words = StringProperty("")
    lang = StringProperty("fr")


class VideoAsk(BoxLayout):
    """The browser's question: may this site use the microphone and the camera?"""

    wants = StringProperty("")
    wants_lang = StringProperty("fr")
    mic = StringProperty("")
    camera = StringProperty("")
    words_lang = StringProperty("fr")
    mic_picture = StringProperty("")
    camera_picture = StringProperty("")
    note = StringProperty("")
    note_lang = StringProperty("fr")


class VideoConfirm(BoxLayout):
    question = StringProperty("")
    lang = StringProperty("fr")


class VideoSurface(MissedTaps, Surface):
    CHROME: ClassVar[Mapping[str, dict[str, str]]] = CHROME
    screen = StringProperty("invite")  # invite | prejoin | call | left
    permission = StringProperty("ask")  # ask | allowed | blocked
    mic_on = BooleanProperty(False)
    cam_on = BooleanProperty(False)
    leaving = BooleanProperty(False)  # the "leave the meeting?" question is open

    def __init__(self, fixture: Call, **kwargs: Any) -> None:
        super().__init__(fixture, **kwargs)
        app: Any = App.get_running_app()
        self.picto = app.picto
        self.dialog: Any = None
        self.ask_note = False
        start = fixture.start or "invite"
        if start == "call":
            self.permission, self.mic_on, self.cam_on = "allowed", True, True
        self.screen = start
        self._ready = True
        self._show()

    # -- words ------------------------------------------------------------------------------
    def relabel(self) -> None:
        if getattr(self, "_ready", False):
            self._show()

    def words_of(self, key: str) -> tuple[str, str]:
        """A chrome text and its language, for ``(words, lang)`` pairs."""
        return self.chrome(key), self.chrome_lang(key)

    # -- screens ----------------------------------------------------------------------------
    def _show(self) -> None:
        """Draw the current screen (and its open question box) from the state."""
        box = self.ids.screen
        box.clear_widgets()
        self._close_dialog()
        self.targets = {}
        build = {"invite": self._invite, "prejoin": self._prejoin, "call": self._call,
                 "left": self._left}[self.screen]
        box.add_widget(build())
        if self.screen == "prejoin" and self.permission == "ask":
            self._open_dialog(self._ask())
        elif self.screen == "call" and self.leaving:
            self._open_dialog(self._confirm())

    def _invite(self) -> VideoInvite:
        invite = self.fixture.invite or Invite(kind="email", sender="", subject="", text="", link="")
        sms = invite.kind == "sms"
        colon = " :" if self.chrome_lang("invite.from") == "fr" else ":"  # French puts a space
        card = VideoInvite(picture=self.picto("phone" if sms else "letter"), sms=sms,
                           sender=f"{self.chrome('invite.from')}{colon} {self.words(invite.sender)}",
                           sender_lang=self.chrome_lang("invite.from"),
                           subject=self.words(invite.subject),
                           subject_lang=self.words_lang(invite.subject),
                           text=self.words(invite.text), text_lang=self.words_lang(invite.text))
        link = card.ids.link
        link.picture, link.link = self.picto("link"), invite.link
        self.register("link.join", link)
        link.bind(on_release=lambda _l: self.emit(Action("tap", target="link.join")))
        return card

    def _you(self) -> VideoTile:
        """The learner's own tile: a placeholder, never a real camera."""
        on = self.permission == "allowed" and self.cam_on
        words, lang = self.words_of("you") if on else self.words_of("camera.off")
        return VideoTile(picture=self.picto("person" if on else "video-camera"), camera_off=not on,
                         name=words, name_lang=lang, mic_picture=self.picto("microphone"),
                         muted=not (self.permission == "allowed" and self.mic_on))

    def _prejoin(self) -> VideoPrejoin:
        status = f"status.{self.permission}"
        page = VideoPrejoin(app_name=self.fixture.app,
                            meeting=self.words(self.fixture.meeting),
                            meeting_lang=self.words_lang(self.fixture.meeting),
                            ready=self.chrome("prejoin.ready"), ready_lang=self.chrome_lang("prejoin.ready"),
                            status=self.chrome(status), status_lang=self.chrome_lang(status))
        bar: AddressBar = page.ids.bar
        invite = self.fixture.invite
        bar.address = invite.link if invite is not None and invite.link else f"https://{self.fixture.site}"
        page.ids.you.add_widget(self._you())
        join = page.ids.join
        join.words, join.lang = self.words_of("button.join")
        join.picture = self.picto("video-call")  # the camera picture is the camera-off tile
        self.register("button.join", join)
        join.bind(on_release=lambda _b: self.emit(Action("tap", target="button.join")))
        return page

    def _call(self) -> VideoCall:
        call = VideoCall(app_name=self.fixture.app,
                         meeting=self.words(self.fixture.meeting),
                         meeting_lang=self.words_lang(self.fixture.meeting))
        grid = call.ids.tiles
        people = self.fixture.participants
        grid.cols = min(3, len(people) + 1)
        for person in people:
            tile = VideoTile(picture=self.picto(person.pictogram or "person"),
                             name=self.words(person.name), name_lang=self.words_lang(person.name),
                             mic_picture=self.picto("microphone"), muted=person.muted)
            self.register(f"participant.{person.id}", tile)
            tile.bind(on_release=lambda t: self.emit(Action("tap", target=t.target)))
            grid.add_widget(tile)
        grid.add_widget(self._you())
        allowed = self.permission == "allowed"
        mic, cam, leave = call.ids.mic, call.ids.camera, call.ids.leave
        mic.off = not (allowed and self.mic_on)
        mic.words, mic.lang = self.words_of("mic.off" if mic.off else "mic")
        mic.picture = self.picto("microphone")
        cam.off = not (allowed and self.cam_on)
        cam.words, cam.lang = self.words_of("camera.off" if cam.off else "camera")
        cam.picture = self.picto("video-camera")
        leave.words, leave.lang = self.words_of("button.leave")
        leave.picture = self.picto("hang-up")
        for name, button in (("button.mute", mic), ("button.camera", cam), ("button.leave", leave)):
            self.register(name, button)
            button.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
        return call

    def _left(self) -> VideoLeft:
        words, lang = self.words_of("left")
        return VideoLeft(picture=self.picto("check"), words=words, lang=lang)

    # -- question boxes ---------------------------------------------------------------------
    def _ask(self) -> VideoAsk:
        site = self.fixture.site
        ask = VideoAsk(wants=self.chrome("ask.wants").format(site=site),
                       wants_lang=self.chrome_lang("ask.wants"),
                       mic=self.chrome("ask.mic"), camera=self.chrome("ask.camera"),
                       words_lang=self.chrome_lang("ask.mic"), mic_picture=self.picto("microphone"),
                       camera_picture=self.picto("video-camera"))
        if self.ask_note:
            ask.note, ask.note_lang = self.words_of("ask.note")
        for name, key in (("button.block", "button.block"), ("button.allow", "button.allow")):
            button = ask.ids[name.split(".")[1]]
            button.words, button.lang = self.words_of(key)
            self.register(name, button)
            button.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
        return ask

    def _confirm(self) -> VideoConfirm:
        words, lang = self.words_of("leave.ask")
        box = VideoConfirm(question=words, lang=lang)
        for name, key, picture in (("button.cancel_leave", "button.cancel", "back"),
                                   ("button.confirm_leave", "button.leave", "hang-up")):
            button = box.ids[name.split(".")[1]]
            button.words, button.lang = self.words_of(key)
            button.picture = self.picto(self.arrow(picture))
            self.register(name, button)
            button.bind(on_release=lambda b: self.emit(Action("tap", target=b.target)))
        return box

    def _open_dialog(self, dialog: Any) -> None:
        """A question box: under the address bar (the browser's), or in the middle."""
        self._close_dialog()
        dialog.size_hint = (None, None)
        self.dialog = dialog
        self.add_widget(dialog)
        self.bind(pos=self._place_dialog, size=self._place_dialog, mirrored=self._place_dialog)
        dialog.bind(minimum_height=self._place_dialog)
        self._place_dialog()

    def _place_dialog(self, *_a: Any) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        dialog.height = dialog.minimum_height
        if isinstance(dialog, VideoAsk):
            dialog.width = min(dp(620), self.width * 0.5)
            self.at_start(dialog, self.x + dp(24), self.right - dp(24))  # by the padlock
            dialog.top = self.top - dp(84)  # just under the address bar, as browsers ask
        else:
            dialog.width = min(dp(640), self.width * 0.8)
            dialog.center = self.center

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.unbind(pos=self._place_dialog, size=self._place_dialog, mirrored=self._place_dialog)
            if self.dialog.parent is not None:
                self.dialog.parent.remove_widget(self.dialog)
            for name in [n for n, w in self.targets.items() if self._inside(w, self.dialog)]:
                del self.targets[name]
        self.dialog = None

    @staticmethod
    def _inside(widget: Any, box: Any) -> bool:
        while widget is not None:
            if widget is box:
                return True
            parent = widget.parent
            widget = None if parent is widget else parent
        return False

    def target_widget(self, name: str | None) -> Any:
        """While a question box is open, only its buttons can be touched."""
        widget = super().target_widget(name)
        if widget is not None and self.dialog is not None and not self._inside(widget, self.dialog):
            return None
        return widget

    # -- touches ------------------------------------------------------------------------------
    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        dialog = self.dialog
        if dialog is not None and not dialog.collide_point(*touch.pos):
            touch.ud[f"miss.{id(self)}"] = True  # the question waits for an answer
            touch.grab(self)
            return True
        if dialog is not None:
            dialog.dispatch("on_touch_down", touch)
            self.note_touch(touch, within=dialog)
            return True
        self.note_touch(touch)
        super().on_touch_down(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if self.missed(touch):
            self.emit(Action("tap", target=None))
            return True
        return bool(super().on_touch_up(touch))

    # -- what an action does ----------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        if target == "link.join":
            self.screen, self.permission = "prejoin", "ask"
        elif target == "button.allow":
            self.permission, self.mic_on, self.cam_on = "allowed", True, True
        elif target == "button.block":
            self.permission, self.mic_on, self.cam_on = "blocked", False, False
        elif target == "button.join":
            self.screen = "call"
        elif target == "button.mute":
            self.mic_on = not self.mic_on
        elif target == "button.camera":
            self.cam_on = not self.cam_on
        elif target == "button.leave":
            self.leaving = True
        elif target == "button.cancel_leave":
            self.leaving = False
        elif target == "button.confirm_leave":
            self.screen, self.leaving = "left", False
        else:
            return
        self._show()

    def reject(self, action: Action) -> None:
        if action.target == "button.block" and not self.ask_note:
            self.ask_note = True  # the browser asks again, with a calm word on why it matters
            self._show()

    def shown_messages(self) -> list[str]:
        dialog = self.dialog
        return [dialog.note] if isinstance(dialog, VideoAsk) and dialog.note else []

    def reset_input(self) -> None:
        """Nothing is typed on this surface; the call simply ends."""


SURFACE = VideoSurface
load_kv(__file__)
