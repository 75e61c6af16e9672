"""How the live room holds up with a full building: many terminals talking, an animator watching.

Owns :func:`measure` — simulated terminals each post their status over real HTTP about
once a second (as the kiosk's ``RoomLink`` does when something changes), while one
animator's page listens to ``/room/events`` — and :func:`main`, which starts a hub of
its own in another process (``kiosk hub serve`` on a fresh home, so the load generator
does not share the server's interpreter), enrols the terminals with codes from the room
and prints the figures as JSON.

Two figures, each at the 95th percentile:

- **update**: the round trip of one status POST (what a kiosk waits for its answer);
  target ≤ 200 ms;
- **freshness**: from a status POST being sent to the change appearing in a room event
  (what an animator waits to see a help call); target ≤ 2 s.

A baseline with a single terminal is measured in the same run, and the ratios say what
the crowd costs.

    python -m kiosk.hub.room_bench [--terminals 200] [--seconds 20]

On PostgreSQL (``--pg URL``: a scratch schema there) the hub may run several worker
processes, which share the room through LISTEN/NOTIFY (:mod:`kiosk.hub.room_relay`);
``--workers N`` measures it so, then with one worker, in the same run. The page and the
terminals' connections land on whichever worker the kernel gives them, so most changes
cross from one worker to another before the page sees them.

    python -m kiosk.hub.room_bench --pg URL --workers 4 --terminals 1000

:func:`measure_streams` (``--streams 50``) asks another question: do open room pages
slow the kiosks down? Ten kiosks post their status every second and five statements
every 2 s, first with no room page open, then with 50 pages listening to
``/room/events`` (spread over as many staff logins as the per-login cap needs). It
gives the p95 of both posts in each phase, the failed posts, and how many events
every page received meanwhile (the longest gap too).

    python -m kiosk.hub.room_bench --streams 50 [--terminals 10] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx

UPDATE_P95_TARGET_MS = 200.0
FRESHNESS_P95_TARGET_MS = 2000.0
BENCH_USER = "bench-animator"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


# --- terminals and the animator, over HTTP --------------------------------------------------


def login(base_url: str, username: str, password: str) -> httpx.Client:
    """An animator's client, logged in through the login form, sending its CSRF token."""
    client = httpx.Client(base_url=base_url, timeout=30)

    def form_token() -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        if not found:
            raise RuntimeError("the hub's login page has no CSRF token")
        return found.group(1)

    answer = client.post("/login", data={"username": username, "password": password,
                                         "csrf_token": form_token()})
    if answer.status_code != 303:
        raise RuntimeError(f"cannot log in as {username}: the hub answered {answer.status_code}")
    client.headers["X-CSRF-Token"] = form_token()
    return client


