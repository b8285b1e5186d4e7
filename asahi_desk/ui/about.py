"""ヘルプ → バージョン情報: what a support mail needs to say, and a button that copies it."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from ..logs import log_path
from ..paths import user_data_folder
from ..store import latest_version
from ..version import version
from .document import PlanDocument
from .forms import TITLE


def support_text(doc: PlanDocument) -> str:
    """The version, the plan file and its format, where the data and the log are, and what runs underneath."""
    build = "バンドル" if getattr(sys, "frozen", False) else "Python パッケージ"
    return "\n".join([
        f"{TITLE} {version()}（{build}）",
        f"計画ファイル：{doc.path.resolve()}{'（読み取り専用）' if doc.readonly else ''}",
        f"ファイル形式：{doc.file.format_version}（このバージョンが扱う形式：{latest_version()}）",
        f"データフォルダー：{user_data_folder()}",
        f"ログ：{log_path()}",
        f"Python {platform.python_version()}、Qt {qVersion()}、PySide6 {pyside_version}",
        f"OS：{platform.platform()}",
    ])


class AboutDialog(QDialog):
    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("バージョン情報")
        self.text = QPlainTextEdit(support_text(doc))
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("情報をコピー(&C)", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the text on the clipboard, for a mail to whoever helps."""
        QApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("コピーしました")
