"""資料１ p.2–3 事業別一覧表: one table per part of the total and per 区分 outside it.

Column 0 holds the table's vertical label (自主企画事業, Ⅴ 統合事務事業費 …),
column 1 the pillar of each row or a group's vertical label (統合事業費); a
lump sum (統合事務費) writes its name across both. The first table fills a
page of its own, as in the original.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from ..domain.checks import WARNING, Finding
from ..domain.money import format_table, fiscal_year_short
from ..domain.model import Plan
from ..domain.tables import ListingTable, Row, listing_tables
from .document import Context
from .grid import ruled_table, unit_line, vertical

NAME_LINES_WARN = 3  # a name wrapped to this many lines in its cell is worth a look


def _label(table: ListingTable) -> str:
    return f"{table.pillar}\n{table.label}" if table.pillar else table.label


def _table(plan: Plan, ctx: Context, table: ListingTable) -> Flowable:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("listing.name_size")
    section_size = layout.number("listing.section_size")
    widths = layout.lengths("listing.columns")
    head = [styles.text("事業名", size, align="centre"), "", "", "",
            *(styles.text(t, size, align="centre") for t in
              (f"{fiscal_year_short(plan.fiscal_year)}予算", f"{fiscal_year_short(plan.fiscal_year - 1)}予算",
               "増▲減", "課　　名"))]
    rows: list[list[object]] = [head]
    extra: list[tuple] = [("SPAN", (0, 0), (3, 0)), ("ALIGN", (2, 1), (2, -1), "CENTER")]

    def data_row(row: Row, first: object = "", second: object = "") -> list[object]:
        name = styles.text(row.label, size)
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
                    rows[r][1] = styles.text(f"{pillar.numeral}　{pillar.name}", size)
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
    out = ruled_table(ctx, rows, widths, figure_cols=(4, 5, 6), size=size, extra=extra)
    frame = layout.frame()
    if out.wrap(frame.width, frame.height)[1] > frame.height - layout.length("listing.title_room"):
        ctx.report(Finding(WARNING, "事業別一覧表", f"「{table.label}」の表が１ページに収まらないため、"
                           "見出し行を繰り返して次のページに続けています。", "layout_listing_pages", table.category))
    return out


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
        out.append(_table(plan, ctx, table))
    return out
