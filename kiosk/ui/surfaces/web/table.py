"""A table on a web page: its caption, a header row, then its rows. The columns share
the page's width and long words wrap inside their cell, so the table never runs off the
side; a row is as tall as its tallest cell (at least a finger's width). Every row and
every cell is a target: a touch on a cell answers for the cell, or for its row when the
step asks for the row."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.surfaces.web import Table
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView
from kiosk.ui.surfaces.web.text import fit_row


class TableRow(BoxLayout):
    target = StringProperty("")
    header = BooleanProperty(False)
    odd = BooleanProperty(False)
    lit = BooleanProperty(False)


class TableCell(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    row_target = StringProperty("")
    lit = BooleanProperty(False)


class TableView(BlockView):
    FAMILIES = ("row", "cell")

    def build(self, block: Table) -> Any:
        surface = self.surface
        box = Factory.TableBox()
        if block.caption is not None:
            surface.words_on(box.ids.caption, block.caption)
        header = TableRow(header=True)
        for column in block.columns:
            cell = Factory.HeaderCell()
            surface.words_on(cell.ids.words, column.label)
            header.add_widget(cell)
        self._fit(header)
        box.ids.rows.add_widget(header)
        for i, row in enumerate(block.rows):
            line = TableRow(odd=i % 2 == 1)
            surface.register(f"row.{block.id}.{row.id}", line)
            for column, value in zip(block.columns, row.cells, strict=False):
                cell = TableCell(row_target=line.target)
                surface.words_on(cell.ids.words, value)
                cell.bind(on_release=lambda c: self.touched(c))
                surface.register(f"cell.{block.id}.{row.id}.{column.id}", cell)
                line.add_widget(cell)
            self._fit(line)
            box.ids.rows.add_widget(line)
        return box

    def touched(self, cell: TableCell) -> None:
        """The cell, or its row when that is what the step asks for."""
        wanted = self.surface.step_target
        self.surface.tap(cell.row_target if wanted == cell.row_target else cell.target)

    @staticmethod
    def _fit(row: TableRow) -> None:
        cells = list(row.children)
        if not cells:
            return
        for cell in cells:
            cell.bind(height=lambda _c, _h, r=row, c=cells: fit_row(r, c))
        fit_row(row, cells)


load_kv(__file__)
