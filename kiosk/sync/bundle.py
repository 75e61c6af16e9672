"""Content bundles: the extra scenarios a hub publishes for its terminals, signed by the EPN.

Owns the one format both sides use (HUB_PROTOCOL.md §4): the hub builds a bundle with
:func:`build_bundle`, a terminal checks one with :func:`open_bundle`. A bundle is a zip
archive of

- ``manifest.json``: ``{"format": 1, "version": N, "published_at": "…", "files":
  [{"path": "email/facture.yaml", "sha256": "…", "size": 812}, …]}`` — every extra
  scenario and module file, by its path under the scenarios tree;
- ``signatures.json``: ``{"K7QF2MZP": "<base64url Ed25519 signature>", …}``, one per EPN
  key the hub holds, each over :data:`SIGNED_CONTEXT` + the manifest's bytes;
- ``content/<path>``: the files themselves.

The signature covers the manifest, and the manifest the SHA-256 of every file: one
changed byte anywhere, or a bundle signed by a key other than the terminal's own EPN
key (the key its progress records are signed with, :class:`kiosk.export.keys.SigningKey`),
and :func:`open_bundle` refuses it with :class:`BundleRefused`, in plain words. Paths are
checked (relative, no ``..``, ``.yaml`` only) and sizes bounded before anything is read
into memory whole, so a hostile archive can neither escape its folder nor fill the disk.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.export.keys import SigningKey, verify

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURES = "signatures.json"
CONTENT = "content/"
SIGNED_CONTEXT = b"EPN content bundle\x00"
#: A bundle larger than this is refused unread (shipped content is about 400 KB in all).
MAX_BUNDLE_BYTES = 4 * 1024 * 1024
#: At most this many files, each at most this large, and this much in all once unpacked.
MAX_FILES = 500
MAX_FILE_BYTES = 512 * 1024
MAX_TOTAL_BYTES = 16 * 1024 * 1024
#: One path part: letters, digits, ``_ . -``; not starting with a dot.
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


class BundleRefused(ValueError):
    """A bundle that must not be used; the message says why, in plain words."""


@dataclass(frozen=True)
class BundleFile:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    version: int
    published_at: str
    files: tuple[BundleFile, ...]

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "version": self.version, "published_at": self.published_at,
                "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files]}
        return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle whose signature and files were checked: its manifest and file contents."""

    manifest: Manifest
    files: Mapping[str, bytes]

    @property
    def version(self) -> int:
        return self.manifest.version


def check_path(path: str) -> str:
    """``path`` if it can name a file of the scenarios tree; BundleRefused otherwise."""
    parts = path.split("/")
    if not path.endswith(".yaml") or not 1 <= len(parts) <= 4 or not all(_PART.match(p) for p in parts):
        raise BundleRefused(f"the path {path!r} is not allowed in a bundle "
                            "(folders and names of letters, digits, _ . -; .yaml files only)")
    return path


def _sign_text(signature: bytes) -> str:
    return base64.urlsafe_b64encode(signature).decode("ascii").rstrip("=")


def build_bundle(version: int, files: Mapping[str, bytes], keys: Iterable[SigningKey],
                 published_at: datetime | None = None) -> bytes:
    """The bundle of ``files`` (path → bytes) as ``version``, signed by each of ``keys``."""
    if version < 1:
        raise ValueError("a bundle's version starts at 1")
    listed = tuple(BundleFile(check_path(path), hashlib.sha256(data).hexdigest(), len(data))
                   for path, data in sorted(files.items()))
    when = (published_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    manifest = Manifest(version, when, listed).to_bytes()
    signatures = {key.epn_id: _sign_text(key.sign(SIGNED_CONTEXT + manifest)) for key in keys}
    if not signatures:
        raise ValueError("a bundle needs at least one EPN key to be signed with")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest)
        archive.writestr(SIGNATURES, json.dumps(signatures, sort_keys=True, indent=1))
        for path, data in sorted(files.items()):
            archive.writestr(CONTENT + path, data)
    return out.getvalue()


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BundleRefused(f"the bundle has no {name}") from None
    if info.file_size > limit:
        raise BundleRefused(f"{name} is larger than {limit} bytes")
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # the header lied about the size
        raise BundleRefused(f"{name} is larger than {limit} bytes")
    return data


