"""Backup and restore of the kiosk's store (and the hub's database: the same code, any
SQLAlchemy URL), on a real SQLite file the kiosk's own writer keeps writing to, and on a
real PostgreSQL when KIOSK_TEST_PG_URL is set (e.g. postgresql+psycopg://u:p@host/db)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.backup import BackupError, backup, check, restore
from kiosk.store import Store, StoreWriter
from kiosk.store.repository import EventRow

ROOT = Path(__file__).resolve().parents[2]


def practise(store: Store, terminal: str, n: int) -> list[str]:
    """n sessions with one finished attempt each, written as the kiosk writes them."""
    attempts = []
    for _ in range(n):
        learner, _pseudonym = store.new_learner()
        session, attempt = uuid.uuid4().hex, uuid.uuid4().hex
        now = datetime.now(UTC)
        store.start_session(session_id=session, terminal_id=terminal, learner_id=learner, language="fr",
                            started_at=now)
        store.record_attempt(attempt_id=attempt, session_id=session, scenario_id="mouse.click",
                             scenario_version=1, language="fr", device="touch", started_at=now)
        store.record_events([EventRow(id=uuid.uuid4().hex, attempt_id=attempt, step_id=None,
                                      kind="finished", t_offset_ms=900, stars=3)])
        attempts.append(attempt)
    return attempts


def finished(store: Store) -> set[str]:
    from sqlalchemy import text

    with store._engine.connect() as c:  # noqa: SLF001 (a test reads the rows back)
        return set(c.execute(text("SELECT attempt_id FROM step_events WHERE kind='finished'")).scalars())


def test_an_online_backup_of_a_busy_store_restores_exactly_what_it_held(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    writer = StoreWriter(url)
    terminal = writer.call(lambda s: s.ensure_terminal("EPN test"))
    writer.call(lambda s: practise(s, terminal, 20))
    stop = threading.Event()

    def keep_writing() -> None:  # the kiosk goes on while the backup is taken
        while not stop.is_set():
            writer.call(lambda s: practise(s, terminal, 1))

    busy = threading.Thread(target=keep_writing)
    busy.start()
    try:
        made = backup(url, tmp_path / "backups")
    finally:
        stop.set()
        busy.join()
    assert made.suffix == ".sqlite3" and check(made) == "ok"
    assert not made.with_name(made.name + "-wal").exists()  # one self-contained file
    with Store(f"sqlite:///{made}") as copy:
        in_backup = finished(copy)
    assert len(in_backup) >= 20
    later = writer.call(lambda s: practise(s, terminal, 5))  # after the backup: gone on restore
    writer.close()
    kept = restore(url, made)
    with Store(url) as restored:  # the kiosk opens it as usual (schema current)
        assert finished(restored) == in_backup
        assert not set(later) & finished(restored)
    assert kept is not None and check(kept) == "ok"  # the replaced database was kept aside
    with Store(f"sqlite:///{kept}") as before:
        assert set(later) <= finished(before)


def test_a_damaged_backup_is_refused_and_the_database_left_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    with Store(url) as store:
        practise(store, store.ensure_terminal("EPN"), 3)
    made = backup(url, tmp_path / "b")
    data = bytearray(made.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096  # a bad sector
    made.write_bytes(bytes(data))
    assert check(made) != "ok"
    with pytest.raises(BackupError, match="not a usable backup"):
        restore(url, made)
    with Store(url) as store:
        assert len(finished(store)) == 3


def test_backups_are_rotated_and_a_partial_file_is_never_left(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    with Store(url) as store:
        store.ensure_terminal("EPN")
    folder = tmp_path / "b"
    for n in range(4):
        (folder / f"kiosk-2026010{n}-000000.sqlite3").parent.mkdir(exist_ok=True)
        (folder / f"kiosk-2026010{n}-000000.sqlite3").write_bytes(b"old")
    made = backup(url, folder, keep=2)
    assert sorted(p.name for p in folder.iterdir()) == ["kiosk-20260103-000000.sqlite3", made.name]


def test_the_command_line_and_the_shell_wrappers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    with Store(url) as store:
        practise(store, store.ensure_terminal("EPN"), 2)
    env = {**os.environ, "PYTHON": sys.executable}
    made = subprocess.run(["sh", str(ROOT / "deploy/backup.sh"), url, str(tmp_path / "b")], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    file = Path(made.stdout.strip().splitlines()[-1])
    assert file.is_file()
    back = subprocess.run(["sh", str(ROOT / "deploy/restore.sh"), "--no-service", url, str(file)], env=env,
                          capture_output=True, text=True, cwd=ROOT)
    assert back.returncode == 0, back.stderr
    assert "restored" in back.stdout
    bad = subprocess.run([sys.executable, "-m", "kiosk.backup", "check", str(tmp_path / "nothing")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "no such file" in bad.stdout


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A database of its own on the test cluster: a restore replaces a whole database, and
    other tests use the shared one at the same time."""
    from sqlalchemy import create_engine, make_url, text

    base = make_url(os.environ["KIOSK_TEST_PG_URL"])
    name = f"kiosk_backup_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.skipif(not os.environ.get("KIOSK_TEST_PG_URL"), reason="set KIOSK_TEST_PG_URL for PostgreSQL")
def test_postgresql_backup_and_restore(tmp_path: Path, pg_database: str) -> None:
    from sqlalchemy import text

    url = pg_database
    with Store(url) as store:
        terminal = store.ensure_terminal("EPN pg")
        kept = set(practise(store, terminal, 5))
    made = backup(url, tmp_path / "b")
    assert made.suffix == ".pgdump" and check(made) == "ok"
    with Store(url) as store:
        lost = set(practise(store, terminal, 3))
        with store._engine.begin() as c:  # noqa: SLF001 (an accident: rows deleted)
            c.execute(text("DELETE FROM step_events WHERE attempt_id = ANY(:ids)"), {"ids": list(kept)[:2]})
    assert restore(url, made) is None
    with Store(url) as store:
        assert finished(store) == kept and not lost & finished(store)