def enrol_tokens(animator: httpx.Client, count: int, label: str = "Banc", key: Any = None) -> list[str]:
    """``count`` terminal tokens: each from an enrol code the room hands out, as a kiosk does.

    All of one EPN: ``key`` (a :class:`kiosk.export.keys.SigningKey`), else a new one.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.export.keys import SigningKey

    key = key or SigningKey(Ed25519PrivateKey.generate())  # one EPN, many terminals
    tokens = []
    for n in range(count):
        code = animator.post("/room/enrol-codes", headers={"Accept": "application/json"})
        code.raise_for_status()
        enrolled = animator.post("/api/terminals/enrol", json={
            "code": code.json()["code"], "label": f"{label} {n + 1}", "epn_id": key.epn_id,
            "epn_public_key": key.public_text})
        enrolled.raise_for_status()
        tokens.append(enrolled.json()["token"])
    return tokens


# --- the measurement ------------------------------------------------------------------------


class _KeepAlive:
    """One terminal's keep-alive HTTP/1.1 connection, written by hand.

    The load generator must cost far less than the hub it loads: httpx spends about 4 ms
    of CPU on a request, twice what the hub spends answering it, and on two shared cores
    the figures would measure the generator.
    """

    def __init__(self, base_url: str, token: str, timeout: float = 10.0, headers: str = "") -> None:
        url = httpx.URL(base_url)
        self.host, self.port = url.host, url.port or 80
        self.head = (f"Host: {self.host}:{self.port}\r\nAuthorization: Bearer {token}\r\n"
                     f"Content-Type: application/json\r\n{headers}").encode()
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> int:
        """The answer's status code (0 when the connection failed; it is opened again next time)."""
        try:
            return await asyncio.wait_for(self._post(path, body), self.timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            self.close()
            return 0

    async def _post(self, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\n" + self.head
                          + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        head = (await self.reader.readuntil(b"\r\n\r\n")).lower()
        found = re.search(rb"\r\ncontent-length: *(\d+)", head)
        await self.reader.readexactly(int(found.group(1)) if found else 0)
        if b"\r\nconnection: close" in head:
            self.close()
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None



async def _run(base_url: str, cookies: httpx.Cookies, tokens: list[str], seconds: float,
               period: float) -> dict[str, Any]:
    sent: dict[int, float] = {}  # marker → when its POST left
    updates: list[float] = []
    fresh: list[float] = []
    errors = 0
    events = 0
    markers = itertools.count(1)
    stop_at = 0.0
    started = asyncio.Event()

    async def watch(client: httpx.AsyncClient) -> None:
        nonlocal events
        async with client.stream("GET", "/room/events", timeout=None) as stream:
            stream.raise_for_status()
            started.set()
            async for line in stream.aiter_lines():
                if not line.startswith("data:"):
                    continue
                arrived = time.perf_counter()
                events += 1
                for tile in json.loads(line[5:]):
                    marker = tile.get("step_seconds")
                    at = sent.pop(marker, None) if marker is not None else None
                    if at is not None:
                        fresh.append(arrived - at)

    async def terminal(token: str) -> None:
        nonlocal errors
        link = _KeepAlive(base_url, token)
        seq = int(time.time() * 1000)
        await asyncio.sleep(random.uniform(0, min(period, seconds / 2)))  # kiosks are not in step
        try:
            while time.perf_counter() < stop_at:
                tick = time.perf_counter()
                marker = next(markers)
                seq += 1
                body = {"in_use": True, "help": False, "language": "ar", "screen": "player",
                        "scenario_id": "email.reply", "step_id": "open", "step_index": 2, "step_count": 6,
                        "step_seconds": marker, "errors": 1, "hints": 0, "seq": seq}
                posted = sent[marker] = time.perf_counter()
                if await link.post("/api/terminals/status", json.dumps(body).encode()) == 200:
                    updates.append(time.perf_counter() - posted)
                else:
                    errors += 1
                await asyncio.sleep(max(0.0, tick + period - time.perf_counter()))
        finally:
            link.close()

    async with httpx.AsyncClient(base_url=base_url, cookies=cookies) as page:
        watcher = asyncio.create_task(watch(page))
        await asyncio.wait_for(started.wait(), 10)
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(*(terminal(t) for t in tokens))
        await asyncio.sleep(0.75)  # the last changes reach the page (events go out every 0.25 s at most)
        watcher.cancel()
        try:
            await watcher
        except asyncio.CancelledError:
            pass
    return {
        "terminals": len(tokens), "seconds": seconds, "statuses": len(updates), "errors": errors,
        "events": events, "unseen": len(sent),
        "update_p50_ms": round(percentile(updates, 50) * 1000, 1),
        "update_p95_ms": round(percentile(updates, 95) * 1000, 1),
        "freshness_p50_ms": round(percentile(fresh, 50) * 1000, 1),
        "freshness_p95_ms": round(percentile(fresh, 95) * 1000, 1),
    }


def measure(base_url: str, token_factory: Callable[[int], list[str]], *, terminals: int = 200,
            seconds: float = 20.0, period: float = 1.0, baseline_seconds: float | None = None,
            animator: httpx.Client | None = None, username: str = BENCH_USER,
            password: str | None = None) -> dict[str, Any]:
    """Figures for ``terminals`` posting every ``period`` s for ``seconds``, and a 1-terminal baseline.

    ``token_factory(n)`` gives n terminal tokens. The room events are read with the
    cookies of ``animator`` (a logged-in client), else of a login as ``username``.
    """
    own = animator is None
    if animator is None:
        if password is None:
            raise ValueError("give a logged-in animator client, or the bench animator's password")
        animator = login(base_url, username, password)
    try:
        tokens = token_factory(terminals)
        if len(tokens) != terminals:
            raise ValueError(f"the token factory gave {len(tokens)} tokens, not {terminals}")
        cookies = animator.cookies
        baseline = asyncio.run(_run(base_url, cookies, tokens[:1], baseline_seconds or seconds, period))
        crowd = asyncio.run(_run(base_url, cookies, tokens, seconds, period))
    finally:
        if own:
            animator.close()

    def ratio(key: str) -> float:
        return round(crowd[key] / baseline[key], 2) if baseline[key] else float("nan")

    return crowd | {
        "targets": {"update_p95_ms": UPDATE_P95_TARGET_MS, "freshness_p95_ms": FRESHNESS_P95_TARGET_MS},
        "within_targets": (crowd["update_p95_ms"] <= UPDATE_P95_TARGET_MS
                           and crowd["freshness_p95_ms"] <= FRESHNESS_P95_TARGET_MS and crowd["errors"] == 0),
        "baseline": baseline,
        "update_p95_ratio": ratio("update_p95_ms"),
        "freshness_p95_ratio": ratio("freshness_p95_ms"),
        "cpus": os.cpu_count(),
        # other programs on the same cores move these figures: say how busy the machine was
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


# --- many open room pages beside the kiosks' posts ------------------------------------------

#: Kiosks posting during the streams measurement, and how often each sends what.
STREAM_BENCH_TERMINALS = 10
STATEMENTS_EVERY_S = 2.0
STATEMENTS_PER_POST = 5


async def _kiosks_posting(base_url: str, tokens: list[str], batches: list[bytes], seconds: float,
                          period: float) -> dict[str, Any]:
    """Each token's kiosk posts its status every ``period`` s and statements every 2 s, for ``seconds``."""
    status_s: list[float] = []
    statement_s: list[float] = []
    errors = {"status": 0, "statements": 0}
    stop_at = time.perf_counter() + seconds
    xapi = "X-Experience-API-Version: 1.0.3\r\n"

    async def every(every_s: float, send: Callable[[], Any]) -> None:
        await asyncio.sleep(random.uniform(0, every_s))  # kiosks are not in step
        while time.perf_counter() < stop_at:
            tick = time.perf_counter()
            await send()
            await asyncio.sleep(max(0.0, tick + every_s - time.perf_counter()))

    async def kiosk(token: str) -> None:
        status_link = _KeepAlive(base_url, token, timeout=60)
        xapi_link = _KeepAlive(base_url, token, timeout=60, headers=xapi)
        seq = int(time.time() * 1000)

        async def status_post() -> None:
            nonlocal seq
            seq += 1
            body = {"in_use": True, "help": seq % 7 == 0, "language": "fr", "screen": "player",
                    "scenario_id": "email.reply", "step_id": "open", "step_index": seq % 6, "step_count": 6,
                    "step_seconds": seq % 90, "errors": 0, "hints": 0, "seq": seq}
            started = time.perf_counter()
            if await status_link.post("/api/terminals/status", json.dumps(body).encode()) == 200:
                status_s.append(time.perf_counter() - started)
            else:
                errors["status"] += 1

        async def statements_post() -> None:
            if not batches:
                raise RuntimeError("the statements bench ran out of statements")
            started = time.perf_counter()
            if await xapi_link.post("/xAPI/statements", batches.pop()) == 200:
                statement_s.append(time.perf_counter() - started)
            else:
                errors["statements"] += 1

        try:
            await asyncio.gather(every(period, status_post), every(STATEMENTS_EVERY_S, statements_post))
        finally:
            status_link.close()
            xapi_link.close()

    await asyncio.gather(*(kiosk(t) for t in tokens))
    return {
        "statuses": len(status_s), "status_errors": errors["status"],
        "statement_posts": len(statement_s), "statement_errors": errors["statements"],
        "status_p50_ms": round(percentile(status_s, 50) * 1000, 1),
        "status_p95_ms": round(percentile(status_s, 95) * 1000, 1),
        "statement_p50_ms": round(percentile(statement_s, 50) * 1000, 1),
        "statement_p95_ms": round(percentile(statement_s, 95) * 1000, 1),
    }


async def _with_open_streams(base_url: str, logins: list[httpx.Cookies], streams: int,
                             load: Callable[[], Any], open_within: float) -> dict[str, Any]:
    """``load()`` run while ``streams`` room pages listen (spread over ``logins``); what they got."""
    arrivals: list[list[float]] = [[] for _ in range(streams)]
    refused: list[int] = []
    opened = [asyncio.Event() for _ in range(streams)]

    async def listen(client: httpx.AsyncClient, i: int) -> None:
        try:
            async with client.stream("GET", "/room/events") as stream:
                if stream.status_code != 200:
                    refused.append(stream.status_code)
                    return
                async for line in stream.aiter_lines():
                    if line.startswith("data:"):
                        arrivals[i].append(time.perf_counter())
                        opened[i].set()
        except httpx.HTTPError:
            refused.append(0)

    timeout = httpx.Timeout(60, read=None)
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    clients = [httpx.AsyncClient(base_url=base_url, cookies=c, timeout=timeout, limits=limits)
               for c in logins]
    tasks = [asyncio.create_task(listen(clients[i % len(clients)], i)) for i in range(streams)]
    try:
        deadline = time.perf_counter() + open_within
        for event in opened:  # a page counts once its first event came
            try:
                await asyncio.wait_for(event.wait(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError:
                pass
        began = time.perf_counter()
        figures = dict(await load())
        ended = time.perf_counter()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in clients:
            await client.aclose()
    during = [[t for t in times if began <= t <= ended] for times in arrivals]
    gaps = [max(b - a for a, b in zip([began, *times], [*times, ended], strict=True)) for times in during]
    return figures | {
        "streams": streams, "streams_open": sum(1 for e in opened if e.is_set()),
        "streams_refused": len(refused),
        "stream_events_min": min((len(d) for d in during), default=0),
        "stream_gap_max_s": round(max(gaps, default=0.0), 2),
    }


def measure_streams(base_url: str, tokens: list[str], epn_id: str, logins: list[httpx.Cookies], *,
                    streams: int = 50, seconds: float = 10.0, period: float = 1.0) -> dict[str, Any]:
    """p95 of status and statement posts with no room page open, then with ``streams`` open.

    The kiosks of ``tokens`` (enrolled for the EPN ``epn_id``) post their status every
    ``period`` s and :data:`STATEMENTS_PER_POST` new statements every
    :data:`STATEMENTS_EVERY_S` s, for ``seconds`` in each phase; the streams are spread
    over the staff ``logins`` (cookies), as many phones and tablets would be.
    """
    from kiosk.hub.bench import kiosk_statements

    posts = int(len(tokens) * (seconds / STATEMENTS_EVERY_S + 2)) * 3  # warm-up and two phases
    made = kiosk_statements(posts * STATEMENTS_PER_POST, origin_epn=epn_id)
    batches = [json.dumps(made[i:i + STATEMENTS_PER_POST]).encode()
               for i in range(0, len(made), STATEMENTS_PER_POST)]

    def load(phase_seconds: float) -> Callable[[], Any]:
        return lambda: _kiosks_posting(base_url, tokens, batches, phase_seconds, period)

    asyncio.run(load(min(2.0, seconds))())  # warm-up: tokens looked up, connections made
    baseline = asyncio.run(load(seconds)())
    crowd = asyncio.run(_with_open_streams(base_url, logins, streams, load(seconds), open_within=15.0))

    def ratio(key: str) -> float:
        return round(crowd[key] / baseline[key], 2) if baseline[key] else float("nan")

    return crowd | {
        "terminals": len(tokens), "seconds": seconds, "logins": len(logins),
        "baseline": baseline | {"streams": 0},
        "status_p95_ratio": ratio("status_p95_ms"), "statement_p95_ratio": ratio("statement_p95_ms"),
        "cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2),
    }


# --- a hub of its own -----------------------------------------------------------------------


def _create_animators(database_url: str, usernames: list[str], password: str) -> None:
    from kiosk.hub.auth import create_user
    from kiosk.hub.db import open_database

    engine, sessions = open_database(database_url)
    try:
        with sessions() as session:
            for username in usernames:
                create_user(session, username, "animator", password)
    finally:
        engine.dispose()


def _streams_report(base_url: str, database_url: str, args: argparse.Namespace
                    ) -> tuple[dict[str, Any], str, bool]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.export.keys import SigningKey
    from kiosk.hub.settings import HubSettings

    count = -(-args.streams // HubSettings.room_streams_per_login)  # as few logins as the cap allows
    password = "bench-" + os.urandom(8).hex()
    _create_animators(database_url, [f"{BENCH_USER}-{n}" for n in range(count)], password)
    animators = [login(base_url, f"{BENCH_USER}-{n}", password) for n in range(count)]
    try:
        key = SigningKey(Ed25519PrivateKey.generate())
        tokens = enrol_tokens(animators[0], args.terminals, key=key)
        report = measure_streams(base_url, tokens, key.epn_id, [a.cookies for a in animators],
                                 streams=args.streams, seconds=args.seconds, period=args.period)
    finally:
        for animator in animators:
            animator.close()
    b = report["baseline"]
    errors = report["status_errors"] + report["statement_errors"]
    line = (f"{report['terminals']} kiosks, {report['streams_open']}/{report['streams']} room pages open "
            f"({report['logins']} logins), {errors} failed posts: "
            f"status p95 {report['status_p95_ms']} ms (no page open: {b['status_p95_ms']} ms, "
            f"×{report['status_p95_ratio']}), statements p95 {report['statement_p95_ms']} ms "
            f"(no page open: {b['statement_p95_ms']} ms, ×{report['statement_p95_ratio']}); "
            f"every page got ≥ {report['stream_events_min']} events, "
            f"longest gap {report['stream_gap_max_s']} s")
    ok = errors == 0 and report["streams_open"] == report["streams"] and report["stream_events_min"] > 0
    return report, line, ok


def _room_report(base_url: str, database_url: str, args: argparse.Namespace
                 ) -> tuple[dict[str, Any], str, bool]:
    password = "bench-" + os.urandom(8).hex()
    _create_animators(database_url, [BENCH_USER], password)
    with closing(login(base_url, BENCH_USER, password)) as animator:
        report = measure(base_url, lambda n: enrol_tokens(animator, n), terminals=args.terminals,
                         seconds=args.seconds, period=args.period, animator=animator)
    b = report["baseline"]
    line = (f"{report['terminals']} terminals, {report['statuses']} statuses in {report['seconds']:g} s, "
            f"{report['errors']} errors: update p95 {report['update_p95_ms']} ms "
            f"(1 terminal: {b['update_p95_ms']} ms, ×{report['update_p95_ratio']}), "
            f"freshness p95 {report['freshness_p95_ms']} ms "
            f"(1 terminal: {b['freshness_p95_ms']} ms, ×{report['freshness_p95_ratio']}) — "
            f"{'within' if report['within_targets'] else 'OUTSIDE'} the targets "
            f"({UPDATE_P95_TARGET_MS:g} ms, {FRESHNESS_P95_TARGET_MS:g} ms)")
    return report, line, bool(report["within_targets"])


@contextmanager
def _database(pg: str | None, home: Path) -> Iterator[str]:
    """A fresh database for one hub: a scratch schema of ``pg``, else SQLite in ``home``."""
    from kiosk.hub.bench import scratch_schema

    if pg:
        with scratch_schema(pg) as url:
            yield url
    else:
        yield f"sqlite:///{home / 'hub.db'}"


def _one_hub(args: argparse.Namespace, workers: int) -> tuple[dict[str, Any], str, bool]:
    """The figures of a hub of its own (``kiosk hub serve`` with ``workers``, a fresh database)."""
    from kiosk.hub.bench import hub_process

    with tempfile.TemporaryDirectory(prefix="room-bench-") as tmp:
        home = Path(tmp) / "hub"
        with _database(args.pg, Path(tmp)) as url, hub_process(home, url, workers) as base_url:
            report, line, ok = (_streams_report if args.streams else _room_report)(base_url, url, args)
    return report | {"workers": workers}, f"{workers} worker{'s' if workers > 1 else ''}: {line}", ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.hub.room_bench",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--terminals", type=int, default=None,
                        help=f"kiosks posting (default 200; {STREAM_BENCH_TERMINALS} with --streams)")
    parser.add_argument("--seconds", type=float, default=None,
                        help="length of each measured phase (default 20; 10 with --streams)")
    parser.add_argument("--period", type=float, default=1.0, help="seconds between a terminal's statuses")
    parser.add_argument("--streams", type=int, default=0,
                        help="instead: status and statement posts with no room page open, then with this "
                             "many open (e.g. 50)")
    parser.add_argument("--pg", metavar="URL",
                        help="a PostgreSQL database to run the hub on (a scratch schema there; default: "
                             "SQLite)")
    parser.add_argument("--workers", type=int, default=1,
                        help="hub worker processes (more than 1 needs --pg); measured beside 1 worker "
                             "in the same run")
    args = parser.parse_args(argv)
    args.terminals = args.terminals or (STREAM_BENCH_TERMINALS if args.streams else 200)
    args.seconds = args.seconds or (10.0 if args.streams else 20.0)
    if args.workers < 1 or (args.workers > 1 and not args.pg):
        print("--workers above 1 needs --pg URL: with SQLite the hub runs with 1 worker.", file=sys.stderr)
        return 2

    runs = [_one_hub(args, args.workers)]
    if args.workers > 1:
        runs.append(_one_hub(args, 1))
    report: dict[str, Any] = runs[0][0]
    if len(runs) > 1:
        report = {"workers": args.workers, "database": "postgresql", "cpus": os.cpu_count(),
                  f"with_{args.workers}_workers": runs[0][0], "with_1_worker": runs[1][0]}
    print(json.dumps(report, indent=2))
    print()
    for _, line, _ in runs:
        print(line)
    return 0 if runs[0][2] else 1


if __name__ == "__main__":
    raise SystemExit(main())
