"""Content pushed from the hub to two real kiosks, everything real.

Two Kivy kiosks of one EPN (they share its key file, as an EPN's terminals do; the hub
holds a copy to sign with) are enrolled through `kiosk enrol`, each on its own Xvfb
screen, with an idle round of 2 s. A trainer publishes a new exercise through the hub's
upload form: the idle kiosk takes it within one round; the other, where a learner is in
an exercise, keeps its content until the animator wipes it from the room, then takes it.
Then the hub serves a bundle with a changed byte, one signed by another key, and one
that does not load on the kiosks: every one is refused and both keep the version they
have. At the end each kiosk shows the new exercise to a learner and its content version
on the animator screen, and the room's tiles show it to the animator.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
pytest.importorskip("playwright", reason="the dev extra (playwright) is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from content_kit import broken_yaml, scenario_yaml  # noqa: E402
from hub_kit import HubServer, make_settings, running_hub  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from room_kit import TABLET, animator_page, launch_chromium, wait_for  # noqa: E402
from sqlalchemy import update  # noqa: E402

from kiosk.display import virtual_screen  # noqa: E402
from kiosk.export.keys import KEY_FILE, SigningKey  # noqa: E402
from kiosk.hub.content import published_files  # noqa: E402
from kiosk.hub.models import ContentBundle  # noqa: E402
from kiosk.sync.bundle import build_bundle  # noqa: E402

from .conftest import drive, run_kiosk  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_content_push")

ROUND_S = 2  # the kiosks' idle round (content_check_every)
NEW = "mouse.click_again"


@pytest.fixture
def second_display() -> Iterator[str]:
    with virtual_screen() as number:
        yield number


def tiles(hub: HubServer) -> dict[str, dict[str, Any]]:
    return {t["label"]: t for t in hub.app.state.room.tiles()}


def versions(hub: HubServer) -> dict[str, Any]:
    return {label: t["content_version"] for label, t in tiles(hub).items()}


def store_bundle(hub: HubServer, data: bytes, version: int) -> None:
    """A bundle put in the hub's table as if published (the upload form would refuse these)."""
    with hub.app.state.write_sessionmaker() as session:
        session.add(ContentBundle(version=version, published_by="test", upload="test", sha256="-",
                                  size=len(data), archive=data))
        session.commit()


