"""What a returned workbook would change in the plan: problems, or differences and conflicts.

Plain objects (no openpyxl, no Qt): the reader (importer.py) makes them, the
window and the command show them, applying.py performs them. A difference is
three-way (merge.py): the value as exported, the plan's value now, the
workbook's value. Where the plan and the workbook both changed a field (or one
deleted a row the other changed), it is a conflict, decided by the user
(`choice`: the workbook's value or the plan's) before anything is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Union

from ..domain.model import Indicator, Item, Project
from ..domain.money import format_table, jnum

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
WORKBOOK, PLAN = "workbook", "plan"  # how a conflict is decided: the workbook's value, or the plan's
DELETED_IN_BOOK = "deleted_in_book"  # the workbook deleted a row that the plan changed since the export
DELETED_IN_PLAN = "deleted_in_plan"  # the plan deleted a row that the workbook changed

FIELD_LABELS = {"name": "名称", "purpose": "事業目的", "mark": "印", "amount": "金額", "lines": "内容",
                "target": "目標", "unit": "単位"}
Row = Union[Item, Indicator]


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that stops the import; where the user made it, and what to do."""

    message: str
    sheet: str = ""
    cell: str = ""
    order: tuple[int, int, int] = field(default=(0, 0, 0), compare=False)  # sheet, row, column: the list's order

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"シート「{self.sheet}」のセル {self.cell}"
        if self.sheet:
            return f"シート「{self.sheet}」"
        return ""

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


def show(attr: str, value: Any, limit: int = 40) -> str:
    """A field's value as the differences show it."""
    if attr == "amount":
        return f"{format_table(value)}千円" if value is not None else "（なし）"
    if attr == "mark":
        return value or "（なし）"
    if attr == "lines":
        text = "／".join(value) if value else "（なし）"
    else:
        text = str(value) if value not in (None, "") else "（なし）"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Change:
    """One field: the plan's value → the workbook's; a conflict also knows the value as exported."""

    field: str
    old: Any  # the plan's value now
    new: Any  # the workbook's value
    base: Any = None  # the value as exported (for a conflict)
    conflict: bool = False
    choice: str | None = None  # WORKBOOK or PLAN, for a conflict

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def takes_workbook(self) -> bool:
        return not self.conflict or self.choice == WORKBOOK

    @property
    def value(self) -> Any:
        """The value the plan will have (the plan's own while a conflict is undecided)."""
        return self.new if self.takes_workbook else self.old

    def text(self, limit: int = 40) -> str:
        if self.conflict:
            return (f"{self.label} 書き出し時 {show(self.field, self.base, limit)} / 計画 {show(self.field, self.old, limit)}"
                    f" / ブック {show(self.field, self.new, limit)}")
        return f"{self.label} {show(self.field, self.old, limit)} → {show(self.field, self.new, limit)}"


def summary_of(obj: Row) -> str:
    """A row in a few words: 新 食品衛生講習会 90千円 / 訓練の回数 84回."""
    if isinstance(obj, Item):
        return " ".join(x for x in (obj.mark, obj.name, f"{format_table(obj.amount)}千円") if x)
    return " ".join(x for x in (obj.name, f"{obj.target}{obj.unit}") if x)


@dataclass
class RowDiff:
    """An item or 事業指標 added, removed or changed (or, with `conflict`, deleted on one side and changed on the other)."""

    action: str
    obj: Row  # the object in the plan, or the new one to insert
    cell: str  # its row in the workbook (for an addition or a change)
    changes: list[Change] = field(default_factory=list)
    number: int = 0  # its number: in the plan (removed, changed) or in the workbook (added)
    conflict: str = ""  # DELETED_IN_BOOK (changes: exported → plan) or DELETED_IN_PLAN (changes: exported → workbook)
    choice: str | None = None

    @property
    def kind(self) -> str:
        return "細事業" if isinstance(self.obj, Item) else "事業指標"

    @property
    def summary(self) -> str:
        return summary_of(self.obj)

    @property
    def happens(self) -> bool:
        """Whether the addition or removal is done (always, unless a conflict keeps the plan's side)."""
        return not self.conflict or self.choice == WORKBOOK

    def text(self) -> str:
        head = f"{self.kind}{jnum(self.number)}"
        if self.conflict == DELETED_IN_BOOK:
            edits = "、".join(f"{c.label} {show(c.field, c.old)} → {show(c.field, c.new)}" for c in self.changes)
            return f"{head} {self.obj.name}：ブックで削除、計画では書き出し後に変更（{edits}）"
        if self.conflict == DELETED_IN_PLAN:
            edits = "、".join(f"{c.label} {show(c.field, c.old)} → {show(c.field, c.new)}" for c in self.changes)
            return f"{head} {self.obj.name}：計画では書き出し後に削除、ブックで変更（{edits}）"
        if self.action == ADDED:
            return f"{head} 追加：{self.summary}"
        if self.action == REMOVED:
            return f"{head} 削除：{self.summary}"
        return f"{head} {self.obj.name}：" + "、".join(c.text() for c in self.changes if not c.conflict)


