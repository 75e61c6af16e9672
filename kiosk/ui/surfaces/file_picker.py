"""The phone's list of folders and files, as a widget of its own: the files surface's
main page, and the picker a web form opens to attach a file ("Joindre un justificatif").
Also the folder chooser of "Déplacer vers…".

Neither owns any state about files: the caller gives what to show (``PickerFolder``
and ``PickerFile``, already in the screen's language) and is told what was touched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.engine.surfaces.files import PICTURES
from kiosk.ui.surfaces import phone  # noqa: F401 (registers the phone widgets for the kv)
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.phone import PressRow

Shown = tuple[str, str]  # words and the language they are in


@dataclass
class PickerFile:
    """One file as the list shows it: its name, its kind (a pictogram) and size."""

    id: str
    name: str
    kind: str = "document"  # pdf, image, document (kiosk.engine.surfaces.files.KINDS)
    size: str = ""


@dataclass
class PickerFolder:
    """One folder: its name in the screen's language and the files in it, in order."""

    id: str
    name: Shown
    files: list[PickerFile] = field(default_factory=list)


@dataclass
class PickerWords:
    """The picker's own words, in the screen's language (``kiosk.engine.surfaces.files.WORDS``)."""

    title: Shown = ("", "fr")  # above the list of folders: "Mes fichiers"
    empty: Shown = ("", "fr")  # an empty folder: "Ce dossier est vide."
    count: Callable[[int], Shown] = lambda n: (str(n), "fr")  # under a folder: "3 fichiers"
    kinds: dict[str, Shown] = field(default_factory=dict)  # "pdf" → "Document PDF"


class PickerRow(PressRow):
    """A folder or a file in the list: a pictogram, a name, a smaller line under it."""

    picture = StringProperty("")
    name = StringProperty("")
    name_lang = StringProperty("fr")
    detail = StringProperty("")
    detail_lang = StringProperty("fr")
    selected = BooleanProperty(False)
    unit = NumericProperty(20)


class FilePicker(BoxLayout):
    """A phone's file list: the folders, or the files of the open folder with a back arrow.

    Use::

        picker = FilePicker(register=surface.register, unit=surface.unit)
        picker.bind(on_folder=lambda p, ident: ...,   # a folder touched: show(folders, ident)
                    on_back=lambda p: ...,            # the arrow: show(folders, None)
                    on_file=lambda p, ident, held: ...)  # a file touched (held: a long press)
        picker.show(folders, open_id, words, selected="")

    ``show`` draws the list anew (a list of ``PickerFolder``; ``open_id`` None: the folders)
    and names its parts with ``register(name, widget)``: ``folder.<id>``, ``file.<id>``,
    ``button.back``, so a scenario, the robot and the ghost hand find them. The caller
    decides what each touch does (open, select, attach) and calls ``show`` again. The
    rows are at least 64 px high; a long press is the mouse's right button too.
    """

    unit = NumericProperty(20)
    title = StringProperty("")  # the folder's name, or the list's title
    title_lang = StringProperty("fr")
    in_folder = BooleanProperty(False)
    back_picture = StringProperty("back")

    def __init__(self, register: Callable[[str, Any], Any] | None = None, hold_time: float = 0.6,
                 **kwargs: Any) -> None:
        for event in ("on_folder", "on_back", "on_file"):
            self.register_event_type(event)
        super().__init__(**kwargs)
        self._register = register or (lambda _name, widget: widget)
        self.hold_time = hold_time
        self._register("button.back", self.ids.back)

    def on_folder(self, ident: str) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_file(self, ident: str, held: bool) -> None:
        pass

    def show(self, folders: Sequence[PickerFolder], open_id: str | None, words: PickerWords,
             selected: str = "") -> None:
        """Draw the folders (``open_id`` None) or the files of folder ``open_id``."""
        app: Any = App.get_running_app()
        rows = self.ids.rows
        rows.clear_widgets()
        folder = next((f for f in folders if f.id == open_id), None)
        self.in_folder = folder is not None
        if folder is None:
            self.title, self.title_lang = words.title
            for each in folders:
                count = words.count(len(each.files))
                row = self._row(f"folder.{each.id}", app.picto("folder"), each.name, count)
                row.bind(on_tap=lambda _r, ident=each.id: self.dispatch("on_folder", ident))
                rows.add_widget(row)
            return
        self.title, self.title_lang = folder.name
        for file in folder.files:
            kind = words.kinds.get(file.kind, ("", "fr"))
            detail = (f"{file.size} · {kind[0]}" if file.size else kind[0], kind[1])
            row = self._row(f"file.{file.id}", app.picto(PICTURES.get(file.kind, "document")),
                            (file.name, "fr"), detail)
            row.selected = file.id == selected
            row.bind(on_tap=lambda _r, ident=file.id: self.dispatch("on_file", ident, False),
                     on_hold=lambda _r, ident=file.id: self.dispatch("on_file", ident, True))
            rows.add_widget(row)
        if not folder.files:
            from kiosk.ui.widgets import Words

            rows.add_widget(Words(words=words.empty[0], lang=words.empty[1], font_size=self.unit,
                                  size_hint_y=None, height=self.unit * 3))

    def _row(self, name: str, picture: str, shown: Shown, detail: Shown) -> PickerRow:
        row = PickerRow(picture=picture, name=shown[0], name_lang=shown[1], detail=detail[0],
                        detail_lang=detail[1], unit=self.unit, hold_time=self.hold_time)
        self._register(name, row)
        return row


class FolderChooser(BoxLayout):
    """"Choisir un dossier": the folders a file can go to, and **Annuler**.

    ``chooser.show(folders, title, cancel)`` lists them as ``dest.<id>`` (registered like
    the picker's rows, with ``register``) and ``button.cancel``; events ``on_choose(id)``
    and ``on_cancel()``.
    """

    unit = NumericProperty(20)
    title = StringProperty("")
    title_lang = StringProperty("fr")

    def __init__(self, register: Callable[[str, Any], Any] | None = None, **kwargs: Any) -> None:
        self.register_event_type("on_choose")
        self.register_event_type("on_cancel")
        super().__init__(**kwargs)
        self._register = register or (lambda _name, widget: widget)
        self._register("button.cancel", self.ids.cancel)

    def on_choose(self, ident: str) -> None:
        pass

    def on_cancel(self) -> None:
        pass

    def show(self, folders: Sequence[PickerFolder], title: Shown, cancel: Shown) -> None:
        app: Any = App.get_running_app()
        self.title, self.title_lang = title
        self.ids.cancel.text, self.ids.cancel.lang = cancel
        rows = self.ids.rows
        rows.clear_widgets()
        for folder in folders:
            row = PickerRow(picture=app.picto("folder"), name=folder.name[0], name_lang=folder.name[1],
                            unit=self.unit)
            row.bind(on_tap=lambda _r, ident=folder.id: self.dispatch("on_choose", ident),
                     on_hold=lambda _r, ident=folder.id: self.dispatch("on_choose", ident))
            self._register(f"dest.{folder.id}", row)
            rows.add_widget(row)


load_kv(__file__)
