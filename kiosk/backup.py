"""Backups of a database named by its SQLAlchemy URL: the kiosk's store and the hub's.

Owns making a backup, checking one, and restoring one, for SQLite and PostgreSQL:

- **SQLite**: SQLite's online backup API (a consistent copy while the kiosk keeps
  writing; a plain file copy of a WAL database can be torn), then ``integrity_check``
  on the copy, which is left as one self-contained file (journal_mode=DELETE).
  Restoring checks the backup first, keeps the current database aside
  (``<file>.before-restore-<time>``), then copies the pages in with the same API.
- **PostgreSQL**: ``pg_dump --format=custom``, checked with ``pg_restore --list``;
  restored with ``pg_restore --clean --if-exists --single-transaction``.

A backup is written aside (``.part``) and renamed when complete and checked, so a
half-written file never looks like a backup. The newest ``keep`` are kept.

Run as ``python -m kiosk.backup backup|restore|check`` (deploy/backup.sh and
deploy/restore.sh call it; see deploy/README.md). Standard library only, plus
SQLAlchemy's URL parser: it runs where the kiosk or the hub is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"


class BackupError(Exception):
    """A backup or restore that did not happen, with the reason in plain words."""


def _kind(url: str) -> tuple[str, str]:
    """("sqlite", file path) or ("postgresql", libpq URI) for an SQLAlchemy URL."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise BackupError(f"{url}: an in-memory database has nothing to back up")
        return "sqlite", str(Path(parsed.database).expanduser())
    if backend == "postgresql":
        # pg_dump speaks libpq: the same URL without SQLAlchemy's "+driver"
        return "postgresql", parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    raise BackupError(f"{url}: backups know SQLite and PostgreSQL, not {backend}")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _integrity(path: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is missing: install the PostgreSQL client (postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup(url: str, folder: Path, *, keep: int = 14, name: str | None = None) -> Path:
    """Back up the database at ``url`` into ``folder``; returns the checked backup file."""
    kind, where = _kind(url)
    folder.mkdir(parents=True, exist_ok=True)
    stem = name or (Path(where).stem if kind == "sqlite" else "hub")
    final = folder / f"{stem}-{_stamp()}{SQLITE_SUFFIX if kind == 'sqlite' else PG_SUFFIX}"
    part = final.with_name(final.name + ".part")
    part.unlink(missing_ok=True)
    try:
        if kind == "sqlite":
            if not Path(where).is_file():
                raise BackupError(f"{where}: no such database file")
            source = sqlite3.connect(where)
            target = sqlite3.connect(part)
            try:
                source.backup(target)  # one step: a consistent snapshot under a read lock
                target.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            finally:
                target.close()
                source.close()
            verdict = _integrity(part)
            if verdict != "ok":
                raise BackupError(f"the copy of {where} failed its integrity check: {verdict}")
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={part}", where])
            _run(["pg_restore", "--list", str(part)])
        with part.open("rb") as f:
            os.fsync(f.fileno())
        part.replace(final)
        _fsync_dir(folder)
    finally:
        part.unlink(missing_ok=True)
    _prune(folder, stem, final.suffix, keep)
    return final


def _prune(folder: Path, stem: str, suffix: str, keep: int) -> None:
    found = sorted(folder.glob(f"{stem}-????????-??????{suffix}"))
    for old in found[:-keep] if keep > 0 else []:
        old.unlink()


def check(file: Path) -> str:
    """"ok", or what is wrong with a backup file."""
    if not file.is_file():
        return f"{file}: no such file"
    if file.suffix == PG_SUFFIX:
        try:
            _run(["pg_restore", "--list", str(file)])
        except BackupError as error:
            return str(error)
        return "ok"
    return _integrity(file)


def restore(url: str, file: Path) -> Path | None:
    """Put the backup ``file`` back as the database at ``url`` (the service must be
    stopped). Returns where the replaced SQLite database was kept, if there was one."""
    kind, where = _kind(url)
    verdict = check(file)
    if verdict != "ok":
        raise BackupError(f"{file} is not a usable backup: {verdict}")
    if kind == "postgresql":
        if file.suffix != PG_SUFFIX:
            raise BackupError(f"{file}: a PostgreSQL database is restored from a {PG_SUFFIX} file")
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={where}", str(file)])
        return None
    if file.suffix == PG_SUFFIX:
        raise BackupError(f"{file} is a PostgreSQL dump: restore it into a PostgreSQL URL")
    target_path = Path(where)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    if target_path.exists():
        kept = backup(f"sqlite:///{target_path}", target_path.parent, keep=0,
                      name=f"{target_path.name}.before-restore")
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)  # page by page into the live file, its WAL handled by SQLite
    finally:
        target.close()
        source.close()
    verdict = _integrity(target_path)
    if verdict != "ok":
        raise BackupError(f"{target_path} failed its integrity check after the restore: {verdict}")
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.backup",
                                     description="Back up, check and restore a kiosk or hub database")
    sub = parser.add_subparsers(dest="action", required=True)
    b = sub.add_parser("backup", help="write a checked backup into FOLDER")
    b.add_argument("url", help="the SQLAlchemy URL, e.g. sqlite:////var/lib/epn-kiosk/kiosk.sqlite3, "
                   "or 'kiosk' for the kiosk's configured store")
    b.add_argument("folder")
    b.add_argument("--keep", type=int, default=14, help="how many backups to keep (default 14)")
    c = sub.add_parser("check", help="check a backup file")
    c.add_argument("file")
    r = sub.add_parser("restore", help="restore FILE into the database (stop the service first)")
    r.add_argument("url", help="the SQLAlchemy URL, or 'kiosk'")
    r.add_argument("file")
    args = parser.parse_args(argv)
    if getattr(args, "url", None) == "kiosk":  # the kiosk's own store, as configured
        from kiosk.config import load_config

        args.url = load_config().database_url
    try:
        if args.action == "backup":
            print(backup(args.url, Path(args.folder), keep=args.keep))
        elif args.action == "check":
            verdict = check(Path(args.file))
            print(f"{args.file}: {verdict}")
            return 0 if verdict == "ok" else 1
        else:
            kept = restore(args.url, Path(args.file))
            print(f"restored {args.file}" + (f"; the replaced database is kept as {kept}" if kept else ""))
    except BackupError as error:
        print(f"backup: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
