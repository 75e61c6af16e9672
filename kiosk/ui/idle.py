"""The "are you still there?" card shown before an idle session is closed."""

from __future__ import annotations

from kivy.uix.modalview import ModalView


class IdleWarning(ModalView):
    pass
