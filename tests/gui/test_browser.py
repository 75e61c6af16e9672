"""The browser and the video call through the real UI, as a learner notices them.

Browser: the paid results come first and carry the word "Annonce"; choosing one opens
the look-alike site with the kiosk's calm note, and the browser's arrow brings the
results back without counting as another try; choosing the official result opens the
commune's page, padlock and address in the bar. Video call: the browser asks for the
camera and the microphone (Bloquer gets a calm word and the question again), the
microphone button mutes, leaving asks first.

One kiosk process on the small screen (1280×800) does it all, to keep the test short:
the driver below (``python tests/gui/test_browser.py OUT SHOTS``) acts like a learner,
lets the robot learner play internet.address, and internet.search with mistakes, then
writes what it saw as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_browser")

ROOT = Path(__file__).resolve().parents[2]


# -- what the tests check --------------------------------------------------------------------

@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tests.gui.conftest import kiosk_env

    home = tmp_path_factory.mktemp("browser")
    out = home / "seen.json"
    proc = subprocess.run([sys.executable, str(Path(__file__)), str(out), str(home / "shots")],
                          env=kiosk_env(display, home), capture_output=True, text=True, timeout=180,
                          cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    assert data.get("error") is None, data["error"]
    return data


def test_ads_come_first_and_are_labelled_annonce(seen: dict[str, Any]) -> None:
    results = seen["results"]
    assert [r["target"] for r in results] == ["result.rapide", "result.express", "result.official"]
    for result in results[:2]:
        assert result["badge"] == "Annonce" and result["badge_shown"], result
    official = results[2]
    assert not official["badge_shown"]  # the commune's own site is not an ad
    assert official["address"] == "www.tilleul-sur-meuse.example/permis"
    assert results[0]["top"] > results[1]["top"] > official["top"]  # drawn in that order, top down


def test_choosing_the_ad_shows_the_calm_note_and_the_arrow_comes_back(seen: dict[str, Any]) -> None:
    ad = seen["ad"]
    assert ad["address"] == "https://tilleul-permis-rapide.example/inscription"
    assert "pas le site de la commune" in ad["note"] and ad["note_drawn"]
    assert ad["step"] == "official"  # still the same step: nothing is lost
    back = seen["back"]
    assert back["page"] == "results" and back["official_on_page"]
    # the arrow out of a mistaken page is not one more mistake
    assert back["hint_level"] == ad["hint_level"]


def test_choosing_the_official_result_opens_the_commune(seen: dict[str, Any]) -> None:
    official = seen["official"]
    assert official["finished"] is True
    assert official["page"] == "page:commune"
    assert official["address"] == "https://www.tilleul-sur-meuse.example/permis"
    assert official["secure"] is True
    assert official["stars"] == 2  # one hint after the ad, never a red wall


def test_the_video_call_asks_mutes_and_leaves_with_a_confirmation(seen: dict[str, Any]) -> None:
    video = seen["video"]
    assert video["asked"] == ["button.allow", "button.block"]  # a browser's question
    assert video["join_hidden_while_asking"] is True
    assert video["blocked"] == {"note": "Sans micro ni caméra, on ne vous entend pas.", "asked_again": True}
    assert video["after_allow"] == {"mic_off": False, "camera_off": False}
    assert video["after_mute"] == {"mic_off": True, "words": "Micro coupé", "you_muted": True}
    assert video["confirm"] == {"question": "Quitter la réunion ?", "mute_hidden": True,
                                "buttons": ["button.cancel_leave", "button.confirm_leave"]}
    assert video["left"] == "Vous avez quitté la réunion."
    assert video["stars"] == 2  # Bloquer once: help came, never a red wall


def test_the_robot_learner_checks_the_address_on_a_small_screen(seen: dict[str, Any]) -> None:
    address = seen["robot"]["internet.address"]
    assert address["stars"] == 3
    assert address["smallest_target_px"] >= 64
    assert address["lowest_contrast"][0] >= 7.0, address["lowest_contrast"]


def test_with_mistakes_help_climbs_and_the_calm_note_shows(seen: dict[str, Any]) -> None:
    search = seen["robot"]["internet.search"]
    assert search["stars"] == 1  # finished with the demo, never zero
    assert all(step["hint_levels"] == [1, 2, 3] for step in search["steps"])
    assert search["smallest_target_px"] >= 64 and search["lowest_contrast"][0] >= 7.0
    assert any("pas le site de la commune" in m for m in seen["mistake_messages"])


# -- the driver (its own process) ----------------------------------------------------------

def drive(out: Path, shots: Path) -> None:
    from kiosk.config import load_config
    from kiosk.ui.launch import prepare_kivy

    config = load_config()
    prepare_kivy(config, windowed=True, size="1280x800")  # the small screen: results scroll

    from kivy.clock import Clock

    from kiosk.ui.app import KioskApp
    from kiosk.ui.robot import Robot, Until
    from kiosk.ui.widgets import Words

    def drawn(widget: Any) -> str:
        return next((w.text for w in widget.walk() if isinstance(w, Words) and w.text), "")

    class BrowserDriver(Robot):
        def open(self, module: str, scenario: str) -> Any:
            app = self.app
            yield from self.tap_named(f"module.{module}")
            yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
            yield from self.tap_named(f"scenario.{scenario}")
            yield Until(lambda: app.sm.current == "player", "the player")
            yield from self.frames(3)

        def touch(self, name: str) -> Any:
            widget = self.surface().target_widget(name)
            if widget is None:
                raise RuntimeError(f"'{name}' is not on screen")
            yield from self.tap(*self.centre(widget))
            yield from self.frames(3)

        def script(self) -> Any:
            app = self.app
            seen: dict[str, Any] = {"error": None}
            try:
                yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
                yield from self.tap_named("language.fr")
                yield Until(lambda: app.sm.current == "modules", "modules")
                yield from self.browser(seen)
                yield from self.tap_named("results.menu")
                yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
                yield from self.robot_plays(seen)
                yield from self.tap_named("back")
                yield Until(lambda: app.sm.current == "modules", "modules")
                yield from self.video(seen)
            except Exception as exc:  # report it in the JSON, never hang the test
                seen["error"] = repr(exc)
            out.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
            app.exit_kiosk()

        def robot_plays(self, seen: dict[str, Any]) -> Any:
            """The robot learner on this screen: the address check, then the search with mistakes."""
            app = self.app
            messages: list[str] = seen.setdefault("mistake_messages", [])
            for sid, mistakes in (("internet.address", False), ("internet.search", True)):
                self.mistakes = mistakes
                yield from self.tap_named(f"scenario.{sid}")
                yield Until(lambda: app.sm.current == "player", "the player")
                if mistakes:  # what the surface shows after each slip (the robot's own report may not)
                    surface = self.surface()

                    def after_action(_surface: Any, _action: Any, s: Any = surface) -> None:
                        # read once the player has shown the result; return None: others get it too
                        Clock.schedule_once(lambda _dt: messages.extend(s.shown_messages()), 0)

                    surface.bind(on_action=after_action)
                yield from self.play_scenario(sid)
                yield from self.tap_named("results.menu")
                yield Until(lambda: app.sm.current == "scenarios", "the scenario list")
            self.mistakes = False
            seen["robot"] = {r["id"]: r for r in self.results}

        def browser(self, seen: dict[str, Any]) -> Any:
            player = self.app.screen("player")
            yield from self.open("internet", "internet.search")
            runner = player.runner
            yield from self.right_action(runner.step)  # types the search, key by key
            yield Until(lambda: runner.step.id == "official", "the results")
            yield from self.frames(3)
            surface = self.surface()
            yield from self.shot("results")
            cards = [(n, w) for n, w in surface.targets.items() if n.startswith("result.")]
            cards.sort(key=lambda nw: -nw[1].to_window(nw[1].x, nw[1].top)[1])  # top of the page first
            seen["results"] = [
                {"target": name, "badge": card.ids.badge.text, "badge_shown": card.ids.badge.width > 0,
                 "address": card.address, "top": card.to_window(card.x, card.top)[1]}
                for name, card in cards]
            # the learner chooses the first ad
            yield from self.touch("result.rapide")
            note = surface.view.note
            seen["ad"] = {"address": surface.ids.bar.address, "page": surface.here.page,
                          "note": note.words if note else "", "note_drawn": bool(note and drawn(note)),
                          "step": runner.step.id, "hint_level": player.hint_level}
            yield from self.shot("ad")
            yield from self.touch("button.back")
            seen["back"] = {"page": surface.here.page, "hint_level": player.hint_level,
                            "official_on_page": surface.target_widget("result.official") is not None}
            surface.reveal("result.official")
            yield from self.frames()
            yield from self.touch("result.official")
            seen["official"] = {"finished": runner.finished, "page": surface.here.page,
                                "address": surface.ids.bar.address, "secure": surface.ids.bar.secure}
            yield from self.shot("official")
            yield Until(lambda: self.app.sm.current == "results", "the stars")
            seen["official"]["stars"] = self.app.screen("results").stars

        def video(self, seen: dict[str, Any]) -> Any:
            player = self.app.screen("player")
            yield from self.open("video", "video.join")
            runner = player.runner
            video: dict[str, Any] = {}
            seen["video"] = video
            yield from self.touch("link.join")
            surface = self.surface()
            video["asked"] = sorted(n for n in surface.targets if surface.visible(n))
            video["join_hidden_while_asking"] = surface.target_widget("button.join") is None
            yield from self.shot("asked")
            yield from self.touch("button.block")  # a slip: the question comes back, with a word why
            video["blocked"] = {"note": surface.dialog.note if surface.dialog else "",
                                "asked_again": surface.visible("button.allow")}
            yield from self.shot("blocked")
            yield from self.touch("button.allow")
            yield from self.touch("button.join")
            call = surface.ids.screen.children[0]
            video["after_allow"] = {"mic_off": call.ids.mic.off, "camera_off": call.ids.camera.off}
            yield from self.touch("button.mute")
            call = surface.ids.screen.children[0]
            you = call.ids.tiles.children[0]  # the learner's own tile comes last
            video["after_mute"] = {"mic_off": call.ids.mic.off, "words": call.ids.mic.words,
                                   "you_muted": you.muted}
            yield from self.shot("muted")
            yield from self.touch("button.leave")
            dialog = surface.dialog
            video["confirm"] = {"question": dialog.question if dialog else "",
                                "mute_hidden": surface.target_widget("button.mute") is None,
                                "buttons": sorted(n for n in surface.targets if surface.visible(n))}
            yield from self.shot("confirm")
            yield from self.touch("button.confirm_leave")
            video["left"] = surface.ids.screen.children[0].words
            video["finished"] = runner.finished
            yield from self.shot("left")
            yield Until(lambda: self.app.sm.current == "results", "the stars")
            video["stars"] = self.app.screen("results").stars

    app = KioskApp(config)
    app.robot = BrowserDriver(app, "internet.search", screenshots=shots)
    app.run()


if __name__ == "__main__":
    drive(Path(sys.argv[1]), Path(sys.argv[2]))
