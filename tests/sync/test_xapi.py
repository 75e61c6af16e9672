"""The wire format: statements the kiosk makes are valid xAPI, private, and read back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kiosk.sync import xapi
from kiosk.sync.xapi_profile import SCENARIO_ID, STEP_ID, check_profile

T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
LEARNER = xapi.Learner(origin_epn="a1b2c3d4e5f60718", pseudonym="Pommier-0412")
ATTEMPT = xapi.Attempt(
    attempt_id=uuid.uuid4().hex,
    session_id=uuid.uuid4().hex,
    terminal_id=uuid.uuid4().hex,
    scenario_id="email.reply",
    title_fr="Répondre à un e-mail",
    language="ar",
    digcomp=("digcomp:2.2:2.1",),
    step_ids=("open", "reply", "send"),
    started_at=T0,
)


def every_kind() -> list[dict]:
    out = [
        xapi.build_session(
            "initialized",
            learner=LEARNER,
            session_id=ATTEMPT.session_id,
            terminal_id=ATTEMPT.terminal_id,
            language="ar",
            at=T0,
        ),
        xapi.build_attempted(ATTEMPT, LEARNER),
    ]
    for kind, step, extra in [
        ("shown", "open", {}),
        ("wrong", "open", {}),
        ("hint", "open", {"hint_level": 2}),
        ("demo", "open", {"hint_level": 3}),
        ("correct", "reply", {}),
        ("finished", None, {"stars": 2}),
        ("abandoned", None, {}),
    ]:
        out.append(
            xapi.build_event(
                ATTEMPT,
                LEARNER,
                event_id=uuid.uuid4().hex,
                kind=kind,
                step_id=step,
                t_offset_ms=1500,
                **extra,
            )
        )
    out.append(
        xapi.build_help_call(
            call_id=uuid.uuid4().hex,
            learner=LEARNER,
            session_id=ATTEMPT.session_id,
            terminal_id=ATTEMPT.terminal_id,
            language="ar",
            at=T0,
        )
    )
    out.append(
        xapi.build_session(
            "terminated",
            learner=LEARNER,
            session_id=ATTEMPT.session_id,
            terminal_id=ATTEMPT.terminal_id,
            language="ar",
            at=T0,
        )
    )
    out.append(
        xapi.build_placement(
            placement_id=uuid.uuid4().hex,
            learner=LEARNER,
            levels={"digcomp:2.2:1.1": 2, "digcomp:2.2:2.1": 0},
            round="start",
            at=T0,
            session_id=ATTEMPT.session_id,
            terminal_id=ATTEMPT.terminal_id,
            language="ar",
        )
    )
    return out


def test_every_statement_the_kiosk_makes_is_valid_and_uses_the_eight_adl_verbs():
    statements = every_kind()
    for s in statements:
        assert xapi.validate_statement(s) == [], s
        assert s["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
        assert s["timestamp"].endswith("Z")
    assert {xapi.read_fields(s).verb for s in statements} == set(xapi.VERBS)


def test_the_actor_is_a_pseudonymous_account():
    s = xapi.build_attempted(ATTEMPT, LEARNER)
    assert s["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://epn-kiosk.invalid/epn/a1b2c3d4e5f60718", "name": "Pommier-0412"},
    }


def test_statement_ids_come_from_the_kiosk_and_are_stable():
    event_id = uuid.uuid4().hex
    a = xapi.build_event(ATTEMPT, LEARNER, event_id=event_id, kind="correct", step_id="open", t_offset_ms=5)
    b = xapi.build_event(ATTEMPT, LEARNER, event_id=event_id, kind="correct", step_id="open", t_offset_ms=5)
    assert a["id"] == str(uuid.UUID(hex=event_id))
    assert xapi.canonical_json(a) == xapi.canonical_json(b)
    start = xapi.build_attempted(ATTEMPT, LEARNER)
    assert start["id"] == xapi.build_attempted(ATTEMPT, LEARNER)["id"] != a["id"]


def test_read_fields_gives_what_the_hub_indexes():
    wrong = xapi.build_event(
        ATTEMPT, LEARNER, event_id=uuid.uuid4().hex, kind="wrong", step_id="reply", t_offset_ms=61_000
    )
    f = xapi.read_fields(wrong)
    assert (f.verb, f.scenario_id, f.step_id, f.success, f.language) == (
        "answered",
        "email.reply",
        "reply",
        False,
        "ar",
    )
    assert f.timestamp == datetime(2026, 11, 23, 10, 1, 1, tzinfo=UTC)
    assert f.session_id == ATTEMPT.session_id and f.terminal_id == ATTEMPT.terminal_id
    assert f.digcomp == ("digcomp:2.2:2.1",) and f.t_offset_ms == 61_000
    done = xapi.read_fields(
        xapi.build_event(
            ATTEMPT,
            LEARNER,
            event_id=uuid.uuid4().hex,
            kind="finished",
            step_id=None,
            t_offset_ms=90_000,
            stars=3,
        )
    )
    assert (done.verb, done.scenario_id, done.step_id, done.score_raw) == (
        "completed",
        "email.reply",
        None,
        3,
    )
    hint = xapi.read_fields(
        xapi.build_event(
            ATTEMPT,
            LEARNER,
            event_id=uuid.uuid4().hex,
            kind="hint",
            step_id="open",
            t_offset_ms=1,
            hint_level=2,
        )
    )
    assert (hint.verb, hint.hint_level) == ("asked", 2)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda s: s["actor"].update(mbox="mailto:someone@example.org"),
         "statement.actor.mbox: is not accepted"),
        (lambda s: s["actor"].update(name="A Person"), "statement.actor.name: is not accepted"),
        (lambda s: s["actor"]["account"].update(name="Marie Dupont"),
         "statement.actor.account.name: must be a pseudonym"),
        (lambda s: s["actor"].update(objectType="Robot"), "statement.actor.objectType: must be Agent"),
        (lambda s: s["context"].update(instructor={"account": LEARNER.actor()["account"]}),
         "statement.context.instructor: is not accepted"),
        (lambda s: s["result"].update(response="Marie"), "statement.result.response: is not accepted"),
        (lambda s: s["context"]["extensions"].update({"https://x.example/phone": "0470 12 34 56"}),
         'statement.context.extensions["https://x.example/phone"]: is not accepted'),
        (lambda s: s["object"]["definition"]["name"].update(fr="Appeler le 0470 12 34 56"),
         "statement.object.definition.name.fr: holds what looks like a phone or national number"),
        (lambda s: s["object"]["definition"]["name"].update(fr="Écrire à Marie Dupont"),
         "statement.object.definition.name.fr: holds what looks like a person's name"),
        (lambda s: s["verb"].update(display={"fr-BE": "a écrit à Marie"}), "statement.verb.display: must be"),
        (lambda s: s.update(id="not-a-uuid"), "statement.id: must be a UUID"),
        (lambda s: s.update(timestamp="yesterday"), "statement.timestamp: must be ISO 8601"),
        (lambda s: s["verb"].update(id="answered"),
         "statement.verb.id: must be one of the kiosk's ADL verbs"),
        (lambda s: s["result"].update(success="yes"), "statement.result.success: must be true or false"),
        (lambda s: s.update(extra=1), "statement.extra: is not accepted"),
        (lambda s: s["context"].update(registration="x"), "statement.context.registration: must be a UUID"),
    ],
)
def test_what_the_kiosk_never_sends_is_refused_naming_the_field(change, reason):
    s = xapi.build_event(
        ATTEMPT, LEARNER, event_id=uuid.uuid4().hex, kind="finished", step_id=None, t_offset_ms=10, stars=2
    )
    change(s)
    reasons = xapi.validate_statement(s)
    assert any(r.startswith(reason) for r in reasons), reasons


def test_the_learner_must_belong_to_an_allowed_epn():
    s = xapi.build_attempted(ATTEMPT, LEARNER)
    assert check_profile(s, epns={"a1b2c3d4e5f60718"}) == []
    [problem] = check_profile(s, path="statements[0]", epns={"K7QF2MZP"})
    assert problem.foreign and problem.path == "statements[0].actor.account.homePage"


def test_the_profile_knows_ids_as_the_content_loader_does():
    from kiosk.engine import loader

    assert loader.ID_RE.pattern == f"^{SCENARIO_ID}$" and loader.STEP_ID_RE.pattern == f"^{STEP_ID}$"


def test_a_batch_names_the_path_of_each_problem():
    good = xapi.build_attempted(ATTEMPT, LEARNER)
    statements, reasons = xapi.validate_batch([good, {"verb": 1}, good])
    assert statements == []
    assert any(r.startswith("statements[1].verb:") for r in reasons)
    assert any("appears twice" in r for r in reasons)
    assert xapi.validate_batch([])[1] == ["the list of statements is empty"]
    assert "at most 2" in xapi.validate_batch([good] * 3, max_statements=2)[1][0]
    assert xapi.validate_batch(good)[0] == [good]


def test_junk_never_raises():
    for junk in [
        None,
        1,
        "x",
        [],
        {"actor": []},
        {"object": {"objectType": "Agent"}},
        {"result": {"score": {"raw": "x"}}},
        {"context": {"contextActivities": {"parent": 3}}},
    ]:
        assert isinstance(xapi.validate_statement(junk), list)
    with pytest.raises(ValueError, match="not valid JSON"):
        xapi.parse_body("{")