@dataclass
class Conflict:
    """One decision to make: a field changed on both sides, or a row deleted on one side and changed on the other."""

    diff: ProjectDiff
    row: RowDiff | None
    change: Change | None

    @property
    def _holder(self) -> Any:
        return self.change if self.change is not None else self.row

    @property
    def choice(self) -> str | None:
        return self._holder.choice

    @choice.setter
    def choice(self, value: str | None) -> None:
        assert value in (None, WORKBOOK, PLAN)
        self._holder.choice = value

    @property
    def what(self) -> str:
        """Where: Ⅱ-１ 地域防災… 細事業２ 防災活動事業：金額."""
        head = f"{self.diff.project.code} {self.diff.project.name}"
        if self.row is None:
            assert self.change is not None
            return f"{head}　{self.change.label}"
        row = f"{self.row.kind}{jnum(self.row.number)} {self.row.obj.name}"
        if self.change is not None:
            return f"{head}　{row}：{self.change.label}"
        return f"{head}　{row}"

    def values(self, limit: int = 300) -> tuple[str, str, str]:
        """書き出し時 / 計画 / ブック as text."""
        if self.change is not None:
            c = self.change
            return show(c.field, c.base, limit), show(c.field, c.old, limit), show(c.field, c.new, limit)
        row = self.row
        assert row is not None
        edits = "、".join(f"{c.label} {show(c.field, c.new, limit)}" for c in row.changes)
        exported = "、".join(f"{c.label} {show(c.field, c.old, limit)}" for c in row.changes)
        if row.conflict == DELETED_IN_BOOK:
            return exported, f"変更（{edits}）", "（削除）"
        return exported, "（削除）", f"変更（{edits}）"

    def text(self) -> str:
        base, plan, book = self.values(40)
        return f"{self.what}：書き出し時 {base} / 計画 {plan} / ブック {book}"


@dataclass
class ProjectDiff:
    """What the workbook changes in one project."""

    project: Project
    sheet: str
    changes: list[Change] = field(default_factory=list)  # name, purpose
    rows: list[RowDiff] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # its items after the import, in order, with every conflict's row
    indicators: list[Indicator] = field(default_factory=list)

    def final(self, rows: list[Any]) -> list[Any]:
        """`items` or `indicators` as the decisions have them: a conflict's row only when its side is kept."""
        out = []
        for obj in rows:
            row = next((r for r in self.rows if r.obj is obj and r.conflict), None)
            if row is None or (row.conflict == DELETED_IN_PLAN) == row.happens:
                out.append(obj)
        return out

    @property
    def final_items(self) -> list[Item]:
        return self.final(self.items)

    @property
    def final_indicators(self) -> list[Indicator]:
        return self.final(self.indicators)

    @property
    def items_reordered(self) -> bool:
        return _reordered(self.project.items, self.final_items)

    @property
    def indicators_reordered(self) -> bool:
        return _reordered(self.project.indicators, self.final_indicators)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.rows and not self.items_reordered and not self.indicators_reordered

    def conflicts(self) -> Iterator[Conflict]:
        for c in self.changes:
            if c.conflict:
                yield Conflict(self, None, c)
        for r in self.rows:
            if r.conflict:
                yield Conflict(self, r, None)
            for c in r.changes:
                if c.conflict:
                    yield Conflict(self, r, c)

    @property
    def current_after(self) -> int:
        """The project's budget once the differences are applied (as decided so far)."""
        items = self.final_items
        if not items:
            return self.project.amount or 0
        amounts = {id(r.obj): c.value for r in self.rows if not r.conflict for c in r.changes if c.field == "amount"}
        return sum(amounts.get(id(i), i.amount) for i in items)

    def reorders(self) -> list[tuple[str, str, str]]:
        """(細事業 or 事業指標, the plan's numbers in order, the same numbers in the new order)."""
        out = []
        for kind, old, new in (("細事業", self.project.items, self.final_items),
                               ("事業指標", self.project.indicators, self.final_indicators)):
            if _reordered(old, new):
                kept = [x for x in new if x in old]
                before = " ".join(jnum(old.index(x) + 1) for x in old if x in kept)
                out.append((kind, before, " ".join(jnum(old.index(x) + 1) for x in kept)))
        return out

    def lines(self) -> list[str]:
        """The differences that are not conflicts (those are listed first, by ImportResult)."""
        before, after = self.project.current, self.current_after
        total = f"　事業計 {format_table(before)} → {format_table(after)}千円" if before != after else ""
        out = [f"{self.project.code} {self.project.name}{total}"]
        out += [f"  {c.text()}" for c in self.changes if not c.conflict]
        out += [f"  {r.text()}" for r in self.rows if not r.conflict and (r.action != CHANGED
                                                                         or any(not c.conflict for c in r.changes))]
        out += [f"  {kind}の順序：{order}（計画の番号で）" for kind, _, order in self.reorders()]
        return out


def _reordered(old: list[Any], new: list[Any]) -> bool:
    kept = [x for x in new if x in old]
    return kept != [x for x in old if x in kept]


@dataclass
class ImportResult:
    path: Path
    errors: list[Problem] = field(default_factory=list)
    differences: list[ProjectDiff] = field(default_factory=list)
    section: str = ""
    projects: int = 0  # project sheets read

    @property
    def ok(self) -> bool:
        return not self.errors

    def conflicts(self) -> list[Conflict]:
        return [c for d in self.differences for c in d.conflicts()]

    @property
    def undecided(self) -> int:
        return sum(1 for c in self.conflicts() if c.choice is None)

    def decide_all(self, choice: str) -> None:
        for conflict in self.conflicts():
            conflict.choice = choice

    def describe(self) -> str:
        if self.errors:
            return "\n".join(str(p) for p in self.errors)
        if not self.differences:
            return "計画との違いはありません。"
        out = []
        conflicts = self.conflicts()
        if conflicts:
            out.append(f"競合 {len(conflicts)} 件（ブックと計画の両方で、書き出し後に変更されています）：")
            out += [f"  競合：{c.text()}" for c in conflicts]
            out.append("")
        out += [line for d in self.differences for line in d.lines()]
        return "\n".join(out)