def _manifest(data: bytes) -> Manifest:
    try:
        body: Any = json.loads(data.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise BundleRefused(f"the manifest is not of format {FORMAT}: update this terminal's software")
        version, when, entries = body["version"], body["published_at"], body["files"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1 \
                or not isinstance(when, str) or not isinstance(entries, list) or len(entries) > MAX_FILES:
            raise BundleRefused("the manifest's version, date or file list is not valid")
        files = tuple(BundleFile(check_path(str(e["path"])), str(e["sha256"]), int(e["size"]))
                      for e in entries)
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, BundleRefused):
            raise
        raise BundleRefused("the manifest cannot be read") from None
    if any(not 0 <= f.size <= MAX_FILE_BYTES for f in files):
        raise BundleRefused(f"a file of the bundle is larger than {MAX_FILE_BYTES // 1024} KB")
    if len({f.path for f in files}) != len(files):
        raise BundleRefused("the manifest names a file twice")
    return Manifest(version, when, files)


def open_bundle(data: bytes, key: SigningKey | Ed25519PublicKey, epn_id: str) -> OpenedBundle:
    """The checked content of bundle ``data``, if EPN ``epn_id`` signed it with ``key``.

    ``key`` is the EPN's :class:`SigningKey` (its public half is used) or an Ed25519
    public key. :class:`BundleRefused` says why a bundle is refused: not a bundle, not
    signed for this EPN, a signature that does not match, a file changed, missing or
    added, a path or size out of bounds.
    """
    public = key.public_key if isinstance(key, SigningKey) else key
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRefused(f"the bundle is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError, UnicodeDecodeError):
        raise BundleRefused("this is not a bundle (not a zip archive)") from None
    try:
        with archive:
            manifest_bytes = _read(archive, MANIFEST, 1024 * 1024)
            try:
                signatures = json.loads(_read(archive, SIGNATURES, 64 * 1024).decode("utf-8"))
                text = signatures.get(epn_id) if isinstance(signatures, dict) else None
                signature = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) if isinstance(text, str) \
                    else None
            except (ValueError, binascii.Error):
                raise BundleRefused("the bundle's signatures cannot be read") from None
            if signature is None:
                raise BundleRefused(f"the bundle is not signed for EPN {epn_id}: the hub does not hold "
                                    "this EPN's key")
            if not verify(public, signature, SIGNED_CONTEXT + manifest_bytes):
                raise BundleRefused(f"the bundle's signature does not match EPN {epn_id}'s key: "
                                    "it was changed, or signed by another key")
            manifest = _manifest(manifest_bytes)
            total = sum(f.size for f in manifest.files)
            if total > MAX_TOTAL_BYTES:
                raise BundleRefused(f"the bundle unpacks to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
            listed = {CONTENT + f.path for f in manifest.files}
            extra = [n for n in archive.namelist()
                     if n.startswith(CONTENT) and not n.endswith("/") and n not in listed]
            if extra:
                raise BundleRefused(f"the bundle holds {extra[0]}, which its manifest does not list")
            files: dict[str, bytes] = {}
            for entry in manifest.files:
                content = _read(archive, CONTENT + entry.path, entry.size)
                if len(content) != entry.size or hashlib.sha256(content).hexdigest() != entry.sha256:
                    raise BundleRefused(f"{entry.path} does not match the manifest: the bundle was changed")
                files[entry.path] = content
    except BundleRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError, KeyError, UnicodeDecodeError) as error:
        raise BundleRefused(f"the bundle is damaged: it was changed or cut on the way "
                            f"({type(error).__module__}.{type(error).__name__})") from None
    return OpenedBundle(manifest, files)


def unsigned_files(data: bytes) -> dict[str, bytes]:
    """The files of a bundle, without checking its signature: for the hub reading back a
    bundle it built and stored itself (a terminal uses :func:`open_bundle`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = _manifest(_read(archive, MANIFEST, 1024 * 1024))
        return {f.path: _read(archive, CONTENT + f.path, f.size) for f in manifest.files}
