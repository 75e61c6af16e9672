"""A password field's live rules (``kind: password``, ``rules:``): each rule judged on
the typed text as the learner types, the ready-made rules' words in six languages, the
mail link that opens the site's page, and every mistake named by file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, line_of

from kiosk.engine.loader import load_scenario
from kiosk.engine.surfaces.mail import Mail
from kiosk.engine.surfaces.web import WORDS, WebSite
from kiosk.engine.surfaces.web.field import Field
from kiosk.engine.surfaces.web.rules import READY_RULES, Rule, read_rules, unmet
from kiosk.engine.surfaces.words import LANGUAGES

SAY = ("say: {fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")

WEB = """\
schema_version: 1
id: accounts.practice
version: 1
module: accounts
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: key
digcomp: [digcomp:2.2:2.6]
level: 2
surface: web
fixture:
  pages:
    - id: signup
      address: www.jobtilleul.example/inscription
      title: Inscription
      blocks:
        - field: password
          label: Mot de passe
          kind: password
          rules:
            - length_8
            - capital
            - digit
            - {pattern: '[!?]', label: {fr: Un ! ou un ?, nl: Een ! of een ?}}
        - button: create
          label: Créer
          goto: done
          submit: true
    - id: done
      address: www.jobtilleul.example/ok
      title: OK
      blocks:
        - notice: Compte créé.
steps:
  - id: password
    SAY
    expect: {action: type, target: field.password, rule: {equals: Tilleul2025!}}
  - id: create
    SAY
    expect: {action: tap, target: button.create}
""".replace("SAY", SAY)


def load(tmp_path: Path, text: str) -> tuple[object, list, Path]:
    folder = tmp_path / "accounts"
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def password_field(fixture: object) -> Field:
    site = WebSite.read(fixture)  # type: ignore[arg-type]
    block = site.pages[0].blocks[0]
    assert isinstance(block, Field)
    return block


def test_a_password_with_rules_loads_clean_and_is_typed_as_dots(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, WEB)
    assert scenario is not None, problems
    assert [p for p in problems if "missing translation" not in p.what] == []
    field = password_field(scenario.fixture)  # type: ignore[attr-defined]
    assert field.kind == "password" and field.secret
    assert [r.name for r in field.live_rules()] == ["length_8", "capital", "digit", ""]
    assert field.live_rules()[3].label["fr"] == "Un ! ou un ?"
    assert field.targets() == {"field.password"}


@pytest.mark.parametrize(("typed", "met"), [
    ("", [False, False, False, False]),
    ("t", [False, False, False, False]),
    ("Tilleul", [False, True, False, False]),  # 7 characters: not yet 8
    ("Tilleul2", [True, True, True, False]),
    ("tilleul2025", [True, False, True, False]),  # no capital
    ("TILLEUL2025!", [True, True, True, True]),
    ("Tilleul2025!", [True, True, True, True]),
    ("Élise2025?", [True, True, True, True]),  # an accented capital counts
])
def test_each_rule_is_judged_as_the_learner_types(tmp_path: Path, typed: str, met: list[bool]) -> None:
    scenario, _, _ = load(tmp_path, WEB)
    rules = password_field(scenario.fixture).live_rules()  # type: ignore[attr-defined]
    assert [rule.met(typed) for rule in rules] == met
    assert len(unmet(rules, typed)) == met.count(False)  # the site takes it only when none is left


def test_every_ready_made_rule_has_its_words_in_six_languages() -> None:
    for name in READY_RULES:
        words = WORDS[f"rule.{name}"]
        assert set(words) == set(LANGUAGES), (name, words)
        assert all(w.strip() for w in words.values())
    for key in ("password.rules", "password.show", "password.hide"):
        assert set(WORDS[key]) == set(LANGUAGES), key
    assert WORDS["rule.digit"]["ar"] != WORDS["rule.digit"]["fr"]


def test_ready_made_rules_read_in_order() -> None:
    rules = read_rules(["digit", "symbol", {"pattern": "x", "label": "X"}])
    assert rules == (Rule(READY_RULES["digit"], "digit"), Rule(READY_RULES["symbol"], "symbol"),
                     Rule("x", label="X"))
    assert rules[1].met("a!") and not rules[1].met("a b") and rules[0].word_key == "rule.digit"


@pytest.mark.parametrize(("change", "what", "at", "fix"), [
    (("            - capital\n", "            - capitale\n"), "unknown rule 'capitale'", "- capitale",
     "length_8, capital, small, digit, symbol"),
    (("pattern: '[!?]'", "pattern: '[!?'"), "the pattern is not valid", "pattern: '[!?'",
     "regular expression"),
    (("{pattern: '[!?]', label: {fr: Un ! ou un ?, nl: Een ! of een ?}}", "{label: Un signe}"),
     "a rule needs a 'pattern'", "{label: Un signe}", "pattern:"),
    (("{pattern: '[!?]', label: {fr: Un ! ou un ?, nl: Een ! of een ?}}", "{pattern: '[!?]'}"),
     "'label' needs words", "{pattern: '[!?]'}", "fr:"),
    (("{pattern: '[!?]', label: {fr: Un ! ou un ?, nl: Een ! of een ?}}",
      "{pattern: '[!?]', label: Un signe, color: red}"), "unknown key 'color' in a rule", "color: red",
     "label, pattern"),
    (("          kind: password\n", "          kind: text\n"), "a 'text' field has no 'rules'", "rules:",
     "kind: password"),
    (("          rules:\n            - length_8\n            - capital\n            - digit\n"
      "            - {pattern: '[!?]', label: {fr: Un ! ou un ?, nl: Een ! of een ?}}\n",
      "          rules: length_8\n"),
     "'rules' must be a list of rules", "rules: length_8", "rules: [length_8, capital, digit]"),
    (("          kind: password\n", "          kind: password\n          value: tilleul\n"),
     "'value' does not meet the rule 'length_8'", "value: tilleul", "leave the field empty"),
])
def test_rule_mistakes_are_located(tmp_path: Path, change: tuple[str, str], what: str, at: str,
                                   fix: str) -> None:
    old, new = change
    assert old in WEB
    text = WEB.replace(old, new, 1)
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken fixture must not load"
    found = [p for p in problems if p.severity == "error" and what in p.what]
    assert found, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    message = str(found[0])
    assert message.startswith(f"{path}:{line_of(text, at)}:"), message  # the file and the line
    assert fix in message.partition(" — ")[2], message


def test_the_shipped_confirmation_link_opens_the_sites_page() -> None:
    scenario, problems = load_scenario(SHIPPED / "accounts" / "confirm.yaml")
    assert scenario is not None, problems
    mail = Mail.read(scenario.fixture)
    link = next(m.link for m in mail.messages if m.link is not None)
    assert link.page is not None and link.page.address.endswith("/confirmer")
    assert link.page.notice["fr"] == "Votre compte est confirmé."


def test_a_link_page_at_a_real_address_is_refused(tmp_path: Path) -> None:
    text = (SHIPPED / "accounts" / "confirm.yaml").read_text(encoding="utf-8")
    text = text.replace("address: www.jobtilleul.example/confirmer", "address: www.jobtilleul.be/confirmer")
    folder = tmp_path / "accounts"
    folder.mkdir()
    path = folder / "confirm.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    assert scenario is None
    errors = [str(p) for p in problems if p.severity == "error"]
    assert any(e.startswith(f"{path}:{line_of(text, 'jobtilleul.be/confirmer')}:") for e in errors), errors
