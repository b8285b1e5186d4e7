"""資料１ p.1 総括表: the total 区分 and its parts, the 区分 outside it, and their notes."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.model import Plan
from ..domain.money import format_table, jnum
from ..domain.tables import SummaryTable, summary_tables
from .document import Context
from .grid import ruled_table, unit_line


def _footnote_marks(plan: Plan) -> dict[int, str]:
    marks: dict[int, str] = {}
    for category in plan.walk_categories():
        if category.footnote:
            marks[id(category)] = f"※{jnum(len(marks) + 1)}"
    return marks


def _table(plan: Plan, ctx: Context, table: SummaryTable, marks: dict[int, str]) -> Flowable:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("type.table")
    head = [styles.text(t, size, align="centre") for t in
            ("区　　分", f"{plan.year_label}\n予算", f"{plan.last_year_label}\n予算", "増▲減", "増▲減率")]
    rows: list[list[object]] = [head]
    indent = layout.length("summary.indent")
    extra: list[tuple] = []
    for row in table.rows:
        mark = marks.get(id(row.node), "")
        face = "gothic" if row.depth == 0 and len(table.rows) > 1 else "mincho"
        label = styles.text(row.label + mark, size, face, indent=indent * row.depth)
        rows.append([label, format_table(row.current), format_table(row.last), row.diff_text, row.rate_text])
    if len(table.rows) > 1:
        extra.append(("FONT", (1, 1), (-1, 1), ctx.fonts.gothic, size))
    out = ruled_table(ctx, rows, layout.lengths("summary.columns"), figure_cols=(1, 2, 3, 4), extra=extra)
    return out


def _notes(plan: Plan, ctx: Context, marks: dict[int, str]) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("summary.note_size")
    root = plan.total_category
    out: list[Flowable] = []
    n = 0
    for category in plan.walk_categories():
        if category.description is None or root is None or category is root:
            continue
        n += 1
        out.append(styles.text(f"({n}) {category.name}（{root.name}）", size, "gothic"))
        if category.description:
            out.append(styles.text(category.description, size, indent=styles.width("　", size)))
        out.append(Spacer(0, size * 0.5))
    for category in plan.walk_categories():
        if category.footnote:
            out.append(styles.text(f"({marks[id(category)]}){category.footnote}", size))
    return out


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    marks = _footnote_marks(plan)
    root = plan.total_category
    name = root.name if root else "個性ある区づくり推進費"
    out: list[Flowable] = [
        styles.text(f"{plan.year_label}　{plan.ward}{name}予算　総括表", layout.number("summary.title_size"),
                    "gothic", "centre"),
        Spacer(0, layout.length("summary.title_gap")),
    ]
    for i, table in enumerate(summary_tables(plan)):
        block: list[Flowable] = []
        if i:
            block.append(Spacer(0, layout.length("summary.table_gap")))
        if table.caption:
            block.append(styles.text(table.caption, layout.number("type.table") + 1, "gothic"))
        block.append(unit_line(ctx))
        block.append(_table(plan, ctx, table, marks))
        out.append(KeepTogether(block))
    out.append(Spacer(0, layout.length("summary.table_gap")))
    out.extend(_notes(plan, ctx, marks))
    return out
