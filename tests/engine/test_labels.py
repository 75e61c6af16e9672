"""Words that match the screen: "<target>" references, and the check that refuses a copied
label the screen does not show, an unknown reference, or a time not written as on screen.

Scenarios are real YAML loaded by the real loader; each error names its line and its fix.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scenario_yaml import SHIPPED

from kiosk.engine.errors import ContentProblem
from kiosk.engine.labels import for_screen
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario, Text
from kiosk.speech.build import prompts

Writer = Callable[..., tuple[Scenario | None, list[ContentProblem], Path]]

# A web page with a translated choice, a button in French only, and a calendar.
WEB = """\
schema_version: 1
id: mouse.practice
version: 1
module: mouse
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: mouse
digcomp: [digcomp:2.2:1.1]
level: 1
surface: web
fixture:
  pages:
    - id: form
      address: www.tilleul-sur-meuse.example/rendez-vous
      title: Rendez-vous
      blocks:
        - field: reason
          kind: radio
          label: {fr: Motif, nl: Reden, en: Reason, ar: السبب, tr: Neden, uk: Мета}
          options:
            - id: id_card
              label: {fr: Carte d'identité, nl: Identiteitskaart, en: Identity card, ar: بطاقة الهوية,
                      tr: Kimlik kartı, uk: Посвідчення особи}
        - calendar: visit
          days:
            - {id: tue, label: mardi 13 mai, slots: ["10:00", "10:30"], taken: ["10:00"]}
        - button: send
          label: Envoyer
steps:
  - id: reason
    say: {SAY}
    expect: {action: choose, target: option.reason.id_card}
  - id: time
    say: {TIME}
    expect: {action: choose, target: slot.tue.1030}
