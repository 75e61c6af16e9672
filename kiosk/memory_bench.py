"""The memory figures of ``kiosk bench``: peak RSS of a whole session, one exercise per
surface, against a bare Kivy window, and what that peak is made of.

A session is what a learner does at the kiosk: the welcome, a language, the first
exercise of every surface in teaching order (the desktop, the keyboard, the mail, the
browser, the web forms, the phone, the SMS, the video call), then "J'ai fini" and the
passport. The robot learner plays it in a fresh process (``python -m kiosk.bench probe
session OUT``), without its own checks (the learner's eye and the contrast reading copy
the whole screen: that is the robot's memory, not the kiosk's). The process's peak
(VmHWM) is reset when each exercise opens (``/proc/self/clear_refs``), so each surface
gets its own peak: from the touch that opens it until its results are drawn.

The breakdown says where the memory goes: the same session's resident size at each
stage, and what the heavy libraries cost on their own in a windowless process.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

SETTLE_S = 4.0  # a window's peak is read this long after it first shows
RSS_TARGET = 1.3

# the libraries the kiosk loads besides Kivy, measured alone in a windowless process:
# (label, modules imported, what else is done)
LIBRARIES = (
    ("store: SQLAlchemy + ORM + the opened SQLite store", ("sqlalchemy", "sqlalchemy.orm"), "store"),
    ("passport: cryptography, segno, cbor2, Pillow, zxing-cpp",
     ("cryptography.hazmat.primitives.asymmetric.ed25519", "segno", "cbor2", "PIL.Image", "zxingcpp"),
     "passport"),
    ("speech: espeak-ng started", (), "espeak"),
)


def status() -> dict[str, float]:
    """This process's resident size now (VmRSS) and peak (VmHWM), in MB."""
    found: dict[str, float] = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                found[key] = int(value.split()[0]) / 1024
    return found