def test_two_kiosks_take_published_content_between_sessions_and_refuse_bad_bundles(
        display: str, second_display: str, tmp_path: Path) -> None:
    homes = {"A": tmp_path / "kiosk-a", "B": tmp_path / "kiosk-b"}
    screens = {"A": display, "B": second_display}
    epn = SigningKey.load_or_create(homes["A"])  # kiosk A's key: the EPN's
    homes["B"].mkdir(parents=True)
    shutil.copy2(homes["A"] / KEY_FILE, homes["B"] / KEY_FILE)  # the EPN's other terminal
    settings = make_settings(tmp_path / "hub")
    settings.content_keys.mkdir(mode=0o700)
    shutil.copy2(homes["A"] / KEY_FILE, settings.content_keys / f"{epn.epn_id}.pem")  # the hub signs with it
    env = {"KIOSK_CONTENT_CHECK_EVERY": str(ROUND_S), "KIOSK_SPEECH": "false"}

    with running_hub(settings) as hub, sync_playwright() as playwright:
        for name, home in homes.items():
            done = run_kiosk(["enrol", hub.enrol_code(), "--hub", hub.base_url], screens[name], home,
                             KIOSK_TERMINAL_LABEL=f"Borne {name}")
            assert done.returncode == 0, done.stderr
        seen: dict[str, dict[str, Any]] = {"A": {}, "B": {}}
        roles = {"A": "idle", "B": "learner"}
        threads = [threading.Thread(target=lambda n=n: seen[n].update(
            drive(screens[n], homes[n], "drive_content.py", roles[n], timeout=900, **env))) for n in homes]
        for thread in threads:
            thread.start()

        # both kiosks report their content: the one they were installed with; B's learner practises
        wait_for(lambda: versions(hub) == {"Borne A": 0, "Borne B": 0} and tiles(hub)["Borne B"]["in_use"]
                 and tiles(hub)["Borne B"]["scenario_id"] == "mouse.click", 180,
                 "both kiosks, B in an exercise")
        trainer = hub.login("theo", "trainer")
        published_at = time.time()
        answer = trainer.post("/review/content", files={"file": ("cliquer-encore.yaml", scenario_yaml())})
        assert answer.status_code == 303, answer.text

        # A, idle, takes version 1 within one idle round (plus the download, check and load)
        wait_for(lambda: versions(hub)["Borne A"] == 1, 60, "kiosk A on version 1")
        took = wait_for(lambda: _switch_time(homes["A"], 1), 10, "kiosk A's own record of the switch")
        assert took - published_at < ROUND_S + 8, took - published_at
        # B's learner is in the middle of the exercise: B does not even look, for several rounds
        time.sleep(4 * ROUND_S)
        tile_b = tiles(hub)["Borne B"]
        assert tile_b["content_version"] == 0 and tile_b["in_use"] and tile_b["scenario_id"] == "mouse.click"

        # the room shows each terminal's version; the animator wipes B, whose session ends
        browser = launch_chromium(playwright)
        room = animator_page(browser, hub, "anna", "animator", TABLET, "/room")
        tile_a, tile_room_b = (room.locator(f"#tile-{tiles(hub)[f'Borne {n}']['id']}") for n in "AB")
        expect(tile_a).to_contain_text("Contenu : version 1")
        expect(tile_room_b).to_contain_text("Contenu d'origine")
        tile_room_b.get_by_role("button", name="Effacer ce terminal").click()
        tile_room_b.get_by_role("button", name="Oui, effacer").click()
        wait_for(lambda: versions(hub)["Borne B"] == 1, 60, "kiosk B on version 1 after its session")
        expect(tile_room_b).to_contain_text("Contenu : version 1", timeout=10_000)
        room.screenshot(path=str(tmp_path / "room-content.png"))

        # a bundle with a changed byte, one signed by another key, one that does not load here
        with hub.app.state.sessionmaker() as session:
            good = published_files(session)
        answer = trainer.post("/review/content", files={"file": ("x.yaml", scenario_yaml(title="Changé"))})
        assert answer.status_code == 303
        with hub.app.state.write_sessionmaker() as session:
            archive = bytearray(session.get(ContentBundle, 2).archive)
            name = b"content/mouse/click_again.yaml"
            archive[archive.index(name) + len(name) + 50] ^= 0x01
            session.execute(update(ContentBundle).where(ContentBundle.version == 2)
                            .values(archive=bytes(archive)))
            session.commit()
        wait_for(lambda: all(_problem(homes[n], "version 2 refused") for n in homes), 60,
                 "both kiosks to refuse the changed bundle")
        store_bundle(hub, build_bundle(3, good, [SigningKey.load_or_create(tmp_path / "stranger")]), 3)
        wait_for(lambda: all(_problem(homes[n], "not signed for EPN") for n in homes), 60,
                 "both kiosks to refuse the stranger's bundle")
        broken, line = broken_yaml()
        store_bundle(hub, build_bundle(4, {**good, "mouse/broken.yaml": broken}, [epn]), 4)
        wait_for(lambda: all(_problem(homes[n], "version 4 does not load here") for n in homes), 60,
                 "both kiosks to refuse the bundle that does not load")
        time.sleep(2 * ROUND_S)
        assert versions(hub) == {"Borne A": 1, "Borne B": 1}

        # what a learner and the animator see on each kiosk
        for home in homes.values():
            (home / "look").write_text(NEW)
        for thread in threads:
            thread.join(600)
        browser.close()

    for name in homes:
        assert seen[name].get("tile_found"), seen[name]
        assert seen[name]["title"] == "Cliquer encore"  # version 1's, not the refused ones'
        assert seen[name]["animator_content"] == "Contenu du hub : version 1 · version 4 refusée", seen[name]
        assert f"version 4 does not load here (mouse/broken.yaml:{line}:" in seen[name]["animator_problems"]
        assert [v[0] for v in seen[name]["versions"]] == [0, 1]
    # B switched only once its session was over, and never while a learner was in it
    b_switch = next(v for v in seen["B"]["versions"] if v[0] == 1)
    assert b_switch[1] > seen["B"]["wiped_at"] and not b_switch[3] and b_switch[2] == "welcome"


def _seen(home: Path) -> dict[str, Any]:
    import json

    try:
        data: dict[str, Any] = json.loads((home / "seen.json").read_text())
        return data
    except (OSError, ValueError):
        return {}


def _switch_time(home: Path, version: int) -> float | None:
    return next((v[1] for v in _seen(home).get("versions", []) if v[0] == version), None)


def _problem(home: Path, words: str) -> bool:
    return any(words in p for p in _seen(home).get("problems", []))
