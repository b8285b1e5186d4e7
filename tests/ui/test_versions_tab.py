"""The 版 tab: the list, naming, the comparison, jumping to a row, marking the tree, restoring with undo."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog

from asahi_desk.domain.model import Item
from asahi_desk.store import PlanStore
from asahi_desk.store import versions
from asahi_desk.ui.commands import EditCommand, InsertCommand, MoveCommand, RemoveCommand
from asahi_desk.ui.main_window import MainWindow
from asahi_desk.ui.plan_model import PlanTreeModel as M
from tests.helpers import plan_outline
from tests.test_cli_restore import plan_rows

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAIT = 60_000  # ms: two renders of 資料１ on a slow machine


def typed_name(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (text, True)))


def listed(window) -> list[list[str]]:
    tree = window.versions.list
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


def changes(window) -> list[list[str]]:
    tree = window.versions.changes
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())] for r in range(tree.topLevelItemCount())]


def test_file_menu_saves_a_version_by_hand_and_the_tab_names_it(window, monkeypatch, plan_path):
    assert listed(window) == []
    typed_name(monkeypatch, "6/3 課長確認用")
    window.save_version_action.trigger()
    rows = listed(window)
    assert [(r[0], r[2], r[3]) for r in rows] == [("1", "手動で保存", "6/3 課長確認用")]
    assert rows[0][4] == f"{window.doc.plan.categories[0].current:,}"
    assert window.versions.selected_id() == 1
    typed_name(monkeypatch, "区長説明用")
    window.versions.name_button.click()
    assert listed(window)[0][3] == "区長説明用"
    typed_name(monkeypatch, "あ" * 200)
    shown: list[str] = []
    monkeypatch.setattr("asahi_desk.ui.versions.warn", lambda _parent, text: shown.append(text))
    window.versions.name_button.click()
    assert "100 文字まで" in shown[0] and listed(window)[0][3] == "区長説明用"
    store = PlanStore.open(plan_path, readonly=True)
    try:
        assert [(v.id, v.name) for v in versions.list_versions(store.file)] == [(1, "区長説明用")]
    finally:
        store.close()
    monkeypatch.setattr("asahi_desk.ui.versions.ask", lambda _parent, _question: True)
    window.versions.delete_button.click()
    assert listed(window) == [] and changes(window) == []


def test_selecting_a_version_lists_the_changes_jumps_to_a_row_and_marks_the_tree(window, qtbot, monkeypatch):
    doc = window.doc
    version = window.versions.save_version("前回")
    assert version is not None and changes(window) == []
    item = doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), f"{item.amount + 100}")
    project = doc.plan.project("Ⅰ-2")
    doc.run(EditCommand(doc, project, "目的の変更", purpose=project.purpose + "新しい一文です。"))
    added = Item("新しい細事業", 50)
    doc.run(InsertCommand(doc, added, project, len(project.items)))
    gone = doc.plan.project("Ⅱ-1").items[-1]
    doc.run(RemoveCommand(doc, gone))
    moved = doc.plan.project("Ⅱ-3")
    doc.run(MoveCommand(doc, moved, moved.pillar, 0))
    qtbot.waitUntil(lambda: len(changes(window)) == 5, timeout=5000)
    rows = changes(window)
    assert [(r[0], r[2]) for r in rows] == [("変更", "金額"), ("変更", "目的"), ("追加", ""), ("移動", ""), ("削除", "")]
    assert rows[0][3:] == [f"{item.amount - 100:,}", f"{item.amount:,}", "100"]
    assert gone.name in rows[4][1]
    assert "変更 5 件" in window.versions.summary.text()

    window.tree.setCurrentIndex(window.model.index(0, 0))
    jump = window.versions.changes.topLevelItem(1)
    window.versions.changes.itemDoubleClicked.emit(jump, 1)
    assert window.current_node() is project

    def marked(node):
        return window.model.index_of(node).data(M.MarkedRole)

    assert not marked(item)
    window.versions.mark_box.setChecked(True)
    assert all(marked(n) for n in (item, item.project, project, added, moved))
    assert not marked(doc.plan.item("Ⅰ-1-2")) and not marked(doc.plan.project("Ⅰ-3"))
    window.tree.viewport().repaint()  # the delegate draws the marks
    window.versions.mark_box.setChecked(False)
    assert not marked(item)


def test_restore_makes_the_plan_as_the_version_and_undo_takes_it_back(window, qtbot, monkeypatch, plan_path):
    doc = window.doc
    window.versions.save_version("戻る先")
    original = plan_rows(plan_path)
    item = doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "9,999")
    doc.run(RemoveCommand(doc, doc.plan.project("Ⅱ-1").items[-1]))
    changed = plan_rows(plan_path)
    window.select_node(doc.plan.project("Ⅰ-2"))
    monkeypatch.setattr("asahi_desk.ui.versions.ask", lambda _parent, _question: True)
    window.versions.select(1)
    window.versions.restore_button.click()

    assert plan_rows(plan_path) == original
    assert listed(window)[0][2:4] == ["復元の前", "版 1 に戻す前"]
    restored = doc.plan.item("Ⅰ-1-1")
    assert restored is not item and restored.amount == 725
    assert window.model.index_of(restored, M.COL_CURRENT).data() == "725"
    assert window.current_node() is doc.plan.project("Ⅰ-2")  # the selection stays on its row
    assert window.meeting.meeting_page.node is doc.plan.meeting  # the 会議資料 pages show the plan read anew
    assert window.detail.project_page.node is doc.plan.project("Ⅰ-2")
    assert window.undo_action.text() == "元に戻す 版 1 に戻す"
    assert changes(window) == []  # the plan is the version now

    window.undo_action.trigger()
    assert plan_rows(plan_path) == changed
    assert window.model.index_of(doc.plan.item("Ⅰ-1-1"), M.COL_CURRENT).data() == "9,999"
    window.redo_action.trigger()
    assert plan_rows(plan_path) == original
    assert doc.plan.item("Ⅰ-1-1").amount == 725


def test_a_version_opens_as_a_new_plan_file(window, qtbot, tmp_path, plan_path, monkeypatch):
    window.versions.save_version()
    store = PlanStore.open(plan_path, readonly=True)
    try:
        kept = plan_outline(versions.plan_of(store.file, 1))
    finally:
        store.close()
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "1")
    target = tmp_path / "前の版.sqlite"
    with qtbot.waitSignal(window.versions.openRequested) as opened:
        assert window.versions.open_as_file(target, 1)
    assert opened.args == [target]
    others = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, MainWindow) and w.isVisible() and w.doc.path == target]
    assert len(others) == 1  # the window the application opened on the new file
    assert plan_outline(others[0].doc.plan) == kept
    assert window.doc.plan.item("Ⅰ-1-1").amount == 1  # the open plan stays as it is
    for other in others:
        other.close()
    shown: list[str] = []
    monkeypatch.setattr("asahi_desk.ui.versions.warn", lambda _parent, text: shown.append(text))
    rows = plan_rows(plan_path)
    assert not window.versions.open_as_file(plan_path.parent / "." / plan_path.name, 1)
    assert "同じ名前" in shown[0] and plan_rows(plan_path) == rows

def test_the_tab_writes_the_comparison_pdf(window, qtbot, tmp_path):
    window.versions.save_version("前回")
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "1,234")
    out = tmp_path / "新旧対照表.pdf"
    window.versions.export_to(out, 1)
    qtbot.waitUntil(lambda: "新旧対照表を書き出しました" in window.statusBar().currentMessage(), timeout=WAIT)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True).stdout
    assert "新旧対照表" in text and "1,234" in text and "725" in text and "（変更）" in text
    assert "版 1" in text and "前回" in text


def test_steps_after_a_restore_are_not_redone_on_a_plan_read_anew(window, qtbot, plan_path):
    doc = window.doc
    window.versions.save_version()
    window.versions.restore(1)
    item = doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "800")
    window.undo_action.trigger()  # the amount
    window.undo_action.trigger()  # the restore
    window.redo_action.trigger()  # the restore again: the plan is read anew
    qtbot.waitUntil(lambda: not doc.undo_stack.canRedo(), timeout=2000)
    assert doc.undo_stack.undoText() == "版 1 に戻す"
    assert doc.plan.item("Ⅰ-1-1").amount == 725 and plan_rows(plan_path) == plan_rows_of_version(plan_path, 1)


def plan_rows_of_version(plan_path, version_id):
    """The plan's rows as a version holds them: written as a new file, then read."""
    target = plan_path.parent / f"version{version_id}.sqlite"
    store = PlanStore.open(plan_path, readonly=True)
    try:
        versions.restore_as_file(store.file, version_id, target)
    finally:
        store.close()
    return plan_rows(target)
