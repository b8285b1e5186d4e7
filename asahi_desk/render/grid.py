"""Ruled tables as the 区政推進課 prints them: thin grid, grey head, figures right-aligned."""

from __future__ import annotations

from typing import Any, Sequence

from reportlab.platypus import Flowable, Table, TableStyle

from .document import Context


def ruled_table(ctx: Context, rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
                figure_cols: Sequence[int] = (), size: float | None = None, extra: Sequence[tuple] = ()) -> Table:
    """A grid table under a head row (repeated on each page); plain strings in `figure_cols` right-aligned, in Mincho."""
    layout = ctx.layout
    size = size or layout.number("type.table")
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1, hAlign="CENTER")
    rule = layout.number("rule.table")
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), rule, layout.colour("colour.rule")),
        ("BOX", (0, 0), (-1, -1), layout.number("rule.frame"), layout.colour("colour.rule")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), ctx.fonts.mincho, size),
        *layout.paddings("cell.table"),
    ]
    style.append(("BACKGROUND", (0, 0), (-1, 0), layout.colour("colour.band")))
    for col in figure_cols:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    style.extend(extra)
    table.setStyle(TableStyle(style))
    return table


def unit_line(ctx: Context, text: str = "（単位：千円）") -> Flowable:
    return ctx.styles.text(text, ctx.layout.number("type.unit"), align="right")


def vertical(ctx: Context, text: str, size: float) -> Flowable:
    """A label set one character a line (縦書き), as the group labels of the 事業別一覧表."""
    from .text import escape

    chars = [escape(c) for c in text if not c.isspace()]
    return ctx.styles.markup("<br/>".join(chars), size, "mincho", "centre", leading=size * 1.18)
