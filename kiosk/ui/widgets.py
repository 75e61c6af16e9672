"""Shared kiosk widgets: big picture buttons, tiles, stars, the language picker. Layout in
widgets.kv.

Every touch target is at least 64 px high at 1920×1080 (the kv sizes use ``dp``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from kiosk.ui.assets import RTL_LANGUAGES, font_for
from kiosk.ui.palette import HELP, INK, PAPER, SELECTED, WHITE  # noqa: F401 (kv imports these)

# A run that is read left to right inside Arabic text: a number, a PIN, a phone number,
# a time, a date, an address, a Latin word or name ("0470 12 34 56", "10:30", "4 8 2 6",
# "rue de la Gare 12, 5000 Namur", "Emploi Wallonie (exemple)", "OK"). It starts and ends
# with a letter or digit (so a sentence's final full stop stays Arabic) and may hold
# spaces and the punctuation of numbers and addresses inside. Arabic-Indic digits count
# too: numbers run left to right in Arabic as well.
_LTR_CHAR = "0-9A-Za-z\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9"
# A French question quoted in an Arabic line keeps its "?" (Arabic asks with "؟"):
# "المس Qui peut voir ?" shows "Qui peut voir ?", not "? Qui peut voir".
LTR_RUN = re.compile(f"[{_LTR_CHAR}](?:[{_LTR_CHAR} .,:;/@+#&'’()_\\-]*[{_LTR_CHAR}%€)])?(?:[ \u00a0]?\\?)?")
_JOINED = "\ue000"  # a space inside a run while lines are broken (private use)
_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")
# python-bidi's reordering does not mirror brackets (rule L4): in right-to-left text "("
# must be drawn as ")". Outside the isolated runs every character of an Arabic line is
# right to left, so the brackets there are swapped before reordering.
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def show_only(container: Any, child: Any) -> None:
    """``child`` alone in ``container`` (moved there from wherever it was shown before)."""
    if child.parent is not container:
        container.clear_widgets()
        if child.parent is not None:
            child.parent.remove_widget(child)
        container.add_widget(child)


def _runs(logical: str) -> list[tuple[int, int]]:
    """Where the left-to-right runs are; a closing bracket a run did not open stays out."""
    spans = []
    for run in LTR_RUN.finditer(logical):
        start, end = run.span()
        text = run.group(0)
        while text.endswith(")") and text.count(")") > text.count("("):
            text = text[:-1].rstrip(" .,:;/@+#&'’_-")
        spans.append((start, start + len(text)))
    return spans


def is_rtl(logical: str) -> bool:
    """Right to left when a letter outside the left-to-right runs is (Arabic)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in LTR_RUN.sub("", logical))


def isolate_runs(logical: str, rtl: bool | None = None) -> str:
    """Wrap each left-to-right run in LRI … PDI (U+2066 … U+2069), so the bidi algorithm
    keeps it in its own order: without it the groups of "0470 12 34 56" are laid out
    right to left, as Arabic words are, and show as "56 34 12 0470". In a right-to-left
    line the brackets outside the runs are mirrored (see ``_MIRRORED``). ``rtl``: the
    paragraph's direction, when this line is one piece of it (else the line's own)."""
    spans = _runs(logical)
    if rtl is None:
        rtl = is_rtl(logical)
    parts: list[str] = []
    last = 0
    for start, end in spans:
        between = logical[last:start]
        parts += [between.translate(_MIRRORED) if rtl else between, f"\u2066{logical[start:end]}\u2069"]
        last = end
    tail = logical[last:]
    return "".join([*parts, tail.translate(_MIRRORED) if rtl else tail])


def visual_order(logical: str, rtl: bool | None = None) -> str:
    """One line of Arabic as it is drawn: numbers and Latin runs isolated, letters joined
    (reshaped), then right to left. Every Arabic text on screen goes through here (Words).
    ``rtl``: the direction of the paragraph this line was wrapped from — a last line
    holding only "CV-Sam-Exemple.pdf." still ends, on its left, with the full stop.

    python-bidi ≥ 0.5 implements the isolates of Unicode 6.3 (tests/ui/test_arabic_order.py
    checks it); the marks themselves are dropped from the result, as the fonts have no
    glyph for them."""
    import arabic_reshaper
    from bidi import get_display

    if rtl is None:
        rtl = is_rtl(logical)
    isolated = arabic_reshaper.reshape(isolate_runs(logical, rtl))
    shown = str(get_display(isolated, base_dir="R" if rtl else "L"))
    return shown.translate(_ISOLATES)


