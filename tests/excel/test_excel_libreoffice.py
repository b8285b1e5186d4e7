"""The workbook as LibreOffice Calc opens, recalculates, edits, saves and prints it."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.domain.money import format_percent, format_rate
from asahi_desk.domain.tables import listing_tables, summary_tables
from asahi_desk.excel import ADDED, CHANGED, REMOVED, apply, export_workbook, origin_of, read_workbook
from asahi_desk.store import PlanStore
from tests.helpers import database_rows, integrated_project_without_items

from .xlsx_helpers import LibreOffice, row_of


def rate_text(value: object) -> str:
    """A recalculated 増▲減率 cell as the application prints it."""
    if isinstance(value, str):
        return value
    assert isinstance(value, (int, float))
    return format_percent((Decimal(repr(value)) * 100).quantize(Decimal("0.1")))


@pytest.fixture(scope="module")
def converted(libreoffice: LibreOffice, full_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return libreoffice.convert(full_workbook, tmp_path_factory.mktemp("calc"))


def test_a_workbook_saved_by_libreoffice_reimports_cleanly(store: PlanStore, plan_path: Path, converted: Path) -> None:
    before = database_rows(plan_path)
    result = read_workbook(converted, store.plan, origin_of(store))
    assert (result.errors, result.differences, result.projects) == ([], [], 25)
    assert database_rows(plan_path) == before


def test_sums_recalculated_by_libreoffice_are_the_applications_totals(store: PlanStore, converted: Path) -> None:
    wb = openpyxl.load_workbook(converted, data_only=True)
    plan = store.plan

    ws = wb["総括表"]
    found = {}
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and isinstance(ws.cell(r, 2).value, int):
            found[label.split("※")[0]] = [ws.cell(r, c).value for c in range(2, 6)]
    expected = {row.label: [row.current, row.last, row.diff, row.rate_text]
                for table in summary_tables(plan) for row in table.rows}
    assert {k: v[:3] + [rate_text(v[3])] for k, v in found.items()} == expected
    assert found["個性ある区づくり推進費"][:3] == [876702, 849290, 27412]

    ws = wb["事業別一覧表"]
    rows = [[ws.cell(r, c).value for c in range(4, 8)] for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value]
    listed = []
    for table in listing_tables(plan):
        listed += [[row.label, row.current, row.last, row.diff] for row in table.rows]
        if table.total:
            listed.append([table.total.label, table.total.current, table.total.last, table.total.diff])
    assert rows == listed

    for project in plan.projects():
        sheet = wb[project.code]
        total = row_of(wb, f"AD_P{project.id}_TOTAL")
        assert sheet.cell(total, 4).value == project.current, project.code
        if project.lists_items:
            assert sheet.cell(total, 5).value == project.last
        assert [sheet.cell(r, 4).value for r in (6, 7, 8)] == [project.current, project.last,
                                                               project.current - project.last]
        assert rate_text(sheet.cell(9, 4).value) == format_rate(project.current, project.last)


def test_a_section_workbook_edited_in_calc(libreoffice: LibreOffice, store: PlanStore, plan_path: Path,
                                          section_workbook: Path, tmp_path: Path) -> None:
    """In Calc: item １'s amount changed, the row of item ３ deleted, a row inserted after item １ with a new item."""
    libreoffice.convert(section_workbook, tmp_path / "warm-up")  # makes the profile the macro lives in
    project = store.plan.project("Ⅰ-4")
    first, third = project.items[0], project.items[2]
    wb = openpyxl.load_workbook(section_workbook)
    r1, r3 = row_of(wb, f"AD_I{first.id}"), row_of(wb, f"AD_I{third.id}")
    edited = libreoffice.edit_rows(section_workbook, tmp_path / "返送.xlsx", "Ⅰ-４", change_row=r1, new_amount=400,
                                   delete_row=r3, insert_row=r1 + 1, name="食品衛生講習会", amount=250)
    result = read_workbook(edited, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(r.action, r.number) for r in diff.rows] == [(CHANGED, 1), (ADDED, 2), (REMOVED, 3)]
    changed, added, removed = diff.rows
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("amount", 316, 400)]
    assert (added.obj.name, added.obj.amount, added.obj.mark, added.obj.lines) == ("食品衛生講習会", 250, "", [])
    assert removed.obj is third
    assert result.describe().splitlines() == [
        "Ⅰ-４ 安全で安心な食と生活環境支援事業　事業計 1,423 → 1,197千円",
        "  細事業１ 食の安全・安心サポート事業：金額 316千円 → 400千円",
        "  細事業２ 追加：食品衛生講習会 250千円",
        "  細事業３ 削除：動物適正飼育推進等啓発事業 560千円",
    ]
    apply(store, result.differences)
    names = [(i.name, i.amount) for i in store.plan.project("Ⅰ-4").items]
    assert names == [("食の安全・安心サポート事業", 400), ("食品衛生講習会", 250), ("飼い主のいない猫対策事業", 444),
                     ("ハチの駆除サポート事業", 103)]
    fresh = [(r[4], r[5]) for r in database_rows(plan_path)["items"] if r[1] == project.id]
    assert sorted(fresh) == sorted(names)


@pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils (pdfinfo, pdftotext) is not installed")
def test_the_workbook_prints_on_a4_with_titles_and_page_numbers(libreoffice: LibreOffice, store: PlanStore,
                                                                full_workbook: Path, tmp_path: Path) -> None:
    pdf = libreoffice.convert(full_workbook, tmp_path, "pdf")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in sizes)  # A4 portrait
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == len(sizes)
    # the 総括表 and the 事業別一覧表 on a page each, then every project on its own page(s)
    assert "総括表" in pages[0] and "876,702" in pages[0] and "▲ 33.9%" in pages[0]
    assert "事業別一覧表" in pages[1] and "102,924" in pages[1] and "▲ 1,575" in pages[1]
    compact = [re.sub(r"\s", "", p) for p in pages]
    for project in store.plan.projects():
        assert any(f"事業内容{project.code}" in p for p in compact), project.code
    assert all(re.search(rf"\b{i + 1} / {len(pages)}\b", p) for i, p in enumerate(pages))


def test_a_formula_typed_into_an_amount_is_read_by_its_saved_result(libreoffice: LibreOffice, store: PlanStore,
                                                                   section_workbook: Path, tmp_path: Path) -> None:
    item = store.plan.item("Ⅰ-4-1")  # 316
    typed = tmp_path / "typed.xlsx"
    wb = openpyxl.load_workbook(section_workbook)
    wb["Ⅰ-４"].cell(row_of(wb, f"AD_I{item.id}"), 4).value = "=300+17"
    wb.save(typed)
    saved = libreoffice.convert(typed, tmp_path / "calc")  # Calc computes the formula and saves its result
    result = read_workbook(saved, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(c.field, c.old, c.new) for r in diff.rows for c in r.changes] == [("amount", 316, 317)]


def test_a_project_without_items_under_the_integrated_costs_adds_up_in_calc(libreoffice: LibreOffice, store: PlanStore,
                                                                           tmp_path: Path) -> None:
    project = integrated_project_without_items(store)
    exported = tmp_path / "全体.xlsx"
    export_workbook(store.plan, exported, origin_of(store))
    wb = openpyxl.load_workbook(libreoffice.convert(exported, tmp_path / "calc"), data_only=True)
    ws = wb["事業別一覧表"]
    rows = [[ws.cell(r, c).value for c in (4, 5, 6)] for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value]
    assert ["新しい事業", 500, 400] in rows
    totals = [i for i, r in enumerate(rows) if r[0] == "合　計"]
    assert len(totals) == 2  # 自主企画事業 and 統合事務事業費
    start = 0
    for at in totals:
        printed = rows[start:at]
        assert [sum(r[1] for r in printed), sum(r[2] for r in printed)] == rows[at][1:]
        start = at + 1
    assert rows[totals[1]][1:] == [48626 + 500, 50201 + 400]
    summary = wb["総括表"]
    figures = {summary.cell(r, 1).value: [summary.cell(r, 2).value, summary.cell(r, 3).value]
               for r in range(1, summary.max_row + 1)}
    assert figures["統合事務事業費"] == [48626 + 500, 50201 + 400]
    sheet = wb[project.code]
    assert [sheet.cell(r, 4).value for r in (6, 7, 8)] == [500, 400, 100]
