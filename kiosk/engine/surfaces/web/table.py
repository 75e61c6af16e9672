"""A table on a web page (``- table: fees``): a price list, a bank statement, a
timetable. Its ``caption``, its ``columns`` (each an id and the words of its header) and
its ``rows``, each a map of an ``id`` and one value per column::

    - table: fees
      caption: Tarifs des documents
      columns:
        - {id: document, label: Document}
        - {id: price, label: Prix}
      rows:
        - {id: id_card, document: Carte d'identité, price: "16,50 €"}
        - {id: passport, document: Passeport, price: "75 €"}

Every row is a target, ``row.<table>.<row>`` (``row.fees.passport``: "touch the
passport's line"), and every cell too, ``cell.<table>.<row>.<column>``
(``cell.fees.passport.price``: "touch its price"). A scenario text saying ``<row.fees.passport>``
shows the row's first cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, check_id, check_keys
from kiosk.engine.surfaces.web.blocks import Block, Gotos, near, short_id, text
from kiosk.engine.texts import comma_tail, cut_at_comma

_COLUMN_KEYS = {"id", "label"}


@dataclass(frozen=True)
class Column(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"), Key("label", "label"))
    id: str
    label: Any


@dataclass(frozen=True)
class Row(Record):
    """A row: its id and its cells, in the order of the columns."""

    KEYS: ClassVar[tuple[Key, ...]] = (Key("id", "id"),)
    id: str
    cells: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Table(Block):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("table", "id", what="its short name: the targets say it (`row.fees.passport`)"),
        Key("caption", "label", None, what="the words above the table"),
        Key("columns", "items", (), item=Column, what="`- {id: price, label: Prix}`, one per column"),
        Key("rows", "list", (), what="`- {id: passport, document: Passeport, price: \"75 €\"}`: an id "
            "and one value per column (a text, or a map of languages)"),
    )
    ATTRIBUTES: ClassVar[dict[str, str]] = {"table": "id"}
    KIND = "table"
    id: str
    caption: Any
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Table:
        table: Table = super().read(node)
        ids = [c.id for c in table.columns]
        raw: tuple[Any, ...] = table.rows  # the rows as written, each a map
        rows = tuple(Row(str(r.get("id")), tuple(r.get(c) for c in ids))
                     for r in raw if isinstance(r, Mapping))
        return cls(table.id, table.caption, table.columns, rows)

    def targets(self) -> set[str]:
        names = {f"row.{self.id}.{row.id}" for row in self.rows}
        return names | {f"cell.{self.id}.{row.id}.{c.id}" for row in self.rows for c in self.columns}

    def labels(self) -> dict[str, Any]:
        names: dict[str, Any] = {}
        for row in self.rows:
            names[f"row.{self.id}.{row.id}"] = row.cells[0] if row.cells else None
            for column, cell in zip(self.columns, row.cells, strict=False):
                names[f"cell.{self.id}.{row.id}.{column.id}"] = cell
        return names

    @classmethod
    def check_block(cls, block: Mapping[str, Any], report: Report, seen: set[str], gotos: Gotos) -> None:
        ident = short_id(block, "table", report, seen, "table")
        if "caption" in block:
            text(block, "caption", report)
        columns = _check_columns(block, report)
        rows = block.get("rows")
        if not isinstance(rows, list) or not rows:
            report(block, "rows" if "rows" in block else "table", "a table needs 'rows'",
                   "add 'rows:' with '- {id: ..., <column>: ...}' (an id and one value per column)")
            return
        ids: set[str] = set()
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                report(rows, i, "a row must be a map", "write '{id: passport, <column>: ..., ...}'")
                continue
            check_id(row, report, ids, f"row.{ident}")
            if columns:
                _check_cells(row, columns, report)


def _check_columns(block: Mapping[str, Any], report: Report) -> list[str]:
    columns = block.get("columns")
    if not isinstance(columns, list) or not columns:
        report(block, "columns" if "columns" in block else "table", "a table needs 'columns'",
               "add 'columns:' with '- {id: price, label: Prix}' for each column")
        return []
    seen: set[str] = set()
    for i, column in enumerate(columns):
        if not isinstance(column, Mapping):
            report(columns, i, "a column must be a map", "write '{id: price, label: Prix}'")
            continue
        check_keys(column, _COLUMN_KEYS, report, "a column")
        check_id(column, report, seen, "column")
        text(column, "label", report)
        if column.get("id") == "id":
            report(column, "id", "a column cannot be called 'id'",
                   "the rows say their own id: call it e.g. 'name'")
    return [str(c["id"]) for c in columns if isinstance(c, Mapping) and isinstance(c.get("id"), str)]


def _check_cells(row: Mapping[str, Any], columns: list[str], report: Report) -> None:
    """One value per column, no other: a key that is not a column is a mistake."""
    for key in row:
        if key == "id" or key in columns:
            continue
        if comma_tail(row, key):
            report(row, key, *cut_at_comma(key))
        else:
            report(row, key, f"unknown column '{key}'", near(str(key), set(columns), "columns"))
    missing = [c for c in columns if c not in row]
    if missing:
        written = len(columns) - len(missing)
        report(row, "id", f"the row '{row.get('id')}' has {written} cell{'s' if written != 1 else ''} "
               f"for {len(columns)} columns", f"add '{missing[0]}: ...' (one value for each column: "
               f"{', '.join(columns)})")
    for column in columns:
        if column in row:
            text(row, column, report)
