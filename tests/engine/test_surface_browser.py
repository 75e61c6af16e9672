"""The browser and video surfaces' fixtures: what they offer as targets, and every
mistake in them named by file, line and fix (engine side only, no screen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import line_of

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces import get

SAY = ("say: {fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")

BROWSER = """\
schema_version: 1
id: internet.practice
version: 1
module: internet
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: globe
digcomp: [digcomp:2.2:1.1]
level: 1
surface: browser
fixture:
  engine: Trouvetout
  start: search
  results:
    - {id: fast, ad: true, title: Permis en 24 h, address: tilleul-permis-rapide.example, page: fast}
    - {id: official, title: Permis de conduire, address: www.tilleul-sur-meuse.example/permis, page: town}
  pages:
    - {id: fast, address: tilleul-permis-rapide.example, title: Votre permis, warning: Une publicité.}
    - {id: town, address: www.tilleul-sur-meuse.example/permis, secure: true, title: Permis de conduire}
steps:
  - id: search
    SAY
    expect: {action: type, target: field.search, rule: {pattern: ".*permis.*", example: permis}}
  - id: pick
    SAY
    expect: {action: tap, target: result.official}
""".replace("SAY", SAY)

VIDEO = """\
schema_version: 1
id: video.practice
version: 1
module: video
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: globe
digcomp: [digcomp:2.2:2.1]
level: 1
surface: video
fixture:
  app: Visio Tilleul
  site: visio-tilleul.example
  meeting: Rendez-vous
  invite:
    from: Emploi Wallonie (exemple)
    text: Votre rendez-vous vidéo.
    link: https://visio-tilleul.example/r/1
  participants:
    - {id: advisor, name: Sophie, pictogram: woman-office}
steps:
  - id: join
    SAY
    expect: {action: tap, target: link.join}
  - id: allow
    SAY
    expect: {action: tap, target: button.allow}
