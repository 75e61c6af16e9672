"""An animator in a real browser (headless Chromium) on the ``/forward`` page of a real hub.

The scripted LRS refuses one statement (422, with its reason) and then accepts it again;
she reads the reason, presses *Réessayer*, and sees it delivered. Screenshots at three
sizes go to ``$KIOSK_TEST_SHOTS`` (else the test's temporary folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hub_kit import PASSWORDS, practice_statements
from lrs_kit import ScriptedLrs, forwarding_hub, wait_for
from test_forward import post
from test_review_browser import CHROMIUM, browser, shots, snap  # noqa: F401 (fixtures)

from kiosk.hub.forward import queue_counts

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


def test_animator_reads_why_a_statement_was_set_aside_and_sends_it_again(
        tmp_path: Path, browser: Any, shots: Path) -> None:  # noqa: F811
    statements = practice_statements(6)
    bad = statements[4]["id"]
    refusing = {"on": True}

    def answer(batch: list[dict[str, Any]], nth: int) -> int:
        return 422 if refusing["on"] and any(s["id"] == bad for s in batch) else 200

    with ScriptedLrs(answer).running() as lrs, forwarding_hub(tmp_path, lrs.url, "hub", "pw") as hub:
        assert post(hub, statements) == 200
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 5
                 and queue_counts(hub.app.state.engine).refused == 1, what="5 sent, 1 set aside")
        hub.add_user("anna", "animator")
        page = browser.new_context(locale="fr-BE", timezone_id="Europe/Brussels").new_page()
        page.set_default_timeout(10_000)
        page.goto(hub.base_url + "/forward")
        page.get_by_label("Nom d'utilisateur").fill("anna")
        page.get_by_label("Mot de passe").fill(PASSWORDS["animator"])
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/forward")
        assert page.get_by_role("heading", name="Envoi des traces au LRS").is_visible()
        assert page.locator("#delivered").inner_text() == "5"
        assert page.locator("#set-aside").inner_text() == "1"
        row = page.locator(f"tr[data-id='{bad}']")
        assert row.locator(".reason").inner_text().startswith("422")
        snap(page, shots, "forward-set-aside")
        refusing["on"] = False
        row.get_by_role("button", name="Réessayer").click()
        page.wait_for_url("**/forward?done=retry-1")
        assert "1 trace repart maintenant." in page.get_by_role("status").inner_text()
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 6, what="the retried one delivered")
        page.reload()
        assert page.locator("#delivered").inner_text() == "6"
        assert "Aucune." in page.inner_text("main")
        snap(page, shots, "forward-all-sent")
    assert bad in lrs.stored
