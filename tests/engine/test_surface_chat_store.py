"""The chat and store surfaces' fixtures as an author meets them: the targets each offers
(a contact and a group apart, the store's apps and buttons), the words on them, and each
mistake located at its file and line with a fix."""

from __future__ import annotations

from pathlib import Path

from scenario_yaml import line_of

from kiosk.engine import surfaces
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces.chat import ChatFixture
from kiosk.engine.surfaces.store import StoreFixture

SAY = ("{fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")


def head(surface: str) -> str:
    return f"""\
schema_version: 1
id: phone.practice
version: 1
module: phone
title: {{fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}}
pictogram: phone
digcomp: [digcomp:2.2:2.2]
level: 2
surface: {surface}
"""


CHAT = """\
fixture:
  open: family
  chats:
    - id: family
      name: Famille
      group: true
      members: 6
    - id: julie
      name: Julie Lambert
      time: "09:30"
      messages:
        - {text: Bonjour, time: "09:30"}
  photos:
    - {id: paper, picture: document, label: Attestation}
"""

STORE = """\
fixture:
  query: Ma Commune
  apps:
    - {id: copy, name: Ma Comune, publisher: Appz, downloads: "50+"}
    - id: official
      name: Ma Commune
      publisher: Service public (exemple)
      downloads: "500 000+"
      picture: town-hall
      asks: [contacts, location]
"""


def steps(*expects: str) -> str:
    out = "steps:\n"
    for i, expect in enumerate(expects):
        out += f"  - id: s{i}\n    say: {SAY}\n    expect: {{{expect}}}\n"
    return out


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "phone"
    folder.mkdir(exist_ok=True)
    (folder / "module.yaml").write_text(
        "schema_version: 1\nid: phone\ntitle: {fr: Mon téléphone}\npictogram: phone\n", encoding="utf-8")
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


# -- chat ----------------------------------------------------------------------------------------

def test_a_group_and_a_contact_are_different_targets(tmp_path: Path) -> None:
    text = head("chat") + CHAT + steps(*(f"action: tap, target: {t}" for t in (
        "button.back", "contact.julie", "button.attach", "photo.paper", "button.send")))
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("chat")
    assert spec is not None
    raw = scenario.fixture
    assert spec.targets(raw) == {"button.back", "button.attach", "button.send", "group.family",
                                 "contact.julie", "photo.paper"}
    labels = spec.labels(raw) if spec.labels else {}
    assert labels["group.family"] == "Famille" and labels["photo.paper"] == "Attestation"
    assert labels["button.send"]["fr"] == "Envoyer"
    fixture = spec.read(raw)
    assert isinstance(fixture, ChatFixture) and fixture.open == "family"
    family = fixture.chat("family")
    assert family is not None and family.group and family.members == 6 and family.messages == ()
    assert fixture.chats[1].messages[0].mine is False  # the default: a received bubble


def test_a_group_is_not_a_contact(tmp_path: Path) -> None:
    text = head("chat") + CHAT + steps("action: tap, target: contact.family")
    the_error(tmp_path, text, "no target 'contact.family'", line_of(text, "target: contact.family"),
              "group.family")


def test_a_group_without_members_is_located(tmp_path: Path) -> None:
    text = head("chat") + CHAT.replace("      members: 6\n", "") + steps("action: tap, target: button.back")
    the_error(tmp_path, text, "a group needs 'members'", line_of(text, "- id: family"), "members: 6")


def test_a_photo_that_is_no_pictogram_is_located(tmp_path: Path) -> None:
    text = head("chat") + CHAT.replace("picture: document", "picture: scan.jpg") + steps(
        "action: tap, target: button.back")
    the_error(tmp_path, text, "no pictogram 'scan.jpg'", line_of(text, "picture: scan.jpg"),
              "assets/pictograms")


def test_the_conversation_open_at_start_must_exist(tmp_path: Path) -> None:
    text = head("chat") + CHAT.replace("open: family", "open: famille") + steps(
        "action: tap, target: button.back")
    the_error(tmp_path, text, "no conversation 'famille'", line_of(text, "open: famille"), "family, julie")


def test_two_conversations_with_one_id(tmp_path: Path) -> None:
    text = head("chat") + CHAT.replace("id: julie", "id: family") + steps(
        "action: tap, target: button.back")
    the_error(tmp_path, text, "duplicate id 'family'", line_of(text, "name: Julie") - 1)


# -- store ---------------------------------------------------------------------------------------

def test_the_store_offers_its_apps_and_buttons(tmp_path: Path) -> None:
    text = head("store") + STORE + steps(*(f"action: tap, target: {t}" for t in (
        "button.search", "app.official", "button.install", "button.open", "button.deny")))
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("store")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {"button.search", "button.back", "button.install",
                                              "button.open", "button.allow", "button.deny", "app.copy",
                                              "app.official"}
    labels = spec.labels(scenario.fixture) if spec.labels else {}
    assert labels["app.copy"] == "Ma Comune" and labels["button.deny"]["fr"] == "Refuser"
    fixture = spec.read(scenario.fixture)
    assert isinstance(fixture, StoreFixture)
    copy, official = fixture.apps
    assert copy.picture == "phone" and copy.asks == ()  # the defaults
    assert official.asks == ("contacts", "location")


def test_an_unknown_request_is_located(tmp_path: Path) -> None:
    text = head("store") + STORE.replace("asks: [contacts, location]", "asks: [contacts, gps]") + steps(
        "action: tap, target: button.search")
    the_error(tmp_path, text, "unknown request 'gps'", line_of(text, "asks: [contacts, gps]"), "location")


def test_downloads_written_as_a_number_are_located(tmp_path: Path) -> None:
    text = head("store") + STORE.replace('downloads: "50+"', "downloads: 50") + steps(
        "action: tap, target: button.search")
    the_error(tmp_path, text, "'downloads' must be a text", line_of(text, "downloads: 50}"))


def test_a_store_with_nothing_searched_nor_installed(tmp_path: Path) -> None:
    text = head("store") + STORE.replace("  query: Ma Commune\n", "") + steps("action: tap, target: app.copy")
    the_error(tmp_path, text, "nothing is searched and nothing installed", line_of(text, "apps:"), "query:")


def test_the_installed_app_must_exist(tmp_path: Path) -> None:
    text = head("store") + STORE.replace("  query: Ma Commune\n", "  installed: torch\n") + steps(
        "action: tap, target: button.open")
    the_error(tmp_path, text, "no app 'torch'", line_of(text, "installed: torch"), "copy, official")
