"""The plan as a formatted workbook: 総括表, 事業別一覧表 and one sheet per project.

Every figure comes from domain/tables.py or the plan's objects; every total is a
SUM formula over the cells it adds up, so that the workbook stays right when a
section changes an amount. With `section`, only that 課's project sheets are
written: the workbook the section fills in and sends back.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ..files import disk_error_message, write_bytes
from ..domain.model import Category, Plan, Project
from ..domain.text_limits import clean_text
from ..domain.money import display_width, format_percent
from ..domain.tables import ListingTable, listing_tables, summary_notes, summary_tables
from . import layout
from .layout import (
    AMOUNT_FORMAT,
    FONT_NAME,
    FONT_SIZE,
    LINE_HEIGHT,
    RATE_FORMAT,
    ProjectColumns,
)
from .seal import Origin, seal


class ExportError(Exception):
    """The workbook cannot be written; the message is for the user."""


# Styles ----------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_TITLE = Font(name=FONT_NAME, size=14, bold=True)
_NOTE = Font(name=FONT_NAME, size=9, color="595959")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_READONLY_FILL = PatternFill("solid", fgColor="F2F2F2")  # computed or for reference: not read back
_TOTAL_FILL = PatternFill("solid", fgColor="E7E6E6")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_VERTICAL = Alignment(horizontal="center", vertical="center", text_rotation=255, wrap_text=True)

_FORMULA_STARTS = ("=", "+", "-", "@")


def put(ws: Worksheet, row: int, col: int, value: object = None, *, font: Font = _FONT,
        align: Alignment | None = None, fill: PatternFill | None = None, border: Border | None = _BOX,
        number_format: str | None = None) -> Cell:
    """Write one cell; text is always text, even when it begins like a formula."""
    cell = ws.cell(row, col)
    if isinstance(value, str):
        value = clean_text(value)  # a control character kept by an older version: a workbook cannot hold it
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=…" for a formula
        if value.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    cell.font = font
    if align is not None:
        cell.alignment = align
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    return cell


def formula(ws: Worksheet, row: int, col: int, text: str, *, number_format: str = AMOUNT_FORMAT,
            font: Font = _FONT, fill: PatternFill | None = _READONLY_FILL) -> Cell:
    cell = ws.cell(row, col)
    cell.value = text
    cell.data_type = "f"
    cell.font = font
    cell.border = _BOX
    cell.alignment = _RIGHT
    cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _sheet_ref(ws: Worksheet, row: int, col: int) -> str:
    return f"{quote_sheetname(ws.title)}!{_ref(row, col)}"


def _absolute(ws: Worksheet, row: int, col: int) -> str:
    return f"{quote_sheetname(ws.title)}!${get_column_letter(col)}${row}"


def rate_formula(current: str, last: str) -> str:
    """増▲減率 as money.format_rate has it: 皆増, 皆減, －, or the rate rounded half-up to 0.1%.

    A decrease that rounds to zero is the text ▲ 0.0%: a spreadsheet has no negative zero to format.
    """
    rounded = f"ROUND(({current}-{last})*1000/{last},0)"
    return (f'=IF({last}=0,IF({current}>0,"皆増",IF({current}=0,"－",-1)),'
            f'IF({current}=0,"皆減",IF(AND({current}<{last},{rounded}=0),"{format_percent(Decimal("-0.0"))}",'
            f'{rounded}/1000)))')


def _merge(ws: Worksheet, row: int, first: int, last: int, *, rows: int = 1) -> None:
    if last > first or rows > 1:
        ws.merge_cells(start_row=row, start_column=first, end_row=row + rows - 1, end_column=last)
    for r in range(row, row + rows):
        for c in range(first, last + 1):
            ws.cell(r, c).border = _BOX


def _lines_needed(text: str, width: float) -> int:
    """How many lines a wrapped cell of `width` (Excel units) needs for `text`."""
    chars = max(1.0, (width - 1) / 1.1)
    return sum(max(1, math.ceil(display_width(p) / chars)) for p in (text or "").split("\n"))


def _fit_height(ws: Worksheet, row: int, lines: int) -> None:
    ws.row_dimensions[row].height = max(1, lines) * LINE_HEIGHT + 4


class _GrowingRow(RowDimension):
    """A row whose height is our estimate, not fixed: Excel and LibreOffice fit it again to the wrapped text
    when it is opened or edited (a fixed height would cut off the lines a section adds)."""

    @property
    def customHeight(self) -> bool:  # type: ignore[override]
        return False


def _fit_text_height(ws: Worksheet, row: int, lines: int) -> None:
    ws.row_dimensions[row] = _GrowingRow(ws, index=row, ht=max(1, lines) * LINE_HEIGHT + 4)


_INPUT = Protection(locked=False)


def _unlock(ws: Worksheet, row: int, first: int, last: int) -> None:
    for col in range(first, last + 1):
        ws.cell(row, col).protection = _INPUT


def _protect(ws: Worksheet) -> None:
    """Only the input cells can be typed; rows can still be inserted, deleted, sorted and resized."""
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.formatRows = p.formatColumns = p.sort = p.autoFilter = False
    p.selectLockedCells = p.selectUnlockedCells = False


AMOUNT_RULE = ("金額は千円単位の整数（0 以上）で、数字だけを入力してください（例：12345）。"
               "「▲」やカンマ、全角数字は入力できません。")


def _fit_width(texts: list[str], low: float, high: float) -> float:
    """A column wide enough for the longest line of text (display width), within bounds."""
    widest = max((display_width(line) for t in texts for line in (t or "").split("\n")), default=0)
    return max(low, min(high, widest * 1.1 + 2))


def _set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = round(width, 1)


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """A4, fitted to the page width, title rows repeated on every page, page numbers below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A　&P / &N"
    ws.oddFooter.center.font = FONT_NAME
    ws.oddFooter.center.size = 9


