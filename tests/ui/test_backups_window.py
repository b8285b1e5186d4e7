"""ファイル → バックアップから復元…: the window backs a plan up when it opens it, lists the backups, restores one."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from asahi_desk.store import open_store
from asahi_desk.store.backups import OPENED, RESTORE, list_backups, totals
from asahi_desk.ui import backups_dialog
from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def desk(settings):
    return Desk(AppSettings(settings))


def _open(desk, path, qtbot):
    w = desk.open(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _stored(path, item_id):
    store = open_store(path, readonly=True)
    try:
        return next(i for i in store.plan.items() if i.id == item_id).amount
    finally:
        store.close()


def test_the_dialog_lists_the_backup_made_on_opening_with_date_time_and_totals(desk, plan_path, qtbot):
    window = _open(desk, plan_path, qtbot)
    backups = list_backups(window.doc.file)
    assert [b.reason for b in backups] == [OPENED]
    dialog = backups_dialog.BackupsDialog(backups, readonly=False, parent=window)
    qtbot.addWidget(dialog)
    today = dt.date.today()
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[0] == f"{today.year}年{today.month}月{today.day}日"
    assert cells[1] == backups[0].made_at.strftime("%H:%M:%S")
    assert cells[2:] == ["ウィンドウで開いたとき", "876,702", "25 件"]


def test_restore_over_the_plan_backs_it_up_first_and_opens_it_again(desk, plan_path, qtbot, monkeypatch):
    window = _open(desk, plan_path, qtbot)
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "777,000")
    assert _stored(plan_path, item.id) == 777_000
    opened = list_backups(window.doc.file)[0]

    def choose(dialog):  # the user selects the backup of the opening and presses この計画をこの時点に戻す…
        dialog.over_button.click()
        return dialog.result()

    monkeypatch.setattr(backups_dialog.BackupsDialog, "exec", choose)
    monkeypatch.setattr(backups_dialog, "ask", lambda _parent, _question: True)
    window.restore_from_backup()

    assert _stored(plan_path, item.id) == 725
    reopened = [w for w in desk.windows if w is not window]
    assert len(reopened) == 1 and not reopened[0].doc.readonly
    qtbot.addWidget(reopened[0])
    assert reopened[0].doc.plan.item("Ⅰ-1-1").amount == 725
    backups = list_backups(reopened[0].doc.file)
    assert [b.reason for b in backups[:3]] == [OPENED, RESTORE, OPENED] and backups[2] == opened
    assert totals(backups[1]).current == 876702 - 725 + 777_000  # the plan as it was before the restore


def test_restore_as_a_new_file_leaves_the_plan_and_opens_the_file(desk, plan_path, tmp_path, qtbot, monkeypatch):
    window = _open(desk, plan_path, qtbot)
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "5,000")
    target = tmp_path / "戻した計画.sqlite"
    monkeypatch.setattr(backups_dialog.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    monkeypatch.setattr(backups_dialog.BackupsDialog, "exec",
                        lambda dialog: dialog.as_new_button.click() or QDialog.DialogCode.Accepted)
    opened = []
    window.openRequested.disconnect()
    window.openRequested.connect(opened.append)
    window.restore_from_backup()
    assert opened == [target]
    assert _stored(target, item.id) == 725 and _stored(plan_path, item.id) == 5000
