"""Blocks of words on a web page: a heading, a paragraph, a notice (success, info,
warning) and a summary (a recap, label and value on each row)."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.surfaces.web import Heading, Notice, Summary, Words
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView


class NoticeBox(BoxLayout):
    kind = StringProperty("success")
    picture = StringProperty("")


class TextView(BlockView):
    """A heading (large, bold) or a paragraph."""

    def build(self, block: Words) -> Any:
        words = Factory.PageWords()
        if isinstance(block, Heading):
            words.font_size, words.bold = dp(38), True
        return self.surface.words_on(words, block.words)


class NoticeView(BlockView):
    """The site's message in a coloured box, with its pictogram."""

    def build(self, block: Notice) -> Any:
        app: Any = App.get_running_app()
        picture = app.picto("check" if block.kind == "success" else "info")
        notice = NoticeBox(kind=block.kind, picture=picture)
        self.surface.words_on(notice.ids.words, block.words)
        return notice


class SummaryView(BlockView):
    """A recap: one row per item, the label in bold on the left, like a site's table."""

    def build(self, block: Summary) -> Any:
        summary = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(8))
        summary.bind(minimum_height=summary.setter("height"))
        for item in block.rows:
            row = BoxLayout(size_hint_y=None, spacing=dp(24))
            cells = []
            for value, share, bold in ((item.label, 0.32, True), (item.value, 0.68, False)):
                words = Factory.PageWords(size_hint_x=share, bold=bold)
                cells.append(self.surface.words_on(words, value))
                row.add_widget(words)
            for words in cells:
                words.bind(height=lambda _w, _h, r=row, c=cells: fit_row(r, c))
            fit_row(row, cells)
            summary.add_widget(row)
        return summary


def fit_row(row: Any, cells: list[Any]) -> None:
    row.height = max(cell.height for cell in cells)


load_kv(__file__)
