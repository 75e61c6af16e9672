"""Fuzzing the hub's HTTP API from its own OpenAPI schema (schemathesis): no server errors.

A real hub on 127.0.0.1 is sent requests generated from ``/openapi.json`` — valid ones and
deliberately broken ones — with every credential a caller can hold (a terminal's token,
a logged-in staff cookie and its CSRF token: a trainer's for the trainers' pages, an
animator's elsewhere), so each route is explored past its door. Every answer must be
below 500. Logout (it would end the staff session) and event streams are left out.
``KIOSK_FUZZ_EXAMPLES`` (default 30) sets the examples per operation and mode.
"""

from __future__ import annotations

import os
import time

import requests
import schemathesis
from hub_kit import HubServer, form_csrf
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "30"))
LEFT_OUT = {("POST", "/logout"), ("GET", "/room/events")}  # logout ends the session; a stream never ends
TRAINER_PATHS = ("/review", "/p/")


def credentials(hub: HubServer, role: str) -> requests.Session:
    _, token = hub.enrol(f"fuzz terminal {role}")
    client = hub.login(f"fuzz-{role}", role)
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "X-CSRF-Token": form_csrf(client)})
    for cookie in client.cookies.jar:
        session.cookies.set(cookie.name, cookie.value or "")
    return session


def streams(operation: schemathesis.APIOperation) -> bool:
    """An event stream answers forever: nothing to fuzz there with a request/response loop."""
    responses = operation.definition.raw.get("responses", {})
    return any("text/event-stream" in (r.get("content") or {}) for r in responses.values())


def fuzz(operation: schemathesis.APIOperation, mode: GenerationMode, base_url: str,
         session: requests.Session) -> list[str]:
    """Server errors met while sending ``EXAMPLES`` generated requests to one operation."""
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def explore(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, session=session, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                            f"{case.as_curl_command()}")

    try:
        explore()
    except Unsatisfiable:  # nothing to break in a request without parameters
        assert mode is GenerationMode.NEGATIVE
    return failures


def test_no_request_makes_the_hub_fail(hub: HubServer) -> None:
    animator, trainer = credentials(hub, "animator"), credentials(hub, "trainer")
    schema = schemathesis.openapi.from_url(f"{hub.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(o.method.upper(), o.path) for o in operations} >= {
        ("POST", "/xAPI/statements"), ("PUT", "/xAPI/statements"), ("POST", "/api/terminals/enrol")}
    failures: list[str] = []
    timings: dict[str, float] = {}
    for operation in operations:
        if (operation.method.upper(), operation.path) in LEFT_OUT or streams(operation):
            continue
        session = trainer if operation.path.startswith(TRAINER_PATHS) else animator
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            started = time.monotonic()
            failures += fuzz(operation, mode, hub.base_url, session)
            timings[f"{operation.method.upper()} {operation.path} {mode.value}"] = time.monotonic() - started
    print("seconds per operation and mode:", {k: round(v, 1) for k, v in timings.items()})
    assert failures == []
    # the staff sessions survived the storm: they were really used
    for session in (animator, trainer):
        assert session.get(f"{hub.base_url}/", allow_redirects=False).headers["location"] != "/login"
