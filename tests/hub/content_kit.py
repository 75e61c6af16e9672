"""Helpers of the content tests: scenario files a trainer would send, and the hub's EPN key.

A new scenario is a shipped one (``mouse.click``) under another id and title, so it is
valid by the engine's own rules; a broken one misses a required field on a known line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.export.keys import SigningKey

CLICK = BUNDLED_SCENARIOS / "mouse" / "click.yaml"


def scenario_yaml(name: str = "click_again", title: str = "Cliquer encore", module: str = "mouse") -> bytes:
    """A valid scenario ``<module>.<name>`` whose French title is ``title``."""
    text = CLICK.read_text(encoding="utf-8")
    text = text.replace("id: mouse.click\n", f"id: {module}.{name}\n", 1)
    text = text.replace("module: mouse\n", f"module: {module}\n", 1)
    text = text.replace("title: {fr: Cliquer,", f"title: {{fr: {title},", 1)
    return text.encode("utf-8")


def broken_yaml() -> tuple[bytes, int]:
    """A scenario whose ``surface:`` line names no surface, and that line's number."""
    lines = scenario_yaml("broken", "Cassé").decode("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("surface:"))
    lines[index] = "surface: nowhere\n"
    return "".join(lines).encode("utf-8"), index + 1


def module_zip(module: str = "courses", names: tuple[str, ...] = ("liste", "panier")) -> bytes:
    """A zip of a module folder, as "compress this folder" makes it: ``courses/module.yaml`` …"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        order = ", ".join(f"{module}.{n}" for n in names)
        words = ", ".join(f"{lang}: Courses" for lang in ("fr", "nl", "en", "ar", "tr", "uk"))
        archive.writestr(f"{module}/module.yaml", f"schema_version: 1\nid: {module}\ntitle: {{{words}}}\n"
                                                  f"pictogram: mouse\norder: [{order}]\n")
        for name in names:
            archive.writestr(f"{module}/{name}.yaml", scenario_yaml(name, name.capitalize(), module))
        archive.writestr("__MACOSX/._module.yaml", b"\x00junk")
    return out.getvalue()


def install_key(keys_dir: Path, seed: bytes = bytes(range(32)), name: str | None = None) -> SigningKey:
    """The EPN key made from ``seed`` (by default hub_kit's EPN_KEY, that of the terminals
    it enrols), written as a kiosk writes its key file into the hub's content-keys folder."""
    private = Ed25519PrivateKey.from_private_bytes(seed)
    key = SigningKey(private)
    keys_dir.mkdir(parents=True, exist_ok=True)
    path = keys_dir / f"{name or key.epn_id}.pem"
    path.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    path.chmod(0o600)
    return key
