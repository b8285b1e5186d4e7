"""Before a PDF or a print with errors in the checks, a question; the findings panel; typing on a total."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from asahi_desk.ui import packet_output
from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

RENDER_TIMEOUT = 60_000


def make_an_error(window, qtbot):
    """An item's amount changed: its 事業 no longer matches what the 課 reported (an error of the checks)."""
    item = window.doc.plan.item("Ⅲ-1-1")
    with qtbot.waitSignal(window.checked, timeout=3000):
        assert window.model.setData(window.model.index_of(item, M.COL_CURRENT), str(item.amount + 100))
    errors = [f for f in window.findings if f.level == "error"]
    assert errors
    return errors


def answer_with(button_text, seen):
    """Answer the next modal question by the button of that text, noting what it said."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.text(), sorted(b.text() for b in box.buttons())))
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


@pytest.fixture
def save_dialog(monkeypatch, tmp_path):
    asked = []
    target = tmp_path / "資料１.pdf"

    def get_save_file_name(*_args, **_kwargs):
        asked.append(True)
        return str(target), ""

    monkeypatch.setattr(packet_output.QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return asked, target


def test_export_with_errors_asks_and_shows_the_findings(window, qtbot, save_dialog):
    asked, target = save_dialog
    errors = make_an_error(window, qtbot)
    window.findings_dock.hide()
    seen = []
    answer_with("点検を表示", seen)
    window.export_action.trigger()

    text, buttons = seen[0]
    assert buttons == sorted(["点検を表示", "このまま書き出す", "キャンセル"])
    assert f"エラーが {len(errors)} 件" in text
    assert f"・{errors[0].node}　{errors[0].message}" in text
    assert not asked and not target.exists()  # no file was asked for, nothing written
    assert window.findings_dock.isVisible()
    view = window.findings_view
    assert view.findings[view.indexOfTopLevelItem(view.currentItem())] is errors[0]


def test_export_with_errors_goes_on_when_told_to(window, qtbot, save_dialog):
    asked, target = save_dialog
    make_an_error(window, qtbot)
    seen = []
    answer_with("このまま書き出す", seen)
    window.export_action.trigger()
    assert asked
    qtbot.waitUntil(target.exists, timeout=RENDER_TIMEOUT)
    pdf = QPdfDocument()
    pdf.load(str(target))
    assert pdf.pageCount() == 25


def test_print_with_errors_asks_and_cancel_prints_nothing(window, qtbot):
    make_an_error(window, qtbot)
    generation = window.renders.generation
    seen = []
    answer_with("キャンセル", seen)
    window.print_packet_action.trigger()
    assert "このまま印刷する" in seen[0][1] and "印刷すると" in seen[0][0]
    assert window.renders.generation == generation and window.renders.running is None  # nothing rendered to print


def test_the_question_lists_the_first_errors_and_counts_the_rest(window, qtbot):
    from asahi_desk.ui.output_check import FIRST_ERRORS, question_text

    plan = window.doc.plan
    with qtbot.waitSignal(window.checked, timeout=3000):
        for project in plan.projects():
            if project.items:
                item = project.items[0]
                window.model.setData(window.model.index_of(item, M.COL_CURRENT), str(item.amount + 1))
    errors = [f for f in window.findings if f.level == "error"]
    assert len(errors) > FIRST_ERRORS
    text = question_text(errors, "書き出す")
    assert text.count("\n・") == FIRST_ERRORS
    assert text.endswith(f"ほか {len(errors) - FIRST_ERRORS} 件")


def test_without_errors_export_asks_nothing(window, qtbot, save_dialog):
    asked, target = save_dialog
    assert not [f for f in window.findings if f.level == "error"]
    window.export_action.trigger()  # a question here would block the test
    assert asked
    qtbot.waitUntil(target.exists, timeout=RENDER_TIMEOUT)


def test_long_findings_wrap_and_show_whole_in_a_tooltip(window, qtbot):
    view = window.findings_view
    window.findings_dock.show()
    window.findings_dock.raise_()
    longest = max(range(len(view.findings)), key=lambda n: len(view.findings[n].message))
    short = min(range(len(view.findings)), key=lambda n: len(view.findings[n].message))
    finding = view.findings[longest]
    row = view.topLevelItem(longest)
    assert finding.message in row.toolTip(2) and finding.message in row.toolTip(0)
    assert view.wordWrap()
    window.resize(700, 860)  # the message column narrower than the longest message
    qtbot.waitUntil(lambda: view.visualItemRect(row).height() > view.visualItemRect(view.topLevelItem(short)).height())


def test_the_findings_panel_keeps_its_size(settings, plan_path, qtbot):
    desk = Desk(AppSettings(settings))
    window = desk.open(plan_path)
    window.show()
    qtbot.waitExposed(window)
    assert window.findings_view.height() >= 6 * window.findings_view.fontMetrics().height()  # more than four rows
    start = window.findings_dock.height()
    window.resizeDocks([window.findings_dock], [start + 120], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.findings_dock.height() > start + 50)
    height = window.findings_dock.height()
    with qtbot.waitSignal(window.checked, timeout=3000):
        window.run_checks()
    assert window.findings_dock.height() == height
    window.close()

    again = desk.open(plan_path)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: again.findings_dock.height() == height)


def test_typing_on_a_total_says_where_to_type_and_changes_nothing(window, qtbot):
    project = window.doc.plan.project("Ⅰ-1")
    assert project.items
    index = window.model.index_of(project, M.COL_CURRENT)
    window.select_node(project)
    window.tree.setCurrentIndex(index)
    window.tree.setFocus()
    before = project.current
    qtbot.keyClick(window.tree, Qt.Key.Key_5)
    assert window.tree.balloon.isVisible()
    assert "細事業の合計" in window.tree.balloon.text()
    assert "細事業の合計" in window.statusBar().currentMessage()
    assert window.tree.currentIndex() == index  # the cursor stayed on the cell
    assert project.current == before and window.doc.undo_stack.count() == 0

    window.tree.setCurrentIndex(window.model.index_of(project, M.COL_RATE))
    qtbot.keyClick(window.tree, Qt.Key.Key_A)
    assert "増減率" in window.tree.balloon.text()
