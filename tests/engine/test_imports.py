"""The engine stays pure: importing every module of it pulls in no GUI, database or HTTP."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("kivy", "sqlalchemy", "requests", "alembic")

# Runs in a fresh interpreter: this test process may already have imported anything.
PROBE = """
import importlib, json, pkgutil, sys
import kiosk.engine
names = [m.name for m in pkgutil.walk_packages(kiosk.engine.__path__, "kiosk.engine.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def test_engine_imports_no_gui_database_or_http() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # the walk really found the engine (a typo in the probe would otherwise pass)
    for expected in (
        "model",
        "actions",
        "runner",
        "scoring",
        "loader",
        "catalogue",
        "surfaces",
        "digcomp",
        "errors",
    ):
        assert f"kiosk.engine.{expected}" in report["modules"]
    leaked = sorted(set(FORBIDDEN) & set(report["loaded"]))
    assert leaked == [], f"kiosk.engine imports {leaked}; keep it to stdlib + parsing"
