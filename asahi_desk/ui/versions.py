"""The 版 tab: the versions kept in the plan file, what changed since one, and going back to one.

Selecting a version compares it with the plan as it is (domain.compare) and
lists the changes in plan order; a double-click shows the row in the tree,
and the tree can mark every changed row. From here a version is named or
deleted (never edited), written as the 新旧対照表, opened as a new plan file,
or made the plan again: one undoable step, the plan as it was kept first as a
version of its own. 「この版以降の変更履歴」 lists the change log's lines since the
version was made; a version's line in 変更履歴 opens this tab on it (`reveal`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..comparison_sheet import Compared, compared, side_title, write_comparison_of_file
from ..domain.compare import KIND_LABELS
from ..domain.model import Item
from ..domain.money import format_table
from ..store import PlanFileError
from ..store import versions
from ..store.versions import Version
from .commands import DocumentCommand
from .document import PlanDocument, replacing, same_file
from .forms import ask, plain_label, warn
from .host import Host
from .plan_model import PlanTreeModel
from .tasks import Tasks
from .version_log import ChangesSinceDialog

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # a version's id in the list; a change's (kind, id) in the comparison
COMPARE_DELAY_MS = 300  # consecutive edits are compared once


class RestoreCommand(DocumentCommand):
    """「版 5 に戻す」: the plan as it was in a version; undo gives back the plan as it was just before."""

    def __init__(self, doc: PlanDocument, version: Version) -> None:
        super().__init__(doc, f"版 {version.id} に戻す")
        self.target = version.id
        self.before: int | None = None  # the version kept of the plan as it was before

    def apply(self) -> None:
        if self.before is None:
            kept = self.doc.record_version(versions.BEFORE_RESTORE, name=f"版 {self.target} に戻す前")
            if kept is None:
                raise PlanFileError("このファイルは読み取り専用で開いているため、版に戻せません。")
            self.before = kept.id
            self.doc.restore_version(self.target)
            return
        self.doc.restore_version(self.target)
        # Redone: the steps that followed name the nodes of a plan since read anew, so they cannot be redone.
        stack = self.doc.undo_stack
        QTimer.singleShot(0, stack, lambda: _drop_redo(stack))

    def revert(self) -> None:
        assert self.before is not None
        self.doc.restore_version(self.before)


def _drop_redo(stack: QUndoStack) -> None:
    """Let go of the steps that could be redone: pushing an obsolete step cuts them, and adds none."""
    if stack.canRedo():
        cut = QUndoCommand()
        cut.setObsolete(True)
        stack.push(cut)


def _one_line(text: str, limit: int = 60) -> str:
    line = " / ".join(part.strip() for part in text.splitlines() if part.strip())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class VersionsPane(QWidget):
    """The versions, newest first, over the comparison of the selected one with the plan."""

    jumpRequested = Signal(object)  # a node of the tree
    openRequested = Signal(object)  # a Path: a plan file made from a version, to open in a window

    def __init__(self, doc: PlanDocument, tasks: Tasks, model: PlanTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.tasks, self.model = doc, tasks, model
        self.compared: Compared | None = None

        self.list = QTreeWidget()
        self.list.setObjectName("versionList")
        self.list.setHeaderLabels(["版", "日時", "作ったもの", "名前", "合計（千円）"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.save_button = QPushButton("版を保存…")
        self.name_button = QPushButton("名前を付ける…")
        self.delete_button = QPushButton("削除…")
        self.export_button = QPushButton("新旧対照表を PDF に…")
        self.open_button = QPushButton("新しいファイルとして開く…")
        self.restore_button = QPushButton("この版に戻す…")
        self.log_button = QPushButton("この版以降の変更履歴…")
        self.log_button.setToolTip("選んだ版を作ってからの変更履歴（いつ・だれが・何を変えたか）を一覧にします")
        self.log_button.clicked.connect(self.show_log_since)
        self.log_dialog: ChangesSinceDialog | None = None
        self.save_button.setToolTip("いまの計画を版として残します（名前を付けられます）")
        self.export_button.setToolTip("選んだ版からの変更を 新旧対照表（事業｜新｜旧｜備考）の PDF にします")
        self.open_button.setToolTip("選んだ版の計画を新しい計画ファイルにして、別のウィンドウで開きます")
        self.restore_button.setToolTip("計画を選んだ版のとおりにします（元に戻すで戻せます。いまの計画は先に版として残ります）")
        self.save_button.clicked.connect(self.ask_save)
        self.name_button.clicked.connect(self.ask_name)
        self.delete_button.clicked.connect(self.ask_delete)
        self.export_button.clicked.connect(self.ask_export)
        self.open_button.clicked.connect(self.ask_open_as_file)
        self.restore_button.clicked.connect(self.ask_restore)

        self.summary = plain_label("版を選ぶと、その版からいまの計画までの変更がここに出ます。")
        self.summary.setWordWrap(True)
        self.mark_box = QCheckBox("変更した行を表で示す")
        self.mark_box.setToolTip("選んだ版から変わった行を、左の表に色を付けて示します")
        self.mark_box.toggled.connect(lambda _on: self._mark())
        self.changes = QTreeWidget()
        self.changes.setObjectName("versionChanges")
        self.changes.setHeaderLabels(["", "事業・細事業", "項目", "旧", "新", "増減（千円）"])
        self.changes.setRootIsDecorated(False)
        for col in (0, 2, 5):
            self.changes.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.changes.setToolTip("ダブルクリックでその行を表に出します")
        self.changes.setColumnWidth(1, 220)
        self.changes.itemDoubleClicked.connect(lambda item, _col: self.jump(item))

        buttons = QVBoxLayout()  # beside the list, so that the dock stays narrow
        for button in (self.save_button, self.name_button, self.delete_button, self.log_button, self.export_button,
                       self.open_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for tree in (self.list, self.changes):
            tree.setMinimumWidth(120)
            tree.header().setMinimumSectionSize(24)
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list, 1)
        top_layout.addLayout(buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.mark_box)
        bottom_layout.addLayout(head)
        bottom_layout.addWidget(self.changes)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.compare_timer = QTimer(self, singleShot=True, interval=COMPARE_DELAY_MS)
        self.compare_timer.timeout.connect(self.compare)
        self.list.currentItemChanged.connect(lambda _cur, _prev: self.compare())
        doc.versions_changed.connect(self.refresh)
        doc.modified.connect(self.compare_timer.start)
        doc.reloaded.connect(self.compare)
        self.refresh()

    # The list ------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(0, KEY_ROLE))

    def select(self, version_id: int) -> bool:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, KEY_ROLE) == version_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def reveal(self, version_id: int) -> bool:
        """A version's line in 変更履歴 activated: this tab in front, on that version (False when it was deleted)."""
        if not self.select(version_id):
            self._status(f"版 {version_id} は削除されています（変更履歴には、作ったときの記録が残っています）。")
            return False
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()
        self.list.setFocus()
        self.list.scrollToItem(self.list.currentItem())
        return True

    def refresh(self) -> None:
        """List the versions anew, keeping the selected one."""
        chosen = self.selected_id()
        self.list.blockSignals(True)
        self.list.clear()
        for v in versions.list_versions(self.doc.file):
            total = format_table(v.totals[0][1]) if v.totals else ""
            item = QTreeWidgetItem([str(v.id), v.made_at_text, v.what, v.name, total])
            item.setData(0, KEY_ROLE, v.id)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        if chosen is not None:
            self.select(chosen)
        if self.selected_id() != chosen:
            self.compare()
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        writable = not self.doc.readonly
        self.save_button.setEnabled(writable)
        self.name_button.setEnabled(writable and chosen)
        self.delete_button.setEnabled(writable and chosen)
        self.restore_button.setEnabled(writable and chosen)
        self.export_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)
        self.log_button.setEnabled(chosen)

    # The comparison --------------------------------------------------------------------

    def compare(self) -> None:
        """Compare the selected version with the plan as it is, and list what changed."""
        self._update_buttons()
        self.changes.clear()
        version_id = self.selected_id()
        if version_id is None:
            self.compared = None
            self.summary.setText("版を選ぶと、その版からいまの計画までの変更がここに出ます。")
            self._mark()
            return
        try:
            self.compared = compared(self.doc.store, version_id)
        except PlanFileError as e:
            self.compared = None
            self.summary.setText(str(e))
            self._mark()
            return
        c = self.compared
        for change in c.result.changes:
            delta = "" if change.delta is None else format_table(change.delta)
            item = QTreeWidgetItem([KIND_LABELS[change.kind], change.where, change.field,
                                    _one_line(change.old), _one_line(change.new), delta])
            item.setData(0, KEY_ROLE, change.node)
            item.setToolTip(1, change.text)
            for col, text in ((3, change.old), (4, change.new)):
                if text:
                    item.setToolTip(col, text)
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.changes.addTopLevelItem(item)
        total = next((t for t in c.result.totals if t.field == "本年度" and t.node and t.node[0] == "Category"), None)
        sign = "+" if total is not None and (total.delta or 0) > 0 else ""
        moved = f"。{total.where} {total.old} → {total.new}（{sign}{format_table(total.delta or 0)}千円）" if total else ""
        self.summary.setText(f"{side_title(c.since)} から いまの計画 まで：変更 {len(c.result.changes)} 件{moved}")
        self._mark()

    def _mark(self) -> None:
        keys: set[tuple[str, int]] = set()
        if self.mark_box.isChecked() and self.compared is not None:
            for change in self.compared.result.changes:
                if change.node is not None:
                    keys.add(change.node)
                    node = self.doc.find(*change.node)
                    if isinstance(node, Item) and node.project is not None:  # seen while its project is folded
                        keys.add(("Project", node.project.id or 0))
        self.model.set_marked(keys)

    def jump(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        node = self.doc.find(*key) if key else None
        if node is None:
            self._status("その行はいまの計画にありません。")
            return
        self.jumpRequested.emit(node)

    # Naming, saving, deleting ----------------------------------------------------------

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10000)

    def _text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def ask_save(self) -> None:
        if self.doc.readonly:
            warn(self, "このファイルは読み取り専用で開いているため、版を保存できません。")
            return
        name = self._text("版を保存", "版の名前（省略できます。例：6/3 課長確認用）：")
        if name is not None:
            self.save_version(name)

    def save_version(self, name: str = "") -> Version | None:
        """ファイル → 版を保存…: keep the plan as it is now, by hand."""
        if self.doc.readonly:
            warn(self, "このファイルは読み取り専用で開いているため、版を保存できません。")
            return None
        try:
            version = self.doc.record_version(versions.MANUAL, name)
        except (ValueError, PlanFileError) as e:
            warn(self, str(e))
            return None
        if version is not None:
            self.select(version.id)
            self._status(f"版 {version.id} を保存しました（{version.title}）。")
        return version

    def ask_name(self) -> None:
        version_id = self.selected_id()
        if version_id is None:
            return
        current = versions.get(self.doc.file, version_id).name
        name = self._text("版に名前を付ける", f"版 {version_id} の名前（空にすると名前を消します）：", current)
        if name is not None:
            self.rename(version_id, name)

    def rename(self, version_id: int, name: str) -> None:
        try:
            versions.rename(self.doc.file, version_id, name)
        except (ValueError, PlanFileError) as e:
            warn(self, str(e))
            return
        self.doc.versions_changed.emit()

    def ask_delete(self) -> None:
        version_id = self.selected_id()
        if version_id is not None and ask(self, f"版 {version_id}（{versions.get(self.doc.file, version_id).title}）を削除しますか？\n"
                                                "削除した版は元に戻せません。計画そのものは変わりません。"):
            self.delete(version_id)

    def delete(self, version_id: int) -> None:
        try:
            versions.delete(self.doc.file, version_id)
        except PlanFileError as e:
            warn(self, str(e))
            return
        self.doc.versions_changed.emit()

    def show_log_since(self) -> ChangesSinceDialog | None:
        """「この版以降の変更履歴」: the change log's lines since the selected version was made, in a window."""
        version_id = self.selected_id()
        if version_id is None:
            return None
        try:
            version = versions.get(self.doc.file, version_id)
            lines = versions.log_since(self.doc.file, version_id)
        except PlanFileError as e:
            warn(self, str(e))
            return None
        if self.log_dialog is not None:
            self.log_dialog.close()
        self.log_dialog = ChangesSinceDialog(version, lines, self)
        self.log_dialog.show()
        return self.log_dialog

    # Leaving the window: the 新旧対照表, a version as a new file ----------------------------

    def _save_name(self, title: str, name: str, kinds: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(self.doc.path.parent / name), kinds)
        return Path(chosen) if chosen else None

    def ask_export(self) -> None:
        version_id = self.selected_id()
        if version_id is not None:
            path = self._save_name("新旧対照表を PDF に書き出す", f"新旧対照表（版{version_id}から）.pdf", "PDF (*.pdf)")
            if path is not None:
                self.export_to(path, version_id)

    def export_to(self, path: Path, version_id: int) -> None:
        """The 新旧対照表 from the version to the plan as stored, written in the window's worker."""
        from ..render import FontError, LayoutError, OutputError

        def done(written: tuple[int, int]) -> None:
            pages, count = written
            self._status(f"「{path.name}」に新旧対照表を書き出しました（{pages}ページ、変更 {count} 件）。")

        self.tasks.run(f"「{path.name}」に新旧対照表を書き出しています…",
                       lambda: write_comparison_of_file(self.doc.path, version_id, path), done,
                       what="新旧対照表の書き出し", expected=(OutputError, FontError, LayoutError))

    def ask_open_as_file(self) -> None:
        version_id = self.selected_id()
        if version_id is not None:
            path = self._save_name("版を新しい計画ファイルにする", f"{self.doc.path.stem}（版{version_id}）.sqlite",
                                   "計画ファイル (*.sqlite)")
            if path is not None:
                self.open_as_file(path, version_id)

    def open_as_file(self, path: Path, version_id: int) -> bool:
        """Write the version as a new plan file and ask for a window on it; the open plan stays as it is."""
        if same_file(path, self.doc.path):
            warn(self, "開いているファイルと同じ名前には書き出せません。別の名前を選んでください。")
            return False
        try:
            with replacing(path):
                versions.restore_as_file(self.doc.file, version_id, path)
        except PlanFileError as e:
            warn(self, str(e))
            return False
        self._status(f"版 {version_id} を「{path.name}」にしました。")
        self.openRequested.emit(path)
        return True

    # Going back to a version -------------------------------------------------------------

    def ask_restore(self) -> None:
        version_id = self.selected_id()
        if version_id is None:
            return
        version = versions.get(self.doc.file, version_id)
        if ask(self, f"計画を 版 {version.id}（{version.title}）のとおりにしますか？\n\n"
                     "いまの計画は先に版として残し、編集 → 元に戻す で戻せます。"
                     "それより前の変更は元に戻す の一覧から消えます（その計画も版に残っています）。"):
            self.restore(version_id)

    def restore(self, version_id: int) -> bool:
        """Make the plan as it was in a version: one step of 元に戻す (the steps before it are let go)."""
        version = versions.get(self.doc.file, version_id)
        self.doc.undo_stack.clear()  # the earlier steps name the nodes of the plan as it is, which are read anew
        return self.doc.run(RestoreCommand(self.doc, version))


def follow_reload(host: Host) -> None:
    """After a version is restored (or its restoring undone): the tree shows the plan read anew, on the same row."""
    doc = host.doc
    kept: list[tuple[str, int] | None] = [None]

    def before() -> None:
        node = host.model.node(host.tree.currentIndex())
        kept[0] = (type(node).__name__, node.id) if node is not None and getattr(node, "id", None) else None

    def after() -> None:
        host.tree.expandToDepth(2)
        node = doc.find(*kept[0]) if kept[0] else None
        if node is not None:
            host.select_node(node)
        else:
            host.tree.setCurrentIndex(host.model.index(0, 0))

    doc.aboutToReload.connect(before)
    doc.reloaded.connect(after)
