"""変更履歴: every change in words with its time, this session's on the undo stack, earlier ones from the file.

The undo stack lives as long as the window; the change log (store/change_log.py) lives in the plan file.
After a restart the panel lists what the log kept, then a line saying that 元に戻す stops there, then
this session's changes, which Ctrl+Z takes back one by one (or a click on an earlier one, all down to it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QSplitter, QUndoView, QVBoxLayout, QWidget

from ..store import change_log
from .document import PlanDocument
from .forms import plain_label

RESTART_LINE = "ここまでは前に開いたときの変更です。元に戻す（Ctrl+Z）は、今回開いてからの変更に限られます。"
SESSION_START = "（今回開いたとき）"


class HistoryPanel(QWidget):
    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.earlier = QListWidget()
        self.earlier.setObjectName("earlierChanges")
        self.earlier.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.earlier.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet("QListWidget { color: #555555; }")
        self.restart_line = plain_label(RESTART_LINE)
        self.restart_line.setObjectName("restartLine")
        self.restart_line.setWordWrap(True)
        self.restart_line.setStyleSheet("QLabel { color: #5c4400; background: #fff2cc; padding: 3px 6px; }")
        self.undo_view = QUndoView(doc.undo_stack)
        self.undo_view.setEmptyLabel(SESSION_START)
        self.undo_view.setObjectName("sessionChanges")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.earlier, 1)
        top_layout.addWidget(self.restart_line)
        self.top = top
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.undo_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setFocusProxy(self.undo_view)
        self.load_earlier()

    def load_earlier(self) -> None:
        """The changes the plan file kept from before this window opened it."""
        self.earlier.clear()
        for entry in change_log.entries(self.doc.file):
            row = QListWidgetItem(f"{entry.at_text}　{entry.text}")
            row.setToolTip(f"{entry.at_text}　{entry.text}")
            self.earlier.addItem(row)
        self.top.setVisible(self.earlier.count() > 0)
        self.earlier.scrollToBottom()

    def earlier_texts(self) -> list[str]:
        return [self.earlier.item(n).text() for n in range(self.earlier.count())]

    def session_texts(self) -> list[str]:
        """This session's changes as the panel lists them, the oldest first (without the start line)."""
        stack = self.doc.undo_stack
        return [stack.text(n) for n in range(stack.count())]
