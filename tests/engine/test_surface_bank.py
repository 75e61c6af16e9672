"""The bank surface and a phone beside the screen, as an author meets them: the Belgian
checks (IBAN check digits, a structured communication's modulo 97), the targets, and each
mistake located at its file and line with a fix — in the bank's fixture, alone or beside
a website (``beside:``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces.bank import communication_ok, communication_shown, iban_ok

ROOT = Path(__file__).resolve().parents[2]
TRANSFER = (ROOT / "scenarios/payment/transfer.yaml").read_text(encoding="utf-8")
CARD = (ROOT / "scenarios/payment/card.yaml").read_text(encoding="utf-8")


def load(tmp_path: Path, text: str, name: str) -> tuple[Scenario | None, list[ContentProblem], str]:
    folder = tmp_path / "payment"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(folder / f"{name}.yaml")
    return scenario, [p for p in problems if p.severity == "error"], text


def line(text: str, words: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if words in row)


@pytest.mark.parametrize(("text", "right"), [
    ("+++090/9337/55493+++", True), ("090933755493", True), ("+++123/4567/89002+++", True),
    ("+++123/4567/89000+++", False), ("+++123/4567/8900+++", False), ("", False),
])
def test_a_structured_communication_is_checked_as_banks_do(text: str, right: bool) -> None:
    assert communication_ok(text) is right


def test_the_app_writes_the_communication_with_its_pluses() -> None:
    assert communication_shown("090933755493") == "+++090/9337/55493+++"
    assert communication_shown("0909") == "+++090/9"  # while typed: no closing +++ yet


def test_ibans_need_right_check_digits() -> None:
    assert iban_ok("BE59 0000 0123 4526") and iban_ok("BE76 0010 2030 4095")
    assert not iban_ok("BE59 0000 0123 4527") and not iban_ok("bank")


def test_the_shipped_transfer_offers_the_transfer_targets(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, TRANSFER, "transfer")
    assert problems == [] and scenario is not None
    assert scenario.beside is None
    assert {"button.transfer", "payee.water", "field.communication", "field.pin"} <= set(scenario.labels)
    communication = scenario.step("communication").expect.rule["equals"]
    assert communication_ok(communication)  # the bill's communication is one a bank accepts


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    ("iban: BE76 0010 2030 4095", "iban: BE76 0010 2030 4096", "iban: BE76 0010 2030 4096",
     "not an IBAN with right check digits"),
    ('balance: "245,30"', "balance: 245.30", "balance: 245.30", "amount in euros"),
    ('pin: "1234"', 'pin: "12"', 'pin: "12"', "4 to 6 digits"),
    ("target: payee.water", "target: payee.gas", "target: payee.gas", "no target 'payee.gas'"),
    ("action: tap, target: button.continue", "action: type, target: button.continue",
     "action: type, target: button.continue", "does 'tap'"),
])
def test_each_mistake_in_a_bank_is_located(tmp_path: Path, old: str, new: str, where: str,
                                           what: str) -> None:
    text = TRANSFER.replace(old, new, 1)
    _, problems, text = load(tmp_path, text, "transfer")
    assert any(what in p.what and p.line == line(text, where) for p in problems), problems


def test_the_phone_beside_the_site_has_its_targets_under_phone(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, CARD, "card")
    assert problems == [] and scenario is not None and scenario.beside is not None
    assert scenario.surface == "web" and scenario.beside.surface == "bank"
    assert scenario.beside.after == "button.pay"
    # both sides' words: the site's button and the phone's, under its prefix
    assert "button.pay" in scenario.labels and "phone.request.confirm" in scenario.labels
    assert "request.confirm" not in scenario.labels
    said = scenario.on_screen(scenario.step("open").say.default).get("fr")
    assert said == "Sur le téléphone, touchez Paiement à confirmer."


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    # the phone's target written without its prefix
    ("target: phone.request.open", "target: request.open", "target: request.open",
     "no target 'request.open'"),
    ("after: button.pay", "after: button.buy", "after: button.buy", "no target 'button.buy'"),
    ("  surface: bank\n", "  surface: mail\n", "  surface: mail", "not a phone"),
    ('      amount: "2,50"', '      amount: "2.50"', '      amount: "2.50"', "amount in euros"),
    ("    pin: \"1234\"", "    pin: \"1234\"\n    colour: green", "colour: green", "unknown key 'colour'"),
    ("  after: button.pay", "  after: button.pay\n  side: right", "side: right", "unknown key 'side'"),
])
def test_each_mistake_beside_is_located(tmp_path: Path, old: str, new: str, where: str, what: str) -> None:
    assert old in CARD
    text = CARD.replace(old, new, 1)
    _, problems, text = load(tmp_path, text, "card")
    assert any(what in p.what and p.line == line(text, where) for p in problems), problems


def test_a_main_screen_with_phone_targets_cannot_have_a_phone_beside(tmp_path: Path) -> None:
    identity = (ROOT / "scenarios/identity/refuse.yaml").read_text(encoding="utf-8")
    beside = CARD[CARD.index("beside:"):CARD.index("steps:")].replace("  after: button.pay\n", "")
    text = identity.replace("steps:", beside + "steps:", 1)
    folder = tmp_path / "identity"
    folder.mkdir()
    (folder / "refuse.yaml").write_text(text, encoding="utf-8")
    _, problems = load_scenario(folder / "refuse.yaml")
    assert any("would clash" in p.what for p in problems), problems
