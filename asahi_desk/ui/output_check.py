"""The question before a PDF or a print leaves the window while the checks find errors.

A paper printed with an error carries figures that do not agree with each other
or with what the 課 reported; the status bar's count alone is easy to miss.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.checks import ERROR, Finding
from .forms import message_box

FIRST_ERRORS = 5  # the question lists this many, then says how many more
SHOW = "show"
GO_ON = "go_on"
CANCEL = "cancel"


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == ERROR]


def question_text(errors: list[Finding], verb: str) -> str:
    lines = [f"点検でエラーが {len(errors)} 件見つかっています。{verb}と、合わない数字がそのまま資料に載ります。", ""]
    lines += [f"・{f.node}　{f.message}" if f.node else f"・{f.message}" for f in errors[:FIRST_ERRORS]]
    if len(errors) > FIRST_ERRORS:
        lines.append(f"ほか {len(errors) - FIRST_ERRORS} 件")
    return "\n".join(lines)


def ask_about_errors(parent: QWidget | None, errors: list[Finding], verb: str) -> str:
    """点検を表示 (the default), このまま書き出す / このまま印刷, or キャンセル (Esc): SHOW, GO_ON or CANCEL."""
    box = message_box(parent, question_text(errors, verb), QMessageBox.Icon.Warning, QMessageBox.StandardButton.NoButton)
    box.setWindowTitle("点検のエラー")
    box.setObjectName("outputCheck")
    show = box.addButton("点検を表示", QMessageBox.ButtonRole.AcceptRole)
    go_on = box.addButton(f"このまま{verb}", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(show)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SHOW if clicked is show else GO_ON if clicked is go_on else CANCEL


def output_allowed(window: Any, verb: str) -> bool:
    """Whether a PDF or print may go ahead: yes without errors; with errors, as the user answers.

    `window` is the main window: its checks are brought up to date first (an edit made a moment ago
    is checked after a short delay), and 点検を表示 brings the findings forward at the first error.
    """
    if window.check_timer.isActive():
        window.run_checks()
    errors = errors_of(window.findings)
    if not errors:
        return True
    answer = ask_about_errors(window, errors, verb)
    if answer == SHOW:
        window.findings_dock.show()
        window.findings_dock.raise_()
        window.findings_view.select_finding(errors[0])
        window.findings_view.setFocus()
    return answer == GO_ON
