"""Trainers' groups: who is in a group (pseudonyms only) and what the statements say of them.

Owns reading a group's member list as a trainer types it (:func:`parse_members`: one
pseudonym ``Tulipe-0412`` or picture code ``pomme-vélo-chat-42`` per line, anything
else refused by line — a name is never stored), and the group view read from the
statements (:func:`group_view`):

- each member's **path progress**: the exercises of the group's path they completed
  (a ``completed`` statement), or, without a path, how many exercises they completed;
- each member's **placements** (``scored`` statements on the placement activity, see
  :func:`kiosk.sync.xapi.build_placement`), as three profiles side by side: the start
  (their first ``start`` placement, else their first), the middle (their latest
  ``mid``) and the latest (their newest placement, when it is neither of those);
- the group's **chart**: per competence, the mean level at the start and now (each
  member's newest profile), over the members placed;
- the CSV of it all (:func:`group_csv`), one row per member.

A member is matched by pseudonym on every EPN of this hub (two EPNs drawing the same
pseudonym is a 1 in 400,000 chance: the view would merge them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.engine.digcomp import title as competence_title
from kiosk.engine.paths import LearningPath
from kiosk.export.picture_code import PictureCode, parse_picture_code, picture_code, pseudonym_for
from kiosk.hub.models import Group, GroupMember, Statement
from kiosk.hub.review_export import csv_cell
from kiosk.store.pseudonym import WORDS, is_pseudonym
from kiosk.sync.xapi import PLACEMENT_ACTIVITY, parse_body, read_placement

#: Most members a group holds (a class, not a register).
MAX_MEMBERS = 60
MAX_LABEL = 100
_WORD_BY_FOLDED = {w.lower(): w for w in WORDS}


def read_member(text: str) -> str | None:
    """One typed member → their pseudonym: ``tulipe-0412`` or ``pomme velo chat 42``; None
    when it is neither."""
    word, dash, digits = text.strip().partition("-")
    candidate = f"{_WORD_BY_FOLDED.get(word.lower(), word)}{dash}{digits}"
    if is_pseudonym(candidate):
        return candidate
    code = parse_picture_code(text)
    return pseudonym_for(code) if code is not None else None


def parse_members(text: str) -> tuple[list[str], list[str]]:
    """The pseudonyms of a typed list (one per line; a line may hold several, separated by
    commas or semicolons), in order and once each, and the problems in French by line."""
    found: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for item in (part.strip() for part in line.replace(";", ",").split(",")):
            if not item:
                continue
            pseudonym = read_member(item)
            if pseudonym is None:
                problems.append(f"ligne {number}\u00a0: «\u00a0{item[:40]}\u00a0» n'est ni un pseudonyme "
                                "(comme Tulipe-0412) ni un code image (comme pomme-vélo-chat-42). "
                                "N'écrivez jamais le nom d'une personne.")
            elif pseudonym not in found:
                found.append(pseudonym)
    if len(found) > MAX_MEMBERS:
        problems.append(f"{len(found)} membres\u00a0: un groupe en compte {MAX_MEMBERS} au plus.")
    return found, problems


def members(session: Session, group: Group) -> list[str]:
    return list(session.scalars(select(GroupMember.pseudonym).where(GroupMember.group_id == group.id)
                                .order_by(GroupMember.position, GroupMember.pseudonym)))


def set_members(session: Session, group: Group, pseudonyms: Sequence[str]) -> None:
    """Replace the group's members (not committed)."""
    for row in session.scalars(select(GroupMember).where(GroupMember.group_id == group.id)):
        session.delete(row)
    session.flush()
    for position, pseudonym in enumerate(pseudonyms):
        session.add(GroupMember(group_id=group.id, pseudonym=pseudonym, position=position))


# --- the view ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """One placement: when, which round, and the profile (competence id → level 0–3)."""

    at: datetime
    round: str
    levels: dict[str, int]


@dataclass(frozen=True)
class MemberView:
    pseudonym: str
    code: PictureCode
    done: tuple[str, ...]  # exercises completed (of the path, when the group has one)
    start: Placed | None = None
    mid: Placed | None = None
    latest: Placed | None = None

    @property
    def now(self) -> Placed | None:
        """The member's newest profile."""
        return self.latest or self.mid or self.start


