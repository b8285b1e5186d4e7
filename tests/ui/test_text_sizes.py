"""Text sizes 小・中・大 apply at once to the whole window; figures fit their columns; the toolbar fits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QToolButton

from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import FONT_SIZES

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LARGE = len(FONT_SIZES) - 1


@pytest.fixture
def app_font(qapp):
    font = QFont(qapp.font())
    yield
    qapp.setFont(font)


def rows(model, parent=QModelIndex()):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from rows(model, index)


def set_size(window, qtbot, step):
    window.settings.font_step = step
    window.apply_settings()
    qtbot.waitUntil(lambda: abs(window.tree.font().pointSizeF() - FONT_SIZES[step]) < 0.01)
    QApplication.processEvents()


def test_at_large_every_figure_fits_its_column(window, qtbot, app_font):
    set_size(window, qtbot, LARGE)
    tree, model = window.tree, window.model
    assert tree.font().pointSizeF() == FONT_SIZES[LARGE]  # the table itself, without a restart
    normal = QFontMetrics(tree.font())
    checked = 0
    for index in rows(model):
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if font is not None else normal
        if font is not None:
            assert font.pointSizeF() == FONT_SIZES[LARGE] and font.bold()
        for column in (M.COL_CURRENT, M.COL_LAST, M.COL_DIFF, M.COL_RATE):
            text = index.siblingAtColumn(column).data()
            if text:
                assert metrics.horizontalAdvance(text) + 8 <= tree.columnWidth(column), (text, column)
                checked += 1
    assert checked > 250  # every figure of every row, collapsed ones too
    total = window.doc.plan.total_category
    assert model.index_of(total, M.COL_DIFF).data()  # the bold totals are among them


def test_sizes_apply_at_once_to_the_other_panes(window, qtbot, app_font):
    set_size(window, qtbot, 0)
    small = window.findings_view.font().pointSizeF()
    set_size(window, qtbot, LARGE)
    assert window.findings_view.font().pointSizeF() > small
    assert window.detail.font().pointSizeF() == FONT_SIZES[LARGE]


def test_at_large_the_toolbar_fits_and_names_show_whole_in_a_tooltip(window, qtbot, app_font):
    window.resize(1400, 860)
    set_size(window, qtbot, LARGE)
    qtbot.waitUntil(lambda: window.toolbar.width() >= window.width() - 20)
    buttons = [b for b in window.toolbar.findChildren(QToolButton) if b.defaultAction() is not None]
    extension = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()  # nothing hidden behind »
    assert all(b.isVisible() for b in buttons)
    assert any(b.defaultAction() is window.print_action for b in buttons)

    project = window.doc.plan.project("Ⅱ-1")
    name = window.model.index_of(project, M.COL_NAME)
    assert project.name in name.data(Qt.ItemDataRole.ToolTipRole)
    sections = window.model.index_of(project, M.COL_SECTIONS)
    assert sections.data() and sections.data() in sections.data(Qt.ItemDataRole.ToolTipRole)
