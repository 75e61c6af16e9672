"""The phone surfaces' fixtures as an author meets them (``phone_id``: the MonID app beside
a website; ``sms``: a messages app): the targets each offers, and each mistake located at
its file and line with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, line_of

from kiosk.engine import surfaces
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces import is_fake_address

SAY = ("{fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")


def head(surface: str) -> str:
    return f"""\
schema_version: 1
id: identity.practice
version: 1
module: identity
title: {{fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}}
pictogram: id-card
digcomp: [digcomp:2.2:4.2]
level: 2
surface: {surface}
"""


LOGIN = """\
fixture:
  site:
    name: Emploi Wallonie (exemple)
    address: emploi-wallonie.example
    field: {id: phone, label: Numéro de GSM, kind: number}
  request:
    from: Emploi Wallonie (exemple)
    what: Se connecter
    code: [apple, umbrella, home]
  pin: "12345"
"""

IDLE = """\
fixture:
  site:
    name: Commune de Tilleul-sur-Meuse
    text: Actualités
  request:
    from: Boutique Éclair (exemple)
    what: Se connecter
    code: [sun, tree, car]
  pin: "12345"
"""

MESSAGES = """\
fixture:
  threads:
    - id: bank
      sender: BANQUE-INFO
      time: "10:47"
      unread: true
      fraud: true
      messages:
        - id: bank_codes
          text: Envoyez vos codes ici
          link: banque-info-secure.example/codes
    - id: pharmacy
      sender: Pharmacie du Centre
      messages:
        - {id: pharmacy_ready, text: Votre commande est prête.}
