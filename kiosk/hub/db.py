"""Opening the hub's database and bringing its schema up to date.

Owns engine creation for the hub (the store's SQLite pragmas and real transactions,
and ``BEGIN IMMEDIATE`` for read-then-write transactions) and the Alembic upgrade of
``kiosk/hub/migrations``, run programmatically without an ``alembic.ini``. Mirrors
:mod:`kiosk.store.db`, with the hub's own metadata and revisions.

SQLite runs in WAL mode with ``synchronous=FULL`` (see :mod:`kiosk.hub.settings` for
why). A transaction that reads and then writes (ingest: "which ids are known?", then
insert) must take the write lock at its start on SQLite: in WAL mode a deferred
transaction that another connection overtook cannot upgrade and fails at once with
"database is locked", without waiting. :func:`write_engine` gives such transactions.
PostgreSQL (any other URL) is used as given. Several hub processes may start together on
one PostgreSQL database (workers, hosts): the upgrade takes a transaction-level advisory
lock of that schema first, so one migrates and the others find the schema done.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.orm import Session, sessionmaker

# one lock for every Alembic migration of the process (the store's too)
from kiosk.store.db import MIGRATION_LOCK as _UPGRADE_LOCK
from kiosk.store.db import make_parent_directory, on_sqlite_connect

#: The newest migration (a test checks it against the versions folder).
HEAD_REVISION = "0008_groups"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: How long a SQLite writer waits for another one, in seconds, before giving up.
SQLITE_BUSY_TIMEOUT = 30.0

#: Execution option read by the SQLite "begin" hook: "IMMEDIATE" takes the write lock.
SQLITE_BEGIN_OPTION = "hub_sqlite_begin"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite with the hub's pragmas and real transactions.

    The parent directory of a SQLite file is created if missing (now, not at import).
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # The hub extra installs psycopg 3; SQLAlchemy's bare "postgresql" means psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)

    make_parent_directory(parsed)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT})
    event.listen(engine, "connect", on_sqlite_connect)
    if parsed.get_driver_name() == "pysqlite":
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool), whose transactions take the write lock at BEGIN.

    On SQLite this is ``BEGIN IMMEDIATE``; elsewhere it changes nothing.
    """
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None if it has never been migrated."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        found = list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return found[0] if len(found) == 1 else None


def alembic_config() -> object:
    """An Alembic ``Config`` pointing at the hub's migrations (no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to :data:`HEAD_REVISION` (``alembic upgrade head``), in one transaction."""
    if current_revision(engine) == HEAD_REVISION:
        return
    # Alembic keeps the running migration in module globals: one thread at a time.
    with _UPGRADE_LOCK:
        if current_revision(engine) == HEAD_REVISION:  # another thread just did it
            return
        _upgrade(engine)


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":  # another process may be migrating now
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('epn-kiosk-hub-migrations:' "
                                        "|| current_schema()))"))
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.upgrade(config, "head")  # type: ignore[arg-type]


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """An engine on ``url``, migrated to the newest schema, and a session factory for it."""
    engine = make_engine(url)
    upgrade(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