def _title(ws: Worksheet, text: str, last_col: int) -> None:
    put(ws, 1, 1, text, font=_TITLE, align=Alignment(horizontal="left", vertical="center"), border=None)
    put(ws, 1, last_col, "（単位：千円）", align=Alignment(horizontal="right", vertical="bottom"), border=None)
    ws.row_dimensions[1].height = 24


def _name(wb: Workbook, name: str, ws: Worksheet, row: int, col: int) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=_absolute(ws, row, col), hidden=True)


def _target_value(text: str) -> object:
    """A 事業指標 target (stored as text) written as a number when it is a plain one."""
    if text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0")):
        return int(text)
    return text


# Project sheets ----------------------------------------------------------------


@dataclass
class _Refs:
    """Cells of the project sheets that the 事業別一覧表 reads."""

    current: dict[int, str] = field(default_factory=dict)  # id(project or item) → cell
    last: dict[int, str] = field(default_factory=dict)


@dataclass
class _Manifest:
    """What the hidden sheet lists: each object exported, with its values as exported."""

    rows: list[list[object]] = field(default_factory=list)

    def add(self, kind: str, obj_id: int | None, project_id: int | None, label: str, values: dict[str, object]) -> None:
        self.rows.append([kind, obj_id, project_id, label, layout.dump_values(values)])


GUIDE = ("白い欄に入力してください（金額は千円単位、▲300 や全角数字も可）。灰色の欄は計算・参考のため取り込みません。"
         "細事業・事業指標を増やすときは表の中の空いた行に入力するか、合計より上に行を挿入してください。")


