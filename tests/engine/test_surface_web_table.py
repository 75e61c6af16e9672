"""A web page's table (a price list): its rows and cells are targets a step may tap, a
scenario text may name them, and every mistake in it is named by file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import line_of

from kiosk.engine.loader import load_scenario
from kiosk.engine.surfaces import get

SAY = ("say: {fr: Touchez le prix., nl: Tik op de prijs., en: Tap the price., ar: المس السعر., "
       "tr: Fiyata dokunun., uk: Торкніться ціни.}")

PAGE = """\
schema_version: 1
id: eadmin.fees
version: 1
module: eadmin
title: {fr: Tarifs, nl: Tarieven, en: Fees, ar: الأسعار, tr: Ücretler, uk: Тарифи}
pictogram: town-hall
digcomp: [digcomp:2.2:1.3]
level: 1
surface: web
fixture:
  pages:
    - id: fees
      address: www.tilleul-sur-meuse.example/tarifs
      title: Tarifs
      blocks:
        - heading: Tarifs des documents
        - table: fees
          caption: {fr: Prix en 2025, ar: الأسعار في 2025}
          columns:
            - {id: document, label: Document}
            - {id: price, label: {fr: Prix, ar: السعر}}
          rows:
            - {id: id_card, document: Carte d'identité, price: "16,50 €"}
            - {id: passport, document: {fr: Passeport, ar: جواز السفر}, price: "75 €"}
steps:
  - id: price
    SAY
    expect: {action: tap, target: cell.fees.passport.price}
  - id: row
    SAY
    expect: {action: tap, target: row.fees.id_card}
""".replace("SAY", SAY)


def load(tmp_path: Path, text: str) -> tuple[object, list[object], Path]:
    folder = tmp_path / "eadmin"
    folder.mkdir(exist_ok=True)
    path = folder / "fees.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def test_a_table_loads_clean_and_gives_its_targets(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, PAGE)
    assert scenario is not None, "\n".join(map(str, problems))
    assert [p for p in problems if "missing translation" not in str(p)] == []
    spec = get("web")
    assert spec is not None and spec.gestures is not None and spec.labels is not None
    fixture = scenario.fixture  # type: ignore[attr-defined]
    assert spec.targets(fixture) == {
        "row.fees.id_card", "row.fees.passport", "cell.fees.id_card.document", "cell.fees.id_card.price",
        "cell.fees.passport.document", "cell.fees.passport.price"}
    assert spec.gestures(fixture, "cell.fees.passport.price")[0] == "tap"
    labels = spec.labels(fixture)
    assert labels["cell.fees.passport.price"] == "75 €"
    assert labels["row.fees.passport"] == {"fr": "Passeport", "ar": "جواز السفر"}  # its first cell
    table = spec.read(fixture).pages[0].blocks[1]
    assert [row.cells for row in table.rows][0] == ("Carte d'identité", "16,50 €")  # in column order


@pytest.mark.parametrize(("old", "new", "what", "at", "fix"), [
    ('price: "75 €"}', 'prix: "75 €"}', "unknown column 'prix'", 'prix: "75 €"', "did you mean 'price'?"),
    ('price: "75 €"}', 'price: "75 €", extra: 3}', "unknown column 'extra'", "extra: 3", "price"),
    (', price: "16,50 €"}', "}", "the row 'id_card' has 1 cell for 2 columns", "{id: id_card",
     "add 'price: ...'"),
    ("{id: passport,", "{id: id_card,", "duplicate id 'id_card'", "{id: id_card, document: {fr",
     "its own id"),
    ("{id: price, label:", "{id: document, label:", "duplicate id 'document'", "{id: document, label: {fr",
     "its own id"),
    ('price: "16,50 €"}', "price: 16,50 €}", "cut at a comma", "price: 16,50", "in quotes"),
    ("          rows:\n", "          lines:\n", "unknown key 'lines'", "lines:", "rows"),
    ("        - table: fees\n", "        - table: Les tarifs\n", "'table:' needs a short id",
     "table: Les tarifs", "lower-case"),
])
def test_table_mistakes_are_located(tmp_path: Path, old: str, new: str, what: str, at: str, fix: str) -> None:
    assert old in PAGE
    text = PAGE.replace(old, new, 1)
    scenario, problems, path = load(tmp_path, text)
    found = [p for p in problems if what in str(p)]
    assert scenario is None and found, "\n".join(map(str, problems))
    message = str(found[0])
    assert message.startswith(f"{path}:{line_of(text, at)}:"), message
    assert fix in message.partition(" — ")[2], message


def test_a_step_on_a_cell_that_is_not_there(tmp_path: Path) -> None:
    text = PAGE.replace("target: cell.fees.passport.price", "target: cell.fees.passport.prix")
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None
    named = [p for p in problems if "cell.fees.passport.prix" in str(p)]
    assert any("cell.fees.passport.price" in str(p) for p in named), "\n".join(map(str, problems))
