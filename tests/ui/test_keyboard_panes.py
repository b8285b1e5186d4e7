"""The keyboard leaves the table: F6 / Shift+F6 go round the panes, Ctrl+1…6 go to one, toolbar letters work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from asahi_desk.ui.panes import PANES

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def focused_pane(window):
    return window.panes.current() if QApplication.focusWidget() is not None else None


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    qtbot.waitUntil(lambda: window.tree.hasFocus())
    return window


def test_f6_goes_round_every_pane_and_back_to_the_table(active, qtbot):
    window = active
    seen = [focused_pane(window)]
    for _ in range(len(PANES)):
        press(qtbot, Qt.Key.Key_F6)
        seen.append(focused_pane(window))
    assert seen == [0, 1, 2, 3, 4, 5, 0]
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused_pane(window) == 5 and window.preview_dock.isVisible()
    press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert focused_pane(window) == 4 and window.undo_view.isVisible()


def test_tab_in_the_table_stays_in_the_row_but_f6_leaves_it(active, qtbot):
    window = active
    press(qtbot, Qt.Key.Key_Tab)
    assert window.tree.hasFocus()
    press(qtbot, Qt.Key.Key_F6)
    assert window.detail.isAncestorOf(QApplication.focusWidget())


def test_each_pane_has_its_key_in_the_view_menu(active, qtbot):
    window = active
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("表示"))
    shown = {a.text(): a.shortcut().toString() for a in view_menu.actions() if a.text().endswith("へ移動")}
    assert shown == {f"{name}へ移動": key for name, key in PANES}
    window.findings_dock.close()  # a closed pane: F6 passes it by, its own key opens it
    window.panes.go(2)
    press(qtbot, Qt.Key.Key_F6)
    assert focused_pane(window) == 4
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.findings_dock.isVisible() and window.findings_view.hasFocus()
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tree.hasFocus()


def toolbar_buttons(window):
    return {b.text(): b for b in window.toolbar.findChildren(QToolButton) if b.defaultAction() is not None}


def test_every_toolbar_letter_works(active, qtbot):
    window = active
    texts = [t for t in toolbar_buttons(window) if "(&" in t]
    letters = [t[t.index("(&") + 2] for t in texts]
    assert len(letters) == len(set(letters)) and {"I", "W", "J"} <= set(letters)
    menu_letters = {a.text()[a.text().index("(&") + 2] for a in window.menuBar().actions()}
    assert not set(letters) & menu_letters  # Alt+E opens 編集, never a toolbar button

    plan = window.doc.plan
    item = plan.item("Ⅰ-1-1")
    window.select_node(item)
    count = len(item.project.items)
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # 細事業を追加(I): the button is clicked
    qtbot.waitUntil(lambda: len(item.project.items) == count + 1)
    window.tree.setFocus()
    window.doc.undo_stack.undo()

    project = plan.project("Ⅰ-1")
    window.select_node(project)
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # 下へ移動(W)
    qtbot.waitUntil(lambda: plan.project("Ⅰ-2") is project)
    press(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # 上へ移動(U)
    qtbot.waitUntil(lambda: plan.project("Ⅰ-1") is project)
    pillar_count = len(project.pillar.projects)
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # 事業を追加(J)
    qtbot.waitUntil(lambda: len(project.pillar.projects) == pillar_count + 1)
