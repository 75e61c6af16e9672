"""A stand-in external LRS for the forwarding tests: a real HTTP server on 127.0.0.1.

Its answers are scripted by the test (a status, maybe headers such as ``Retry-After``);
it records every request with the time it came, and keeps the ids it accepted.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hub_kit import make_settings, running_hub

FAST = {"forward_idle_seconds": 0.05, "forward_backoff_base": 0.05, "forward_backoff_cap": 0.2}
#: A status, or a status and response headers.
Reply = int | tuple[int, dict[str, str]]


def wait_for(check: Callable[[], bool], timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def forwarding_hub(tmp_path: Path, lrs_url: str, username: str, password: str, **overrides: Any) -> Any:
    return running_hub(make_settings(tmp_path / "hub", lrs_url=lrs_url, lrs_username=username,
                                     lrs_password=password, **(FAST | overrides)))


class ScriptedLrs:
    """A stand-in external LRS on 127.0.0.1 whose answers a test decides; it records requests."""

    def __init__(self, answer: Callable[[list[dict[str, Any]], int], Reply]) -> None:
        self.answer = answer
        self.requests: list[tuple[dict[str, str], list[dict[str, Any]]]] = []
        self.times: list[float] = []  # time.monotonic() of each request
        self.stored: set[str] = set()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((dict(self.headers), body))
                outer.times.append(time.monotonic())
                reply = outer.answer(body, len(outer.requests))
                code, headers = reply if isinstance(reply, tuple) else (reply, {})
                if code == 200:
                    outer.stored.update(s["id"] for s in body)
                payload = json.dumps([s["id"] for s in body] if code == 200 else {"error": "no"}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"

    @contextmanager
    def running(self) -> Iterator[ScriptedLrs]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
