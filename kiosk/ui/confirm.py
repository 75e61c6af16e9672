"""Asking once before something that cannot be undone: leaving an exercise, ending a
session, the animator's "Terminer la session" and "Quitter le kiosque".

A card over the whole screen asks the question in words and aloud, with two big
buttons: "yes" (a picture of what will happen) and "no" (go on, the default that costs
nothing). The question is spoken in the learner's language; the animator's questions are
shown in French and not spoken (``language="fr", spoken=False``). An idle wipe closes
any open card (``App.clear_traces`` dismisses every ModalView).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

from kiosk import strings

_KV = Path(__file__).with_suffix(".kv")


class ConfirmCard(ModalView):
    """The question and its two answers; the buttons are named ``confirm.yes`` and
    ``confirm.no`` for the robot and the tests."""

    question = StringProperty("")
    yes_text = StringProperty("")
    no_text = StringProperty("")
    yes_picture = StringProperty("")
    lang = StringProperty("fr")

    def __init__(self, on_yes: Callable[[], None], on_no: Callable[[], None] | None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_yes = on_yes
        self._on_no = on_no

    def answer(self, yes: bool) -> None:
        self.dismiss(animation=False)
        callback = self._on_yes if yes else self._on_no
        if callback is not None:
            callback()


def ask(question_key: str, on_yes: Callable[[], None], *, on_no: Callable[[], None] | None = None,
        yes_key: str = "confirm.yes", no_key: str = "confirm.no", yes_picture: str = "check",
        language: str | None = None, spoken: bool = True) -> ConfirmCard:
    """Open the card; ``on_yes`` runs only after "yes" is touched."""
    app: Any = App.get_running_app()
    if str(_KV) not in Builder.files:
        Builder.load_file(str(_KV))
    lang = language or app.language
    card = ConfirmCard(on_yes, on_no, question=app.tr(question_key, lang), yes_text=app.tr(yes_key, lang),
                       no_text=app.tr(no_key, lang), yes_picture=app.picto(yes_picture), lang=lang)
    card.open(animation=False)
    if spoken:  # in the language shown, not always the learner's
        app.speaker.say([strings.text(question_key)], lang)
    return card
