"""Perform the differences of a workbook on the plan as one change, and undo them exactly.

`apply(store, differences)` performs all of them in one transaction through
the PlanStore operations and returns an `Applied`; `revert(store, applied)`
puts every row and object back exactly (same ids, same positions). An undo
command in the window calls `revert`, and its redo calls `apply` again with
the same differences; it passes its PlanDocument for the store, which has the
same operations and tells the views of each step. A conflict is performed as
decided (the workbook's value or the plan's); an undecided one stops `apply`
before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.model import Indicator, Item
from ..store.plan_store import PlanStore, Removal
from .differences import CHANGED, REMOVED, ProjectDiff


class Undecided(ValueError):
    """A conflict has not been decided; nothing was applied."""


@dataclass
class _Updated:
    obj: Any
    old: dict[str, Any]


@dataclass
class _Inserted:
    obj: Any


@dataclass
class _Removed:
    removal: Removal


@dataclass
class _Moved:
    obj: Any
    parent: Any
    index: int


@dataclass
class Applied:
    """What `apply` did, step by step, so that `revert` can undo it exactly."""

    steps: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.steps)


def apply(store: PlanStore, differences: list[ProjectDiff]) -> Applied:
    """Make the plan what the workbook says (as its conflicts are decided), in one transaction; all of it or none."""
    undecided = sum(1 for d in differences for c in d.conflicts() if c.choice is None)
    if undecided:
        raise Undecided(f"競合 {undecided} 件の取り込み方（ブックの値か計画の値か）が決まっていません。")
    applied = Applied()
    with store.file.transaction():
        try:
            for diff in differences:
                _apply_project(store, diff, applied.steps)
        except BaseException:
            _undo(store, applied.steps)  # the objects; the transaction's rollback restores the file
            raise
    return applied


def revert(store: PlanStore, applied: Applied) -> None:
    """Undo an `apply`: every row back with its id and position, and the objects with it."""
    with store.file.transaction():
        _undo(store, applied.steps)


def _undo(store: PlanStore, steps: list[Any]) -> None:
    for step in reversed(steps):
        if isinstance(step, _Updated):
            store.update(step.obj, **step.old)
        elif isinstance(step, _Inserted):
            store.remove(step.obj)
        elif isinstance(step, _Removed):
            store.restore(step.removal)
        elif isinstance(step, _Moved):
            store.move(step.obj, step.parent, step.index)


def _apply_project(store: PlanStore, diff: ProjectDiff, steps: list[Any]) -> None:
    project = diff.project
    fields = {c.field: c.new for c in diff.changes if c.takes_workbook}
    if fields:
        steps.append(_Updated(project, store.update(project, **fields)))
    for kind, current, final in ((Item, project.items, diff.final_items),
                                 (Indicator, project.indicators, diff.final_indicators)):
        rows = [r for r in diff.rows if isinstance(r.obj, kind)]
        for r in rows:
            if r.action == REMOVED and r.happens:
                steps.append(_Removed(store.remove(r.obj)))
        for r in rows:
            fields = {c.field: c.new for c in r.changes if c.takes_workbook}
            if r.action == CHANGED and fields:
                steps.append(_Updated(r.obj, store.update(r.obj, **fields)))
        for index, obj in enumerate(final):
            if obj not in current:
                store.insert(obj, project, index)
                steps.append(_Inserted(obj))
            elif current.index(obj) != index:
                parent, old_index = store.move(obj, project, index)
                steps.append(_Moved(obj, parent, old_index))
