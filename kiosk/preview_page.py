"""``kiosk scenarios preview``: a storyboard web page of one scenario, for trainers and translators.

Owns what the command is asked (one scenario, a language, a screen size), the folder it
writes (``index.html`` with ``images/`` and ``audio/`` beside it, linked relatively so the
folder can be zipped and opened anywhere) and the page itself, rendered with Jinja2
(autoescaped) from ``preview_page.html``. The steps are captured while the robot learner
plays the scenario through the real kiosk (``kiosk.ui.preview``); nothing here imports Kivy.
"""

from __future__ import annotations

import difflib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Config
from kiosk.engine.model import Hint, HintLevel

PAGE = "index.html"
IMAGES = "images"
AUDIO = "audio"
TEMPLATE = Path(__file__).with_name("preview_page.html")
NEVER_SECONDS = 1e9  # the loader's "after_seconds" when a rung never comes by time alone
NEVER_ERRORS = 10**6


@dataclass(frozen=True)
class Box:
    """A target's rectangle on its step's picture, in percent of the picture from its top left."""

    name: str
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Said:
    """Words the learner reads and hears; ``audio``: the clip in the folder (relative), if any."""

    words: str
    audio: str | None = None


@dataclass(frozen=True)
class Rung:
    """One rung of a step's help ladder: when it comes and what is said first (the
    instruction follows it each time)."""

    level: str
    when: str
    said: Said | None


@dataclass(frozen=True)
class StepShown:
    """One step as the learner meets it, captured when its instruction shows."""

    number: int
    id: str
    picture: str
    instruction: Said
    boxes: tuple[Box, ...]
    hints: tuple[Rung, ...]
    praise: Said | None
    problems: tuple[str, ...]  # the learner's eye: empty when a person sees what is named


@dataclass(frozen=True)
class Storyboard:
    scenario_id: str
    title: str
    surface: str
    language: str
    size: str
    device: str
    intro: Said | None
    steps: tuple[StepShown, ...]
    summary: str  # the robot's one line
    error: str | None = None  # the robot stopped before the end


def when(hint: Hint) -> str:
    """When a rung comes by itself, in plain words."""
    parts = []
    if hint.after_seconds < NEVER_SECONDS:
        parts.append(f"after {hint.after_seconds:g} s")
    if hint.after_errors < NEVER_ERRORS:
        parts.append(f"after {hint.after_errors} mistake{'s' if hint.after_errors != 1 else ''}")
    return " or ".join(parts) or "only on “Help me”"


def level_name(hint: Hint) -> str:
    return HintLevel(hint.level).name.lower()


def parse_size(size: str) -> tuple[int, int]:
    """``1280x800`` → (1280, 800); ValueError with the reason otherwise."""
    width, sep, height = size.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or int(width) < 320 or int(height) < 240:
        raise ValueError(f"'{size}' is not a screen size — write it as WIDTHxHEIGHT, e.g. 1280x800")
    return int(width), int(height)


def prepare_folder(out: Path) -> str | None:
    """Make ``out`` ready for a page; the reason when it cannot be used. A folder holding a
    previous preview is reused (its pictures and clips are replaced); any other non-empty
    folder is refused, so nobody's files are mixed with the page's."""
    if out.exists() and not out.is_dir():
        return f"{out} is a file — give a folder for the page (--out DIR)"
    if out.is_dir() and any(out.iterdir()) and not (out / PAGE).exists():
        return f"{out} is not empty and holds no preview — give a new or empty folder"
    for sub in (IMAGES, AUDIO):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    (out / PAGE).unlink(missing_ok=True)
    return None


def write_page(board: Storyboard, out: Path) -> Path:
    """Write ``out/index.html`` for ``board`` and return its path."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from kiosk.ui.assets import RTL_LANGUAGES

    env = Environment(loader=FileSystemLoader(TEMPLATE.parent), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template(TEMPLATE.name).render(
        board=board, direction="rtl" if board.language in RTL_LANGUAGES else "ltr",
        problems=sum(len(s.problems) for s in board.steps))
    page = out / PAGE
    page.write_text(html, encoding="utf-8")
    return page


def _unknown(wanted: str, ids: list[str], modules: set[str]) -> str:
    if wanted in modules:
        first = next((i for i in ids if i.startswith(f"{wanted}.")), f"{wanted}.<name>")
        return f"'{wanted}' is a module — give one scenario id, e.g. {first}"
    close = difflib.get_close_matches(wanted, ids, n=1)
    hint = f" — did you mean '{close[0]}'?" if close else " — see 'kiosk scenarios list'"
    return (f"no scenario '{wanted}'{hint} (a file with an error is left out: "
            "'kiosk scenarios check' says why)")


def preview(config: Config, wanted: str, *, out: Path, language: str = "fr",
            size: str = "1280x800", device: str = "touch") -> int:
    """Play ``wanted`` with the robot learner and write its storyboard page in ``out``."""
    from kiosk.engine.catalogue import load_catalogue
    from kiosk.ui.assets import pictogram_names

    catalogue = load_catalogue(config.scenarios_dir, config.languages, pictogram_names(config.assets_dir))
    scenario = catalogue.scenarios.get(wanted)
    if scenario is None:
        print(_unknown(wanted, sorted(catalogue.scenarios), {m.id for m in catalogue.modules}))
        return 1
    if language not in config.languages:
        print(f"'{language}' is not a language of this kiosk — use one of: {', '.join(config.languages)}")
        return 1
    try:
        width, height = parse_size(size)
    except ValueError as error:
        print(error)
        return 1
    problem = prepare_folder(out)
    if problem is not None:
        print(problem)
        return 1
    from kiosk.display import some_screen

    # the page carries the voice; the preview itself plays silently (no sound card needed)
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    try:
        with some_screen(width, height):
            from kiosk.ui.preview import play_storyboard

            played = play_storyboard(config, scenario, out, language=language, size=size, device=device)
    except RuntimeError as error:  # no Xvfb on a machine without a screen
        print(f"No screen to play on: {error}")
        return 1
    page = write_page(played.board, out)
    problems = sum(len(s.problems) for s in played.board.steps)
    print(f"preview: {page} — {len(played.board.steps)} step(s) of {scenario.id} in {language} at "
          f"{width}x{height}, {problems} learner's-eye problem(s); open it in a browser")
    return played.exit_code
