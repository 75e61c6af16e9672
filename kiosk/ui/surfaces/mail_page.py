"""The site's page a genuine link in an e-mail opens (``link: {..., page: {...}}``): a
browser's address bar with the page's address, the site's heading, its message in a
green box (the account is confirmed) and an optional line under it. The webmail's
**Retour** goes back to the messages. Nothing is sent: the page is part of the exercise."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.surfaces.address_bar import AddressBar  # noqa: F401 (mail_page.kv uses it)
from kiosk.ui.surfaces.base import load_kv


class LinkPageView(BoxLayout):
    """The opened page: set ``address`` (with https://), the words and their languages."""

    address = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("fr")
    notice = StringProperty("")
    notice_lang = StringProperty("fr")
    text = StringProperty("")
    text_lang = StringProperty("fr")
    picture = StringProperty("")
    insecure_text = StringProperty("Non sécurisé")
    insecure_lang = StringProperty("fr")


load_kv(__file__)
