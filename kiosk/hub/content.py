"""Publishing extra content: a trainer's upload, checked, becomes the next signed bundle.

Owns the hub's side of content bundles (the format is :mod:`kiosk.sync.bundle`):

- :func:`read_upload`: one scenario (``.yaml``) or a module (a ``.zip`` of its folder),
  turned into files of the scenarios tree (``<module>/<name>.yaml``; a scenario is named
  after its id, so sending a corrected file replaces the old one). Anything else, or an
  archive with other files, paths that climb out or too much data, is refused;
- :func:`check_upload`: the published files with the upload in place, loaded together
  with the hub's shipped scenarios by :func:`kiosk.sync.content.load_content` — the
  engine's own check, the one ``kiosk scenarios check`` and the terminals run. Every
  problem comes back located (``email/facture.yaml:12:5``) with its fix;
- :func:`publish`: the next version (the newest + 1, in one write transaction), built
  and signed by every EPN key in the hub's ``content-keys`` folder and stored in
  ``content_bundles``. Each version holds all extra files: a terminal needs only the
  newest.

The EPN keys are the terminals' own signing keys (``progress-signing-key.pem`` of a
kiosk of that EPN, :class:`kiosk.export.keys.SigningKey`), copied into
``<hub home>/content-keys/`` (one ``.pem`` per EPN, mode 0600): a terminal accepts only
a bundle signed by its EPN's key.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import stat
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.config import BUNDLED_ASSETS
from kiosk.engine.catalogue import MODULE_FILE
from kiosk.export.keys import SigningKey
from kiosk.export.record import code_clashes
from kiosk.hub.models import ContentBundle
from kiosk.sync.bundle import (
    MAX_FILE_BYTES,
    MAX_FILES,
    BundleRefused,
    build_bundle,
    check_path,
    unsigned_files,
)

log = logging.getLogger(__name__)

#: Largest upload taken (a module of YAML files is a few tens of KB).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: Files an archive made on a Mac or Windows carries along; left out without a word.
_CLUTTER = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)")
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$")


class UploadRefused(ValueError):
    """An upload that is not a scenario or module at all; the message says what to send."""


@dataclass(frozen=True)
class Upload:
    """What a trainer sent, as files of the scenarios tree; ``folder`` is the module folder
    a zip replaces whole (None for one scenario file, which replaces only itself)."""

    name: str
    files: Mapping[str, bytes]
    folder: str | None = None
    #: Path in the tree → the name the trainer knows the file by (as sent, or in the zip).
    sent_as: Mapping[str, str] = field(default_factory=dict)

    def shown(self, finding: Finding) -> Finding:
        """``finding`` located by the file's name as the trainer sent it."""
        name = self.sent_as.get(finding.file)
        return replace(finding, file=name) if name else finding


@dataclass(frozen=True)
class Finding:
    """One problem of a checked upload, as the page shows it."""

    file: str
    line: int
    column: int
    what: str
    fix: str
    severity: str = "error"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.where}: {self.what} — {self.fix}"


# --- reading an upload -------------------------------------------------------------------------


def _slug(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:100]
    return cleaned if cleaned and _NAME.match(cleaned) else "scenario"


def _yaml_fields(data: bytes) -> dict[str, object]:
    """The top-level fields of a YAML file, or {} if it does not parse (the check says why)."""
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _scenario_path(filename: str, data: bytes) -> str:
    """Where one scenario file goes: ``<module>/<name>.yaml``, from its id (``email.facture``)."""
    fields = _yaml_fields(data)
    sid, module = str(fields.get("id") or ""), str(fields.get("module") or "")
    head, _, tail = sid.partition(".")
    module = module if _NAME.match(module) else head if _NAME.match(head) else ""
    name = tail if _NAME.match(tail) else _slug(Path(filename).stem)
    # no module: the file is still checked (the loader says which line lacks it)
    return f"{module or 'sans_module'}/{name}.yaml"


def read_upload(filename: str, data: bytes) -> Upload:
    """A trainer's file as files of the scenarios tree; UploadRefused if it cannot be one."""
    name = Path(filename or "").name[:255] or "fichier"
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{name} est trop gros (plus de {MAX_UPLOAD_BYTES // (1024 * 1024)} Mo) : "
                            "un exercice ou un module fait quelques dizaines de Ko.")
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        if len(data) > MAX_FILE_BYTES:
            raise UploadRefused(f"{name} est trop gros pour un exercice "
                                f"(plus de {MAX_FILE_BYTES // 1024} Ko).")
        path = _scenario_path(name, data)
        return Upload(name, {path: data}, sent_as={path: name})
    if suffix == ".zip":
        return _read_module(name, data)
    raise UploadRefused(f"{name} n'est ni un exercice (.yaml) ni un module (.zip du dossier du module) : "
                        "envoyez l'un ou l'autre.")


def _read_module(name: str, data: bytes) -> Upload:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UploadRefused(f"{name} n'est pas une archive zip lisible : refaites-la (clic droit sur le "
                            "dossier du module, « Compresser »).") from None
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir() and not _CLUTTER.search(i.filename)
                   and not Path(i.filename).name.startswith(".")]
        if not entries:
            raise UploadRefused(f"{name} est vide : mettez-y le dossier du module et ses fichiers .yaml.")
        if len(entries) > MAX_FILES or sum(i.file_size for i in entries) > MAX_UPLOAD_BYTES * 4:
            raise UploadRefused(f"{name} contient trop de fichiers ou de données pour un module.")
        others = [i.filename for i in entries if not i.filename.lower().endswith((".yaml", ".yml"))]
        if others:
            raise UploadRefused(f"{name} contient « {others[0]} » : un module ne contient que des fichiers "
                                ".yaml (les pictogrammes viennent du kiosque). Retirez-le et recommencez.")
        # one folder around everything (the usual "compress this folder"): taken off
        tops = {i.filename.split("/", 1)[0] for i in entries}
        strip = len(tops) == 1 and all("/" in i.filename for i in entries)
        files: dict[str, bytes] = {}
        for info in entries:
            inner = info.filename.split("/", 1)[1] if strip else info.filename
            if "/" in inner or info.file_size > MAX_FILE_BYTES:
                raise UploadRefused(f"{name} : « {info.filename} » est dans un sous-dossier ou trop gros ; "
                                    "un module est un dossier de fichiers .yaml, sans sous-dossier.")
            try:
                files[inner] = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
                raise UploadRefused(f"{name} est abîmée (« {info.filename} » ne se lit pas) : "
                                    "refaites l'archive.") from None
    module_fields = _yaml_fields(files.get(MODULE_FILE, b""))
    folder = str(module_fields.get("id") or "")
    if not _NAME.match(folder):
        folder = _slug(next(iter(tops)) if strip else Path(name).stem)
    out: dict[str, bytes] = {}
    sent_as: dict[str, str] = {}
    for inner, content in files.items():
        stem = _slug(Path(inner).stem) if inner != MODULE_FILE else "module"
        out[f"{folder}/{stem}.yaml"] = content
        sent_as[f"{folder}/{stem}.yaml"] = f"{name}: {inner}"
    return Upload(name, out, folder, sent_as)


