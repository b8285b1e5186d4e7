"""Workbooks in the window: a 課's workbook written, edited as the 課 would, read back with its differences
shown, applied as one undoable step; a bad workbook refused naming sheet and cell; the CLI keeps off a plan
that a window is editing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox

from asahi_desk.cli import EXIT_FAILED, main
from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings
from tests.excel.xlsx_helpers import edit, row_of
from tests.helpers import database_rows

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
SHEET = "Ⅰ-４"  # 安全で安心な食と生活環境支援事業, the one project of 生活衛生課
WAIT = 60_000  # ms: reading a workbook or rendering takes a second or two on a slow machine


def row(window, node):
    return [window.model.index_of(node, c).data() for c in range(M.COLUMN_COUNT)]


@pytest.fixture
def answers(monkeypatch):
    """What the user picks in the dialogs of the File menu: the scope of an export, the workbook's file."""
    from asahi_desk.ui import exchange

    chosen: dict[str, object] = {}
    monkeypatch.setattr(exchange.QInputDialog, "getItem", staticmethod(lambda *_a, **_k: (chosen["scope"], True)))
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(exchange.QFileDialog, name, staticmethod(lambda *_a, **_k: (str(chosen["file"]), "")))
    return chosen


def exported(window, qtbot, answers, path: Path, section: str | None) -> Path:
    """The workbook written by ファイル → ワークブックに書き出す…, for the whole plan or one 課."""
    answers["scope"] = next(label for label, name in window.exchange.scopes() if name == section)
    answers["file"] = path
    window.export_workbook_action.trigger()
    qtbot.waitUntil(lambda: "書き出しました" in window.statusBar().currentMessage(), timeout=WAIT)
    return path


def imported(window, answers, path: Path) -> None:
    """ファイル → ワークブックを取り込む… on a workbook."""
    answers["file"] = path
    window.import_workbook_action.trigger()


def returned_workbook(window, qtbot, answers, tmp_path: Path) -> Path:
    """生活衛生課's workbook as it comes back: an amount changed and an item added."""
    plan = window.doc.plan
    cat, project = plan.item("Ⅰ-4-2"), plan.project("Ⅰ-4")  # 飼い主のいない猫対策事業 444

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.cell(row_of(wb, f"AD_I{cat.id}"), 4).value = "５００"
        new = row_of(wb, f"AD_P{project.id}_TOTAL") - 3  # an empty row of the table, above 合計
        ws.cell(new, 2).value = "新"
        ws.cell(new, 3).value = "食品衛生講習会"
        ws.cell(new, 4).value = 120
        ws.cell(new, 5).value = "・年２回\n・オンライン開催"

    workbook = exported(window, qtbot, answers, tmp_path / "生活衛生課.xlsx", "生活衛生課")
    return edit(workbook, tmp_path / "生活衛生課_返送.xlsx", change)


def shown_dialog(window, qtbot):
    qtbot.waitUntil(lambda: window.exchange.dialog is not None and window.exchange.dialog.isVisible(), timeout=WAIT)
    return window.exchange.dialog


def dialog_rows(dialog):
    out = []
    for n in range(dialog.tree.topLevelItemCount()):
        top = dialog.tree.topLevelItem(n)
        out.append([top.text(c) for c in range(3)])
        out += [[top.child(i).text(c) for c in range(3)] for i in range(top.childCount())]
    return out


def test_the_scopes_offered_are_the_whole_plan_and_each_section_with_projects(window):
    scopes = window.exchange.scopes()
    assert scopes[0][1] is None
    assert ("生活衛生課（1 事業）", "生活衛生課") in scopes
    assert all(section is None or "事業）" in label for label, section in scopes)


