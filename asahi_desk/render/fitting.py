"""Texts longer than a page can set, cut for print with a finding, so that a render never fails on them.

The window and the import refuse such texts (domain.text_limits); a plan made by an older version, or
from another plan, may still hold one. The plan given to render is never changed: a copy is cut.
"""

from __future__ import annotations

import copy

from ..domain.findings import WARNING, Finding
from ..domain.model import Plan
from ..domain.text_limits import LIMITS, Limit, length, limit_of

CHECK = "text_too_long"
MORE = "…（以下略）"


def _cut(text: str, limit: Limit) -> str:
    return text if length(text) <= limit.chars else text[: limit.chars - len(MORE)] + MORE


def _over(plan: Plan) -> bool:
    for project in plan.projects():
        for node in (project, *project.items):
            for (kind, attr), limit in LIMITS.items():
                if isinstance(node, kind):
                    value = getattr(node, attr)
                    texts = value if isinstance(value, list) else [value]
                    if any(length(t) > limit.chars for t in texts):
                        return True
    return False


def fit_for_print(plan: Plan) -> tuple[Plan, list[Finding]]:
    """The plan to print (a cut copy when any text is too long) and a finding for each text cut."""
    if not _over(plan):
        return plan, []
    printed = copy.deepcopy(plan)
    findings = []
    for project in printed.projects():
        for node in (project, *project.items):
            for attr in ("name", "purpose", "lines"):
                limit = limit_of(node, attr)
                if limit is None:
                    continue
                value = getattr(node, attr)
                texts = value if isinstance(value, list) else [value]
                longest = max((length(t) for t in texts), default=0)
                if longest <= limit.chars:
                    continue
                cut = [_cut(t, limit) for t in texts]
                setattr(node, attr, cut if isinstance(value, list) else cut[0])
                findings.append(Finding(
                    WARNING, node.label,
                    f"{limit.label}が長すぎるため（{longest:,} 字）、{limit.chars:,} 字までを印刷しています。"
                    f"{limit.label}を {limit.chars:,} 字以内に縮めてください。", CHECK))
    return printed, findings
