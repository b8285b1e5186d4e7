"""A finding of the checks: its level, where it is, and what it says.

Kept apart from the checks so that the parts of the plan that check
themselves (the 次第, for one) can report findings without importing the
checks that run them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ERROR, WARNING, INFO = "error", "warning", "info"
LEVELS = (ERROR, WARNING, INFO)
LEVEL_LABELS = {ERROR: "エラー", WARNING: "警告", INFO: "情報"}


@dataclass(frozen=True)
class Finding:
    level: str
    node: str  # where, as staff name it: Ⅰ-１ 細事業３
    message: str
    check: str  # the check that found it
    target: object | None = field(default=None, compare=False, repr=False)  # the node itself

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "node": self.node, "message": self.message, "check": self.check}


def by_level(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; in their order within a level."""
    return sorted(findings, key=lambda f: LEVELS.index(f.level))


def count_by_level(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each level, every level named (エラー 0 件 too)."""
    found = [f.level for f in findings]
    return {level: found.count(level) for level in LEVELS}
