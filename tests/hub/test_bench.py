"""The hub bench runs end to end on a small load: a real ``kiosk hub serve`` process."""

from __future__ import annotations

import argparse
import os

from kiosk.hub.bench import report, run


def test_the_bench_measures_ingest_against_its_baseline() -> None:
    results = run(argparse.Namespace(pg=os.environ.get("KIOSK_TEST_PG_URL"), statements=300))
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("KIOSK_TEST_PG_URL") else [])
    for kind in kinds:
        figures = results[kind]
        assert figures["stored"] == 600
        assert figures["ingest_1_sender_per_s"] > 0 and figures["baseline_bulk_insert_per_s"] > 0
        assert 0 < figures["ratio_4_senders"] < 10
    assert "statements/s over HTTP" in report(results)
