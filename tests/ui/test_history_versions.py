"""変更履歴 and the 版 tab lead to each other: a version made is a line of the history, which opens the tab on
it; from a version, 「この版以降の変更履歴」 lists the changes made after it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAIT = 60_000  # ms: a render of 資料１ on a slow machine
TIME = r"\d\d:\d\d　"


def set_amount(window, node, value):
    assert window.model.setData(window.model.index_of(node, M.COL_CURRENT), f"{value:,}")


def session_rows(window) -> list[tuple[str, int | None]]:
    view = window.history.undo_view
    return [(view.item(n).text(), view.item(n).data(Qt.ItemDataRole.UserRole + 2)) for n in range(view.count())]


def in_front(dock) -> bool:
    """A dock's tab is the one shown (a dock behind another's tab is "visible" but shows nothing)."""
    return not dock.visibleRegion().isEmpty()


def activate(qtbot, view, row: int) -> None:
    """Enter on a row of a list, as the keyboard does."""
    view.setFocus()
    view.setCurrentRow(row)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_an_export_makes_a_line_that_opens_the_versions_tab_on_it(window, qtbot, tmp_path):
    item = window.doc.plan.item("Ⅱ-1-2")
    old = item.amount
    set_amount(window, item, old + 200)
    with qtbot.waitSignal(window.doc.versions_changed, timeout=WAIT):
        window.export_pdf_to(tmp_path / "資料１.pdf")
    set_amount(window, window.doc.plan.item("Ⅰ-1-1"), 4321)
    rows = session_rows(window)
    assert [v for _t, v in rows] == [None, None, 1, None]  # start, the change, the version, the next change
    assert re.fullmatch(f"{TIME}版を保存しました：版 1 資料１", rows[2][0])
    assert rows[1][0].endswith(f"Ⅱ-１ 細事業２ 金額 {old:,} → {old + 200:,}")

    window.history_dock.raise_()  # 変更履歴 in front, the 版 tab behind it
    qtbot.waitUntil(lambda: in_front(window.history_dock) and not in_front(window.versions_dock))
    assert window.versions.selected_id() is None
    activate(qtbot, window.history.undo_view, 2)
    assert window.versions.selected_id() == 1
    qtbot.waitUntil(lambda: in_front(window.versions_dock) and not in_front(window.history_dock))
    assert window.versions.list.hasFocus()
    assert window.doc.undo_stack.index() == 2  # activating a version's line undoes nothing


def test_a_version_by_hand_is_named_in_its_line_and_the_line_follows_a_new_name(window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("6/3 課長確認用", True)))
    window.save_version_action.trigger()
    assert session_rows(window)[1][0].endswith("版を保存しました：版 1 手動で保存（6/3 課長確認用）")
    window.versions.rename(1, "区長説明用")
    assert session_rows(window)[1][0].endswith("版を保存しました：版 1 手動で保存（区長説明用）")


def test_undo_and_a_click_on_a_step_work_around_a_versions_line(window):
    plan = window.doc.plan
    set_amount(window, plan.item("Ⅰ-1-1"), 1111)
    window.versions.save_version()
    set_amount(window, plan.item("Ⅰ-1-1"), 2222)
    set_amount(window, plan.item("Ⅱ-1-2"), 3333)
    view = window.history.undo_view
    assert [v for _t, v in session_rows(window)] == [None, None, 1, None, None]
    view.setCurrentRow(1)  # a click on the first change: undo down to it, as the undo list always did
    assert window.doc.undo_stack.index() == 1 and plan.item("Ⅰ-1-1").amount == 1111
    assert view.item(3).foreground().color().name() == "#8a8a8a"  # undone, in grey
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert plan.item("Ⅱ-1-2").amount == 3333 and view.currentRow() == 4


def test_after_a_restart_the_versions_line_is_among_the_earlier_changes_and_opens_the_tab(
        settings, plan_path, qtbot):
    desk = Desk(AppSettings(settings))
    window = desk.open(plan_path)
    window.show()
    window.versions.save_version("課長確認用")
    window.close()
    again = desk.open(plan_path)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    earlier = again.history.earlier
    assert re.fullmatch(rf"\d+月\d+日 {TIME}版を保存しました：版 1 手動で保存（課長確認用）", earlier.item(0).text())
    activate(qtbot, earlier, 0)
    assert again.versions.selected_id() == 1
    again.versions.delete(1)
    messages: list[str] = []
    again.statusBar().messageChanged.connect(messages.append)
    activate(qtbot, earlier, 0)
    assert messages and "版 1 は削除されています" in messages[-1]


def test_changes_since_a_version_lists_exactly_those_made_after_it(window, qtbot):
    plan = window.doc.plan
    set_amount(window, plan.item("Ⅰ-1-1"), 1111)  # before: not listed
    first = window.versions.save_version("課長確認用")
    assert first is not None
    old = plan.item("Ⅱ-1-2").amount
    set_amount(window, plan.item("Ⅱ-1-2"), old + 5)
    window.select_node(plan.project("Ⅱ-1"))
    window.move_node(+1)
    second = window.versions.save_version()
    assert second is not None
    window.undo_action.trigger()  # the move taken back, after the second version

    window.versions.select(first.id)
    dialog = window.versions.show_log_since()
    assert dialog is not None and dialog.isVisible()
    texts = dialog.texts()
    assert len(texts) == 4
    assert texts[0] == f"Ⅱ-１ 細事業２ 金額 {old:,} → {old + 5:,}"
    assert texts[1].startswith("事業の移動：")
    assert texts[2] == "版を保存しました：版 2 手動で保存"
    assert texts[3].startswith("元に戻す：事業の移動：")
    assert dialog.heading.text() == f"版 1 {first.title} を作ってからの変更：4 件"
    assert dialog.list.topLevelItem(0).text(1) not in ("", "—")  # who

    window.versions.select(second.id)
    assert window.versions.show_log_since().texts() == [texts[3]]
    window.versions.save_version()  # selects the new version
    assert window.versions.selected_id() == 3
    assert window.versions.select(second.id)
    assert window.versions.show_log_since().texts() == [texts[3], "版を保存しました：版 3 手動で保存"]
    window.versions.select(3)
    assert window.versions.log_button.isEnabled()
    assert window.versions.show_log_since().heading.text().endswith("を作ってから、計画は変わっていません。")
