"""Row identity that survives what spreadsheets do: sorting, moving, deleting rows, trailing empty rows, far cells."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.excel import CHANGED, export_workbook, origin_of, read_workbook
from asahi_desk.store import PlanStore
from tests.helpers import database_rows

from .xlsx_helpers import edit, row_of

SHEET = "Ⅰ-４"


def sort_rows(wb: openpyxl.Workbook, sheet: str, first: int, last: int, key_col: int, width: int) -> None:
    """Sort a block of rows by one column, descending, as a spreadsheet does: the values move, the names stay."""
    ws = wb[sheet]
    rows = [[ws.cell(r, c).value for c in range(1, width + 1)] for r in range(first, last + 1)]
    rows.sort(key=lambda values: -(values[key_col - 1] or 0))
    for r, values in zip(range(first, last + 1), rows):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value


def item_rows(wb: openpyxl.Workbook, store: PlanStore, code: str) -> tuple[int, int]:
    project = store.plan.project(code)
    return row_of(wb, f"AD_I{project.items[0].id}"), row_of(wb, f"AD_I{project.items[-1].id}")


def test_a_sorted_table_is_a_new_order_and_nothing_else(store: PlanStore, section_workbook: Path,
                                                        tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    first, last = item_rows(wb, store, "Ⅰ-4")
    path = edit(section_workbook, tmp_path / "sorted.xlsx", lambda wb: sort_rows(wb, SHEET, first, last, 4, 5))
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert diff.rows == [] and diff.changes == []
    amounts = [i.amount for i in store.plan.project("Ⅰ-4").items]
    assert [i.amount for i in diff.final_items] == sorted(amounts, reverse=True)
    assert [line for line in result.describe().splitlines() if "順序" in line] == [
        "  細事業の順序：" + " ".join("１２３４"[amounts.index(a)] for a in sorted(amounts, reverse=True))
        + "（計画の番号で）"]


def test_a_sorted_table_with_an_edit_shows_the_edit_on_its_item(store: PlanStore, section_workbook: Path,
                                                                tmp_path: Path) -> None:
    cat = store.plan.item("Ⅰ-4-2")
    wb = openpyxl.load_workbook(section_workbook)
    first, last = item_rows(wb, store, "Ⅰ-4")

    def change(wb: openpyxl.Workbook) -> None:
        wb[SHEET].cell(row_of(wb, f"AD_I{cat.id}"), 4).value = 5000
        sort_rows(wb, SHEET, first, last, 4, 5)

    result = read_workbook(edit(section_workbook, tmp_path / "s.xlsx", change), store.plan, origin_of(store))
    [diff] = result.differences
    [row] = diff.rows
    assert (row.action, row.obj, [(c.field, c.old, c.new) for c in row.changes]) == (CHANGED, cat, [("amount", 444, 5000)])
    assert diff.final_items[0] is cat


def test_the_integrated_costs_sorted_are_read_with_their_last_years(store: PlanStore, tmp_path: Path) -> None:
    source = tmp_path / "地域振興課.xlsx"
    export_workbook(store.plan, source, origin_of(store), section="地域振興課")
    wb = openpyxl.load_workbook(source)
    first, last = item_rows(wb, store, "Ⅴ-1")
    path = edit(source, tmp_path / "sorted.xlsx", lambda wb: sort_rows(wb, "Ⅴ-１", first, last, 4, 6))
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert diff.rows == [] and diff.items_reordered


def with_part(src: Path, dst: Path, change) -> Path:  # noqa: ANN001
    """Rewrite the XML of every project sheet of a workbook file."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if re.fullmatch(r"xl/worksheets/sheet[0-9]+\.xml", info.filename):
                data = change(data)
            zout.writestr(info, data)
    return dst


def test_the_trailing_empty_row_libreoffice_writes_is_not_a_row(store: PlanStore, section_workbook: Path,
                                                                 tmp_path: Path) -> None:
    path = with_part(section_workbook, tmp_path / "trailing.xlsx", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1048576" customFormat="false" ht="12.8" hidden="false" customHeight="false"/>'
                         b"</sheetData>"))
    result = read_workbook(path, store.plan, origin_of(store))
    assert (result.errors, result.differences) == ([], [])


def test_a_far_stray_cell_on_every_sheet_is_named(store: PlanStore, plan_path: Path, full_workbook: Path,
                                                  tmp_path: Path) -> None:
    """One cell at GR9999 on each project sheet: inside every size limit, reported at its cell, quickly."""
    path = edit(full_workbook, tmp_path / "far.xlsx",
                lambda wb: [wb[p.code].cell(9999, 200).__setattr__("value", "x") for p in store.plan.projects()])
    before = database_rows(plan_path)
    result = read_workbook(path, store.plan, origin_of(store))
    assert [(p.sheet, p.cell) for p in result.errors] == [(p.code, "GR9999") for p in store.plan.projects()]
    assert all("表の外に入力があります" in p.message for p in result.errors)
    assert database_rows(plan_path) == before


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_deleted_row_is_a_deletion_even_after_a_sort(store: PlanStore, section_workbook: Path, tmp_path: Path,
                                                       how: str) -> None:
    from .xlsx_helpers import delete_row

    cat = store.plan.item("Ⅰ-4-2")
    wb = openpyxl.load_workbook(section_workbook)
    first, last = item_rows(wb, store, "Ⅰ-4")

    def change(wb: openpyxl.Workbook) -> None:
        sort_rows(wb, SHEET, first, last, 4, 5)
        row = next(r for r in range(first, last + 1) if wb[SHEET].cell(r, 3).value == cat.name)
        if how == "deleted":
            delete_row(wb, SHEET, row)
        else:
            for c in range(2, 6):
                wb[SHEET].cell(row, c).value = None

    result = read_workbook(edit(section_workbook, tmp_path / "d.xlsx", change), store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(r.action, r.obj) for r in diff.rows] == [("removed", cat)]
