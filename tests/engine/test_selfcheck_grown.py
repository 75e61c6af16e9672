"""Before and after: which self-assessment answers grew more confident."""

from __future__ import annotations

from kiosk.engine.selfcheck import grown


def test_more_confident_answers_are_counted_in_question_order() -> None:
    before = {"video_call": "not_yet", "mouse": "a_little", "keyboard": "yes", "scam": "a_little"}
    now = {"video_call": "a_little", "mouse": "yes", "keyboard": "a_little", "scam": "a_little"}
    assert grown(before, now) == ["mouse", "video_call"]


def test_questions_asked_only_once_do_not_count() -> None:
    assert grown({"mouse": "not_yet"}, {"keyboard": "yes"}) == []
    assert grown({}, {}) == []
