"""The ``mail`` surface's fixture as an author meets it: the targets it offers, and each
mistake located at its file and line with a fix (a missing folder, a target the webmail
does not have, an address that could reach a real person)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import SHIPPED, line_of

from kiosk.engine import surfaces
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces import is_fake_address

HEAD = """\
schema_version: 1
id: email.practice
version: 1
module: email
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: email
digcomp: [digcomp:2.2:2.1]
level: 1
surface: mail
"""

FIXTURE = """\
fixture:
  me: sam.dupont@tilleul-sur-meuse.example
  messages:
    - id: rdv
      from: Secrétariat du CISP
      address: secretariat@tilleul-sur-meuse.example
      subject: {fr: Votre rendez-vous, nl: Uw afspraak, en: Your appointment, ar: موعدك, tr: Randevu,
                uk: Ваша зустріч}
      date: "09:12"
      unread: true
      body: {fr: Bonjour., nl: Goedendag., en: Hello., ar: مرحبًا., tr: Merhaba., uk: Добрий день.}
    - id: parcel
      from: Tilleul Colis
      address: tilleul.colis@xz-paiement-rapide.example
      subject: URGENT
      body: Payez vite.
      link: {id: pay, label: Payer}
    - id: asked
      folder: sent
      to: Bibliothèque de Tilleul
      address: bibliotheque@tilleul-sur-meuse.example
      subject: Inscription
      body: Bonjour.
  files:
    - id: documents
      label: Documents
      files:
        - {id: cv, label: CV.pdf}
        - {id: letter, label: Lettre.pdf}
"""

SAY = ("{fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")


def steps(*expects: str) -> str:
    out = "steps:\n"
    for i, expect in enumerate(expects):
        out += f"  - id: s{i}\n    say: {SAY}\n    expect: {{{expect}}}\n"
    return out


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "email"
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, *, what: str, line: int, fix: str) -> str:
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken fixture must keep the file out"
    matching = [p for p in problems if p.severity == "error" and what in p.what]
    assert matching, "\n".join(map(str, problems))
    message = str(matching[0])
    assert message.startswith(f"{path}:{line}:"), message  # the file and the line
    assert fix in message.partition(" — ")[2], message
    return message


def test_a_webmail_fixture_offers_its_targets(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, HEAD + FIXTURE + steps("action: tap, target: message.rdv"))
    assert scenario is not None and not problems, "\n".join(map(str, problems))
    spec = surfaces.get("mail")
    assert spec is not None
    offered = spec.targets(scenario.fixture)
    assert {"folder.inbox", "folder.sent", "folder.trash", "message.rdv", "message.parcel",
            "message.asked", "sender.rdv", "sender.parcel", "sender.asked", "link.pay", "button.new",
            "button.reply",
            "button.delete", "button.back", "button.send", "button.attach", "button.open",
            "button.cancel", "field.to", "field.subject", "field.body", "picker.folder.documents",
            "file.cv", "file.letter"} == offered


def test_a_whole_flow_checks_clean(tmp_path: Path) -> None:
    text = HEAD + FIXTURE + steps(
        "action: tap, target: message.rdv", "action: tap, target: button.reply",
        "action: tap, target: button.attach", "action: tap, target: picker.folder.documents",
        "action: tap, target: file.cv", "action: tap, target: button.open",
        "action: type, target: field.body, rule: {min_length: 5, example: Merci beaucoup}",
        "action: tap, target: button.send")
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not problems, "\n".join(map(str, problems))


def test_a_target_the_webmail_lacks_names_the_line_and_the_nearest(tmp_path: Path) -> None:
    text = HEAD + FIXTURE + steps("action: tap, target: message.rvd")
    the_error(tmp_path, text, what="the surface has no target 'message.rvd'",
              line=line_of(text, "message.rvd"), fix="did you mean 'message.rdv'?")


def test_no_file_picker_without_files(tmp_path: Path) -> None:
    fixture = FIXTURE.split("  files:")[0]
    text = HEAD + fixture + steps("action: tap, target: button.attach")
    the_error(tmp_path, text, what="the surface has no target 'button.attach'",
              line=line_of(text, "button.attach"), fix="button.")


def test_an_address_that_could_be_real_is_refused(tmp_path: Path) -> None:
    text = HEAD + FIXTURE.replace("secretariat@tilleul-sur-meuse.example", "secretariat@gmail.com") \
        + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="'secretariat@gmail.com' is not a fake e-mail address",
              line=line_of(text, "secretariat@gmail.com"), fix="ending in .example")


def test_an_unknown_folder_is_named(tmp_path: Path) -> None:
    text = HEAD + FIXTURE.replace("folder: sent", "folder: spam") + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="unknown folder 'spam'", line=line_of(text, "folder: spam"),
              fix="inbox, sent, trash")


def test_a_sent_message_says_who_it_went_to(tmp_path: Path) -> None:
    text = HEAD + FIXTURE.replace("      to: Bibliothèque de Tilleul\n", "") \
        + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="missing 'to' in a message", line=line_of(text, "- id: asked"),
              fix="to: <a name>")


def test_two_messages_with_one_id(tmp_path: Path) -> None:
    text = HEAD + FIXTURE.replace("- id: parcel", "- id: rdv") + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="duplicate id 'rdv'", line=line_of(text, "- id: rdv", 2),
              fix="its own id")


def test_a_picker_folder_needs_files(tmp_path: Path) -> None:
    fixture = FIXTURE.split("      files:")[0]
    text = HEAD + fixture + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="a picker folder needs 'files'", line=line_of(text, "- id: documents"),
              fix="files:")


def test_unknown_message_key(tmp_path: Path) -> None:
    text = HEAD + FIXTURE.replace("      unread: true\n", "      unred: true\n") \
        + steps("action: tap, target: message.rdv")
    the_error(tmp_path, text, what="unknown key 'unred' in a message", line=line_of(text, "unred:"),
              fix="unread")


@pytest.mark.parametrize("address, fake", [
    ("secretariat@tilleul-sur-meuse.example", True), ("a@b.test", True), ("x@example.org", True),
    ("sam@gmail.com", False), ("jean@skynet.be", False), ("no-at-sign.example", False),
    ("two words@x.example", False),
])
def test_fake_addresses(address: str, fake: bool) -> None:
    assert is_fake_address(address, email=True) is fake


def test_shipped_mail_scenarios_use_only_fake_addresses() -> None:
    files = sorted((SHIPPED / "email").glob("*.yaml"))
    addresses = 0
    for path in files:
        if path.name == "module.yaml":
            continue
        scenario, problems = load_scenario(path)
        assert scenario is not None and not problems, "\n".join(map(str, problems))
        for message in scenario.fixture.get("messages", []):
            assert is_fake_address(message["address"], email=True), (path.name, message["address"])
            addresses += 1
    assert addresses >= 8
