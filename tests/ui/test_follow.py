"""The read-only second window follows the file: another window's change shows within a second or two."""

from __future__ import annotations

import pytest

from asahi_desk.ui.app import Desk
from asahi_desk.ui.follow import RELOADED
from asahi_desk.ui.plan_model import PlanTreeModel as M

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_read_only_window_reloads_and_keeps_its_selection(settings, window, qtbot):
    from asahi_desk.ui.settings import AppSettings

    second = Desk(AppSettings(settings)).open(window.doc.path)
    qtbot.addWidget(second)
    second.show()
    assert second.doc.readonly
    project = second.doc.plan.project("Ⅱ-3")
    second.select_node(project.items[0])
    second.tree.setCurrentIndex(second.model.index_of(project.items[0], M.COL_CURRENT))
    second.tree.collapse(second.model.index_of(project.pillar))
    second.tree.expand(second.model.index_of(project.pillar))
    expanded_before = second.tree.isExpanded(second.model.index_of(project))

    item = window.doc.plan.item("Ⅱ-3-1")
    new = item.amount + 321
    assert window.model.setData(window.model.index_of(item, M.COL_CURRENT), f"{new:,}")
    window.model.setData(window.model.index_of(window.doc.plan.project("Ⅱ-1"), M.COL_NAME), "区民の力を育てる事業")

    def shown() -> bool:
        other = second.doc.plan.item("Ⅱ-3-1")
        return second.model.index_of(other, M.COL_CURRENT).data() == f"{new:,}"

    qtbot.waitUntil(shown, timeout=5000)
    assert second.statusBar().currentMessage() == RELOADED
    assert second.doc.plan.project("Ⅱ-1").name == "区民の力を育てる事業"
    current = second.tree.currentIndex()
    assert second.model.node(current) is second.doc.plan.item("Ⅱ-3-1") and current.column() == M.COL_CURRENT
    assert second.tree.isExpanded(second.model.index_of(second.doc.plan.project("Ⅱ-3"))) == expanded_before
    assert second.detail.page.node is second.doc.plan.item("Ⅱ-3-1")
    total = second.doc.plan.total_category
    assert second.model.index_of(total, M.COL_CURRENT).data() == window.model.index_of(
        window.doc.plan.total_category, M.COL_CURRENT).data()
    second.close()


def test_the_editing_window_does_not_poll(window):
    assert not window.follower.timer.isActive()
