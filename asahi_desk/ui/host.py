"""What the window offers the parts it holds (dialogs, the workbook exchange, panes).

A part types its window as `Host` instead of importing the main window, which
imports the part: the two stay apart, and what a part may ask of the window is
written here, once.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMessageBox, QStatusBar

    from .document import PlanDocument
    from .plan_model import PlanTreeModel
    from .tasks import Tasks
    from .tree_view import PlanTreeView


class Host(Protocol):
    doc: PlanDocument
    tasks: Tasks
    tree: PlanTreeView
    model: PlanTreeModel
    openRequested: SignalInstance  # emit a Path to open it in a window of its own

    def statusBar(self) -> QStatusBar: ...
    def close(self) -> bool: ...
    def show_message(self, text: str, *, information: bool = False) -> QMessageBox: ...
    def busy(self, text: str) -> AbstractContextManager[None]: ...
    def keep_version(self, what: str) -> None: ...
    def select_node(self, node: Any) -> None: ...
