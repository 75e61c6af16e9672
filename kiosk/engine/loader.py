"""Read one scenario or module file, check everything, build frozen model objects.

Problems are collected, not thrown one by one: an author sees every mistake of a file
at once, each as ``file:line:column: what is wrong — how to fix it``. Files carry a
``schema_version``; older versions would be upgraded here by small converters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from kiosk.engine import actions, dead_ends, digcomp, labels, surfaces, texts
from kiosk.engine.errors import ContentError, ContentProblem
from kiosk.engine.model import (
    BESIDE_PREFIX,
    KNOWN_LANGUAGES,
    SOURCE_LANGUAGE,
    Beside,
    Expect,
    Hint,
    HintLevel,
    Instruction,
    Module,
    Scenario,
    Step,
    Text,
)
from kiosk.engine.yaml_read import PlacedList, PlacedMap, read_file

SCHEMA_VERSION = 1
MAX_WORDS = 12
DEFAULT_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "uk")

SCENARIO_KEYS = {
    "schema_version", "id", "version", "module", "title", "intro", "pictogram",
    "digcomp", "level", "surface", "fixture", "hints", "steps", "beside", "level2",
}
BESIDE_KEYS = {"surface", "fixture", "after"}
# the surfaces drawn as a phone, which can stand beside the main screen
BESIDE_SURFACES = ("bank", "sms")
STEP_KEYS = {"id", "say", "expect", "hints", "success", "next", "scroll_first"}
# a step whose target is out of view on purpose says to scroll, in French, for every
# device: "faites défiler", "tournez la molette", "glissez le doigt vers le haut"
SCROLL_WORDS = ("défil", "molette", "gliss")
HINT_KEYS = {"level", "after_seconds", "after_errors", "say"}
EXPECT_KEYS = {"action", "target", "to", "key", "rule"}
MODULE_KEYS = {"schema_version", "id", "title", "pictogram", "order", "rank"}
HINT_LEVELS = {"repeat": HintLevel.REPEAT, "highlight": HintLevel.HIGHLIGHT, "demo": HintLevel.DEMO}
DEFAULT_LADDER = (
    {"level": "repeat", "after_seconds": 10, "after_errors": 1},
    {"level": "highlight", "after_seconds": 20, "after_errors": 2},
    {"level": "demo", "after_seconds": 30, "after_errors": 3},
)
ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
STEP_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Checker:
    """Collects located problems for one file."""

    def __init__(self, path: Path, languages: Sequence[str],
                 glyphs: texts.MissingGlyphs | None = None) -> None:
        self.path = path
        self.glyphs = glyphs
        # French is the source every other language falls back to: always required.
        self.languages = (SOURCE_LANGUAGE, *(lang for lang in languages if lang != SOURCE_LANGUAGE))
        self.problems: list[ContentProblem] = []
        # texts said over the practice screen, with the step's own targets: checked
        # against the screen's labels once the fixture is read (kiosk.engine.labels)
        self.screen_texts: list[Mapping[str, Any]] = []

    def at(self, node: Any, key: Any = None) -> tuple[int, int]:
        try:
            if key is not None and isinstance(node, PlacedMap) and key in node:
                line, col = node.lc.key(key)
                return line + 1, col + 1
            if key is not None and isinstance(node, PlacedList) and isinstance(key, int):
                line, col = node.lc.item(key)
                return line + 1, col + 1
            return node.lc.line + 1, node.lc.col + 1
        except (AttributeError, KeyError, IndexError, TypeError):
            return 1, 1

    def error(self, node: Any, key: Any, what: str, fix: str) -> None:
        line, col = self.at(node, key)
        self.problems.append(ContentProblem(self.path, line, col, what, fix))

    def warn(self, node: Any, key: Any, what: str, fix: str) -> None:
        line, col = self.at(node, key)
        self.problems.append(ContentProblem(self.path, line, col, what, fix, "warning"))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    # -- typed getters ------------------------------------------------------------
    def unknown_keys(self, node: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for k in node:
            if k not in allowed and texts.comma_tail(node, k):
                self.error(node, k, *texts.cut_at_comma(k))
            elif k not in allowed:
                near = _closest(str(k), allowed)
                hint = f"did you mean '{near}'?" if near else f"use one of: {', '.join(sorted(allowed))}"
                self.error(node, k, f"unknown key '{k}' in {where}", hint)

    def need(self, node: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: str,
             example: str) -> Any:
        if key not in node:
            self.error(node, None, f"missing '{key}' in {where}", f"add '{key}: {example}'")
            return None
        value = node[key]
        if not isinstance(value, typ) or (isinstance(value, bool) and typ is int):
            self.error(node, key, f"'{key}' has the wrong type ({_type_name(value)})",
                       f"write it like '{key}: {example}'")
            return None
        return value

    def text(self, node: Any, key: str, prompt_id: str, *, spoken: bool = True) -> Text | None:
        value = node.get(key)
        if not isinstance(value, Mapping):
            self.error(node, key, f"'{key}' must give the words per language",
                       "write e.g. '{fr: Touchez la clé., nl: ..., en: ...}'")
            return None
        for lang in value:
            if lang not in KNOWN_LANGUAGES and value[lang] is None:
                # An unquoted comma inside {...} ends the text: the rest becomes a key.
                self.error(value, lang, f"the text in '{key}' is cut at a comma: "
                           f"'{lang}' was read as a new key",
                           'put text that contains a comma in quotes: fr: "Bravo, c\'est fait !"')
            elif lang not in KNOWN_LANGUAGES:
                self.error(value, lang, f"unknown language '{lang}'",
                           f"use language codes: {', '.join(KNOWN_LANGUAGES)}")
        for lang in self.languages:
            words = value.get(lang)
            if isinstance(words, str) and words.strip():
                continue
            if lang == SOURCE_LANGUAGE:
                self.error(value, None, f"missing language '{lang}' in '{key}'",
                           f"add '{lang}: <the words in that language>'")
            else:
                # The kiosk falls back to French (Text.get): the scenario stays usable.
                self.warn(value, None, f"missing translation '{lang}' in '{key}'",
                          f"add '{lang}: ...'")
        if spoken:
            for lang, words in value.items():
                if isinstance(words, str) and len(words.split()) > MAX_WORDS:
                    self.warn(value, lang, f"'{key}' has {len(words.split())} words in '{lang}'",
                              f"keep it to {MAX_WORDS} words or fewer: short sentences")
        self.screen_texts.append(value)
        return Text(prompt_id, {str(k): str(v).strip() for k, v in value.items() if isinstance(v, str)})


def _type_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing: the value is missing"
    if isinstance(value, (date, datetime)):
        return "a date"
    return "text" if isinstance(value, str) else "something YAML made of it"  # no Python names


def _closest(word: str, options: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.7)
    return found[0] if found else None


def _plain(node: Any) -> Any:
    """Placed maps and lists → plain dicts/lists (frozen model objects hold no parser types)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def read_yaml(path: Path, check: _Checker) -> Any:
    doc, problems = read_file(path)
    check.problems.extend(problems)
    return doc


