"""An unforeseen failure in a slot of the window: logged with its traceback, the user told in Japanese where."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from asahi_desk.logs import log_path
from asahi_desk.ui.crash import install_crash_report


def test_a_failing_slot_is_logged_and_named_in_a_message(window, qtbot, monkeypatch):
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

    def broken_slot() -> None:
        {}["合計"]  # a KeyError nobody foresaw

    QTimer.singleShot(0, read_and_close)
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)

    text, icon = shown[0]
    assert icon == QMessageBox.Icon.Critical
    assert text.startswith("予期しないエラーが起きました。")
    assert f"ログ「{log_path()}」" in text and "Traceback" not in text
    log = log_path().read_text(encoding="utf-8")
    assert "unexpected error in the window" in log
    assert "Traceback" in log and "KeyError: '合計'" in log and "broken_slot" in log
    assert window.isVisible()  # the window goes on
