"""The camera surface: a phone's camera app pointed at a paper on a table, drawn as a
phone in the middle of the screen. Never a real camera: the paper is drawn (its title and
lines from the fixture), not filmed. (The kiosk's webcam, which reads a passport's QR
code, is ``kiosk.ui.camera``: unrelated.)

The viewfinder shows the paper off the frame at first: displaced to one side, too small
or too big, undoing the fixture's ``moves``. The arrows under it move the phone as the
hands would ("Vers la gauche", "Rapprochez"...); each accepted move slides the paper. When
it sits in the frame, the corners turn green and the screen says to hold still. The round
button takes the photo; the first ``blurred`` photos come out blurred (the paper drawn
shaken), and the preview offers "Reprendre" and "Utiliser". A used photo goes to the
fixture's ``recipient`` with "Envoyer".

The viewfinder and the arrows keep their direction on a mirrored (Arabic) screen: left is
where the hand goes, whatever the reading direction.
"""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.animation import Animation
from kivy.graphics import Color, Line
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.camera import A4, EFFECT, MOVES, WORDS, CameraFixture, start_place
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PhoneSurface

CHROME: dict[str, dict[str, str]] = dict(WORDS)

class CamPaper(FloatLayout):
    """The paper: a white page with its title, its lines and grey lines of small print."""

    title = StringProperty("")
    title_lang = StringProperty("fr")
    lines = ListProperty([])  # [(words, language)]
    unit = NumericProperty(10)

    def on_lines(self, *_a: Any) -> None:
        box = self.ids.lines
        box.clear_widgets()
        from kiosk.ui.widgets import Words

        for words, lang in self.lines:
            box.add_widget(Words(words=words, lang=lang, font_size=self.unit * 0.75,
                                 color=(0.1, 0.1, 0.12, 1), halign="right" if lang == "ar" else "left",
                                 size_hint_y=None, height=self.unit * 1.2,
                                 shorten=True, shorten_from="right"))
        for label in box.children:
            label.bind(size=lambda w, s: setattr(w, "text_size", s))


class CamViewfinder(StencilView):
    """What the camera sees: the table, the paper on it (clipped at the edges) and the
    frame's four corners. ``shift``/``size`` place the paper; ``shaken`` draws it blurred."""

    keep_direction = True  # the paper's side is the hand's side, in Arabic too
    shift = NumericProperty(0.0)
    size_factor = NumericProperty(1.0)
    framed = BooleanProperty(False)
    shaken = BooleanProperty(False)
    show_frame = BooleanProperty(True)
    unit = NumericProperty(10)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas.after:
            self._corner_colour = Color(1, 1, 1, 1)
            self._corners = [Line(width=dp(3)) for _ in range(4)]

    def frame_box(self) -> tuple[float, float, float, float]:
        """The frame: centred, 84 % of the height, a page's shape."""
        height = self.height * 0.84
        width = height / A4
        return self.center_x - width / 2, self.center_y - height / 2, width, height

    def place(self, *_a: Any) -> None:
        _x, _y, width, height = self.frame_box()
        papers = [self.ids.paper, self.ids.ghost_a, self.ids.ghost_b]
        w, h = width * 0.94 * self.size_factor, height * 0.94 * self.size_factor
        cx = self.center_x + self.shift * width * 0.94
        for paper, dx, dy in zip(papers, (0, dp(9), -dp(8)), (0, dp(4), -dp(3)), strict=True):
            paper.size = (w, h)
            paper.center = (cx + dx, self.center_y + dy)
            paper.unit = max(dp(6), h / 14)
        for ghost in papers[1:]:
            ghost.opacity = 0.45 if self.shaken else 0
        self._draw_corners()

    def _draw_corners(self) -> None:
        """The frame's four corners: white, green once the page sits in the frame."""
        x, y, width, height = self.frame_box()
        arm = min(width, height) * 0.18
        self._corner_colour.rgba = (0.2, 0.85, 0.35, 1) if self.framed else (1, 1, 1, 1)
        self._corner_colour.a = 1 if self.show_frame else 0
        for line, (cx, cy, sx, sy) in zip(self._corners, ((x, y, 1, 1), (x + width, y, -1, 1),
                                                          (x, y + height, 1, -1),
                                                          (x + width, y + height, -1, -1)), strict=True):
            line.points = [cx + sx * arm, cy, cx, cy, cx, cy + sy * arm]

    def on_framed(self, *_a: Any) -> None:
        self._draw_corners()

    def on_show_frame(self, *_a: Any) -> None:
        self._draw_corners()

    def on_size(self, *_a: Any) -> None:
        self.place()

    def on_pos(self, *_a: Any) -> None:
        self.place()

    def on_shift(self, *_a: Any) -> None:
        self.place()

    def on_size_factor(self, *_a: Any) -> None:
        self.place()

    def on_shaken(self, *_a: Any) -> None:
        self.place()


