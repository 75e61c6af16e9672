"""Numbers, PINs, times and addresses keep their left-to-right order inside Arabic text:
the string Words draws (kiosk.ui.widgets.visual_order) has each run as it is read."""

from __future__ import annotations

import pytest

from kiosk.ui.widgets import isolate_runs, visual_order

SENTENCE = ("اتصل بالرقم 0470 12 34 56 قبل 10:30، ثم اكتب رمزك 4 8 2 6. "
            "العنوان: rue de la Gare 12, 5000 Namur.")
RUNS = ["0470 12 34 56", "10:30", "4 8 2 6", "rue de la Gare 12, 5000 Namur"]


def test_each_run_keeps_its_reading_order_in_the_drawn_string() -> None:
    shown = visual_order(SENTENCE)
    for run in RUNS:
        assert run in shown, (run, shown)
    # the defect seen: the groups of the phone number laid out right to left
    assert "56 34 12 0470" not in shown and "6 2 8 4" not in shown
    # and the runs stand where the sentence puts them: read right to left, the phone
    # number comes first, the address last (the leftmost)
    places = [shown.index(run) for run in RUNS]
    assert places == sorted(places, reverse=True)
    assert not any("\u2066" <= c <= "\u2069" for c in shown)  # no marks left to draw as boxes


def test_the_arabic_words_are_still_right_to_left() -> None:
    shown = visual_order("اكتب رقمك: 0470 12 34 56.")
    # the sentence's first word is drawn rightmost; the number left of "رقمك:"
    assert shown.endswith(visual_order("اكتب"))
    assert shown.index("0470 12 34 56") < shown.index(":") < shown.index(visual_order("رقمك"))
    assert shown.startswith(".")  # the full stop ends the sentence, on its left


@pytest.mark.parametrize(("logical", "run"), [
    ("مستشارتك، Emploi Wallonie (exemple)", "Emploi Wallonie (exemple)"),
    ("التاريخ: امسح ثم اكتب 01/06/2025.", "01/06/2025"),
    ("ادفع 1,99 € هنا", "1,99 €"),
    ("الساعة ١٠:٣٠", "١٠:٣٠"),
])
def test_other_runs(logical: str, run: str) -> None:
    assert run in visual_order(logical)


def test_brackets_around_arabic_words_face_the_words() -> None:
    # "Sophie (المستشارة)": read right to left, the name, then the bracketed word; drawn
    # left to right that is "(…) Sophie" with each bracket opening towards the word
    shown = visual_order("Sophie (المستشارة)")
    assert shown.endswith(" Sophie") and shown.startswith("(") and shown.index(")") < shown.index(" Sophie")


def test_isolates_only_around_runs() -> None:
    assert isolate_runs("اكتب 5000.") == "اكتب \u20665000\u2069."
    assert isolate_runs("رقم (0470) هنا") == "رقم )\u20660470\u2069( هنا"  # mirrored for bidi
    assert isolate_runs("Bonjour 12") == "\u2066Bonjour 12\u2069"  # no Arabic: nothing mirrored


def test_a_french_question_keeps_its_question_mark() -> None:
    """The screen's French words quoted in an Arabic instruction ("Qui peut voir ?", seen
    drawn as "? Qui peut voir"): the question mark stays at the end of the French."""
    shown = visual_order("الكلمات مكتوبة. المس Qui peut voir ?")
    assert "Qui peut voir ?" in shown and shown.startswith("Qui peut voir ?")
    assert isolate_runs("المس Qui ?") == "المس \u2066Qui ?\u2069"
    assert isolate_runs("هل تعرف؟") == "هل تعرف؟"  # Arabic asks with its own mark


def test_a_wrapped_line_keeps_its_paragraphs_direction() -> None:
    """"المس CV-Sam-Exemple.pdf." wrapped before the file name: the last line holds no
    Arabic letter, yet the sentence's full stop stays on its left (seen on its right)."""
    assert visual_order("CV-Sam-Exemple.pdf.", rtl=True) == ".CV-Sam-Exemple.pdf"
    assert visual_order("CV-Sam-Exemple.pdf.") == "CV-Sam-Exemple.pdf."  # a line of its own
