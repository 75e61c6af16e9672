"""``kiosk bench --hub``: how fast the hub takes in statements, through its real HTTP server.

Owns the hub's figures. For each database (a fresh SQLite file; and PostgreSQL when
``--pg URL`` is given, in a scratch schema dropped afterwards) it starts ``kiosk hub
serve`` in its own process on 127.0.0.1, enrols a terminal and posts 10,000 statements
as a kiosk builds them, in batches of 100, from one sender and then from four senders at
once (four kiosks). Measured in the same run, on the same database kind:

- the **baseline**: the same rows bulk-inserted with plain SQLAlchemy, 100 per
  transaction, no HTTP, no checks — the ratio says what HTTP, authentication,
  validation and the duplicate check cost on top of the database itself;
- an empty POST round trip (``[]``: authentication only), for the fixed cost per request.

The room view's figures come from :func:`kiosk.hub.room_bench.measure` on the same
server (200 terminals posting their status, one animator's page listening).

With ``--workers N`` (PostgreSQL only: SQLite keeps the hub to one worker) the
PostgreSQL figures are measured a second time on a hub serving with N worker processes,
beside those of one worker in the same run (ingest only; the room's figures with
several workers come from ``python -m kiosk.hub.room_bench --pg URL --workers N``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TARGETS = {"ingest_per_s": 1000.0}
STATEMENTS = 10_000
BATCH = 100
SENDERS = 4


def bench_key() -> Any:
    """The EPN key of the bench's terminals: a terminal writes only for its EPN's learners."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.export.keys import SigningKey

    return SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132))))


