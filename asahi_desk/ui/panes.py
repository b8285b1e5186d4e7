"""The panes of the window from the keyboard: F6 / Shift+F6 go round them, Ctrl+1…6 go to one.

The table keeps Tab and Ctrl+Tab for itself (Tab goes right, as in Excel), so leaving it needs keys of
its own: F6 as in most Windows programs. A pane whose dock was closed is skipped by F6; its own
shortcut opens it again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

# name as the 表示 menu shows it, its key
PANES = (("表", "Ctrl+1"), ("詳細", "Ctrl+2"), ("会議資料", "Ctrl+3"), ("点検", "Ctrl+4"), ("変更履歴", "Ctrl+5"),
         ("プレビュー", "Ctrl+6"))


def first_focusable(widget: QWidget) -> QWidget | None:
    """The first widget inside `widget`, in Tab order, that takes the keyboard."""
    if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return widget
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (widget.isAncestorOf(candidate) and candidate.isVisible() and candidate.isEnabled()
                and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return candidate
        candidate = candidate.nextInFocusChain()
    return None


class Panes:
    """Keys and 表示 menu entries that move the keyboard between the table and the docks."""

    def __init__(self, window: Any) -> None:
        # the window's parts, never the window itself: a window closed and deleted is not kept alive by its keys
        self.status_bar = window.statusBar()
        # the table, then the docks in the order the issue of the clerk's day goes: details, papers, checks, history
        self.docks: list[QDockWidget | None] = [None, window.detail_dock, window.meeting_dock, window.findings_dock,
                                                window.history_dock, window.preview_dock]
        self.targets: list[QWidget] = [window.tree, window.detail, window.meeting, window.findings_view,
                                       window.history, window.preview]
        self.next_action = self._action(window, "次の枠へ(&N)", lambda: self.cycle(+1), "F6")
        self.previous_action = self._action(window, "前の枠へ(&P)", lambda: self.cycle(-1), "Shift+F6")
        self.go_actions = [self._action(window, f"{name}へ移動", lambda n=n: self.go(n), key)
                           for n, (name, key) in enumerate(PANES)]

    @staticmethod
    def _action(window: QWidget, text: str, slot: Any, key: str) -> QAction:
        action = QAction(text, window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        window.addAction(action)  # the keys work with the menu closed, wherever the focus is
        return action

    def is_open(self, n: int) -> bool:
        dock = self.docks[n]
        return dock is None or dock.toggleViewAction().isChecked()

    def current(self) -> int:
        """The pane that holds the keyboard now (the table when none does)."""
        focus = QApplication.focusWidget()
        for n, target in enumerate(self.targets):
            if focus is not None and (focus is target or target.isAncestorOf(focus)):
                return n
        return 0

    def cycle(self, step: int) -> None:
        n = self.current()
        for _ in range(len(self.targets)):
            n = (n + step) % len(self.targets)
            if self.is_open(n):
                self.go(n)
                return

    def go(self, n: int) -> None:
        """Bring a pane to the front (opening its dock if it was closed) and give it the keyboard."""
        dock = self.docks[n]
        if dock is not None:
            dock.show()
            dock.raise_()
        target = self.targets[n]
        QApplication.processEvents()  # a dock raised from behind its tab is shown only now
        widget = first_focusable(target) or target
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.status_bar.showMessage(f"{PANES[n][0]}（F6 で次の枠、Shift+F6 で前の枠）", 4000)

    def fill_menu(self, menu: Any) -> None:
        for action in self.go_actions:
            menu.addAction(action)
        menu.addAction(self.next_action)
        menu.addAction(self.previous_action)
