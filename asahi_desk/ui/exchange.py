"""Workbooks in the window: written for the sections, read back with the differences shown first.

asahi_desk.excel does the work; this is the window's part of it:
- ワークブックに書き出す: the whole plan or one 課's projects, written in a pool
  thread from the committed plan file (as the preview renders);
- ワークブックを取り込む: the workbook read and checked in a pool thread, then
  its problems (sheet and cell) or its differences (old → new, per project) in
  a dialog, applied only when the user accepts, as one undoable command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QButtonGroup,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.money import format_table, jnum
from ..store import PlanFileError
from .commands import DocumentCommand
from .document import PlanDocument
from .forms import load_form
from .tasks import on_file

if TYPE_CHECKING:
    from ..excel import ImportResult, ProjectDiff
    from .host import Host

CONFLICT_COLOUR = QColor("#b35c00")
CONFLICT_BACKGROUND = QColor("#fff2cc")
ADDED_COLOUR = QColor("#1e7b34")
REMOVED_COLOUR = QColor("#c00000")
PROJECT_BACKGROUND = QColor("#e8eef7")
WHOLE_PLAN = "計画全体（総括表・事業別一覧表・すべての事業）"


class ImportCommand(DocumentCommand):
    """「ワークブックの取り込み」: every difference of one workbook as one step of the undo stack.

    excel.apply and excel.revert run through the document (it has the store's
    operations), so the tree, the details and the checks hear of each row
    added, removed, moved or changed: the tree keeps its expanded rows and its
    selection, and only the rows concerned are repainted.
    """

    def __init__(self, doc: PlanDocument, differences: list[ProjectDiff]) -> None:
        super().__init__(doc, "ワークブックの取り込み")
        self.differences = differences
        self.done: Any = None

    def apply(self) -> None:
        from ..excel import apply

        self.done = apply(self.doc, self.differences)  # type: ignore[arg-type]

    def revert(self) -> None:
        from ..excel import revert

        revert(self.doc, self.done)  # type: ignore[arg-type]


class _Wrapping(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width (QTreeView measures them on one line)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        tree.header().sectionResized.connect(lambda *_: tree.scheduleDelayedItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        width = self.tree.columnWidth(index.column()) - 12
        if index.column() == 0:
            width -= self.tree.indentation() * 2
        text = str(index.data() or "")
        if width <= 0 or not text:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        flags = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)
        height = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), flags, text).height() + 6
        return QSize(size.width(), max(size.height(), height))


class ImportDialog(QDialog):
    """The differences of a workbook (取り込む / キャンセル), or its problems (閉じる)."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        form = load_form("import_dialog", self)
        self.setWindowTitle(form.windowTitle())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(form)
        self.heading: QLabel = form.findChild(QLabel, "heading")
        self.summary: QLabel = form.findChild(QLabel, "summary")
        self.note: QLabel = form.findChild(QLabel, "note")
        self.tree: QTreeWidget = form.findChild(QTreeWidget, "changesTree")
        self.buttons: QDialogButtonBox = form.findChild(QDialogButtonBox, "buttonBox")
        self.accept_button: QPushButton | None = None
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setItemDelegate(_Wrapping(self.tree))
        if result.errors:
            self._show_problems()
            self.resize(880, 440)
        else:
            self._show_differences()
            self.resize(960, 600)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _show_differences(self) -> None:
        result = self.result
        whose = f"（{result.section}のブック）" if result.section else ""
        self.setWindowTitle("ワークブックの取り込み：計画との違い")
        self.heading.setText(f"「{result.path.name}」{whose}と計画の違い")
        counts = {"changed": 0, "added": 0, "removed": 0}
        for diff in result.differences:
            counts["changed"] += len(diff.changes) + len(diff.reorders())
            for row in diff.rows:
                counts[row.action] += len(row.changes) if row.action == "changed" else 1
        parts = [f"{label} {counts[key]} 件" for key, label in (("changed", "変更"), ("added", "追加"),
                                                              ("removed", "削除")) if counts[key]]
        self.summary.setText(f"{len(result.differences)} 事業に違いがあります（{'、'.join(parts)}）。"
                             "内容を確かめて、よければ「取り込む」を押してください。")
        self.note.setText("取り込みはひとつの変更として保存され、編集 → 元に戻す（Ctrl+Z）で取り消せます。"
                          "事業の記載額は変わらないため、合計が変わった事業は点検でエラーになります。"
                          "確かめたら 編集 → 計算値を記載額にする で確定してください。")
        self.tree.setHeaderLabels(["内容", "変更前", "変更後"])
        conflicts = result.conflicts()
        if conflicts:
            self.summary.setText(f"{len(result.differences)} 事業に違いがあり、そのうち {len(conflicts)} 件は競合です"
                                 "（書き出した後に、計画でもブックでも変更されています）。競合ごとに「ブックの値」か"
                                 "「計画の値」を選んでから「取り込む」を押してください。")
            self._conflict_rows(conflicts)
        for diff in result.differences:
            self.tree.addTopLevelItem(_project_row(diff))
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 340)
        self.tree.setColumnWidth(1, 290)
        self.accept_button = self.buttons.addButton("取り込む", QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("importButton")
        self._update_accept()
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("キャンセル")
        cancel.setDefault(True)  # Enter does not change the plan by accident

    def _conflict_rows(self, conflicts: list[Any]) -> None:
        """The conflicts first, each with 書き出し時 / 計画 / ブック and its decision (ブックの値 / 計画の値)."""
        from ..excel import PLAN, WORKBOOK

        top = QTreeWidgetItem([f"競合 {len(conflicts)} 件：どちらの値にするか選んでください", "書き出し時 → 計画", "ブック"])
        font = QFont()
        font.setBold(True)
        for col in range(3):
            top.setFont(col, font)
            top.setForeground(col, QBrush(CONFLICT_COLOUR))
            top.setBackground(col, QBrush(CONFLICT_BACKGROUND))
        self.tree.addTopLevelItem(top)
        self.choices: list[QButtonGroup] = []
        for n, conflict in enumerate(conflicts):
            base, plan, book = conflict.values()
            row = QTreeWidgetItem([f"競合：{conflict.what}", f"書き出し時 {base}\n計画 {plan}", f"ブック {book}"])
            for col in range(3):
                row.setTextAlignment(col, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                row.setForeground(col, QBrush(CONFLICT_COLOUR))
            top.addChild(row)
            decide = QTreeWidgetItem()
            row.addChild(decide)
            box = QWidget()
            box.setObjectName(f"conflict{n}")
            line = QHBoxLayout(box)
            line.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(box)
            for text, choice, name in (("ブックの値", WORKBOOK, "takeWorkbook"), ("計画の値", PLAN, "keepPlan")):
                button = QRadioButton(text, box)
                button.setObjectName(name)
                button.setChecked(conflict.choice == choice)
                button.toggled.connect(lambda on, c=conflict, v=choice: self._decide(c, v) if on else None)
                group.addButton(button)
                line.addWidget(button)
            line.addStretch(1)
            self.choices.append(group)
            decide.setFirstColumnSpanned(True)
            self.tree.setItemWidget(decide, 0, box)

    def _decide(self, conflict: Any, choice: str) -> None:
        conflict.choice = choice
        self._update_accept()

    def _update_accept(self) -> None:
        if self.accept_button is None:
            return
        left = self.result.undecided
        self.accept_button.setEnabled(left == 0)
        self.accept_button.setToolTip(f"競合があと {left} 件、決まっていません。" if left else "")

    def _show_problems(self) -> None:
        result = self.result
        self.setWindowTitle("ワークブックの取り込み：取り込めません")
        self.heading.setText(f"「{result.path.name}」は取り込めません。計画は変更していません。")
        self.heading.setStyleSheet("font-weight: bold; font-size: 120%; color: #c00000;")
        self.summary.setText(f"次の {len(result.errors)} 件をブックで直してから（または課に直してもらってから）、"
                             "もう一度取り込んでください。")
        self.note.setText("「一覧をコピー」で、この一覧を文字としてメールなどに貼り付けられます。")
        self.tree.setHeaderLabels(["シート", "セル", "内容"])
        self.tree.setRootIsDecorated(False)
        for problem in result.errors:
            row = QTreeWidgetItem([problem.sheet or "（ブック全体）", problem.cell, problem.message])
            row.setToolTip(2, problem.message)
            self.tree.addTopLevelItem(row)
        self.tree.setColumnWidth(0, 140)
        self.tree.setColumnWidth(1, 70)
        copy = self.buttons.addButton("一覧をコピー", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(
            f"「{result.path.name}」は取り込めません。\n{result.describe()}"))
        mark = self.buttons.addButton("問題箇所に印を付けたブックを保存", QDialogButtonBox.ButtonRole.ActionRole)
        mark.setObjectName("markButton")
        mark.setEnabled(any(p.sheet for p in result.errors))
        mark.clicked.connect(self.save_marked)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("閉じる")
        close.setDefault(True)


    def save_marked(self) -> None:
        """A copy of the section's workbook with each problem cell red and commented, to mail back."""
        from ..excel.marks import MarkError, mark_problems

        source = self.result.path
        name, _ = QFileDialog.getSaveFileName(self, "問題箇所に印を付けたブックを保存",
                                              str(source.with_name(f"{source.stem}_要修正.xlsx")),
                                              "Excel ブック (*.xlsx)")
        if not name:
            return
        target = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
        try:
            count = mark_problems(source, target, self.result.errors)
        except MarkError as e:
            self.note.setText(str(e))
            return
        self.note.setText(f"問題の {count} か所に印（赤い塗りとコメント）を付けたブックを「{target.name}」に保存しました。"
                          "課に送り返してください。")


def _project_row(diff: ProjectDiff) -> QTreeWidgetItem:
    from ..excel import ADDED, REMOVED
    from ..excel.differences import show

    project = diff.project
    before, after = project.current, diff.current_after
    top = QTreeWidgetItem([f"{project.code}　{project.name}",
                           f"事業計 {format_table(before)}千円" if before != after else "",
                           f"事業計 {format_table(after)}千円" if before != after else ""])
    font = QFont()
    font.setBold(True)
    for col in range(3):
        top.setFont(col, font)
        top.setBackground(col, QBrush(PROJECT_BACKGROUND))
    top.setToolTip(0, f"シート「{diff.sheet}」")

    def add(what: str, old: str, new: str, colour: QColor | None = None, tips: tuple[str, str] = ("", "")) -> None:
        row = QTreeWidgetItem([what, old, new])
        for col, tip in ((1, tips[0] or old), (2, tips[1] or new)):
            row.setToolTip(col, tip)
        for col in range(3):  # a long text wraps: its first line beside the label
            row.setTextAlignment(col, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if colour is not None:
            for col in range(3):
                row.setForeground(col, QBrush(colour))
        top.addChild(row)

    for change in (c for c in diff.changes if not c.conflict):  # conflicts are listed first, on their own
        add(change.label, show(change.field, change.old, 300), show(change.field, change.new, 300),
            tips=(show(change.field, change.old, 2000), show(change.field, change.new, 2000)))
    for row in (r for r in diff.rows if not r.conflict):
        head = f"{row.kind}{jnum(row.number)}"
        if row.action == ADDED:
            add(f"{head}　追加", "", row.summary, ADDED_COLOUR)
        elif row.action == REMOVED:
            add(f"{head}　削除", row.summary, "（削除）", REMOVED_COLOUR)
        else:
            for change in (c for c in row.changes if not c.conflict):
                add(f"{head}　{row.obj.name}：{change.label}", show(change.field, change.old, 300),
                    show(change.field, change.new, 300),
                    tips=(show(change.field, change.old, 2000), show(change.field, change.new, 2000)))
    for kind, before_order, after_order in diff.reorders():
        add(f"{kind}の順序（計画の番号）", before_order, after_order)
    return top


class WorkbookExchange(QObject):
    """The window's ワークブックに書き出す and ワークブックを取り込む."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)  # type: ignore[arg-type] - the host is the window, a QObject
        self.doc = window.doc
        self.dialog: ImportDialog | None = None  # the dialog on show, if any

    @property
    def window(self) -> Host:
        return self.parent()  # type: ignore[return-value] - not kept: no reference back to the window

    # Export ----------------------------------------------------------------------

    def scopes(self) -> list[tuple[str, str | None]]:
        """(what the list shows, the 課 or None for the whole plan): the whole plan, then each 課 with projects."""
        plan = self.doc.plan
        out: list[tuple[str, str | None]] = [(WHOLE_PLAN, None)]
        for section in plan.sections:
            count = sum(1 for p in plan.projects() if any(s is section for s in p.all_sections))
            if count:
                out.append((f"{section.name}（{count} 事業）", section.name))
        return out

    def export_workbook(self) -> None:
        scopes = self.scopes()
        label, ok = QInputDialog.getItem(self.window, "ワークブックに書き出す",
                                         "書き出す範囲（課を選ぶと、その課が記入して返すブックになります）：",
                                         [s[0] for s in scopes], 0, False)
        if not ok:
            return
        section = dict(scopes)[label]
        plan = self.doc.plan
        stem = f"{plan.year_label}_{section}" if section else plan.year_label
        name, _ = QFileDialog.getSaveFileName(self.window, "ワークブックに書き出す",
                                              str(self.doc.path.with_name(f"{stem}.xlsx")), "Excel ブック (*.xlsx)")
        if name:
            self.export_to(Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx"), section)

    def export_to(self, path: Path, section: str | None = None) -> None:
        from ..excel import ExportError, export_workbook, origin_of
        from ..store.versions import workbook_what

        def done(summary: Any) -> None:
            whose = f"{summary.section}の" if summary.section else ""
            self.window.statusBar().showMessage(f"「{path.name}」に{whose}事業 {summary.projects} 件を書き出しました。",
                                                10000)
            self.window.keep_version(workbook_what(summary.section))

        origin = origin_of(self.doc.store)
        self.window.tasks.run(f"「{path.name}」に書き出しています…",
                             on_file(self.doc.path, lambda plan: export_workbook(plan, path, origin, section=section)),
                             done, what="ワークブックの書き出し", expected=(ExportError,))

    # Import ----------------------------------------------------------------------

    def import_workbook(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "ワークブックを取り込む", str(self.doc.path.parent),
                                              "Excel ブック (*.xlsx)")
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> None:
        """Read and check the workbook in a pool thread; then show its problems or its differences."""
        from ..excel import origin_of, read_workbook

        if self.doc.readonly:
            self.window.show_message("このファイルは読み取り専用で開いているため、取り込めません。")
            return
        plan, revision, origin = self.doc.plan, self.doc.revision, origin_of(self.doc.store)

        def read() -> ImportResult:
            return read_workbook(path, plan, origin)  # reads the window's plan; nothing edits it meanwhile (see tasks)

        def done(result: ImportResult) -> None:
            if self.doc.revision != revision:  # edited before the progress dialog came up: read it again
                self.import_from(path)
                return
            self.show_result(result)

        self.window.tasks.run(f"「{path.name}」を読んで点検しています…", read, done, what="ワークブックの読み込み")

    def show_result(self, result: ImportResult) -> None:
        if result.ok and not result.differences:
            self.window.show_message(f"「{result.path.name}」と計画の違いはありません。", information=True)
            return
        dialog = ImportDialog(result, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: setattr(self, "dialog", None))
        if result.ok:
            revision = self.doc.revision
            dialog.accepted.connect(lambda: self.apply(result, revision))
        self.dialog = dialog
        dialog.open()  # window-modal: the plan cannot change while the user reads the differences

    def apply(self, result: ImportResult, revision: int) -> None:
        if self.doc.revision != revision:
            self.window.show_message("表示した後に計画が変わったため、取り込みませんでした。もう一度取り込んでください。")
            return
        from ..store.backups import IMPORT, make_backup

        try:
            make_backup(self.doc.file, IMPORT)  # the plan as it was before the import can be restored
        except PlanFileError as e:
            self.window.show_message(f"計画をバックアップできないため、取り込みませんでした。{e}")
            return
        if not self.doc.run(ImportCommand(self.doc, result.differences)):
            return
        first = result.differences[0].project
        self.window.select_node(first)
        self.window.tree.expand(self.window.model.index_of(first))
        self.window.statusBar().showMessage(
            f"「{result.path.name}」を取り込みました（{len(result.differences)} 事業）。元に戻す（Ctrl+Z）で取り消せます。", 15000)
