"""The one error family for broken content: every message names file, line and fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in a content file, located for a human author."""

    path: Path
    line: int
    column: int
    what: str
    fix: str
    severity: str = "error"  # "error" skips the file; "warning" is only reported

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}:{self.column}: {tag}{self.what} — {self.fix}"


class ContentError(Exception):
    """A content file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
