"""変更履歴 names the row and the change with its time, is kept in the plan file and comes back after a restart."""

from __future__ import annotations

import re

import pytest

from asahi_desk.store import change_log, open_store
from asahi_desk.ui.app import Desk
from asahi_desk.ui.history import RESTART_LINE
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TIME = r"\d\d:\d\d　"


def logged(plan_path):
    store = open_store(plan_path, readonly=True)
    try:
        return [e.text for e in change_log.entries(store.file)]
    finally:
        store.close()


def set_amount(window, node, value, column=M.COL_CURRENT):
    assert window.model.setData(window.model.index_of(node, column), f"{value:,}")


def test_an_amount_change_names_its_row_and_both_figures(window, plan_path):
    item = window.doc.plan.item("Ⅱ-1-2")
    old = item.amount
    new = old + 200
    set_amount(window, item, new)
    stack = window.doc.undo_stack
    assert re.fullmatch(f"{TIME}Ⅱ-１ 細事業２ 金額 {old:,} → {new:,}", stack.text(0))
    assert stack.undoText() == "金額の変更"  # the Edit menu keeps the short name
    assert window.history.session_texts() == [stack.text(0)]
    assert logged(plan_path) == [f"Ⅱ-１ 細事業２ 金額 {old:,} → {new:,}"]


def test_typing_on_in_one_cell_is_one_line_and_typing_back_leaves_none(window, plan_path):
    item = window.doc.plan.item("Ⅰ-1-1")
    old = item.amount
    for value in (old + 1, old + 12, old + 123):
        set_amount(window, item, value)
    assert window.doc.undo_stack.count() == 1
    assert logged(plan_path) == [f"Ⅰ-１ 細事業１ 金額 {old:,} → {old + 123:,}"]
    set_amount(window, item, old)  # back to what it was: nothing changed
    assert window.doc.undo_stack.count() == 0 and logged(plan_path) == []


def test_structure_changes_and_undo_are_told_in_words(window, plan_path):
    plan = window.doc.plan
    project = plan.project("Ⅱ-1")
    name = project.name
    window.select_node(project)
    window.move_node(+1)
    assert window.doc.undo_stack.text(0).endswith(f"事業の移動：「{name}」 Ⅱ-１ → Ⅱ-２")
    window.undo_action.trigger()
    assert logged(plan_path)[-1] == f"元に戻す：事業の移動：「{name}」 Ⅱ-１ → Ⅱ-２"
    window.select_node(plan.item("Ⅲ-1-1"))
    window.add_item()
    window.tree.setFocus()  # the name stays as it was put
    assert logged(plan_path)[-1] == "細事業の追加：Ⅲ-１ 細事業２ 「新しい細事業」"


def test_after_a_restart_the_history_is_there_and_says_undo_stops(settings, plan_path, qtbot):
    desk = Desk(AppSettings(settings))
    window = desk.open(plan_path)
    window.show()
    item = window.doc.plan.item("Ⅱ-1-2")
    old = item.amount
    set_amount(window, item, old + 200)
    window.model.setData(window.model.index_of(window.doc.plan.project("Ⅱ-2"), M.COL_NAME), "地域の居場所づくり事業")
    window.close()

    again = desk.open(plan_path)  # the window as it comes back after a restart: the stack is empty
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    earlier = again.history.earlier_texts()
    assert len(earlier) == 2
    assert re.fullmatch(rf"\d+月\d+日 {TIME}Ⅱ-１ 細事業２ 金額 {old:,} → {old + 200:,}", earlier[0])
    assert re.search(r"Ⅱ-２ 名称 「.+」 → 「地域の居場所づくり事業」$", earlier[1])
    assert again.history.restart_line.isVisible() and again.history.restart_line.text() == RESTART_LINE
    assert "元に戻す" in RESTART_LINE and again.doc.undo_stack.count() == 0
    assert not again.undo_action.isEnabled()


def test_a_new_plan_shows_no_earlier_changes(window):
    assert window.history.earlier_texts() == []
    assert not window.history.restart_line.isVisible()


def test_the_log_keeps_only_the_newest_lines(store):
    for n in range(30):
        change_log.append(store.file, f"変更 {n}", keep=10)
    texts = [e.text for e in change_log.entries(store.file)]
    assert texts == [f"変更 {n}" for n in range(20, 30)]
