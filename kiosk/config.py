"""Kiosk configuration: one TOML file plus ``KIOSK_*`` environment variables.

All state lives under one home directory (``KIOSK_HOME``). The file is, in this order:
``--config FILE`` or ``KIOSK_CONFIG``; ``$KIOSK_HOME/kiosk.toml``; the system-wide
``/etc/epn-kiosk/kiosk.toml`` that ``deploy/kiosk/setup.sh`` installs. Unknown keys and bad values
stop start-up with a message naming the key and the allowed values: a kiosk that
silently ignores a typo in its idle timeout would keep the previous person's screen.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import socket
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SCENARIOS = PROJECT_ROOT / "scenarios"
BUNDLED_ASSETS = PROJECT_ROOT / "assets"
SUPPORTED_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")
DEFAULT_PIN = "1234"
CONFIG_FILE = "kiosk.toml"
#: Where an installed terminal keeps its configuration (deploy/kiosk/setup.sh writes it).
SYSTEM_CONFIG = Path("/etc/epn-kiosk/kiosk.toml")


class ConfigError(Exception):
    """A configuration value the kiosk cannot start with."""


def hash_pin(pin: str, *, salt: str | None = None, rounds: int = 200_000) -> str:
    """``pbkdf2_sha256$rounds$salt$hex`` — what goes in ``animator_pin_hash``."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), rounds).hex()
    return f"pbkdf2_sha256${rounds}${salt}${digest}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        algo, rounds, salt, _digest = stored.split("$")
    except ValueError:
        return False
    if algo != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_pin(pin, salt=salt, rounds=int(rounds)), stored)


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "epn-kiosk"


@dataclass(frozen=True)
class Setting:
    """How one key is parsed and what values are allowed (said in plain words)."""

    parse: Callable[[Any], Any]
    allowed: str


def _int_range(lo: int, hi: int) -> Callable[[Any], int]:
    def parse(v: Any) -> int:
        n = int(v) if isinstance(v, str) else v
        if not isinstance(n, int) or isinstance(n, bool) or not lo <= n <= hi:
            raise ValueError
        return n

    return parse


def _float_range(lo: float, hi: float) -> Callable[[Any], float]:
    def parse(v: Any) -> float:
        n = float(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else v
        if not isinstance(n, float) or not lo <= n <= hi:
            raise ValueError
        return n

    return parse


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    words = {"1": True, "true": True, "yes": True, "on": True,
             "0": False, "false": False, "no": False, "off": False}
    if isinstance(v, str) and v.lower() in words:
        return words[v.lower()]
    raise ValueError


def _str(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError
    return v.strip()


def _path(v: Any) -> Path:
    return Path(_str(v)).expanduser()


def _camera(v: Any) -> int | str:
    """A camera number (0 = the first webcam), a device (/dev/video2) or a video file."""
    if isinstance(v, bool):
        raise ValueError
    if isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit()):
        number = int(v)
        if not 0 <= number <= 63:
            raise ValueError
        return number
    return _str(v)


def _languages(v: Any) -> tuple[str, ...]:
    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, list | tuple) or not items:
        raise ValueError
    out = tuple(str(i).strip() for i in items)
    if any(i not in SUPPORTED_LANGUAGES for i in out) or "fr" not in out:
        raise ValueError
    return out


def _modules(v: Any) -> tuple[str, ...] | None:
    if v == "all":
        return None
    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, list | tuple):
        raise ValueError
    return tuple(str(i).strip() for i in items if str(i).strip())


#: The only hosts a hub may be reached on over plain http:// (this very machine).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_hub_url(url: str) -> str:
    """The hub's address without its final slash; ValueError saying why in plain words.

    https:// with a host, no query or fragment (codes are appended to it). Plain http://
    only to this machine: elsewhere the terminal token and the learners' statements
    would cross the network readable by anyone on it.
    """
    from urllib.parse import urlsplit

    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = urlsplit(""), None
    if any(c.isspace() for c in url) or not host or parts.scheme not in ("http", "https") \
            or parts.query or parts.fragment:
        raise ValueError(f"{url!r} is not a hub address: give one like https://hub.epn-namur.be")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise ValueError(f"{url} is plain http: the hub must be reached over https:// "
                         "(http:// only for localhost, 127.0.0.1 or ::1)")
    return url.rstrip("/")


def _hub_url(v: Any) -> str:
    return check_hub_url(_str(v))


def _printer(v: Any) -> str:
    """A CUPS queue name (``lpstat -p`` lists them): printable, no space, '/', '#' or '\\'."""
    s = _str(v)
    if len(s) > 127 or not s.isprintable() or any(c in s for c in " \t/#\\"):
        raise ValueError
    return s


def _pin_hash(v: Any) -> str:
    s = _str(v)
    if not s.startswith("pbkdf2_sha256$") or s.count("$") != 3:
        raise ValueError
    return s


