"""A copy of the plan file made while a window has it open holds the change just made (the README says: copy it)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt

from asahi_desk.ui.plan_model import PlanTreeModel as M

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_a_plain_copy_right_after_an_edit_in_the_window_finds_the_edit(window, qtbot, plan_path, tmp_path):
    item = window.doc.plan.item("Ⅰ-1-1")
    index = window.model.index_of(item, M.COL_CURRENT)
    window.tree.setCurrentIndex(index)
    window.tree.edit(index)
    editor = window.tree.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "777,000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert item.amount == 777_000

    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(plan_path, copy)  # the file alone, as Explorer copies it; the window still holds the plan
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT amount FROM items WHERE id = ?", (item.id,)).fetchone()[0] == 777_000
    finally:
        conn.close()
    assert sorted(p.name for p in plan_path.parent.glob(plan_path.name + "-*")) == []