def _project_sheet(wb: Workbook, ws: Worksheet, plan: Plan, project: Project, refs: _Refs,
                   manifest: _Manifest) -> None:
    assert project.id is not None
    pid = project.id
    cols = ProjectColumns(project.lists_items)
    last_col = cols.width
    manifest.add("project", pid, pid, f"{project.code} {project.name}", layout.project_values(project))

    widths = {cols.number: 5.0, cols.mark: 5.0, cols.amount: 13.0, cols.lines: 0.0}
    if cols.last_year:
        widths[cols.last_year] = 13.0
    widths[cols.name] = _fit_width([i.name for i in project.items] + [k.name for k in project.indicators]
                                   + [layout.ITEM_NAME_HEAD], 18, 34)
    widths[cols.lines] = _fit_width([l for i in project.items for l in i.lines] + [k.unit for k in project.indicators],
                                    40, 64)
    value_width = sum(w for c, w in widths.items() if c >= cols.amount)
    label_width = sum(w for c, w in widths.items() if c < cols.amount)

    _title(ws, f"{plan.year_label}　事業内容　{project.code}", last_col)
    put(ws, 2, 1, GUIDE, font=_NOTE, align=_TOP_LEFT, border=None)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    _fit_height(ws, 2, _lines_needed(GUIDE, (label_width + value_width) * 1.2))
    _name(wb, layout.project_name(pid), ws, 1, 1)

    def field_row(row: int, label: str, value: str, *, editable: bool) -> None:
        put(ws, row, 1, label, font=_BOLD, align=_LEFT, fill=_HEAD_FILL)
        _merge(ws, row, 1, cols.amount - 1)
        put(ws, row, cols.amount, value, align=_TOP_LEFT, fill=None if editable else _READONLY_FILL)
        _merge(ws, row, cols.amount, last_col)
        if editable:
            ws.cell(row, cols.amount).protection = _INPUT
            _fit_text_height(ws, row, _lines_needed(value, value_width))
        else:
            _fit_height(ws, row, _lines_needed(value, value_width))

    field_row(3, "事業名", project.name, editable=True)
    _name(wb, layout.project_name(pid, "NAME"), ws, 3, cols.amount)
    field_row(4, "担当課", "、".join(s.name for s in project.all_sections), editable=False)
    field_row(5, "事業目的", project.purpose, editable=True)
    _name(wb, layout.project_name(pid, "PURPOSE"), ws, 5, cols.amount)

    head = 11
    first = head + 1
    last = head + len(project.items) + layout.SPARE_ITEM_ROWS
    total = last + 1
    for row, label in ((6, f"{plan.year_label}予算"), (7, f"{plan.last_year_label}予算"), (8, "増▲減"), (9, "増▲減率")):
        put(ws, row, 1, label, font=_BOLD, align=_LEFT, fill=_HEAD_FILL)
        _merge(ws, row, 1, cols.amount - 1)
    budget = _ref(6, cols.amount)
    if project.items:
        formula(ws, 6, cols.amount, f"={_ref(total, cols.amount)}")
    else:  # a project without items has a budget of its own
        put(ws, 6, cols.amount, project.current, align=_RIGHT, fill=_READONLY_FILL, number_format=AMOUNT_FORMAT)
    if cols.last_year and project.listed_by_items:
        formula(ws, 7, cols.amount, f"={_ref(total, cols.last_year)}")
    else:
        put(ws, 7, cols.amount, project.last, align=_RIGHT, fill=_READONLY_FILL, number_format=AMOUNT_FORMAT)
    previous = _ref(7, cols.amount)
    formula(ws, 8, cols.amount, f"={budget}-{previous}")
    formula(ws, 9, cols.amount, rate_formula(budget, previous), number_format=RATE_FORMAT)
    refs.current[id(project)] = _sheet_ref(ws, 6, cols.amount)
    refs.last[id(project)] = _sheet_ref(ws, 7, cols.amount)

    # 細事業
    for col, text in cols.item_heads().items():
        put(ws, head, col, text, font=_BOLD, align=_CENTER, fill=_HEAD_FILL)
    _name(wb, layout.project_name(pid, "ITEMS"), ws, head, 1)
    marks = DataValidation(type="list", formula1='"新,拡"', allow_blank=True, showErrorMessage=True,
                           errorTitle="印", error="「新」「拡」または空欄です。")
    ws.add_data_validation(marks)
    marks.add(f"{get_column_letter(cols.mark)}{first}:{get_column_letter(cols.mark)}{total}")
    number_cols = f"{get_column_letter(cols.mark)}{{r}}:{get_column_letter(last_col)}{{r}}"
    for offset in range(last - first + 1):
        row = first + offset
        item = project.items[offset] if offset < len(project.items) else None
        formula(ws, row, cols.number,
                f'=IF(COUNTA({number_cols.format(r=row)})=0,"",ROW()-ROW(${get_column_letter(1)}${head}))',
                number_format="General")
        ws.cell(row, cols.number).alignment = _CENTER
        put(ws, row, cols.mark, item.mark if item else None, align=_CENTER)
        put(ws, row, cols.name, item.name if item else None, align=_LEFT)
        put(ws, row, cols.amount, item.amount if item else None, align=_RIGHT, number_format=AMOUNT_FORMAT)
        if cols.last_year:
            put(ws, row, cols.last_year, item.last_year if item else None, align=_RIGHT, number_format=AMOUNT_FORMAT)
        put(ws, row, cols.lines, item.body if item else None, align=_TOP_LEFT)
        _unlock(ws, row, 1, last_col)  # the whole row, so that it can be deleted, moved and sorted
        if item is not None:
            assert item.id is not None
            _name(wb, layout.item_name(item.id), ws, row, 1)
            manifest.add("item", item.id, pid, f"{item.code} {item.name}", layout.item_values(item))
            refs.current[id(item)] = _sheet_ref(ws, row, cols.amount)
            if cols.last_year:
                refs.last[id(item)] = _sheet_ref(ws, row, cols.last_year)
            _fit_text_height(ws, row, max(_lines_needed(item.body, widths[cols.lines]),
                                          _lines_needed(item.name, widths[cols.name])))
    put(ws, total, 1, "合　計", font=_BOLD, align=_CENTER, fill=_TOTAL_FILL)
    _merge(ws, total, 1, cols.amount - 1)
    sum_cols = [cols.amount] + ([cols.last_year] if cols.last_year else [])
    for col in sum_cols:  # from the heading to the row above 合計: a row inserted anywhere, even right above it, counts
        letter = get_column_letter(col)
        formula(ws, total, col, f"=SUM({_ref(head, col)}:INDEX({letter}:{letter},ROW()-1))", font=_BOLD,
                fill=_TOTAL_FILL)
    whole = DataValidation(type="whole", operator="between", formula1="0", formula2="999999999", allow_blank=True,
                           showErrorMessage=True, errorTitle="金額", error=AMOUNT_RULE, showInputMessage=True,
                           promptTitle="金額（千円）", prompt="千円単位の整数（例：12345）")
    ws.add_data_validation(whole)
    for col in sum_cols:  # down to 合計, so that a row inserted right above it has the rule too
        whole.add(f"{get_column_letter(col)}{first}:{get_column_letter(col)}{total}")
    put(ws, total, cols.lines, None, fill=_TOTAL_FILL)
    _name(wb, layout.project_name(pid, "TOTAL"), ws, total, 1)

    # 事業指標: from their heading to the end of the sheet
    kpi_head = total + 2
    for col in range(1, cols.unit + 1):
        put(ws, kpi_head, col, cols.indicator_heads().get(col), font=_BOLD, align=_CENTER, fill=_HEAD_FILL)
    _name(wb, layout.project_name(pid, "KPIS"), ws, kpi_head, 1)
    for offset in range(len(project.indicators) + layout.SPARE_INDICATOR_ROWS):
        row = kpi_head + 1 + offset
        indicator = project.indicators[offset] if offset < len(project.indicators) else None
        span = f"{get_column_letter(cols.indicator_name)}{row}:{get_column_letter(cols.unit)}{row}"
        formula(ws, row, cols.number, f'=IF(COUNTA({span})=0,"",ROW()-ROW($A${kpi_head}))', number_format="General")
        ws.cell(row, cols.number).alignment = _CENTER
        put(ws, row, cols.mark, None, fill=_READONLY_FILL)  # 事業指標 have no mark
        put(ws, row, cols.indicator_name, indicator.name if indicator else None, align=_LEFT)
        put(ws, row, cols.target, _target_value(indicator.target) if indicator else None, align=_RIGHT)
        put(ws, row, cols.unit, indicator.unit if indicator else None, align=_LEFT)
        _unlock(ws, row, 1, cols.unit)
        if indicator is not None:
            assert indicator.id is not None
            _name(wb, layout.indicator_name(indicator.id), ws, row, 1)
            manifest.add("indicator", indicator.id, pid, indicator.name, layout.indicator_values(indicator))
            _fit_text_height(ws, row, _lines_needed(indicator.name, widths[cols.name]))
    for row in range(kpi_head + len(project.indicators) + layout.SPARE_INDICATOR_ROWS + 1,
                     kpi_head + len(project.indicators) + layout.SPARE_INDICATOR_ROWS + 21):
        _unlock(ws, row, cols.indicator_name, cols.unit)  # room below the table, read as 事業指標 too

    _set_widths(ws, widths)
    ws.freeze_panes = "A3"
    _print_setup(ws, "1:1")
    _protect(ws)