def test_import_shows_the_differences_and_applies_them_as_one_undo_step(window, qtbot, qtmodeltester, plan_path,
                                                                        tmp_path, answers):
    plan = window.doc.plan
    project, cat = plan.project("Ⅰ-4"), plan.item("Ⅰ-4-2")
    pillar, total = project.pillar, plan.total_category
    workbook = returned_workbook(window, qtbot, answers, tmp_path)
    qtmodeltester.check(window.model)  # and it watches every signal of the model from here on
    window.select_node(project)
    window.tree.expand(window.model.index_of(project))
    pillar_before, total_before = row(window, pillar)[1], row(window, total)[1]
    before = database_rows(plan_path)

    imported(window, answers, workbook)
    dialog = shown_dialog(window, qtbot)
    assert dialog.windowTitle() == "ワークブックの取り込み：計画との違い"
    assert "生活衛生課_返送.xlsx" in dialog.heading.text() and "生活衛生課のブック" in dialog.heading.text()
    assert dialog_rows(dialog) == [
        ["Ⅰ-４　安全で安心な食と生活環境支援事業", "事業計 1,423千円", "事業計 1,599千円"],
        ["細事業２　飼い主のいない猫対策事業：金額", "444千円", "500千円"],
        ["細事業５　追加", "", "新 食品衛生講習会 120千円"],
    ]
    assert database_rows(plan_path) == before  # nothing is applied before the user accepts
    assert window.doc.undo_stack.count() == 0

    dialog.accept_button.click()
    assert window.doc.undo_stack.count() == 1 and window.doc.undo_stack.undoText() == "ワークブックの取り込み"
    new = project.items[-1]
    assert row(window, project)[1] == "1,599"
    assert row(window, cat)[1] == "500"
    assert row(window, new)[:2] == ["【新】食品衛生講習会", "120"]
    assert row(window, pillar)[1] == f"{int(pillar_before.replace(',', '')) + 176:,}"
    assert row(window, total)[1] == f"{int(total_before.replace(',', '')) + 176:,}"
    assert window.tree.isExpanded(window.model.index_of(project))  # the tree keeps what was open
    assert window.model.node(window.tree.currentIndex()) is project
    assert window.detail.page.node is project and window.detail.project_page.amount.text() == "1,599"
    # the project's stated figure is what 生活衛生課 reported: the checks say it no longer agrees
    qtbot.waitUntil(lambda: any(f.target is project and f.check == "items_vs_project" for f in window.findings),
                    timeout=5000)
    after = database_rows(plan_path)
    assert after != before

    window.undo_action.trigger()
    assert database_rows(plan_path) == before  # every row of every table
    assert new not in project.items and window.model.rowCount(window.model.index_of(project)) == 4
    assert row(window, project)[1] == "1,423" and row(window, cat)[1] == "444"
    assert row(window, total)[1] == total_before
    assert window.detail.project_page.amount.text() == "1,423"
    qtbot.waitUntil(lambda: not any(f.target is project and f.level == "error" for f in window.findings),
                    timeout=5000)

    window.redo_action.trigger()
    assert database_rows(plan_path) == after
    assert project.items[-1] is new and row(window, new)[:2] == ["【新】食品衛生講習会", "120"]
    assert row(window, project)[1] == "1,599"


def test_the_preview_follows_an_import(window, qtbot, tmp_path, answers):
    workbook = returned_workbook(window, qtbot, answers, tmp_path)
    with qtbot.waitSignal(window.renders.finished, timeout=WAIT):
        window.preview_dock.show()
        window.preview_dock.raise_()
    project = window.doc.plan.project("Ⅰ-4")
    imported(window, answers, workbook)
    with qtbot.waitSignal(window.renders.finished, timeout=WAIT):
        shown_dialog(window, qtbot).accept_button.click()
    page = window.preview.project_pages[project.id] - 1
    assert "食品衛生講習会" in window.preview.document.getAllText(page).text()


