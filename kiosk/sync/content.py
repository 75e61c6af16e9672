"""The terminal's extra content: bundles from the hub, kept in versioned folders.

Owns three things, none of them Kivy:

- :func:`load_content`: the catalogue of the shipped scenarios plus one extra folder
  (a bundle's), each loaded by the engine's own :func:`kiosk.engine.load_catalogue` — the
  check ``kiosk scenarios check`` runs — then put together: an extra scenario whose id
  the shipped content already uses is left out, with a problem naming its file. The hub
  checks a trainer's upload with the same function.
- :class:`ContentFolder`: ``<KIOSK_HOME>/content/v<N>/`` per unpacked bundle and the
  pointer ``current.json`` (``{"version": N, "previous": M, "refused": R}``), written
  aside and swapped in with ``os.replace``: a power cut leaves the old pointer or the
  new one, never half of one. The previous version is kept to roll back to; older ones
  are deleted. A version that failed to load is remembered as refused and not fetched
  again (a newer one is).
- :class:`ContentFetcher`: one worker thread that, each time it is woken (the kiosk
  wakes it when no session is on), asks the hub for its latest bundle, downloads a newer
  one, checks its signature against this EPN's key (:mod:`kiosk.sync.bundle`), unpacks
  it and loads it, and hands the outcome to a callback. No hub, a refused bundle, a
  download cut: the terminal keeps what it has.

The pointer moves only on the kiosk's main thread (:meth:`ContentFolder.switch`), when
no learner is in a session.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.engine.catalogue import MODULE_FILE, Catalogue, load_catalogue
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import DEFAULT_LANGUAGES
from kiosk.engine.path_file import is_path_file, load_path, path_files
from kiosk.export.keys import SigningKey
from kiosk.sync.bundle import MAX_BUNDLE_BYTES, BundleRefused, OpenedBundle, open_bundle

if TYPE_CHECKING:
    import requests

    from kiosk.sync.client import HubCredentials

log = logging.getLogger(__name__)

CONTENT_DIR = "content"
POINTER_FILE = "current.json"


# --- the catalogue: shipped + one extra folder ----------------------------------------------


def load_content(shipped: Path, extra: Path | None, languages: Sequence[str] = DEFAULT_LANGUAGES,
                 pictograms: set[str] | None = None) -> Catalogue:
    """The shipped scenarios and those of ``extra`` (a bundle's folder), as one catalogue.

    Each folder goes through :func:`load_catalogue`. Put together: an extra module or
    scenario whose id the shipped content uses is left out (an error on its file); an
    extra scenario may join a shipped module (its "no module.yaml" warning is dropped).
    The extra folder's paths (``paths/<id>.yaml``, made with the hub's path builder) are
    checked against every exercise, shipped and extra; one whose id a shipped path uses
    is left out, with an error on its file.
    """
    base = load_catalogue(shipped, languages, pictograms)
    if extra is None or not extra.is_dir():
        return base
    more = load_catalogue(extra, languages, pictograms)
    problems = list(base.problems)
    modules = list(base.modules)
    shipped_modules = {m.id for m in base.modules}
    for module in more.modules:
        if module.id in shipped_modules:
            problems.append(ContentProblem(module.source, 1, 1, f"module id '{module.id}' is already used "
                                           "by the shipped content",
                                           f"give the module another id, or add the scenarios alone "
                                           f"(without {MODULE_FILE}) to join '{module.id}'"))
            continue
        modules.append(module)
    scenarios = dict(base.scenarios)
    for scenario in more.scenarios.values():
        if scenario.id in scenarios:
            problems.append(ContentProblem(scenario.source, 1, 1, f"scenario id '{scenario.id}' is already "
                                           "used by the shipped content",
                                           "give it another id (the part after the module's name)"))
            continue
        scenarios[scenario.id] = scenario
    joined = {s.source for s in more.scenarios.values() if s.module in shipped_modules}
    for problem in more.problems:
        # "module 'email' has no module.yaml": it has one, among the shipped modules
        if problem.severity == "warning" and problem.path in joined and MODULE_FILE in problem.what:
            continue
        if is_path_file(Path(problem.path)):  # checked again below, with the shipped exercises
            continue
        problems.append(problem)
    modules.sort(key=lambda m: (m.rank is None, m.rank or 0, m.id))
    paths = list(base.paths)
    for file in path_files(extra):
        path, found = load_path(file, set(scenarios), languages, pictograms)
        problems.extend(found)
        if path is None:
            continue
        if base.path(path.id) is not None:
            problems.append(ContentProblem(file, 1, 1, f"path id '{path.id}' is already used by the "
                                           "shipped content", "give the path another id"))
            continue
        paths.append(path)
    return Catalogue(tuple(modules), scenarios, tuple(problems), tuple(paths))


def errors_under(catalogue: Catalogue, folder: Path) -> list[ContentProblem]:
    """The catalogue's errors in files under ``folder`` (a bundle's own problems)."""
    root = folder.resolve()
    return [p for p in catalogue.errors if Path(p.path).resolve().is_relative_to(root)]


def first_error(catalogue: Catalogue, folder: Path) -> str:
    """The first error of a bundle's own files, located within the bundle (``""``: none)."""
    found = errors_under(catalogue, folder)
    if not found:
        return ""
    problem = found[0]
    where = Path(problem.path).resolve().relative_to(folder.resolve()).as_posix()
    return f"{where}:{problem.line}:{problem.column}: {problem.what} — {problem.fix}"