@dataclass(frozen=True)
class ChartRow:
    competence: str
    title: str
    start: float | None  # mean level 0–3 over the members placed, None if none was
    now: float | None


@dataclass(frozen=True)
class GroupView:
    path: LearningPath | None
    members: list[MemberView]
    competences: list[tuple[str, str]] = field(default_factory=list)  # (id, title), in order
    chart: list[ChartRow] = field(default_factory=list)


def _placements(session: Session, pseudonyms: Sequence[str]) -> dict[str, list[Placed]]:
    out: dict[str, list[Placed]] = {p: [] for p in pseudonyms}
    rows = session.execute(select(Statement.actor_name, Statement.timestamp, Statement.body)
                           .where(Statement.object_id == PLACEMENT_ACTIVITY,
                                  Statement.actor_name.in_(pseudonyms))
                           .order_by(Statement.timestamp, Statement.id))
    for name, at, body in rows:
        try:
            read = read_placement(parse_body(body))
        except ValueError:
            continue
        if read is not None:
            out[name].append(Placed(at, read[0], read[1]))
    return out


def _rounds(placed: list[Placed]) -> tuple[Placed | None, Placed | None, Placed | None]:
    if not placed:
        return None, None, None
    start = next((p for p in placed if p.round == "start"), placed[0])
    mid = next((p for p in reversed(placed) if p.round == "mid" and p is not start), None)
    newest = placed[-1]
    latest = newest if newest is not start and newest is not mid else None
    return start, mid, latest


def _completed(session: Session, pseudonyms: Sequence[str], exercises: Iterable[str] | None
               ) -> dict[str, set[str]]:
    query = (select(Statement.actor_name, Statement.scenario_id).distinct()
             .where(Statement.verb == "completed", Statement.actor_name.in_(pseudonyms),
                    Statement.scenario_id.is_not(None)))
    if exercises is not None:
        query = query.where(Statement.scenario_id.in_(list(exercises)))
    out: dict[str, set[str]] = {p: set() for p in pseudonyms}
    for name, scenario in session.execute(query):
        if scenario is not None:
            out[name].add(scenario)
    return out


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def group_view(session: Session, pseudonyms: Sequence[str], path: LearningPath | None,
               language: str) -> GroupView:
    """What the statements say of ``pseudonyms`` (a group's members, in order)."""
    completed = _completed(session, pseudonyms, path.exercises if path is not None else None)
    placements = _placements(session, pseudonyms)
    views: list[MemberView] = []
    for pseudonym in pseudonyms:
        done = completed[pseudonym]
        ordered = tuple(e for e in path.exercises if e in done) if path is not None else tuple(sorted(done))
        start, mid, latest = _rounds(placements[pseudonym])
        views.append(MemberView(pseudonym, picture_code(pseudonym), ordered, start, mid, latest))
    competences = sorted({c for v in views for p in (v.start, v.mid, v.latest) if p for c in p.levels})
    chart = [ChartRow(c, competence_title(c, language),
                      _mean([v.start.levels[c] for v in views if v.start and c in v.start.levels]),
                      _mean([n.levels[c] for v in views if (n := v.now) and c in n.levels]))
             for c in competences]
    return GroupView(path, views, [(c, competence_title(c, language)) for c in competences], chart)


def group_csv(view: GroupView, separator: str = ";") -> str:
    """One row per member: pseudonym, picture code, path progress, then per competence the
    level at the start, middle and latest placement (empty when there was none)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    header = ["pseudonyme", "code_image", "exercices_faits", "exercices_du_parcours", "placement_debut",
              "placement_milieu", "placement_dernier"]
    for competence, _ in view.competences:
        code = competence.rsplit(":", 1)[-1]
        header += [f"{code}_debut", f"{code}_milieu", f"{code}_dernier"]
    writer.writerow(header)
    total = len(view.path.exercises) if view.path is not None else None
    for member in view.members:
        row: list[object] = [member.pseudonym, member.code.typed, len(member.done), total]
        row += [p.at.date().isoformat() if p else None for p in (member.start, member.mid, member.latest)]
        for competence, _ in view.competences:
            row += [p.levels.get(competence) if p else None
                    for p in (member.start, member.mid, member.latest)]
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()
