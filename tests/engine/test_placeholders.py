"""A field's grey placeholder is never the answer a step asks for: the check names the
file and the line of the placeholder and says how to fix it (keyboard and web fields)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scenario_yaml import line_of

from kiosk.engine.errors import ContentProblem
from kiosk.engine.model import Scenario

Writer = Callable[..., tuple[Scenario | None, list[ContentProblem], Path]]

SAY = ("{fr: Écrivez Namur., nl: Typ Namur., en: Type Namur., ar: اكتب Namur., tr: Namur yazın., "
       "uk: Напишіть Namur.}")
HEAD = """\
schema_version: 1
id: mouse.practice
version: 1
module: mouse
title: {fr: Exercice, nl: Oefening, en: Practice, ar: تمرين, tr: Alıştırma, uk: Вправа}
pictogram: keyboard
digcomp: [digcomp:2.2:3.1]
level: 1
"""


def keyboard_page(placeholder: str, answer: str = "Namur") -> str:
    return HEAD + f"""\
surface: keyboard
fixture:
  title: Votre adresse
  fields:
    - id: city
      label: Commune
      placeholder: {placeholder}
    - id: postcode
      label: Code postal
      placeholder: "5000"
steps:
  - id: city
    say: {SAY}
    expect: {{action: type, target: field.city, rule: {{equals: {answer}}}}}
"""


def web_page(placeholder: str) -> str:
    return HEAD + f"""\
surface: web
fixture:
  pages:
    - id: form
      address: www.example.be/form
      title: Formulaire
      blocks:
        - field: city
          label: Commune
          placeholder: {placeholder}
steps:
  - id: city
    say: {SAY}
    expect: {{action: type, target: field.city, rule: {{one_of: [Namur, Jambes]}}}}
"""


def placeholder_errors(problems: list[ContentProblem]) -> list[ContentProblem]:
    return [p for p in problems if p.severity == "error" and "placeholder" in p.what]


def test_a_placeholder_that_is_the_answer_is_refused_at_its_line(write_yaml: Writer) -> None:
    text = keyboard_page('"  namur "')  # another case, spaces around: still the answer
    scenario, problems, path = write_yaml(text)
    assert scenario is None
    [problem] = placeholder_errors(problems)
    message = str(problem)
    line = line_of(text, "placeholder: \"  namur")
    assert message.startswith(f"{path}:{line}:"), message
    assert "'field.city'" in message and "is the answer" in message
    _, _, fix = message.partition(" — ")
    assert "another example" in fix and "remove 'placeholder'" in fix


def test_another_example_is_fine_and_other_fields_are_not_compared(write_yaml: Writer) -> None:
    # the postcode's "5000" is no step's answer here: only the field a step fills counts
    scenario, problems, _ = write_yaml(keyboard_page("Liège"))
    assert scenario is not None, "\n".join(map(str, problems))
    assert not placeholder_errors(problems)


def test_web_fields_and_translated_placeholders_are_checked(write_yaml: Writer) -> None:
    text = web_page("{fr: Liège, nl: Jambes}")  # the Dutch screen would show an answer
    scenario, problems, path = write_yaml(text)
    assert scenario is None
    [problem] = placeholder_errors(problems)
    assert str(problem).startswith(f"{path}:{line_of(text, 'placeholder:')}:")
    assert "'Jambes'" in problem.what
