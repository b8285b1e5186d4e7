"""Project sheets as a section meets them: protected but for the input cells, amounts whole numbers, rows that
grow with their text; and the same in LibreOffice Calc, where the sheet's 合計 counts what the import counts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.excel import ADDED, REMOVED, apply, export_workbook, origin_of, read_workbook
from asahi_desk.excel.layout import META_SHEET
from asahi_desk.store import PlanStore

from .xlsx_helpers import LibreOffice, row_of

SHEET = "Ⅰ-４"


def test_only_the_input_cells_can_be_typed(store: PlanStore, section_workbook: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    ws = wb[SHEET]
    project = store.plan.project("Ⅰ-4")
    p = ws.protection
    assert p.sheet and not p.insertRows and not p.deleteRows and not p.sort and not p.formatRows
    head = row_of(wb, f"AD_P{project.id}_ITEMS")
    total = row_of(wb, f"AD_P{project.id}_TOTAL")
    kpis = row_of(wb, f"AD_P{project.id}_KPIS")
    unlocked = {"D3", "D5"} | {f"{c}{r}" for r in range(head + 1, total) for c in "ABCDE"} | {
        f"{c}{r}" for r in range(kpis + 1, kpis + 1 + len(project.indicators) + 1) for c in "ABCDE"}
    grey = ["D4", "D6", "D7", "D8", "D9", f"A{head}", f"D{head}", f"A{total}", f"D{total}", f"C{kpis}"]
    assert all(not ws[ref].protection.locked for ref in unlocked)
    assert all(ws[ref].protection.locked for ref in grey)


def test_amounts_are_whole_numbers_with_a_japanese_message(store: PlanStore, section_workbook: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    project = store.plan.project("Ⅰ-4")
    head, total = row_of(wb, f"AD_P{project.id}_ITEMS"), row_of(wb, f"AD_P{project.id}_TOTAL")
    [rule] = [v for v in wb[SHEET].data_validations.dataValidation if v.type == "whole"]
    assert (str(rule.sqref), rule.formula1, rule.formula2) == (f"D{head + 1}:D{total}", "0", "999999999")
    assert rule.showErrorMessage and "千円単位の整数" in rule.error


def test_rows_with_text_are_not_of_fixed_height(section_workbook: Path) -> None:
    with zipfile.ZipFile(section_workbook) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = zf.read(names[0]).decode()
    rows = re.findall(r'<row r="([0-9]+)"([^>]*)>', xml)
    heights = {int(r): attrs for r, attrs in rows if "ht=" in attrs}
    assert 'customHeight="1"' not in heights[5]  # 事業目的
    assert 'customHeight="1"' not in heights[12]  # the first item
    assert 'customHeight="1"' in heights[1]  # the title keeps its own


# In LibreOffice Calc --------------------------------------------------------------


def test_protection_and_the_hidden_sheet_survive_a_save_in_calc(libreoffice: LibreOffice, store: PlanStore,
                                                                 section_workbook: Path, tmp_path: Path) -> None:
    saved = libreoffice.convert(section_workbook, tmp_path / "calc")
    wb = openpyxl.load_workbook(saved)
    ws = wb[SHEET]
    assert ws.protection.sheet and not ws.protection.insertRows and not ws.protection.deleteRows
    assert ws["D4"].protection.locked and not ws["D3"].protection.locked  # 担当課 grey, 事業名 white
    assert wb[META_SHEET].sheet_state != "visible"  # Calc writes it back as hidden (not very hidden): still hidden
    result = read_workbook(saved, store.plan, origin_of(store))
    assert (result.errors, result.differences) == ([], [])


def test_a_row_inserted_right_above_the_total_is_counted_by_the_sheet(libreoffice: LibreOffice, store: PlanStore,
                                                                     section_workbook: Path, tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-4")
    total = row_of(openpyxl.load_workbook(section_workbook), f"AD_P{project.id}_TOTAL")
    edited = libreoffice.calc(section_workbook, tmp_path / "返送.xlsx", f"insert|{SHEET}|{total}",
                              f"set|{SHEET}|{total}|3|食品衛生講習会", f"set|{SHEET}|{total}|4|250")
    result = read_workbook(edited, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(r.action, r.obj.name) for r in diff.rows] == [(ADDED, "食品衛生講習会")]
    values = openpyxl.load_workbook(edited, data_only=True)[SHEET]
    assert values.cell(total + 1, 1).value == "合　計"
    assert values.cell(total + 1, 4).value == diff.current_after == 1423 + 250
    assert values.cell(6, 4).value == diff.current_after  # the budget above reads the total


def test_a_table_sorted_in_calc_is_a_reorder_and_a_deleted_row_a_deletion(libreoffice: LibreOffice,
                                                                         store: PlanStore, section_workbook: Path,
                                                                         tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-4")
    wb = openpyxl.load_workbook(section_workbook)
    first, last = (row_of(wb, f"AD_I{i.id}") for i in (project.items[0], project.items[-1]))
    cat = store.plan.item("Ⅰ-4-2")
    sorted_book = libreoffice.calc(section_workbook, tmp_path / "並べ替え.xlsx", f"sort|{SHEET}|{first}|{last}|4")
    result = read_workbook(sorted_book, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert diff.rows == [] and diff.changes == []
    assert [i.amount for i in diff.final_items] == sorted((i.amount for i in project.items), reverse=True)

    deleted = libreoffice.calc(section_workbook, tmp_path / "削除.xlsx", f"delete|{SHEET}|{row_of(wb, f'AD_I{cat.id}')}")
    result = read_workbook(deleted, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(r.action, r.obj) for r in diff.rows] == [(REMOVED, cat)]


def test_two_sections_edit_in_calc_at_once_and_both_changes_are_kept(libreoffice: LibreOffice, store: PlanStore,
                                                                     tmp_path: Path) -> None:
    books = {}
    for section in ("地域振興課", "区政推進課"):
        books[section] = tmp_path / f"{section}.xlsx"
        export_workbook(store.plan, books[section], origin_of(store), section=section)
    wb = openpyxl.load_workbook(books["地域振興課"])
    clean, press = store.plan.item("Ⅴ-1-3"), store.plan.item("Ⅴ-1-1")
    regional = libreoffice.calc(books["地域振興課"], tmp_path / "a.xlsx",
                                f"set|Ⅴ-１|{row_of(wb, f'AD_I{clean.id}')}|4|1600")
    wb = openpyxl.load_workbook(books["区政推進課"])
    planning = libreoffice.calc(books["区政推進課"], tmp_path / "b.xlsx",
                                f"set|Ⅴ-１|{row_of(wb, f'AD_I{press.id}')}|4|10000")
    for book in (regional, planning):
        result = read_workbook(book, store.plan, origin_of(store))
        assert result.errors == [] and result.conflicts() == [] and len(result.differences) == 1
        apply(store, result.differences)
    assert (clean.amount, press.amount) == (1600, 10000)


@pytest.mark.parametrize(("choice", "amount"), [("workbook", 1700), ("plan", 1600)])
def test_the_same_cell_changed_in_calc_by_both_is_a_conflict(libreoffice: LibreOffice, store: PlanStore,
                                                             tmp_path: Path, choice: str, amount: int) -> None:
    books = {}
    clean = store.plan.item("Ⅴ-1-3")
    for section, typed in (("地域振興課", 1600), ("区政推進課", 1700)):
        out = tmp_path / f"{section}.xlsx"
        export_workbook(store.plan, out, origin_of(store), section=section)
        row = row_of(openpyxl.load_workbook(out), f"AD_I{clean.id}")
        books[section] = libreoffice.calc(out, tmp_path / f"{section}_返送.xlsx", f"set|Ⅴ-１|{row}|4|{typed}")
    first = read_workbook(books["地域振興課"], store.plan, origin_of(store))
    apply(store, first.differences)
    second = read_workbook(books["区政推進課"], store.plan, origin_of(store))
    [conflict] = second.conflicts()
    assert conflict.values() == ("1,510千円", "1,600千円", "1,700千円")
    conflict.choice = choice
    apply(store, second.differences)
    assert clean.amount == amount