"""
REFERS = ("{fr: Choisissez <option.reason.id_card>., nl: Kies <option.reason.id_card>., "
          "en: Choose <option.reason.id_card>., ar: اختر <option.reason.id_card>., "
          "tr: <option.reason.id_card> seçeneğini seçin., uk: Виберіть <option.reason.id_card>.}")
AS_ON_SCREEN = ("{fr: Choisissez <slot.tue.1030>., nl: Kies <slot.tue.1030>., "
                "en: Choose <slot.tue.1030>., ar: اختر <slot.tue.1030>., "
                "tr: <slot.tue.1030> saatini seçin., uk: Виберіть <slot.tue.1030>.}")


def web(say: str = REFERS, time: str = AS_ON_SCREEN) -> str:
    return WEB.replace("{SAY}", say).replace("{TIME}", time)


def errors(problems: list[ContentProblem]) -> list[ContentProblem]:
    return [p for p in problems if p.severity == "error"]


def line_with(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_reference_says_the_label_the_screen_shows_in_its_language(write_yaml: Writer) -> None:
    scenario, problems, _ = write_yaml(web())
    assert scenario is not None, "\n".join(map(str, problems))
    say = scenario.steps[0].say.default
    french_screen = scenario.on_screen(say)
    assert french_screen.get("ar") == "اختر Carte d'identité."
    assert french_screen.get("fr") == "Choisissez Carte d'identité."
    own_screen = scenario.on_screen(say, "ar")
    assert own_screen.get("ar") == "اختر بطاقة الهوية."
    every_own = scenario.on_screen(say, None)  # each language over its own screen
    assert every_own.get("nl") == "Kies Identiteitskaart."
    assert every_own.get("tr") == "Kimlik kartı seçeneğini seçin."
    # a recording of the French-screen words is never played over a translated screen
    assert french_screen.prompt_id == say.prompt_id != own_screen.prompt_id == every_own.prompt_id


def test_a_time_is_said_as_the_slot_writes_it(write_yaml: Writer) -> None:
    scenario, problems, _ = write_yaml(web())
    assert scenario is not None, "\n".join(map(str, problems))
    time = scenario.steps[1].say.default
    assert scenario.on_screen(time).get("fr") == "Choisissez 10:30."
    assert scenario.on_screen(time, None).get("tr") == "10:30 saatini seçin."


def test_a_reference_to_no_target_is_refused_with_its_line_and_the_nearest_name(write_yaml: Writer) -> None:
    text = web(say=REFERS.replace("en: Choose <option.reason.id_card>.",
                                  "en: Choose <option.reason.id_cart>."))
    scenario, problems, _ = write_yaml(text)
    assert scenario is None
    found = [p for p in errors(problems) if "'<option.reason.id_cart>' names no target" in p.what]
    assert found, "\n".join(map(str, problems))
    assert found[0].line == line_with(text, "id_cart")
    assert "<option.reason.id_card>" in found[0].fix


def test_a_copied_label_that_the_translated_screen_does_not_show_is_refused(write_yaml: Writer) -> None:
    # today's defect: the page in Arabic, the instruction still says «اختر Carte d'identité»
    copied = REFERS.replace("ar: اختر <option.reason.id_card>.", "ar: اختر Carte d'identité.")
    text = web(say=copied)
    scenario, problems, _ = write_yaml(text)
    assert scenario is None
    found = [p for p in errors(problems) if "'Carte d'identité' is copied from the screen" in p.what]
    assert found, "\n".join(map(str, problems))
    assert "'ar'" in found[0].what and "بطاقة الهوية" in found[0].what
    assert found[0].line == line_with(text, "Carte d'identité.")
    assert found[0].fix.startswith("write <option.reason.id_card> instead")


def test_a_translated_label_the_french_screen_does_not_show_is_refused(write_yaml: Writer) -> None:
    # "Posta kodu" in Turkish while the French screen says "Code postal": same defect, other way
    copied = (REFERS.replace("fr: Choisissez <option.reason.id_card>.", "fr: Choisissez Carte d'identité.")
              .replace("nl: Kies <option.reason.id_card>.", "nl: Kies Identiteitskaart."))
    scenario, problems, _ = write_yaml(web(say=copied))
    assert scenario is None
    assert any("'Identiteitskaart' is not what the French screen shows" in p.what
               for p in errors(problems)), "\n".join(map(str, problems))


def test_a_label_the_same_in_every_language_may_be_written_out(write_yaml: Writer) -> None:
    # "Envoyer" is French on the screen in every language: copying it cannot mismatch
    say = ("{fr: Touchez Envoyer., nl: Tik op Envoyer., en: Tap Envoyer., ar: المس Envoyer., "
           "tr: Envoyer düğmesine dokunun., uk: Торкніться Envoyer.}")
    text = web(say=say).replace("action: choose, target: option.reason.id_card",
                                "action: tap, target: button.send")
    scenario, problems, _ = write_yaml(text)
    assert scenario is not None, "\n".join(map(str, problems))


def test_a_time_written_otherwise_than_on_screen_is_refused(write_yaml: Writer) -> None:
    # the calendar's button says "10:30"; "10 h 30" and the Dutch "10.30 uur" are refused
    time = AS_ON_SCREEN.replace("fr: Choisissez <slot.tue.1030>.", "fr: Choisissez 10 h 30.").replace(
        "nl: Kies <slot.tue.1030>.", "nl: Kies 10.30 uur.")
    text = web(time=time)
    scenario, problems, _ = write_yaml(text)
    assert scenario is None
    times = [p for p in errors(problems) if "the time" in p.what]
    assert {p.what for p in times} == {"the time '10 h 30' is written '10:30' on the screen",
                                       "the time '10.30' is written '10:30' on the screen"}
    assert all(p.line == line_with(text, "10 h 30") for p in times)
    assert all(p.fix.startswith("write <slot.tue.1030>") for p in times)


def test_a_time_written_as_on_screen_passes(write_yaml: Writer) -> None:
    time = AS_ON_SCREEN.replace("fr: Choisissez <slot.tue.1030>.", "fr: Choisissez 10:30.")
    scenario, problems, _ = write_yaml(web(time=time))
    assert scenario is not None, "\n".join(map(str, problems))


def test_every_language_names_what_the_french_names(write_yaml: Writer) -> None:
    # Ukrainian translating "Code postal" away: the French refers to the field, Ukrainian does not
    dropped = REFERS.replace("uk: Виберіть <option.reason.id_card>.", "uk: Виберіть посвідчення.")
    scenario, problems, _ = write_yaml(web(say=dropped))
    assert scenario is None
    assert any("the 'uk' words do not name <option.reason.id_card>" in p.what
               for p in errors(problems)), "\n".join(map(str, problems))


def test_text_without_references_is_the_same_object() -> None:
    text = Text("x.say", {"fr": "Touchez la tasse."})
    assert for_screen(text, {"object.cup": "La tasse"}, None) is text


def test_the_shipped_appointment_says_the_time_as_its_button_writes_it() -> None:
    scenario, problems = load_scenario(SHIPPED / "eadmin" / "appointment.yaml")
    assert scenario is not None, "\n".join(map(str, problems))
    time = scenario.step("time").say.default
    for screen in ("fr", None):
        said = scenario.on_screen(time, screen)
        for lang, words in said.by_language.items():
            assert "10:30" in words and "10 h 30" not in words and "10.30" not in words, (lang, words)
    reason = scenario.on_screen(scenario.step("reason").say.default, None)
    assert reason.get("ar") == "اختر بطاقة الهوية."


def test_field_names_stay_as_on_the_french_screen_in_every_language() -> None:
    # Ukrainian used to translate "Code postal"; over the French screen every language says it
    scenario, _ = load_scenario(SHIPPED / "keyboard" / "words.yaml")
    assert scenario is not None
    said = scenario.on_screen(scenario.step("postcode").say.default)
    for lang, words in said.by_language.items():
        assert "Code postal" in words, (lang, words)


def test_audio_build_prerenders_the_words_for_both_screens_and_never_a_reference() -> None:
    from kiosk.engine.catalogue import load_catalogue

    catalogue = load_catalogue(SHIPPED)
    texts = {t.prompt_id: t for t in prompts(catalogue)}
    assert not [t for t in texts.values() for w in t.by_language.values() if "<" in w and ">" in w]
    french = texts["eadmin.appointment.reason.say"]
    own = texts["eadmin.appointment.reason.say.own_screen"]
    assert french.get("ar") == "اختر Carte d'identité."
    assert own.get("ar") == "اختر بطاقة الهوية."
