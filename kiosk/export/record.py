"""The progress record: what a learner carries away, and its compact CBOR form.

Owns :class:`ProgressRecord` and the schema-versioned CBOR payload (schema 2; schema 1
records are still read). The payload has to fit, with its signature, in a QR code a
phone camera reads easily: version 12 at error correction M for 40 scenarios, three
self-assessments, a path of 20 exercises and three placement profiles (``kiosk bench
--passport``), hence small integer keys and packed bytes instead of names:

=====  ===========================================================================
key    value
=====  ===========================================================================
0      schema version (2; 1 for records without keys 9 and 10)
1      pseudonym number (:func:`kiosk.store.pseudonym.pseudonym_number`)
2      issuing EPN id, 5 bytes (the first bytes of its public key's SHA-256)
3      origin EPN id, 5 bytes — the kiosk that drew the pseudonym; absent when it is
       the issuer
4      issue day, 5 expiry day (days since 1970-01-01); schema 2 leaves 5 out when the
       record lasts :data:`LIFETIME_DAYS`, as every kiosk writes it
6      scenarios: [results, codes]. results: 1 byte each, in code order, stars << 6 |
       most help << 4 | times done (capped at 15); codes: the 16-bit scenario codes
       (:func:`scenario_code`), sorted, Rice-coded (:mod:`kiosk.export.bits`).
       Schema 1: 3 bytes each, sorted — the code (2 bytes), then the results byte
7      self-assessment: days, answers, days, answers … (schema 1: a list of [day,
       answers]). days: before the issue day (negative: after it, a kiosk's clock went
       back; schema 1: the day itself);
       answers: 2 bits per question code (0 not asked, 1 yes, 2 a little, 3 not yet),
       four questions per byte
8      DigComp levels: 1 byte each, competence index (1.1 … 5.4 → 0 … 20) << 3 | level-1
9      the path the learner follows: [path, place]. path: a shipped path
       (``scenarios/paths/<id>.yaml``) as the 16-bit code of its id (a number), or a
       path made for this learner (by the hub, or proposed after a placement) as its
       exercises in path order, each a reference into key 6's sorted codes when the
       learner has done it, else its scenario code
       (:func:`kiosk.export.bits.pack_references`). place: the index of the next exercise
10     placement profiles ("Faisons le point"), up to three (the first, the one before
       the latest, the latest), as bytes: 3 bytes, the competences the latest placed
       (bit i: competence index i); then for each, 2 bytes: the days before the issue
       day it was taken (zigzag: 0, -1, 1, -2 … as 0, 1, 2, 3 …) in 15 bits, the top
       bit set when 3 bytes of its own competences follow (it placed others than the
       latest); then 2 bits a competence placed, in index order
       (level 0–3: a placed 0 travels, it says "not yet"), four a byte
=====  ===========================================================================

A scenario code is the first two bytes of the SHA-256 of the scenario id: ids stay free
text and stable forever, and the decoder names them from the scenarios it knows
(``#xxxx`` for those it does not). A shipped path's id travels the same way.
``kiosk scenarios check`` warns when two scenarios, or two paths, share a code.

Nothing in a record was typed by the learner: numbers, days and codes only.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import cbor2

from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.engine.selfcheck import ANSWERS, BY_CODE, BY_ID
from kiosk.export.bits import (
    pack_pairs,
    pack_references,
    pack_sorted_codes,
    unpack_pairs,
    unpack_references,
    unpack_sorted_codes,
)
from kiosk.store.progress import AnswerSet, ScenarioResult
from kiosk.store.pseudonym import pseudonym_from_number, pseudonym_number

SCHEMA = 2
READABLE_SCHEMAS = frozenset({1, 2})
EPOCH = date(1970, 1, 1)
EPN_ID_BYTES = 5
#: How long a record lasts, as every kiosk writes it (the code leaves the expiry day out).
LIFETIME_DAYS = 365
TIMES_CAP = 15  # "times done" above this travel as 15
MAX_ANSWER_SETS = 3  # the first, the one before the latest, the latest
MAX_PLACEMENTS = 3  # the same: start, middle, latest
MAX_PATH_EXERCISES = 64  # a path made for one learner; 20 is the QR size target
_COMPETENCE_CODES: tuple[str, ...] = tuple(COMPETENCES)  # "1.1" … "5.4", fixed order
_ANSWER_BITS = {"yes": 1, "a_little": 2, "not_yet": 3}
_BITS_ANSWER = {bits: answer for answer, bits in _ANSWER_BITS.items()}
_KEYS = frozenset(range(11))
_SCHEMA_1_KEYS = frozenset(range(9))
_REQUIRED = frozenset({0, 1, 2, 4})
assert set(_ANSWER_BITS) == set(ANSWERS)


class MalformedRecord(ValueError):
    """The payload is not a progress record of a schema this kiosk reads."""


@dataclass(frozen=True, kw_only=True)
class ProgressRecord:
    """One learner's progress as issued (signed) by one EPN on one day.

    ``issuer`` and ``origin`` are EPN ids (8 letters and digits, see
    :func:`epn_id_text`); ``competences`` maps ``digcomp:2.2:<n.m>`` to a level 1–8.
    ``path`` is the path the learner follows and their place in it; ``placements`` the
    placement profiles kept (see :func:`kept_placements`). A record read from schema 1
    comes back as the current schema, without path or placements.
    """

    pseudonym: str
    issuer: str
    origin: str
    issued: date
    expires: date
    results: tuple[ScenarioResult, ...] = ()
    answer_sets: tuple[AnswerSet, ...] = ()
    competences: Mapping[str, int] = field(default_factory=dict)
    path: PathPlace | None = None
    placements: tuple[PlacedProfile, ...] = ()
    schema: int = SCHEMA

    def __post_init__(self) -> None:
        # One order whatever the source (store, decoder): equal records compare equal.
        object.__setattr__(self, "results", tuple(sorted(self.results, key=lambda r: r.scenario_id)))
        object.__setattr__(self, "answer_sets", tuple(sorted(self.answer_sets, key=lambda s: s.asked_on)))
        object.__setattr__(self, "competences", dict(sorted(self.competences.items())))
        object.__setattr__(self, "placements", tuple(sorted(self.placements, key=lambda p: p.taken_on)))

    def to_json(self, *, picture_code: str | None = None) -> dict[str, Any]:
        """A plain dict for ``kiosk progress decode`` and the hub."""
        out: dict[str, Any] = {"schema": self.schema, "pseudonym": self.pseudonym}
        if picture_code is not None:
            out["picture_code"] = picture_code
        out.update(
            issuer=self.issuer,
            origin=self.origin,
            issued=self.issued.isoformat(),
            expires=self.expires.isoformat(),
            scenarios=[
                {
                    "id": r.scenario_id,
                    "best_stars": r.best_stars,
                    "times_done": r.times_done,
                    "max_help": r.max_hint_level,
                }
                for r in self.results
            ],
            self_assessment=[
                {"asked_on": s.asked_on.isoformat(), "answers": dict(s.answers)}
                for s in self.answer_sets
            ],
            digcomp=dict(self.competences),
        )
        if self.path is not None:
            out["path"] = {"id": self.path.path_id, "exercises": list(self.path.exercises),
                           "place": self.path.place}
        if self.placements:
            out["placements"] = [{"taken_on": p.taken_on.isoformat(), "levels": dict(p.levels)}
                                 for p in self.placements]
        return out


def scenario_code(scenario_id: str) -> int:
    """The 16-bit code of a scenario id in a record (``#1a2b`` ids are their own code)."""
    if scenario_id.startswith("#") and len(scenario_id) == 5:
        try:
            return int(scenario_id[1:], 16)
        except ValueError:
            pass
    return int.from_bytes(hashlib.sha256(scenario_id.encode()).digest()[:2], "big")


def code_clashes(scenario_ids: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of scenario ids that share a record code (each pair once)."""
    seen: dict[int, str] = {}
    clashes: list[tuple[str, str]] = []
    for scenario_id in sorted(set(scenario_ids)):
        code = scenario_code(scenario_id)
        if code in seen:
            clashes.append((seen[code], scenario_id))
        else:
            seen[code] = scenario_id
    return clashes


def epn_id_text(raw: bytes) -> str:
    """5 bytes → 8 characters (base32: A–Z, 2–7), e.g. ``K7QF2MZP``."""
    return base64.b32encode(raw).decode("ascii")


def epn_id_bytes(text: str) -> bytes:
    """The inverse of :func:`epn_id_text`; ValueError if ``text`` is not an EPN id."""
    if len(text) != 8:
        raise ValueError(f"an EPN id has 8 characters, not {text!r}")
    try:
        raw = base64.b32decode(text.upper())
    except ValueError:
        raise ValueError(f"{text!r} is not an EPN id (letters A–Z and digits 2–7)") from None
    return raw


def day_number(day: date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=number)


def kept_answer_sets(sets: Iterable[AnswerSet]) -> tuple[AnswerSet, ...]:
    """The sets a record carries: the first (before) and the two latest (middle, after)."""
    ordered = sorted((s for s in sets if s.answers), key=lambda s: s.asked_on)
    if len(ordered) <= MAX_ANSWER_SETS:
        return tuple(ordered)
    return (ordered[0], *ordered[-(MAX_ANSWER_SETS - 1) :])


def kept_placements(profiles: Iterable[PlacedProfile]) -> tuple[PlacedProfile, ...]:
    """The profiles a record carries: the first (start) and the two latest (middle, latest)."""
    ordered = sorted((p for p in profiles if p.levels), key=lambda p: p.taken_on)
    if len(ordered) <= MAX_PLACEMENTS:
        return tuple(ordered)
    return (ordered[0], *ordered[-(MAX_PLACEMENTS - 1) :])


# -- encoding ---------------------------------------------------------------------------


def encode_payload(record: ProgressRecord) -> bytes:
    """The record's CBOR payload (deterministic: same record, same bytes)."""
    if record.schema != SCHEMA:
        raise ValueError(f"this kiosk writes schema {SCHEMA}, not {record.schema}")
    payload: dict[int, Any] = {
        0: SCHEMA,
        1: pseudonym_number(record.pseudonym),
        2: epn_id_bytes(record.issuer),
    }
    if record.origin != record.issuer:
        payload[3] = epn_id_bytes(record.origin)
    payload[4] = day_number(record.issued)
    if record.expires != record.issued + timedelta(days=LIFETIME_DAYS):
        payload[5] = day_number(record.expires)
    done: list[int] = []
    if record.results:
        payload[6], done = _pack_results(record.results)
    sets = kept_answer_sets(record.answer_sets)
    if sets:
        payload[7] = [part for s in sets
                      for part in (_days_before(record.issued, s.asked_on), _pack_answers(s.answers))]
    if record.competences:
        payload[8] = _pack_competences(record.competences)
    if record.path is not None:
        payload[9] = _pack_path(record.path, done)
    placements = kept_placements(record.placements)
    if placements:
        payload[10] = _pack_placements(placements, record.issued)
    return cbor2.dumps(payload)


def _pack_path(path: PathPlace, done: Sequence[int]) -> list[Any]:
    """``done``: the sorted codes of key 6, which the path's exercises refer to."""
    if path.path_id is not None:
        return [scenario_code(path.path_id), path.place]
    if len(path.exercises) > MAX_PATH_EXERCISES:
        raise ValueError(f"a path in a record has {MAX_PATH_EXERCISES} exercises at most")
    return [pack_references([scenario_code(e) for e in path.exercises], done), path.place]


def _days_before(issued: date, day: date) -> int:
    """Days from ``day`` to the issue day: negative when a kiosk's clock went back."""
    return (issued - day).days


def _zigzag(days: int) -> int:
    """A signed number of days in 15 bits: 0, -1, 1, -2, … → 0, 1, 2, 3, …"""
    folded = days * 2 if days >= 0 else -days * 2 - 1
    if folded >= 2**15:
        raise ValueError(f"a placement {days} days before the record is issued cannot travel")
    return folded


def _day_before(issued: date, days: int) -> date:
    return _day(day_number(issued) - days)


def _competence_index(competence: str) -> int:
    return _COMPETENCE_CODES.index(competence.removeprefix(PREFIX))


def _pack_placements(placements: Sequence[PlacedProfile], issued: date) -> bytes:
    """Placement profiles in the compact form of key 10 (see the module's table)."""
    def mask_of(profile: PlacedProfile) -> int:
        return sum(1 << _competence_index(c) for c in profile.levels)

    common = mask_of(placements[-1])
    out = bytearray(common.to_bytes(3, "little"))
    for profile in placements:
        mask, days = mask_of(profile), _zigzag(_days_before(issued, profile.taken_on))
        own = mask != common
        out += (days | (own << 15)).to_bytes(2, "big")
        if own:
            out += mask.to_bytes(3, "little")
        by_index = {_competence_index(c): v for c, v in profile.levels.items()}
        out += pack_pairs([by_index[i] for i in sorted(by_index)])
    return bytes(out)


def _pack_results(results: Iterable[ScenarioResult]) -> tuple[list[bytes], list[int]]:
    """Key 6, and its sorted codes (a path refers to them)."""
    packed: dict[int, tuple[int, int, int]] = {}
    for r in results:
        code = scenario_code(r.scenario_id)
        stars, help_, times = r.best_stars, r.max_hint_level, min(r.times_done, TIMES_CAP)
        if code in packed:  # two ids with one code: keep the best of both
            s0, h0, t0 = packed[code]
            stars, help_, times = max(stars, s0), max(help_, h0), max(times, t0)
        packed[code] = (stars, help_, times)
    ordered = sorted(packed.items())
    codes = [code for code, _ in ordered]
    return [bytes(stars << 6 | help_ << 4 | times for _, (stars, help_, times) in ordered),
            pack_sorted_codes(codes)], codes


def _pack_answers(answers: Mapping[str, str]) -> bytes:
    codes = {BY_ID[q].code: _ANSWER_BITS[a] for q, a in answers.items()}
    out = bytearray(max(codes) // 4 + 1)
    for code, bits in codes.items():
        out[code // 4] |= bits << (code % 4 * 2)
    return bytes(out)


def _pack_competences(competences: Mapping[str, int]) -> bytes:
    out = []
    for competence, level in sorted(competences.items()):
        code = competence.removeprefix(PREFIX)
        if not competence.startswith(PREFIX) or code not in _COMPETENCE_CODES:
            raise ValueError(f"not a DigComp {PREFIX[8:-1]} competence: {competence!r}")
        if not 1 <= level <= 8:
            raise ValueError(f"DigComp levels go from 1 to 8, not {level}")
        out.append(_COMPETENCE_CODES.index(code) << 3 | (level - 1))
    return bytes(out)


# -- decoding ---------------------------------------------------------------------------


def loads_whole(data: bytes) -> Any:
    """The one CBOR item that ``data`` holds; ValueError when bytes follow it."""
    stream = io.BytesIO(data)
    item = cbor2.CBORDecoder(stream).decode()
    if stream.tell() != len(data):
        raise ValueError(f"{len(data) - stream.tell()} bytes after the CBOR item")
    return item


def decode_payload(payload: bytes, known_scenarios: Iterable[str] = (), *,
                   known_paths: Iterable[str] = ()) -> ProgressRecord:
    """Read a CBOR payload back (schema 1 or 2); MalformedRecord (with the reason) for
    anything else.

    ``known_scenarios`` and ``known_paths`` name the scenario and path codes; the others
    come back as ``#xxxx``.
    """
    try:
        data = loads_whole(payload)
    except Exception as error:  # any decoder failure on foreign bytes is "malformed"
        raise MalformedRecord(f"not CBOR ({type(error).__name__})") from None
    if not isinstance(data, dict) or not all(type(k) is int for k in data):
        raise MalformedRecord("not a map with number keys")
    if not _REQUIRED <= data.keys() <= _KEYS:
        raise MalformedRecord(f"unexpected keys {sorted(data)}")
    schema = _int(data[0])
    if schema not in READABLE_SCHEMAS:
        raise MalformedRecord(f"schema {data[0]!r}, this kiosk reads schemas 1 and {SCHEMA}")
    if schema == 1 and not data.keys() <= _SCHEMA_1_KEYS:
        raise MalformedRecord(f"unexpected keys {sorted(data)} for schema 1")
    try:
        pseudonym = pseudonym_from_number(_int(data[1]))
    except ValueError:
        raise MalformedRecord("no such pseudonym") from None
    issuer = epn_id_text(_bytes(data[2], EPN_ID_BYTES))
    origin = epn_id_text(_bytes(data[3], EPN_ID_BYTES)) if 3 in data else issuer
    if schema == 1 and 5 not in data:
        raise MalformedRecord("no expiry day (schema 1)")
    issued = _day(data[4])
    expires = _day(data[5]) if 5 in data else issued + timedelta(days=LIFETIME_DAYS)
    if expires < issued:
        raise MalformedRecord("expires before it was issued")
    names = {scenario_code(s): s for s in known_scenarios}
    results, done = _unpack_results(data[6], names, schema) if 6 in data else ((), [])
    return ProgressRecord(
        pseudonym=pseudonym,
        issuer=issuer,
        origin=origin,
        issued=issued,
        expires=expires,
        results=results,
        answer_sets=_unpack_answer_sets(data.get(7, []), issued if schema >= 2 else None),
        competences=_unpack_competences(data.get(8, b"")),
        path=_unpack_path(data[9], names, {scenario_code(p): p for p in known_paths}, done)
        if 9 in data else None,
        placements=_unpack_placements(data[10], issued) if 10 in data else (),
    )


def _int(value: object, lo: int = 0, hi: int = 2**32) -> int:
    if type(value) is not int or not lo <= value < hi:
        raise MalformedRecord(f"expected a number, got {type(value).__name__}")
    return value


def _bytes(value: object, length: int | None = None) -> bytes:
    if type(value) is not bytes or (length is not None and len(value) != length):
        raise MalformedRecord(f"expected {length or 'some'} bytes")
    return value


def _day(value: object) -> date:
    return day_of(_int(value, 0, day_number(date(9999, 1, 1))))


def _unpack_results(raw: object, names: Mapping[int, str], schema: int
                    ) -> tuple[tuple[ScenarioResult, ...], list[int]]:
    """The results, and their sorted codes (a schema 2 path refers to them)."""
    if schema == 1:
        data = _bytes(raw)
        if len(data) % 3:
            raise MalformedRecord("scenario results are not 3 bytes each")
        codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 3)]
        info = data[2::3]
        if any(b <= a for a, b in zip(codes, codes[1:], strict=False)):
            raise MalformedRecord("scenario results out of order or repeated")
    else:
        if type(raw) is not list or len(raw) != 2:
            raise MalformedRecord("scenario results are not [results, codes]")
        info = _bytes(raw[0])
        try:
            codes = unpack_sorted_codes(_bytes(raw[1]), len(info))
        except ValueError as error:
            raise MalformedRecord(f"scenario codes: {error}") from None
    results = []
    for code, packed in zip(codes, info, strict=True):
        stars, help_, times = packed >> 6, packed >> 4 & 3, packed & 15
        try:
            results.append(
                ScenarioResult(
                    scenario_id=names.get(code, f"#{code:04x}"),
                    best_stars=stars,
                    times_done=times,
                    max_hint_level=help_,
                )
            )
        except ValueError as error:
            raise MalformedRecord(f"scenario result: {error}") from None
    return tuple(results), codes


def _unpack_answer_sets(raw: object, issued: date | None) -> tuple[AnswerSet, ...]:
    """Schema 2 (``issued`` given): days before the issue day, answers, days, answers …;
    schema 1: a list of [day, answers]."""
    if issued is not None:  # schema 2: the same pairs, one flat list
        if type(raw) is not list or len(raw) % 2:
            raise MalformedRecord("self-assessment is not days and answers")
        raw = [raw[i : i + 2] for i in range(0, len(raw), 2)]
    if type(raw) is not list or len(raw) > MAX_ANSWER_SETS:
        raise MalformedRecord("self-assessment is not a short list")
    sets: list[AnswerSet] = []
    for item in raw:
        if type(item) is not list or len(item) != 2:
            raise MalformedRecord("a self-assessment set is not [day, answers]")
        if issued is None:
            asked_on = _day(item[0])
        else:
            asked_on = _day_before(issued, _int(item[0], -(2**20), 2**20))
        packed = _bytes(item[1])
        if sets and asked_on <= sets[-1].asked_on:
            raise MalformedRecord("self-assessment sets out of order")
        answers: dict[str, str] = {}
        for byte_index, byte in enumerate(packed):
            for slot in range(4):
                bits = byte >> (slot * 2) & 3
                if not bits:
                    continue
                question = BY_CODE.get(byte_index * 4 + slot)
                if question is None:
                    raise MalformedRecord("answer to an unknown question")
                answers[question.id] = _BITS_ANSWER[bits]
        if not answers:
            raise MalformedRecord("an empty self-assessment set")
        sets.append(AnswerSet(asked_on=asked_on, answers=answers))
    return tuple(sets)


def _unpack_competences(raw: object) -> dict[str, int]:
    competences: dict[str, int] = {}
    for byte in _bytes(raw):
        index = byte >> 3
        if index >= len(_COMPETENCE_CODES):
            raise MalformedRecord("unknown DigComp competence")
        competence = PREFIX + _COMPETENCE_CODES[index]
        if competence in competences:
            raise MalformedRecord("a DigComp competence given twice")
        competences[competence] = (byte & 7) + 1
    return competences


def _unpack_path(raw: object, names: Mapping[int, str], paths: Mapping[int, str],
                 done: Sequence[int]) -> PathPlace:
    if type(raw) is not list or len(raw) != 2:
        raise MalformedRecord("the path is not [path, place]")
    ref, place = raw[0], _int(raw[1], 0, MAX_PATH_EXERCISES + 1)
    if type(ref) is int:
        code = _int(ref, 0, 2**16)
        return PathPlace(paths.get(code, f"#{code:04x}"), place=place)
    try:
        codes = unpack_references(_bytes(ref), done)
    except ValueError as error:
        raise MalformedRecord(f"the path's exercises: {error}") from None
    if not codes or len(codes) > MAX_PATH_EXERCISES:
        raise MalformedRecord(f"a path has 1 to {MAX_PATH_EXERCISES} exercises")
    if len(set(codes)) != len(codes):
        raise MalformedRecord("an exercise given twice in the path")
    if place > len(codes):
        raise MalformedRecord("the place is after the end of the path")
    return PathPlace(None, tuple(names.get(c, f"#{c:04x}") for c in codes), place)


def _unpack_placements(raw: object, issued: date) -> tuple[PlacedProfile, ...]:
    data = _bytes(raw)
    if len(data) < 3:
        raise MalformedRecord("placements are cut off")
    common, at = int.from_bytes(data[:3], "little"), 3
    profiles: list[PlacedProfile] = []
    while at < len(data):
        if len(profiles) == MAX_PLACEMENTS or at + 2 > len(data):
            raise MalformedRecord("placements are cut off or too many")
        head = int.from_bytes(data[at : at + 2], "big")
        at += 2
        mask = common
        if head >> 15:
            mask = int.from_bytes(data[at : at + 3], "little")
            at += 3
        folded = head & 0x7FFF
        taken_on = _day_before(issued, folded // 2 if folded % 2 == 0 else -(folded + 1) // 2)
        indexes = [i for i in range(24) if mask >> i & 1]
        if not indexes or indexes[-1] >= len(_COMPETENCE_CODES):
            raise MalformedRecord("unknown competence in a placement")
        size = (len(indexes) + 3) // 4
        try:
            levels = unpack_pairs(data[at : at + size], len(indexes))
        except ValueError as error:
            raise MalformedRecord(f"placement levels: {error}") from None
        at += size
        if profiles and taken_on <= profiles[-1].taken_on:
            raise MalformedRecord("placements out of order")
        profiles.append(PlacedProfile(taken_on=taken_on, levels={
            PREFIX + _COMPETENCE_CODES[i]: level for i, level in zip(indexes, levels, strict=True)}))
    if not profiles:
        raise MalformedRecord("empty placements")
    return tuple(profiles)
