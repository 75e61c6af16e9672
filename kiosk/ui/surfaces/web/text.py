"""Blocks of words on a web page: a heading, a paragraph, a notice (success, info,
warning) and a summary (a recap, label and value on each row)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.page import BlockView


class Notice(BoxLayout):
    kind = StringProperty("success")
    picture = StringProperty("")


class TextView(BlockView):
    """A heading (large, bold) or a paragraph."""

    def build(self, block: Mapping[str, Any]) -> Any:
        kind = "heading" if "heading" in block else "text"
        words = Factory.PageWords()
        if kind == "heading":
            words.font_size, words.bold = dp(38), True
        return self.surface.words_on(words, block, kind)


class NoticeView(BlockView):
    """The site's message in a coloured box, with its pictogram."""

    def build(self, block: Mapping[str, Any]) -> Any:
        notice_kind = block.get("kind", "success")
        app: Any = App.get_running_app()
        picture = app.picto("check" if notice_kind == "success" else "info")
        notice = Notice(kind=notice_kind, picture=picture)
        self.surface.words_on(notice.ids.words, block, "notice")
        return notice


class SummaryView(BlockView):
    """A recap: one row per item, the label in bold on the left, like a site's table."""

    def build(self, block: Mapping[str, Any]) -> Any:
        summary = BoxLayout(orientation="vertical", size_hint_y=None, spacing=dp(8))
        summary.bind(minimum_height=summary.setter("height"))
        for item in block.get("summary") or []:
            row = BoxLayout(size_hint_y=None, spacing=dp(24))
            cells = []
            for key, share in (("label", 0.32), ("value", 0.68)):
                words = Factory.PageWords(size_hint_x=share, bold=key == "label")
                cells.append(self.surface.words_on(words, item, key))
                row.add_widget(words)
            for words in cells:
                words.bind(height=lambda _w, _h, r=row, c=cells: fit_row(r, c))
            fit_row(row, cells)
            summary.add_widget(row)
        return summary


def fit_row(row: Any, cells: list[Any]) -> None:
    row.height = max(cell.height for cell in cells)


load_kv(__file__)