# -- scenarios ---------------------------------------------------------------------

def load_scenario(path: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                  pictograms: set[str] | None = None, glyphs: texts.MissingGlyphs | None = None
                  ) -> tuple[Scenario | None, list[ContentProblem]]:
    """Read and check one scenario file.

    Every text needs French; a missing text in another of ``languages`` is a warning
    (the kiosk speaks the French instead). With ``glyphs``, a character the kiosk's
    fonts lack is a warning too. Returns the scenario (None when it has an error) and
    every problem found, warnings included.
    """
    check = _Checker(path, languages, glyphs)
    doc = read_yaml(path, check)
    if doc is None:
        if not check.problems:
            check.problems.append(ContentProblem(path, 1, 1, "the file is empty",
                                                 "start from the example in scenarios/README.md"))
        return None, check.problems
    if not isinstance(doc, PlacedMap):
        check.error(doc, None, "a scenario file must be a map of keys",
                    "start from the example in scenarios/README.md")
        return None, check.problems
    scenario = _build_scenario(doc, path, check, pictograms)
    if check.glyphs is not None:
        texts.check_glyphs(doc, check.glyphs, check.warn)
    return (None if check.failed else scenario), check.problems


def _build_scenario(doc: PlacedMap, path: Path, check: _Checker,
                    pictograms: set[str] | None) -> Scenario | None:
    check.unknown_keys(doc, SCENARIO_KEYS, "the scenario")
    schema = check.need(doc, "schema_version", int, "the scenario", str(SCHEMA_VERSION))
    if schema is not None and schema != SCHEMA_VERSION:
        check.error(doc, "schema_version", f"schema_version {schema} is not known",
                    f"use 'schema_version: {SCHEMA_VERSION}'")
    sid = check.need(doc, "id", str, "the scenario", "mouse.click")
    if sid is not None and not ID_RE.match(sid):
        check.error(doc, "id", f"id '{sid}' is not of the form module.name",
                    "use lower-case words like 'mouse.click'")
    elif sid is not None and path.stem != sid.split(".", 1)[1]:
        check.error(doc, "id", f"the file '{path.name}' holds the scenario '{sid}': "
                    "a file is named after the end of its id",
                    f"rename the file '{sid.split('.', 1)[1]}.yaml', or change the id")
    sid = sid or path.stem
    version = check.need(doc, "version", int, "the scenario", "1")
    module = check.need(doc, "module", str, "the scenario", "mouse")
    if module is not None and not sid.startswith(f"{module}."):
        check.error(doc, "module", f"module '{module}' does not match id '{sid}'",
                    f"start the id with '{module}.'")
    if module is not None and path.parent.name != module:
        check.warn(doc, "module", f"the file is in folder '{path.parent.name}'",
                   f"put it in scenarios/{module}/")
    title = check.text(doc, "title", f"{sid}.title") if "title" in doc else None
    check.screen_texts.clear()  # the title is shown on a tile, before any screen
    if "title" not in doc:
        check.error(doc, None, "missing 'title'", "add 'title: {fr: ..., nl: ..., en: ...}'")
    intro = check.text(doc, "intro", f"{sid}.intro") if "intro" in doc else None
    pictogram = check.need(doc, "pictogram", str, "the scenario", "mouse")
    if pictogram and pictograms is not None and pictogram not in pictograms:
        check.error(doc, "pictogram", f"no pictogram named '{pictogram}'",
                    "use a file name from assets/pictograms without '.png'")
    codes = _check_digcomp(doc, check)
    level = check.need(doc, "level", int, "the scenario", "1")
    if level is not None and level not in digcomp.LEVELS:
        check.error(doc, "level", f"level {level} is outside DigComp levels",
                    "use a level from 1 to 8 (our learners: 1 to 3)")
    surface_name = check.need(doc, "surface", str, "the scenario",
                              surfaces.guess(doc.get("fixture")) or " | ".join(surfaces.names()))
    spec = surfaces.get(surface_name) if surface_name else None
    if surface_name and spec is None:
        fits = surfaces.guess(doc.get("fixture"))
        check.error(doc, "surface", f"unknown surface '{surface_name}'",
                    f"write 'surface: {fits}' (the fixture is written for it)" if fits
                    else f"use one of: {', '.join(surfaces.names())}")
    fixture = check.need(doc, "fixture", Mapping, "the scenario", "{objects: [...]}")
    targets: set[str] | None = None
    gestures: Callable[[str], tuple[str, ...] | None] | None = None
    words: dict[str, Any] | None = None
    if fixture is not None:
        texts.check_fixture_texts(fixture, check.languages, check.error, check.warn)
    if spec is not None and fixture is not None:
        spec.check(fixture, lambda node, key, what, fix: check.error(node, key, what, fix))
        targets = spec.targets(fixture)
        if spec.gestures is not None:
            gestures = partial(spec.gestures, fixture)
        if spec.labels is not None and not check.failed:
            words = _plain(spec.labels(fixture))
    beside: Beside | None = None
    if "beside" in doc:
        beside, side = _check_beside(doc, check, targets)
        if side is not None and targets is not None:
            targets |= side.targets
            gestures = _both_gestures(gestures, side.gestures)
            words = {**(words or {}), **side.words}
    default_hints = doc.get("hints", DEFAULT_LADDER)
    steps_node = check.need(doc, "steps", list, "the scenario", "[- id: ...]")
    steps = (_build_steps(steps_node, sid, default_hints, targets, check, gestures)
             if steps_node else [])
    if steps_node is not None and not steps_node:
        check.error(doc, "steps", "the scenario has no steps", "add at least one step")
    if fixture is not None and spec is not None and not check.failed:
        times = labels.screen_times(fixture) | labels.screen_times(beside.fixture if beside else {})
        _check_screen_words(check, words or {}, times)
    if spec is not None and fixture is not None and steps:
        surfaces.check_placeholders(fixture, _answers(steps), check.error)
        if beside is not None:
            phone_answers = {k.removeprefix(BESIDE_PREFIX): v for k, v in _answers(steps).items()
                             if k.startswith(BESIDE_PREFIX)}
            surfaces.check_placeholders(doc["beside"]["fixture"], phone_answers, check.error)
        dead_ends.check_refusals(fixture, steps_node, check.error, lambda node, key: check.at(node, key)[0])
    if check.failed or title is None or not steps:
        return None
    scenario = Scenario(
        id=sid, version=int(version or 1), schema_version=SCHEMA_VERSION, module=str(module),
        title=title, pictogram=str(pictogram), digcomp=codes, level=int(level or 1),
        surface=str(surface_name), fixture=_plain(fixture), steps=tuple(steps), source=path,
        intro=intro, labels=words or {}, beside=beside,
    )
    if "level2" in doc and spec is not None:
        from kiosk.engine.level2 import build_level2  # (it reads with this module's checker)

        variant = build_level2(doc, scenario, spec, check)
        if variant is None:
            return None
        scenario = replace(scenario, level2=variant)
    return scenario


