"""Where a row goes when it is moved by keyboard: up and down within its own list, never out of it.

Alt+↑/↓ move a row among its siblings and stop at either end with a word in the
status bar; only 「前の柱（事業）へ移す」/「次の柱（事業）へ移す」 (Alt+Shift+↑/↓) take a
事業 into the neighbouring 柱 or a 細事業 into the neighbouring 事業 of the same 区分.
"""

from __future__ import annotations

from typing import Any

from ..domain.model import Item, Pillar, Project, parent_of

ACROSS_KEYS = ("Alt+Shift+Up", "Alt+Shift+Down")
ACROSS_HINT = {Project: "柱", Item: "事業"}


def step_within(siblings: list[Any], node: Any, step: int) -> int | None:
    """The index a move by `step` takes `node` to in its own list, or None at the end."""
    index = siblings.index(node) + step
    return index if 0 <= index < len(siblings) else None


def end_message(node: Any, step: int) -> str:
    """What the status bar says when a row is already at the end of its list."""
    where = "最初" if step < 0 else "最後"
    key = "Alt+Shift+↑" if step < 0 else "Alt+Shift+↓"
    direction = "前" if step < 0 else "次"
    if isinstance(node, Pillar):
        return f"「{node.label}」はこの区分の{where}の柱です。"
    if isinstance(node, Project):
        assert node.pillar is not None
        return (f"「{node.code}」は柱「{node.pillar.label}」の{where}の事業です。{direction}の柱へ移すには"
                f" {key}（編集 → {direction}の柱（事業）へ移す）を使います。")
    assert isinstance(node, Item) and node.project is not None
    return (f"「{node.label}」は事業「{node.project.code}」の{where}の細事業です。{direction}の事業へ移すには"
            f" {key}（編集 → {direction}の柱（事業）へ移す）を使います。")


def neighbour_parent(node: Any, step: int) -> Any:
    """The 柱 before or after a 事業's own (in its 区分), or the 事業 before or after a 細事業's own
    (among the projects of the same 区分); None when there is none."""
    parent = parent_of(node)
    if isinstance(node, Project):
        assert isinstance(parent, Pillar) and parent.category is not None
        candidates: list[Any] = parent.category.pillars
    elif isinstance(node, Item):
        assert isinstance(parent, Project)
        candidates = [p for pillar in parent.category.pillars for p in pillar.projects]
    else:
        return None
    index = candidates.index(parent) + step
    return candidates[index] if 0 <= index < len(candidates) else None


def across_place(node: Any, step: int) -> tuple[Any, int] | None:
    """Where 「次の柱（事業）へ移す」 puts a row: first of the next parent, or last of the previous one."""
    parent = neighbour_parent(node, step)
    if parent is None:
        return None
    children = parent.projects if isinstance(parent, Pillar) else parent.items
    return parent, (len(children) if step < 0 else 0)


def across_refusal(node: Any, step: int) -> str:
    direction = "前" if step < 0 else "次"
    if isinstance(node, (Project, Item)):
        kind = ACROSS_HINT[type(node)]
        return f"この区分には{direction}の{kind}がありません。"
    return "柱・事業を移すには、事業または細事業の行を選んでください。"
