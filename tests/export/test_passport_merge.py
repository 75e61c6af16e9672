"""Resume anywhere: a learner's code merged into another kiosk's store, nothing counted twice."""

from __future__ import annotations

from datetime import timedelta

from passport_kit import TODAY, Kiosk, at

from kiosk.export.passport import Passport
from kiosk.export.sealed import Verdict
from kiosk.store.progress import ScenarioResult
from kiosk.store.writer import StoreWriter


def results_of(kiosk: Kiosk, learner_id: str) -> dict[str, tuple[int, int, int]]:
    progress = kiosk.store.learner_progress(learner_id)
    return {r.scenario_id: (r.best_stars, r.times_done, r.max_hint_level) for r in progress.results}


def first_visit(kiosk: Kiosk) -> str:
    learner_id, _pseudonym = kiosk.store.new_learner()
    session = kiosk.visit(learner_id, at(TODAY - timedelta(days=3)))
    when = at(TODAY - timedelta(days=3), 10, 5)
    kiosk.practise(session, "mouse.click", stars=2, hint=1, when=when)
    kiosk.practise(session, "mouse.click", stars=3, when=when + timedelta(minutes=2))
    kiosk.practise(session, "email.reply", stars=1, hint=3, when=when + timedelta(minutes=4))
    kiosk.practise(session, "internet.search", stars=None, hint=2, when=when + timedelta(minutes=6))
    kiosk.passport.save_self_assessment(kiosk.store, learner_id,
                                        {"mouse": "a_little", "email_reply": "not_yet"},
                                        today=TODAY - timedelta(days=3))
    return learner_id


def trust_each_other(a: Kiosk, b: Kiosk) -> None:
    a.passport.trusted.add(b.passport.epn_id, b.passport.key.public_text, "EPN B")
    b.passport.trusted.add(a.passport.epn_id, a.passport.key.public_text, "EPN A")


def test_a_learners_own_progress(kiosk_a: Kiosk) -> None:
    learner_id = first_visit(kiosk_a)
    assert results_of(kiosk_a, learner_id) == {"mouse.click": (3, 2, 1), "email.reply": (1, 1, 3)}
    issued = kiosk_a.passport.issue(kiosk_a.store, learner_id, today=TODAY)
    assert issued.record.competences == {"digcomp:2.2:1.1": 1, "digcomp:2.2:2.1": 1}
    assert issued.record.origin == issued.record.issuer == kiosk_a.passport.epn_id
    assert [s.answers for s in issued.record.answer_sets] == [
        {"mouse": "a_little", "email_reply": "not_yet"}]
    assert kiosk_a.passport.find(kiosk_a.store, issued.picture.typed).id == learner_id  # type: ignore[union-attr]
    assert kiosk_a.passport.find(kiosk_a.store, issued.record.pseudonym).id == learner_id  # type: ignore[union-attr]
    assert kiosk_a.passport.find(kiosk_a.store, "pomme-pomme-pomme-00") is None


