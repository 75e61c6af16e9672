"""A real-life second level ("niveau 2", issue 16): a scenario's ``level2:`` section makes
the variant ``<id>.2`` — the same task on a busier screen. What an author meets: each
mistake of the section at its file:line with the fix; what a learner meets: the cookie
banner refused first, then the same task; and when the variant is offered: after level 1
is done with at most one help."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Writer
from scenario_yaml import SHIPPED, line_of

from kiosk.engine.actions import Action
from kiosk.engine.catalogue import load_catalogue
from kiosk.engine.model import HintLevel
from kiosk.engine.runner import AttemptRunner
from kiosk.engine.surfaces.clutter import base_id, fewest_helps, helps_in, merge, offered

SAY = "{fr: Touchez <button.send>., nl: Tik op <button.send>., en: Tap <button.send>., " \
      "ar: المس <button.send>., tr: <button.send> dokunun., uk: Торкніться <button.send>.}"
WEB = f"""\
schema_version: 1
id: mouse.practice
version: 1
module: mouse
title: {{fr: Un formulaire, nl: Een formulier, en: A form, ar: استمارة, tr: Bir form, uk: Форма}}
pictogram: mouse
digcomp: [digcomp:2.2:1.1]
level: 1
surface: web
fixture:
  pages:
    - id: form
      address: www.tilleul-sur-meuse.example/form
      title: {{fr: Formulaire, nl: Formulier, en: Form, ar: استمارة, tr: Form, uk: Форма}}
      blocks:
        - heading: {{fr: Bonjour, nl: Hallo, en: Hello, ar: مرحبا, tr: Merhaba, uk: Привіт}}
        - button: send
          label: {{fr: Envoyer, nl: Versturen, en: Send, ar: إرسال, tr: Gönder, uk: Надіслати}}
steps:
  - id: send
    say: {SAY}
    expect: {{action: tap, target: button.send}}
