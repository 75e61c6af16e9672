"""A browser's address bar, shared by every surface that draws a browser (``web``,
``browser``, ``video``): the padlock (https) or "Non sécurisé" (http), then the address
with the site's name in bold, so every browser in the kiosk looks the same.

With ``today`` (a level-2 exercise, clutter ``browser_today``) it looks like today's
browsers: the site-information icon (two sliders) instead of the padlock, and the
``DownloadBubble`` at the top right. Phishing sites have padlocks too: the address,
not the padlock, says which site it is."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from kiosk.ui.surfaces.base import load_kv

MUTED_HEX = "4a4a4a"  # the scheme and the path, as browsers grey them (≥ 7:1 on the bar)


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
    today = BooleanProperty(False)  # today's look: the site-information icon, no padlock

    def on_address(self, *_a: Any) -> None:
        scheme, host, rest = split_address(self.address)
        self.secure = scheme == "https://"
        self.shown = (f"[color={MUTED_HEX}]{escape_markup(scheme)}[/color]"
                      f"[b]{escape_markup(host)}[/b]{escape_markup(rest)}")


class DownloadBubble(BoxLayout):
    """Today's browsers' download button, at the top right of the toolbar."""


load_kv(__file__)
