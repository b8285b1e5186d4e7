"""Three-way decisions: the value as exported, the plan's value now, the workbook's value.

Several 課 fill in workbooks exported the same morning, and they come back one
after another. What one section's import changed must survive the next
section's untouched cells, so each field is decided against the value the
workbook was exported with, not against the plan:

- unchanged in the workbook → the plan's value stays (whatever the plan did meanwhile);
- changed in the workbook only → the workbook's value;
- changed in both to the same value → nothing to do;
- changed in both to different values → a conflict, for the user to decide.

No openpyxl here: the reader hands over plain values.
"""

from __future__ import annotations

from typing import Any, Sequence, TypeVar

from .differences import Change

KEEP, TAKE, CONFLICT = "keep", "take", "conflict"

T = TypeVar("T")


def decide(base: Any, plan: Any, book: Any) -> str:
    if book == base or book == plan:
        return KEEP
    if plan == base:
        return TAKE
    return CONFLICT


def field_changes(base: dict[str, Any], plan: dict[str, Any], book: dict[str, Any]) -> list[Change]:
    """The changes of one object, field by field, in the order of `book`."""
    out = []
    for attr, new in book.items():
        old, exported = plan[attr], base.get(attr, plan[attr])
        outcome = decide(exported, old, new)
        if outcome == TAKE:
            out.append(Change(attr, old, new))
        elif outcome == CONFLICT:
            out.append(Change(attr, old, new, base=exported, conflict=True))
    return out


def edits(base: dict[str, Any], values: dict[str, Any]) -> list[Change]:
    """What one side changed since the export: exported → its value."""
    return [Change(attr, base.get(attr), value) for attr, value in values.items() if base.get(attr) != value]


def _contains(seq: Sequence[Any], obj: Any) -> bool:
    return any(x is obj for x in seq)


def reordered(base: Sequence[T], order: Sequence[T]) -> bool:
    """Whether `order` puts the rows it shares with `base` in another order."""
    shared = [x for x in order if _contains(base, x)]
    return shared != [x for x in base if _contains(shared, x)]


def merged_order(base: Sequence[T], plan: Sequence[T], book: Sequence[T], keep: Sequence[T]) -> list[T]:
    """The rows in `keep`, in the workbook's order if it reordered the exported rows, else in the plan's.

    A row only one side has is placed after the row it follows on that side (and after
    the rows the other side added there).
    """
    backbone, other = (book, plan) if reordered(base, book) else (plan, book)
    out = [x for x in backbone if _contains(keep, x)]
    for position, obj in enumerate(other):
        if not _contains(keep, obj) or _contains(out, obj):
            continue
        before = next((x for x in reversed(other[:position]) if _contains(out, x)), None)
        at = 0 if before is None else next(i for i, x in enumerate(out) if x is before) + 1
        while at < len(out) and not _contains(other, out[at]):  # after the rows the other side added there
            at += 1
        out.insert(at, obj)
    for obj in keep:  # a row neither side orders (kept by a conflict) stays where the plan had it
        if not _contains(out, obj):
            out.append(obj)
    return out
