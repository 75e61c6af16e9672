"""The hub bench runs end to end on a small load: a real ``kiosk hub serve`` process."""

from __future__ import annotations

import argparse
import os

from kiosk.hub.bench import report, run


def test_the_bench_measures_ingest_against_its_baseline() -> None:
    results = run(argparse.Namespace(pg=os.environ.get("KIOSK_TEST_PG_URL"), statements=300,
                                     room_terminals=5, room_seconds=2, workers=2))
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("KIOSK_TEST_PG_URL") else [])
    if "postgresql" in kinds:  # and again with two hub workers (no room figures there)
        workers = results["postgresql_2_workers"]
        assert workers["workers"] == 2 and workers["stored"] == 600 and "room" not in workers
        assert "postgresql, 2 workers: statements/s over HTTP" in report(results)
    for kind in kinds:
        figures = results[kind]
        assert figures["stored"] == 600
        assert figures["ingest_1_sender_per_s"] > 0 and figures["baseline_bulk_insert_per_s"] > 0
        assert 0 < figures["ratio_4_senders"] < 10
        room = figures["room"]  # the room view on the same hub: 5 terminals, one page listening
        assert room["errors"] == 0 and room["update_p95_ms"] > 0 and room["freshness_p95_ms"] > 0
    assert "statements/s over HTTP" in report(results)
