"""payment.fake_page through the real UI, in its own process: a look-alike payment page
with a padlock, a countdown that ticks (and goes on when the screen's language changes)
and a pay button that is no answer; the address bar says whose site it is, and the back
arrow leaves (French, and Arabic mirrored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import drive


@pytest.mark.parametrize(("lang", "size"), [("fr", "1280x800"), ("ar", "1280x800")])
def test_the_padlock_is_there_but_the_address_is_not_the_posts(display: str, tmp_path: Path, lang: str,
                                                                  size: str) -> None:
    seen = drive(display, tmp_path, "drive_fake_page.py", size, lang)
    start, later, paid, info, back = (seen[k] for k in ("start", "later", "paid", "info", "back"))
    assert start["mirrored"] is (lang == "ar")
    assert start["step"] == "address" and start["page"] == "page:fake"
    assert start["secure"] and start["address"] == "https://tilleul-post.colis-frais.example/payer"
    # the pressure: the time left goes down, every second
    words = {"fr": "Temps restant : ", "ar": "الوقت المتبقي: "}[lang]
    assert start["countdown"].startswith(words) and later["countdown"].startswith(words)
    assert later["countdown"] < start["countdown"], (start["countdown"], later["countdown"])
    if lang != "fr":  # the screen's language changed: drawn anew, it does not start again
        redrawn = seen["redrawn"]["countdown"][-5:]
        assert redrawn <= later["countdown"][-5:] < "10:00", (later["countdown"], redrawn)
    assert start["button"] == {"fr": "Payer 1,99 €", "ar": "ادفع 1,99 €"}[lang]
    # the button is on the reading side: left in French, right in Arabic
    assert (start["button_x"] > start["page_width"] / 2) is (lang == "ar")
    # paying is no answer: nothing opens, the step stays, it counts as a miss
    assert paid["step"] == "address" and paid["page"] == "page:fake" and paid["errors"] == 1
    assert info["step"] == "leave" and info["info_open"]
    assert back["step"] == "official" and back["page"] == "results"
