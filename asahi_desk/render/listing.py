"""資料１ p.2–3 事業別一覧表: one table per part of the total and per 区分 outside it.

Column 0 holds the table's vertical label (自主企画事業, Ⅴ 統合事務事業費 …),
column 1 the pillar of each row or a group's vertical label (統合事業費); a
lump sum (統合事務費) writes its name across both. The first table fills a
page of its own, as in the original.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from ..domain.findings import WARNING, Finding
from ..domain.money import format_table
from ..domain.model import Plan
from ..domain.tables import ListingTable, Row, listing_tables
from .document import Context
from .grid import ruled_table, unit_line, vertical
from .text import word_lines

NAME_LINES_WARN = 3  # a name wrapped to this many lines in its cell is worth a look


def _label(table: ListingTable) -> str:
    return f"{table.pillar}\n{table.label}" if table.pillar else table.label


def _table(plan: Plan, ctx: Context, table: ListingTable) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("listing.name_size")
    section_size = layout.number("listing.section_size")
    widths = layout.lengths("listing.columns")
    head = [styles.text("事業名", size, align="centre"), "", "", "",
            *(styles.text(t, size, align="centre") for t in
              (f"{plan.year_short}予算", f"{plan.last_year_short}予算",
               "増▲減", "課　　名"))]
    rows: list[list[object]] = [head]
    extra: list[tuple] = [("SPAN", (0, 0), (3, 0)), ("ALIGN", (2, 1), (2, -1), "CENTER")]

    def data_row(row: Row, first: object = "", second: object = "") -> list[object]:
        name = styles.text(row.label, size, balanced=True)
        name.wrap(widths[3] - 7, 1000)
        if len(name.line_texts()) >= NAME_LINES_WARN and row.node is not None:
            ctx.report(Finding(WARNING, getattr(row.node, "label", row.label),
                               f"事業名が長いため、事業別一覧表で{len(name.line_texts())}行に折り返しています。",
                               "layout_long_name", row.node))
        sections = styles.text("\n".join(row.sections), section_size, align="centre",
                               leading=section_size * 1.25)
        return [first, second, row.number, name, format_table(row.current), format_table(row.last),
                row.diff_text, sections]

    lone_lump = len(table.groups) == 1 and table.groups[0].category is not None \
        and table.groups[0].category.is_lump_sum and not table.pillar
    start = len(rows)
    for group in table.groups:
        group_start = len(rows)
        is_lump = group.category is not None and group.category.is_lump_sum
        for row in group.rows:
            rows.append(data_row(row))
        end = len(rows) - 1
        if lone_lump or is_lump:
            first_col = 0 if lone_lump else 1
            for r in range(group_start, end + 1):
                rows[r][first_col] = rows[r][3]
                rows[r][3] = ""
                extra.append(("SPAN", (first_col, r), (3, r)))
        elif group.label != table.label:
            rows[group_start][1] = vertical(ctx, group.label, size)
            extra.append(("SPAN", (1, group_start), (1, end)))
        elif not table.pillar:
            r = group_start
            while r <= end:  # the pillar of each run of rows
                pillar = group.rows[r - group_start].pillar
                run_end = r
                while run_end + 1 <= end and group.rows[run_end + 1 - group_start].pillar is pillar:
                    run_end += 1
                if pillar is not None:
                    pillar_size = layout.number("listing.pillar_size")
                    label = word_lines(f"{pillar.numeral}　{pillar.name}", widths[1] - 7, ctx.fonts.mincho, pillar_size)
                    rows[r][1] = styles.text("\n".join(label), pillar_size)
                extra.append(("SPAN", (1, r), (1, run_end)))
                r = run_end + 1
        else:
            extra.append(("SPAN", (0, group_start), (1, end)))  # the table's own label covers the pillar column
    end = len(rows) - 1
    if not lone_lump:
        rows[start][0] = vertical(ctx, _label(table), size)
        if not any(e[0] == "SPAN" and e[1] == (0, start) for e in extra):
            extra.append(("SPAN", (0, start), (0, end)))
    if table.total is not None:
        total = table.total
        rows.append([styles.text(total.label, size, align="centre"), "", "", "", format_table(total.current),
                     format_table(total.last), total.diff_text, ""])
        extra.append(("SPAN", (0, len(rows) - 1), (3, len(rows) - 1)))
        extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), layout.colour("colour.head")))
    return _pages(ctx, table, rows, extra, widths, size)


def _pages(ctx: Context, table: ListingTable, rows: list[list[object]], extra: list[tuple], widths: list[float],
           size: float) -> list[Flowable]:
    """The table cut into pages at row boundaries, each page with the head and its own share of every label.

    ReportLab never splits a table inside a spanned cell, and the vertical
    labels span the whole table; so a long table is cut here, and each piece
    repeats the labels of the rows it holds.
    """
    layout = ctx.layout
    frame = layout.frame()
    whole = ruled_table(ctx, rows, widths, figure_cols=(4, 5, 6), size=size, extra=extra)
    if whole.wrap(frame.width, 10**9)[1] <= frame.height - layout.length("listing.title_room"):
        return [whole]
    heights = whole._rowHeights  # noqa: SLF001 (each row's height, as ReportLab has just worked it out)
    room = frame.height - layout.length("listing.title_room") - heights[0]
    pieces: list[tuple[int, int]] = []
    first = 1
    used = 0.0
    for r in range(1, len(rows)):
        if used + heights[r] > room and r > first:
            pieces.append((first, r))
            first, used = r, 0.0
            room = frame.height - layout.length("listing.title_room") - heights[0]
        used += heights[r]
    pieces.append((first, len(rows)))
    ctx.report(Finding(WARNING, "事業別一覧表", f"「{table.label}」の表が１ページに収まらないため、"
                       f"{len(pieces)}ページに分け、見出しと区分の欄を各ページに繰り返しています。",
                       "layout_listing_pages", table.category))
    out: list[Flowable] = []
    for n, (a, b) in enumerate(pieces):
        part_rows = [list(rows[0])] + [list(r) for r in rows[a:b]]
        part_extra: list[tuple] = []
        for cmd in extra:
            name, (c0, r0), (c1, r1) = cmd[0], cmd[1], cmd[2]
            if r0 == 0 and r1 == 0:
                part_extra.append(cmd)
                continue
            lo, hi = max(r0, a), min(r1 if r1 >= 0 else len(rows) - 1, b - 1)
            if lo > hi:
                continue
            if name == "SPAN" and lo > r0:  # the label of a run begun on an earlier page, said again
                part_rows[lo - a + 1][c0] = _copy(rows[r0][c0])
            part_extra.append((name, (c0, lo - a + 1), (c1, hi - a + 1), *cmd[3:]))
        if n:
            out.append(PageBreak())
            out.append(unit_line(ctx))
        out.append(ruled_table(ctx, part_rows, widths, figure_cols=(4, 5, 6), size=size, extra=part_extra))
    return out


def _copy(cell: object) -> object:
    """A fresh copy of a label cell (a flowable may be drawn once only per place)."""
    from .text import JParagraph

    if isinstance(cell, JParagraph):
        return JParagraph(cell.text if hasattr(cell, "text") else "", cell.style)
    return cell


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    title = styles.text("事 業 別 一 覧 表", layout.number("listing.title_size"), "gothic", "centre")
    out: list[Flowable] = []
    for i, table in enumerate(listing_tables(plan)):
        if i == 0:
            out += [title, unit_line(ctx)]
        elif i == 1:
            out += [PageBreak(), unit_line(ctx)]
        else:
            out.append(Spacer(0, layout.length("listing.table_gap")))
        out.extend(_table(plan, ctx, table))
    return out
