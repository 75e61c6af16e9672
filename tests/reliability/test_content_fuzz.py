"""Content fuzz: shipped scenario files mutated the way hurried hands and broken editors
do (lines lost, doubled, swapped or re-indented; stray characters; cut files; wrong
types; misspelt keys and targets; a lost language; bad bytes; alias bombs). Each one is
either refused with ``file:line:column: what — fix`` in plain words, or accepted as a
valid scenario; the other files are always kept; nothing raises.

A seeded mutator, so a failure names the case that reproduces it. Fast: 100 files;
long: 1,000 (plus ``kiosk scenarios check`` on every 10th as a separate process).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.engine import load_catalogue
from kiosk.engine.path_file import is_path_file
from tests.gui.conftest import ROOT

pytestmark = pytest.mark.xdist_group("test_content_fuzz")

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<what>.+) — (?P<fix>.+)$", re.S)
NOT_PLAIN = ("Traceback", "object at 0x", "<class", "Error(", "NoneType", "\\x")
STRAY = [":", "- ", "[", "]", "{", "}", '"', "'", "\t", "&a ", "*a", "!", "%", "#", "|", ">", "@", "`",
         "é", "\u200f", "\ufeff"]
VALUES = ["", "~", "null", "0", "-1", "99999999999999999999", "3.5", "true", "[]", "{}", "[1, 2]",
          "{fr: x}", "'", "x" * 5000, "mouse.click", "tap", "object.wach", ".", "é"]


def mutate(text: str, rng: random.Random) -> tuple[str | bytes, list[str]]:
    """One to three edits; returns the new content and what was done (to reproduce)."""
    lines = text.split("\n")
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["delete", "double", "swap", "indent", "stray", "cut", "value", "key",
                           "target", "language", "bytes", "alias", "long"])
        i = rng.randrange(len(lines))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "double":
            lines.insert(i, line)
        elif kind == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = (" " * rng.choice([1, 2, 4]) + line) if rng.random() < 0.6 else line.lstrip()
        elif kind == "stray":
            at = rng.randint(0, len(line))
            lines[i] = line[:at] + rng.choice(STRAY) + line[at:]
        elif kind == "cut":
            joined = "\n".join(lines)
            lines = joined[:rng.randint(0, len(joined))].split("\n")
        elif kind == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(VALUES)}"
        elif kind == "key" and ":" in line and line.strip()[:1].isalpha():
            key, rest = line.split(":", 1)
            pos = rng.randrange(len(key.strip())) + len(key) - len(key.lstrip())
            lines[i] = key[:pos] + rng.choice("xzq_") + key[pos + 1:] + ":" + rest
        elif kind == "target" and "target:" in line:
            lines[i] = line.rstrip() + rng.choice(["x", "s", ".0", "_"])
        elif kind == "language":
            lines = [ln for ln in lines if not re.match(rf"\s*{rng.choice(['fr', 'nl', 'ar'])}:", ln)]
        elif kind == "bytes":
            raw = "\n".join(lines).encode()
            at = rng.randrange(len(raw) + 1)
            done.append(kind)
            return raw[:at] + rng.choice([b"\x00", b"\xff\xfe", b"\xc3", b"\x1b[2J"]) + raw[at:], done
        elif kind == "alias":
            bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            bomb += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 8)]
            lines[i:i] = bomb
        elif kind == "long":
            lines[i] = line + " " + "mot " * rng.randint(50, 3000)
        done.append(kind)
    return "\n".join(lines), done


def fuzz(count: int, seed: int, tmp: Path, cli_every: int = 0) -> dict[str, int]:
    rng = random.Random(seed)
    originals = sorted(BUNDLED_SCENARIOS.glob("*/*.yaml"))
    originals = [p for p in originals if p.name != "module.yaml" and not is_path_file(p)]
    # one small content folder per module (its module.yaml and scenarios): the loader
    # reads the same files as the kiosk's, ten times faster than the whole catalogue
    roots, baselines = {}, {}
    for module in sorted({p.parent.name for p in originals}):
        roots[module] = tmp / module
        shutil.copytree(BUNDLED_SCENARIOS / module, tmp / module / module)
        baselines[module] = load_catalogue(roots[module])
        assert not baselines[module].errors
    tally = {"files": 0, "refused": 0, "accepted": 0, "tracebacks": 0, "cli_runs": 0}
    for case in range(count):
        source = rng.choice(originals)
        root, baseline = roots[source.parent.name], baselines[source.parent.name]
        target = root / source.parent.name / source.name
        content, edits = mutate(source.read_text(encoding="utf-8"), rng)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        where = f"case {case} (seed {seed}): {source.name} after {edits}"
        try:
            catalogue = load_catalogue(root)
        except Exception as error:  # the one thing that must never happen
            tally["tracebacks"] += 1
            raise AssertionError(f"{where}: the loader raised {error!r}") from error
        tally["files"] += 1
        errors = [p for p in catalogue.errors if p.path == target]
        # the files whose exercises are gone (a file with a level2: holds two)
        others = {baseline.scenarios[i].source.name
                  for i in set(baseline.scenarios) - {s.id for s in catalogue.scenarios.values()}}
        line_count = len(target.read_bytes().split(b"\n")) + 1
        for problem in catalogue.problems:
            said = str(problem)
            m = LOCATED.match(said)
            assert m and m["path"] == str(problem.path), f"{where}: not located: {said!r}"
            assert 1 <= int(m["line"]) <= max(line_count, 1), f"{where}: line out of the file: {said!r}"
            assert not any(bad in m["what"] for bad in NOT_PLAIN), f"{where}: not plain words: {said!r}"
        if errors:
            tally["refused"] += 1
            assert not any(s.source == target for s in catalogue.scenarios.values()), where
            # only the broken file is left out (an id it now clashes with may go too)
            assert len(others) <= 1, f"{where}: other files lost: {others}"
        else:
            tally["accepted"] += 1
            assert any(s.source == target for s in catalogue.scenarios.values()) or \
                any(p.path == target for p in catalogue.problems), f"{where}: neither kept nor refused"
        if cli_every and case % cli_every == 0:
            tally["cli_runs"] += 1
            proc = subprocess.run([sys.executable, "-m", "kiosk", "scenarios", "check", str(target)],
                                  capture_output=True, text=True, cwd=ROOT, timeout=60)
            assert "Traceback" not in proc.stdout + proc.stderr, f"{where}: {proc.stderr[-2000:]}"
            assert proc.returncode == (1 if errors else 0), f"{where}: exit {proc.returncode}"
            assert all(LOCATED.match(ln) for ln in proc.stdout.splitlines()[:-1]), f"{where}: {proc.stdout}"
        shutil.copyfile(source, target)  # the next case starts from the shipped content
    return tally


def test_content_fuzz_fast(tmp_path: Path) -> None:
    tally = fuzz(100, seed=1, tmp=tmp_path, cli_every=50)
    assert tally["refused"] >= 50 and tally["tracebacks"] == 0


@pytest.mark.long
def test_content_fuzz_long(tmp_path: Path, figure: Callable[[str], None]) -> None:
    started = time.monotonic()
    tally = fuzz(1000, seed=2026, tmp=tmp_path, cli_every=10)
    figure(f"content fuzz: {tally['files']} mutated files, {tally['refused']} refused with file:line, "
           f"{tally['accepted']} still valid and kept, {tally['tracebacks']} tracebacks, "
           f"{tally['cli_runs']} 'kiosk scenarios check' runs, {time.monotonic() - started:.0f} s")