def test_a_bad_workbook_names_sheet_and_cell_and_changes_nothing(window, qtbot, plan_path, tmp_path, answers):
    cat = window.doc.plan.item("Ⅰ-4-2")
    workbook = exported(window, qtbot, answers, tmp_path / "生活衛生課.xlsx", "生活衛生課")
    cell_row = row_of(openpyxl.load_workbook(workbook), f"AD_I{cat.id}")
    bad = edit(workbook, tmp_path / "誤り.xlsx", lambda wb: setattr(wb[SHEET].cell(cell_row, 4), "value", "たくさん"))
    before = database_rows(plan_path)

    imported(window, answers, bad)
    dialog = shown_dialog(window, qtbot)
    assert dialog.windowTitle() == "ワークブックの取り込み：取り込めません"
    assert dialog.heading.text() == "「誤り.xlsx」は取り込めません。計画は変更していません。"
    assert dialog.accept_button is None  # nothing to accept: only 一覧をコピー and 閉じる
    sheet, cell, message = (dialog.tree.topLevelItem(0).text(c) for c in range(3))
    assert (sheet, cell) == (SHEET, f"D{cell_row}") and "「たくさん」は金額として読めません" in message
    dialog.reject()
    assert database_rows(plan_path) == before
    assert window.doc.undo_stack.count() == 0 and cat.amount == 444


def test_a_workbook_without_changes_says_so(window, qtbot, tmp_path, answers):
    imported(window, answers, exported(window, qtbot, answers, tmp_path / "全体.xlsx", None))
    qtbot.waitUntil(lambda: "違いはありません" in window.statusBar().currentMessage(), timeout=WAIT)
    assert window.exchange.dialog is None and window.doc.undo_stack.count() == 0


def test_export_into_a_missing_folder_says_why(window, qtbot, tmp_path, answers):
    target = tmp_path / "ない" / "全体.xlsx"
    answers["scope"], answers["file"] = window.exchange.scopes()[0][0], target
    window.export_workbook_action.trigger()
    qtbot.waitUntil(lambda: "フォルダー" in window.statusBar().currentMessage(), timeout=WAIT)
    assert "がありません" in window.statusBar().currentMessage() and not target.exists()
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible() and "がありません" in box.text()  # said in a window, too