"""


def steps(*expects: str) -> str:
    out = "steps:\n"
    for i, expect in enumerate(expects):
        out += f"  - id: s{i}\n    say: {SAY}\n    expect: {{{expect}}}\n"
    return out


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "identity"
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, what: str, line: int, fix: str = "") -> ContentProblem:
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken file must not load"
    matching = [p for p in problems if p.severity == "error" and what in p.what]
    assert matching, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    problem = matching[0]
    assert str(problem).startswith(f"{path}:{line}:"), str(problem)  # the file and the line
    assert fix in problem.fix, str(problem)
    return problem


# -- phone_id ------------------------------------------------------------------------------------

def test_a_site_that_asks_for_the_number_offers_its_field_and_the_login_button(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN + steps(
        "action: type, target: field.phone, rule: {equals: 0470 12 34 56}",
        "action: tap, target: button.login",
        "action: tap, target: phone.notification",
        "action: tap, target: phone.confirm",
        'action: type, target: field.pin, rule: {equals: "12345"}')
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("phone_id")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {
        "field.phone", "button.login", "phone.notification", "phone.confirm", "phone.refuse",
        "field.pin"}


def test_a_key_of_the_pin_pad_is_not_a_step(tmp_path: Path) -> None:
    """A key alone sends nothing to judge: a step waiting for it could never end."""
    text = head("phone_id") + LOGIN + steps("action: tap, target: pin.1")
    the_error(tmp_path, text, "the surface has no target 'pin.1'", line_of(text, "target: pin.1"))


def test_a_site_that_never_asked_has_no_login_button(tmp_path: Path) -> None:
    text = head("phone_id") + IDLE + steps("action: tap, target: phone.notification",
                                           "action: tap, target: button.login")
    the_error(tmp_path, text, "the surface has no target 'button.login'",
              line_of(text, "target: button.login"))


def test_the_pin_is_typed_not_tapped(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN + steps("action: tap, target: field.pin")
    the_error(tmp_path, text, "on 'field.pin' the learner does 'type'", line_of(text, "target: field.pin"),
              "action: type")


def test_a_pin_written_as_a_number_is_located(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace('pin: "12345"', "pin: 12345") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "'pin' must be 4 to 6 digits in quotes", line_of(text, "pin: 12345"),
              'pin: "12345"')


def test_a_missing_pin_is_located_on_the_fixture(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace('  pin: "12345"\n', "") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "the fixture needs 'pin'", line_of(text, "site:"), "pin:")


def test_a_code_picture_that_is_not_a_name(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace("[apple, umbrella, home]", "[apple, Big Sun, home]") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "'Big Sun' is not a picture name", line_of(text, "Big Sun"),
              "assets/pictograms")


def test_a_code_of_one_picture_is_too_short(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace("[apple, umbrella, home]", "[apple]") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "'code' must list 2 to 4 pictures", line_of(text, "code: [apple]"))


def test_an_unknown_key_in_the_site(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace("    address:", "    adress: x.example\n    address:") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "unknown key 'adress' in the site", line_of(text, "adress:"), "address")


def test_a_site_address_that_could_be_real(tmp_path: Path) -> None:
    text = head("phone_id") + LOGIN.replace("emploi-wallonie.example", "www.leforem.be") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "'www.leforem.be' could be a real site", line_of(text, "address:"), ".example")


def test_the_request_says_who_asks(tmp_path: Path) -> None:
    text = head("phone_id") + IDLE.replace("    from: Boutique Éclair (exemple)\n", "") + steps(
        "action: tap, target: phone.notification")
    the_error(tmp_path, text, "the request needs 'from'", line_of(text, "what: Se connecter"))


# -- sms ---------------------------------------------------------------------------------------------

def test_the_messages_app_offers_its_threads_links_and_buttons(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES + steps(
        "action: tap, target: thread.bank", "action: tap, target: button.report",
        "action: tap, target: button.back", "action: long_press, target: thread.bank",
        "action: choose, target: menu.delete")
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("sms")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {
        "thread.bank", "thread.pharmacy", "link.bank_codes", "button.back", "button.report",
        "button.delete", "menu.report", "menu.delete"}


def test_a_message_without_a_link_offers_no_link(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES + steps("action: tap, target: link.pharmacy_ready")
    the_error(tmp_path, text, "the surface has no target 'link.pharmacy_ready'",
              line_of(text, "link.pharmacy_ready"), "link.bank_codes")


def test_a_menu_choice_is_chosen(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES + steps("action: tap, target: menu.delete")
    the_error(tmp_path, text, "on 'menu.delete' the learner does 'choose'", line_of(text, "menu.delete"),
              "action: choose")


def test_the_same_message_id_twice(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES.replace("pharmacy_ready", "bank_codes") + steps(
        "action: tap, target: thread.bank")
    the_error(tmp_path, text, "duplicate id 'bank_codes'", line_of(text, "bank_codes", 2))


def test_a_conversation_without_messages(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES.replace(
        "      messages:\n        - {id: pharmacy_ready, text: Votre commande est prête.}\n", "") + steps(
        "action: tap, target: thread.bank")
    the_error(tmp_path, text, "a conversation needs 'messages'", line_of(text, "id: pharmacy"), "messages:")


def test_unread_must_be_true_or_false(tmp_path: Path) -> None:
    text = head("sms") + MESSAGES.replace("unread: true", "unread: oui") + steps(
        "action: tap, target: thread.bank")
    the_error(tmp_path, text, "'unread' must be true or false", line_of(text, "unread: oui"))


def test_a_link_that_could_be_real(tmp_path: Path) -> None:
    fixture = MESSAGES.replace("banque-info-secure.example/codes", "https://bpost.be/colis")
    text = head("sms") + fixture + steps("action: tap, target: thread.bank")
    the_error(tmp_path, text, "could be a real site", line_of(text, "link: https://bpost.be"), ".example")


@pytest.mark.parametrize("link, fake", [
    ("colis.example/payer", True), ("https://colis.example/payer", True), ("example", True),
    ("colis.example.com/payer", False), ("bpost.be", False), ("colis .example", False), (42, False),
])
def test_fake_links(link: object, fake: bool) -> None:
    assert is_fake_address(link) is fake


# -- what ships ---------------------------------------------------------------------------------------

def test_the_identity_module_uses_both_phone_surfaces() -> None:
    used = {}
    for path in sorted((SHIPPED / "identity").glob("*.yaml")):
        if path.name == "module.yaml":
            continue
        scenario, problems = load_scenario(path)
        assert scenario is not None and not problems, "\n".join(map(str, problems))
        used[scenario.id] = scenario.surface
    assert used == {"identity.login": "phone_id", "identity.refuse": "phone_id",
                    "identity.fake_sms": "sms"}


@pytest.mark.parametrize("surface", ["phone_id", "sms"])
def test_the_scaffold_template_is_a_valid_scenario(tmp_path: Path, surface: str) -> None:
    title = {"fr": "Exercice", "nl": "Oefening", "en": "Exercise", "ar": "تمرين", "tr": "Alıştırma",
             "uk": "Вправа"}
    text = surfaces.scaffold(surface, "identity.practice", title)
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not problems, "\n".join(map(str, problems))
    assert scenario.surface == surface
