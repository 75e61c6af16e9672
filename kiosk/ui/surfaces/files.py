"""The files surface: a phone's file manager, "Mes fichiers", drawn as a phone in the
middle of the screen.

The list of folders and files is the reusable ``FilePicker``
(``kiosk.ui.surfaces.file_picker``); this surface owns what happens to the files. A file
touched or held is selected: "Renommer" and "Déplacer vers…" appear under the list.
"Renommer" opens the phone's rename box at the top of its screen and the kiosk's keyboard
over the bottom, as a phone's keyboard covers it: the name without its ending, which
stays (``.pdf``). "Déplacer vers…" lists the other folders (``FolderChooser``); choosing
one moves the file there. What the learner types is judged, shown as the file's new name
on this screen, and forgotten with the attempt.
"""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.files import KINDS, NAME_FIELD, WORDS, FilesFixture
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.file_picker import FilePicker, FolderChooser, PickerFile, PickerFolder, PickerWords
from kiosk.ui.surfaces.phone import PhoneSurface
from kiosk.ui.surfaces.typing import TYPING_CHROME, PracticeField, TypingSurface, Typist, show_error

CHROME: dict[str, dict[str, str]] = {**WORDS, **TYPING_CHROME}


class FilesSurface(TypingSurface, PhoneSurface):
    CHROME: ClassVar[dict[str, dict[str, str]]] = CHROME

    words_of = DictProperty({})  # the app's own words: key → (words, language)
    unit = NumericProperty(20)
    banner = StringProperty("")  # the confirmation's words ("" = none)
    banner_lang = StringProperty("fr")
    selected = StringProperty("")  # the selected file's id ("" = none)
    renaming = BooleanProperty(False)
    choosing = BooleanProperty(False)
    ending = StringProperty("")  # the selected file's ending, kept when renamed

    def __init__(self, fixture: Any, **kwargs: Any) -> None:
        self._built = False
        super().__init__(fixture, **kwargs)
        model: FilesFixture = fixture  # typed by kiosk.ui.surfaces.create
        self.model: FilesFixture = model
        # the phone's state: which files each folder holds now, and their names
        self.folders: dict[str, list[PickerFile]] = {
            f.id: [PickerFile(x.id, x.name, x.kind, x.size) for x in f.files] for f in model.folders}
        self.open_id: str | None = model.open or None
        ids = self.ids
        self.picker = FilePicker(register=self.register, hold_time=self.long_press_time, unit=self.unit)
        self.picker.bind(on_folder=lambda _p, ident: self.tap(f"folder.{ident}"),
                         on_back=lambda _p: self.tap("button.back"),
                         on_file=lambda _p, ident, held: self.emit(
                             Action("long_press" if held else "tap", target=f"file.{ident}")))
        self.bind(unit=self.picker.setter("unit"))
        ids.list_slot.add_widget(self.picker)
        self.chooser = FolderChooser(register=self.register, unit=self.unit, size_hint=(1, None),
                                     pos_hint={"x": 0, "y": 0})
        self.bind(unit=self.chooser.setter("unit"))
        self.chooser.bind(on_choose=lambda _c, ident: self.emit(Action("choose", target=f"dest.{ident}")),
                          on_cancel=lambda _c: self.close_boxes())
        self.register("button.rename", ids.button_rename)
        self.register("button.move", ids.button_move)
        self.unpark()
        self.remove_widget(ids.keyboard)
        self.keyboard = ids.keyboard
        self.typist = Typist(self)
        self.field = PracticeField(item={"id": "name", "label": dict(WORDS["field.name"])}, max_length=40)
        self.typist.add(NAME_FIELD, self.field)
        ids.rename_field.add_widget(self.field)
        self._built = True
        self.relabel()
        self._show()

    # -- words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        if not getattr(self, "_built", False):
            return  # the language was set while the base class was still building
        self.words_of = self.chrome_words()
        for name in ("button.rename", "button.move"):
            self.targets[name].text, self.targets[name].lang = self.words_of[name]
        self.field.label_text, self.field.label_lang = self.words_of["field.name"]
        self.keyboard.build(self)
        self._show()

    def _count(self, n: int) -> tuple[str, str]:
        if n == 1:
            return self.words_of["count.one"]
        words, lang = self.words_of["count"]
        return words.replace("{n}", str(n)), lang

    def _picker_words(self) -> PickerWords:
        return PickerWords(title=self.words_of["app.title"], empty=self.words_of["empty"], count=self._count,
                           kinds={kind: self.words_of[f"kind.{kind}"] for kind in KINDS})

    def _folders(self) -> list[PickerFolder]:
        return [PickerFolder(f.id, (self.words(f.name), self.words_lang(f.name)), self.folders[f.id])
                for f in self.model.folders]

    # -- what is on screen -----------------------------------------------------------------------
    def _show(self) -> None:
        ids = self.ids
        self.picker.back_picture = self.arrow("back")
        self.picker.show(self._folders(), self.open_id, self._picker_words(), self.selected)
        ids.phone.show(ids.rename_page if self.renaming else ids.main_page)
        bar = ids.action_bar
        bar.opacity = 1 if self.selected and not self.renaming else 0
        bar.disabled = not bar.opacity
        for widget, wanted, parent in ((self.keyboard, self.renaming, self),
                                       (self.chooser, self.choosing, ids.main_page)):
            if wanted and widget.parent is None:
                parent.add_widget(widget)
            elif not wanted and widget.parent is not None:
                widget.parent.remove_widget(widget)
        if self.choosing:
            others = [f for f in self._folders() if f.id != self.open_id]
            self.chooser.show(others, self.words_of["choose.title"], self.words_of["button.cancel"])

    def _file(self, ident: str) -> PickerFile | None:
        return next((f for files in self.folders.values() for f in files if f.id == ident), None)

    def field_focused(self, field: Any) -> None:
        if not self.renaming:  # the rename box is closed: the field has nothing to take
            Clock.schedule_once(lambda _dt: self.typist.focus(None, confirm=False), 0)

    def close_boxes(self) -> None:
        """**Annuler**: the rename box or the chooser closes; nothing changes. A way back,
        nothing to judge."""
        self.renaming = self.choosing = False
        self.typist.focus(None, confirm=False)
        self.field.value = ""
        self._show()

    # -- touches -------------------------------------------------------------------------------
    def tap(self, name: str) -> None:
        self.emit(Action("tap", target=name))

    # -- results ---------------------------------------------------------------------------------
    def accept(self, action: Action) -> None:
        target = action.target or ""
        family, _, ident = target.partition(".")
        if family != "field":
            self.banner = ""
        if family == "folder":
            self.open_id, self.selected = ident, ""
        elif target == "button.back":
            self.open_id, self.selected = None, ""
        elif family == "file":
            self.selected = ident
        elif target == "button.rename" and self._file(self.selected) is not None:
            self._start_renaming(self._file(self.selected))  # type: ignore[arg-type]
        elif target == NAME_FIELD:
            file = self._file(self.selected)
            if file is not None:
                file.name = " ".join((action.text or "").split()) + self.ending
            self.renaming = False
            self.typist.focus(None, confirm=False)
            self.field.value = self.field.error = ""
            self.banner, self.banner_lang = self.words_of["renamed"]
        elif target == "button.move":
            self.choosing = True
        elif family == "dest":
            self._move(self.selected, ident)
        self._show()

    def _start_renaming(self, file: PickerFile) -> None:
        """The rename box: the name without its ending, ready to change (as a phone does)."""
        stem = file.name.rsplit(".", 1)[0] if "." in file.name.strip(".") else file.name
        self.ending = file.name[len(stem):]
        self.field.value = stem
        self.field.error = ""
        self.renaming, self.choosing = True, False
        self._show()
        self.typist.focus(self.field, confirm=False)

    def _move(self, file_id: str, folder_id: str) -> None:
        file = self._file(file_id)
        if file is None or folder_id not in self.folders:
            return
        for files in self.folders.values():
            if file in files:
                files.remove(file)
        self.folders[folder_id].append(file)
        self.choosing, self.selected = False, ""
        folder = self.model.folder(folder_id)
        words, lang = self.words_of["moved"]
        name = self.words(folder.name) if folder is not None else folder_id
        self.banner, self.banner_lang = words.replace("{folder}", name), lang

    def reject(self, action: Action) -> None:
        if action.target == NAME_FIELD and self.renaming:
            show_error(self, self.field)

    def reset_input(self) -> None:
        self.typist.forget()

    def empty_spot(self) -> tuple[float, float]:
        """Beside the phone: the desk, where nothing answers a touch."""
        return self.to_window(self.x + dp(20), self.top - dp(20))


SURFACE = FilesSurface
load_kv(__file__)
