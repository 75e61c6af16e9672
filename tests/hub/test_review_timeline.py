"""The trainer's timeline is right when a kiosk writes two moments in one millisecond.

Today's kiosk writes "step 3 right" and "step 4 shown" in the same millisecond (the
praise shows with the next step). Statements made by the kiosk's builders
(:mod:`kiosk.sync.xapi`) go to a real hub over HTTP from an enrolled terminal; the
trainer reads the learner's page. Each step shows once, in order, with the time the
learner spent on it, and no 0-second phantom step: with the kiosk's sequence number,
and without it (statements of an older kiosk, ordered by time and verb).
"""

from __future__ import annotations

import html
import re
from collections import Counter

import httpx
import pytest
from hub_kit import HubServer
from review_kit import (
    HARD_SCENARIO,
    MONDAY,
    KioskSession,
    enrol_with_key,
    new_key,
    post_statements,
    seed_classroom,
)

from kiosk.sync import xapi

#: Seconds on each step of "Envoyer son CV" (the last one: until the exercise ends, 1 s after).
SECONDS = {"open": 4, "reply": 9, "attach": 42, "documents": 5, "cv": 7, "choose": 3, "send": 6}
SHOWN = ["4 s", "9 s", "42 s", "5 s", "7 s", "3 s", "7 s"]


def visits(page: str) -> list[tuple[str, str, str]]:
    """(``Étape n/7``, the line's words, the time shown) of each step line of the timeline."""
    out = []
    for block in page.split('<li class="visit')[1:]:
        block = block.split("</li>")[0]
        step = re.search(r"Étape \d+/\d+", block)
        seconds = re.findall(r'<span class="muted small">([^<]*)</span>', block)
        assert step and seconds, block
        words = " ".join(re.sub(r"<[^>]+>", " ", block.split(">", 1)[1]).split())
        out.append((step.group(0), words, seconds[-1]))
    return out


@pytest.mark.parametrize("numbered", [True, False], ids=["with-seq", "older-kiosk"])
def test_steps_in_order_with_their_own_time(hub: HubServer, trainer: httpx.Client, numbered: bool) -> None:
    key = new_key()
    terminal, token = enrol_with_key(hub, key)
    learner = xapi.Learner(origin_epn=key.epn_id, pseudonym="Tulipe-0412")
    visit = KioskSession(learner, terminal, MONDAY, numbered=numbered, praise_ms=0)
    visit.practise(HARD_SCENARIO, errors={"attach": 2}, hints={"attach": [1]}, seconds=SECONDS, stars=2)
    statements = visit.end()
    same_ms = [n for n in Counter(s["timestamp"] for s in statements).values() if n > 1]
    assert len(same_ms) >= 6  # every step change (and the start) shares its millisecond
    assert all(("session-seq" in str(s["context"])) is numbered for s in statements)
    post_statements(hub, token, statements)

    page = html.unescape(trainer.get(f"/review/learners/{key.epn_id}/Tulipe-0412").text)
    lines = visits(page)
    assert [step for step, _, _ in lines] == [f"Étape {n}/7" for n in range(1, 8)]  # no phantom step
    assert [shown for _, _, shown in lines] == SHOWN
    assert "0 s" not in [shown for _, _, shown in lines]
    assert all(marks.count("✓ réussi") == 1 for _, marks, _ in lines)
    attach = "« Cliquez sur Joindre un fichier. » ✗ erreur aide : consigne répétée ✗ erreur ✓ réussi 42 s"
    assert attach in lines[2][1]
    # The learner's DigComp summary: the two competences of the exercise, level 2 shown.
    summary = page.split('id="h-digcomp"')[1].split("</section>")[0]
    assert "Compétences DigComp travaillées" in summary
    for words in ("2.2", "Partager en ligne", "1.3", "Gérer des données et des fichiers", "Envoyer son CV",
                  "niveau 2", "(visé : 2)", "★★☆"):
        assert words in summary, words
    assert summary.count("niveau 2</strong>") == 2


def learner_links(block: str) -> list[str]:
    return re.findall(r'<a class="pseudonym" href="(/review/learners/[^"]+)">([^<]+)</a>', block)  # type: ignore[return-value]


def test_learners_behind_the_hard_step_and_competence(hub: HubServer, trainer: httpx.Client) -> None:
    classroom = seed_classroom(hub)
    page = html.unescape(trainer.get(f"/review/scenarios/{HARD_SCENARIO}").text)
    callout = page.split('class="hardest-callout"')[1].split("</section>")[0]
    assert "Qui a eu du mal ici : 5 apprenant·es" in callout
    behind = learner_links(callout)
    # most trouble first: Merle 4 errors + 3 hints, Tulipe 3 + 2, Lilas 2 + 1 + stopped, Saule 2 + 1,
    # Meuse 1 error + stopped
    assert [name for _, name in behind] == ["Merle-0007", "Tulipe-0412", "Lilas-0042", "Saule-1234",
                                            "Meuse-5150"]
    assert "4 erreurs · 3 aides" in callout and "1 erreur · <strong>arrêté ici</strong>" in callout
    for link, name in behind:
        assert link == f"/review/learners/{classroom.key.epn_id}/{name}"
        timeline = trainer.get(link)
        assert timeline.status_code == 200 and name in timeline.text and "Chronologie" in timeline.text
    digcomp = html.unescape(trainer.get("/review/digcomp").text)
    sharing = digcomp.split('<tr id="c-2.2">')[1].split("</tr>")[0]
    assert "Pas encore au niveau visé : 3" in sharing
    assert [name for _, name in learner_links(sharing)] == ["Lilas-0042", "Merle-0007", "Meuse-5150"]
    assert "rien de terminé" in sharing
