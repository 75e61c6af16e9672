"""A file to attach on a web form (documents.proof), through the real UI in its own
process: the picker opens over the form, the site refuses the big photo in red under
the block, then accepts the small PDF, and the form is sent (French, and Arabic with the
practice screen in Arabic: mirrored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.conftest import drive


@pytest.mark.parametrize(("lang", "size"), [("fr", "1280x800"), ("ar", "1280x800"), ("ar", "1920x1080")])
def test_a_file_refused_then_one_accepted(display: str, tmp_path: Path, lang: str, size: str) -> None:
    seen = drive(display, tmp_path, "drive_upload.py", size, lang)
    start, picker, folder = seen["start"], seen["picker"], seen["folder"]
    refused, again, accepted = seen["refused"], seen["again"], seen["accepted"]
    assert start["mirrored"] is (lang == "ar")
    assert start["step"] == "attach" and not start["picker_open"] and start["error"] == ""

    # the picker over the form: the folders, the page under it out of reach
    assert picker["picker_open"] and picker["layer_covers_frame"] and not picker["form_reachable"]
    assert picker["rows"] == ["folder.documents", "folder.downloads"]
    title = {"fr": "Mes fichiers", "ar": "ملفاتي"}[lang]
    assert picker["picker_title"] == title, picker["picker_title"]
    # opening a folder is looking: the step stays, no help is called
    assert folder["step"] == "photo" and folder["hint_level"] == 0
    assert folder["rows"] == ["file.bill", "file.letter", "file.photo"]
    assert folder["smallest_row_px"] >= 64 and folder["rows_inside_window"]
    assert folder["photo_row_right_of_picture"] == ("left" if lang == "ar" else "right")

    # the site refuses the photo, in red, in view, in the screen's language
    too_big = {"fr": "Le fichier dépasse 5 Mo.", "ar": "حجم الملف أكبر من 5 ميغابايت."}[lang]
    assert refused["step"] == "again" and not refused["picker_open"] and refused["form_reachable"]
    assert refused["error"] == too_big and refused["error_in_view"]
    assert refused["messages"] == [too_big] and refused["chosen"] == ""
    red, green, blue = refused["error_colour"][:3]
    assert red > 0.5 and green < 0.2 and blue < 0.2

    # the picker remembers the folder; the PDF is accepted and the message goes
    assert again["picker_open"] and again["picker_folder"] == "documents"
    assert accepted["error"] == "" and accepted["messages"] == []
    assert accepted["chosen"] == "facture_energie.pdf"
    assert accepted["hint_level"] == 0 and accepted["lowest_contrast"] >= 4.5
    assert seen["sent"]["page"] == "done"
