"""The storyboard preview: a trainer reviews an exercise in a browser, no terminal needed.

``kiosk scenarios preview ID --out DIR`` plays the scenario with the robot learner through
the real kiosk and writes DIR/index.html: per step the screen when its instruction shows,
the words, the voice clip, the help ladder, the target framed and the learner's eye. The
folder must stand alone (relative links, files copied in) and open in a real browser.

Two surfaces here (one run on the test's screen, one in Arabic where the command starts
its own Xvfb); ``make preview-all`` previews the shortest scenario of every surface.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import load_config
from kiosk.engine import load_catalogue
from tests.gui.conftest import ROOT, kiosk_env

CATALOGUE = load_catalogue(load_config().scenarios_dir)
CHROMIUM = Path("/usr/bin/chromium")


def shortest_of_each_surface() -> list[str]:
    chosen: dict[str, Any] = {}
    for scenario in CATALOGUE.in_order():
        best = chosen.get(scenario.surface)
        if best is None or len(scenario.steps) < len(best.steps):
            chosen[scenario.surface] = scenario
    return [s.id for s in chosen.values()]


EVERY_SURFACE = shortest_of_each_surface()


class Page(HTMLParser):
    """What a reader finds on the page: its language and direction, and per step section
    the pictures, the clips, the instruction, the framed targets and the learner's eye."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = self.dir = ""
        self.steps: list[dict[str, Any]] = []
        self.sources: list[str] = []
        self._into: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "html":
            self.lang, self.dir = a.get("lang", ""), a.get("dir", "")
        elif tag == "section" and "step" in classes:
            self.steps.append({"id": a.get("data-step"), "images": [], "audio": [], "targets": [],
                               "instruction": "", "eye": ""})
        elif tag in ("img", "audio"):
            self.sources.append(a["src"])
            if self.steps:
                self.steps[-1]["images" if tag == "img" else "audio"].append(a["src"])
        elif "target" in classes:
            self.steps[-1]["targets"].append(a["style"])
        elif "instruction" in classes:
            self._into = "instruction"
        elif "eye" in classes:
            self._into = "eye"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into and self.steps:
            self.steps[-1][self._into] += data.strip()


def preview(tmp_path: Path, display: str | None, scenario: str, *args: str) -> tuple[Path, str]:
    """Run the real command; ``display`` None: no $DISPLAY, the command starts Xvfb itself."""
    out = tmp_path / "storyboard"
    env = kiosk_env(display or ":0", tmp_path / "home")
    if display is None:
        del env["DISPLAY"]
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "preview", scenario, "--out", str(out),
                           *args], env=env, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out, proc.stdout


def check_storyboard(out: Path, scenario_id: str, language: str) -> Page:
    scenario = CATALOGUE.scenarios[scenario_id]
    page = Page()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    assert page.lang == language
    assert page.dir == ("rtl" if language == "ar" else "ltr")
    assert [s["id"] for s in page.steps] == [s.id for s in scenario.steps]
    for src in page.sources:  # relative, inside the folder, there and not empty
        assert not src.startswith(("/", "file:", "http")) and ".." not in src, src
        assert (out / src).is_file() and (out / src).stat().st_size > 0, src
    for step, shown in zip(scenario.steps, page.steps, strict=True):
        assert len(shown["images"]) == 1
        assert (out / shown["images"][0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shown["audio"], f"{step.id}: no voice clip"
        for clip in shown["audio"]:
            head = (out / clip).read_bytes()[:12]
            assert (head[:4] == b"RIFF" and head[8:12] == b"WAVE") or head[:4] == b"OggS", (clip, head)
        # the instruction as the learner reads it (the screen's words filled in, in French)
        words = scenario.on_screen(step.say.for_device("touch"), "fr").get(language)
        assert shown["instruction"] == words.strip()
        assert shown["eye"] == "ok", (step.id, shown["eye"])
        assert shown["targets"], f"{step.id}: nothing framed"
        for style in shown["targets"]:
            values = [float(part.split(":")[1].strip(" %")) for part in style.split(";") if part.strip()]
            assert all(0 <= v <= 100 for v in values) and values[2] > 0 and values[3] > 0, style
    return page


def test_preview_of_a_desktop_exercise(display: str, tmp_path: Path) -> None:
    out, stdout = preview(tmp_path, display, "mouse.drag")
    page = check_storyboard(out, "mouse.drag", "fr")
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "Le dossier Emploi s&#39;allume. Glissez jusque-là." in text  # a hint's own words, escaped
    assert "repeat" in text and "highlight" in text and "demo" in text
    assert f"preview: {out / 'index.html'} — 1 step(s) of mouse.drag in fr at 1280x800" in stdout
    assert "played: 1 exercise(s)" in stdout  # the robot's own one-line summary
    if CHROMIUM.exists():
        loaded_in_a_browser(out, len(page.sources))


def test_preview_in_arabic_starts_its_own_screen(display: str, tmp_path: Path) -> None:
    out, _stdout = preview(tmp_path, None, "internet.search", "--lang", "ar")
    check_storyboard(out, "internet.search", "ar")


@pytest.mark.long
@pytest.mark.parametrize("scenario_id", EVERY_SURFACE)
def test_preview_of_every_surface(display: str, tmp_path: Path, scenario_id: str) -> None:
    out, _stdout = preview(tmp_path, display, scenario_id)
    check_storyboard(out, scenario_id, "fr")


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "storyboard").mkdir()
    (tmp_path / "storyboard" / "notes.txt").write_text("mine")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(tmp_path / "home")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "preview", "mouse.drag", "--out",
                           str(tmp_path / "storyboard")], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 1
    assert "is not empty and holds no preview — give a new or empty folder" in proc.stdout
    assert (tmp_path / "storyboard" / "notes.txt").read_text() == "mine"
    proc = subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "preview", "mouse", "--out",
                           str(tmp_path / "other")], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 1 and "'mouse' is a module — give one scenario id, e.g. mouse." in proc.stdout


def loaded_in_a_browser(out: Path, files: int) -> None:
    """Opened from the folder in Chromium: every picture shows and every clip can play."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto((out / "index.html").as_uri())
            shown = page.evaluate("""async () => {
                const pictures = [...document.images].map(i => i.complete && i.naturalWidth > 0);
                const clips = await Promise.all([...document.querySelectorAll('audio')].map(a =>
                    new Promise(done => {
                        a.onloadedmetadata = () => done(a.duration > 0);
                        a.onerror = () => done(false);
                        a.load();
                    })));
                return [...pictures, ...clips];
            }""")
        finally:
            browser.close()
    assert len(shown) == files and all(shown), shown