# 事業別一覧表 -------------------------------------------------------------------

_LISTING_COLS = {"label": 1, "pillar": 2, "number": 3, "name": 4, "current": 5, "last": 6, "diff": 7, "sections": 8}


def _listing_sheet(wb: Workbook, ws: Worksheet, plan: Plan, tables: list[ListingTable], refs: _Refs,
                   ranges: dict[int, tuple[int, int]]) -> None:
    c = _LISTING_COLS
    _title(ws, "事業別一覧表", c["sections"])
    heads = {c["label"]: "区分", c["pillar"]: "柱", c["number"]: "No.", c["name"]: "事業名",
             c["current"]: f"{plan.year_short}予算",
             c["last"]: f"{plan.last_year_short}予算", c["diff"]: "増▲減", c["sections"]: "課　名"}
    for col, text in heads.items():
        put(ws, 2, col, text, font=_BOLD, align=_CENTER, fill=_HEAD_FILL)
    ws.row_dimensions[2].height = 2 * LINE_HEIGHT
    _name(wb, layout.LISTING_ANCHOR, ws, 1, 1)
    widths = {c["label"]: 5.0, c["pillar"]: 12.0, c["number"]: 5.0, c["current"]: 13.0, c["last"]: 13.0,
              c["diff"]: 12.0}
    widths[c["name"]] = _fit_width([r.label for t in tables for r in t.rows], 24, 44)
    widths[c["sections"]] = _fit_width([s for t in tables for r in t.rows for s in r.sections] + ["課　名"], 10, 24)

    def block(col: int, first: int, last: int, text: str, *, vertical: bool, span: int = 1) -> None:
        """A label spanning rows (set vertically, one character a line) or columns."""
        put(ws, first, col, text, font=_BOLD, align=_VERTICAL if vertical else _CENTER)
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col + span - 1)
        for r in range(first, last + 1):
            for k in range(col, col + span):
                ws.cell(r, k).border = _BOX
        width = sum(widths[k] for k in range(col, col + span))
        _ensure_height(ws, first, last, len(text) if vertical else _lines_needed(text, width))

    row = 3
    for table in tables:
        start = row
        many_groups = len(table.groups) > 1
        tall = len(table.rows) + (table.total is not None) >= 3
        for group in table.groups:
            group_start = row
            runs: list[tuple[int, int, str]] = []  # rows of one pillar, when rows name their own pillar
            for r in group.rows:
                node = r.node
                put(ws, row, c["number"], int(r.number) if r.number else None, align=_CENTER)
                put(ws, row, c["name"], r.label, align=_LEFT)
                for col, cells, value in ((c["current"], refs.current, r.current), (c["last"], refs.last, r.last)):
                    source = cells.get(id(node))
                    if source is not None:
                        formula(ws, row, col, f"={source}", fill=None)
                    else:
                        put(ws, row, col, value, align=_RIGHT, number_format=AMOUNT_FORMAT)
                formula(ws, row, c["diff"], f"={_ref(row, c['current'])}-{_ref(row, c['last'])}", fill=None)
                put(ws, row, c["sections"], "\n".join(r.sections), align=_LEFT)
                _fit_height(ws, row, max(len(r.sections), _lines_needed(r.label, widths[c["name"]])))
                label = r.pillar.label if r.pillar is not None else ""
                if runs and runs[-1][2] == label:
                    runs[-1] = (runs[-1][0], row, label)
                else:
                    runs.append((row, row, label))
                row += 1
            if group.category is not None and group.rows:
                ranges[id(group.category)] = (group_start, row - 1)
            if many_groups:
                block(c["pillar"], group_start, row - 1, group.label, vertical=row - group_start > 2)
            elif tall and not table.pillar:
                for first, last, label in runs:
                    block(c["pillar"], first, last, label.replace(" ", "\n", 1), vertical=False)
        if table.total is not None:
            for col in (c["number"], c["sections"]) + (() if table.pillar and not many_groups else (c["pillar"],)):
                put(ws, row, col, None, fill=_TOTAL_FILL)
            put(ws, row, c["name"], table.total.label, font=_BOLD, align=_CENTER, fill=_TOTAL_FILL)
            for col in (c["current"], c["last"]):
                formula(ws, row, col, f"=SUM({_ref(start, col)}:{_ref(row - 1, col)})", font=_BOLD,
                        fill=_TOTAL_FILL)
            formula(ws, row, c["diff"], f"={_ref(row, c['current'])}-{_ref(row, c['last'])}", font=_BOLD,
                    fill=_TOTAL_FILL)
            row += 1
        if not tall:  # one row: the label across both label columns
            block(c["label"], start, row - 1, f"{table.pillar}　{table.label}".strip("　"), vertical=False, span=2)
        elif many_groups:
            block(c["label"], start, row - 1, f"{table.pillar}　{table.label}".strip("　"), vertical=True)
        else:
            if table.pillar:
                block(c["pillar"], start, row - 1, table.pillar, vertical=False)
            block(c["label"], start, row - 1, table.label, vertical=True)
        row += 1  # a blank row between tables

    _set_widths(ws, widths)
    ws.freeze_panes = "A3"
    ws.sheet_view.showGridLines = False
    _print_setup(ws, "1:2")
    ws.protection.sheet = True  # a report, not an input: nothing here is read back