""".replace("SAY", SAY)


def load(tmp_path: Path, text: str, module: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / module
    folder.mkdir(exist_ok=True)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, module: str, *, what: str, line: int, fix: str) -> None:
    scenario, problems, path = load(tmp_path, text, module)
    assert scenario is None, "a broken fixture must not load"
    found = [p for p in problems if p.severity == "error" and what in p.what]
    assert found, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    message = str(found[0])
    assert message.startswith(f"{path}:{line}:"), message  # the file and the line
    assert fix in message.partition(" — ")[2], message


# -- browser -------------------------------------------------------------------------------

def test_a_right_browser_fixture_loads_clean(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, BROWSER, "internet")
    assert scenario is not None and problems == []


def test_browser_targets() -> None:
    spec = get("browser")
    assert spec is not None
    fixture = {"results": [{"id": "fast"}, {"id": "official"}], "pages": []}
    assert spec.targets(fixture) == {"field.search", "button.search", "button.back", "address.bar",
                                     "result.fast", "result.official"}


@pytest.mark.parametrize(("change", "what", "at", "fix"), [
    (("page: town}", "page: tonw}"), "there is no page 'tonw'", "page: tonw", "did you mean 'town'?"),
    (("start: search", "start: home"), "the browser cannot start on 'home'", "start: home", "results"),
    (("address: tilleul-permis-rapide.example, page", "address: https://x.example, page"),
     "is not written like an address bar shows it", "https://x.example", "without 'https://'"),
    (("secure: true", "secure: yes please"), "'secure' must be true or false", "yes please", "secure: true"),
    (("{id: town, address: www.tilleul-sur-meuse.example/permis, ", "{id: town, "),
     "a page needs 'address'", "{id: town, ", "address: www."),
    (("ad: true, title: Permis en 24 h", "ad: true"), "a result needs 'title'", "ad: true", "fr:"),
    (("{id: fast, address", "{id: fast, colour: red, address"), "unknown key 'colour' in a page",
     "colour: red", "warning"),
    (("{id: official, title", "{id: fast, title"), "duplicate id 'fast'", "{id: fast, title", "its own id"),
])
def test_browser_fixture_mistakes_are_located(tmp_path: Path, change: tuple[str, str], what: str,
                                               at: str, fix: str) -> None:
    old, new = change
    assert old in BROWSER
    text = BROWSER.replace(old, new, 1)
    the_error(tmp_path, text, "internet", what=what, line=line_of(text, at), fix=fix)


def test_browser_needs_results_and_pages(tmp_path: Path) -> None:
    start = BROWSER.index("  results:")
    text = BROWSER[:start] + BROWSER[BROWSER.index("steps:"):]
    # a missing key is shown where the fixture begins
    the_error(tmp_path, text, "internet", what="the fixture needs 'pages'", line=line_of(text, "engine:"),
              fix="pages:")


def test_a_result_target_the_fixture_lacks(tmp_path: Path) -> None:
    text = BROWSER.replace("target: result.official", "target: result.oficial")
    the_error(tmp_path, text, "internet", what="the surface has no target 'result.oficial'",
              line=line_of(text, "result.oficial"), fix="did you mean 'result.official'?")


def test_a_gesture_the_browser_never_sends(tmp_path: Path) -> None:
    typed = '{action: type, target: field.search, rule: {pattern: ".*permis.*", example: permis}}'
    assert typed in BROWSER
    text = BROWSER.replace(typed, "{action: tap, target: field.search}")
    the_error(tmp_path, text, "internet", what="on 'field.search' the learner does 'type', not 'tap'",
              line=line_of(text, "action: tap, target: field.search"), fix="action: type")
    text = BROWSER.replace("tap, target: result.official", "double_tap, target: result.official")
    the_error(tmp_path, text, "internet", what="the learner does 'tap', not 'double_tap'",
              line=line_of(text, "double_tap"), fix="action: tap")


# -- video ---------------------------------------------------------------------------------

def test_a_right_video_fixture_loads_clean(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, VIDEO, "video")
    assert scenario is not None and problems == []


def test_video_targets() -> None:
    spec = get("video")
    assert spec is not None
    names = spec.targets({"invite": {"link": "https://x.example"}, "participants": [{"id": "advisor"}]})
    assert {"link.join", "button.allow", "button.block", "button.join", "button.mute", "button.camera",
            "button.leave", "button.confirm_leave", "button.cancel_leave",
            "participant.advisor"} == names
    assert "link.join" not in spec.targets({"start": "call", "participants": []})


@pytest.mark.parametrize(("change", "what", "at", "fix"), [
    (("link: https://visio-tilleul.example/r/1", "link: visio-tilleul.example/r/1"),
     "the invite needs an https 'link'", "link: visio", "https://"),
    (("  site: visio-tilleul.example\n", ""), "the fixture needs 'site'", "app: Visio",
     "site: visio-tilleul.example"),
    (("  app: Visio Tilleul\n", "  app: Visio Tilleul\n  start: lobby\n"),
     "the call cannot start on 'lobby'", "start: lobby", "prejoin"),
    (("{id: advisor, name: Sophie, pictogram", "{id: advisor, pictogram"),
     "a participant needs 'name'", "{id: advisor, pictogram", "fr:"),
    (("{id: advisor, name: Sophie,", "{id: advisor, name: Sophie, muted: maybe,"),
     "'muted' must be true or false", "muted: maybe", "muted: true"),
    (("    from: Emploi", "    kind: letter\n    from: Emploi"), "unknown kind 'letter'",
     "kind: letter", "sms"),
])
def test_video_fixture_mistakes_are_located(tmp_path: Path, change: tuple[str, str], what: str,
                                             at: str, fix: str) -> None:
    old, new = change
    assert old in VIDEO
    text = VIDEO.replace(old, new, 1)
    the_error(tmp_path, text, "video", what=what, line=line_of(text, at), fix=fix)


def test_a_call_that_starts_on_the_invite_needs_one(tmp_path: Path) -> None:
    start = VIDEO.index("  invite:")
    text = VIDEO[:start] + VIDEO[VIDEO.index("  participants:"):]
    text = text.replace("target: link.join", "target: button.join")
    the_error(tmp_path, text, "video", what="there is no 'invite' to start on",
              line=line_of(text, "app: Visio"), fix="start: prejoin")
