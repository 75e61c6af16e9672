"""The trainers' path builder: a draft path made with plain form buttons, written as a path file.

Owns what the page ``/review/paths`` (:mod:`kiosk.hub.paths_page`) edits and writes:

- :class:`Draft`: a path being made — its id, its title per language (French required,
  the others optional), its pictogram and its exercises in order. The whole draft
  travels in the form's fields, so the page needs no script and no server state: each
  button (add, remove, up, down) posts the form and gets the page back with the draft
  changed (:meth:`Draft.apply`);
- :func:`path_yaml`: the draft as a path file (``paths/<id>.yaml``, the format of
  ``scenarios/paths/*.yaml``, read back by :func:`kiosk.engine.path_file.load_path`);
- :func:`exercise_choices`: the exercises a trainer can pick, shipped and published,
  in teaching order with their module's pictogram and title (:func:`published_catalogue`
  loads them, cached per published bundle);
- :func:`draft_of`: a published path file back as a draft, to change it.

Saving (the page's job) puts the file among the published content, checks the whole
with :func:`kiosk.hub.content.check_upload` — the check ``kiosk scenarios check`` and the
terminals run — and publishes the next signed bundle: the terminals receive the path
with their next content update.
"""

from __future__ import annotations

import re
import tempfile
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.loader import DEFAULT_LANGUAGES
from kiosk.engine.path_file import PATH_SCHEMA_VERSION
from kiosk.engine.paths import PATH_ID_RE, PATHS_FOLDER

#: The title's languages in the form: French first (required), then the kiosk's others.
TITLE_LANGUAGES: tuple[str, ...] = DEFAULT_LANGUAGES
#: The pictogram a new path starts with.
DEFAULT_PICTOGRAM = "footprints"
#: Longest title taken from the form (a tile shows a few words).
MAX_TITLE = 80
#: Most exercises a draft holds (a path fits a progress record: see kiosk.engine.paths).
MAX_EXERCISES = 40


def slug(text: str) -> str:
    """A path id from a French title: ``Mes démarches !`` → ``mes_demarches``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    cleaned = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40].strip("_")
    if cleaned and not cleaned[0].isalpha():
        cleaned = "parcours_" + cleaned
    return cleaned or "parcours"


@dataclass(frozen=True)
class Draft:
    """A path being made in the builder (what the form's fields hold)."""

    path_id: str = ""
    titles: Mapping[str, str] = field(default_factory=dict)
    pictogram: str = DEFAULT_PICTOGRAM
    exercises: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, form: Mapping[str, Any], exercises: Sequence[str]) -> Draft:
        """The draft a posted form holds (unknown or repeated exercises are dropped)."""
        titles = {lang: str(form.get(f"title_{lang}") or "").strip()[:MAX_TITLE] for lang in TITLE_LANGUAGES}
        path_id = str(form.get("path_id") or "").strip()
        seen: list[str] = []
        for item in exercises:
            if isinstance(item, str) and item not in seen and len(seen) < MAX_EXERCISES:
                seen.append(item)
        return cls(path_id if PATH_ID_RE.match(path_id) else "", {k: v for k, v in titles.items() if v},
                   str(form.get("pictogram") or DEFAULT_PICTOGRAM)[:60], tuple(seen))

    def apply(self, action: str, known: Mapping[str, object]) -> Draft:
        """The draft after one button: ``add:<exercise>``, ``remove:<i>``, ``up:<i>``,
        ``down:<i>``. An action that does not fit (an unknown exercise, an index outside
        the list) changes nothing."""
        verb, _, arg = action.partition(":")
        items = list(self.exercises)
        if verb == "add":
            if arg in known and arg not in items and len(items) < MAX_EXERCISES:
                items.append(arg)
            return replace(self, exercises=tuple(items))
        try:
            i = int(arg)
        except ValueError:
            return self
        if not 0 <= i < len(items):
            return self
        if verb == "remove":
            del items[i]
        elif verb == "up" and i > 0:
            items[i - 1], items[i] = items[i], items[i - 1]
        elif verb == "down" and i < len(items) - 1:
            items[i + 1], items[i] = items[i], items[i + 1]
        return replace(self, exercises=tuple(items))

    @property
    def file_id(self) -> str:
        """The id the file is saved under: the one it had, else made from the French title."""
        return self.path_id or slug(self.titles.get("fr", ""))

    @property
    def file_path(self) -> str:
        return f"{PATHS_FOLDER}/{self.file_id}.yaml"


def path_yaml(draft: Draft) -> bytes:
    """The draft as a path file (``scenarios/paths/<id>.yaml`` format)."""
    doc = {"schema_version": PATH_SCHEMA_VERSION, "id": draft.file_id,
           "title": {lang: draft.titles[lang] for lang in TITLE_LANGUAGES if draft.titles.get(lang)},
           "pictogram": draft.pictogram, "exercises": list(draft.exercises)}
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return ("# A path made with the hub's path builder (/review/paths; scenarios/README.md, \"Paths\").\n"
            + text).encode("utf-8")


def draft_of(data: bytes) -> Draft | None:
    """A published path file back as a draft (None if it does not read as one)."""
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        return None
    title = doc.get("title")
    title = title if isinstance(title, dict) else {}
    exercises = doc.get("exercises")
    exercises = exercises if isinstance(exercises, list) else []
    return Draft(doc["id"], {str(k): str(v) for k, v in title.items() if k in TITLE_LANGUAGES and v},
                 str(doc.get("pictogram") or DEFAULT_PICTOGRAM), tuple(str(e) for e in exercises))


# --- what can be picked -------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One exercise the builder offers: its id, French title, and its module's look."""

    id: str
    title: str
    module: str
    pictogram: str

    def matches(self, query: str) -> bool:
        words = _fold(query).split()
        haystack = _fold(f"{self.id} {self.title} {self.module}")
        return all(w in haystack for w in words)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def exercise_choices(catalogue: Catalogue) -> list[Choice]:
    """Every exercise of ``catalogue`` in teaching order (modules in order, each level 2
    right after its level 1, then any other)."""
    out: list[Choice] = []
    seen: set[str] = set()
    for module in catalogue.modules:
        for scenario in catalogue.in_module(module.id):
            for exercise in (scenario, scenario.level2):
                if exercise is not None:
                    out.append(Choice(exercise.id, exercise.title.get("fr"), module.title.get("fr"),
                                      module.pictogram))
                    seen.add(exercise.id)
    for sid in sorted(set(catalogue.scenarios) - seen):
        scenario = catalogue.scenarios[sid]
        out.append(Choice(sid, scenario.title.get("fr"), scenario.module, scenario.pictogram))
    return out


_cache_lock = threading.Lock()
_cache: dict[tuple[str, str], Catalogue] = {}


def published_catalogue(shipped: Path, session: Session) -> Catalogue:
    """The shipped scenarios with the newest published bundle's files, as the terminals
    load them (:func:`kiosk.sync.content.load_content`); kept per (folder, bundle SHA-256)."""
    from kiosk.hub.content import latest, published_files
    from kiosk.sync.content import load_content

    newest = latest(session)
    key = (str(shipped), newest.sha256 if newest is not None else "")
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    files = published_files(session)
    with tempfile.TemporaryDirectory(prefix="epn-paths-") as temp:
        root = Path(temp)
        for path, data in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        catalogue = load_content(shipped, root if files else None)
    with _cache_lock:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = catalogue
    return catalogue