class CamShutter(ButtonBehavior, Widget):
    """The round button that takes the photo."""

    target = StringProperty("")


class CameraSurface(PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    stage = StringProperty("aim")  # aim → preview → send → sent
    framed = BooleanProperty(False)
    blurred_photo = BooleanProperty(False)  # the photo on the preview is blurred
    recipient = StringProperty("")
    recipient_lang = StringProperty("fr")

    def __init__(self, fixture: Any, **kwargs: Any) -> None:
        self._built = False
        super().__init__(fixture, **kwargs)
        model: CameraFixture = fixture  # typed by kiosk.ui.surfaces.create
        self.model: CameraFixture = model
        self.moved = 0  # the moves accepted so far
        self.shots = 0  # the photos taken so far
        ids = self.ids
        self.unpark()
        for move in MOVES:
            self.register(f"move.{move}", ids[f"move_{move}"])
        self.register_buttons("button.shutter", "button.retake", "button.use", "button.send")
        shift, size = start_place(self.model.moves)
        ids.viewfinder.shift, ids.viewfinder.size_factor = shift, size
        self.framed = not self.model.moves
        self._built = True
        self.relabel()
        self._show()

    # -- words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not getattr(self, "_built", False):
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        for name in (*(f"move.{m}" for m in MOVES), "button.retake", "button.use", "button.send"):
            widget = self.targets[name]
            widget.text, widget.lang = self.words_of[name]
        document = self.model.document
        title = (self.words(document.title), self.words_lang(document.title))
        lines = [(self.words(line), self.words_lang(line)) for line in document.lines]
        for paper in self._papers():
            paper.title, paper.title_lang = title
            paper.lines = lines
        recipient = self.model.recipient
        self.recipient, self.recipient_lang = self.words(recipient), self.words_lang(recipient)

    def _papers(self) -> list[CamPaper]:
        ids = self.ids
        return [ids.viewfinder.ids.paper, ids.viewfinder.ids.ghost_a, ids.viewfinder.ids.ghost_b,
                ids.photo.ids.paper, ids.photo.ids.ghost_a, ids.photo.ids.ghost_b,
                ids.thumb.ids.paper, ids.thumb.ids.ghost_a, ids.thumb.ids.ghost_b]

    # -- what is on screen -----------------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        pages = {"aim": ids.aim_page, "preview": ids.preview_page, "send": ids.send_page,
                 "sent": ids.send_page}
        ids.phone.show(pages[self.stage])
        ids.viewfinder.framed = self.framed
        for view in (ids.photo, ids.thumb):
            view.shaken = self.blurred_photo

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        view = self.ids.viewfinder
        if family == "move" and ident in EFFECT:
            self.moved += 1
            slide, factor = EFFECT[ident]
            shift, size = view.shift + slide, view.size_factor * factor
            self.framed = abs(shift) < 0.01 and abs(size - 1) < 0.01
            Animation.cancel_all(view)
            Animation(shift=shift, size_factor=size, duration=0.35, t="out_quad").start(view)
        elif target == "button.shutter":
            self.shots += 1
            self.blurred_photo = self.shots <= self.model.blurred
            self.stage = "preview"
        elif target == "button.retake":
            self.stage = "aim"
        elif target == "button.use":
            self.stage = "send"
        elif target == "button.send":
            self.stage = "sent"
        self._show()

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(20), self.y + dp(20))


SURFACE = CameraSurface
load_kv(__file__)
