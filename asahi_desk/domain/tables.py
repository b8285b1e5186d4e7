"""The rows of the 総括表 and the 事業別一覧表, computed from the plan.

The PDF, the workbook and the command line all print these rows, so that
the three always agree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .model import Category, Item, Pillar, Plan, Project
from .money import format_rate, format_table, jnum


@dataclass(frozen=True)
class Row:
    label: str
    current: int
    last: int
    depth: int = 0
    node: object | None = field(default=None, compare=False)
    number: str = ""  # No. in the 一覧表
    pillar: Pillar | None = field(default=None, compare=False)
    sections: tuple[str, ...] = ()

    @property
    def diff(self) -> int:
        return self.current - self.last

    @property
    def diff_text(self) -> str:
        return format_table(self.diff)

    @property
    def rate_text(self) -> str:
        return format_rate(self.current, self.last)


@dataclass(frozen=True)
class SummaryTable:
    """A table of the 総括表: the total 区分 with its parts, or a 区分 outside the total."""

    caption: str
    rows: list[Row]


def _summary_rows(category: Category, depth: int) -> list[Row]:
    rows = [Row(category.display_name, category.current, category.last, depth, category)]
    for child in category.children:
        rows += _summary_rows(child, depth + 1)
    return rows


def summary_tables(plan: Plan) -> list[SummaryTable]:
    return [SummaryTable(root.caption, _summary_rows(root, 0)) for root in plan.categories]


@dataclass(frozen=True)
class SummaryNote:
    """A note under the 総括表: its heading and the 区分's description below it (may be empty)."""

    heading: str  # (1) 自主企画事業費（個性ある区づくり推進費）
    text: str


@dataclass(frozen=True)
class SummaryNotes:
    """The notes under the 総括表 and the ※ marks that tie a 区分 to its footnote."""

    notes: list[SummaryNote]
    footnotes: list[str]  # (※１)市民局及び各所管局の財源を活用して実施します。
    marks: dict[int, str] = field(compare=False)  # id(category) → ※１

    def label(self, row: Row) -> str:
        """A row's label with the ※ mark of its 区分: 旭区で企画する主な区配事業※１."""
        return row.label + self.marks.get(id(row.node), "")


def summary_notes(plan: Plan) -> SummaryNotes:
    """Each 区分 with a description, in the order of the tree and named with the 区分 it is part of; then the ※ notes."""
    notes = []
    marks: dict[int, str] = {}
    footnotes = []
    for category in plan.walk_categories():
        if category.description is not None:
            whole = f"（{category.parent.name}）" if category.parent is not None else ""
            notes.append(SummaryNote(f"({len(notes) + 1}) {category.name}{whole}", category.description))
        if category.footnote:
            marks[id(category)] = f"※{jnum(len(marks) + 1)}"
            footnotes.append(f"({marks[id(category)]}){category.footnote}")
    return SummaryNotes(notes, footnotes, marks)


@dataclass(frozen=True)
class ListingGroup:
    """A block of the 事業別一覧表 under one vertical label (自主企画事業, 統合事業費 …)."""

    label: str
    rows: list[Row]
    category: Category | None = None


@dataclass(frozen=True)
class ListingTable:
    """One table of the 事業別一覧表, with its 合計 when it has more than one row."""

    label: str  # vertical label of the whole table
    pillar: str  # the pillar numeral printed beside it (Ⅴ, Ⅵ), or "" when rows carry their own
    groups: list[ListingGroup]
    total: Row | None
    category: Category | None = None

    @property
    def rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]


Order = dict[str, int]  # 課 name → its place in the ward's list (the organisation chart)


def _names(sections: list, order: Order) -> tuple[str, ...]:  # type: ignore[type-arg]
    """The 課 in the order of the ward's list, as the 一覧表 prints them (a 事業内容 keeps the project's own)."""
    return tuple(sorted((s.name for s in sections), key=lambda name: order.get(name, len(order))))


def _project_rows(project: Project, order: Order) -> list[Row]:
    if project.listed_by_items:
        return [_item_row(item, order) for item in project.items]
    return [
        Row(project.name, project.current, project.last, 0, project, str(project.number), project.pillar,
            _names(project.all_sections, order))
    ]


def _item_row(item: Item, order: Order) -> Row:
    assert item.project is not None
    return Row(item.name, item.current, item.last or 0, 0, item, str(item.number), item.project.pillar,
               _names(item.sections, order))


def _lump_row(category: Category, order: Order) -> Row:
    return Row(category.name, category.current, category.last, 0, category, "", None,
               _names(category.sections, order))


def _group(category: Category, order: Order) -> ListingGroup:
    if category.is_lump_sum:
        return ListingGroup(category.listing_label or category.name, [_lump_row(category, order)], category)
    rows = [r for pillar in category.pillars for project in pillar.projects for r in _project_rows(project, order)]
    return ListingGroup(category.listing_label or category.name, rows, category)


def listing_tables(plan: Plan) -> list[ListingTable]:
    """The 一覧表: a table per part of the total, then one per 区分 outside it."""
    order = {s.name: i for i, s in enumerate(plan.sections)}
    parts: list[Category] = []
    for i, root in enumerate(plan.categories):
        parts += root.children if i == 0 and root.children else [root]
    tables = []
    for category in parts:
        groups = [_group(c, order) for c in category.children] if category.children else [_group(category, order)]
        groups = [g for g in groups if g.rows]  # a 区分 with no project yet (a new plan) has no rows to list
        if not groups:
            continue
        pillars = [p for c in category.walk() for p in c.pillars]
        rows = [r for g in groups for r in g.rows]
        if len(rows) == 1 and rows[0].number:  # the only row of its table is not numbered (Ⅵ 地域の担い手応援事業)
            groups = [ListingGroup(g.label, [dataclasses.replace(r, number="") for r in g.rows], g.category)
                      for g in groups]
            rows = [r for g in groups for r in g.rows]
        shared = pillars[0].numeral if len(pillars) == 1 else ""
        total = Row("合　計", category.current, category.last, 0, category) if len(rows) > 1 else None
        label = category.listing_label or category.name
        tables.append(ListingTable(label, shared, groups, total, category))
    return tables
