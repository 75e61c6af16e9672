"""Translators' files for scenario texts: gettext PO files out of the YAML, and back in.

Owns ``kiosk scenarios translate export`` and ``import``: a translator who never opens a
scenario file translates an exercise in any PO editor (Poedit, Weblate, Lokalize), as
for the interface's own strings in ``kiosk/locale``. One PO file per module and
language, ``<module>.<lang>.po``; each text of the module's files is one entry:

- ``msgctxt``: the file's id and the text's path in it, ``email.reply steps[2].say.mouse``
  (the module file's id is the module's: ``email title``);
- ``msgid``: the French; ``msgstr``: the words in that language now (empty if none);
- ``#:`` the file and line, ``#.`` the notes for the translator (the 12-word rule for
  what the kiosk says; for the screen's words, to write them as the real screen would).

A text equal to its French is flagged *fuzzy* (to review), not counted as translated,
when it looks copied (:func:`looks_untranslated`): that is what ``kiosk scenarios new``
writes for a title. Import writes the translated entries back into the YAML through
:mod:`kiosk.engine.yaml_edit` (every other byte of the file stays); fuzzy entries are
not imported, empty ones leave the text as it is, and an entry whose French has changed
since the export is reported, not written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_module, load_scenario
from kiosk.engine.model import KNOWN_LANGUAGES, SOURCE_LANGUAGE
from kiosk.engine.yaml_edit import LanguageMap, TextPath, language_maps, parse_path, path_text, set_texts
from kiosk.engine.yaml_read import YAMLError, load

__all__ = ["ExportReport", "ImportReport", "check_files", "export", "import_po", "looks_untranslated",
           "run_export", "run_import"]

MODULE_FILE = "module.yaml"
SPOKEN_NOTE = "Short sentences: 12 words at most. Concrete, encouraging."
SCREEN_NOTE = ("Words on the practice screen (a site, a message, a form): "
               "write them as the real screen would in this language.")
TARGET_NOTE = "Keep each <...> as it is: the kiosk puts the screen's own word there."
# languages written in another alphabet: French words left in them are not a translation
OTHER_ALPHABETS = frozenset({"ar", "uk"})
TRANSLATABLE = tuple(lang for lang in KNOWN_LANGUAGES if lang != SOURCE_LANGUAGE)


def looks_untranslated(french: str, words: str, language: str) -> bool:
    """Whether ``words`` in ``language`` look like the French copied, not a translation.

    Only a text identical to its French can be. It counts as untranslated when it has
    letters and is a phrase (two words or more: "Carte de parking") or the language is
    written in another alphabet (ar, uk). A single word in a Latin-alphabet language
    ("Internet", "Date", "OK", a name, an address) and a text without letters ("10:30",
    "12/03") may rightly be the same as in French.
    """
    if words.strip() != french.strip() or not any(ch.isalpha() for ch in french):
        return False
    phrase = sum(1 for word in french.split() if any(ch.isalpha() for ch in word)) >= 2
    return phrase or language in OTHER_ALPHABETS


def module_files(root: Path, module: str) -> list[Path]:
    """A module's files in the order a translator meets them: the module, then its scenarios."""
    folder = root / module
    first = [folder / MODULE_FILE] if (folder / MODULE_FILE).exists() else []
    return first + sorted(p for p in folder.glob("*.yaml") if p.name != MODULE_FILE)


def _document(path: Path) -> tuple[str, str | None, list[LanguageMap]]:
    """The file's text, its id and its language maps (raises when the YAML is unreadable)."""
    text = path.read_bytes().decode("utf-8")
    document = load(text)
    ident = document.get("id") if isinstance(document, dict) else None
    return text, ident if isinstance(ident, str) and ident else None, language_maps(text)


def _unreadable(path: Path) -> str:
    return f"{path}: cannot read this file — run 'kiosk scenarios check {path}' and fix it first"


# -- export ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportReport:
    """What one PO file holds."""

    module: str
    po: Path
    translated: int
    review: int  # same as the French, flagged fuzzy
    missing: int  # empty
    problems: tuple[str, ...] = ()

    def summary(self) -> str:
        total = self.translated + self.review + self.missing
        return (f"wrote {self.po}: {total} text(s), {self.translated} translated, "
                f"{self.review} to review (same as French, marked fuzzy), {self.missing} missing")


def _notes(entry: LanguageMap) -> list[str]:
    notes = [SCREEN_NOTE if entry.screen else SPOKEN_NOTE]
    if "<" in entry.texts["fr"]:
        notes.append(TARGET_NOTE)
    return notes


