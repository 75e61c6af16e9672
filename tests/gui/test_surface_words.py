"""The surfaces' words on a Dutch screen are the catalogue's: a Dutch-speaking learner
opens one exercise of each surface with its own words ("Het scherm in mijn taal"), at
1280×800, through the real kiosk (drive_surface_words.py). The expected words are read
from kiosk/locale/nl/LC_MESSAGES/kiosk.po, not written here: change a translation there
and the screen follows."""

from __future__ import annotations

from typing import Any

import pytest
from babel.messages.pofile import read_po

from tests.gui.conftest import ROOT, drive

# exercise → the surface words (catalogue contexts) its first screen shows
SHOWN = {
    "identity.fake_sms": ("sms.app.title",),
    "email.reply": ("mail.button.new", "mail.folder.inbox", "mail.folder.sent", "mail.folder.trash"),
    "internet.search": ("browser.search.label", "browser.button.search"),
    "video.join": ("video.invite.from",),
    "keyboard.words": ("keyboard.key.backspace", "keyboard.key.space"),
    "identity.login": ("phone_id.site.login",),
}


def dutch() -> dict[str, tuple[str, str]]:
    """Catalogue context → (French, Dutch), for the words of SHOWN."""
    with (ROOT / "kiosk" / "locale" / "nl" / "LC_MESSAGES" / "kiosk.po").open("rb") as f:
        catalogue = read_po(f)
    wanted = {key for keys in SHOWN.values() for key in keys}
    return {str(m.context): (str(m.id), str(m.string)) for m in catalogue if m.context in wanted}


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("surface-words")
    return drive(display, home, "drive_surface_words.py", "1280x800", ",".join(SHOWN), "nl", timeout=600)


def test_a_dutch_screen_shows_the_catalogues_words(seen: dict[str, Any]) -> None:
    words = dutch()
    assert set(words) == {key for keys in SHOWN.values() for key in keys}
    for sid, keys in SHOWN.items():
        record = seen[sid]
        assert record["screen"] == "nl", sid
        for key in keys:
            french, translated = words[key]
            assert translated and translated != french, key
            # "Van" is drawn before the sender: "Van: Emploi Wallonie (exemple)"
            assert any(text == translated or text.startswith(f"{translated}:") for text in record["texts"]), (
                sid, key, translated, record["texts"][:30])
            assert french not in record["texts"], (sid, key, french)
