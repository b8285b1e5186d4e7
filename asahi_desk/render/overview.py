"""資料１ p.23 区に係る予算のすがた (two donut charts) and p.24 主な事業内容 (百万円)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..domain.findings import WARNING, Finding
from ..domain.model import OverviewRow, Plan
from ..domain.money import format_table
from ..domain.overview import FeaturesError, city_donut, fill_text, oku_rounded, oku_truncated, ward_donut
from .charts import donut
from .document import Context
from .grid import ruled_table, unit_line


def _fill(plan: Plan, ctx: Context, text: str) -> str:
    try:
        return fill_text(plan, text)
    except FeaturesError as e:
        ctx.report(Finding(WARNING, "予算のすがた", str(e), "layout_overview_text"))
        return text


def _charts(plan: Plan, ctx: Context) -> Flowable:
    layout = ctx.layout
    overview = plan.overview
    colours = layout.colours("colour.chart")
    inner_colours = [colours[0], colours[4]]
    outer_colours = colours[1:4] + colours[5:]
    width = layout.frame().width
    donut_w = (width - layout.length("overview.share_width")) / 2
    ward = donut(layout, ctx.fonts, ward_donut(overview), [plan.ward, f"{oku_truncated(overview.total)}億円"],
                 donut_w, inner_colours, outer_colours)
    city = donut(layout, ctx.fonts, city_donut(overview),
                 ["横浜市", "18区全体", f"{format_table(oku_rounded(overview.city_total))}億円"],
                 donut_w, inner_colours, outer_colours, figure=lambda m: f"{format_table(oku_rounded(m))} 億円")
    size = layout.number("overview.share_size")
    between = ctx.styles.text(f"18区全体の\n{_fill(plan, ctx, '{合計:18区比}')}%", size, "gothic", "centre")
    table = Table([[ward, between, city]], colWidths=[donut_w, width - 2 * donut_w, donut_w])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), ctx.fonts.gothic, size), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def shape_story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    overview = plan.overview
    size = layout.number("overview.intro_size")
    out: list[Flowable] = [
        styles.text(f"{plan.ward}に係る予算のすがた（{plan.year_label}一般会計予算）",
                    layout.number("overview.title_size"), "gothic", "centre"),
        Spacer(0, 4 * size / 3),
    ]
    out += [styles.text(line, size) for line in _fill(plan, ctx, overview.intro).splitlines()]
    out += [Spacer(0, size), _charts(plan, ctx), Spacer(0, size)]
    features_size = layout.number("overview.features_size")
    out.append(styles.text(f"{plan.ward}の予算の特徴", layout.number("overview.features_title_size"), "gothic"))
    out.append(Spacer(0, features_size * 0.4))
    em = styles.width("　", features_size)
    for line in _fill(plan, ctx, overview.features).splitlines():
        out.append(styles.text(line, features_size, indent=0, hang=-em))
    if overview.chart_note:
        out += [Spacer(0, features_size), styles.text(overview.chart_note, layout.number("overview.note_size"))]
    return out


def _reference_names(row: OverviewRow) -> list[str]:
    return [c.name.split("（")[0] for c in row.children if c.is_reference]


def _outline_rows(plan: Plan, ctx: Context) -> tuple[list[list[object]], list[tuple]]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("outline.size")
    em = styles.width("　", size)
    rows: list[list[object]] = [[styles.text(t, size, "gothic", "centre") for t in ("分　類", "予　算", "説　明")]]
    extra: list[tuple] = []

    def walk(row: OverviewRow, depth: int) -> None:
        amount = f"({format_table(row.amount)})" if row.is_reference else format_table(row.amount)
        description = row.description
        names = _reference_names(row)
        if names:
            description += f"　＊{'、'.join(names)}を含む {format_table(row.with_references)}百万円"
        face = "gothic" if depth == 0 else "mincho"
        rows.append([styles.text(row.name, size, face, indent=em * depth), amount,
                     styles.text(description, size)])
        if depth == 0:
            extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), layout.colour("colour.head")))
        for child in row.children:
            walk(child, depth + 1)

    for row in plan.overview.rows:
        walk(row, 0)
    overview = plan.overview
    names = [n for r in overview.counted_rows for c in r.walk() for n in _reference_names(c)]
    note = f"（※）{'、'.join(dict.fromkeys(names))}を含む {format_table(overview.total_with_references)}百万円" \
        if names else ""
    rows.append([styles.text("合　　計", size, "gothic", "centre"), format_table(overview.total),
                 styles.text(note, size)])
    extra.append(("FONT", (1, len(rows) - 1), (1, len(rows) - 1), ctx.fonts.gothic, size))
    return rows, extra


def outline_story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    rows, extra = _outline_rows(plan, ctx)
    size = layout.number("outline.size")
    out: list[Flowable] = [
        styles.text("主　な　事　業　内　容", layout.number("overview.title_size"), "gothic", "centre"),
        unit_line(ctx, "（単位：百万円）"),
        ruled_table(ctx, rows, layout.lengths("outline.columns"), figure_cols=(1,), size=size,
                    extra=[*layout.paddings("cell.outline"), *extra]),
        Spacer(0, size),
    ]
    out += [styles.text(note, layout.number("overview.note_size")) for note in plan.overview.table_notes]
    return out
