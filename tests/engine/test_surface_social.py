"""The social surface's fixture as an author meets it: the targets it offers (the app's
buttons, the three choices of who sees, each post's menu, J'aime and Partager), the words
on them, the typed fixture with its defaults, and each mistake located at its file and
line with a fix."""

from __future__ import annotations

from pathlib import Path

from scenario_yaml import line_of

from kiosk.engine import surfaces
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario
from kiosk.engine.surfaces.social import SocialFixture

SAY = ("{fr: Touchez ici., nl: Tik hier., en: Tap here., ar: المس هنا., tr: Buraya dokunun., "
       "uk: Торкніться тут.}")

HEAD = """\
schema_version: 1
id: protect.practice
version: 1
module: protect
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: shield
digcomp: [digcomp:2.2:4.2]
level: 2
surface: social
"""

SOCIAL = """\
fixture:
  me:
    name: Alex Martin
    phone: "0470 12 34 56"
    email: alex.martin@mail.example
    email_seen: friends
  draft: Bonne journée !
  posts:
    - id: contest
      author: Super Cadeaux (exemple)
      page: true
      text: Gagnez un téléphone !
      picture: phone
      likes: 2300
    - id: park
      author: Nadia Lemaire
      text: Belle journée.
"""


def steps(*expects: str) -> str:
    out = "steps:\n"
    for i, expect in enumerate(expects):
        out += f"  - id: s{i}\n    say: {SAY}\n    expect: {{{expect}}}\n"
    return out


def load(tmp_path: Path, text: str) -> tuple[Scenario | None, list[ContentProblem], Path]:
    folder = tmp_path / "protect"
    folder.mkdir(exist_ok=True)
    (folder / "module.yaml").write_text(
        "schema_version: 1\nid: protect\ntitle: {fr: Me protéger}\npictogram: shield\n", encoding="utf-8")
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def the_error(tmp_path: Path, text: str, what: str, line: int, fix: str = "") -> ContentProblem:
    scenario, problems, path = load(tmp_path, text)
    assert scenario is None, "a broken file must not load"
    matching = [p for p in problems if p.severity == "error" and what in p.what]
    assert matching, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    problem = matching[0]
    assert str(problem).startswith(f"{path}:{line}:"), str(problem)  # the file and the line
    assert fix in problem.fix, str(problem)
    return problem


def test_the_network_offers_its_buttons_choices_and_posts(tmp_path: Path) -> None:
    text = HEAD + SOCIAL + steps(*(f"action: tap, target: {t}" for t in (
        "menu.contest", "button.report", "button.hide")))
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is not None and not [p for p in problems if p.severity == "error"], problems
    spec = surfaces.get("social")
    assert spec is not None
    assert spec.targets(scenario.fixture) == {
        "button.write", "button.profile", "button.back", "button.audience", "button.publish",
        "button.settings", "button.report", "button.hide", "setting.phone", "setting.email",
        "audience.public", "audience.friends", "audience.me",
        "menu.contest", "like.contest", "share.contest", "menu.park", "like.park", "share.park"}
    labels = spec.labels(scenario.fixture) if spec.labels else {}
    assert labels["button.report"]["fr"] == "Signaler" and labels["audience.me"]["fr"] == "Moi uniquement"
    assert labels["share.contest"]["fr"] == "Partager" and "menu.contest" not in labels  # a picture
    fixture = spec.read(scenario.fixture)
    assert isinstance(fixture, SocialFixture)
    assert fixture.audience == "public"  # the default: a new post starts public
    assert (fixture.me.phone_seen, fixture.me.email_seen) == ("public", "friends")
    contest, park = fixture.posts
    assert contest.page and contest.likes == 2300 and contest.picture == "phone"
    assert not park.page and park.likes == 0 and park.picture == "" and park.time == ""


def test_a_post_named_in_another_language_gets_its_right_name(tmp_path: Path) -> None:
    text = HEAD + SOCIAL + steps("action: tap, target: menu.concours")
    the_error(tmp_path, text, "no target 'menu.concours'", line_of(text, "target: menu.concours"),
              "menu.contest")


def test_an_unknown_audience_is_located(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace("email_seen: friends", "email_seen: family") + steps(
        "action: tap, target: setting.email")
    the_error(tmp_path, text, "unknown email_seen 'family'", line_of(text, "email_seen: family"),
              "public, friends, me")


def test_a_real_looking_email_address_is_located(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace("alex.martin@mail.example", "alex.martin@gmail.com") + steps(
        "action: tap, target: button.profile")
    the_error(tmp_path, text, "not a fake e-mail address", line_of(text, "email: alex.martin@gmail.com"),
              ".example")


def test_a_phone_number_that_is_no_number_is_located(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace('"0470 12 34 56"', '"appelez-moi"') + steps(
        "action: tap, target: button.profile")
    the_error(tmp_path, text, "is not a phone number", line_of(text, 'phone: "appelez-moi"'), "0470 12 34 56")


def test_a_picture_that_is_no_pictogram_is_located(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace("picture: phone", "picture: iphone.jpg") + steps(
        "action: tap, target: menu.contest")
    the_error(tmp_path, text, "no pictogram 'iphone.jpg'", line_of(text, "picture: iphone.jpg"),
              "assets/pictograms")


def test_a_third_post_would_be_off_the_screen(tmp_path: Path) -> None:
    third = "    - {id: more, author: Sam Dubois, text: Salut.}\n"
    text = HEAD + SOCIAL + third + steps("action: tap, target: menu.contest")
    the_error(tmp_path, text, "more than 2 posts", line_of(text, "posts:"), "keep the 2 posts")


def test_two_posts_with_one_id(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace("id: park", "id: contest") + steps("action: tap, target: button.write")
    the_error(tmp_path, text, "duplicate id 'contest'", line_of(text, "author: Nadia Lemaire") - 1)


def test_the_profile_is_required(tmp_path: Path) -> None:
    text = HEAD + SOCIAL.replace("  me:\n", "  moi:\n") + steps("action: tap, target: button.write")
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is None
    assert any("needs 'me'" in p.what for p in problems), problems