def _ensure_height(ws: Worksheet, first: int, last: int, lines: int) -> None:
    """Make rows first..last tall enough together for `lines` lines of a merged label."""
    heights = [ws.row_dimensions[r].height or (LINE_HEIGHT + 4) for r in range(first, last + 1)]
    missing = lines * LINE_HEIGHT + 4 - sum(heights)
    if missing > 0:
        ws.row_dimensions[last].height = heights[-1] + missing


# 総括表 -----------------------------------------------------------------------


def _summary_sheet(wb: Workbook, ws: Worksheet, plan: Plan, ranges: dict[int, tuple[int, int]],
                   listing: Worksheet | None) -> None:
    tables = summary_tables(plan)
    _title(ws, f"{plan.year_label}　{plan.ward}{plan.total_category.name if plan.total_category else ''}予算　総括表", 5)
    _name(wb, layout.SUMMARY_ANCHOR, ws, 1, 1)
    widths = {1: _fit_width(["　" * r.depth + r.label for t in tables for r in t.rows], 30, 48),
              2: 14.0, 3: 14.0, 4: 13.0, 5: 11.0}
    notes = summary_notes(plan)
    row = 3
    for table in tables:
        if table.caption:
            put(ws, row, 1, table.caption, font=_BOLD, align=_LEFT, border=None)
            row += 1
        heads = ["区　　分", f"{plan.year_label}予算", f"{plan.last_year_label}予算", "増▲減", "増▲減率"]
        for col, text in enumerate(heads, start=1):
            put(ws, row, col, text, font=_BOLD, align=_CENTER, fill=_HEAD_FILL)
        ws.row_dimensions[row].height = 2 * LINE_HEIGHT
        row += 1
        cells: dict[int, int] = {}  # id(category) → its row
        for r in table.rows:
            cells[id(r.node)] = row
            row += 1
        for r in table.rows:
            at = cells[id(r.node)]
            category = r.node
            assert isinstance(category, Category)
            label = notes.label(r)
            put(ws, at, 1, label, font=_BOLD if r.depth == 0 else _FONT,
                align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1 + 2 * r.depth))
            _fit_height(ws, at, _lines_needed("　" * r.depth + label, widths[1]))
            children = [cells[id(ch)] for ch in category.children if id(ch) in cells]
            for col, value in ((2, r.current), (3, r.last)):
                letter = get_column_letter(col + 3)  # 事業別一覧表: E (this year), F (last year)
                if children and not category.pillars:
                    formula(ws, at, col, "=SUM(" + ",".join(_ref(x, col) for x in children) + ")", fill=None)
                elif id(category) in ranges and listing is not None and not category.children:
                    a, b = ranges[id(category)]
                    formula(ws, at, col, f"=SUM({quote_sheetname(listing.title)}!{letter}{a}:{letter}{b})", fill=None)
                else:
                    put(ws, at, col, value, align=_RIGHT, number_format=AMOUNT_FORMAT)
            formula(ws, at, 4, f"={_ref(at, 2)}-{_ref(at, 3)}", fill=None)
            formula(ws, at, 5, rate_formula(_ref(at, 2), _ref(at, 3)), number_format=RATE_FORMAT, fill=None)
        row += 1
    for note in notes.notes:
        put(ws, row, 1, note.heading, font=_BOLD, border=None)
        row += 1
        if note.text:
            put(ws, row, 1, note.text, align=_TOP_LEFT, border=None)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            _fit_height(ws, row, _lines_needed(note.text, sum(widths.values())))
            row += 1
    for footnote in notes.footnotes:
        put(ws, row, 1, footnote, border=None)
        row += 1
    _set_widths(ws, widths)
    ws.freeze_panes = "A4" if not tables[0].caption else "A5"  # below the headings of the first table
    ws.sheet_view.showGridLines = False
    _print_setup(ws, "1:1")
    ws.protection.sheet = True


