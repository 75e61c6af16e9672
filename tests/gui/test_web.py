"""The web surface through the real UI, as a learner would notice it: a button leads to the
next address; a taken time cannot be chosen (and help comes); the confirmation page says
it is done; a form sent too fast gets the site's banner and a red message under each wrong
field; the keyboard comes up for a field; a download lands in the bar and opens in the
viewer; a drop-down list opens without being an answer; the page in the learner's
language and back. And the worked example of scenarios/README.md plays, mistakes and all."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import ROOT, drive, run_kiosk

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_web")

TOWN = "https://www.tilleul-sur-meuse.example"


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("web")
    data = drive(display, home, "drive_web.py", "1280x800")
    return data


def test_a_button_leads_to_the_next_address(seen: dict[str, Any]) -> None:
    start, day = seen["appointment_start"], seen["appointment_day_page"]
    assert (start["address"], start["padlock"], start["tab"]) == (
        f"{TOWN}/rendez-vous", True, "Prendre rendez-vous")
    assert (day["page"], day["address"], day["tab"]) == (
        "day", f"{TOWN}/rendez-vous/date", "Choisir une date")
    assert "Choisissez d'abord un jour." in day["texts"]  # no time before a day is chosen
    assert not any(name.startswith("slot.") for name in day["visible"])


def test_a_taken_time_cannot_be_chosen_and_help_comes(seen: dict[str, Any]) -> None:
    touched = seen["appointment_taken_touched"]
    assert touched["step"] == "time"  # still waiting for a free time
    assert not any(name.startswith("slot.") for name in touched["selected"])
    assert touched["hint_level"] == 1 and touched["feedback"] == "الأوقات الرمادية محجوزة."
    assert "slot.tue.0900" not in touched["visible"] and "slot.tue.1030" in touched["visible"]
    assert "slot.tue.1030" in seen["appointment_slot_chosen"]["selected"]
    assert seen["stars"]["eadmin.appointment"] == 2  # that touch was a mistake


def test_the_confirmation_page_says_it_is_done(seen: dict[str, Any]) -> None:
    done = seen["appointment_done"]
    assert (done["page"], done["address"], done["tab"]) == (
        "done", f"{TOWN}/rendez-vous/confirmation", "Rendez-vous confirmé")
    assert done["texts"][1] == "Votre rendez-vous est confirmé."  # first, under the site's band
    assert ["Date", "mardi 13 mai", "Heure", "10:30"] == done["texts"][4:8]


def test_a_form_sent_too_fast_gets_the_sites_banner_and_red_messages(seen: dict[str, Any]) -> None:
    refused = seen["address_refused"]
    assert (refused["page"], refused["step"]) == ("form", "postcode")  # the site kept its page
    assert refused["messages"] == ["Veuillez corriger les erreurs ci-dessous.",
                                   "Le code postal doit contenir 4 chiffres.",
                                   "Écrivez la date ainsi : JJ/MM/AAAA."]
    fixed = seen["address_postcode_done"]
    assert "Le code postal doit contenir 4 chiffres." not in fixed["messages"]
    sent = seen["address_sent"]
    assert (sent["page"], sent["address"], sent["messages"]) == ("sent", f"{TOWN}/demenagement/envoye", [])
    assert sent["texts"][1] == "Votre demande est envoyée."


def test_the_keyboard_comes_up_for_a_field_and_goes_after(seen: dict[str, Any]) -> None:
    typing = seen["address_typing"]
    assert typing["keyboard"] is True and "field.postcode" in typing["visible"]
    # a 1280×800 screen: the tab and the address bar make room for the keyboard
    assert typing["compact"] is True and typing["address_bar_shown"] is False
    assert "Le code postal doit contenir 4 chiffres." not in typing["messages"]  # touched: cleared
    after = seen["address_postcode_done"]  # the next step types the date: it has the keyboard
    assert after["step"] == "moving_date" and after["keyboard"] is True
    sent = seen["address_sent"]  # no field to write: the keyboard goes, the address bar is back
    assert sent["keyboard"] is False and sent["address_bar_shown"] is True


def test_a_download_lands_in_the_bar_and_opens_in_the_viewer(seen: dict[str, Any]) -> None:
    listed = seen["document_list"]
    assert listed["address"] == f"{TOWN}/e-guichet/documents" and listed["downloads"] == []
    downloaded = seen["document_downloaded"]
    assert downloaded["downloads"] == ["composition-de-menage.pdf"]
    assert "file.household" in downloaded["visible"]
    opened = seen["document_open"]
    assert opened["viewer"] == "Attestation de composition de ménage"
    assert "se compose des personnes suivantes :" in opened["viewer_lines"]
    assert opened["visible"] == ["viewer.close"]  # the page is under the viewer
    closed = seen["document_closed"]
    # the viewer is gone and the page is back (which rows show depends on the height left
    # above the download bar: at 1280×800 the household row sits under it once finished)
    assert closed["viewer"] is None and closed["page"] == "documents"
    assert any(name.startswith("download.") for name in closed["visible"])


def test_a_drop_down_list_opens_without_being_an_answer(seen: dict[str, Any]) -> None:
    start, opened = seen["profile_start"], seen["profile_list_open"]
    assert start["select"] == "Dans trois mois" and start["list_open"] is False
    assert start["selected"] == ["option.availability.three_months", "option.hours.full",
                                 "option.transport.walk"]  # filled in by the site already
    assert opened["list_open"] is True and opened["step"] == "availability" and opened["hint_level"] == 0
    assert {"option.availability.now", "option.availability.one_month"} <= set(opened["visible"])
    chosen = seen["profile_chosen"]
    assert chosen["select"] == "Tout de suite" and chosen["list_open"] is False
    assert chosen["selected"] == ["option.availability.now", "option.hours.part", "option.transport.bus",
                                  "option.transport.walk"]  # two boxes ticked, one round button
    saved = seen["profile_saved"]
    assert saved["page"] == "saved" and "Votre profil est à jour." in saved["texts"]


def test_the_page_in_the_learners_language_and_back(seen: dict[str, Any]) -> None:
    arabic, french = seen["profile_in_arabic"], seen["profile_back_in_french"]
    assert "ar" in arabic["langs"] and arabic["select"] == "خلال ثلاثة أشهر"
    assert "ملفي الشخصي" in arabic["texts"] and arabic["tab"] == "ملفي الشخصي"
    assert "Emploi Wallonie (exemple)" in arabic["texts"]  # a name stays a name
    assert french["langs"] == ["fr"] and french["select"] == "Dans trois mois"


def test_every_page_reads_well_and_touches_well(seen: dict[str, Any]) -> None:
    states = [v for k, v in seen.items() if k != "stars"]
    assert min(s["lowest_contrast"] for s in states) >= 7.0
    assert min(s["smallest_target_px"] for s in states) >= 64
    assert {k: v for k, v in seen["stars"].items() if k != "eadmin.appointment"} == {
        "eadmin.address": 3, "eadmin.document": 3, "eadmin.job_profile": 3}


def test_the_worked_example_of_the_guide_plays(display: str, tmp_path: Path) -> None:
    """scenarios/README.md builds eadmin.bulky_waste without code; the robot plays it, errs
    first on every step, and the site's own message shows under the wrong postcode."""
    guide = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    (whole,) = [b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S) if b.startswith("# Ask the town")]
    content = tmp_path / "content" / "eadmin"
    content.mkdir(parents=True)
    (content / "bulky_waste.yaml").write_text(whole, encoding="utf-8")
    (content / "module.yaml").write_text(
        "schema_version: 1\nid: eadmin\ntitle: {fr: Démarches en ligne, nl: Online formaliteiten, "
        "en: Online procedures, ar: الإجراءات عبر الإنترنت, tr: Çevrimiçi işlemler, uk: Справи онлайн}\n"
        "pictogram: town-hall\norder: [eadmin.bulky_waste]\n", encoding="utf-8")
    report = tmp_path / "report.json"
    proc = run_kiosk(["play", "eadmin.bulky_waste", "--auto", "--mistakes", "--report", str(report)],
                     display, tmp_path, KIOSK_SCENARIOS_DIR=str(tmp_path / "content"))
    assert report.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(report.read_text())
    assert proc.returncode == 0 and data["ok"], (data.get("error"), proc.stderr[-3000:])
    (scenario,) = data["scenarios"]
    assert scenario["stars"] == 1  # the demo was needed on every step
    assert all(step["hint_levels"] == [1, 2, 3] for step in scenario["steps"])
    assert scenario["site_messages"] == ["Le code postal doit contenir 4 chiffres."]
    assert scenario["lowest_contrast"][0] >= 7.0 and scenario["smallest_target_px"] >= 64