class _Side:
    """What the phone beside the main screen adds: its targets, gestures and words, each
    name with the prefix ``phone.``."""

    def __init__(self, spec: surfaces.SurfaceSpec, fixture: Mapping[str, Any]) -> None:
        self.targets = {BESIDE_PREFIX + t for t in spec.targets(fixture)}
        own = partial(spec.gestures, fixture) if spec.gestures is not None else None
        self.gestures = (lambda name: own(name.removeprefix(BESIDE_PREFIX))) if own else None
        self.words = ({BESIDE_PREFIX + k: v for k, v in _plain(spec.labels(fixture)).items()}
                      if spec.labels is not None else {})


def _check_beside(doc: PlacedMap, check: _Checker, main_targets: set[str] | None
                  ) -> tuple[Beside | None, _Side | None]:
    """``beside: {surface: bank, fixture: {...}, after: button.pay}``: a phone beside the
    main screen. Its fixture is checked as its surface's; its targets get the prefix
    ``phone.``, so a main surface whose own targets start so cannot have one."""
    node = check.need(doc, "beside", Mapping, "the scenario", "{surface: bank, fixture: {...}}")
    if node is None:
        return None, None
    check.unknown_keys(node, BESIDE_KEYS, "'beside'")
    name = check.need(node, "surface", str, "'beside'", "bank")
    fixture = check.need(node, "fixture", Mapping, "'beside'", "{accounts: [...], pin: \"1234\"}")
    if name is not None and name not in BESIDE_SURFACES:
        check.error(node, "surface", f"'{name}' cannot stand beside the screen: it is not a phone",
                    f"use one of: {', '.join(BESIDE_SURFACES)}")
        return None, None
    spec = surfaces.get(name) if name else None
    if spec is None or fixture is None:
        return None, None
    clash = sorted(t for t in main_targets or () if t.startswith(BESIDE_PREFIX))
    if clash:
        check.error(doc, "surface",
                    f"the main screen has its own '{clash[0]}': the phone's targets would clash",
                    "put the phone beside another surface, or use the main surface alone")
        return None, None
    texts.check_fixture_texts(fixture, check.languages, check.error, check.warn)
    before = len(check.problems)
    spec.check(fixture, lambda n, key, what, fix: check.error(n, key, what, fix))
    after = node.get("after")
    unknown = main_targets is not None and after not in main_targets
    if after is not None and (not isinstance(after, str) or unknown):
        near = _closest(str(after), main_targets or set())
        check.error(node, "after", f"the main screen has no target '{after}' to wake the phone",
                    f"did you mean '{near}'?" if near else "name the main screen's target whose step "
                    "sends the request, e.g. 'after: button.pay'")
    if any(p.severity == "error" for p in check.problems[before:]):
        return None, None
    return Beside(str(name), _plain(fixture), after if isinstance(after, str) else None), _Side(spec, fixture)


