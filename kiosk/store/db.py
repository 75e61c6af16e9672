"""Opening the database and bringing its schema up to date.

Owns engine creation (SQLite pragmas and real transactions for the sqlite3 driver) and
the Alembic upgrade, run programmatically without an ``alembic.ini``.

SQLite (the kiosk default) runs in WAL mode with ``synchronous=FULL``: a committed
practice log survives a power cut, which is what matters on a public kiosk that gets
switched off at the wall. Any other SQLAlchemy URL (PostgreSQL) is used as given.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

#: The newest migration. Checked with one plain query at start-up, so a kiosk whose
#: database is already current never imports Alembic (it costs memory and time).
HEAD_REVISION = "0004_placements_paths"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Held while Alembic migrates, by the store and by the hub (Alembic's globals are
#: shared by every migration in the process).
MIGRATION_LOCK = threading.Lock()

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite, with the kiosk's pragmas and real transactions.

    The parent directory of a SQLite file is created if missing (now, not at import).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)

    make_parent_directory(parsed)
    engine = create_engine(parsed)
    event.listen(engine, "connect", on_sqlite_connect)
    if parsed.get_driver_name() == "pysqlite":
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def make_parent_directory(url: URL) -> None:
    """Create the folder of a SQLite file (not for memory or URI databases)."""
    database = url.database
    if not database or database == ":memory:" or url.query.get("uri") == "true":
        return
    if database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def on_sqlite_connect(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
    """The "connect" hook of every SQLite engine here (the kiosk's and the hub's)."""
    # SQLAlchemy's documented recipe ("Transactions with SQLite and the sqlite3 driver"):
    # Python's sqlite3 (legacy mode, Python < 3.16) emits BEGIN only before DML, so
    # SELECTs and DDL would run outside any transaction. Switch its own BEGIN off here
    # and emit BEGIN ourselves in the "begin" event; COMMIT/ROLLBACK still work.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # Outside any transaction (journal_mode cannot change inside one).
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE: the write lock is taken at the start, waiting (busy timeout) while the
    # other writer (the sync sender's own connection) holds it. With a plain deferred
    # BEGIN, a transaction that reads and then writes (a new learner checks its pseudonym,
    # then inserts it) failed at once with "database is locked" when the other connection
    # had committed in between — SQLite does not wait in that case — and a learner's whole
    # session was lost. Found by tests/reliability/test_offline.py.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None if it has never been migrated."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revisions = connection.execute(text("SELECT version_num FROM alembic_version"))
        found = list(revisions.scalars())
    return found[0] if len(found) == 1 else None


def upgrade(engine: Engine) -> None:
    """Bring the schema to :data:`HEAD_REVISION` with Alembic (``upgrade head``).

    Cheap when nothing is to do: Alembic is only imported when the database is behind.
    The whole upgrade runs in one transaction (real transactional DDL on SQLite too,
    thanks to the BEGIN recipe in :func:`make_engine`).
    """
    if current_revision(engine) == HEAD_REVISION:
        return
    # Alembic keeps its running migration in module globals: two threads of one process
    # (the store writer and the sync sender) must not migrate at the same time.
    with MIGRATION_LOCK:
        if current_revision(engine) == HEAD_REVISION:  # the other thread just did it
            return
        _upgrade(engine)


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolates "%": escape it in case the path contains one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table by copying it (Alembic's batch mode), and dropping
            # the original would break the rows that refer to it while foreign keys are
            # enforced. SQLite's own recipe: foreign keys off *outside* the transaction,
            # migrate, check every reference before committing, then on again.
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    # On the DBAPI connection itself: through SQLAlchemy the statement would start a
    # transaction first, and SQLite ignores this pragma inside one.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()