def module_catalog(root: Path, module: str, language: str) -> tuple[Catalog, ExportReport]:
    """The PO catalogue of one module's texts in ``language`` (the report's ``po`` is unset)."""
    catalog = Catalog(
        locale=language, project="epn-kiosk scenarios, module", version=module, fuzzy=False,
        header_comment=(f"# The texts of the practice module '{module}' ({root.name}/{module}/).\n"
                        "# Made by: kiosk scenarios translate export\n"
                        "# Back into the scenarios: kiosk scenarios translate import FILE.po\n#"),
    )
    counts = {"translated": 0, "review": 0, "missing": 0}
    problems: list[str] = []
    for path in module_files(root, module):
        try:
            _, ident, maps = _document(path)
        except (OSError, UnicodeDecodeError, YAMLError, ValueError, RecursionError):
            problems.append(_unreadable(path))
            continue
        if ident is None:
            problems.append(f"{path}: the file has no 'id', its texts are left out — add 'id: ...'")
            continue
        where = f"{root.name}/{path.relative_to(root).as_posix()}"
        for entry in maps:
            french = entry.texts.get(SOURCE_LANGUAGE, "")
            if not french.strip():
                continue
            words = entry.texts.get(language, "")
            flags = []
            if not words.strip():
                counts["missing"] += 1
                words = ""
            elif looks_untranslated(french, words, language):
                counts["review"] += 1
                flags.append("fuzzy")
            else:
                counts["translated"] += 1
            line = entry.lines.get(language) or entry.lines.get(SOURCE_LANGUAGE) or entry.line
            catalog.add(french, words, locations=[(where, line)], flags=flags,
                        auto_comments=_notes(entry), context=f"{ident} {path_text(entry.path)}")
    return catalog, ExportReport(module, Path(), problems=tuple(problems), **counts)


def export(root: Path, language: str, modules: Sequence[str], out: Path) -> list[ExportReport]:
    """Write ``<out>/<module>.<language>.po`` for each module; what each one holds."""
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    for module in modules:
        catalog, report = module_catalog(root, module, language)
        po = out / f"{module}.{language}.po"
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=76)
        po.write_bytes(buffer.getvalue())
        reports.append(ExportReport(module, po, report.translated, report.review, report.missing,
                                    report.problems))
    return reports


