"""The camera surface's engine side: a phone's camera pointed at a paper document (its
typed fixture: the document, the moves that bring it into the frame, how many shots come
out blurred, who the photo goes to), its targets, its own words and its guide text.

Not the kiosk's webcam (``kiosk.ui.camera`` reads a passport's QR code): this surface
only draws pictures; no real camera is ever opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kiosk.engine.surfaces import Key, Record, Report, SurfaceSpec, TargetName, register
from kiosk.engine.surfaces.words import N_, Words

WORDS = Words("camera", (
    N_("camera.app.title", "Appareil photo"),
    # TRANSLATORS: a button: move the phone to the left (the document is off to the left)
    N_("camera.move.left", "Vers la gauche"),
    N_("camera.move.right", "Vers la droite"),
    # TRANSLATORS: a button: bring the phone nearer to the paper
    N_("camera.move.closer", "Rapprochez"),
    # TRANSLATORS: a button: take the phone further from the paper
    N_("camera.move.back", "Reculez"),
    N_("camera.button.shutter", "Prendre la photo"),
    N_("camera.button.retake", "Reprendre"),
    N_("camera.button.use", "Utiliser"),
    N_("camera.button.send", "Envoyer"),
    # TRANSLATORS: shown when the whole page is inside the frame
    N_("camera.framed", "La feuille est dans le cadre. Ne bougez plus."),
    N_("camera.not_framed", "Mettez toute la feuille dans le cadre."),
    N_("camera.preview", "Regardez la photo. Est-elle nette ?"),
    # TRANSLATORS: above the name of the person the photo goes to
    N_("camera.send.to", "Envoyer à :"),
    N_("camera.sent", "Photo envoyée."),
))

MOVES = ("left", "right", "closer", "back")
BUTTONS = ("button.shutter", "button.retake", "button.use", "button.send")

SHIFT = 0.9  # a side move: the paper slides by this share of its framed width
ZOOM = 0.6  # a move closer/back: the paper's size is multiplied by 1/ZOOM or ZOOM
A4 = 1.414  # a page's height over its width
# what each move of the phone does to the paper in the viewfinder: (slide, size factor)
EFFECT = {"left": (SHIFT, 1.0), "right": (-SHIFT, 1.0), "closer": (0.0, 1 / ZOOM), "back": (0.0, ZOOM)}


def start_place(moves: tuple[str, ...]) -> tuple[float, float]:
    """Where the paper is before the learner moves: each move of ``moves`` undone, so the
    last one brings it into the frame. (slide in framed widths, size factor)."""
    shift, size = 0.0, 1.0
    for move in moves:
        slide, factor = EFFECT[move]
        shift, size = shift - slide, size / factor
    return shift, size


@dataclass(frozen=True)
class Document(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("title", "label", what="the big words at the top of the paper: "
            "`{fr: \"Fiche de paie (exemple)\", ...}`"),
        Key("lines", "list", default=(), what="a few short lines written on it (texts or maps "
            "of languages), e.g. a fake name and amount"),
    )
    WHAT: ClassVar[str] = "the document"
    title: Any
    lines: tuple[Any, ...]

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        for i, line in enumerate(node.get("lines") or ()):
            good = (isinstance(line, str) and line.strip()) or (
                isinstance(line, Mapping) and isinstance(line.get("fr"), str) and line["fr"].strip())
            if not good:
                report(node["lines"], i, "a line of the document needs words",
                       "write a text, or a map with at least 'fr:'")
        if len(node.get("lines") or ()) > 5:
            report(node, "lines", "the document has more than 5 lines",
                   "keep 5 short lines at most: the paper is small on the phone")


@dataclass(frozen=True)
class CameraFixture(Record):
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("document", "map", what="the paper: `title` and optional `lines`"),
        Key("moves", "list", default=(), what="how the phone must move, in order, before the "
            "whole paper is in the frame: `left`, `right`, `closer`, `back` "
            "(e.g. `[left, closer]`: the paper is off to the left and too small)"),
        Key("blurred", "number", default=0, what="how many photos come out blurred first "
            "(the hand moved): `1` teaches **Reprendre**"),
        Key("recipient", "label", what="who the photo is sent to, shown above **Envoyer**: "
            "`{fr: \"Mon conseiller emploi (exemple)\", ...}`"),
    )
    WHAT: ClassVar[str] = "the fixture"
    document: Any
    moves: tuple[str, ...]
    blurred: int
    recipient: Any

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        Document.check(node["document"], report, None, node, "document")
        for i, move in enumerate(node.get("moves") or ()):
            if move not in MOVES:
                report(node["moves"], i, f"unknown move '{move}'", f"use one of: {', '.join(MOVES)}")
        blurred = node.get("blurred", 0)
        if isinstance(blurred, (int, float)) and not (isinstance(blurred, int) and 0 <= blurred <= 3):
            report(node, "blurred", "'blurred' must be a whole number from 0 to 3",
                   "write e.g. 'blurred: 1' (one blurred photo first)")

    @classmethod
    def read(cls, node: Mapping[str, Any]) -> Any:
        read = super().read(node)
        return cls(Document.read(node["document"]), read.moves, int(read.blurred), read.recipient)


def _read(fixture: Mapping[str, Any]) -> CameraFixture | None:
    if not CameraFixture.check(fixture, lambda *_p: None, set()):
        return None
    return CameraFixture.read(fixture)  # type: ignore[no-any-return]


def _check(fixture: Any, report: Report) -> None:
    CameraFixture.check(fixture, report, set(), None, None)


def _targets(_fixture: Mapping[str, Any]) -> set[str]:
    return {f"move.{m}" for m in MOVES} | set(BUTTONS)


def _gestures(_fixture: Mapping[str, Any], _target: str) -> tuple[str, ...]:
    """Every button of the camera is touched."""
    return ("tap",)


def _labels(_fixture: Mapping[str, Any]) -> dict[str, Any]:
    """The words on each target: the arrows and the buttons."""
    return {name: WORDS[name] for name in (*(f"move.{m}" for m in MOVES), *BUTTONS)}


GUIDE = """\
A phone's camera pointed at a paper on a table (a drawn page, never a real camera). At
first the paper is not wholly in the frame: the arrows **Vers la gauche**, **Vers la
droite**, **Rapprochez** and **Reculez** move the phone, as the hands would, one move of
`moves:` each (a wrong arrow changes nothing). When the whole page is inside the frame its
corners turn green and the screen says *Ne bougez plus*. The round button takes the photo;
the first `blurred:` photos come out blurred (the hand moved), so the preview's
**Reprendre** is the right answer and **Utiliser** the one to avoid. A sharp photo is
used, then **Envoyer** sends it to the `recipient:`."""

TARGETS = (
    TargetName(("move.left", "move.right", "move.closer", "move.back"),
               "the arrows under the viewfinder: **Vers la gauche**, **Vers la droite**, "
               "**Rapprochez**, **Reculez**", ("tap",)),
    TargetName(("button.shutter",), "the round button: takes the photo", ("tap",)),
    TargetName(("button.retake", "button.use"), "under the photo taken: **Reprendre**, **Utiliser**",
               ("tap",)),
    TargetName(("button.send",), "**Envoyer**, under the name the photo goes to", ("tap",)),
)

KEYS = CameraFixture.guide_keys() + Document.guide_keys("the document's ")

register(SurfaceSpec("camera", _check, _targets, _gestures, _labels,
                     summary="a phone's camera: frame a paper, retake a blurred photo, send it",
                     guide=GUIDE, keys=KEYS, target_names=TARGETS, fixture=CameraFixture,
                     fixture_keys=frozenset(k.name for k in CameraFixture.KEYS)))
