"""The trainers' guide (scenarios/README.md): its generated sections, and how each of its
YAML examples becomes a file that ``kiosk scenarios check`` reads.

**One section per surface**, written from the surface's spec (its summary, guide text,
fixture keys, target names and worked example, ``kiosk.engine.surfaces``) between
``<!-- surface:NAME -->`` and ``<!-- /surface:NAME -->``, all of them inside
``<!-- surfaces -->`` … ``<!-- /surfaces -->``. ``kiosk scenarios surface NAME`` prints
the same section; ``kiosk scenarios guide --write`` writes them into the guide.

**Every ```yaml block of the guide is checked** (tests/engine/test_guide.py), by this
convention, which the guide states for trainers:

- a whole file is checked as it is: a scenario (its ``id`` has a dot) next to a small
  ``module.yaml``, or a ``module.yaml`` (an ``id`` without a dot) next to the scenarios
  its ``order`` names;
- a block whose first line is ``# part of <scenario id>`` is a piece of that complete
  scenario (a whole one in the guide, else a shipped one): its keys replace the
  scenario's — key by key under ``fixture:``, step by step (matched by ``id``) under
  ``steps:``;
- a block whose first line is ``# part of <scenario id>, step <step id>`` holds keys of
  one step: they replace that step's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.engine import surfaces, yaml_read
from kiosk.engine.loader import DEFAULT_LANGUAGES

_ALL = re.compile(r"<!-- surfaces -->\n(?P<body>.*?)<!-- /surfaces -->", re.S)
_BLOCK = re.compile(r"^```yaml\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_PART = re.compile(r"\A# part of (?P<id>[a-z0-9_]+\.[a-z0-9_]+)(?:, step (?P<step>[a-z0-9_]+))?[ \t]*$",
                   re.M)


class GuideError(ValueError):
    """The guide cannot be written or one of its examples cannot be read: what and where."""


# -- the surfaces' sections ---------------------------------------------------------------

def section(name: str) -> str:
    """One surface's section, in Markdown: what ``kiosk scenarios surface NAME`` prints."""
    spec = surfaces.get(name)
    if spec is None:
        raise GuideError(f"no surface named '{name}' — use one of: {', '.join(surfaces.names())}")
    example = spec.example().rstrip("\n")
    example_id = _top_value(example, "id")
    module = example_id.partition(".")[0]
    rows = "".join(
        f"| {', '.join(f'`{n}`' for n in row.names)} | {row.what} | "
        f"{', '.join(f'`{a}`' for a in row.actions)} |\n" for row in spec.target_names)
    keys = "".join(f"| {key} | {meaning} |\n" for key, meaning in spec.keys)
    if keys:
        keys = f"| fixture key | what it means |\n| --- | --- |\n{keys}\n"
    return (f"### `{name}` — {spec.summary}\n\n{spec.guide.strip()}\n\n{keys}"
            f"The target names a step can use, and the action words each one takes:\n\n"
            f"| target name | what it is | action |\n| --- | --- | --- |\n{rows}\n"
            f"**Worked example**, `{example_id}`: `kiosk scenarios new {module}.my_exercise "
            f"--surface {name}` writes this file under your own id and title, ready to change.\n\n"
            f"```yaml\n{example}\n```\n")


def _marked(name: str, body: str) -> str:
    return f"<!-- surface:{name} -->\n{body}<!-- /surface:{name} -->\n"


def regenerate(guide: str) -> str:
    """The guide with every surface's section written afresh between its markers."""
    found = _ALL.search(guide)
    if found is None:
        raise GuideError("the guide has no '<!-- surfaces -->' … '<!-- /surfaces -->' — "
                         "put them where the surfaces' sections go")
    body = "\n".join(_marked(name, section(name)) for name in surfaces.names())
    return guide[:found.start("body")] + "\n" + body + "\n" + guide[found.end("body"):]


def out_of_date(guide: str) -> list[str]:
    """The surfaces whose section is missing or differs from what the kiosk says."""
    stale = []
    for name in surfaces.names():
        found = re.search(re.escape(f"<!-- surface:{name} -->\n") + "(.*?)"
                          + re.escape(f"<!-- /surface:{name} -->"), guide, re.S)
        if found is None or found.group(1) != section(name):
            stale.append(name)
    return stale


def write(path: Path) -> list[str]:
    """Write the surfaces' sections into the guide at ``path``; the surfaces that changed."""
    guide = path.read_text(encoding="utf-8")
    stale = out_of_date(guide)
    fresh = regenerate(guide)
    if fresh != guide:
        path.write_text(fresh, encoding="utf-8")
    return stale


# -- the YAML examples, as files to check -------------------------------------------------