# --- checking -------------------------------------------------------------------------------


def merged_files(current: Mapping[str, bytes], upload: Upload) -> dict[str, bytes]:
    """The published files with the upload in place (a module replaces its whole folder)."""
    kept = {p: d for p, d in current.items()
            if p not in upload.files and (upload.folder is None or not p.startswith(upload.folder + "/"))}
    return {**kept, **upload.files}


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def check_upload(files: Mapping[str, bytes], shipped: Path) -> list[Finding]:
    """Every problem of the extra content ``files`` (the published ones with the upload in
    place: :func:`merged_files`), the shipped content alongside; errors first. Problems
    the upload makes elsewhere (an id used twice) are listed too; none of the shipped
    content's own."""
    from kiosk.sync.content import load_content
    from kiosk.ui.assets import pictogram_names

    for path in files:
        check_path(path)  # the files come from read_upload: this only guards the folder below
    with tempfile.TemporaryDirectory(prefix="epn-upload-") as temp:
        root = Path(temp).resolve()
        for path, data in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        catalogue = load_content(shipped, root, pictograms=pictogram_names(BUNDLED_ASSETS))
        found = [Finding(_relative(p.path, root), p.line, p.column, p.what, p.fix, p.severity)
                 for p in catalogue.problems if Path(p.path).resolve().is_relative_to(root)]
        sources = {s.id: Path(s.source).resolve() for s in catalogue.scenarios.values()}
        for first, second in code_clashes(catalogue.scenarios):
            mine = next((sid for sid in (second, first) if sources[sid].is_relative_to(root)), None)
            if mine is not None:
                other = first if mine == second else second
                found.append(Finding(_relative(sources[mine], root), 1, 1,
                                     f"'{mine}' and '{other}' share one code in progress records",
                                     "rename one of them before learners use it", "warning"))
    return sorted(found, key=lambda f: (f.severity != "error", f.file, f.line, f.column))


# --- keys, versions, publishing ------------------------------------------------------------------


def publishing_keys(folder: Path) -> list[SigningKey]:
    """The EPN keys in ``folder`` (``*.pem``, Ed25519 PKCS8 as a kiosk writes them).

    A file that is not such a key is skipped with a warning; one readable by others is
    made 0600, as the kiosk does with its own.
    """
    keys: dict[str, SigningKey] = {}
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)
            loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as error:
            log.warning("%s is not an EPN key (%s): skipped", path, error)
            continue
        if not isinstance(loaded, Ed25519PrivateKey):
            log.warning("%s is not an Ed25519 key: skipped", path)
            continue
        key = SigningKey(loaded)
        keys[key.epn_id] = key
    return list(keys.values())


def latest(session: Session) -> ContentBundle | None:
    """The newest published bundle, or None before the first."""
    return session.scalar(select(ContentBundle).order_by(ContentBundle.version.desc()).limit(1))


def latest_version(session: Session) -> int:
    return int(session.scalar(select(func.max(ContentBundle.version))) or 0)


def published_files(session: Session) -> dict[str, bytes]:
    """The extra files of the newest bundle (none before the first)."""
    newest = latest(session)
    if newest is None:
        return {}
    try:
        return unsigned_files(newest.archive)
    except (BundleRefused, zipfile.BadZipFile) as error:  # stored by this hub: should never happen
        raise RuntimeError(f"content bundle {newest.version} in the database cannot be read: "
                           f"{error}") from None


def publish(session: Session, files: Mapping[str, bytes], keys: list[SigningKey], *,
            upload: str, by: str) -> ContentBundle:
    """Store ``files`` as the next version, signed by ``keys`` (committed; use a write
    session so two trainers publishing at once get two versions, not one twice)."""
    version = latest_version(session) + 1
    archive = build_bundle(version, files, keys)
    bundle = ContentBundle(version=version, published_by=by[:64], upload=upload[:255],
                           sha256=hashlib.sha256(archive).hexdigest(), size=len(archive), archive=archive)
    session.add(bundle)
    session.commit()
    log.info("%s published content version %s (%s, %d files)", by, version, upload, len(files))
    return bundle