# The workbook ------------------------------------------------------------------


def section_projects(plan: Plan, section: str | None) -> list[Project]:
    """The projects of one 課 (its own, or through its items), or all of them."""
    projects = list(plan.projects())
    if section is None:
        return projects
    wanted = section.strip()
    if plan.section(wanted) is None:
        names = "、".join(s.name for s in plan.sections)
        raise ExportError(f"課「{wanted}」はこの計画にありません（課：{names}）。")
    chosen = [p for p in projects if any(s.name == wanted for s in p.all_sections)]
    if not chosen:
        raise ExportError(f"課「{wanted}」が担当する事業はありません。")
    return chosen


def build_workbook(plan: Plan, origin: Origin, *, section: str | None = None) -> Workbook:
    projects = section_projects(plan, section)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = plan.title + (f"（{section.strip()}）" if section else "")
    wb.properties.creator = plan.author
    wb.properties.lastModifiedBy = plan.author

    summary = listing = None
    if section is None:
        summary = wb.create_sheet(layout.SUMMARY_SHEET)
        listing = wb.create_sheet(layout.LISTING_SHEET)
    refs, manifest = _Refs(), _Manifest()
    for project in projects:
        ws = wb.create_sheet(project.code)
        _project_sheet(wb, ws, plan, project, refs, manifest)
    if summary is not None and listing is not None:
        ranges: dict[int, tuple[int, int]] = {}
        _listing_sheet(wb, listing, plan, listing_tables(plan), refs, ranges)
        _summary_sheet(wb, summary, plan, ranges, listing)
    _meta_sheet(wb, plan, origin, section, manifest, dt.datetime.now())
    wb.active = 0
    return wb