@dataclass(frozen=True)
class Example:
    """A ```yaml block of the guide; ``line``: its first line in the guide (1-based)."""

    line: int
    text: str

    @property
    def part_of(self) -> tuple[str, str | None] | None:
        """(scenario id, step id or None) when the block is marked as a part."""
        found = _PART.match(self.text)
        return (found["id"], found["step"]) if found else None


def examples(guide: str) -> list[Example]:
    return [Example(guide.count("\n", 0, m.start("body")) + 1, m["body"]) for m in _BLOCK.finditer(guide)]


def whole_scenarios(found: list[Example], shipped: Path) -> dict[str, str]:
    """Scenario id → the text of every whole scenario shown in the guide, then of every
    shipped one the guide does not show: what a part may belong to."""
    known: dict[str, str] = {}
    for example in found:
        ident = _top_value(example.text, "id") if example.part_of is None else ""
        if "." in ident:
            known.setdefault(ident, example.text)
    for path in sorted(shipped.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        ident = _top_value(text, "id")
        if path.name != "module.yaml" and "." in ident:
            known.setdefault(ident, text)
    return known


def files_to_check(example: Example, scenarios: Mapping[str, str]) -> dict[str, str]:
    """The files (path inside a scenarios folder → text) that must check clean for this
    example: the example as a whole file, or the scenario it is a part of, completed."""
    part = example.part_of
    if part is not None:
        ident, step = part
        if ident not in scenarios:
            raise GuideError(f"line {example.line}: '# part of {ident}' — no whole scenario '{ident}' in the "
                             "guide or in scenarios/; write it in full once, or name another")
        whole = _merge(_read(scenarios[ident], example), _read(example.text, example), step, example)
        return _scenario_files(ident, yaml.safe_dump(whole, allow_unicode=True, sort_keys=False, width=4096))
    ident = _top_value(example.text, "id")
    if "." in ident:
        return _scenario_files(ident, example.text)
    if ident:
        files = {f"{ident}/module.yaml": example.text}
        for name in _read(example.text, example).get("order") or []:
            if name not in scenarios:
                raise GuideError(f"line {example.line}: 'order' names '{name}', shown nowhere")
            files[f"{ident}/{name.partition('.')[2]}.yaml"] = scenarios[name]
        return files
    raise GuideError(f"line {example.line}: this YAML example is no whole file (it has no 'id:') — "
                     "start it with '# part of <scenario id>' (or '..., step <step id>')")


def _scenario_files(ident: str, text: str) -> dict[str, str]:
    module, _, name = ident.partition(".")
    words = ", ".join(f"{lang}: {module.capitalize()}" for lang in DEFAULT_LANGUAGES)
    return {f"{module}/{name}.yaml": text,
            f"{module}/module.yaml": f"schema_version: 1\nid: {module}\ntitle: {{{words}}}\n"
                                     f"pictogram: help\norder: [{ident}]\n"}


def _merge(whole: dict[str, Any], part: dict[str, Any], step: str | None, example: Example) -> dict[str, Any]:
    steps = {s.get("id"): s for s in whole.get("steps") or [] if isinstance(s, dict)}

    def into_step(ident: Any, keys: dict[str, Any]) -> None:
        if ident not in steps:
            raise GuideError(f"line {example.line}: there is no step '{ident}' in {whole.get('id')} — "
                             f"its steps: {', '.join(map(str, steps))}")
        steps[ident].update(keys)

    if step is not None:
        into_step(step, part)
        return whole
    for key, value in part.items():
        if key == "fixture" and isinstance(value, dict) and isinstance(whole.get(key), dict):
            whole[key].update(value)
        elif key == "steps" and isinstance(value, list):
            for item in value:
                into_step(item.get("id") if isinstance(item, dict) else None,
                          item if isinstance(item, dict) else {})
        else:
            whole[key] = value
    return whole


def _read(text: str, example: Example) -> dict[str, Any]:
    try:
        data = _plain(yaml_read.load(text))
    except yaml_read.YAMLError as exc:
        raise GuideError(f"line {example.line}: the YAML cannot be read ({exc})") from exc
    if not isinstance(data, dict):
        raise GuideError(f"line {example.line}: the YAML example is not a map of keys")
    return data


def _plain(node: Any) -> Any:
    """Plain maps and lists (the dumper does not know the placed ones)."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _top_value(text: str, key: str) -> str:
    """A top-level key's one-line value (``id: mouse.bin`` → ``mouse.bin``), or ''."""
    found = re.search(rf"^{key}:[ \t]*(\S+)[ \t]*(#.*)?$", text, re.M)
    return found.group(1) if found else ""
