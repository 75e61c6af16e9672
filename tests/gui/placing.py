"""What the placement drivers share: "Faisons le point" from its first card to the
profile, the robot doing each task or saying "Je ne sais pas", and what "Votre parcours"
shows. A mixin for :class:`kiosk.ui.robot.Robot` (with :class:`looking.Looking`); import
it after ``prepare_kivy``."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from kiosk.ui.robot import Until


def far_future() -> datetime:
    """A moment after every statement's due time (to list the whole outbox)."""
    return datetime(2100, 1, 1, tzinfo=UTC)


class Placing:
    app: Any
    language: str

    def placement(self, seen: dict[str, Any], label: str, knows: Any, look: bool = False) -> Any:
        """From the first card to the profile: each task done (``knows(task)``) or skipped
        with "Je ne sais pas"."""
        app = self.app
        screen, player = app.screen("placement"), app.screen("player")
        started = time.monotonic()
        yield Until(lambda: app.sm.current == "placement" and screen.face == "intro", "the first card")
        yield from self.heard()
        if look:
            yield from self.look("placement-intro", seen)
        yield from self.press("placement.begin")
        tasks = 0
        while not (app.sm.current == "placement" and screen.face == "end"):
            yield Until(lambda: (app.sm.current == "placement" and screen.face == "end") or (
                app.sm.current == "player" and player.placing and player.runner is not None
                and not player.runner.finished and player.shown_step is player.runner.step),
                "a placement task or the profile")
            if app.sm.current != "player":
                break
            task, done_before = player.task, len(screen.outcomes)
            tasks += 1
            yield from self.heard()
            if look and tasks == 1:
                yield from self.look("placement-task", seen)
            if knows(task):
                runner = player.runner
                while not runner.finished:
                    step = runner.step
                    yield Until(lambda runner=runner: runner.finished or player.shown_step is runner.step,
                                "the task's step")
                    if runner.finished:
                        break
                    yield from self.eye(task.scenario_id, step)
                    before = runner.step_index
                    yield from self.right_action(step)
                    yield Until(lambda runner=runner, before=before: runner.finished
                                or runner.step_index != before, f"step '{step.id}' accepted")
            else:
                yield from self.press("placement.dont_know")
            yield Until(lambda done_before=done_before: len(screen.outcomes) > done_before,
                        f"the end of the task {task.scenario_id} ({len(screen.outcomes)} before; "
                        f"runner finished: {player.runner.finished if player.runner else None})")
        yield Until(lambda: app.sm.current == "placement" and screen.face == "end", "the profile")
        yield from self.heard()
        seen["placements"].append({
            "label": label, "profile": dict(screen.profile), "outcomes": list(screen.outcomes),
            "round": screen.round, "seconds": round(time.monotonic() - started, 1),
            "compared": screen.compared, "path_words": screen.path_words,
            "proposed": list(screen.proposed),
            "known": list(screen.known), "to_learn": list(screen.to_learn),
            "said": [t.get(self.language) for t in screen._said]})
        yield from self.look(f"placement-end-{label}", seen)

    def path_seen(self) -> dict[str, Any]:
        path = self.app.screen("path")
        return {"title": path.title, "progress": path.progress, "done": list(path.done_ids),
                "next": path.next_scenario.id if path.next_scenario else None,
                "said": [t.get(self.language) for t in path._said]}
