"""資料１ p.1 総括表: the total 区分 and its parts, the 区分 outside it, and their notes."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.model import Plan
from ..domain.money import format_table
from ..domain.tables import SummaryNotes, SummaryTable, summary_notes, summary_tables
from .document import Context
from .grid import ruled_table, unit_line


def _table(plan: Plan, ctx: Context, table: SummaryTable, notes: SummaryNotes) -> Flowable:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("type.table")
    head = [styles.text(t, size, align="centre") for t in
            ("区　　分", f"{plan.year_label}\n予算", f"{plan.last_year_label}\n予算", "増▲減", "増▲減率")]
    rows: list[list[object]] = [head]
    indent = layout.length("summary.indent")
    extra: list[tuple] = []
    for row in table.rows:
        face = "gothic" if row.depth == 0 and len(table.rows) > 1 else "mincho"
        label = styles.text(notes.label(row), size, face, indent=indent * row.depth)
        rows.append([label, format_table(row.current), format_table(row.last), row.diff_text, row.rate_text])
    if len(table.rows) > 1:
        extra.append(("FONT", (1, 1), (-1, 1), ctx.fonts.gothic, size))
    out = ruled_table(ctx, rows, layout.lengths("summary.columns"), figure_cols=(1, 2, 3, 4), extra=extra)
    return out


def _notes(ctx: Context, notes: SummaryNotes) -> list[Flowable]:
    styles = ctx.styles
    size = ctx.layout.number("summary.note_size")
    out: list[Flowable] = []
    for note in notes.notes:
        out.append(styles.text(note.heading, size, "gothic"))
        if note.text:
            out.append(styles.text(note.text, size, indent=styles.width("　", size)))
        out.append(Spacer(0, size * 0.5))
    out += [styles.text(footnote, size) for footnote in notes.footnotes]
    return out


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    notes = summary_notes(plan)
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
            block.append(styles.text(table.caption, layout.number("summary.caption_size"), "gothic"))
        block.append(unit_line(ctx))
        block.append(_table(plan, ctx, table, notes))
        out.append(KeepTogether(block))
    out.append(Spacer(0, layout.length("summary.table_gap")))
    out.extend(_notes(ctx, notes))
    return out
