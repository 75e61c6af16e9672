"""Engine set-up: SQLite pragmas, real transactions, lazy Alembic, no import side effects."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from kiosk.store import Store, make_engine
from kiosk.store.db import HEAD_REVISION, MIGRATIONS_DIR, current_revision, upgrade

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.sqlite_only
def test_new_connection_has_wal_full_sync_and_foreign_keys(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_wal_mode_is_stored_in_the_file(db_url: str, db_path: Path) -> None:
    Store(db_url).close()
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


@pytest.mark.sqlite_only
def test_select_runs_inside_a_real_transaction(db_url: str) -> None:
    # Python's sqlite3 would not BEGIN before a SELECT; the recipe makes it.
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT 1"))
            dbapi_connection = connection.connection.dbapi_connection
            assert isinstance(dbapi_connection, sqlite3.Connection)
            assert dbapi_connection.in_transaction
    finally:
        engine.dispose()


def test_ddl_is_transactional(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
            transaction.rollback()
        with engine.connect() as connection:
            assert not inspect(connection).has_table("scratch")
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError):
        store.start_session(
            session_id="s" * 32,
            terminal_id="no-such-terminal",
            learner_id="no-such-learner",
            language="fr",
            started_at=datetime(2025, 3, 1, tzinfo=UTC),
        )


def test_parent_directory_is_made_when_the_engine_is(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "kiosk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert path.parent.is_dir()
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert path.is_file()
    finally:
        engine.dispose()


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD_REVISION]


def test_upgrade_is_a_no_op_at_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == HEAD_REVISION
        upgrade(engine)
        assert current_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def test_import_opens_nothing_and_pulls_in_neither_kivy_nor_alembic(tmp_path: Path) -> None:
    out = _python(
        "import os, sys; before = set(os.listdir('.'));"
        "import kiosk.store;"
        "print('kivy' in sys.modules, 'alembic' in sys.modules, set(os.listdir('.')) - before)"
    )
    assert out == "False False set()"


def test_reopening_a_current_database_does_not_import_alembic(db_url: str) -> None:
    Store(db_url).close()
    out = _python(
        f"import sys; from kiosk.store import Store; Store({db_url!r}).close();"
        "print('alembic' in sys.modules)"
    )
    assert out == "False"


def test_two_threads_opening_a_new_database_at_once_both_succeed(tmp_path) -> None:
    """The store writer and the sync sender open the same new file at start-up."""
    import threading

    from kiosk.store.repository import Store

    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            Store(url).close()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
