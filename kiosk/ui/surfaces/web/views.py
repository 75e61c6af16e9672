"""Which view draws each kind of block: keyed exactly like the engine's block kinds
(``kiosk.engine.surfaces.web.BLOCKS``), so a new kind of block is a new module here and
one line in this table, not a new branch in the surface."""

from __future__ import annotations

from kiosk.ui.surfaces.web.button import ButtonView, LinkView
from kiosk.ui.surfaces.web.calendar import CalendarView
from kiosk.ui.surfaces.web.download import DownloadView
from kiosk.ui.surfaces.web.field import FieldView
from kiosk.ui.surfaces.web.page import BlockView
from kiosk.ui.surfaces.web.table import TableView
from kiosk.ui.surfaces.web.text import NoticeView, SummaryView, TextView
from kiosk.ui.surfaces.web.upload import UploadView

VIEWS: dict[str, type[BlockView]] = {
    "heading": TextView,
    "text": TextView,
    "notice": NoticeView,
    "summary": SummaryView,
    "field": FieldView,
    "button": ButtonView,
    "link": LinkView,
    "calendar": CalendarView,
    "download": DownloadView,
    "table": TableView,
    "upload": UploadView,
}
