"""Starting the hub's web server (``kiosk hub serve``): how many worker processes, and uvicorn.

Owns the number of workers. On PostgreSQL the hub runs with as many as asked
(``--workers N`` or ``KIOSK_HUB_WORKERS``): they share the live room through the
database (:mod:`kiosk.hub.room_relay`) and uvicorn spreads the connections over them.
On SQLite the hub runs with one, and says so in plain words when more were asked: the
room would be split between processes, and SQLite writers would queue behind one lock.

With several workers each one builds its app with :func:`app_from_environment` (uvicorn
needs an import path, not an app object): the settings travel as ``KIOSK_HUB_HOME`` and
``KIOSK_HUB_DATABASE_URL`` in the workers' environment. The schema is migrated once,
before they start.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from kiosk.hub.settings import HubSettings, HubSettingsError, load_settings

WORKERS_ENV = "KIOSK_HUB_WORKERS"
MAX_WORKERS = 64


def asked_workers(given: int | None, env: dict[str, str] | None = None) -> int:
    """The workers asked: ``--workers``, else ``KIOSK_HUB_WORKERS``, else 1."""
    if given is not None:
        if not 1 <= given <= MAX_WORKERS:
            raise HubSettingsError(f"--workers must be a whole number from 1 to {MAX_WORKERS} (got {given})")
        return given
    text = (os.environ if env is None else env).get(WORKERS_ENV, "").strip()
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise HubSettingsError(f"{WORKERS_ENV} must be a whole number from 1 to {MAX_WORKERS} (got {text!r})")
    return int(text)


def workers_for(database_url: str, asked: int) -> tuple[int, str | None]:
    """The workers to start on ``database_url``, and why not ``asked`` (None when it is)."""
    from sqlalchemy import make_url

    if asked > 1 and make_url(database_url).get_backend_name() == "sqlite":
        return 1, (f"{asked} workers were asked, but with SQLite the hub runs with 1 worker: the room's "
                   "live state is shared between workers through PostgreSQL only. Starting 1 worker. "
                   "For more, give the hub a PostgreSQL database (--database-url "
                   "postgresql+psycopg://…, see deploy/README.md).")
    return asked, None


def app_from_environment() -> Any:
    """The hub's app for one worker, with the settings of its environment (uvicorn's factory)."""
    from kiosk.hub.app import create_app

    return create_app(load_settings())


def serve(settings: HubSettings, *, host: str, port: int, workers: int = 1) -> int:
    """Serve the hub on ``host:port`` until stopped, with ``workers`` processes when the
    database allows it (see :func:`workers_for`)."""
    import uvicorn
    from sqlalchemy import make_url

    count, refusal = workers_for(settings.database_url, workers)
    if refusal:
        print(refusal, file=sys.stderr)
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    print(f"Hub on http://{host}:{port}/ — home {settings.home}, database {shown}, "
          f"{count} worker{'s' if count > 1 else ''}"
          + (f", forwarding to {settings.lrs_url}" if settings.lrs_url else ""), flush=True)
    # No access log: a QR link's path (/p/EPN1:…) carries a learner's progress record.
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info", "server_header": False,
                               "access_log": False}
    if count == 1:
        from kiosk.hub.app import create_app

        uvicorn.run(create_app(settings), workers=1, **options)
        return 0
    from kiosk.hub.db import open_database

    engine, _ = open_database(settings.database_url)  # migrated once, before the workers start
    engine.dispose()
    os.environ["KIOSK_HUB_HOME"] = str(settings.home)
    os.environ["KIOSK_HUB_DATABASE_URL"] = settings.database_url
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=count, **options)
    return 0