def _both_gestures(main: Callable[[str], tuple[str, ...] | None] | None,
                   side: Callable[[str], tuple[str, ...] | None] | None
                   ) -> Callable[[str], tuple[str, ...] | None]:
    """The gestures a step may expect on a name of either side."""
    def gestures(name: str) -> tuple[str, ...] | None:
        chosen = side if name.startswith(BESIDE_PREFIX) else main
        return chosen(name) if chosen is not None else None
    return gestures


def _check_screen_words(check: _Checker, words: Mapping[str, Any], times: set[str]) -> None:
    """Every text said over the screen names the screen's words as the screen writes
    them (references, copied labels, times: kiosk.engine.labels)."""
    done: set[int] = set()
    for node in check.screen_texts:
        if id(node) in done:  # a scenario's own ladder serves every step: check it once
            continue
        done.add(id(node))

        def report(lang: str | None, what: str, fix: str, node: Mapping[str, Any] = node) -> None:
            check.error(node, lang if lang in node else None, what, fix)

        by_language = {str(k): v for k, v in node.items() if isinstance(v, str)}
        labels.check_text(by_language, words, times, report, _closest)


def _answers(steps: Iterable[Step]) -> dict[str, list[str]]:
    """Field target → the right answers the steps type in it: the example, ``equals``
    and every ``one_of`` (for the placeholder check)."""
    out: dict[str, list[str]] = {}
    for s in steps:
        rule = s.expect.rule
        if s.expect.action != "type" or not s.expect.target:
            continue
        answers = [rule[k] for k in ("example", "equals") if k in rule] + list(rule.get("one_of") or [])
        out.setdefault(s.expect.target, []).extend(str(a) for a in answers)
    return out