SETTINGS: dict[str, Setting] = {
    "database_url": Setting(_str, "an SQLAlchemy URL, e.g. sqlite:////var/lib/kiosk/kiosk.db"),
    "scenarios_dir": Setting(_path, "a folder with <module>/<id>.yaml files"),
    "assets_dir": Setting(_path, "a folder with fonts/, pictograms/, sounds/"),
    "languages": Setting(_languages, f"a list from {', '.join(SUPPORTED_LANGUAGES)}, with fr"),
    "idle_timeout": Setting(_int_range(10, 3600), "a number of seconds from 10 to 3600"),
    "idle_warning": Setting(_int_range(3, 120), "a number of seconds from 3 to 120"),
    "animator_pin_hash": Setting(_pin_hash, "the line printed by 'kiosk pin'"),
    "terminal_label": Setting(_str, "a short name for this terminal, e.g. 'EPN Namur 2'"),
    "epn_name": Setting(_str, "the EPN's name for attestations, e.g. 'EPN de Namur'"),
    "hub_url": Setting(_hub_url, "an https:// address of the hub, e.g. https://hub.epn-namur.be "
                       "(http:// only for localhost)"),
    "enabled_modules": Setting(_modules, "'all' or a list of module ids, e.g. [\"mouse\"]"),
    "speech": Setting(_bool, "true or false"),
    "speech_rate": Setting(_int_range(80, 260), "words per minute from 80 to 260"),
    "double_click_time": Setting(_float_range(0.2, 1.5), "seconds from 0.2 to 1.5"),
    "long_press_time": Setting(_float_range(0.3, 2.0), "seconds from 0.3 to 2.0"),
    "camera": Setting(_camera, "a camera number (0 = the first), a device such as /dev/video2, "
                      "or a video file"),
    "content_check_every": Setting(_int_range(2, 86400), "a number of seconds from 2 to 86400"),
    "printer": Setting(_printer, "a CUPS printer name as 'lpstat -p' lists it, e.g. "
                       "'Accueil_HP' (no spaces, '/' or '#')"),
}


@dataclass(frozen=True)
class Config:
    home: Path
    database_url: str = ""
    scenarios_dir: Path = BUNDLED_SCENARIOS
    assets_dir: Path = BUNDLED_ASSETS
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    idle_timeout: int = 120
    idle_warning: int = 20
    animator_pin_hash: str = ""
    terminal_label: str = field(default_factory=socket.gethostname)
    epn_name: str = ""  # "" = terminal_label
    hub_url: str | None = None  # progress QR codes then hold <hub_url>/p/EPN1:…
    enabled_modules: tuple[str, ...] | None = None
    speech: bool = True
    speech_rate: int = 140
    double_click_time: float = 0.5
    long_press_time: float = 0.6
    camera: int | str = 0  # the resume screen's webcam (a video file stands in for demonstrations)
    printer: str | None = None  # the CUPS queue for attestations; None = CUPS's default printer
    #: An enrolled terminal asks the hub for new content this often, while no session is on.
    content_check_every: int = 300

    @property
    def pin_is_default(self) -> bool:
        return not self.animator_pin_hash

    def pin_ok(self, pin: str) -> bool:
        if self.pin_is_default:
            return hmac.compare_digest(pin, DEFAULT_PIN)
        return check_pin(pin, self.animator_pin_hash)

    @property
    def voice_cache(self) -> Path:
        return self.home / "voice-cache"

    @property
    def state_file(self) -> Path:
        """Choices the animator makes on the kiosk (enabled modules, idle timeout)."""
        return self.home / "animator.json"


def _apply(values: dict[str, Any], key: str, raw: Any, where: str) -> None:
    setting = SETTINGS.get(key)
    if setting is None:
        raise ConfigError(f"Unknown config key '{key}' ({where}). "
                          f"Known keys: {', '.join(sorted(SETTINGS))}.")
    try:
        values[key] = setting.parse(raw)
    except (ValueError, TypeError):
        raise ConfigError(f"Config key '{key}' ({where}) has the value {raw!r}. "
                          f"Allowed: {setting.allowed}.") from None


#: ``KIOSK_*`` variables that belong to others on the same machine, not to the kiosk.
_OTHER_PREFIXES = ("KIOSK_HUB_", "KIOSK_TEST_")


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None,
                **overrides: Any) -> Config:
    """Defaults ← TOML file ← ``KIOSK_*`` variables ← ``overrides`` (from the command line)."""
    env = os.environ if env is None else env
    home = Path(env["KIOSK_HOME"]).expanduser() if env.get("KIOSK_HOME") else _default_home()
    explicit = path or (Path(env["KIOSK_CONFIG"]) if env.get("KIOSK_CONFIG") else None)
    if explicit is not None and not explicit.is_file():
        # A mistyped --config must not start the kiosk silently on defaults.
        raise ConfigError(f"{explicit}: no such config file.")
    path = explicit or config_file_for(home)
    values: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: the TOML is not valid ({exc}).") from None
        for key, raw in data.items():
            _apply(values, key, raw, f"in {path}")
    for name, raw in env.items():
        if not name.startswith("KIOSK_") or name in ("KIOSK_HOME", "KIOSK_CONFIG"):
            continue
        key = name[len("KIOSK_"):].lower()
        # the hub's settings and the test harness's (but KIOSK_HUB_URL is the kiosk's hub_url)
        if key not in SETTINGS and name.startswith(_OTHER_PREFIXES):
            continue
        _apply(values, key, raw, f"environment variable {name}")
    for key, raw in overrides.items():
        if raw is not None:
            _apply(values, key, raw, "command line")
    config = Config(home=home, **values)
    if not config.database_url:
        config = replace(config, database_url=f"sqlite:///{home / 'kiosk.sqlite3'}")
    if config.idle_warning >= config.idle_timeout:
        raise ConfigError(f"Config key 'idle_warning' ({config.idle_warning}) must be shorter "
                          f"than 'idle_timeout' ({config.idle_timeout}).")
    return config


def config_file_for(home: Path) -> Path:
    """The file read without ``--config``: the home's own, else the system-wide one."""
    own = home / CONFIG_FILE
    if own.exists() or not SYSTEM_CONFIG.exists():
        return own
    return SYSTEM_CONFIG


def config_keys() -> list[str]:
    return [f.name for f in fields(Config) if f.name != "home"]
