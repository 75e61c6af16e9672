"""The progress passport on the real kiosk: two EPNs, A and B, each its own home.

On A (1920×1080, French) a learner answers the self-assessment by touch, plays, reads
the results and ends on the passport screen; its screenshot is read back with zxing-cpp
and gives the very record A signed. On B (1280×800, Arabic), which trusts A's key, the
learner comes back with that screenshot held to a fake camera (there is no webcam here),
with a foreign and a tampered code first, then again, then with the typed picture code:
the same stars, nothing counted twice, and before and now in the self-assessment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.export.keys import SigningKey, TrustedIssuers
from kiosk.export.passport import Passport
from kiosk.export.qr import make_qr
from kiosk.export.record import decode_payload, encode_payload
from kiosk.export.scan import read_qr_file
from kiosk.export.sealed import Verdict, code_parts, code_text
from tests.gui.conftest import ROOT, kiosk_env

# kiosk B needs kiosk A's run, and every test reads one of the two: one xdist worker for all
pytestmark = pytest.mark.xdist_group("test_passport")

ANSWERS = ["yes", "yes", "a_little", "not_yet", "a_little", "not_yet", "not_yet", "not_yet",
           "not_yet", "a_little", "yes"]  # as in drive_passport.py
QUESTION_IDS = ["mouse", "keyboard", "email_reply", "email_attach", "search", "official_site",
                "online_form", "appointment", "digital_id", "scam", "video_call"]
CANARY = "zqxkw"  # short: every letter is a tap


def drive(script: str, display: str, home: Path, size: str, language: str, *extra: str) -> dict[str, Any]:
    out = home / "seen.json"
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui" / script), str(out), str(home / "shots"),
                           size, language, *extra], env=kiosk_env(display, home), capture_output=True,
                          text=True, timeout=240, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-5000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    seen["home"] = str(home)
    return seen


@pytest.fixture(scope="module")
def kiosk_a(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return drive("drive_passport.py", display, tmp_path_factory.mktemp("epn_a"), "1920x1080", "fr")


@pytest.fixture(scope="module")
def kiosk_b(display: str, tmp_path_factory: pytest.TempPathFactory,
            kiosk_a: dict[str, Any]) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("epn_b")
    # B accepts A's codes, as `kiosk progress trust <id> <key>` does
    a = SigningKey.load_or_create(Path(kiosk_a["home"]))
    TrustedIssuers(home, SigningKey.load_or_create(home)).add(a.epn_id, a.public_text, "EPN A")
    (home / "tampered.png").write_bytes(make_qr(forged(kiosk_a["passport"]["code"])).png(scale=10))
    (home / "foreign.png").write_bytes(make_qr("HTTPS://EXAMPLE.ORG/MENU").png(scale=10))
    inputs = {"qr": kiosk_a["passport_png"], "tampered": str(home / "tampered.png"),
              "foreign": str(home / "foreign.png"), "pictures": kiosk_a["passport"]["pictures"],
              "digits": kiosk_a["passport"]["digits"],
              "old_answers": dict.fromkeys(QUESTION_IDS, "not_yet")}
    (home / "inputs.json").write_text(json.dumps(inputs))
    return drive("drive_resume.py", display, home, "1280x800", "ar", str(home / "inputs.json"))


def forged(code: str) -> str:
    """The same code with three stars everywhere, under the original signature."""
    payload, signature = code_parts(code)
    record = decode_payload(payload, catalogue().scenarios)
    better = replace(record, results=tuple(replace(r, best_stars=3) for r in record.results))
    return code_text(encode_payload(better), signature)


def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "scenarios")


def passport_of(home: str) -> Passport:
    return Passport(home=Path(home), scenarios=catalogue().scenarios.values())


# -- kiosk A: the end of a visit ----------------------------------------------------------------
def test_a_visit_with_nothing_done_has_nothing_to_carry(kiosk_a: dict[str, Any]) -> None:
    nothing = kiosk_a["nothing"]
    assert nothing["has_code"] is False and nothing["qr_module_px"] == 0
    assert nothing["spoken"] == "Merci de votre visite ! Revenez quand vous voulez."


def test_the_self_assessment_is_offered_answered_by_touch_and_stored(kiosk_a: dict[str, Any]) -> None:
    assert kiosk_a["welcome_offers_resume"] is True
    assert kiosk_a["first_visit"]["offered"] is True and kiosk_a["offered_after"] is False
    check = kiosk_a["selfcheck"]
    # each question is on screen and spoken (the first after "answer with the pictures")
    assert check["questions"][0]["words"] == "Savez-vous utiliser une souris ?"
    assert all(q["spoken"] == q["words"] for q in check["questions"][1:])
    assert check["stored"] == [dict(zip(QUESTION_IDS, ANSWERS, strict=True))]
    # the first "not yet" (sending a document by e-mail) says where to start
    assert check["suggestion"] == "email" and check["start_tile"] is True
    # a first visit: then "Faisons le point" is offered (test_placement.py plays it)
    assert check["said"] == ["Merci ! Vos réponses sont gardées.", "Je vous propose de commencer ici :",
                             "L'e-mail", "Voulez-vous faire le point ? Touchez la loupe."]


def test_the_results_say_what_the_learner_can_do_now(kiosk_a: dict[str, Any]) -> None:
    first, second = kiosk_a["results"], kiosk_a["results_after_two"]
    assert first["stars"] == 3 and first["can_now"] == "Cliquer"
    # DigComp names and levels are for trainers (attestation, animator, hub), not on this screen
    shown = " ".join(first["words_on_screen"])
    assert "Cliquer" in shown and "Double-cliquer" in shown
    assert "Niveau" not in shown and "Naviguer, chercher" not in shown and "pratiqué" not in shown
    assert first["path"] == "Exercices réussis depuis votre première visite : 1"
    assert second["path"].endswith(": 2")
    # the next exercise is a button with its name, and it is the one that was played
    assert first["recommended"] == "mouse.double_click" and first["next_button"] == "Double-cliquer"
    assert kiosk_a["next_played"] == "mouse.double_click"
    assert first["said"] == ["Bravo ! Vous l'avez fait seul.", "Maintenant, vous savez :", "Cliquer",
                             "Exercices réussis depuis votre première visite : 1",
                             "Ensuite, je vous propose :", "Double-cliquer"]


def test_j_ai_fini_on_the_results_asks_once(kiosk_a: dict[str, Any]) -> None:
    card = kiosk_a["done_card"]
    assert card["question"] == "Terminer pour aujourd'hui ?" and card["spoken"] == card["question"]
    assert card["yes"] == "Oui, j'ai fini" and card["yes_picture"] == "check"
    assert card["after_no"] == "results"  # "Non, je continue": nothing ended
    assert kiosk_a["passport"]["has_code"]  # "Oui": the passport


def test_the_qr_code_on_screen_reads_back_as_the_record_kiosk_a_signed(kiosk_a: dict[str, Any]) -> None:
    shown = kiosk_a["passport"]
    text = read_qr_file(Path(kiosk_a["passport_png"]))  # zxing-cpp on the real screenshot
    assert text == shown["code"]
    opened = passport_of(kiosk_a["home"]).open(text)
    assert opened.verdict is Verdict.OK
    assert opened.record is not None and opened.record.to_json() == shown["record"]
    assert {r["id"]: r["best_stars"] for r in shown["record"]["scenarios"]} == {
        "mouse.click": 3, "mouse.double_click": 3, "keyboard.email": 2}
    assert len(shown["record"]["self_assessment"]) == 1
    # large on screen: at least 8 screen pixels a module
    assert shown["qr_module_px"] >= 8 and min(shown["qr_size"]) >= 600
    # the picture code is the learner's, and said: "take a photo", then the pictures
    assert shown["picture"].endswith(shown["digits"])
    assert shown["said"][:2] == ["Prenez une photo avec votre téléphone.", "Votre code en images :"]
    assert shown["said"][2:5] == shown["picture"].split("-")[:3]  # the three pictures, named
    assert shown["said"][5] == str(int(shown["digits"]))
    assert shown["said"][-1] == "La prochaine fois, montrez ce code pour continuer."


def test_the_code_holds_no_text_the_learner_typed(kiosk_a: dict[str, Any]) -> None:
    code = kiosk_a["passport"]["code"]
    payload, _signature = code_parts(code)
    assert CANARY.encode() not in payload and b"Namur" not in payload
    assert CANARY not in json.dumps(kiosk_a["passport"]["record"])


def test_imprimer_alone_asks_for_the_animator_and_writes_nothing(kiosk_a: dict[str, Any]) -> None:
    asked = kiosk_a["print"]
    assert asked["status"] == asked["spoken"]
    # with CUPS the PIN pad opens for the animator; without it the kiosk says so
    expected = "Pour imprimer, appelez l'animateur." if asked["pad"] else \
        "On ne peut pas imprimer ici. Prenez une photo du code."
    assert asked["status"] == expected and asked["files"] == []


def test_finish_says_goodbye_and_leaves_no_code_on_screen(kiosk_a: dict[str, Any]) -> None:
    after = kiosk_a["after"]
    assert after["last_spoken"] == "Merci et à bientôt !"
    assert after["qr_module_px"] == 0 and after["issued"] is False


@pytest.mark.parametrize("kiosk", ["kiosk_a", "kiosk_b"])
def test_every_new_screen_has_big_targets_and_strong_contrast(kiosk: str,
                                                             request: pytest.FixtureRequest) -> None:
    seen = request.getfixturevalue(kiosk)
    small = {label: t for label, t in seen["targets"].items() if t[0] < 64}
    assert not small, small
    weak = {label: c for label, c in seen["contrast"].items() if c[0] < 7.0}
    assert not weak, weak
    assert all(Path(p).exists() for p in seen["shots"].values())


# -- kiosk B: "J'ai déjà un code" ------------------------------------------------------------
def test_without_a_camera_the_kiosk_says_so_and_offers_the_animator(kiosk_b: dict[str, Any]) -> None:
    no_camera = kiosk_b["no_camera"]
    assert no_camera["camera_on"] is False and no_camera["message"] == "resume.no_camera"
    assert no_camera["said"] == ["لا توجد كاميرا هنا.", "يمكن للمنشّط أن يكتب رمز الصور الخاص بك."]
    # a picture code this kiosk has never seen: a calm sentence, still on the same screen
    assert kiosk_b["typed_unknown"] == {"said": ["رمز الصور هذا غير معروف هنا. اعرض رمز QR."],
                                        "screen": "resume"}


def test_foreign_and_tampered_codes_are_refused_calmly_then_the_real_one_merges(
        kiosk_a: dict[str, Any], kiosk_b: dict[str, Any]) -> None:
    assert kiosk_b["camera"]["verdicts"] == ["malformed", "bad_signature", "ok"]
    assert kiosk_b["tampered"]["said"] == ["لا يمكن قراءة هذا الرمز هنا. اسأل المنشّط."]
    assert kiosk_b["tampered"]["camera_on"] is True  # it keeps looking
    resumed = kiosk_b["resumed"]
    assert resumed["language"] == "ar" and resumed["said"][0] == "مرحبًا بعودتك! نجومك هنا."
    assert resumed["pseudonym"] == kiosk_a["passport"]["pseudonym"]
    # the stars of kiosk A on kiosk B's tiles
    a_stars = {r["id"]: r["best_stars"] for r in kiosk_a["passport"]["record"]["scenarios"]}
    assert resumed["session_stars"] == a_stars
    assert kiosk_b["tiles"]["mouse.click"] == 3 and kiosk_b["tiles"]["mouse.double_click"] == 3
    assert kiosk_b["tiles"]["mouse.drag"] == 0


def test_kiosk_b_s_own_qr_code_reads_back_in_arabic_on_the_small_screen(kiosk_b: dict[str, Any]) -> None:
    text = read_qr_file(Path(kiosk_b["shots"]["passport-resumed"]))
    assert text == kiosk_b["passport-resumed-code"]
    opened = passport_of(kiosk_b["home"]).open(text)
    assert opened.verdict is Verdict.OK and opened.record is not None
    assert opened.record.pseudonym == kiosk_b["resumed"]["pseudonym"]


def test_the_same_code_twice_counts_nothing_twice(kiosk_a: dict[str, Any], kiosk_b: dict[str, Any]) -> None:
    a_results = {r["id"]: [r["best_stars"], r["times_done"]]
                 for r in kiosk_a["passport"]["record"]["scenarios"]}
    assert kiosk_b["resumed"]["results"] == a_results
    assert kiosk_b["resumed_again"]["results"] == a_results
    assert kiosk_b["resumed_again"]["learner_id"] == kiosk_b["resumed"]["learner_id"]


def test_the_typed_picture_code_finds_the_same_learner(kiosk_b: dict[str, Any]) -> None:
    typed = kiosk_b["typed"]
    assert typed["learner_id"] == kiosk_b["resumed"]["learner_id"]
    assert typed["tiles"] == kiosk_b["tiles"]
    assert typed["offered"] is False  # answered on kiosk A already: not pressed again


def test_asked_again_the_self_assessment_shows_before_and_now(kiosk_b: dict[str, Any]) -> None:
    check = kiosk_b["selfcheck"]
    assert check["rows"] == 3  # the questions, before, now
    assert check["grown"] == "التقدم منذ المرة الأولى: 10"  # 10 of 11 answers grew from "not yet"
    days = [day for day, _answers in check["stored"]]
    assert len(days) == 2 and days[0] < days[1]
    assert check["suggestion"] == "eadmin"  # the one "not yet" left: an appointment online


def test_results_on_kiosk_b_count_the_whole_path(kiosk_a: dict[str, Any], kiosk_b: dict[str, Any]) -> None:
    results = kiosk_b["results"]
    done_on_a = sum(r["times_done"] for r in kiosk_a["passport"]["record"]["scenarios"])
    assert results["path"].endswith(f": {done_on_a + 1}")
    final = {r["id"] for r in kiosk_b["final_record"]["scenarios"]}
    assert final == {"mouse.click", "mouse.double_click", "keyboard.email", "mouse.drag"}
    assert kiosk_b["final_record"]["origin"] == kiosk_a["passport"]["record"]["origin"]