def _check_digcomp(doc: PlacedMap, check: _Checker) -> tuple[str, ...]:
    ids = check.need(doc, "digcomp", list, "the scenario", "[digcomp:2.2:1.1]")
    if ids is None:
        return ()
    if not ids:
        check.error(doc, "digcomp", "no DigComp competence given",
                    "add at least one, e.g. 'digcomp:2.2:1.1'")
    for i, code in enumerate(ids):
        if not isinstance(code, str) or digcomp.competence_of(code) is None:
            check.error(ids, i, f"'{code}' is not a DigComp {digcomp.FRAMEWORK} competence",
                        "use an id from the table in scenarios/README.md, section "
                        "'DigComp competences and levels', e.g. 'digcomp:2.2:1.3'")
    return tuple(str(c) for c in ids)


def _build_steps(node: PlacedList, sid: str, default_hints: Any, targets: set[str] | None,
                 check: _Checker, gestures: Callable[[str], tuple[str, ...] | None] | None = None
                 ) -> list[Step]:
    steps: list[Step] = []
    seen: dict[str, int] = {}
    nexts: list[tuple[PlacedMap, str]] = []
    for i, raw in enumerate(node):
        if not isinstance(raw, PlacedMap):
            check.error(node, i, "a step must be a map", "write '- id: ...' with 'say' and 'expect'")
            continue
        check.unknown_keys(raw, STEP_KEYS, "a step")
        step_id = check.need(raw, "id", str, "a step", "open_folder")
        if step_id is None:
            continue
        if not STEP_ID_RE.match(step_id) or step_id == "end":
            check.error(raw, "id", f"step id '{step_id}' is not a simple name",
                        "use lower-case letters, digits and '_' (not 'end')")
        if step_id in seen:
            check.error(raw, "id", f"duplicate step id '{step_id}'",
                        f"rename it; step {seen[step_id] + 1} already uses it")
            continue
        seen[step_id] = i
        prefix = f"{sid}.{step_id}"
        say = _build_instruction(raw, prefix, check)
        expect = _build_expect(raw, targets, check, gestures)
        hints_node = raw.get("hints", default_hints)
        hints = _build_hints(hints_node, prefix, check, raw if "hints" in raw else None)
        success = check.text(raw, "success", f"{prefix}.success") if "success" in raw else None
        nxt = raw.get("next")
        if nxt is not None:
            if not isinstance(nxt, str):
                check.error(raw, "next", "'next' must be a step id or 'end'", "write 'next: end'")
                nxt = None
            else:
                nexts.append((raw, nxt))
        scroll_first = raw.get("scroll_first", False)
        if not isinstance(scroll_first, bool):
            check.error(raw, "scroll_first", "'scroll_first' must be true or false",
                        "write 'scroll_first: true' when the learner must scroll to find the target")
            scroll_first = False
        step = None
        if say is not None and expect is not None:
            step = Step(step_id, say, expect, hints, success, nxt, scroll_first)
        if step is not None and step.learner_scrolls:
            # the learner's eye: a target hidden on purpose needs words that say to scroll
            french = [t.get("fr") for t in step.say.texts()]
            if not all(any(w in (text or "").lower() for w in SCROLL_WORDS) for text in french):
                check.error(raw, "say", "the learner must scroll to find the target, "
                            "but the instruction does not say so",
                            "say it, e.g. 'Faites défiler la page, puis touchez …'")
        if step is not None:
            steps.append(step)
    for raw, nxt in nexts:
        if nxt != "end" and nxt not in seen:
            check.error(raw, "next", f"'next' points to unknown step '{nxt}'",
                        f"use one of: {', '.join(seen)} or 'end'")
    if not check.failed and steps:
        dead_ends.check_graph(steps, lambda step_id, what, fix: check.error(node, seen[step_id], what, fix))
    return steps


