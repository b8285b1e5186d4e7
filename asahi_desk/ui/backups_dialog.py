"""ファイル → バックアップから復元…: the plan's backups with date, time and totals, restored as a new file or over the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..store import PlanFileError
from ..store.backups import RESTORE, Backup, list_backups, make_backup, restore_to, totals
from .document import replacing, same_file
from .forms import ask, plain_label, warn

if TYPE_CHECKING:
    from .host import Host

COLUMNS = ("日付", "時刻", "いつ", "合計（千円）", "事業")


class BackupsDialog(QDialog):
    """The list of backups; the window does the restoring (`restore_as_new`, `restore_over`)."""

    def __init__(self, backups: list[Backup], readonly: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("バックアップから復元")
        self.backups = backups
        self.choice: tuple[str, Backup] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("バックアップは計画を開いたとき、取り込みや復元の前に自動で作られます"
                                     "（最新の 20 件と、この 1 か月の各日の最後の 1 件を残します）。"))
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, backup in enumerate(backups):
            try:
                t = totals(backup)
                figures = [f"{t.current:,}", f"{t.projects} 件"]
            except PlanFileError:
                figures = ["（読めません）", ""]
            for col, text in enumerate([backup.date_text, backup.time_text, backup.reason_text, *figures]):
                cell = QTableWidgetItem(text)
                if col >= 3:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, cell)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        if not backups:
            layout.addWidget(QLabel("この計画のバックアップはまだありません。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.as_new_button = QPushButton("新しいファイルとして復元…")
        self.over_button = QPushButton("この計画をこの時点に戻す…")
        self.over_button.setEnabled(not readonly)
        for button, how in ((self.as_new_button, "new"), (self.over_button, "over")):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _c=False, h=how: self._choose(h))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if backups:
            self.table.selectRow(0)
        self.resize(720, 420)

    def _choose(self, how: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.choice = (how, self.backups[rows[0].row()])
        self.accept()


def restore_from_backup(window: Host) -> None:
    """Show the backups of the window's plan and restore the one chosen."""
    dialog = BackupsDialog(list_backups(window.doc.file), window.doc.readonly, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return
    how, backup = dialog.choice
    if how == "new":
        restore_as_new(window, backup)
    elif ask(window, f"この計画を {backup.date_text} {backup.time_text} のバックアップの内容に戻しますか？"
                     "今の計画は、戻す前にバックアップします。"):
        restore_over(window, backup)


def restore_as_new(window: Host, backup: Backup, target: Path | None = None) -> Path | None:
    if target is None:
        suggestion = window.doc.path.with_name(f"{window.doc.path.stem}_{backup.made_at:%Y%m%d-%H%M}.sqlite")
        name, _ = QFileDialog.getSaveFileName(window, "新しいファイルとして復元", str(suggestion),
                                              "計画ファイル (*.sqlite)")
        if not name:
            return None
        target = Path(name)
    if same_file(target, window.doc.path):
        warn(window, "開いているファイルには、新しいファイルとして復元できません。別の名前を選んでください。")
        return None
    try:
        with replacing(target):
            restore_to(backup, target)
    except PlanFileError as e:
        warn(window, str(e))
        return None
    window.openRequested.emit(target)
    return target


def restore_over(window: Host, backup: Backup) -> bool:
    """Back the plan up as it is, close it, put the backup in its place and open it again in a new window."""
    from PySide6.QtWidgets import QApplication

    path = window.doc.path
    try:
        make_backup(window.doc.file, RESTORE)
    except PlanFileError as e:
        warn(window, f"今の計画をバックアップできないため、戻していません。{e}")
        return False
    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the plan opens again in a moment
    try:
        window.close()  # releases the file and its lock
        try:
            with replacing(path):
                restore_to(backup, path)
        except PlanFileError as e:
            warn(None, f"{e}計画は元のままです。")
            return False
        finally:
            window.openRequested.emit(path)
    finally:
        app.setQuitOnLastWindowClosed(quits)
    return True
