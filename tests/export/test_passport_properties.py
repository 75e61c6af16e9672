"""Property-based checks of code reading: nothing escapes, nothing forged verifies.

Random texts, random bytes dressed as codes, and real codes mutated (characters
replaced, removed, inserted; compressed bytes flipped) must all end as a verdict, and
whatever verifies must be exactly the record the kiosk signed.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from pathlib import Path

import base45
import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from passport_kit import TODAY, big_record

from kiosk.engine.selfcheck import ANSWERS, QUESTIONS
from kiosk.export.keys import SigningKey, TrustedIssuers
from kiosk.export.record import ProgressRecord
from kiosk.export.sealed import PREFIX, Verdict, code_parts, open_code, seal
from kiosk.store.progress import AnswerSet, ScenarioResult
from kiosk.store.pseudonym import COUNT, pseudonym_from_number

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_passport_properties")

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[SigningKey, dict[str, object]]:
    home: Path = tmp_path_factory.mktemp("home")
    key = SigningKey.load_or_create(home)
    return key, TrustedIssuers(home, key).all()  # type: ignore[return-value]


@pytest.fixture(scope="module")
def original(office: tuple[SigningKey, dict[str, object]]) -> tuple[ProgressRecord, str]:
    key, _trusted = office

    class Office:  # big_record only needs the EPN id
        epn_id = key.epn_id

    record = big_record(Office(), scenarios=21)  # type: ignore[arg-type]
    return record, seal(record, key)


def check(text: str, office: tuple[SigningKey, dict[str, object]],
          original: ProgressRecord | None = None) -> None:
    _key, trusted = office
    known = [r.scenario_id for r in original.results] if original else []
    opened = open_code(text, trusted=trusted, today=TODAY, known_scenarios=known)  # type: ignore[arg-type]
    assert isinstance(opened.verdict, Verdict) and opened.message
    if opened.verdict in (Verdict.OK, Verdict.EXPIRED):
        assert original is not None, f"a random text verified: {text!r}"
        assert opened.record == original, "a changed code verified as another record"
    else:
        assert opened.record is None


@SETTINGS
@given(st.text(max_size=600))
def test_random_text(office: tuple[SigningKey, dict[str, object]], text: str) -> None:
    check(text, office)
    check(PREFIX + text, office)


@SETTINGS
@given(st.binary(max_size=400), st.booleans())
def test_random_bytes_dressed_as_a_code(office: tuple[SigningKey, dict[str, object]],
                                        data: bytes, compress: bool) -> None:
    body = zlib.compress(data) if compress else data
    check(PREFIX + base45.b45encode(body).decode(), office)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(ALPHANUMERIC),
                          st.sampled_from(["replace", "delete", "insert"])), min_size=1, max_size=4))
def test_mutated_codes_never_forge(office: tuple[SigningKey, dict[str, object]],
                                   original: tuple[ProgressRecord, str],
                                   edits: list[tuple[int, str, str]]) -> None:
    record, code = original
    text = code
    for position, char, kind in edits:
        i = len(PREFIX) + position % max(1, len(text) - len(PREFIX))
        if kind == "replace":
            text = text[:i] + char + text[i + 1:]
        elif kind == "delete":
            text = text[:i] + text[i + 1:]
        else:
            text = text[:i] + char + text[i:]
    check(text, office, record)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 255)), min_size=1, max_size=3))
def test_flipped_bytes_never_forge(office: tuple[SigningKey, dict[str, object]],
                                   original: tuple[ProgressRecord, str],
                                   flips: list[tuple[int, int]]) -> None:
    record, code = original
    raw = bytearray(base45.b45decode(code[len(PREFIX):]))
    for position, mask in flips:
        raw[position % len(raw)] ^= mask
    check(PREFIX + base45.b45encode(bytes(raw)).decode(), office, record)
    # the same flips in the envelope of a code made before December 2026 (zlib's checksum redone)
    envelope = bytearray(cbor2.dumps(list(code_parts(code))))
    for position, mask in flips:
        envelope[position % len(envelope)] ^= mask
    check(PREFIX + base45.b45encode(zlib.compress(bytes(envelope))).decode(), office, record)


results = st.builds(
    lambda n, stars, times, hint: ScenarioResult(scenario_id=f"m{n % 7}.s{n}", best_stars=stars,
                                                 times_done=times, max_hint_level=hint),
    st.integers(0, 10_000), st.integers(1, 3), st.integers(1, 15), st.integers(0, 3))
answer_sets = st.builds(
    lambda day, answers: AnswerSet(asked_on=TODAY - timedelta(days=day), answers=answers),
    st.integers(0, 3000),
    st.dictionaries(st.sampled_from([q.id for q in QUESTIONS]), st.sampled_from(ANSWERS),
                    min_size=1))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, COUNT - 1),
       st.lists(results, max_size=40, unique_by=lambda r: r.scenario_id),
       st.lists(answer_sets, max_size=3, unique_by=lambda s: s.asked_on),
       st.dictionaries(st.sampled_from(["digcomp:2.2:1.1", "digcomp:2.2:2.1", "digcomp:2.2:4.2",
                                        "digcomp:2.2:5.4"]), st.integers(1, 8)),
       st.integers(0, 800))
def test_any_record_round_trips(office: tuple[SigningKey, dict[str, object]], number: int,
                                found: list[ScenarioResult], sets: list[AnswerSet],
                                competences: dict[str, int], age: int) -> None:
    from kiosk.export.record import scenario_code

    if len({scenario_code(r.scenario_id) for r in found}) < len(found):
        return  # two random ids with one 16-bit code: `kiosk scenarios check` prevents it
    key, trusted = office
    issued = TODAY - timedelta(days=age)
    record = ProgressRecord(pseudonym=pseudonym_from_number(number), issuer=key.epn_id,
                            origin=key.epn_id, issued=issued,
                            expires=issued + timedelta(days=365), results=tuple(found),
                            answer_sets=tuple(sets), competences=competences)
    opened = open_code(seal(record, key), trusted=trusted, today=TODAY,  # type: ignore[arg-type]
                       known_scenarios=[r.scenario_id for r in found])
    assert opened.record == record
    assert opened.verdict is (Verdict.OK if age <= 365 else Verdict.EXPIRED)
    assert date(1970, 1, 1) < opened.record.issued
