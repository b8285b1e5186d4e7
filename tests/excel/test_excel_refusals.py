"""Refusals name sheet and cell, in sheet and cell order, and leave every table of the plan file as it was."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.cli import EXIT_FAILED, main
from asahi_desk.domain.checks import run_checks
from asahi_desk.excel import origin_of, read_workbook
from asahi_desk.excel.marks import MARK_FILL, mark_problems
from asahi_desk.excel.package import SAVE_AS_XLSX
from asahi_desk.store import PlanStore
from tests.helpers import database_rows

from .xlsx_helpers import edit, row_of

SHEET = "Ⅰ-４"


def refused(store: PlanStore, plan_path: Path, path: Path) -> list[tuple[str, str, str]]:
    before = database_rows(plan_path)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.differences == [] and result.errors
    assert database_rows(plan_path) == before  # every row of every table
    return [(p.sheet, p.cell, p.message) for p in result.errors]


@pytest.mark.parametrize("typed", ["▲300", "△300", "-300", -300])
def test_a_negative_item_amount_is_refused_at_its_cell(store: PlanStore, plan_path: Path, section_workbook: Path,
                                                       tmp_path: Path, typed: object) -> None:
    item = store.plan.item("Ⅰ-4-1")
    row = row_of(openpyxl.load_workbook(section_workbook), f"AD_I{item.id}")
    path = edit(section_workbook, tmp_path / "neg.xlsx", lambda wb: wb[SHEET].cell(row, 4).__setattr__("value", typed))
    assert refused(store, plan_path, path) == [
        (SHEET, f"D{row}", "金額がマイナス（▲ 300千円）です。細事業の金額は 0 以上の千円単位で入力してください。")]


def test_problems_are_listed_in_sheet_and_cell_order(store: PlanStore, plan_path: Path, full_workbook: Path,
                                                     tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(full_workbook)
    later, earlier = "Ⅱ-１", "Ⅰ-２"
    rows = {code: row_of(wb, f"AD_I{store.plan.project(code.replace('１', '1').replace('２', '2')).items[0].id}")
            for code in (later, earlier)}

    def change(wb: openpyxl.Workbook) -> None:
        wb[later].cell(rows[later], 4).value = "たくさん"
        wb[later].cell(rows[later], 3).value = None  # an earlier column of the same row
        wb[earlier].cell(rows[earlier] + 1, 4).value = "少し"
        wb[earlier].cell(rows[earlier], 4).value = "いくらか"

    found = refused(store, plan_path, edit(full_workbook, tmp_path / "many.xlsx", change))
    assert [(s, c) for s, c, _ in found] == [
        (earlier, f"D{rows[earlier]}"), (earlier, f"D{rows[earlier] + 1}"),
        (later, f"C{rows[later]}"), (later, f"D{rows[later]}")]


@pytest.mark.parametrize(("suffix", "what"), [
    (".ods", "LibreOffice の表計算ドキュメント（.ods）です。"),
    (".xls", "Excel 97-2003 形式（.xls）です。"),
    (".csv", "CSV ファイル（.csv）です。CSV では書式・非表示のシート・名前が失われるため、CSV に保存する前のブックを使ってください。"),
])
def test_other_formats_say_how_to_save_as_xlsx(store: PlanStore, plan_path: Path, section_workbook: Path,
                                               tmp_path: Path, suffix: str, what: str) -> None:
    path = tmp_path / f"地域振興課{suffix}"
    shutil.copyfile(section_workbook, path)
    [(sheet, cell, message)] = refused(store, plan_path, path)
    assert message == f"「{path.name}」は Excel ブック（.xlsx）ではなく、{what}{SAVE_AS_XLSX}"
    assert "LibreOffice Calc" in message and "Excel 2007-365" in message and "Excel ブック (*.xlsx)" in message


def test_an_opendocument_file_named_xlsx_is_told_apart(store: PlanStore, plan_path: Path, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "本当は.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    [(_, _, message)] = refused(store, plan_path, path)
    assert "（.ods）" in message and SAVE_AS_XLSX in message


def test_the_checks_write_every_minus_as_the_tables_do(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-4")
    store.update(project, stated_amount=project.current + 300)
    [finding] = [f for f in run_checks(store.plan) if f.check == "items_vs_project" and f.target is project]
    assert "（差 ▲ 300千円）" in finding.message and "△" not in finding.message


def bad_workbook(store: PlanStore, section_workbook: Path, tmp_path: Path) -> tuple[Path, int]:
    item = store.plan.item("Ⅰ-4-1")
    row = row_of(openpyxl.load_workbook(section_workbook), f"AD_I{item.id}")
    return edit(section_workbook, tmp_path / "誤り.xlsx",
                lambda wb: wb[SHEET].cell(row, 4).__setattr__("value", "四百")), row


def test_the_marked_copy_has_each_problem_cell_red_with_a_comment(store: PlanStore, plan_path: Path,
                                                                   section_workbook: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bad, row = bad_workbook(store, section_workbook, tmp_path)
    out = tmp_path / "誤り_印付き.xlsx"
    store.close()
    before = database_rows(plan_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["import-xlsx", "--db", str(plan_path), str(bad), "--mark", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED and database_rows(plan_path) == before
    assert f"問題の 1 か所に印（赤い塗りとコメント）を付けたブックを「{out}」に保存しました。" in err
    wb = openpyxl.load_workbook(out)
    cell = wb[SHEET].cell(row, 4)
    assert cell.value == "四百" and cell.fill.fgColor.rgb.endswith(MARK_FILL.fgColor.rgb[-6:])
    assert "「四百」は金額として読めません" in cell.comment.text and "送り返して" in cell.comment.text
    assert cell.comment.author == "区政推進課"
    assert wb[SHEET].cell(row + 1, 4).comment is None


def test_a_marked_copy_once_corrected_imports(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    bad, row = bad_workbook(store, section_workbook, tmp_path)
    result = read_workbook(bad, store.plan, origin_of(store))
    marked = tmp_path / "印付き.xlsx"
    assert mark_problems(bad, marked, result.errors) == 1
    fixed = edit(marked, tmp_path / "直した.xlsx", lambda wb: wb[SHEET].cell(row, 4).__setattr__("value", 400))
    again = read_workbook(fixed, store.plan, origin_of(store))
    assert again.errors == [] and [c.new for r in again.differences[0].rows for c in r.changes] == [400]