class Words(Label):
    """Learner-facing words in a language: the font for its script, Arabic shaped and
    laid out right to left. Set ``words`` (logical order) and ``lang``, not ``text``.

    Kivy's own shaping (``font_direction``) measures lines before shaping, so wrapped or
    aligned Arabic lands in the wrong place; here each line is measured already shaped,
    broken at spaces, then put in visual order.
    """

    words = StringProperty("")
    lang = StringProperty("fr")
    # when set (and the label does not wrap), the words shrink down to half this size
    # rather than spill out of the label: "Допоможіть мені" in a small button
    fit_size = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        self._trigger_words = Clock.create_trigger(self._update, -1)
        super().__init__(**kwargs)
        for name in ("words", "lang", "text_size", "fit_size", "width", "height"):
            self.fbind(name, self._trigger_words)
        self._update()

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGUAGES

    def _update(self, *_a: Any) -> None:
        self.font_name = font_for(self.lang)
        if self.fit_size:
            self.font_size = self._fitting_size()
        if not self.rtl:
            self.text = self.words
            return
        width = self.text_size[0]
        shown = []
        for para in self.words.split("\n"):  # each line keeps its paragraph's direction
            rtl = is_rtl(para)
            shown += [visual_order(line, rtl) for line in (self._wrap(para, width) if width else [para])]
        self.text = "\n".join(shown)

    def _fitting_size(self) -> float:
        """``fit_size``, or smaller so the words fit: on one line in a button, or within
        the label's height when it wraps (a long instruction on a small screen)."""
        size = float(self.fit_size)
        width, height = self.text_size
        if not self.words:
            return size
        if width and height:
            while size > self.fit_size * 0.45:
                wrapped = [line for p in self.words.split("\n") for line in self._wrap(p, width, size)]
                # the font's own line height (Arabic lines are about twice the font size)
                line = CoreLabel(font_name=self.font_name, font_size=size, bold=self.bold)
                # a word longer than the line (an e-mail address) cannot wrap: shrink too
                widest = max(line.get_extents(self._shaped(text))[0] for text in wrapped)
                if (len(wrapped) * line.get_extents("Ag")[1] * self.line_height <= height
                        and widest <= width):
                    break
                size *= 0.92
            return size
        room = self.width - self.padding_x * 2 - 4
        if width or room <= 0:
            return size
        shown = self.words if not self.rtl else visual_order(self.words)
        measure = CoreLabel(font_name=self.font_name, font_size=size, bold=self.bold)
        widest = max(measure.get_extents(line)[0] for line in shown.split("\n"))
        return size * max(0.5, min(1.0, room / widest)) if widest else size

    def _shaped(self, text: str) -> str:
        import arabic_reshaper

        return str(arabic_reshaper.reshape(text)) if self.rtl else text

    def _wrap(self, paragraph: str, width: float, size: float | None = None) -> list[str]:
        """Break at spaces so each line fits ``width``, measured as drawn (Arabic joined)."""
        import arabic_reshaper

        shape = arabic_reshaper.reshape if self.rtl else str
        measure = CoreLabel(font_name=self.font_name, font_size=size or self.font_size, bold=self.bold)
        lines: list[str] = []
        current = ""
        for word in self._pieces(paragraph, lambda text: measure.get_extents(shape(text))[0] <= width):
            candidate = f"{current} {word}" if current else word
            if current and measure.get_extents(shape(candidate))[0] > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def _pieces(self, paragraph: str, fits: Any) -> list[str]:
        """The words of a paragraph; in Arabic a number or an address that fits on one
        line stays one piece, so a phone number is not cut across two lines."""
        if not self.rtl:
            return paragraph.split()

        joined = paragraph
        for start, end in _runs(paragraph):
            if fits(paragraph[start:end]):
                joined = joined[:start] + paragraph[start:end].replace(" ", _JOINED) + joined[end:]
        return [piece.replace(_JOINED, " ") for piece in joined.split()]


class MirrorBox(BoxLayout):
    """A horizontal box that flows right to left when ``mirrored`` (Arabic): the first
    child (e.g. the back button) ends up on the right."""

    mirrored = BooleanProperty(False)

    def on_mirrored(self, *_a: Any) -> None:
        self._trigger_layout()

    def do_layout(self, *args: Any) -> None:
        super().do_layout(*args)
        if self.mirrored:
            for child in self.children:
                child.x = self.x + (self.right - child.right)


class PictureButton(ButtonBehavior, MirrorBox):
    """A large button with a pictogram and (optionally) a word under or beside it."""

    text = StringProperty("")
    picture = StringProperty("")
    back_color = ColorProperty(WHITE)
    text_color = ColorProperty(INK)
    font_size = NumericProperty(28)
    name = StringProperty("")  # stable id the robot and tests look for
    lang = StringProperty("")  # the words' language; empty: the learner's language


class Tile(PictureButton):
    """A module or scenario tile: big picture, title, earned stars; ``start_here`` marks
    the first module of a first visit (a pointing hand and "Commencez ici" above it)."""

    stars = NumericProperty(0)
    done = BooleanProperty(False)
    start_here = BooleanProperty(False)
    _mark: Any = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_start_here()  # set as a keyword: now that the kv children are there

    def on_start_here(self, *_a: Any) -> None:
        from kivy.factory import Factory

        if self.canvas is None:  # still being built
            return
        if self.start_here and self._mark is None:
            self._mark = Factory.StartHereMark()
            self.add_widget(self._mark, index=len(self.children))  # first: on top
        elif not self.start_here and self._mark is not None:
            self.remove_widget(self._mark)
            self._mark = None


class LanguagePicker(ModalView):
    """The six languages over the current screen, each a speech bubble saying hello in it
    and its name in its own script (never a flag: a flag names a country).

    Touching one switches at once: its name is said in it, then the step again; touching
    outside closes it and nothing changes.
    """

    def on_open(self) -> None:
        from kivy.app import App

        app: Any = App.get_running_app()
        grid = self.ids.languages
        grid.clear_widgets()
        for lang in app.kiosk_config.languages:
            button = PictureButton(text=app.tr("language", lang), picture=app.picto(app.flag(lang)),
                                   name=f"switch.{lang}", lang=lang, font_size=30,
                                   back_color=SELECTED if lang == app.language else WHITE)
            button.bind(on_release=lambda _b, lang=lang: self.choose(lang))
            grid.add_widget(button)
        app.say_ui("language.choose")

    def choose(self, language: str) -> None:
        from kivy.app import App

        self.dismiss(animation=False)
        App.get_running_app().set_language(language)  # type: ignore[union-attr]
