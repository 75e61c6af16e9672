"""The hub's settings: its home directory, database, LRS forwarding and session secret.

Owns how the hub is configured. Values come, in this order of precedence, from the
command line (``kiosk hub serve --home DIR --database-url URL``), from ``KIOSK_HUB_*``
environment variables, then from the defaults below. Nothing happens at import: the
home directory and the session secret are made by :func:`load_settings`.

SQLite (the default) runs in WAL mode with ``synchronous=FULL``, like the kiosk's own
store: the hub answers 200 to a kiosk only after the statements are committed, and the
kiosk then drops them from its outbox. With ``NORMAL`` a power cut could lose commits
the kiosk was already told were safe, and those statements would be lost for good. A
FULL commit costs about half a millisecond; a batch of 100 statements is one commit.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.hub.login_throttle import LoginRules

SESSION_SECRET_FILE = "session_secret"
TRUSTED_ISSUERS_FILE = "trusted_issuers.json"
DATABASE_FILE = "hub.db"
#: The EPN keys content bundles are signed with (one .pem per EPN), under the home.
CONTENT_KEYS_DIR = "content-keys"

#: Requests larger than this are refused with 413 (statement batches, QR photos).
MAX_BODY_BYTES = 5 * 1024 * 1024
#: At most this many statements in one POST (413 beyond).
MAX_STATEMENTS = 1000


class HubSettingsError(Exception):
    """A setting the hub cannot start with; the message names it."""


def default_home(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("KIOSK_HUB_HOME"):
        return Path(env["KIOSK_HUB_HOME"]).expanduser()
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "epn-kiosk-hub"


@dataclass(frozen=True)
class HubSettings:
    """Everything the running hub needs to know; build it with :func:`load_settings`."""

    home: Path
    database_url: str
    session_secret: str = field(repr=False)
    lrs_url: str | None = None
    lrs_username: str | None = None
    lrs_password: str | None = field(default=None, repr=False)
    scenarios_dir: Path = BUNDLED_SCENARIOS
    trusted_issuers_file: Path | None = None
    #: The EPN signing keys published content is signed with (kiosk.hub.content);
    #: None: ``<home>/content-keys``.
    content_keys_dir: Path | None = None
    #: The session cookie is ``Secure`` (sent over HTTPS only): True always, False never,
    #: None (the default) when the request came over HTTPS, directly or through the proxy.
    secure_cookies: bool | None = None
    #: The hub's address as kiosks reach it (``https://hub.epn-namur.be``), shown in the
    #: enrol command; None: the page does not guess it from the request.
    public_url: str | None = None
    #: How failed staff logins are slowed down (never locked out).
    login_rules: LoginRules = LoginRules()
    #: How long a staff login lasts, in seconds (logout, a new password or a disabled
    #: account ends it earlier).
    session_max_age: int = 12 * 3600
    #: Room pages (``/room/events`` streams) one staff login may hold open at once; the
    #: next one is refused with 429. A sleeping phone can leave a stream half-open for
    #: minutes, so this leaves room for a phone, a tablet and a few reloads.
    room_streams_per_login: int = 6
    #: How often an open room stream checks that its login still holds (logout, password
    #: change, account disabled or removed), in seconds.
    staff_recheck_seconds: float = 5.0
    max_body_bytes: int = MAX_BODY_BYTES
    max_statements: int = MAX_STATEMENTS
    #: Seconds the forwarding worker waits when it has nothing to send.
    forward_idle_seconds: float = 2.0
    #: Statements per POST to the LRS.
    forward_batch: int = 100
    #: Retry delays grow from this many seconds, doubling, up to the cap (with jitter).
    forward_backoff_base: float = 1.0
    forward_backoff_cap: float = 300.0
    #: Seconds to wait for the LRS to answer one POST.
    forward_timeout: float = 10.0
    #: A help call is answered "unseen" (the kiosk says "raise your hand") when no animator
    #: has had the room page open, or asked anything of the room, for this many seconds.
    help_unseen_after: float = 60.0
    #: The room marks a learner "peut-être bloqué" after this long on one step...
    stuck_step_seconds: int = 300
    #: ... or after this many errors + hints in the exercise, once on the step this long.
    stuck_mistakes: int = 4
    stuck_mistakes_seconds: int = 60

    @property
    def forwarding(self) -> bool:
        return bool(self.lrs_url)

    @property
    def content_keys(self) -> Path:
        return self.content_keys_dir or self.home / CONTENT_KEYS_DIR


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 10**6:
        raise HubSettingsError(f"{name} must be a number of seconds above 0 (got {value!r})")
    return seconds


def _stuck_thresholds(env: Mapping[str, str]) -> dict[str, int]:
    """The room's "peut-être bloqué" thresholds given by the environment (whole numbers ≥ 1)."""
    found: dict[str, int] = {}
    for field_name in ("stuck_step_seconds", "stuck_mistakes", "stuck_mistakes_seconds"):
        name = f"KIOSK_HUB_{field_name.upper()}"
        text = env.get(name, "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise HubSettingsError(f"{name} must be a whole number of 1 or more (got {text!r})")
        found[field_name] = int(text)
    return found


def _secure_cookies(value: str) -> bool | None:
    """KIOSK_HUB_SECURE_COOKIES: empty or "auto" → None (by the request), else yes or no."""
    value = value.strip().lower()
    if value in {"", "auto"}:
        return None
    if value in {"0", "false", "no", "off"}:
        return False
    if _truthy(value):
        return True
    raise HubSettingsError(f"KIOSK_HUB_SECURE_COOKIES must be 1, 0 or auto (got {value!r})")


def _public_url(value: str) -> str | None:
    """KIOSK_HUB_PUBLIC_URL: an http(s) address without its final slash, or None."""
    value = value.strip().rstrip("/")
    if not value:
        return None
    if not value.startswith(("http://", "https://")) or any(c.isspace() for c in value):
        raise HubSettingsError(f"KIOSK_HUB_PUBLIC_URL must be the hub's https:// address (got {value!r})")
    return value


def load_settings(
    *,
    home: Path | str | None = None,
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: object,
) -> HubSettings:
    """The settings for a hub whose state lives in ``home`` (made if missing).

    Environment variables: ``KIOSK_HUB_HOME``, ``KIOSK_HUB_DATABASE_URL``,
    ``KIOSK_HUB_LRS_URL``, ``KIOSK_HUB_LRS_USERNAME``, ``KIOSK_HUB_LRS_PASSWORD``,
    ``KIOSK_HUB_SCENARIOS_DIR``, ``KIOSK_HUB_TRUSTED_ISSUERS``, ``KIOSK_HUB_CONTENT_KEYS``,
    ``KIOSK_HUB_SECURE_COOKIES`` (1, 0 or auto), ``KIOSK_HUB_PUBLIC_URL``,
    ``KIOSK_HUB_HELP_UNSEEN_AFTER`` (seconds), ``KIOSK_HUB_STUCK_STEP_SECONDS``,
    ``KIOSK_HUB_STUCK_MISTAKES``, ``KIOSK_HUB_STUCK_MISTAKES_SECONDS``. ``overrides`` set
    any other field directly (tests).
    """
    env = os.environ if env is None else env
    home_path = Path(home).expanduser() if home is not None else default_home(env)
    home_path.mkdir(mode=0o700, parents=True, exist_ok=True)  # password and token hashes live here
    url = database_url or env.get("KIOSK_HUB_DATABASE_URL") or f"sqlite:///{home_path / DATABASE_FILE}"
    lrs_url = (env.get("KIOSK_HUB_LRS_URL") or "").strip().rstrip("/") or None
    if lrs_url and not lrs_url.startswith(("http://", "https://")):
        raise HubSettingsError(f"KIOSK_HUB_LRS_URL must start with http:// or https:// (got {lrs_url!r})")
    scenarios = env.get("KIOSK_HUB_SCENARIOS_DIR")
    trusted = env.get("KIOSK_HUB_TRUSTED_ISSUERS")
    content_keys = env.get("KIOSK_HUB_CONTENT_KEYS")
    unseen_after = (env.get("KIOSK_HUB_HELP_UNSEEN_AFTER") or "").strip()
    values: dict[str, object] = {
        "home": home_path,
        "database_url": url,
        "session_secret": session_secret(home_path),
        "lrs_url": lrs_url,
        "lrs_username": env.get("KIOSK_HUB_LRS_USERNAME") or None,
        "lrs_password": env.get("KIOSK_HUB_LRS_PASSWORD") or None,
        "scenarios_dir": Path(scenarios).expanduser() if scenarios else BUNDLED_SCENARIOS,
        "trusted_issuers_file": Path(trusted).expanduser() if trusted else home_path / TRUSTED_ISSUERS_FILE,
        "content_keys_dir": Path(content_keys).expanduser() if content_keys else None,
        "secure_cookies": _secure_cookies(env.get("KIOSK_HUB_SECURE_COOKIES", "")),
        "public_url": _public_url(env.get("KIOSK_HUB_PUBLIC_URL", "")),
        **_stuck_thresholds(env),
    }
    if unseen_after:
        values["help_unseen_after"] = _seconds("KIOSK_HUB_HELP_UNSEEN_AFTER", unseen_after)
    values.update(overrides)
    return HubSettings(**values)  # type: ignore[arg-type]


def session_secret(home: Path) -> str:
    """The key that signs staff session cookies, made on first run (mode 0600).

    Written aside and linked into place, so two hubs starting together agree on one.
    """
    path = home / SESSION_SECRET_FILE
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=home, prefix=".secret-")  # created 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48) + "\n")
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(temp, path)
            except FileExistsError:  # another process won
                pass
        finally:
            os.unlink(temp)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise HubSettingsError(f"{path} is too short to be a session secret: delete it to make a new one")
    return secret