def modules_in(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


# -- import ------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import did: texts written per file, and what it left alone and why."""

    po: Path
    language: str = ""
    updated: dict[Path, int] = field(default_factory=dict)
    fuzzy: int = 0
    untranslated: int = 0
    notes: list[str] = field(default_factory=list)  # entries left alone, each with a fix
    error: str = ""  # the PO file itself could not be used

    def summary(self) -> str:
        if self.error:
            return self.error
        texts = sum(self.updated.values())
        line = f"{self.po}: {texts} text(s) updated in {len(self.updated)} file(s)"
        if self.fuzzy:
            line += (f"; {self.fuzzy} fuzzy text(s) skipped — review them in the PO editor, "
                     "then remove their 'fuzzy' mark")
        if self.untranslated:
            line += f"; {self.untranslated} untranslated text(s) left as they are"
        return line


class _Files:
    """The scenario and module files under a root, by id, read once each."""

    def __init__(self, root: Path) -> None:
        self.by_id: dict[str, Path] = {}
        self.unreadable: list[Path] = []
        self._read: dict[Path, tuple[str, dict[TextPath, LanguageMap]]] = {}
        for path in sorted(root.glob("*/*.yaml")):
            try:
                text, ident, maps = _document(path)
            except (OSError, UnicodeDecodeError, YAMLError, ValueError, RecursionError):
                self.unreadable.append(path)
                continue
            if ident is not None:
                self.by_id.setdefault(ident, path)
                self._read[path] = (text, {m.path: m for m in maps})

    def text(self, path: Path) -> str:
        return self._read[path][0]

    def maps(self, path: Path) -> dict[TextPath, LanguageMap]:
        return self._read[path][1]


def _language(catalog: Catalog) -> str:
    locale = catalog.locale
    return str(locale.language) if locale is not None else ""


def import_po(po: Path, root: Path) -> ImportReport:
    """Write the translated entries of the PO file ``po`` into the YAML files under ``root``."""
    report = ImportReport(po)
    try:
        with po.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, UnknownLocaleError, ValueError, UnicodeDecodeError) as exc:
        report.error = f"{po}: cannot read this PO file ({exc}) — export it again and redo the changes"
        return report
    language = report.language = _language(catalog)
    if language not in TRANSLATABLE:
        report.error = (f"{po}: the file's language is '{language or 'not given'}' — set its 'Language:' "
                        f"header to one of {', '.join(TRANSLATABLE)}")
        return report
    files = _Files(root)
    changes: dict[Path, dict[TextPath, str]] = {}
    for message in catalog:
        if not message.id:  # the header
            continue
        french, words = message.id, message.string
        if not isinstance(french, str) or not isinstance(words, str):
            report.notes.append(f"{po}:{message.lineno}: a plural entry is not a scenario text — remove it")
            continue
        if message.fuzzy and words:
            report.fuzzy += 1
            continue
        if not words.strip():
            report.untranslated += 1
            continue
        ident, _, where = (message.context or "").partition(" ")
        path = files.by_id.get(ident)
        text_path = parse_path(where)
        if path is None or text_path is None:
            report.notes.append(f"{po}:{message.lineno}: no text '{message.context}' under {root} — "
                                "export again from this scenarios folder")
            continue
        entry = files.maps(path).get(text_path)
        if entry is None or entry.texts.get(SOURCE_LANGUAGE, "") != french:
            line = entry.line if entry is not None else 1
            report.notes.append(f"{path}:{line}: the French of '{message.context}' changed since the "
                                "export, its translation is not written — export again and translate it")
            continue
        if french == french.strip():
            words = words.strip()
        if entry.texts.get(language) != words:
            changes.setdefault(path, {})[text_path] = words
    for path, wanted in changes.items():
        old = files.text(path)
        new, failed = set_texts(old, language, wanted)
        for text_path in failed:
            entry = files.maps(path)[text_path]
            report.notes.append(f"{path}:{entry.line}: the {language} text of '{path_text(text_path)}' "
                                "could not be written in place — copy it into the file by hand")
        if new != old:
            path.write_bytes(new.encode("utf-8"))
            report.updated[path] = len(wanted) - len(failed)
    return report


def check_files(paths: Iterable[Path], languages: Sequence[str],
                pictograms: set[str] | None = None) -> list[ContentProblem]:
    """What ``kiosk scenarios check`` finds in these files (module files included)."""
    problems: list[ContentProblem] = []
    for path in paths:
        if path.name == MODULE_FILE:
            problems.extend(load_module(path, languages)[1])
        else:
            problems.extend(load_scenario(path, languages, pictograms)[1])
    return problems


# -- the command's words ---------------------------------------------------------------------

def run_export(root: Path, language: str, module: str | None, out: Path) -> tuple[int, list[str]]:
    """``kiosk scenarios translate export``: exit code and what to print."""
    if not root.is_dir():
        return 1, [f"{root}: no such folder — give the scenarios folder with --dir"]
    if language not in TRANSLATABLE:
        return 1, [f"'{language}' cannot be exported — French is the source; use one of: "
                   f"{', '.join(TRANSLATABLE)}"]
    known = modules_in(root)
    if module is not None and module not in known:
        return 1, [f"no module '{module}' in {root} — use one of: {', '.join(known)}"]
    lines: list[str] = []
    for report in export(root, language, [module] if module else known, out):
        lines += [*report.problems, report.summary()]
    return 0, lines


def run_import(files: Sequence[Path], root: Path, languages: Sequence[str],
               pictograms: set[str] | None = None) -> tuple[int, list[str]]:
    """``kiosk scenarios translate import``: write each file back, then check the changed files."""
    if not root.is_dir():
        return 1, [f"{root}: no such folder — give the scenarios folder with --dir"]
    lines: list[str] = []
    changed: list[Path] = []
    checked = list(languages)
    failed = False
    for po in files:
        report = import_po(po, root)
        lines += [*report.notes, report.summary()]
        failed = failed or bool(report.error)
        changed += [p for p in report.updated if p not in changed]
        if report.language and report.language not in checked:
            checked.append(report.language)
    if changed:
        problems = check_files(changed, checked, pictograms)
        errors = sum(p.severity == "error" for p in problems)
        lines += [str(p) for p in problems]
        lines.append(f"check of the changed files: {len(changed)} file(s), {errors} error(s), "
                     f"{len(problems) - errors} warning(s)")
        failed = failed or errors > 0
    return (1 if failed else 0), lines
