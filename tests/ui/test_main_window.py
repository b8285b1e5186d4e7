"""The real window, driven from the keyboard: totals, undo, bad input, structure, findings, read-only."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from asahi_desk.store import open_store
from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # the offscreen platform says so


@pytest.fixture
def desk(settings):
    return Desk(AppSettings(settings))


@pytest.fixture
def window(desk, plan_path, qtbot):
    w = desk.open(plan_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w  # qtbot closes it after the test, which releases the lock and closes the file


def row(window, node):
    model = window.model
    return [model.index_of(node, c).data() for c in range(M.COLUMN_COUNT)]


def stored_amount(plan_path, item_id):
    store = open_store(plan_path, readonly=True)
    try:
        return store.file.db.execute("SELECT amount FROM items WHERE id = ?", [item_id]).fetchone()[0]
    finally:
        store.close()


def type_into_cell(window, qtbot, node, column, text):
    """Select a cell, press F2 as in Excel, type, and return the editor (Enter is up to the caller)."""
    index = window.model.index_of(node, column)
    window.select_node(node)
    window.tree.setCurrentIndex(index)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    editor = next((e for e in window.tree.viewport().findChildren(QLineEdit) if e.isVisible()), None)  # not a closed one
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.insert(text)  # full-width text arrives from the input method as a whole
    return editor


def test_editing_an_item_amount_updates_every_total_up_the_path(window, qtbot, plan_path):
    plan = window.doc.plan
    item = plan.item("Ⅰ-1-1")
    project, pillar = item.project, item.project.pillar
    jishu, total = plan.category("自主企画事業費"), plan.total_category
    assert row(window, jishu)[1:5] == ["102,924", "103,230", "▲ 306", "▲ 0.3%"]
    assert row(window, total)[1:5] == ["876,702", "849,290", "27,412", "3.2%"]
    before = {n: n.current for n in (project, pillar, jishu, total)}
    item_before = item.amount
    delta = 10_000 - item_before

    editor = type_into_cell(window, qtbot, item, M.COL_CURRENT, "１０，０００")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert item.amount == 10_000
    assert stored_amount(plan_path, item.id) == 10_000
    for node in (project, pillar, jishu, total):
        assert row(window, node)[1] == f"{before[node] + delta:,}"
    assert row(window, jishu)[3:5] == ["8,969", "8.7%"]  # (112,199 − 103,230) ÷ 103,230
    assert row(window, total)[3:5] == ["36,687", "4.3%"]  # (885,977 − 849,290) ÷ 849,290
    assert window.total_label.text() == f"個性ある区づくり推進費 {before[total] + delta:,}千円"
    # Enter moved down to the next row, as in Excel
    assert window.model.node(window.tree.currentIndex()) is project.items[1]

    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item.amount == item_before
    assert [row(window, n)[1] for n in (project, pillar)] == [f"{before[project]:,}", f"{before[pillar]:,}"]
    assert row(window, jishu)[1:5] == ["102,924", "103,230", "▲ 306", "▲ 0.3%"]
    assert row(window, total)[1:5] == ["876,702", "849,290", "27,412", "3.2%"]
    assert stored_amount(plan_path, item.id) == item.amount

    qtbot.keyClick(window.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert item.amount == 10_000


def test_typing_abc_as_an_amount_gives_a_message_and_stores_nothing(window, qtbot, plan_path):
    item = window.doc.plan.item("Ⅱ-2-1")
    before = item.amount
    editor = type_into_cell(window, qtbot, item, M.COL_CURRENT, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    balloon = window.tree.balloon
    assert balloon.isVisible()
    assert "「abc」は金額として読めません" in balloon.text()
    assert editor.isVisible()  # still in the cell, as Excel keeps you there
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not balloon.isVisible()  # the message goes with the editor
    assert item.amount == before
    assert stored_amount(plan_path, item.id) == before
    assert window.doc.undo_stack.count() == 0


def test_escape_leaves_the_cell_as_it_was(window, qtbot):
    item = window.doc.plan.item("Ⅱ-2-1")
    before = item.amount
    editor = type_into_cell(window, qtbot, item, M.COL_CURRENT, "999")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert item.amount == before
    assert window.doc.undo_stack.count() == 0


def test_consecutive_edits_of_one_cell_are_one_undo_step(window):
    item = window.doc.plan.item("Ⅰ-2-1")
    before = item.amount
    index = window.model.index_of(item, M.COL_CURRENT)
    for text in ("100", "200", "300"):
        assert window.model.setData(index, text)
    stack = window.doc.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "金額の変更"
    window.undo_action.trigger()
    assert item.amount == before


def test_add_rename_move_and_delete_a_project(window, qtbot, monkeypatch):
    plan = window.doc.plan
    pillar = plan.pillars()[0]
    first = pillar.projects[0]
    count = len(pillar.projects)

    window.select_node(first)
    window.add_project_action.trigger()
    new = pillar.projects[1]
    assert len(pillar.projects) == count + 1 and new.name == "新しい事業"
    assert window.doc.undo_stack.undoText() == "事業の追加"
    editor = next((e for e in window.tree.viewport().findChildren(QLineEdit) if e.isVisible()), None)  # not a closed one
    assert editor is not None and editor.isVisible()  # ready to type the name
    editor.selectAll()
    editor.insert("防犯カメラ設置事業")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert new.name == "防犯カメラ設置事業"
    assert window.model.index_of(new).data(M.CodeRole) == "Ⅰ-２"

    window.select_node(new)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert pillar.projects[2] is new
    assert window.model.index_of(new).data(M.CodeRole) == "Ⅰ-３"
    assert window.model.node(window.tree.currentIndex()) is new
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert pillar.projects[1] is new

    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)  # no items: no question
    assert new not in pillar.projects and len(pillar.projects) == count

    asked = []
    monkeypatch.setattr(window, "confirm", lambda q: asked.append(q) or False)
    window.select_node(first)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert asked and "細事業が" in asked[0]
    assert first in pillar.projects  # answered no

    monkeypatch.setattr(window, "confirm", lambda q: True)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert first not in pillar.projects
    assert window.doc.undo_stack.undoText() == "事業の削除"
    window.undo_action.trigger()
    assert pillar.projects[0] is first and first.items
    store = open_store(window.doc.path, readonly=True)
    try:
        assert [p.name for p in store.plan.pillars()[0].projects] == [p.name for p in pillar.projects]
    finally:
        store.close()


def test_findings_follow_an_edit_and_jump_to_their_row(window, qtbot):
    plan = window.doc.plan
    item = plan.item("Ⅲ-1-1")
    project = item.project
    assert not any(f.level == "error" for f in window.findings)

    with qtbot.waitSignal(window.checked, timeout=3000):
        assert window.model.setData(window.model.index_of(item, M.COL_CURRENT), str(item.amount + 100))
    errors = [f for f in window.findings if f.level == "error"]
    assert any(f.target is project and f.check == "items_vs_project" for f in errors)
    assert window.model.index_of(project).data(M.LevelRole) == "error"
    assert "エラー" in window.findings_dock.windowTitle()

    view = window.findings_view
    position = next(i for i, f in enumerate(view.findings) if f.target is project)
    window.select_node(plan.total_category)
    view.itemActivated.emit(view.topLevelItem(position), 0)
    assert window.model.node(window.tree.currentIndex()) is project
    assert window.detail.page.node is project


def test_adopting_the_computed_figures_clears_the_errors_and_can_be_undone(window, qtbot):
    plan = window.doc.plan
    item = plan.item("Ⅲ-1-1")
    with qtbot.waitSignal(window.checked, timeout=3000):
        window.model.setData(window.model.index_of(item, M.COL_CURRENT), str(item.amount + 100))
    window.select_node(item)
    with qtbot.waitSignal(window.checked, timeout=3000):
        window.adopt_action.trigger()
    assert window.doc.undo_stack.undoText() == "計算値を記載額にする"
    assert not [f for f in window.findings if f.level == "error"]
    assert item.project.stated_amount == item.project.current
    assert plan.total_category.stated_amount == plan.total_category.current
    with qtbot.waitSignal(window.checked, timeout=3000):
        window.undo_action.trigger()
    assert [f for f in window.findings if f.level == "error"]


def test_drag_an_item_to_another_project(window):
    plan = window.doc.plan
    item, target = plan.item("Ⅰ-1-2"), plan.project("Ⅰ-3")
    model = window.model
    model.dropMimeData(model.mimeData([model.index_of(item)]), Qt.DropAction.MoveAction, 0, 0,
                       model.index_of(target))
    assert target.items[0] is item
    assert window.doc.undo_stack.undoText() == "細事業の移動"


def test_second_window_on_the_same_file_is_read_only_and_never_writes(desk, window, qtbot, plan_path):
    second = desk.open(plan_path)
    qtbot.addWidget(second)
    second.show()
    try:
        assert second.doc.readonly
        assert second.banner.isVisible()
        assert "編集中のため、読み取り専用" in second.banner.text()
        item = second.doc.plan.item("Ⅰ-1-1")
        index = second.model.index_of(item, M.COL_CURRENT)
        assert not second.model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not second.model.setData(index, "5")
        assert not second.delete_action.isEnabled()
        assert stored_amount(plan_path, item.id) == item.amount
        assert "読み取り専用" in second.windowTitle()
    finally:
        second.close()
    assert not window.doc.readonly


def test_lock_is_released_when_the_window_closes(desk, plan_path, qtbot):
    first = desk.open(plan_path)
    qtbot.addWidget(first)
    first.close()
    again = desk.open(plan_path)
    qtbot.addWidget(again)
    assert not again.doc.readonly
    again.close()


def test_window_layout_is_remembered(desk, plan_path, settings, qtbot):
    w = desk.open(plan_path)
    w.show()
    w.resize(640, 480)
    w.findings_dock.hide()
    w.close()
    again = desk.open(plan_path)
    qtbot.addWidget(again)
    again.show()
    assert again.size().width() == 640
    assert not again.findings_dock.isVisible()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only file")
def test_read_only_file_opens_with_a_banner(desk, plan_path, qtbot):
    plan_path.chmod(0o444)
    try:
        w = desk.open(plan_path)
        qtbot.addWidget(w)
        assert w.doc.readonly and "書き込めない" in w.banner.text()
        w.close()
    finally:
        plan_path.chmod(0o644)


def test_tree_header_uses_the_plans_years(window):
    model = window.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (1, 2)] == ["６年度", "５年度"]
    assert window.model.index(0, 0, QModelIndex()).data() == "個性ある区づくり推進費"


def test_tab_keeps_the_amount_and_moves_right(window, qtbot):
    item = window.doc.plan.item("Ⅰ-2-1")
    editor = type_into_cell(window, qtbot, item, M.COL_CURRENT, "4321")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert item.amount == 4321
    assert window.tree.currentIndex().column() == M.COL_LAST
    assert window.undo_view.model().rowCount() == 2  # the start and 「金額の変更」


def test_settings_change_the_checks_and_are_kept(window, settings, qtbot):
    from asahi_desk.ui.settings import SettingsDialog

    large = [f for f in window.findings if f.check == "large_change"]
    dialog = SettingsDialog(window.settings, window)
    dialog.threshold.setValue(60)
    dialog.font_size.setCurrentIndex(2)
    dialog.mincho.setText("/nowhere/font.ttf")
    dialog.accept()
    assert "見つかりません" in dialog.message.text()  # a font that is not there is refused
    dialog.mincho.setText("")
    dialog.accept()
    window.apply_settings()
    assert 0 < len([f for f in window.findings if f.check == "large_change"]) < len(large)
    again = AppSettings(settings)
    assert str(again.threshold) == "60.0" and again.font_step == 2
    assert window.doc.path.resolve() in again.recent_files


# Files a window has open are never deleted or replaced ----------------------------------------------


@pytest.fixture
def warnings(monkeypatch):
    from asahi_desk.ui import main_window

    from asahi_desk.ui import new_plan_dialog

    shown = []
    for module in (main_window, new_plan_dialog):
        monkeypatch.setattr(module, "warn", lambda _parent, text: shown.append(text))
    return shown


def choose_file(monkeypatch, path):
    from asahi_desk.ui import main_window

    monkeypatch.setattr(main_window.QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), "")))


def test_save_copy_onto_the_open_file_deletes_nothing(window, plan_path, monkeypatch, warnings):
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "4,321")
    choose_file(monkeypatch, plan_path.parent / "." / plan_path.name)  # the same file, spelled another way
    window.save_copy()
    assert warnings == ["開いているファイルと同じ名前にはコピーできません。"]
    assert plan_path.exists() and stored_amount(plan_path, item.id) == 4321
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "5,000")  # the window goes on storing edits
    assert stored_amount(plan_path, item.id) == 5000


def test_save_copy_replaces_a_closed_file_but_not_one_another_window_edits(desk, window, plan_path, tmp_path, qtbot,
                                                                           monkeypatch, warnings):
    from asahi_desk.store import create_default

    other = tmp_path / "他の計画.sqlite"
    create_default(other).close()
    second = desk.open(other)
    qtbot.addWidget(second)
    other_item = second.doc.plan.item("Ⅰ-1-1")
    second.model.setData(second.model.index_of(other_item, M.COL_CURRENT), "7,777")
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "4,321")

    choose_file(monkeypatch, other)
    window.save_copy()
    assert len(warnings) == 1 and "別のウィンドウ" in warnings[0] and "置き換えられません" in warnings[0]
    assert stored_amount(other, other_item.id) == 7777

    second.close()
    window.save_copy()  # nobody has it open now: it becomes the copy
    assert len(warnings) == 1
    assert stored_amount(other, item.id) == 4321
    assert not other.with_name(other.name + ".lock").exists()


def test_new_plan_never_replaces_a_file_that_is_open(desk, window, plan_path, tmp_path, qtbot, monkeypatch, warnings):
    from asahi_desk.store import create_default

    from asahi_desk.ui.new_plan_dialog import NewPlanDialog

    monkeypatch.setattr(NewPlanDialog, "exec", lambda _self: NewPlanDialog.DialogCode.Accepted)  # the built-in sample
    item = window.doc.plan.item("Ⅰ-1-1")
    built_in = item.amount
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "4,321")
    opened = []
    window.openRequested.connect(opened.append)
    choose_file(monkeypatch, plan_path)
    window.new_plan()  # the file of this window
    assert len(warnings) == 1 and "このウィンドウで開いている" in warnings[0]
    assert stored_amount(plan_path, item.id) == 4321 and opened == []

    other = tmp_path / "他の計画.sqlite"
    create_default(other).close()
    second = desk.open(other)
    qtbot.addWidget(second)
    second.model.setData(second.model.index_of(second.doc.plan.item("Ⅰ-1-1"), M.COL_CURRENT), "7,777")
    choose_file(monkeypatch, other)
    window.new_plan()  # the file another window edits
    assert len(warnings) == 2 and "別のウィンドウ" in warnings[1]
    assert stored_amount(other, item.id) == 7777 and opened == []

    second.close()
    window.new_plan()  # closed: made again from the built-in data, and opened
    assert len(warnings) == 2 and opened == [other]
    assert stored_amount(other, item.id) == built_in


# One rule for typed amounts, in the tree and in the detail panel -----------------------------------


def typed_in_tree(window, qtbot, node, column, text):
    """Type into a cell and press Enter: (the stored field's value, the message shown)."""
    editor = type_into_cell(window, qtbot, node, column, text or "0")
    if not text:
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    messages = []
    window.tree.delegate.rejected.connect(lambda _index, message: messages.append(message))
    window.model.inputRejected.connect(lambda _index, message: messages.append(message))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    if editor.isVisible():
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    return messages


def typed_in_detail(window, node, field, text):
    window.select_node(node)
    page = window.detail.page
    edit = page.amount if field == "amount" else page.last_year
    assert not edit.isReadOnly()
    edit.setText(text)
    edit.editingFinished.emit()
    return [page.message.text()] if page.message.text() else []


def test_the_tree_and_the_detail_panel_read_a_typed_amount_alike(window, qtbot):
    from asahi_desk.domain.model import Project
    from asahi_desk.ui.commands import InsertCommand

    plan = window.doc.plan
    pillar = plan.pillars()[0]
    empty = Project("細事業のない事業")
    assert window.doc.run(InsertCommand(window.doc, empty, pillar, len(pillar.projects)))
    cases = [
        (empty, "amount", ""), (empty, "amount", "abc"), (empty, "last_year", ""), (empty, "amount", "▲１２"),
        (plan.category("統合事務費"), "amount", ""), (plan.category("統合事務費"), "last_year", ""),
        (plan.item("Ⅰ-1-1"), "amount", ""), (plan.item("Ⅰ-1-1"), "amount", "1.5"),
        (plan.item("Ⅴ-1-1"), "last_year", ""),
    ]
    stack = window.doc.undo_stack
    for node, field, text in cases:
        column = M.COL_CURRENT if field == "amount" else M.COL_LAST
        before, steps = getattr(node, field), stack.index()
        tree_messages = typed_in_tree(window, qtbot, node, column, text)
        in_tree = getattr(node, field)
        stack.setIndex(steps)
        assert getattr(node, field) == before
        detail_messages = typed_in_detail(window, node, field, text)
        assert (getattr(node, field), detail_messages) == (in_tree, tree_messages), (node.name, field, text)
        stack.setIndex(steps)
        assert getattr(node, field) == before
    assert stack.index() == 1 and empty.amount is None  # every change undone, the 事業 still there


# User text is shown as typed, never as Qt rich text ---------------------------------------------------


def test_names_that_look_like_html_are_shown_as_typed(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel, QMessageBox

    from asahi_desk.ui import forms

    name = "<s>防災</s>訓練<br>事業"
    project = window.doc.plan.project("Ⅰ-1")
    window.model.setData(window.model.index_of(project), name)
    window.doc.update(window.doc.plan.meeting, name="<b>会議</b>")
    window.select_node(project)
    heading = window.detail.project_page.heading
    assert heading.text().endswith(name)
    labels = [label for label in window.findChildren(QLabel) if label.text()]
    assert heading in labels and window.meeting.meeting_page.heading.text().endswith(" <b>会議</b>")
    assert [label.objectName() or label.text() for label in labels
            if label.textFormat() != Qt.TextFormat.PlainText] == []

    asked = []

    def exec_(box):
        asked.append((box.text(), box.textFormat()))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(forms.QMessageBox, "exec", exec_)
    window.delete_node()  # it has 細事業: asks first
    assert len(asked) == 1 and name in asked[0][0] and asked[0][1] == Qt.TextFormat.PlainText
    assert project in project.pillar.projects


def test_the_status_bar_counts_the_findings_per_level(window):
    from asahi_desk.domain.findings import count_by_level

    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "99,999")  # 記載額 no longer match
    window.run_checks()
    errors, warnings, infos = count_by_level(window.findings).values()
    assert errors > 0 and errors + warnings + infos == len(window.findings)
    assert window.count_label.text() == f"エラー {errors}　警告 {warnings}　情報 {infos}"
    assert window.findings_dock.windowTitle() == f"点検（エラー {errors} 件）"