# --- the folders and the pointer ----------------------------------------------------------


@dataclass(frozen=True)
class Pointer:
    """Which bundle is in use (0: the shipped content only), the one before, and the
    newest version that failed to load here."""

    version: int = 0
    previous: int | None = None
    refused: int = 0


class ContentFolder:
    """``<home>/content``: one folder per unpacked bundle and the pointer to the one in use."""

    def __init__(self, home: Path) -> None:
        self.root = home / CONTENT_DIR

    @property
    def pointer_file(self) -> Path:
        return self.root / POINTER_FILE

    def folder(self, version: int) -> Path:
        return self.root / f"v{version}"

    def pointer(self) -> Pointer:
        """The pointer as written; a missing or unreadable one means the shipped content."""
        try:
            data = json.loads(self.pointer_file.read_text(encoding="utf-8"))
            previous = data.get("previous")
            return Pointer(int(data.get("version", 0)), int(previous) if previous else None,
                           int(data.get("refused", 0)))
        except FileNotFoundError:
            return Pointer()
        except (OSError, ValueError, TypeError, AttributeError) as error:
            log.warning("%s is unreadable (%s): the shipped content is used", self.pointer_file, error)
            return Pointer()

    def current_folder(self) -> Path | None:
        version = self.pointer().version
        return self.folder(version) if version else None

    def wants(self, version: int) -> bool:
        """Whether the hub's ``version`` is newer than what is here or was refused here."""
        now = self.pointer()
        return version > max(now.version, now.refused)

    def unpack(self, bundle: OpenedBundle) -> Path:
        """The bundle's files in ``v<N>/`` (written aside, renamed into place whole)."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.folder(bundle.version)
        temp = Path(tempfile.mkdtemp(dir=self.root, prefix=f".v{bundle.version}-"))
        try:
            for path, data in bundle.files.items():
                out = temp / path
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
            if target.exists():
                if self.pointer().version == bundle.version:
                    raise FileExistsError(f"{target} is in use")
                shutil.rmtree(target)
            temp.rename(target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        return target

    def switch(self, version: int) -> None:
        """Use bundle ``version`` from now on; the one in use becomes the one to roll back to."""
        now = self.pointer()
        if version == now.version:
            return
        if not self.folder(version).is_dir():
            raise FileNotFoundError(self.folder(version))
        self._write(Pointer(version, now.version or None, now.refused))
        self._prune()

    def roll_back(self) -> Pointer:
        """The bundle in use failed to load: back to the previous one (or to the shipped
        content), and its version is not taken again."""
        now = self.pointer()
        back = now.previous if now.previous and self.folder(now.previous).is_dir() else 0
        after = Pointer(back, None, max(now.refused, now.version))
        self._write(after)
        self._prune()
        return after

    def refuse(self, version: int) -> None:
        """Bundle ``version`` failed to load before it was used: drop it, do not fetch it again."""
        now = self.pointer()
        if version in (now.version, now.previous):
            return
        self._write(Pointer(now.version, now.previous, max(now.refused, version)))
        self._prune()

    def _write(self, pointer: Pointer) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"version": pointer.version, "previous": pointer.previous,
                           "refused": pointer.refused}, indent=1)
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=".current-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.pointer_file)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        try:  # the rename itself survives a power cut once the folder is synced
            folder_fd = os.open(self.root, os.O_RDONLY)
            try:
                os.fsync(folder_fd)
            finally:
                os.close(folder_fd)
        except OSError:
            pass

    def _prune(self) -> None:
        """Keep the bundle in use and the previous one; a newer one may wait to be used."""
        now = self.pointer()
        keep = {now.version, now.previous or 0}
        for path in self.root.glob("v*"):
            number = path.name[1:]
            if number.isdigit() and int(number) not in keep and int(number) <= max(now.version, now.refused):
                shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class LoadedContent:
    """The catalogue in use, the bundle version it includes (0: none), and what went wrong
    on the way (a bundle rolled back), in plain words."""

    catalogue: Catalogue
    version: int
    notes: tuple[str, ...] = field(default=())


def load_current(folder: ContentFolder, shipped: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                 pictograms: set[str] | None = None) -> LoadedContent:
    """The catalogue with the bundle the pointer names; a bundle that fails (an error in
    one of its files, or the loader raising) is rolled back to the one before."""
    notes: list[str] = []
    while True:
        version = folder.pointer().version
        extra = folder.folder(version) if version else None
        try:
            catalogue = load_content(shipped, extra, languages, pictograms)
            reason = first_error(catalogue, extra) if extra is not None else ""
        except Exception as error:  # the loader itself failed on this bundle
            if extra is None:
                raise
            catalogue, reason = None, f"{type(error).__name__}: {error}"
        if not reason and catalogue is not None:
            return LoadedContent(catalogue, version, tuple(notes))
        back = folder.roll_back()
        notes.append(f"version {version} refused ({reason}): back to version {back.version}")
        log.warning("content bundle %s does not load (%s): rolled back to %s", version, reason, back.version)


# --- fetching from the hub ----------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One fetch round's outcome. ``catalogue`` is set when a newer bundle was unpacked and
    loads cleanly (then ``version`` may be switched to); ``problem`` says in plain words
    why nothing new can be used (the hub unreachable, the bundle refused)."""

    version: int | None = None
    catalogue: Catalogue | None = None
    problem: str = ""
    #: The bundle is genuine but fails to load here: it is not to be fetched again.
    refused: bool = False