def _build_instruction(raw: PlacedMap, prefix: str, check: _Checker) -> Instruction | None:
    if "say" not in raw:
        check.error(raw, None, "missing 'say' in a step", "add 'say: {fr: ..., nl: ..., en: ...}'")
        return None
    value = raw["say"]
    if isinstance(value, Mapping) and any(k in value for k in ("any", "mouse", "touch")):
        for k in value:
            if k not in ("any", "mouse", "touch"):
                check.error(value, k, f"unknown device '{k}' in 'say'", "use 'any', 'mouse' or 'touch'")
        parts = {k: check.text(value, k, f"{prefix}.say.{k}") for k in ("any", "mouse", "touch")
                 if k in value}
        default = parts.get("any") or parts.get("touch") or parts.get("mouse")
        if "any" not in value and not ("mouse" in value and "touch" in value):
            check.error(raw, "say", "'say' for one device only",
                        "give both 'mouse:' and 'touch:', or add 'any:'")
        if default is None:
            return None
        return Instruction(default, parts.get("mouse"), parts.get("touch"))
    text = check.text(raw, "say", f"{prefix}.say")
    return None if text is None else Instruction(text)


def _build_expect(raw: PlacedMap, targets: set[str] | None, check: _Checker,
                  gestures: Callable[[str], tuple[str, ...] | None] | None = None) -> Expect | None:
    node = check.need(raw, "expect", Mapping, "a step", "{action: tap, target: object.key}")
    if node is None:
        return None
    check.unknown_keys(node, EXPECT_KEYS, "'expect'")
    word = check.need(node, "action", str, "'expect'", "tap")
    if word is None:
        return None
    name = actions.canonical(word)
    if name is None:
        check.error(node, "action", f"unknown action '{word}'",
                    f"use one of: {', '.join(actions.all_words())}")
        return None
    kind = actions.kind(name)
    for key in kind.required:
        if key not in node:
            check.error(node, None, f"action '{word}' needs '{key}'", f"add '{key}: ...' to 'expect'")
    target = node.get("target")
    if kind.needs_target and not isinstance(target, str):
        check.error(node, "target" if "target" in node else None,
                    f"action '{word}' needs a 'target'", "add e.g. 'target: object.key'")
    for key in ("target", "to"):
        name_ = node.get(key)
        if isinstance(name_, str) and targets is not None and name_ not in targets:
            near = _closest(name_, targets)
            fix = f"did you mean '{near}'?" if near else f"the surface offers: {', '.join(sorted(targets))}"
            check.error(node, key, f"the surface has no target '{name_}'", fix)
        elif isinstance(name_, str) and key == "target" and gestures is not None:
            allowed = gestures(name_)
            if allowed and name not in allowed:
                check.error(node, "action", f"on '{name_}' the learner does '{allowed[0]}', not '{word}'",
                            f"write 'action: {allowed[0]}'")
    rule = node.get("rule", {})
    if not isinstance(rule, Mapping):
        check.error(node, "rule", "'rule' must be a map", "write e.g. 'rule: {equals: Bonjour}'")
        rule = {}
    for k in rule:
        if k not in actions.TEXT_RULES and texts.comma_tail(rule, k):
            check.error(rule, k, *texts.cut_at_comma(k))
        elif k not in actions.TEXT_RULES:
            check.error(rule, k, f"unknown rule '{k}'", f"use one of: {', '.join(actions.TEXT_RULES)}")
    valid_pattern = True
    if "pattern" in rule:
        try:
            re.compile(str(rule["pattern"]))
        except re.error as exc:
            valid_pattern = False
            check.error(rule, "pattern", f"the pattern is not valid ({exc})", "fix the regular expression")
    if name == "type" and isinstance(node.get("rule"), Mapping) and valid_pattern:
        example = actions.example_answer(rule)
        if example is None:
            check.error(node, "rule", "this text rule has no example answer",
                        "add 'example: <a right answer>' (the demo shows it, the robot types it)")
        elif not actions.text_matches(rule, example):
            check.error(rule, "example" if "example" in rule else "equals",
                        f"the example '{example}' does not pass the rule", "give an example that passes")
    return Expect(name, target if isinstance(target, str) else None,
                  node.get("to") if isinstance(node.get("to"), str) else None,
                  str(node["key"]) if "key" in node else None, _plain(rule))


