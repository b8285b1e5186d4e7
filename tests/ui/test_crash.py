"""An unforeseen failure in a slot of the window: logged with its traceback, the user told in Japanese where."""

from __future__ import annotations

import errno
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from asahi_desk.logs import log_path
from asahi_desk.ui.crash import install_crash_report


def fail_in_a_slot(qtbot, monkeypatch, failure) -> list[tuple[str, QMessageBox.Icon]]:
    """Run `failure` as a slot of the event loop with the window's excepthook; the messages it showed."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # given back after the test
    install_crash_report()
    shown: list[tuple[str, QMessageBox.Icon]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append((box.text(), box.icon()))
            box.accept()
        else:
            QTimer.singleShot(10, read_and_close)

    QTimer.singleShot(0, read_and_close)
    QTimer.singleShot(0, failure)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    return shown


def test_a_failing_slot_is_logged_and_named_in_a_message(window, qtbot, monkeypatch):
    def broken_slot() -> None:
        {}["合計"]  # a KeyError nobody foresaw

    text, icon = fail_in_a_slot(qtbot, monkeypatch, broken_slot)[0]
    assert icon == QMessageBox.Icon.Critical
    assert text.startswith("思いがけないエラーが起きました（KeyError: '合計'）。")
    assert f"ログ「{log_path()}」" in text and "Traceback" not in text
    log = log_path().read_text(encoding="utf-8")
    assert "unexpected error in the window" in log
    assert "Traceback" in log and "KeyError: '合計'" in log and "broken_slot" in log
    assert window.isVisible()  # the window goes on


def test_a_full_disk_is_said_as_such(window, qtbot, monkeypatch):
    def full_disk() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    text, _ = fail_in_a_slot(qtbot, monkeypatch, full_disk)[0]
    assert text.startswith("ディスクの空き容量が足りないため、ファイルを書き込めませんでした。")
    assert "ENOSPC" not in text and "Traceback" not in text
    assert "No space left on device" in log_path().read_text(encoding="utf-8")  # logged all the same
