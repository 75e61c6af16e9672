"""Content errors as an author meets them: file, line, what is wrong — and how to fix it.

One test per kind of mistake. Each writes a small scenario with exactly that mistake,
computes the line from the YAML it wrote, and reads the message the author would see.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from scenario_yaml import HEADER, line_of, step

from kiosk.engine.catalogue import load_catalogue
from kiosk.engine.errors import ContentError, ContentProblem
from kiosk.engine.loader import load_or_raise, load_scenario
from kiosk.engine.model import Scenario

Writer = Callable[..., tuple[Scenario | None, list[ContentProblem], Path]]

TAP_KEYS = step("a", "action: tap, target: object.keys")
MODULE_YAML = """\
schema_version: 1
id: mouse
title: {fr: La souris, nl: De muis, en: The mouse, ar: الفأرة, tr: Fare, uk: Миша}
pictogram: mouse
order: [mouse.practice]
"""


def the_error(
    write_yaml: Writer, text: str, *, what: str, line: int, fix: str = ""
) -> ContentProblem:
    """Load ``text``; it must fail with one error like ``what`` on ``line``."""
    scenario, problems, path = write_yaml(text)
    assert scenario is None, "a broken file must not load"
    errors = [p for p in problems if p.severity == "error"]
    matching = [p for p in errors if what in p.what]
    assert matching, f"no error like {what!r} in:\n" + "\n".join(map(str, problems))
    problem = matching[0]
    message = str(problem)
    assert message.startswith(f"{path}:{line}:"), message  # names the file and the line
    assert path.name in message
    said, _, how = message.partition(" — ")
    assert what in said and how.strip(), f"no fix after ' — ': {message}"
    assert fix in how, message
    return problem


# -- keys and values -----------------------------------------------------------------------


def test_unknown_key_suggests_the_near_one(write_yaml: Writer) -> None:
    text = HEADER.replace("level: 1\n", "level: 1\nintor: {fr: a, nl: b, en: c}\n") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="unknown key 'intor'",
        line=line_of(text, "intor:"),
        fix="did you mean 'intro'?",
    )


def test_bad_type(write_yaml: Writer) -> None:
    text = HEADER.replace("version: 1\nmodule", "version: one\nmodule") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="'version' has the wrong type (text)",
        line=line_of(text, "version: one"),
        fix="version: 1",
    )


def test_missing_french_is_an_error(write_yaml: Writer) -> None:
    text = HEADER + TAP_KEYS.replace("fr: Touchez ici., ", "")
    the_error(
        write_yaml,
        text,
        what="missing language 'fr' in 'say'",
        line=line_of(text, "say:"),
        fix="add 'fr:",
    )


def test_french_is_required_even_when_not_listed(tmp_path: Path) -> None:
    folder = tmp_path / "mouse"
    folder.mkdir()
    path = folder / "practice.yaml"
    path.write_text(HEADER + TAP_KEYS.replace("fr: Touchez ici., ", ""), encoding="utf-8")
    scenario, problems = load_scenario(path, ("nl", "en"))
    assert scenario is None
    assert [p.what for p in problems] == ["missing language 'fr' in 'say'"]


def test_duplicate_step_id(write_yaml: Writer) -> None:
    text = HEADER + TAP_KEYS + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="duplicate step id 'a'",
        line=line_of(text, "- id: a", occurrence=2),
        fix="step 1 already uses it",
    )


def test_step_after_next_end_is_unreachable(write_yaml: Writer) -> None:
    text = (
        HEADER
        + step("a", "action: tap, target: object.keys", "    next: end\n")
        + step("b", "action: tap, target: object.cup")
    )
    the_error(
        write_yaml,
        text,
        what="step 'b' can never be reached",
        line=line_of(text, "- id: b"),
        fix="point a 'next:' at it",
    )


def test_loop_that_never_ends(write_yaml: Writer) -> None:
    text = (
        HEADER
        + step("a", "action: tap, target: object.keys")
        + step("b", "action: tap, target: object.cup", "    next: a\n")
    )
    the_error(
        write_yaml,
        text,
        what="steps loop back to 'a' and never end",
        line=line_of(text, "- id: a"),
        fix="next: end",
    )


def test_target_the_surface_does_not_offer(write_yaml: Writer) -> None:
    text = HEADER + step("a", "action: tap, target: object.kez")
    the_error(
        write_yaml,
        text,
        what="the surface has no target 'object.kez'",
        line=line_of(text, "object.kez"),
        fix="did you mean 'object.keys'?",
    )


def test_digcomp_id_that_does_not_exist(write_yaml: Writer) -> None:
    text = HEADER.replace("digcomp:2.2:1.1", "digcomp:2.2:6.1") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="'digcomp:2.2:6.1' is not a DigComp 2.2 competence",
        line=line_of(text, "digcomp:"),
        fix="digcomp:2.2:1.3",
    )


def test_unknown_action(write_yaml: Writer) -> None:
    text = HEADER + step("a", "action: tapp, target: object.keys")
    problem = the_error(
        write_yaml,
        text,
        what="unknown action 'tapp'",
        line=line_of(text, "tapp"),
        fix="use one of:",
    )
    assert "click" in problem.fix and "double_click" in problem.fix


def test_unknown_surface(write_yaml: Writer) -> None:
    text = HEADER.replace("surface: desktop", "surface: desk") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="unknown surface 'desk'",
        line=line_of(text, "surface: desk"),
        fix="desktop",
    )


def test_schema_version_unknown(write_yaml: Writer) -> None:
    text = HEADER.replace("schema_version: 1", "schema_version: 7") + TAP_KEYS
    the_error(
        write_yaml, text, what="schema_version 7 is not known", line=1, fix="schema_version: 1"
    )


def test_hints_out_of_order(write_yaml: Writer) -> None:
    hints = (
        "    hints:\n"
        "      - {level: highlight, after_seconds: 20}\n"
        "      - {level: repeat, after_seconds: 10}\n"
    )
    text = HEADER + step("a", "action: tap, target: object.keys", hints)
    the_error(
        write_yaml,
        text,
        what="hints must climb",
        line=line_of(text, "level: repeat"),
        fix="least to most help",
    )


# -- YAML itself -----------------------------------------------------------------------------


def test_yaml_syntax_error_points_at_the_line_written(write_yaml: Writer) -> None:
    text = HEADER.replace("level: 1", "level:1") + TAP_KEYS  # no space after ':'
    the_error(
        write_yaml,
        text,
        what="could not find expected ':'",
        line=line_of(text, "level:1"),
        fix="space after it",
    )


def test_yaml_colon_inside_a_value(write_yaml: Writer) -> None:
    text = HEADER.replace("pictogram: mouse", "pictogram: mouse: big") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="mapping values are not allowed here",
        line=line_of(text, "mouse: big"),
        fix="check indentation",
    )


def test_a_tab_that_indents_is_named(write_yaml: Writer) -> None:
    text = HEADER + TAP_KEYS.replace("    expect:", "\texpect:")
    the_error(
        write_yaml,
        text,
        what="there is a tab here, where YAML needs spaces",
        line=line_of(text, "\texpect:"),
        fix="replace the tab by spaces",
    )


def test_duplicate_yaml_key(write_yaml: Writer) -> None:
    text = HEADER.replace("level: 1\n", "level: 1\nlevel: 2\n") + TAP_KEYS
    the_error(
        write_yaml,
        text,
        what="the key 'level' appears twice",
        line=line_of(text, "level: 2"),
        fix="keep only one 'level:'",
    )


def test_unquoted_comma_in_a_flow_map(write_yaml: Writer) -> None:
    success = (
        "    success: {fr: Bravo, c'est fait !, nl: Goed zo!, en: Well done!, "
        "ar: أحسنت!, tr: Tebrikler!, uk: Чудово!}\n"
    )
    text = HEADER + step("a", "action: tap, target: object.keys", success)
    the_error(
        write_yaml, text, what="is cut at a comma", line=line_of(text, "success:"), fix="in quotes"
    )
    # quoted, the same words load
    quoted = success.replace("Bravo, c'est fait !", '"Bravo, c\'est fait !"')
    scenario, problems, _ = write_yaml(
        HEADER + step("a", "action: tap, target: object.keys", quoted)
    )
    assert scenario is not None and not problems
    assert scenario.steps[0].success is not None
    assert scenario.steps[0].success.get("fr") == "Bravo, c'est fait !"


# -- warnings ----------------------------------------------------------------------------------


def test_missing_translation_is_a_warning_and_the_scenario_loads(write_yaml: Writer) -> None:
    text = HEADER + TAP_KEYS.replace("tr: Buraya dokunun., ", "")
    scenario, problems, path = write_yaml(text)
    assert scenario is not None, "a missing translation must not stop the scenario"
    assert [p.severity for p in problems] == ["warning"]
    message = str(problems[0])
    assert message.startswith(f"{path}:{line_of(text, 'say:')}:"), message
    assert "warning: missing translation 'tr' in 'say' — add 'tr: ...'" in message
    # the learner who chose Turkish hears the French words
    assert scenario.steps[0].say.default.get("tr") == "Touchez ici."


def test_each_missing_translation_is_named(write_yaml: Writer) -> None:
    text = HEADER.replace(", ar: تمرين, tr: Alıştırma, uk: Вправа", "") + TAP_KEYS
    scenario, problems, _ = write_yaml(text)
    assert scenario is not None
    assert [p.what for p in problems] == [
        f"missing translation '{lang}' in 'title'" for lang in ("ar", "tr", "uk")
    ]
    assert all(p.severity == "warning" and p.line == line_of(text, "title:") for p in problems)


def test_long_arabic_and_ukrainian_texts_are_counted_in_words(write_yaml: Writer) -> None:
    arabic = "المس " * 13
    ukrainian = "Торкніться " * 14
    text = HEADER + TAP_KEYS.replace("المس هنا.", arabic.strip()).replace(
        "Торкніться тут.", ukrainian.strip()
    )
    scenario, problems, _ = write_yaml(text)
    assert scenario is not None
    assert sorted(p.what for p in problems) == [
        "'say' has 13 words in 'ar'",
        "'say' has 14 words in 'uk'",
    ]


def test_long_instruction_is_a_warning_only(write_yaml: Writer) -> None:
    long = "Please tap the keys that are lying on the table right next to the cup."
    text = HEADER + TAP_KEYS.replace("Tap here.", long)
    scenario, problems, path = write_yaml(text)
    assert scenario is not None, "a long sentence must not stop the scenario"
    assert [p.severity for p in problems] == ["warning"]
    message = str(problems[0])
    assert message.startswith(f"{path}:{line_of(text, long)}:")
    assert "warning: 'say' has 15 words in 'en'" in message
    assert " — keep it to 12 words or fewer" in message


def test_twelve_words_are_fine(write_yaml: Writer) -> None:
    twelve = "one two three four five six seven eight nine ten eleven twelve"
    scenario, problems, _ = write_yaml(HEADER + TAP_KEYS.replace("Tap here.", twelve))
    assert scenario is not None and problems == []


def test_load_or_raise_carries_every_error(write_yaml: Writer) -> None:
    text = (
        HEADER.replace("surface: desktop", "surface: desk").replace(
            "version: 1\nmodule", "version: one\nmodule"
        )
        + TAP_KEYS
    )
    _, _, path = write_yaml(text)
    with pytest.raises(ContentError) as caught:
        load_or_raise(path)
    assert len(caught.value.problems) == 2
    assert str(path) in str(caught.value)


# -- a folder of content ---------------------------------------------------------------------


def test_one_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mouse"
    folder.mkdir()
    (folder / "module.yaml").write_text(MODULE_YAML, encoding="utf-8")
    (folder / "practice.yaml").write_text(HEADER + TAP_KEYS, encoding="utf-8")
    broken = HEADER.replace("mouse.practice", "mouse.broken") + step(
        "a", "action: tap, target: object.kez"
    )
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")

    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.scenarios) == ["mouse.practice"]
    assert [s.id for s in catalogue.in_module("mouse")] == ["mouse.practice"]
    assert len(catalogue.errors) == 1
    assert str(catalogue.errors[0]).startswith(
        f"{folder / 'broken.yaml'}:{line_of(broken, 'object.kez')}:"
    )


def test_same_scenario_id_in_two_files(tmp_path: Path) -> None:
    # a file is named after its id: a copy with the same id sits in another folder
    folder, copies = tmp_path / "mouse", tmp_path / "zz_copies"
    folder.mkdir()
    copies.mkdir()
    (folder / "module.yaml").write_text(MODULE_YAML, encoding="utf-8")
    (folder / "practice.yaml").write_text(HEADER + TAP_KEYS, encoding="utf-8")
    (copies / "practice.yaml").write_text(HEADER + TAP_KEYS, encoding="utf-8")

    catalogue = load_catalogue(tmp_path)
    assert catalogue.scenarios["mouse.practice"].source == folder / "practice.yaml"
    (problem,) = catalogue.errors
    message = str(problem)
    assert message.startswith(f"{copies / 'practice.yaml'}:{line_of(HEADER, 'id: mouse.practice')}:")
    assert "scenario id 'mouse.practice' is used twice" in message
    assert " — " in message and str(folder / "practice.yaml") in message.partition(" — ")[2]


def test_modules_come_in_teaching_order_by_rank(tmp_path: Path) -> None:
    # folders sort "email" < "keyboard" < "mouse"; the ranks say mouse, keyboard, then
    # the unranked ones by id
    for mid, rank in (("email", None), ("keyboard", 2), ("mouse", 1), ("agenda", None)):
        (tmp_path / mid).mkdir()
        text = MODULE_YAML.replace("id: mouse", f"id: {mid}").replace("mouse.practice", f"{mid}.x")
        if rank is not None:
            text += f"rank: {rank}\n"
        (tmp_path / mid / "module.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert [m.id for m in catalogue.modules] == ["mouse", "keyboard", "agenda", "email"]
    assert not catalogue.errors


def test_a_rank_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mouse").mkdir()
    (tmp_path / "mouse" / "module.yaml").write_text(MODULE_YAML + "rank: first\n", encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.modules == ()
    (problem,) = catalogue.errors
    assert "'rank' has the wrong type" in str(problem)
