"""「この版以降の変更履歴」: the change log's lines since a version was made, from the 版 tab.

The versions say what the plan was; 変更履歴 says who changed what and when. This window lists the
lines of the log written after the chosen version was made (store.versions.log_since), oldest first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..store.change_log import LogEntry
from ..store.versions import Version
from .forms import plain_label


def heading(version: Version, count: int) -> str:
    if not count:
        return f"版 {version.id} {version.title} を作ってから、計画は変わっていません。"
    return f"版 {version.id} {version.title} を作ってからの変更：{count} 件"


class ChangesSinceDialog(QDialog):
    def __init__(self, version: Version, lines: list[LogEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"版 {version.id} 以降の変更履歴")
        self.version_id = version.id
        self.heading = plain_label(heading(version, len(lines)))
        self.heading.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("changesSince")
        self.list.setHeaderLabels(["日時", "変更した人", "変更"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        for col in (0, 1):
            self.list.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for entry in lines:
            row = QTreeWidgetItem([entry.when_text, entry.who or "—", entry.text])
            row.setToolTip(2, entry.text)
            self.list.addTopLevelItem(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def texts(self) -> list[str]:
        """The changes as listed, oldest first."""
        return [self.list.topLevelItem(n).text(2) for n in range(self.list.topLevelItemCount())]