def test_resume_on_another_kiosk_and_back_counts_nothing_twice(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    trust_each_other(kiosk_a, kiosk_b)
    learner_a = first_visit(kiosk_a)
    code_a = kiosk_a.passport.issue(kiosk_a.store, learner_a, today=TODAY).code

    # at B: the same stars, the same counts — and showing the code again changes nothing
    resumed = kiosk_b.passport.resume(kiosk_b.store, code_a, today=TODAY, now=at(TODAY, 11))
    assert resumed.opened.ok and resumed.learner is not None
    learner_b = resumed.learner
    assert learner_b.origin == kiosk_a.passport.epn_id
    assert results_of(kiosk_b, learner_b.id) == results_of(kiosk_a, learner_a)
    again = kiosk_b.passport.resume(kiosk_b.store, code_a, today=TODAY, now=at(TODAY, 11, 30))
    assert again.learner == learner_b
    assert results_of(kiosk_b, learner_b.id) == results_of(kiosk_a, learner_a)
    assert kiosk_b.store.learner_progress(learner_b.id).answer_sets == \
        kiosk_a.store.learner_progress(learner_a).answer_sets

    # practice at B after the import adds to the imported count
    session = kiosk_b.visit(learner_b.id, at(TODAY, 12))
    kiosk_b.practise(session, "mouse.click", stars=1, hint=3, when=at(TODAY, 12, 1))
    kiosk_b.practise(session, "identity.login", stars=2, hint=1, when=at(TODAY, 12, 5))
    kiosk_b.passport.save_self_assessment(kiosk_b.store, learner_b.id,
                                          {"mouse": "yes", "email_reply": "a_little"}, today=TODAY)
    at_b = results_of(kiosk_b, learner_b.id)
    assert at_b == {"mouse.click": (3, 3, 3), "email.reply": (1, 1, 3), "identity.login": (2, 1, 1)}
    issued_b = kiosk_b.passport.issue(kiosk_b.store, learner_b.id, today=TODAY)
    assert issued_b.record.origin == kiosk_a.passport.epn_id
    assert issued_b.record.issuer == kiosk_b.passport.epn_id
    assert issued_b.record.competences["digcomp:2.2:2.6"] == 2  # identity.login, level 2

    # back at A with B's code: the same learner as before, B's work added once
    home = kiosk_a.passport.resume(kiosk_a.store, issued_b.code, today=TODAY, now=at(TODAY, 15))
    assert home.learner is not None and home.learner.id == learner_a and home.learner.origin == ""
    assert results_of(kiosk_a, learner_a) == at_b
    kiosk_a.passport.resume(kiosk_a.store, issued_b.code, today=TODAY, now=at(TODAY, 16))
    kiosk_a.passport.resume(kiosk_a.store, code_a, today=TODAY, now=at(TODAY, 16))  # the old one
    assert results_of(kiosk_a, learner_a) == at_b
    sets = kiosk_a.store.learner_progress(learner_a).answer_sets
    assert [s.asked_on for s in sets] == [TODAY - timedelta(days=3), TODAY]

    # and more practice at A, then B again: still one count per attempt
    session = kiosk_a.visit(learner_a, at(TODAY, 17))
    kiosk_a.practise(session, "mouse.click", stars=3, when=at(TODAY, 17, 1))
    code_a2 = kiosk_a.passport.issue(kiosk_a.store, learner_a, today=TODAY).code
    kiosk_b.passport.resume(kiosk_b.store, code_a2, today=TODAY, now=at(TODAY, 18))
    assert results_of(kiosk_b, learner_b.id)["mouse.click"] == (3, 4, 3)
    assert results_of(kiosk_a, learner_a)["mouse.click"] == (3, 4, 3)


def test_same_pseudonym_drawn_by_two_kiosks_stays_two_people(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    trust_each_other(kiosk_a, kiosk_b)
    local_id, pseudonym = kiosk_b.store.new_learner()
    session = kiosk_b.visit(local_id, at(TODAY, 9))
    kiosk_b.practise(session, "video.join", stars=3, when=at(TODAY, 9, 1))
    # kiosk A draws the same pseudonym for somebody else
    stranger = kiosk_a.store.import_progress(pseudonym=pseudonym, origin="",
                                             issuer=kiosk_a.passport.epn_id, results=[],
                                             imported_at=at(TODAY, 8))
    session = kiosk_a.visit(stranger.id, at(TODAY, 9))
    kiosk_a.practise(session, "keyboard.words", stars=2, hint=2, when=at(TODAY, 9, 2))
    code = kiosk_a.passport.issue(kiosk_a.store, stranger.id, today=TODAY).code

    resumed = kiosk_b.passport.resume(kiosk_b.store, code, today=TODAY, now=at(TODAY, 10))
    assert resumed.learner is not None and resumed.learner.id != local_id
    assert results_of(kiosk_b, local_id) == {"video.join": (3, 1, 0)}
    assert results_of(kiosk_b, resumed.learner.id) == {"keyboard.words": (2, 1, 2)}
    assert {ref.id for ref in kiosk_b.store.learners_with_pseudonym(pseudonym)} == {
        local_id, resumed.learner.id}


def test_refused_codes_change_nothing(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    learner_a = first_visit(kiosk_a)
    code = kiosk_a.passport.issue(kiosk_a.store, learner_a, today=TODAY).code
    before = kiosk_b.store.learners_with_pseudonym(kiosk_a.store.learner(learner_a).pseudonym)  # type: ignore[union-attr]
    unknown = kiosk_b.passport.resume(kiosk_b.store, code, today=TODAY)
    assert unknown.opened.verdict is Verdict.UNKNOWN_ISSUER and unknown.learner is None
    trust_each_other(kiosk_a, kiosk_b)
    late = kiosk_b.passport.resume(kiosk_b.store, code, today=TODAY + timedelta(days=400))
    assert late.opened.verdict is Verdict.EXPIRED and late.learner is None
    broken = kiosk_b.passport.resume(kiosk_b.store, code[:-9], today=TODAY)
    assert broken.opened.verdict is Verdict.MALFORMED and broken.learner is None
    assert kiosk_b.store.learners_with_pseudonym(kiosk_a.store.learner(learner_a).pseudonym) == before  # type: ignore[union-attr]


def test_self_assessment_same_day_replaced_other_day_added(kiosk_a: Kiosk) -> None:
    learner_id, _ = kiosk_a.store.new_learner()
    p = kiosk_a.passport
    p.save_self_assessment(kiosk_a.store, learner_id, {"mouse": "not_yet"}, today=TODAY)
    p.save_self_assessment(kiosk_a.store, learner_id, {"mouse": "a_little", "scam": "yes"},
                           today=TODAY)
    p.save_self_assessment(kiosk_a.store, learner_id, {"mouse": "yes"},
                           today=TODAY + timedelta(days=30))
    sets = kiosk_a.store.learner_progress(learner_id).answer_sets
    assert [(s.asked_on, dict(s.answers)) for s in sets] == [
        (TODAY, {"mouse": "a_little", "scam": "yes"}), (TODAY + timedelta(days=30), {"mouse": "yes"})]
    import pytest

    with pytest.raises(ValueError):
        p.save_self_assessment(kiosk_a.store, learner_id, {"mouse": "maybe"}, today=TODAY)


def test_imported_stars_never_go_down(kiosk_a: Kiosk) -> None:
    issuer = "AAAAAAAA"
    learner = kiosk_a.store.import_progress(
        pseudonym="Tulipe-0001", origin=issuer, issuer=issuer,
        results=[ScenarioResult(scenario_id="mouse.drag", best_stars=3, times_done=5,
                                max_hint_level=0)], imported_at=at(TODAY))
    kiosk_a.store.import_progress(
        pseudonym="Tulipe-0001", origin=issuer, issuer=issuer,
        results=[ScenarioResult(scenario_id="mouse.drag", best_stars=1, times_done=2,
                                max_hint_level=3)], imported_at=at(TODAY, 12))
    assert results_of(kiosk_a, learner.id) == {"mouse.drag": (3, 5, 3)}


def test_the_screens_call_it_through_the_writer(kiosk_a: Kiosk) -> None:
    learner_id = first_visit(kiosk_a)
    kiosk_a.store.close()
    writer = StoreWriter(f"sqlite:///{kiosk_a.home / 'kiosk.sqlite3'}")
    try:
        passport: Passport = kiosk_a.passport
        issued = writer.call(lambda store: passport.issue(store, learner_id, today=TODAY))
        assert issued.qr.version <= 12 and issued.qr.size == 17 + 4 * issued.qr.version
        found = writer.call(lambda store: passport.find(store, str(issued.picture)))
        assert found is not None and found.id == learner_id
        resumed = writer.call(lambda store: passport.resume(store, issued.code, today=TODAY))
        assert resumed.learner is not None and resumed.learner.id == learner_id
    finally:
        writer.close()