def _build_hints(node: Any, prefix: str, check: _Checker, owner: PlacedMap | None
                 ) -> tuple[Hint, ...]:
    if isinstance(node, tuple):
        node = list(node)
    if not isinstance(node, list) or not node:
        check.error(owner, "hints", "'hints' must be a list of help steps",
                    "write '- {level: repeat, after_seconds: 10, after_errors: 1}'")
        return ()
    hints: list[Hint] = []
    for i, h in enumerate(node):
        if not isinstance(h, Mapping):
            check.error(node, i, "a hint must be a map", "write '{level: repeat, after_seconds: 10}'")
            continue
        check.unknown_keys(h, HINT_KEYS, "a hint")
        level_word = h.get("level")
        level = HINT_LEVELS.get(str(level_word))
        if level is None:
            check.error(h, "level", f"unknown hint level '{level_word}'",
                        "use 'repeat', 'highlight' or 'demo'")
            continue
        secs = h.get("after_seconds", 1e9)
        errs = h.get("after_errors", 10**6)
        if not isinstance(secs, (int, float)) or secs <= 0:
            check.error(h, "after_seconds", "'after_seconds' must be a positive number",
                        "write e.g. 'after_seconds: 10'")
            secs = 1e9
        if not isinstance(errs, int) or errs < 1:
            check.error(h, "after_errors", "'after_errors' must be 1 or more", "write 'after_errors: 2'")
            errs = 10**6
        say = check.text(h, "say", f"{prefix}.hint{int(level)}") if "say" in h else None
        if hints and level <= hints[-1].level:
            check.error(node, i, "hints must climb: repeat, then highlight, then demo",
                        "order them from least to most help")
        hints.append(Hint(level, float(secs), int(errs), say))
    return tuple(hints)


# -- modules -----------------------------------------------------------------------

def load_module(path: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                glyphs: texts.MissingGlyphs | None = None) -> tuple[Module | None, list[ContentProblem]]:
    check = _Checker(path, languages, glyphs)
    doc = read_yaml(path, check)
    if not isinstance(doc, PlacedMap):
        if not check.problems:
            check.error(doc, None, "a module file must be a map", "write 'id:', 'title:', 'order:'")
        return None, check.problems
    check.unknown_keys(doc, MODULE_KEYS, "the module")
    mid = check.need(doc, "id", str, "the module", path.parent.name)
    if mid is not None and mid != path.parent.name:
        check.error(doc, "id", f"module id '{mid}' differs from its folder '{path.parent.name}'",
                    f"write 'id: {path.parent.name}'")
    title = check.text(doc, "title", f"module.{mid}.title") if "title" in doc else None
    if "title" not in doc:
        check.error(doc, None, "missing 'title'", "add 'title: {fr: ..., nl: ..., en: ...}'")
    pictogram = check.need(doc, "pictogram", str, "the module", "mouse")
    order = check.need(doc, "order", list, "the module", "[mouse.click, mouse.drag]")
    rank = check.need(doc, "rank", int, "the module", "1") if "rank" in doc else None
    if check.glyphs is not None:
        texts.check_glyphs(doc, check.glyphs, check.warn)
    if check.failed or title is None:
        return None, check.problems
    return Module(str(mid), title, str(pictogram), tuple(str(o) for o in order or ()), path,
                  rank), check.problems


def load_or_raise(path: Path, languages: Sequence[str] = DEFAULT_LANGUAGES) -> Scenario:
    scenario, problems = load_scenario(path, languages)
    if scenario is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    return scenario
