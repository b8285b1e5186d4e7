"""変更履歴: every change in words with its time, this session's on the undo stack, earlier ones from the file.

The undo stack lives as long as the window; the change log (store/change_log.py) lives in the plan file.
After a restart the panel lists what the log kept, then a line saying that 元に戻す stops there, then
this session's changes, which Ctrl+Z takes back one by one (or a click on an earlier one, all down to it).
A version made (store/versions.py) is a line of its own among them, 「版を保存しました：版 3 …」;
a double-click or Enter on it opens the 版 tab on that version (`versionActivated`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from ..store import change_log
from .document import PlanDocument
from .forms import plain_label

RESTART_LINE = "ここまでは前に開いたときの変更です。元に戻す（Ctrl+Z）は、今回開いてからの変更に限られます。"
SESSION_START = "（今回開いたとき）"
VERSION_TIP = "ダブルクリック（または Enter）で「版」タブのこの版を開きます"

STEP_ROLE = Qt.ItemDataRole.UserRole + 1  # a session row: the undo stack's index after it (0 for the start)
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2  # a version's line: its id
UNDONE = QColor("#8a8a8a")


def _version_item(text: str, version_id: int) -> QListWidgetItem:
    row = QListWidgetItem(text)
    row.setData(VERSION_ROLE, version_id)
    row.setToolTip(f"{text}\n{VERSION_TIP}")
    font = row.font()
    font.setItalic(True)
    row.setFont(font)
    return row


class HistoryPanel(QWidget):
    versionActivated = Signal(int)  # a version's line was double-clicked or Enter pressed on it

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.earlier = QListWidget()
        self.earlier.setObjectName("earlierChanges")
        self.earlier.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.earlier.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # F6 brings the keyboard to this session's list
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet("QListWidget { color: #555555; }")
        self.earlier.itemActivated.connect(self._activated)
        self.restart_line = plain_label(RESTART_LINE)
        self.restart_line.setObjectName("restartLine")
        self.restart_line.setWordWrap(True)
        self.restart_line.setStyleSheet("QLabel { color: #5c4400; background: #fff2cc; padding: 3px 6px; }")
        # This session's changes as a list of the undo stack's steps, with the versions made between them.
        self.undo_view = QListWidget()
        self.undo_view.setObjectName("sessionChanges")
        self.undo_view.setWordWrap(True)
        self.undo_view.currentItemChanged.connect(lambda item, _before: self._go_to(item))
        self.undo_view.itemActivated.connect(self._activated)
        self.started_after = 0  # the last line of the log when the window opened the plan
        self.placed: dict[int, int] = {}  # a version's line made this session: the stack's index it came after
        self._building = False
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
        doc.undo_stack.indexChanged.connect(lambda _index: self.list_session())
        doc.versions_changed.connect(self.list_session)

    def load_earlier(self) -> None:
        """The changes the plan file kept from before this window opened it."""
        self.earlier.clear()
        lines = change_log.entries(self.doc.file)
        for entry in lines:
            text = f"{entry.at_text}　{entry.text}"
            row = _version_item(text, entry.version_id) if entry.version_id is not None else QListWidgetItem(text)
            if entry.version_id is None:
                row.setToolTip(text)
            self.earlier.addItem(row)
        self.started_after = max((e.id for e in lines), default=0)
        self.placed.clear()
        self.top.setVisible(self.earlier.count() > 0)
        self.earlier.scrollToBottom()
        self.list_session()

    def list_session(self) -> None:
        """This session's steps (those undone in grey) and its versions' lines, the current step selected."""
        stack = self.doc.undo_stack
        made = [e for e in change_log.entries(self.doc.file, after=self.started_after) if e.version_id is not None]
        for entry in made:  # a version made since the last listing came after the step the plan is at
            self.placed.setdefault(entry.id, stack.index())
        rows: list[tuple[str, int, int | None]] = [(SESSION_START, 0, None)]  # text, step, version
        for step in range(stack.count() + 1):
            if step:
                rows.append((stack.text(step - 1), step, None))
            for entry in made:
                if min(self.placed[entry.id], stack.count()) == step:
                    rows.append((f"{entry.at:%H:%M}　{entry.text}", step, entry.version_id))
        self._building = True
        try:
            view = self.undo_view
            while view.count() > len(rows):
                view.takeItem(view.count() - 1)
            for n, (text, step, version_id) in enumerate(rows):
                item = view.item(n)
                if item is None or item.data(VERSION_ROLE) != version_id:
                    if item is not None:
                        view.takeItem(n)
                    item = _version_item(text, version_id) if version_id is not None else QListWidgetItem()
                    view.insertItem(n, item)
                item.setText(text)
                item.setData(STEP_ROLE, step)
                if version_id is None:
                    item.setToolTip(text)
                item.setForeground(QBrush(UNDONE) if step > stack.index() else QBrush())
            current = next(n for n, (_t, step, v) in enumerate(rows) if step == stack.index() and v is None)
            view.setCurrentRow(current)
        finally:
            self._building = False

    def _go_to(self, item: QListWidgetItem | None) -> None:
        """A step chosen in the list (a click, the arrow keys): undo or redo down to it, as QUndoView does."""
        if self._building or item is None or item.data(VERSION_ROLE) is not None:
            return
        step = item.data(STEP_ROLE)
        if step is not None and step != self.doc.undo_stack.index():
            self.doc.undo_stack.setIndex(int(step))

    def _activated(self, item: QListWidgetItem) -> None:
        version_id = item.data(VERSION_ROLE)
        if version_id is not None:
            self.versionActivated.emit(int(version_id))

    def earlier_texts(self) -> list[str]:
        return [self.earlier.item(n).text() for n in range(self.earlier.count())]

    def session_texts(self) -> list[str]:
        """This session's changes as the panel lists them, the oldest first (without the start line)."""
        stack = self.doc.undo_stack
        return [stack.text(n) for n in range(stack.count())]

    def session_rows(self) -> list[str]:
        """The session's list as shown: the start, its steps and the versions' lines between them."""
        return [self.undo_view.item(n).text() for n in range(self.undo_view.count())]