def test_the_cli_does_not_change_a_plan_a_window_is_editing(settings, qtbot, plan_path, tmp_path, answers):
    window = Desk(AppSettings(settings)).open(plan_path)  # not the fixture's: this test closes it
    qtbot.addWidget(window)
    window.show()
    workbook = returned_workbook(window, qtbot, answers, tmp_path)
    before = database_rows(plan_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "asahi_desk", "import-xlsx", "--db", str(plan_path), str(workbook), "--yes"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == EXIT_FAILED
    assert "別のウィンドウ" in done.stderr and "編集中のため、変更できません" in done.stderr
    assert database_rows(plan_path) == before
    # only reading is still fine
    dry = subprocess.run([*command[:-1], "--dry-run"], capture_output=True, text=True, env=env, timeout=120)
    assert dry.returncode == 0 and "食品衛生講習会" in dry.stdout
    # attach and detach keep off too (the same lock, in this process)
    pdf = tmp_path / "添付.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert main(["attach", "--db", str(plan_path), "--handout", "資料２", str(pdf)]) == EXIT_FAILED
    assert main(["detach", "--db", str(plan_path), "1"]) == EXIT_FAILED
    assert database_rows(plan_path) == before

    window.close()  # the lock goes with the window
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert database_rows(plan_path) != before


def test_every_kind_of_difference_reaches_the_tree_model(doc, model, qtmodeltester, plan_path, tmp_path):
    """Fields, items added, deleted and moved, 事業指標: through the document, each as the model's own signals."""
    from asahi_desk.excel import export_workbook, origin_of, read_workbook
    from asahi_desk.ui.exchange import ImportCommand
    from tests.excel.test_excel_apply import edited_workbook

    full = tmp_path / "全体.xlsx"
    export_workbook(doc.plan, full, origin_of(doc))
    result = read_workbook(edited_workbook(doc.store, full, tmp_path), doc.plan, origin_of(doc))
    assert result.errors == [] and len(result.differences) == 3
    projects = [d.project for d in result.differences]
    qtmodeltester.check(model)  # watches every signal from here on
    before = database_rows(plan_path)

    def shown(project):
        parent = model.index_of(project)
        return [(model.index(r, 0, parent).data(), model.index(r, M.COL_CURRENT, parent).data())
                for r in range(model.rowCount(parent))]

    def stored(project):
        return [(f"【{i.mark}】{i.name}" if i.mark else i.name, f"{i.amount:,}") for i in project.items]

    old = [stored(p) for p in projects]
    assert doc.run(ImportCommand(doc, result.differences))
    assert [shown(p) for p in projects] == [stored(p) for p in projects] != old
    after = database_rows(plan_path)
    doc.undo_stack.undo()
    assert database_rows(plan_path) == before and [shown(p) for p in projects] == old
    doc.undo_stack.redo()
    assert database_rows(plan_path) == after and [shown(p) for p in projects] == [stored(p) for p in projects]


@pytest.mark.parametrize(("button", "amount"), [("takeWorkbook", 500), ("keepPlan", 450)])
def test_each_conflict_is_decided_before_the_import_is_allowed(window, qtbot, plan_path, tmp_path, answers, button,
                                                               amount):
    """The workbook changes 猫対策 444 → 500 while the plan, after the export, made it 450."""
    from PySide6.QtWidgets import QRadioButton

    workbook = returned_workbook(window, qtbot, answers, tmp_path)
    cat = window.doc.plan.item("Ⅰ-4-2")
    window.doc.store.update(cat, amount=450)  # as another section's import would
    before = database_rows(plan_path)

    imported(window, answers, workbook)
    dialog = shown_dialog(window, qtbot)
    rows = dialog_rows(dialog)
    assert rows[:2] == [
        ["競合 1 件：どちらの値にするか選んでください", "書き出し時 → 計画", "ブック"],
        ["競合：Ⅰ-４ 安全で安心な食と生活環境支援事業　細事業２ 飼い主のいない猫対策事業：金額",
         "書き出し時 444千円\n計画 450千円", "ブック 500千円"],
    ]
    assert ["細事業５　追加", "", "新 食品衛生講習会 120千円"] in rows
    assert not any("猫対策事業：金額" in r[0] for r in rows[3:])  # not listed again as a plain change
    assert not dialog.accept_button.isEnabled()
    dialog.findChild(QRadioButton, button).click()
    assert dialog.accept_button.isEnabled()
    assert database_rows(plan_path) == before

    dialog.accept_button.click()
    assert cat.amount == amount and window.doc.plan.project("Ⅰ-4").items[-1].name == "食品衛生講習会"
    window.undo_action.trigger()
    assert database_rows(plan_path) == before


def test_a_refused_workbook_is_saved_with_its_problem_cells_marked(window, qtbot, plan_path, tmp_path, answers):
    from PySide6.QtWidgets import QPushButton

    cat = window.doc.plan.item("Ⅰ-4-2")
    workbook = exported(window, qtbot, answers, tmp_path / "生活衛生課.xlsx", "生活衛生課")
    cell_row = row_of(openpyxl.load_workbook(workbook), f"AD_I{cat.id}")
    bad = edit(workbook, tmp_path / "誤り.xlsx", lambda wb: setattr(wb[SHEET].cell(cell_row, 4), "value", "▲5"))
    before = database_rows(plan_path)
    imported(window, answers, bad)
    dialog = shown_dialog(window, qtbot)
    out = tmp_path / "誤り_要修正.xlsx"
    answers["file"] = out
    dialog.findChild(QPushButton, "markButton").click()
    assert "「誤り_要修正.xlsx」に保存しました" in dialog.note.text()
    cell = openpyxl.load_workbook(out)[SHEET].cell(cell_row, 4)
    assert cell.fill.fgColor.rgb.endswith("FF7C80") and "金額がマイナス" in cell.comment.text
    assert database_rows(plan_path) == before
