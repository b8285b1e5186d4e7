"""Ctrl+V of rows copied in a spreadsheet: projects under a pillar, items under a project, one step; a bad cell refuses all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

ROWS = "見守り訓練事業\t1,200\t1,000\t総務課\n「地域の絆」広場事業\t▲0\t\t地域振興課、福祉保健課\n防犯灯点検事業\t３５０千円\t400\t\n"


def stored(path: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def press_paste(window, qtbot, node) -> None:
    window.select_node(node)
    qtbot.keyClick(window.tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_three_rows_become_projects_of_a_pillar_in_one_step(window, plan_path, qtbot):
    pillar = window.doc.plan.pillars()[0]
    before = len(pillar.projects)
    stack = window.doc.undo_stack
    start = stack.index()
    QApplication.clipboard().setText(ROWS)
    press_paste(window, qtbot, pillar)
    assert stack.index() == start + 1 and stack.undoText() == "事業の貼り付け（3 行）"
    rows = stored(plan_path, "SELECT name, amount, last_year FROM projects WHERE pillar_id = ? ORDER BY position",
                  pillar.id)
    assert rows[before:] == [("見守り訓練事業", 1200, 1000), ("「地域の絆」広場事業", 0, None), ("防犯灯点検事業", 350, 400)]
    second = pillar.projects[before + 1]
    assert [s.name for s in second.sections] == ["地域振興課", "福祉保健課"]
    assert stored(plan_path, "SELECT count(*) FROM project_sections WHERE project_id = ?", second.id) == [(2,)]
    assert window.current_node() is pillar.projects[before]

    stack.undo()
    assert len(stored(plan_path, "SELECT id FROM projects WHERE pillar_id = ?", pillar.id)) == before
    assert len(pillar.projects) == before
    stack.redo()
    assert [p.name for p in pillar.projects[before:]] == ["見守り訓練事業", "「地域の絆」広場事業", "防犯灯点検事業"]


def test_rows_become_items_after_the_selected_item(window, plan_path, qtbot):
    project = window.doc.plan.project("Ⅰ-1")
    names = [i.name for i in project.items]
    QApplication.clipboard().setText("備蓄品購入\t100\t90\n訓練資材\t200\t\n")
    press_paste(window, qtbot, project.items[0])
    assert [i.name for i in project.items] == [names[0], "備蓄品購入", "訓練資材", *names[1:]]
    assert stored(plan_path, "SELECT name, amount, last_year FROM items WHERE project_id = ? ORDER BY position",
                  project.id)[1:3] == [("備蓄品購入", 100, 90), ("訓練資材", 200, None)]


def test_a_bad_cell_refuses_the_whole_paste_naming_row_and_column(window, plan_path, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "show_message", lambda text, **_k: shown.append(text))
    pillar = window.doc.plan.pillars()[0]
    before = stored(plan_path, "SELECT count(*) FROM projects")
    start = window.doc.undo_stack.index()
    QApplication.clipboard().setText("見守り訓練事業\t1,200\t1,000\n防犯灯点検事業\t12.5\t400\n")
    press_paste(window, qtbot, pillar)
    assert len(shown) == 1 and "2 行目の「予算」" in shown[0] and "小数" in shown[0]
    QApplication.clipboard().setText("見守り訓練事業\t1,200\t1,000\t戸籍課\n")
    press_paste(window, qtbot, pillar)
    assert "1 行目の「課」" in shown[1] and "戸籍課" in shown[1]
    assert stored(plan_path, "SELECT count(*) FROM projects") == before
    assert window.doc.undo_stack.index() == start


def test_a_paste_on_a_category_says_where_to_paste(window, qtbot):
    QApplication.clipboard().setText(ROWS)
    start = window.doc.undo_stack.index()
    press_paste(window, qtbot, window.doc.plan.total_category)
    assert "柱を" in window.statusBar().currentMessage()
    assert window.doc.undo_stack.index() == start


def test_ctrl_v_while_typing_a_name_pastes_into_the_name(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from asahi_desk.ui.plan_model import PlanTreeModel

    project = window.doc.plan.project("Ⅰ-1")
    start = window.doc.undo_stack.index()
    index = window.model.index_of(project, PlanTreeModel.COL_NAME)
    window.tree.setCurrentIndex(index)
    window.tree.edit(index)
    editor = window.tree.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.clear()
    QApplication.clipboard().setText("防災事業")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "防災事業"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # the name is not kept
    assert window.doc.undo_stack.index() == start and project.name != "防災事業"  # no rows were pasted
