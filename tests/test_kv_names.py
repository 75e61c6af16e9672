"""Kivy applies a kv rule to every class of that name, whichever module defined it: two
surfaces with a class of the same name would draw each other's widgets wrongly."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "kiosk" / "ui"


def test_no_two_ui_classes_or_kv_rules_share_a_name() -> None:
    classes = Counter(m for p in UI.rglob("*.py")
                      for m in re.findall(r"^class (\w+)", p.read_text(encoding="utf-8"), re.M))
    rules = Counter(m for p in UI.rglob("*.kv")
                    for m in re.findall(r"^<(\w+)[@:>]", p.read_text(encoding="utf-8"), re.M))
    assert [name for name, n in classes.items() if n > 1] == []
    assert [name for name, n in rules.items() if n > 1] == []
