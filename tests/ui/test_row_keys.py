"""Moving and adding rows from the keyboard, on the real window: a move stays in its level, a new row takes
what is typed next, Esc takes back a row just added."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from asahi_desk.store import open_store
from asahi_desk.ui.plan_model import PlanTreeModel as M

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ALT = Qt.KeyboardModifier.AltModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def stored_projects(path):
    store = open_store(path, readonly=True)
    try:
        return [[p.name for p in pillar.projects] for pillar in store.plan.pillars()]
    finally:
        store.close()


def focused_editor():
    widget = QApplication.focusWidget()
    return widget if isinstance(widget, QLineEdit) else None


def test_holding_alt_down_stops_a_project_at_the_end_of_its_pillar(window, qtbot, plan_path):
    plan = window.doc.plan
    first, second = plan.pillars()[0], plan.pillars()[1]
    project = first.projects[0]
    pillars_before = [p.name for p in plan.pillars()]
    window.select_node(project)

    for _ in range(len(first.projects) + 3):  # held down well past the end
        qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)

    assert first.projects[-1] is project and project.pillar is first
    assert window.current_node() is project  # the cursor never went on to the next pillar's row
    assert [p.name for p in plan.pillars()] == pillars_before  # no pillar moved
    message = window.statusBar().currentMessage()
    assert f"「{project.code}」は柱「{first.label}」の最後の事業です" in message and "Alt+Shift+↓" in message
    assert stored_projects(plan_path)[0][-1] == project.name

    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT_SHIFT)  # the deliberate command
    assert project.pillar is second and second.projects[0] is project
    assert window.current_node() is project
    assert stored_projects(plan_path)[1][0] == project.name
    assert window.doc.undo_stack.undoText() == "事業の移動"
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, ALT_SHIFT)
    assert project.pillar is first and first.projects[-1] is project


def test_a_pillar_moves_only_from_its_own_row(window, qtbot):
    plan = window.doc.plan
    pillars = plan.pillars()
    window.select_node(pillars[0])
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    assert plan.pillars()[1] is pillars[0]
    assert window.current_node() is pillars[0]
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, ALT)  # at the top: stays, and says so
    assert plan.pillars()[:2] == pillars[:2]
    assert "最初の柱" in window.statusBar().currentMessage()


def test_an_item_stops_at_the_end_of_its_project_and_moves_across_by_command(window, qtbot):
    plan = window.doc.plan
    project = plan.project("Ⅱ-１")
    following = project.pillar.projects[1]
    item = project.items[-1]
    window.select_node(item)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT)
    assert project.items[-1] is item and window.current_node() is item
    assert "最後の細事業" in window.statusBar().currentMessage()
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, ALT_SHIFT)
    assert item.project is following and following.items[0] is item


def test_ctrl_shift_n_selects_the_new_project_and_typing_names_it(window, qtbot, plan_path):
    plan = window.doc.plan
    pillar = plan.pillars()[0]
    before = pillar.projects[0]
    window.select_node(before)
    window.tree.setCurrentIndex(window.model.index_of(before, M.COL_CURRENT))  # on an amount cell
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)

    new = pillar.projects[1]
    assert new.name == "新しい事業"
    assert window.current_node() is new and window.tree.currentIndex().column() == M.COL_NAME
    editor = focused_editor()
    assert editor is not None and editor.selectedText() == "新しい事業"
    qtbot.keyClicks(editor, "Mimamori")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert new.name == "Mimamori" and before.name != "Mimamori"
    assert stored_projects(plan_path)[0][1] == "Mimamori"


def test_ctrl_n_opens_the_new_items_name_and_esc_takes_it_back(window, qtbot, plan_path):
    plan = window.doc.plan
    item = plan.item("Ⅰ-1-1")
    project = item.project
    names = [i.name for i in project.items]
    window.select_node(item)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert len(project.items) == len(names) + 1
    new = project.items[1]
    assert window.current_node() is new
    editor = focused_editor()
    assert editor is not None and editor.selectedText() == "新しい細事業"

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert [i.name for i in project.items] == names
    assert window.current_node() is item
    store = open_store(plan_path, readonly=True)
    try:
        assert [i.name for i in store.plan.project(project.code).items] == names
    finally:
        store.close()


def test_esc_keeps_a_new_row_once_it_has_a_name(window, qtbot):
    plan = window.doc.plan
    item = plan.item("Ⅰ-1-1")
    project = item.project
    window.select_node(item)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = focused_editor()
    qtbot.keyClicks(editor, "Kaisetsu")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    new = project.items[1]
    assert new.name == "Kaisetsu"
    window.tree.setCurrentIndex(window.model.index_of(new, M.COL_NAME))
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    qtbot.keyClick(focused_editor(), Qt.Key.Key_Escape)
    assert project.items[1] is new


def test_ctrl_shift_n_while_typing_in_a_cell_stores_it_and_opens_the_new_name(window, qtbot):
    plan = window.doc.plan
    item = plan.item("Ⅰ-1-1")
    pillar = item.project.pillar
    window.select_node(item)
    window.tree.setCurrentIndex(window.model.index_of(item, M.COL_CURRENT))
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    editor = focused_editor()
    editor.selectAll()
    qtbot.keyClicks(editor, "1234")
    qtbot.keyClick(editor, Qt.Key.Key_N, CTRL_SHIFT)

    assert item.amount == 1234
    new = pillar.projects[1]
    assert window.current_node() is new
    editor = focused_editor()
    assert editor is not None and editor.selectedText() == "新しい事業"
    qtbot.keyClicks(editor, "Mimamori")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert new.name == "Mimamori" and item.name != "Mimamori"
