"""Offline: the hub unreachable while a kiosk makes 10,000 statements, then back → every
statement delivered exactly once (by id: none lost, none twice).

Placeholder until the kiosk → hub sync exists (kiosk/sync, issue 6): the test is written
against docs/HUB_PROTOCOL.md and skips while ``kiosk.sync`` is missing. Intended shape,
for whoever wires it: a real hub (``kiosk hub serve`` on a free port, its own SQLite
file) behind a switchable TCP proxy; the kiosk's store gets 10,000 step events through
the StoreWriter (its outbox rows in the same transactions) while the proxy refuses
connections, then also drops half-sent requests (the hub stored, the answer was lost —
the re-sent statements must be accepted as the same ids, 200 not 409); then the proxy
lets everything through and the test waits until the outbox is empty. Assert: the hub's
statement ids == the store's event/session ids mapped by statement_id(), each once;
the outbox is empty; nothing is 409; the figure is printed like the other suites'.
"""

from __future__ import annotations

import pytest

sync = pytest.importorskip("kiosk.sync", reason="the kiosk → hub sync (kiosk/sync) is not written yet")


@pytest.mark.long
def test_offline_long() -> None:
    pytest.skip("kiosk.sync exists now: write this suite (see the module docstring)")