def kiosk_statements(count: int, origin_epn: str | None = None) -> list[dict[str, Any]]:
    """``count`` statements of practice attempts of ``origin_epn``'s learners (the kiosk's builders).

    ``origin_epn`` defaults to the EPN of :func:`bench_key`.
    """
    from kiosk.store.pseudonym import pseudonym_from_number
    from kiosk.sync.xapi import Attempt, Learner, build_attempted, build_event

    origin_epn = origin_epn or bench_key().epn_id

    steps = ("open", "reply", "write", "send")
    out: list[dict[str, Any]] = []
    n = 0
    while len(out) < count:
        n += 1
        learner = Learner(origin_epn=origin_epn, pseudonym=pseudonym_from_number(n % 500))
        attempt = Attempt(attempt_id=uuid.uuid4().hex, session_id=uuid.uuid4().hex, terminal_id="0" * 32,
                          scenario_id="email.reply", title_fr="Répondre à un e-mail", language="fr",
                          digcomp=("digcomp:2.2:2.1",), step_ids=steps,
                          started_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
        out.append(build_attempted(attempt, learner))
        t = 0
        for step in steps:
            for kind in ("shown", "wrong", "hint", "correct"):
                t += 700
                out.append(build_event(attempt, learner, event_id=uuid.uuid4().hex, kind=kind, step_id=step,
                                       t_offset_ms=t, hint_level=1 if kind == "hint" else 0))
        out.append(build_event(attempt, learner, event_id=uuid.uuid4().hex, kind="finished", step_id=None,
                               t_offset_ms=t + 500, stars=3))
    return out[:count]


@contextlib.contextmanager
def scratch_schema(url: str) -> Iterator[str]:
    """A URL on a new, empty PostgreSQL schema of ``url``'s database; dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    schema = f"hub_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def hub_process(home: Path, database_url: str, workers: int = 1) -> Iterator[str]:
    """``kiosk hub serve`` in its own process (with ``workers``); its base URL once it answers."""
    import requests

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_HUB_")}
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stop the hub mid-run
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "serve", "--home", str(home), "--port", str(port),
         "--database-url", database_url, "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base_url}/xAPI/about", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the hub did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.05)
        if workers > 1:
            _wait_for_workers(process, workers, deadline)
        yield base_url
    finally:
        log.close()
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_workers(process: subprocess.Popen[bytes], workers: int, deadline: float) -> None:
    """Until uvicorn's ``workers`` processes are there and past their start (one answered already)."""
    import psutil

    while len(psutil.Process(process.pid).children()) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not start its {workers} workers")
        time.sleep(0.1)
    time.sleep(3.0)  # each builds its app and joins the room (about a second each on a busy machine)


def _enroller(base_url: str, database_url: str) -> Callable[[str], str]:
    """A function enrolling a new terminal (through the API) and giving its token."""
    import requests

    from kiosk.hub.db import open_database
    from kiosk.hub.enrolment import new_enrol_code

    def enrol(label: str) -> str:
        engine, sessions = open_database(database_url)
        try:
            with sessions() as session:
                code = new_enrol_code(session, "bench")
        finally:
            engine.dispose()
        key = bench_key()
        answer = requests.post(f"{base_url}/api/terminals/enrol", timeout=30, json={
            "code": code, "label": label[:100], "epn_id": key.epn_id, "epn_public_key": key.public_text})
        answer.raise_for_status()
        return str(answer.json()["token"])

    return enrol


def _staff_login(base_url: str, database_url: str) -> Callable[[str], tuple[dict[str, str], str]]:
    """A function making a staff account of a role and logging it in: (cookies, CSRF token)."""
    import re

    import requests

    from kiosk.hub.auth import create_user
    from kiosk.hub.db import open_database

    def login(role: str) -> tuple[dict[str, str], str]:
        username, password = f"bench-{role}-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex
        engine, sessions = open_database(database_url)
        try:
            with sessions() as session:
                create_user(session, username, role, password)
        finally:
            engine.dispose()
        with requests.Session() as http:
            def token() -> str:
                page = http.get(f"{base_url}/login", timeout=30).text
                found = re.search(r'name="csrf_token" value="([^"]+)"', page)
                assert found is not None
                return found.group(1)

            http.post(f"{base_url}/login", timeout=30, allow_redirects=False,
                      data={"username": username, "password": password, "csrf_token": token()})
            return {c.name: c.value or "" for c in http.cookies}, token()

    return login


def _post_all(base_url: str, token: str, bodies: list[bytes], senders: int) -> float:
    """Seconds to post every body, ``senders`` at a time (each with its own connection)."""
    import requests

    headers = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3",
               "Content-Type": "application/json"}
    errors: list[str] = []

    def send(share: list[bytes]) -> None:
        with requests.Session() as http:
            http.headers.update(headers)
            for body in share:
                answer = http.post(f"{base_url}/xAPI/statements", data=body, timeout=60)
                if answer.status_code != 200:
                    errors.append(f"{answer.status_code} {answer.text[:200]}")

    shares = [bodies[i::senders] for i in range(senders)]
    threads = [threading.Thread(target=send, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"the hub refused a batch: {errors[0]}")
    return elapsed


def _round_trip_ms(base_url: str, token: str, rounds: int = 200) -> float:
    import requests

    with requests.Session() as http:
        http.headers.update({"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3",
                             "Content-Type": "application/json"})
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            http.post(f"{base_url}/xAPI/statements", data=b"[]", timeout=30).raise_for_status()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _baseline_per_s(database_url: str, statements: list[dict[str, Any]]) -> float:
    """Statements/s of a plain SQLAlchemy bulk insert of the same rows, 100 per transaction."""
    from sqlalchemy import insert

    from kiosk.hub.db import open_database
    from kiosk.hub.models import Statement
    from kiosk.store.models import utc_now
    from kiosk.sync.xapi import canonical_json, read_fields

    now = utc_now()
    rows = []
    for statement in statements:
        f = read_fields(statement, stored_at=now)
        rows.append({"id": f.id, "stored_at": now, "timestamp": f.timestamp, "terminal_id": None,
                     "actor_home": f.actor_home, "actor_name": f.actor_name, "verb": f.verb,
                     "object_id": f.object_id, "scenario_id": f.scenario_id, "step_id": f.step_id,
                     "registration": f.registration, "session_id": f.session_id, "success": f.success,
                     "score_raw": f.score_raw, "hint_level": f.hint_level, "t_offset_ms": f.t_offset_ms,
                     "language": f.language, "body": canonical_json(statement)})
    engine, _ = open_database(database_url)
    try:
        started = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with engine.begin() as connection:
                connection.execute(insert(Statement), rows[i:i + BATCH])
        return len(rows) / (time.perf_counter() - started)
    finally:
        engine.dispose()


def _count(database_url: str) -> int:
    from sqlalchemy import func, select

    from kiosk.hub.db import make_engine
    from kiosk.hub.models import Statement

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Statement)) or 0)
    finally:
        engine.dispose()


def measure_database(kind: str, make_url: Callable[[str], contextlib.AbstractContextManager[str]],
                     statements: int = STATEMENTS, room: tuple[int, float] | None = (200, 20.0),
                     workers: int = 1) -> dict[str, Any]:
    """The figures for one database kind; ``make_url(name)`` gives a fresh, empty database.

    The hub serves with ``workers`` processes; ``room`` (terminals, seconds) or None: no
    room figures.
    """
    one = kiosk_statements(statements)
    many = kiosk_statements(statements)
    bodies_one = [json.dumps(one[i:i + BATCH]).encode() for i in range(0, len(one), BATCH)]
    bodies_many = [json.dumps(many[i:i + BATCH]).encode() for i in range(0, len(many), BATCH)]
    figures: dict[str, Any] = {"database": kind, "workers": workers, "statements": statements, "batch": BATCH}
    with tempfile.TemporaryDirectory() as tmp, make_url("hub") as url, make_url("baseline") as baseline_url:
        with hub_process(Path(tmp) / "home", url, workers) as base_url:
            enrol = _enroller(base_url, url)
            token = enrol("bench terminal")
            figures["empty_post_ms"] = round(_round_trip_ms(base_url, token), 2)
            seconds_one = _post_all(base_url, token, bodies_one, 1)
            seconds_many = _post_all(base_url, token, bodies_many, SENDERS)
            figures["ingest_1_sender_per_s"] = round(statements / seconds_one)
            figures[f"ingest_{SENDERS}_senders_per_s"] = round(statements / seconds_many)
            figures["stored"] = _count(url)
            room_figures = room and _room_figures(base_url, enrol, _staff_login(base_url, url), *room)
            if room_figures:
                figures["room"] = room_figures
        figures["baseline_bulk_insert_per_s"] = round(_baseline_per_s(baseline_url, one))
    baseline = figures["baseline_bulk_insert_per_s"]
    figures["ratio_1_sender"] = round(figures["ingest_1_sender_per_s"] / baseline, 3)
    figures[f"ratio_{SENDERS}_senders"] = round(
        figures[f"ingest_{SENDERS}_senders_per_s"] / baseline, 3)
    if figures["stored"] != 2 * statements:
        raise RuntimeError(f"{figures['stored']} statements stored, {2 * statements} expected")
    return figures


