"""The kiosk's signing key and the EPNs whose records it trusts.

Owns the Ed25519 key pair of this EPN (created on first use under ``KIOSK_HOME``,
readable by its owner only), the EPN id derived from the public key, and the file of
trusted issuers (``trusted_issuers.json``: EPN id → public key and a name).

An EPN id is the first 5 bytes of the SHA-256 of the raw public key, written in base32
(8 characters, e.g. ``K7QF2MZP``): it cannot be claimed by another key, so a record
says who signed it in 5 bytes. Several terminals of one EPN share one identity by
sharing the key file. This kiosk's own key is always trusted.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.export.record import EPN_ID_BYTES, epn_id_bytes, epn_id_text

KEY_FILE = "progress-signing-key.pem"
TRUST_FILE = "trusted_issuers.json"

log = logging.getLogger(__name__)


def public_key_text(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key in URL-safe base64 (43 characters), to give away."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key as printed by ``kiosk progress key``; ValueError otherwise."""
    cleaned = text.strip()
    try:
        raw = base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ValueError("this is not a kiosk public key (43 letters, digits, - and _)")
    return Ed25519PublicKey.from_public_bytes(raw)


def epn_id_of(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return epn_id_text(hashlib.sha256(raw).digest()[:EPN_ID_BYTES])


def verify(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


class SigningKey:
    """This EPN's private key: signs the records the kiosk issues."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_key = private.public_key()
        self.epn_id = epn_id_of(self.public_key)

    @property
    def public_text(self) -> str:
        return public_key_text(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    @classmethod
    def load_or_create(cls, home: Path) -> SigningKey:
        """The key in ``home``; a new one is made (mode 0600) the first time.

        Two processes starting together both end up with the same key: the file is
        written aside and linked into place only if no key is there yet.
        """
        path = home / KEY_FILE
        if not path.exists():
            home.mkdir(parents=True, exist_ok=True)
            private = Ed25519PrivateKey.generate()
            pem = private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            fd, temp = tempfile.mkstemp(dir=home, prefix=".key-")  # created 0600
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(pem)
                    f.flush()
                    os.fsync(f.fileno())
                with contextlib.suppress(FileExistsError):  # another process won
                    os.link(temp, path)
            finally:
                os.unlink(temp)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            log.warning("%s was readable by others (mode %o): now 0600", path, mode)
            path.chmod(0o600)
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 key")
        return cls(loaded)


@dataclass(frozen=True)
class Issuer:
    """An EPN whose records this kiosk accepts."""

    epn_id: str
    public_key: Ed25519PublicKey
    name: str = ""

    @property
    def label(self) -> str:
        """``EPN Namur (K7QF2MZP)``, or the id alone."""
        return f"{self.name} ({self.epn_id})" if self.name else self.epn_id


class TrustedIssuers:
    """The trusted issuers file of one kiosk home, plus the kiosk's own key."""

    def __init__(self, home: Path, own: SigningKey, own_name: str = "") -> None:
        self.path = home / TRUST_FILE
        self._own = Issuer(own.epn_id, own.public_key, own_name)

    def all(self) -> dict[str, Issuer]:
        """EPN id → issuer, read from the file now (an animator may have added one)."""
        issuers: dict[str, Issuer] = {}
        for epn_id, entry in self._read().items():
            try:
                key = parse_public_key(str(entry.get("key", "")))
            except ValueError:
                log.warning("%s: the key of %s is not valid; ignored", self.path, epn_id)
                continue
            if epn_id_of(key) != epn_id:
                log.warning("%s: %s does not match its key; ignored", self.path, epn_id)
                continue
            issuers[epn_id] = Issuer(epn_id, key, str(entry.get("name", "")))
        issuers[self._own.epn_id] = self._own
        return issuers

    def get(self, epn_id: str) -> Issuer | None:
        return self.all().get(epn_id)

    def add(self, epn_id: str, public_key: str, name: str = "") -> Issuer:
        """Trust another EPN; ValueError (in plain words) if the id and key do not match."""
        epn_id = epn_id.strip().upper()
        epn_id_bytes(epn_id)  # ValueError if it is not an EPN id at all
        key = parse_public_key(public_key)
        if epn_id_of(key) != epn_id:
            raise ValueError(
                f"the key does not belong to EPN {epn_id} (it belongs to {epn_id_of(key)}): "
                "copy both again from 'kiosk progress key' on that kiosk"
            )
        entries = self._read()
        entries[epn_id] = {"key": public_key_text(key), "name": name.strip()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".trusted-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entries, f, indent=2, ensure_ascii=False, sort_keys=True)
            f.write("\n")
        os.chmod(temp, 0o644)  # public keys: nothing secret here
        os.replace(temp, self.path)
        return Issuer(epn_id, key, name.strip())

    def _read(self) -> dict[str, dict[str, object]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.warning("%s cannot be read (%s): no other EPN is trusted", self.path, error)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, dict)}