"""


def loaded(write_yaml: Writer, level2: str) -> tuple[object, list[str], str]:
    text = WEB + level2
    scenario, problems, _ = write_yaml(text)
    return scenario, [f"{p.line}: {p.what} — {p.fix}" for p in problems if p.severity == "error"], text


def test_the_variant_is_the_same_task_after_the_cookie_banner(write_yaml: Writer) -> None:
    scenario, errors, _ = loaded(write_yaml, "level2:\n  clutter: [browser_today, cookies, menu]\n")
    assert not errors
    variant = scenario.level2  # type: ignore[attr-defined]
    assert variant.id == "mouse.practice.2" and variant.variant == 2
    assert variant.clutter == ("cookies", "menu", "browser_today")  # in the order drawn
    assert [s.id for s in variant.steps] == ["refuse_cookies", "send"]
    assert variant.title.get("fr") == "Un formulaire · niveau 2"
    # the instruction names the button as the screen writes it
    said = variant.on_screen(variant.steps[0].say.for_device("mouse")).get("fr")
    assert said == "Refusez les cookies : cliquez sur Tout refuser."
    runner = AttemptRunner(variant, clock=lambda: 0.0)
    runner.start()
    runner.act(Action("tap", target="button.send"))  # the page under the banner: not yet
    assert runner.step is not None and runner.step.id == "refuse_cookies" and runner.errors == 1
    runner.act(Action("tap", target="cookies.refuse"))
    outcome = runner.act(Action("tap", target="button.send"))
    assert outcome.result is not None


def test_the_login_wall_comes_after_the_cookies(write_yaml: Writer) -> None:
    scenario, errors, _ = loaded(write_yaml, "level2:\n  clutter: [login_wall, cookies]\n")
    assert not errors
    assert [s.expect.target for s in scenario.level2.steps] == [  # type: ignore[attr-defined]
        "cookies.refuse", "login.later", "button.send"]


@pytest.mark.parametrize(("level2", "needle", "what", "fix"), [
    ("level2:\n  clutter: [cookie]\n", "clutter: [cookie]", "unknown clutter 'cookie'",
     "did you mean 'cookies'?"),
    ("level2:\n  clutter: []\n", "clutter: []", "'clutter' names nothing", "e.g. [cookies, menu]"),
    ("level2:\n  clutter: [menu, menu]\n", "clutter: [menu, menu]", "'menu' is named twice", "name it once"),
    ("level2:\n  fixture: {}\n", "  fixture: {}", "missing 'clutter' in 'level2'", "add 'clutter:"),
    ("level2:\n  clutter: [menu]\n  colour: red\n", "colour: red", "unknown key 'colour'", "use one of"),
    ("level2:\n  clutter: [menu]\n  fixture:\n    pages:\n      - id: form\n"
     "        address: https://x.example\n",
     "  fixture:", "level 2's fixture, merged onto 'fixture'", "without 'https://'"),
    ("level2:\n  clutter: [menu]\n  steps:\n    - say: {fr: Touchez.}\n", "- say: {fr: Touchez.}",
     "must give the 'id' of the step it changes", "- id:"),
    ("level2:\n  clutter: [menu]\n  steps:\n    - id: send\n"
     "      expect: {action: tap, target: button.sned}\n",
     "target: button.sned", "no target 'button.sned'", "did you mean 'button.send'?"),
    ("level2: [menu]\n", "level2:", "'level2' has the wrong type", "write it like 'level2:"),
])
def test_level2_mistakes_are_named_at_their_line(write_yaml: Writer, level2: str, needle: str,
                                                  what: str, fix: str) -> None:
    scenario, errors, text = loaded(write_yaml, level2)
    assert scenario is None, "a broken level 2 must not load"
    line = line_of(text, needle)
    found = [e for e in errors if what in e]
    assert found, errors
    assert found[0].startswith(f"{line}: "), (line, found)
    assert fix in found[0]


def test_a_screen_that_draws_no_cookie_banner_says_so(tmp_path: Path) -> None:
    text = (SHIPPED / "email" / "reply.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "email"
    folder.mkdir()
    assert "level2:\n  clutter: [ads]\n" in text
    text = text.replace("level2:\n  clutter: [ads]\n", "level2:\n  clutter: [cookies]\n")
    (folder / "reply.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue(folder / "reply.yaml")
    errors = [p for p in catalogue.errors if "does not draw 'cookies'" in p.what]
    assert errors and errors[0].line == line_of(text, "clutter: [cookies]")
    assert "use one of: ads" in errors[0].fix


def test_a_changed_step_keeps_the_others_and_says_its_new_words(write_yaml: Writer) -> None:
    level2 = ("level2:\n  clutter: [browser_today]\n  steps:\n    - id: send\n"
              "      say: {fr: Envoyez., nl: Verstuur., en: Send it., ar: أرسل., "
              "tr: Gönderin., uk: Надішліть.}\n")
    scenario, errors, _ = loaded(write_yaml, level2)
    assert not errors
    level1, variant = scenario, scenario.level2  # type: ignore[attr-defined]
    assert level1.steps[0].say.default.get("fr") == "Touchez <button.send>."
    assert variant.steps[0].say.default.get("fr") == "Envoyez."
    assert variant.steps[0].expect.target == "button.send"  # the same task


def test_a_changed_step_may_name_the_phone_beside_the_screen(tmp_path: Path) -> None:
    """payment.card: level 2 changes a step on the bank phone beside the site; its
    targets and words are checked as in level 1, a misspelt one named at its line."""
    text = (SHIPPED / "payment" / "card.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "payment"
    folder.mkdir()
    (folder / "card.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue(folder / "card.yaml")
    assert not [p for p in catalogue.problems if p.severity == "error"], catalogue.problems
    variant = catalogue.scenarios["payment.card.2"]
    confirm = next(s for s in variant.steps if s.id == "confirm")
    assert confirm.expect.target == "phone.request.confirm"
    assert "bus-tilleul.example" in (confirm.say.default.get("fr") or "")
    said = "Touchez <phone.request.confirm>.\", nl:"
    broken = text.replace(said, said.replace("confirm", "confrim"))
    assert broken != text
    (folder / "card.yaml").write_text(broken, encoding="utf-8")
    catalogue = load_catalogue(folder / "card.yaml")
    errors = [p for p in catalogue.problems if "phone.request.confrim" in p.what]
    assert errors and errors[0].line == line_of(broken, "confrim"), errors


def test_the_overlay_merges_maps_by_key_and_items_by_id() -> None:
    base = {"site": {"name": "A", "pictogram": "globe"},
            "pages": [{"id": "one", "secure": False, "blocks": [1]}, {"id": "two"}]}
    overlay = {"site": {"name": "B"}, "pages": [{"id": "one", "secure": True}, {"id": "three"}]}
    merged = merge(base, overlay)
    assert merged == {"site": {"name": "B", "pictogram": "globe"},
                      "pages": [{"id": "one", "secure": True, "blocks": [1]}, {"id": "two"}, {"id": "three"}]}
    assert base["pages"][0]["secure"] is False  # nothing changed in place
    assert merge([1, 2], [3]) == [3]  # a list without ids is replaced


@pytest.mark.parametrize(("stars", "help_per_step", "is_offered"), [
    (3, (0, 0, 0), True),  # no help
    (3, (1, 1, 0), True),  # a repeat timed out, yet all done alone: three stars
    (2, (0, HintLevel.REPEAT, 0), True),  # one help
    (2, (0, HintLevel.HIGHLIGHT, 0), True),  # one help, a stronger one
    (2, (HintLevel.REPEAT, HintLevel.REPEAT, 0), False),  # two helps
    (1, (HintLevel.DEMO, 0, 0), True),  # one help: the demo
    (1, (HintLevel.DEMO, HintLevel.REPEAT, 0), False),
])
def test_level2_is_offered_after_level1_with_at_most_one_help(stars: int, help_per_step: tuple[int, ...],
                                                               is_offered: bool) -> None:
    helps = {"eadmin.address": fewest_helps(stars, help_per_step)}
    assert offered("eadmin.address.2", helps) is is_offered


def test_level2_is_not_offered_before_level1_is_done() -> None:
    assert not offered("eadmin.address.2", {})
    assert not offered("eadmin.address.2", {"eadmin.appointment": 0})
    assert not offered("eadmin.address", {"eadmin.address": 0})  # level 1 is always there
    assert offered("eadmin.address.2", {"eadmin.address": 1, "eadmin.address.2": 5})
    assert helps_in((0, 2, 1, 0)) == 2
    assert base_id("eadmin.address.2") == "eadmin.address" and base_id("eadmin.address") == "eadmin.address"


def test_shipped_variants_are_listed_after_level1_only_when_offered() -> None:
    catalogue = load_catalogue(SHIPPED)
    for module in ("eadmin", "internet"):
        listed = [s.id for s in catalogue.in_module(module)]
        assert not [sid for sid in listed if sid.endswith(".2")]  # never in the plain list
        for sid in listed:
            variant = catalogue.variant_of(sid)
            assert variant is not None, f"{sid} has no level 2"
            assert catalogue.scenarios[variant.id] is variant  # "kiosk play <id>.2" finds it
