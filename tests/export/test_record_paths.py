"""Schema 2 of the progress record: the learner's path and their placement profiles
travel in the QR code, and records of schema 1 are still read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import cbor2
import pytest
from passport_kit import TODAY, Kiosk, big_record, catalogue

from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.export.qr import make_qr
from kiosk.export.record import (
    MalformedRecord,
    ProgressRecord,
    decode_payload,
    encode_payload,
    kept_placements,
)
from kiosk.export.sealed import Verdict, open_code, seal
from kiosk.store.progress import AnswerSet, ScenarioResult

# Written by the kiosk before schema 2 (commit c7864c6), for the record below: never edit.
SCHEMA_1_SAMPLE = bytes.fromhex(
    "a80001011a00040a75024557e05d332f041950220519518f06467e80c29c9aa10781821950224131"
    "08420018")  # fmt: skip
SCHEMA_1_RECORD = ProgressRecord(
    pseudonym="Hirondelle-4821", issuer="K7QF2MZP", origin="K7QF2MZP",
    issued=date(2026, 3, 2), expires=date(2027, 3, 2),
    results=(ScenarioResult(scenario_id="mouse.click", best_stars=3, times_done=2, max_hint_level=0),
             ScenarioResult(scenario_id="email.reply", best_stars=2, times_done=1, max_hint_level=2)),
    answer_sets=(AnswerSet(asked_on=date(2026, 3, 2), answers={"mouse": "yes", "email_reply": "not_yet"}),),
    competences={"digcomp:2.2:1.1": 1, "digcomp:2.2:2.1": 1})
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.6", "3.1", "4.2")


def profiles(count: int = 3) -> tuple[PlacedProfile, ...]:
    """A learner placed ``count`` times, a little better each time (start, middle, latest)."""
    return tuple(PlacedProfile(taken_on=TODAY - timedelta(days=30 * (count - 1 - n)),
                               levels={f"digcomp:2.2:{c}": min(3, (i + n) % 4) for i, c in
                                       enumerate(COMPETENCES)})
                 for n in range(count))


def hub_path(exercises: int = 20, shipped: int = 15) -> PathPlace:
    """A path made for one learner: ``shipped`` exercises this kiosk has, then others."""
    ids = sorted(catalogue().scenarios)[:shipped]
    ids += [f"more.exercise_{i}" for i in range(exercises - len(ids))]
    return PathPlace(None, tuple(ids), place=7)


def test_a_schema_1_record_is_still_read() -> None:
    back = decode_payload(SCHEMA_1_SAMPLE, known_scenarios=["mouse.click", "email.reply"])
    assert back == SCHEMA_1_RECORD
    assert back.path is None and back.placements == () and back.schema == 2
    # and it is written again as schema 2, the same content
    assert cbor2.loads(encode_payload(back))[0] == 2


def test_a_schema_1_record_with_a_path_is_malformed() -> None:
    data = cbor2.loads(SCHEMA_1_SAMPLE)
    data[9] = [1234, 0]
    with pytest.raises(MalformedRecord, match="schema 1"):
        decode_payload(cbor2.dumps(data))


def test_a_shipped_path_and_three_placements_round_trip(kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=PathPlace("premiers_pas", place=3),
                     placements=profiles())
    payload = encode_payload(record)
    back = decode_payload(payload, sorted(catalogue().scenarios), known_paths=["demarches_en_ligne",
                                                                                "premiers_pas"])
    assert back.path == PathPlace("premiers_pas", place=3)
    assert back.placements == record.placements
    assert back.placements[0].levels["digcomp:2.2:1.1"] == 0  # a placed 0 travels: "not yet"
    # a kiosk without that path names it by its code, and keeps the learner's place
    stranger = decode_payload(payload).path
    assert stranger is not None and stranger.path_id is not None and stranger.path_id.startswith("#")
    assert stranger.place == 3


def test_a_path_made_for_the_learner_carries_its_exercises(kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=hub_path())
    back = decode_payload(encode_payload(record), sorted(catalogue().scenarios))
    assert back.path is not None and back.path.place == 7
    assert back.path.exercises[:15] == record.path.exercises[:15]  # in path order, named
    assert all(e.startswith("#") for e in back.path.exercises[15:])  # not on this kiosk


def test_the_first_and_the_two_latest_placements_are_kept(kiosk_a: Kiosk) -> None:
    five = profiles(5)
    assert kept_placements(five) == (five[0], five[3], five[4])
    record = replace(big_record(kiosk_a.passport), placements=five)
    assert decode_payload(encode_payload(record)).placements == (five[0], five[3], five[4])


def test_forty_scenarios_a_shipped_path_and_three_placements_fit_version_12(kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=PathPlace("premiers_pas", place=3),
                     placements=profiles())
    assert make_qr(seal(record, kiosk_a.passport.key)).version <= 12


def test_forty_scenarios_a_twenty_exercise_path_and_three_placements_fit_version_12(
        kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=hub_path(20), placements=profiles())
    assert make_qr(seal(record, kiosk_a.passport.key)).version <= 12
    # the path's fifteen exercises already done refer to the results: 24 bytes, not 40
    assert len(cbor2.loads(encode_payload(record))[9][0]) == 24


def test_a_full_record_with_a_path_and_placements_reads_back_from_its_code(kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=hub_path(20), placements=profiles())
    code = seal(record, kiosk_a.passport.key)
    assert make_qr(code).version <= 12
    opened = open_code(code, trusted=kiosk_a.passport.trusted.all(), today=TODAY,
                       known_scenarios=[r.scenario_id for r in record.results] + list(record.path.exercises))
    assert opened.verdict is Verdict.OK, opened.message
    assert opened.record == record


def test_the_payload_still_holds_no_text(kiosk_a: Kiosk) -> None:
    record = replace(big_record(kiosk_a.passport), path=PathPlace("premiers_pas"), placements=profiles())

    def walk(value: object) -> None:
        assert not isinstance(value, str), value
        children = [*value, *value.values()] if isinstance(value, dict) else value
        for child in children if isinstance(value, dict | list) else ():
            walk(child)

    walk(cbor2.loads(encode_payload(record)))


@pytest.mark.parametrize("bad", [
    [b"\x03", 0],  # an exercise twice (the first result, twice: 0 00 0 00, then ones)
    [b"\x7f", 0],  # a reference past the three results (0 11)
    [b"\x1f\xff", 0],  # a whole byte of padding
    [b"\x1e", 0],  # padding that is not ones
    [b"", 0],  # no exercise
    [b"\x1f", 3],  # the place after the end of a one-exercise path
    ["premiers_pas", 0],  # a text: nothing typed travels
    [1234],
])
def test_a_broken_path_is_malformed(kiosk_a: Kiosk, bad: list[object]) -> None:
    data = cbor2.loads(encode_payload(big_record(kiosk_a.passport, scenarios=3)))
    data[9] = bad
    with pytest.raises(MalformedRecord):
        decode_payload(cbor2.dumps(data))


def test_days_after_the_issue_day_travel_too(kiosk_a: Kiosk) -> None:
    """A kiosk whose clock went back issues a record dated before its latest answers."""
    record = replace(big_record(kiosk_a.passport, scenarios=3), placements=profiles(),
                     issued=TODAY - timedelta(days=2))
    assert decode_payload(encode_payload(record), sorted(catalogue().scenarios)) == record
