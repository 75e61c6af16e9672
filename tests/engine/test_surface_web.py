"""The web surface's fixtures: the targets its pages offer, the gesture each target takes,
and every mistake in a page named by file, line and fix (engine side only, no screen)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, line_of

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces import get
from kiosk.engine.surfaces.web import slot_name

SAY = ("say: {fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")

WEB = """\
schema_version: 1
id: eadmin.practice
version: 1
module: eadmin
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: town-hall
digcomp: [digcomp:2.2:2.3]
level: 1
surface: web
fixture:
  site: {name: Commune de Tilleul-sur-Meuse, pictogram: town-hall}
  pages:
    - id: form
      address: www.tilleul-sur-meuse.example/rendez-vous
      title: Rendez-vous
      blocks:
        - heading: Prendre rendez-vous
        - text: {fr: Choisissez le motif., nl: Kies de reden.}
        - field: reason
          kind: radio
          label: Motif
          required: true
          options:
            - {id: id_card, label: Carte d'identité}
            - {id: passport, label: Passeport}
        - field: postcode
          label: Code postal
          value: "450"
          pattern: '\\d{4}'
          error: Le code postal a 4 chiffres.
        - field: transport
          kind: checkbox
          label: Déplacements
          value: [walk]
          options:
            - {id: bus, label: Bus}
            - {id: walk, label: À pied}
        - calendar: visit
          label: Jours
          days:
            - {id: mon, label: lundi 12 mai, slots: ["09:00", "09:30"], taken: ["09:00", "09:30"]}
            - {id: tue, label: mardi 13 mai, slots: ["09:00", "10:30"], taken: ["09:00"]}
        - button: next
          label: Continuer
          goto: done
          submit: true
        - link: help
          label: Aide
          goto: help
        - download: household
          label: Composition de ménage
          file: composition-de-menage.pdf
          size: 84 Ko
          document: {title: Attestation, lines: [Ligne un, {fr: Ligne deux}]}
    - id: help
      address: www.tilleul-sur-meuse.example/aide
      secure: false
      title: Aide
      blocks:
        - text: Téléphonez au guichet.
    - id: done
      address: www.tilleul-sur-meuse.example/rendez-vous/confirmation
      title: Confirmé
      blocks:
        - notice: Votre rendez-vous est confirmé.
          kind: success
        - summary:
            - {label: Motif, value: Carte d'identité}
steps:
  - id: reason
    SAY
    expect: {action: choose, target: option.reason.id_card}
  - id: postcode
    SAY
    expect: {action: type, target: field.postcode, rule: {equals: "4500"}}
  - id: day
    SAY
    expect: {action: choose, target: day.tue}
  - id: time
    SAY
    expect: {action: choose, target: slot.tue.1030}
  - id: next
    SAY
    expect: {action: tap, target: button.next}
""".replace("SAY", SAY)


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "eadmin"
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, *, what: str, line: int, fix: str) -> None:
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken fixture must not load"
    found = [p for p in problems if p.severity == "error" and what in p.what]
    assert found, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    message = str(found[0])
    assert message.startswith(f"{path}:{line}:"), message  # the file and the line
    assert fix in message.partition(" — ")[2], message


def test_a_right_web_fixture_loads_clean(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, WEB)
    warnings = [p for p in problems if "missing translation" not in p.what]
    assert scenario is not None and warnings == []


def test_web_targets(tmp_path: Path) -> None:
    scenario, _, _ = load(tmp_path, WEB)
    assert scenario is not None
    spec = get("web")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {
        "option.reason.id_card", "option.reason.passport", "field.postcode",
        "option.transport.bus", "option.transport.walk",
        "day.mon", "day.tue", "slot.tue.1030",  # the taken slots are not choosable
        "button.next", "link.help", "download.household", "file.household", "viewer.close",
    }
    assert slot_name("tue", "9:30") == "slot.tue.0930"


def test_each_target_says_its_gesture() -> None:
    spec = get("web")
    assert spec is not None and spec.gestures is not None
    assert spec.gestures({}, "field.postcode")[0] == "type"
    for name in ("option.reason.id_card", "day.tue", "slot.tue.1030"):
        assert spec.gestures({}, name)[0] == "choose"
    for name in ("button.next", "link.help", "download.household", "file.household", "viewer.close"):
        assert spec.gestures({}, name)[0] == "tap"


@pytest.mark.parametrize(("change", "what", "at", "fix"), [
    # a button or link leading to a page that does not exist
    (("goto: done", "goto: confirmation"), "there is no page 'confirmation'", "goto: confirmation",
     "the pages: done, form, help"),
    (("goto: help", "goto: hlep"), "there is no page 'hlep'", "goto: hlep", "did you mean 'help'?"),
    (("value: [walk]", "value: [walk, train]"), "'train' is not one of the options", "value: [walk, train]",
     "options"),
    (('taken: ["09:00"]}', 'taken: ["08:00"]}'), "'08:00' is not one of this day's slots",
     'taken: ["08:00"]', "did you mean"),
    (('slots: ["09:00", "10:30"]', 'slots: ["09:00", "10h30"]'), "'10h30' is not a time like 09:30",
     '"10h30"', '"09:30"'),
    (("kind: radio", "kind: dropdown"), "unknown field kind 'dropdown'", "kind: dropdown", "select"),
    (("        - heading: Prendre rendez-vous", "        - title: Prendre rendez-vous"),
     "this block does not say what it is", "- title: Prendre", "heading"),
    (("field: postcode", "field: Code postal"), "'field:' needs a short id", "field: Code postal",
     "field: postcode"),
    (("pattern: '\\d{4}'", "pattern: '\\d{4}('"), "the pattern is not valid", "pattern:",
     "regular expression"),
    (("address: www.tilleul-sur-meuse.example/aide", "address: https://www.tilleul-sur-meuse.example/aide"),
     "is not written like an address bar shows it", "https://www", "without 'https://'"),
    (("          file: composition-de-menage.pdf\n", ""), "a download needs its 'file' name",
     "- download: household", "file: attestation.pdf"),
    (("          kind: success\n", "          kind: party\n"), "unknown notice kind 'party'", "kind: party",
     "success"),
    (("text: {fr: Choisissez le motif., nl: Kies de reden.}", "text: {nl: Kies de reden.}"),
     "'text' needs words", "text: {nl:", "fr:"),
    (("label: lundi 12 mai,", "label: {fr: lundi, 12 mai},"), "cut at a comma", "label: {fr: lundi",
     "in quotes"),
    (("        - button: next\n          label: Continuer\n",
      "        - button: next\n          label: Continuer\n          link: other\n"),
     "one block cannot be both 'button' and 'link'", "link: other", "- "),
    (("          submit: true\n", "          submit: yes please\n"), "'submit' must be true or false",
     "submit: yes please", "submit: true"),
])
def test_web_fixture_mistakes_are_located(tmp_path: Path, change: tuple[str, str], what: str,
                                          at: str, fix: str) -> None:
    old, new = change
    assert old in WEB
    text = WEB.replace(old, new, 1)
    the_error(tmp_path, text, what=what, line=line_of(text, at), fix=fix)


def test_two_buttons_with_one_id(tmp_path: Path) -> None:
    text = WEB.replace("        - link: help", "        - button: next", 1)
    the_error(tmp_path, text, what="duplicate id 'next'", line=line_of(text, "- button: next", 2),
              fix="its own id")


def test_a_taken_slot_cannot_be_asked_for(tmp_path: Path) -> None:
    text = WEB.replace("target: slot.tue.1030", "target: slot.tue.0900")
    the_error(tmp_path, text, what="the surface has no target 'slot.tue.0900'",
              line=line_of(text, "slot.tue.0900"), fix="slot.tue.1030")


def test_a_gesture_the_page_never_sends(tmp_path: Path) -> None:
    text = WEB.replace("{action: choose, target: slot.tue.1030}", "{action: tap, target: slot.tue.1030}")
    the_error(tmp_path, text, what="on 'slot.tue.1030' the learner does 'choose', not 'tap'",
              line=line_of(text, "target: slot.tue.1030"), fix="action: choose")
    text = WEB.replace("{action: tap, target: button.next}", "{action: choose, target: button.next}")
    the_error(tmp_path, text, what="the learner does 'tap', not 'choose'",
              line=line_of(text, "target: button.next"), fix="action: tap")


def test_a_web_surface_needs_pages(tmp_path: Path) -> None:
    text = WEB[:WEB.index("  pages:")] + WEB[WEB.index("steps:"):]
    text = text.replace("target: option.reason.id_card", "target: button.next")
    the_error(tmp_path, text, what="the web surface has no page", line=line_of(text, "site: {name"),
              fix="pages:")


def test_the_shipped_eadmin_module_uses_every_kind_of_block() -> None:
    """The module trainers copy from shows each block at least once (a file to attach:
    in documents.proof, the worked example the guide names)."""
    from kiosk.engine.surfaces.web import BLOCKS, Field, WebSite

    seen: set[str] = set()
    kinds: set[str] = set()
    for path in [*sorted((SHIPPED / "eadmin").glob("*.yaml")), SHIPPED / "documents" / "proof.yaml"]:
        if path.name == "module.yaml":
            continue
        scenario, problems = load_scenario(path)
        assert scenario is not None and problems == [], "\n".join(map(str, problems))
        for page in WebSite.read(scenario.fixture).pages:
            for block in page.blocks:
                seen.add(block.KIND)
                if isinstance(block, Field):
                    kinds.add(block.kind)
    assert seen == set(BLOCKS)
    assert {"text", "number", "date", "select", "radio", "checkbox"} <= kinds


def test_the_worked_example_of_the_guide_checks_clean(tmp_path: Path) -> None:
    """scenarios/README.md builds eadmin.bulky_waste without code: the whole file checks
    clean, and the two messages the guide shows are what the check prints."""
    guide = (SHIPPED / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    (whole,) = [b for b in blocks if b.startswith("# Ask the town") and "steps:" in b]
    parts = [b.partition("\n")[2] for b in blocks if b.startswith("# part of eadmin.bulky_waste\n")]
    assert any(b.startswith("fixture:") and b in whole for b in parts)  # the parts are the whole's
    assert any(b.startswith("steps:") and b in whole for b in parts)
    folder = tmp_path / "scenarios" / "eadmin"
    folder.mkdir(parents=True)
    path = folder / "bulky_waste.yaml"
    path.write_text(whole, encoding="utf-8")
    scenario, problems = load_scenario(path, ("fr", "nl", "en", "ar", "tr", "uk"))
    assert scenario is not None and problems == [], "\n".join(map(str, problems))
    assert scenario.id == "eadmin.bulky_waste" and scenario.surface == "web"
    for old, new, shown in [
        ("goto: thanks", "goto: thank",
         "bulky_waste.yaml:42:11: there is no page 'thank' — did you mean 'thanks'?"),
        ("{action: choose, target: option.what.furniture}", "{action: tap, target: option.what.furniture}",
         "bulky_waste.yaml:53:14: on 'option.what.furniture' the learner does 'choose', not 'tap' — "
         "write 'action: choose'"),
    ]:
        path.write_text(whole.replace(old, new), encoding="utf-8")
        _, problems = load_scenario(path)
        assert str(problems[0]).endswith(shown) and shown in guide
