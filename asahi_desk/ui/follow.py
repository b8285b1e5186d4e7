"""A read-only window follows its file: another window's changes appear within a second.

The window that edits a plan commits every change at once. A read-only window asks its own
connection, a few times a second, for SQLite's `PRAGMA data_version`, which changes exactly when
another connection has committed; then it reads the plan again (PlanDocument.reload_from_file, the
same reading anew as after a restored version), keeps the open rows and the selected cell, and says so.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..store import PlanFileError

RELOADED = "最新の内容を読み込みました"


def key_of(node: Any) -> tuple[str, int] | None:
    if node is None or getattr(node, "id", None) is None:
        return None
    return type(node).__name__, node.id


class FileFollower(QObject):
    POLL_MS = 700

    reloaded = Signal()

    def __init__(self, host: Any) -> None:
        super().__init__(host)  # the window is its parent, never held: a closed window is not kept alive
        self.doc, self.model, self.tree = host.doc, host.model, host.tree
        self.status_bar, self.history = host.statusBar(), host.history
        self.timer = QTimer(self, interval=self.POLL_MS)
        self.timer.timeout.connect(self.check)
        self.kept: tuple[Any, int, set[Any]] = (None, 0, set())
        self.version = self._data_version()
        if self.doc.readonly and self.version is not None:
            self.timer.start()

    def _data_version(self) -> int | None:
        try:
            return int(self.doc.file.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def check(self) -> None:
        version = self._data_version()
        if version is None or version == self.version:
            return
        self.version = version
        self.reload()

    def _open_rows(self) -> list[Any]:
        plan = self.doc.plan
        return [*plan.walk_categories(), *plan.pillars(), *plan.projects()]

    def reload(self) -> None:
        """Read the plan again; the rows that were open stay open and the selected cell stays selected."""
        current = self.tree.currentIndex()
        expanded = {key_of(n) for n in self._open_rows() if self.tree.isExpanded(self.model.index_of(n))}
        selected, column = key_of(self.model.node(current)), max(current.column(), 0)
        try:
            self.doc.reload_from_file()
        except (PlanFileError, sqlite3.Error) as e:
            self.status_bar.showMessage(f"最新の内容を読み込めませんでした：{e}", 10000)
            return
        for node in self._open_rows():
            index = self.model.index_of(node)
            self.tree.setExpanded(index, key_of(node) in expanded)
        node = self.doc.find(*selected) if selected is not None else None
        if node is not None:
            self.tree.setCurrentIndex(self.model.index_of(node, column))
        self.history.load_earlier()
        self.status_bar.showMessage(RELOADED, 10000)
        self.reloaded.emit()