FEES = (Path(__file__).parent / "web_table_fees.yaml").read_text(encoding="utf-8")  # a price list


@pytest.mark.parametrize(("lang", "size"), [("fr", "1280x800"), ("ar", "1280x800"), ("ar", "1920x1080")])
def test_a_price_in_a_table_is_touched(display: str, tmp_path: Path, lang: str, size: str) -> None:
    """A price list: the learner touches the passport's price (a cell), then a whole row;
    the table fits the page (long words wrap), and in Arabic it reads from the right."""
    content = tmp_path / "content" / "eadmin"
    content.mkdir(parents=True)
    (content / "fees.yaml").write_text(FEES, encoding="utf-8")
    (content / "module.yaml").write_text(
        "schema_version: 1\nid: eadmin\ntitle: {fr: Démarches en ligne, nl: Online formaliteiten, "
        "en: Online procedures, ar: الإجراءات عبر الإنترنت, tr: Çevrimiçi işlemler, uk: Справи онлайн}\n"
        "pictogram: town-hall\norder: [eadmin.fees]\n", encoding="utf-8")
    seen = drive(display, tmp_path, "drive_web_table.py", size, lang,
                 KIOSK_SCENARIOS_DIR=str(tmp_path / "content"))
    start, cell_done, row_done = seen["start"], seen["cell_done"], seen["row_done"]
    assert start["step"] == "price" and cell_done["step"] == "row" and row_done["step"] is None
    assert cell_done["hint_level"] == 0 and row_done["hint_level"] == 0  # no miss, no help needed
    assert "row.fees.id_card" in start["visible"]  # the table shows on the first screen
    assert start["table_inside_page"] and start["smallest_cell_px"] >= 64
    assert start["lowest_contrast"] >= 7.0
    assert start["mirrored"] is (lang == "ar")
    assert start["price_left_of_name"] is (lang == "ar")  # an Arabic table starts on the right
    assert start["price_words"] == ("75 €")
