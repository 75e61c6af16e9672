"""Shipped content speaks all six kiosk languages, in short sentences.

The loader only warns when a translation is missing (the kiosk falls back to French), so
an author's draft still runs; what we ship must be complete. This test fails as soon as
a shipped scenario or module lacks one of the six languages or says more than 12 words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from kiosk.engine import digcomp
from kiosk.engine.catalogue import MODULE_FILE, load_catalogue
from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import MAX_WORDS, load_module, load_scenario
from kiosk.engine.model import Text
from kiosk.engine.path_file import is_path_file

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "scenarios"
# Spelled out rather than taken from the loader: narrowing the loader's default must not
# quietly narrow what we promise to learners.
LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")
FILES = sorted(SHIPPED.rglob("*.yaml"))


def _load(path: Path) -> tuple[list[Text], Mapping[str, Any], list[ContentProblem]]:
    """Every text of one shipped file, its fixture (if any) and every problem found."""
    if is_path_file(path):
        catalogue = load_catalogue(path, LANGUAGES)
        assert len(catalogue.paths) == 1, "\n".join(map(str, catalogue.problems))
        return [catalogue.paths[0].title], {}, list(catalogue.problems)
    if path.name == MODULE_FILE:
        module, problems = load_module(path, LANGUAGES)
        assert module is not None, "\n".join(map(str, problems))
        return [module.title], {}, problems
    scenario, problems = load_scenario(path, LANGUAGES)
    assert scenario is not None, "\n".join(map(str, problems))
    return list(scenario.texts()), scenario.fixture, problems


def _labels(node: Any) -> Iterator[Mapping[str, Any]]:
    """Labels given per language anywhere in a fixture (objects, contents, menus, lists)."""
    if isinstance(node, Mapping):
        label = node.get("label")
        if isinstance(label, Mapping):
            yield label
        for value in node.values():
            yield from _labels(value)
    elif isinstance(node, list):
        for item in node:
            yield from _labels(item)


def test_there_is_shipped_content() -> None:
    names = {p.relative_to(SHIPPED).as_posix() for p in FILES}
    assert "mouse/module.yaml" in names and "mouse/click.yaml" in names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SHIPPED).as_posix())
def test_shipped_file_has_no_problem_at_all(path: Path) -> None:
    _, _, problems = _load(path)
    missing = [p for p in problems if "missing translation" in p.what]
    assert not missing, "\n".join(map(str, missing))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SHIPPED).as_posix())
def test_every_text_is_in_the_six_languages(path: Path) -> None:
    texts, fixture, _ = _load(path)
    for text in texts:
        absent = [lang for lang in LANGUAGES if not text.has(lang)]
        assert not absent, f"{path.name}: {text.prompt_id} has no {', '.join(absent)}"
    for label in _labels(fixture):
        absent = [lang for lang in LANGUAGES if not str(label.get(lang) or "").strip()]
        assert not absent, f"{path.name}: label {label.get('fr')!r} has no {', '.join(absent)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SHIPPED).as_posix())
def test_every_text_has_twelve_words_or_fewer(path: Path) -> None:
    texts, _, _ = _load(path)
    for text in texts:
        for lang, words in text.by_language.items():
            count = len(words.split())
            assert count <= MAX_WORDS, f"{path.name}: {text.prompt_id} has {count} words in '{lang}'"


def test_every_digcomp_competence_has_a_title_in_the_six_languages() -> None:
    for code, names in digcomp.COMPETENCES.items():
        absent = [lang for lang in LANGUAGES if not names.get(lang, "").strip()]
        assert not absent, f"DigComp {code} has no title in {', '.join(absent)}"
