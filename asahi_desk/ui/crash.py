"""Something unforeseen in the window: the details go to the log, the user gets a Japanese message naming it.

A frozen Windows application has no console, so without this a failure inside a slot would vanish
(or, from source, print a traceback nobody asked for).
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ..files import disk_error_message, is_disk_full
from ..logs import log_unexpected
from .forms import warn

_showing = False  # one message at a time: a failure while the message is up is only logged


def unexpected_text(exc: BaseException, log: object | None) -> str:
    """The message of an unforeseen failure, worded as the commands word it; a full disk is said as such."""
    if is_disk_full(exc):
        return disk_error_message(exc, "ファイル")
    text = (f"思いがけないエラーが起きました（{type(exc).__name__}: {exc}）。"
            "それまでの変更は計画ファイルに保存されています。")
    if log is None:
        return text + "\nログを書き込めませんでした。"
    return (text + f"\n詳しくはログ「{log}」をご覧ください。"
            "お問い合わせの際は、このログとヘルプ → バージョン情報の「情報をコピー」の内容をお送りください。")


def report_unexpected(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook of the window."""
    global _showing
    if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: not ours to explain
        sys.__excepthook__(kind, exc, tb)
        return
    log = log_unexpected("unexpected error in the window", exc)
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        warn(QApplication.activeWindow(), unexpected_text(exc, log), QMessageBox.Icon.Critical)
    finally:
        _showing = False


def install_crash_report() -> None:
    sys.excepthook = report_unexpected