def _room_figures(base_url: str, enrol: Callable[[str], str],
                  staff_login: Callable[[str], tuple[dict[str, str], str]], terminals: int = 200,
                  seconds: float = 20.0) -> dict[str, Any] | None:
    try:
        from kiosk.hub import room_bench
    except ImportError:
        return None
    import httpx

    def tokens(n: int) -> list[str]:  # the room bench asks for n terminals at once
        return [enrol(f"Salle {i + 1}") for i in range(n)]

    cookies, csrf = staff_login("animator")
    with httpx.Client(base_url=base_url, cookies=cookies, headers={"X-CSRF-Token": csrf},
                      timeout=30) as animator:
        return dict(room_bench.measure(base_url, tokens, animator=animator, terminals=terminals,
                                       seconds=seconds))


def run(args: argparse.Namespace) -> dict[str, Any]:
    """All figures: SQLite always, PostgreSQL when ``args.pg`` is a URL."""
    statements = int(getattr(args, "statements", None) or STATEMENTS)
    room = (int(getattr(args, "room_terminals", None) or 200),
            float(getattr(args, "room_seconds", None) or 20))

    @contextlib.contextmanager
    def sqlite_url(name: str) -> Iterator[str]:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / (name + '.db')}"

    results: dict[str, Any] = {"targets": TARGETS, "cpus": os.cpu_count(),
                               "sqlite": measure_database("sqlite", sqlite_url, statements, room)}
    pg = getattr(args, "pg", None)
    if pg:
        results["postgresql"] = measure_database("postgresql", lambda name: scratch_schema(pg), statements,
                                                 room)
        workers = int(getattr(args, "workers", None) or 1)
        if workers > 1:
            results[f"postgresql_{workers}_workers"] = measure_database(
                "postgresql", lambda name: scratch_schema(pg), statements, None, workers)
    return results


def report(results: dict[str, Any]) -> str:
    """The figures as a table, as ``kiosk bench`` prints its own."""
    target = TARGETS["ingest_per_s"]
    lines = [f"{'hub figure':<64} {'measured':>12} {'baseline':>12} {'ratio':>7}  {'target':<12} met"]
    for measured in [k for k in results if k.startswith(("sqlite", "postgresql"))]:
        f = results[measured]
        kind = measured if f.get("workers", 1) == 1 else f"{f['database']}, {f['workers']} workers"
        base = f"{f['baseline_bulk_insert_per_s']:,}/s"
        for senders, key, ratio in ((1, "ingest_1_sender_per_s", "ratio_1_sender"),
                                    (SENDERS, f"ingest_{SENDERS}_senders_per_s", f"ratio_{SENDERS}_senders")):
            met = "yes" if f[key] >= target else "NO"
            lines.append(f"{f'{kind}: statements/s over HTTP, batches of {BATCH}, {senders} sender(s)':<64} "
                         f"{f[key]:>10,}/s {base:>12} {f[ratio]:>6.2f}×  ≥ {target:,.0f}/s {met}")
        lines.append(f"{f'{kind}: empty POST round trip (authentication only), median':<64} "
                     f"{f['empty_post_ms']:>9.2f} ms")
        for name, value in (f.get("room") or {}).items():
            lines.append(f"{f'{kind}: room: {name}':<64} {value!s:>12}")
    lines.append(f"({results['sqlite']['statements']:,} statements per run; baseline = the same rows "
                 "bulk-inserted with SQLAlchemy, 100 per transaction, no HTTP; "
                 f"{results['cpus']} CPUs)")
    return "\n".join(lines)


def run_hub_bench(*, pg: str | None = None, json_out: bool = False, statements: int = STATEMENTS,
                  workers: int = 1) -> int:
    if workers > 1 and not pg:
        print("--workers above 1 needs --pg URL: with SQLite the hub runs with 1 worker.", file=sys.stderr)
        return 2
    results = run(argparse.Namespace(pg=pg, statements=statements, workers=workers))
    print(json.dumps(results, indent=2) if json_out else report(results))
    return 0  # figures, not a pass/fail test: the target is printed beside them
