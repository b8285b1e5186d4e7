"""計画の設定: each change is checked, stored at once, one step that 元に戻す takes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.test_cli_plan_settings import PNG


@pytest.fixture
def dialog(window, qtbot):
    from asahi_desk.ui.plan_settings_dialog import PlanSettingsDialog

    d = PlanSettingsDialog(window.doc, window)
    qtbot.addWidget(d)
    d.show()
    return d


def stored(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def leave(qtbot, edit, text: str) -> None:
    """Type into a field and leave it, as Tab does."""
    edit.setFocus()
    if hasattr(edit, "setPlainText"):
        edit.setPlainText(text)
    else:
        edit.selectAll()
        edit.insert(text)
    edit.clearFocus()
    if hasattr(edit, "editingFinished") and not hasattr(edit, "setPlainText"):
        edit.editingFinished.emit()


def test_the_menu_opens_the_dialog(window, monkeypatch):
    from asahi_desk.ui.plan_settings_dialog import PlanSettingsDialog

    shown = []
    monkeypatch.setattr(PlanSettingsDialog, "exec", lambda self: shown.append(self.ward.text()) or 0)
    window.plan_settings_action.trigger()
    assert shown == ["旭区"]


def test_each_change_is_one_step_and_undo_takes_it_back(window, dialog, plan_path, qtbot):
    stack = window.doc.undo_stack
    start = stack.index()
    leave(qtbot, dialog.ward, "青葉区")
    assert stored(plan_path, "SELECT ward FROM plan") == [("青葉区",)]
    assert window.doc.plan.category("青葉区で企画する主な区配事業") is not None
    assert stack.index() == start + 1 and stack.undoText() == "区の変更"

    dialog.year.setValue(2019)
    dialog.year.editingFinished.emit()
    leave(qtbot, dialog.year_label, "令和元年度")
    leave(qtbot, dialog.office, "総務課")
    assert stored(plan_path, "SELECT fiscal_year, year_label_override, office FROM plan") == [(2019, "令和元年度", "総務課")]
    assert dialog.author.text() == "青葉区総務課"
    assert stack.index() == start + 4

    leave(qtbot, dialog.slogan, "みどりの\nまち")
    leave(qtbot, dialog.caption, "なしかちゃん")
    assert stored(plan_path, "SELECT slogan, mascot_caption FROM plan") == [("みどりの\nまち", "なしかちゃん")]

    for _ in range(6):
        dialog.undo_button.click()
    assert stack.index() == start
    assert stored(plan_path, "SELECT ward, fiscal_year, year_label_override, office FROM plan") == [
        ("旭区", 2024, "", "区政推進課")]
    assert dialog.ward.text() == "旭区" and dialog.year.value() == 2024 and dialog.office.text() == "区政推進課"
    assert window.doc.plan.category("旭区で企画する主な区配事業") is not None
    dialog.redo_button.click()
    assert dialog.ward.text() == "青葉区" and stored(plan_path, "SELECT ward FROM plan") == [("青葉区",)]


def test_a_refused_value_is_named_and_nothing_changes(window, dialog, plan_path, qtbot):
    before = plan_path.read_bytes()
    start = window.doc.undo_stack.index()
    leave(qtbot, dialog.year_label, "令和２年度")
    assert "令和６年度" in dialog.error.text() and dialog.year_label.text() == ""
    leave(qtbot, dialog.ward, "")
    assert "区の名称を入力してください" in dialog.error.text() and dialog.ward.text() == "旭区"
    assert window.doc.undo_stack.index() == start and plan_path.read_bytes() == before


def test_the_mascot_picture(window, dialog, plan_path, tmp_path):
    picture = tmp_path / "mascot.png"
    picture.write_bytes(PNG)
    assert dialog.set_mascot(picture)
    assert stored(plan_path, "SELECT mascot_image FROM plan") == [(PNG,)]
    not_a_picture = tmp_path / "memo.png"
    not_a_picture.write_text("memo")
    assert not dialog.set_mascot(not_a_picture)
    assert "JPEG・PNG" in dialog.error.text()
    dialog.undo_button.click()
    assert stored(plan_path, "SELECT mascot_image FROM plan") == [(None,)]


def test_sections_are_added_renamed_reordered_and_removed_only_when_unused(window, dialog, plan_path):
    names = [s.name for s in window.doc.plan.sections]
    stack = window.doc.undo_stack
    start = stack.index()
    dialog.sections.setCurrentRow(len(names) - 1)
    assert dialog.add_section("戸籍課")
    assert [n for (n,) in stored(plan_path, "SELECT name FROM sections ORDER BY position")] == names + ["戸籍課"]
    assert dialog.rename_section("住民課")
    assert dialog.move_section(-1)
    assert [n for (n,) in stored(plan_path, "SELECT name FROM sections ORDER BY position")][-2:] == ["住民課", names[-1]]
    assert stack.index() == start + 3

    dialog.sections.setCurrentRow(names.index("地域振興課"))
    assert not dialog.remove_section()
    assert "課「地域振興課」は" in dialog.error.text() and "Ⅱ-２ 自治会町内会活動支援事業" in dialog.error.text()
    assert stack.index() == start + 3

    dialog.sections.setCurrentRow(len(names) - 1)
    assert dialog.sections.currentItem().text() == "住民課"
    assert dialog.remove_section()
    assert [n for (n,) in stored(plan_path, "SELECT name FROM sections ORDER BY position")] == names
    for _ in range(4):
        dialog.undo_button.click()
    assert [n for (n,) in stored(plan_path, "SELECT name FROM sections ORDER BY position")] == names
    assert [dialog.sections.item(i).text() for i in range(dialog.sections.count())] == names
    for _ in range(4):
        dialog.redo_button.click()
    assert [n for (n,) in stored(plan_path, "SELECT name FROM sections ORDER BY position")] == names


def test_summary_figures(window, dialog, plan_path):
    table = dialog.figures
    row = next(r for r in range(table.rowCount())
               if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "区庁舎・区民利用施設管理費")
    assert table.item(row, 1).text() == "725,152"
    table.item(row, 1).setText("７３０，０００")
    assert stored(plan_path, "SELECT amount FROM categories WHERE name = '区庁舎・区民利用施設管理費'") == [(730000,)]
    assert window.doc.plan.total_category.current == 876702 - 725152 + 730000
    table.item(row, 3).setText("730,000")
    table.item(row, 1).setText("七十万")
    assert "金額として読めません" in dialog.error.text() and table.item(row, 1).text() == "730,000"
    total = next(r for r in range(table.rowCount())
                 if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "個性ある区づくり推進費")
    assert not table.item(total, 1).flags() & Qt.ItemFlag.ItemIsEditable
    dialog.undo_button.click()
    dialog.undo_button.click()
    assert stored(plan_path, "SELECT amount, stated_amount FROM categories "
                             "WHERE name = '区庁舎・区民利用施設管理費'") == [(725152, None)]
    assert table.item(row, 1).text() == "725,152"