def _meta_sheet(wb: Workbook, plan: Plan, origin: Origin, section: str | None, manifest: _Manifest,
                now: dt.datetime) -> None:
    ws = wb.create_sheet(layout.META_SHEET)
    ws.sheet_state = "veryHidden"  # stays hidden when LibreOffice saves the workbook
    head: list[list[object]] = [
        [layout.META_MARK, layout.FORMAT_VERSION],
        ["plan", origin.identity.uid],
        ["plan_file", origin.file_name],
        ["ward", plan.ward],
        ["fiscal_year", plan.fiscal_year],
        ["year_label", plan.year_label],
        ["section", section.strip() if section else ""],
        ["exported", now.isoformat(timespec="seconds")],
    ]
    names = [["name", name, defined.attr_text] for name, defined in sorted(wb.defined_names.items())
             if name.startswith(layout.NAME_PREFIX)]
    rows = head + [list(layout.MANIFEST_HEAD)] + manifest.rows + names
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, border=None)
    put(ws, len(rows) + 1, 1, layout.SEAL_KEY, border=None)
    put(ws, len(rows) + 1, 2, seal(origin.identity.secret, rows), border=None)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    projects: int
    section: str | None


def export_workbook(plan: Plan, path: str | os.PathLike[str], origin: Origin, *,
                    section: str | None = None) -> ExportSummary:
    """Write the workbook to `path` (through a temporary file, so a failure leaves no half file)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"「{path.name}」：書き出すファイルの拡張子は .xlsx にしてください。")
    wb = build_workbook(plan, origin, section=section)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"フォルダー「{folder}」がありません。")
    buffer = io.BytesIO()
    wb.save(buffer)  # in memory first: a full disk then fails in one place, with nothing half-closed left
    try:
        write_bytes(path, buffer.getvalue())
    except OSError as e:
        kept = f"元の「{path.name}」はそのままです。" if path.exists() else ""
        raise ExportError(disk_error_message(e, f"ブック「{path.name}」") + kept) from e
    projects = sum(1 for ws in wb.worksheets if ws.title not in (layout.SUMMARY_SHEET, layout.LISTING_SHEET,
                                                                 layout.META_SHEET))
    return ExportSummary(path, projects, section.strip() if section else None)