class ContentFetcher:
    """Fetches the hub's newest bundle on its own thread, each time it is woken.

    ``key`` is this EPN's signing key: a bundle must carry a valid signature by it.
    ``shipped`` and ``languages``/``pictograms`` are what the bundle is loaded with, as
    the kiosk would. ``on_result`` runs on the worker thread (the UI wraps it in Clock).
    """

    def __init__(self, credentials: HubCredentials, folder: ContentFolder, key: SigningKey, *,
                 shipped: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                 pictograms: set[str] | None = None, on_result: Callable[[Fetched], None],
                 timeout: float = 30.0) -> None:
        self.credentials = credentials
        self.folder = folder
        self.key = key
        self.shipped = shipped
        self.languages = tuple(languages)
        self.pictograms = pictograms
        self._on_result = on_result
        self._timeout = timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-content", daemon=True)

    def start(self) -> ContentFetcher:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Look for a newer bundle now (the kiosk calls this when no session is on)."""
        self._wake.set()

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import requests

        with requests.Session() as http:
            http.headers.update({"Authorization": f"Bearer {self.credentials.token}"})
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stop.is_set():
                    return
                try:
                    result = self.fetch(http)
                except Exception as error:  # never let the thread die: next round tries again
                    log.exception("content fetch failed")
                    result = Fetched(problem=f"the content could not be fetched ({type(error).__name__})")
                if result.version is not None or result.problem:
                    try:
                        self._on_result(result)
                    except Exception:
                        log.exception("content result callback failed")

    def fetch(self, http: requests.Session) -> Fetched:
        """One round: the hub's latest version; a newer bundle downloaded, checked and loaded."""
        import requests

        hub = self.credentials.hub_url
        try:
            answer = http.get(f"{hub}/api/content/latest", timeout=self._timeout)
        except requests.RequestException as error:
            return Fetched(problem=f"the hub cannot be reached ({type(error).__name__}); the content stays")
        if answer.status_code == 204:
            return Fetched()  # nothing published yet
        if answer.status_code != 200:
            return Fetched(problem=f"the hub answered {answer.status_code} for its content")
        try:
            latest: Any = answer.json()
            version = int(latest["version"])
        except (ValueError, KeyError, TypeError):
            return Fetched(problem="the hub's content answer was not understood")
        if not self.folder.wants(version):
            return Fetched()
        data = self._download(http, f"{hub}/api/content/bundles/{version}")
        if isinstance(data, str):
            return Fetched(version, problem=data)
        try:
            opened = open_bundle(data, self.key, self.key.epn_id)
            if opened.version != version:
                raise BundleRefused(f"the hub's version {version} holds a bundle of version {opened.version}")
        except BundleRefused as error:  # tried again next round: a download may have been cut
            log.warning("content bundle %s refused: %s", version, error)
            return Fetched(version, problem=f"version {version} refused: {error}")
        where = self.folder.unpack(opened)
        try:
            catalogue = load_content(self.shipped, where, self.languages, self.pictograms)
            reason = first_error(catalogue, where)
        except Exception as error:  # the loader raised on this bundle
            reason = f"{type(error).__name__}: {error}"
        if reason:
            log.warning("content bundle %s does not load here (%s): not used", version, reason)
            return Fetched(version, problem=f"version {version} does not load here ({reason})", refused=True)
        return Fetched(version, catalogue)

    def _download(self, http: requests.Session, url: str) -> bytes | str:
        """The bundle's bytes, or a problem in plain words (at most MAX_BUNDLE_BYTES read)."""
        import requests

        try:
            with http.get(url, timeout=self._timeout, stream=True) as answer:
                if answer.status_code != 200:
                    return f"the hub answered {answer.status_code} for the bundle"
                body = bytearray()
                for chunk in answer.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > MAX_BUNDLE_BYTES:
                        return "the bundle is too large: refused"
                return bytes(body)
        except requests.RequestException as error:
            return f"the bundle's download failed ({type(error).__name__}); the content stays"