def reset_peak() -> None:
    """Start VmHWM again from the current resident size (Linux ≥ 4.0)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def session_scenarios(catalogue: Any, modules: list[str]) -> list[str]:
    """The first exercise of each surface, in teaching order."""
    first: dict[str, str] = {}
    for scenario in catalogue.in_order(modules):
        first.setdefault(scenario.surface, scenario.id)
    return list(first.values())


# -- probes: run inside a fresh process ------------------------------------------------------

def probe_session(out: Path) -> None:
    """One session, one exercise per surface, then the passport (see the module's text)."""
    from kiosk.config import load_config
    from kiosk.ui.launch import prepare_kivy

    config = load_config()
    prepare_kivy(config, windowed=True, size="1920x1080")
    from kivy.core.window import Window

    from kiosk.ui.app import KioskApp
    from kiosk.ui.robot import Robot, Until

    app = KioskApp(config)
    seen: dict[str, Any] = {"stages": {}, "surfaces": [], "start_peak_mb": 0.0}

    def first_flip(*_a: Any) -> None:
        if "welcome_mb" not in seen:
            seen["welcome_mb"] = status()["VmRSS"]

    Window.bind(on_flip=first_flip)

    class SessionRobot(Robot):
        def scenario_ids(self) -> list[str]:
            return session_scenarios(app.catalogue, [m.id for m in app.enabled_modules()])

        # the robot's own instruments are left out (they read the whole screen)
        def eye(self, sid: str, step: Any) -> Any:
            return iter(())

        def lowest_contrast(self, within: Any = None) -> tuple[float, str]:
            return (99.0, "")

        def smallest_target(self) -> float:
            return 1000.0

        def start_in(self, language: str) -> Any:
            yield Until(lambda: app.prerendered.is_set(), "the voice cache", 120)
            assert app.writer is not None and app.catalogue is not None  # app.ready
            app.writer.flush(30)  # the store is open (SQLAlchemy imported on its worker)
            seen["stages"]["ready_mb"] = status()["VmRSS"]
            yield from super().start_in(language)

        def open_scenario(self, sid: str, shot_list: bool = False) -> Any:
            if not seen["surfaces"]:
                seen["start_peak_mb"] = status()["VmHWM"]  # welcome → the activities
            reset_peak()
            yield from super().open_scenario(sid, shot_list)

        def play_scenario(self, sid: str) -> Any:
            yield from super().play_scenario(sid)
            yield from self.frames()
            now = status()
            assert app.catalogue is not None
            seen["surfaces"].append({"id": sid, "surface": app.catalogue.scenarios[sid].surface,
                                     "peak_mb": now["VmHWM"], "after_mb": now["VmRSS"]})
            reset_peak()

        def _finish(self, code: int) -> None:
            now = status()
            seen.update(end_peak_mb=now["VmHWM"], end_mb=now["VmRSS"], ok=code == 0,
                        error=getattr(self, "error", None),
                        scenarios=[(r["id"], r["stars"]) for r in self.results])
            out.write_text(json.dumps(seen))
            super()._finish(code)

    app.robot = SessionRobot(app, "session")
    app.run()


def probe_libraries(out: Path) -> None:
    """What each heavy library costs alone: resident size before and after, no window."""
    import importlib

    from kiosk.config import load_config
    from kiosk.engine.catalogue import load_catalogue

    config = load_config()
    scenarios = load_catalogue(config.scenarios_dir, config.languages).scenarios.values()
    costs: dict[str, float] = {}
    for label, modules, then in LIBRARIES:
        before = status()["VmRSS"]
        for name in modules:
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        if then == "store":
            from kiosk.store.repository import Store

            Store(config.database_url).close()
        elif then == "passport":
            from kiosk.export.passport import Passport

            Passport.from_config(config, scenarios)
        elif then == "espeak":
            from kiosk.speech import espeak

            espeak.start()
        costs[label] = round(status()["VmRSS"] - before, 1)
    out.write_text(json.dumps({"libraries": costs}))


# -- the figures ------------------------------------------------------------------------------

def figures(bare: list[dict[str, Any]], starts: list[dict[str, Any]],
            sessions: list[dict[str, Any]], libraries: dict[str, Any]) -> dict[str, Any]:
    """Medians over the rounds, ratios against the bare window's median peak."""
    failed = [s for s in sessions if not s.get("ok")]
    if failed:
        raise RuntimeError(f"the session robot failed:\n{failed[0].get('error')}")
    med = statistics.median
    bare_mb = med(b["peak_rss_mb"] for b in bare)
    welcome_mb = med(k["peak_rss_mb"] for k in starts)
    peaks = [max([s["start_peak_mb"], s["end_peak_mb"], *(x["peak_mb"] for x in s["surfaces"])])
             for s in sessions]
    surfaces = []
    for i, first in enumerate(sessions[0]["surfaces"]):
        peak = med(s["surfaces"][i]["peak_mb"] for s in sessions)
        surfaces.append({"surface": first["surface"], "scenario": first["id"],
                         "peak_mb": round(peak, 1), "ratio": round(peak / bare_mb, 2),
                         "after_mb": round(med(s["surfaces"][i]["after_mb"] for s in sessions), 1)})
    session_mb = med(peaks)
    return {
        "baseline_rss_mb": round(bare_mb, 1),
        "welcome_rss_mb": round(welcome_mb, 1),
        "welcome_rss_ratio": round(welcome_mb / bare_mb, 2),
        "session_rounds": len(sessions),
        "session_peak_rss_mb": round(session_mb, 1),
        "rss_ratio": round(session_mb / bare_mb, 2),
        "session_surfaces": surfaces,
        "session_start_peak_mb": round(med(s["start_peak_mb"] for s in sessions), 1),
        "session_passport_peak_mb": round(med(s["end_peak_mb"] for s in sessions), 1),
        "session_ready_mb": round(med(s["stages"]["ready_mb"] for s in sessions), 1),
        "session_welcome_mb": round(med(s["welcome_mb"] for s in sessions), 1),
        "session_end_mb": round(med(s["end_mb"] for s in sessions), 1),
        "libraries_mb": libraries["libraries"],
    }


def rows(f: dict[str, Any]) -> list[tuple[str, str, str, str, str, bool]]:
    """(figure, kiosk, bare Kivy, ratio, target, met) for ``kiosk bench``'s table."""
    bare = f"{f['baseline_rss_mb']:.0f} MB"
    target = f"≤ {RSS_TARGET}×"
    out = [
        (f"peak RSS, welcome ({SETTLE_S:.0f} s after it shows)", f"{f['welcome_rss_mb']:.0f} MB",
         bare, f"{f['welcome_rss_ratio']:.2f}×", target, f["welcome_rss_ratio"] <= RSS_TARGET),
        (f"peak RSS, whole session: {len(f['session_surfaces'])} exercises, one per surface",
         f"{f['session_peak_rss_mb']:.0f} MB", bare, f"{f['rss_ratio']:.2f}×", target,
         f["rss_ratio"] <= RSS_TARGET),
        ("  welcome → activities (content, store, passport, voices)",
         f"{f['session_start_peak_mb']:.0f} MB", bare,
         f"{f['session_start_peak_mb'] / f['baseline_rss_mb']:.2f}×", target,
         f["session_start_peak_mb"] / f["baseline_rss_mb"] <= RSS_TARGET),
    ]
    for s in f["session_surfaces"]:
        out.append((f"  {s['surface']} ({s['scenario']})", f"{s['peak_mb']:.0f} MB", bare,
                    f"{s['ratio']:.2f}×", target, s["ratio"] <= RSS_TARGET))
    ratio = f["session_passport_peak_mb"] / f["baseline_rss_mb"]
    out.append(("  J'ai fini → passport → goodbye", f"{f['session_passport_peak_mb']:.0f} MB", bare,
                f"{ratio:.2f}×", target, ratio <= RSS_TARGET))
    return out


def breakdown(f: dict[str, Any]) -> list[str]:
    """Plain lines: what the session's memory is made of (the floor under the target)."""
    bare, welcome, ready = f["baseline_rss_mb"], f["session_welcome_mb"], f["session_ready_mb"]
    top = max(f["session_surfaces"], key=lambda s: s["peak_mb"])
    lines = [
        f"memory, resident MB (median of {f['session_rounds']} sessions):",
        f"  bare Kivy window {bare:.0f} (target {RSS_TARGET}× = {bare * RSS_TARGET:.0f})",
        f"  kiosk, first frame of the welcome {welcome:.0f} (+{welcome - bare:.0f}: Kivy's kv rules, "
        "fonts, pictograms)",
        f"  all screens, content, store, passport, voice cache checked {ready:.0f} "
        f"(+{ready - welcome:.0f})",
        f"  largest exercise: {top['surface']} {top['peak_mb']:.0f} (+{top['peak_mb'] - ready:.0f} "
        "over ready: its widgets and their textures, in process memory under llvmpipe)",
        f"  end of the session, back on the welcome {f['session_end_mb']:.0f}",
        "  libraries alone, windowless: " + "; ".join(
            f"{name} {mb:.0f}" for name, mb in f["libraries_mb"].items()),
    ]
    return lines


def measure(probe: Any, env: dict[str, str], rounds: int,
            bare: list[dict[str, Any]], starts: list[dict[str, Any]]) -> dict[str, Any]:
    """Run ``rounds`` sessions and the libraries probe; ``probe(mode, env)`` as in bench."""
    began = time.monotonic()
    sessions = [probe("session", env) for _ in range(rounds)]
    libraries = probe("libraries", env)
    result = figures(bare, starts, sessions, libraries)
    result["session_seconds"] = round((time.monotonic() - began) / max(1, rounds), 1)
    return result
