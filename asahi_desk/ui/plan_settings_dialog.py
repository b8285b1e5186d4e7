"""ファイル → 計画の設定…: what the plan is — ward, year, author, the last page of 資料１, the ward's 課, the 総括表 figures.

Each change is checked as `asahi-desk plan --set` checks it (domain.plan_settings)
and becomes one step of the plan's undo stack when a field is left; a refused
value is named below the tabs and the field shows the stored value again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Section
from ..domain.money import FISCAL_YEARS, fiscal_year_label, format_table
from ..domain.plan_settings import (
    CATEGORY_FIGURES,
    Change,
    SectionChanges,
    SettingError,
    check_section_name,
    mascot_change,
    read_settings,
    removal_refusal,
)
from ..store import Removal
from .commands import DocumentCommand, EditCommand, MacroCommand, MoveCommand, RemoveCommand
from .detail import ImageError, read_image
from .document import PlanDocument
from .forms import plain_label

FIGURE_COLUMNS = ("予算", "前年度", "記載額", "記載前年度")  # after the 区分 name, as CATEGORY_FIGURES names them


class TextBox(QPlainTextEdit):
    """A few lines of text that say when they are left, as a QLineEdit does."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class AddSectionCommand(DocumentCommand):
    """「課の追加」: a new 課 of the ward at `index`."""

    def __init__(self, doc: PlanDocument, name: str, index: int) -> None:
        super().__init__(doc, "課の追加")
        self.name, self.index = name, index
        self.section: Section | None = None
        self.removal: Removal | None = None

    def apply(self) -> None:
        if self.removal is None:
            self.section = self.doc.store.add_section(self.name, self.index)
        else:
            self.doc.store.restore(self.removal)
        self.doc.inserted.emit(self.section)
        self.doc.modified.emit()

    def revert(self) -> None:
        assert self.section is not None
        self.removal = self.doc.remove(self.section)


class PlanSettingsDialog(QDialog):
    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("計画の設定")
        self._loading = False
        self.tabs = QTabWidget()
        self.tabs.addTab(self._plan_tab(), "計画(&P)")
        self.tabs.addTab(self._cover_tab(), "資料１の最後のページ(&C)")
        self.tabs.addTab(self._sections_tab(), "区の課(&K)")
        self.tabs.addTab(self._figures_tab(), "総括表の額(&G)")
        self.error = plain_label()
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: #a40000; }")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = buttons.addButton("元に戻す(&U)", QDialogButtonBox.ButtonRole.ActionRole)
        self.redo_button = buttons.addButton("やり直す(&R)", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.clicked.connect(doc.undo_stack.undo)
        self.redo_button.clicked.connect(doc.undo_stack.redo)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 560)
        doc.modified.connect(self.load)
        doc.undo_stack.indexChanged.connect(lambda _i: self._update_buttons())
        if doc.readonly:
            self.tabs.setEnabled(False)
            self.error.setText("このファイルは読み取り専用で開いているため、設定は変えられません。")
        self.load()

    # Tabs --------------------------------------------------------------------

    def _plan_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.ward = QLineEdit()
        self.ward.editingFinished.connect(lambda: self.set_value("ward", self.ward.text()))
        self.year = QSpinBox()
        self.year.setRange(*FISCAL_YEARS)
        self.year.editingFinished.connect(lambda: self.set_value("fiscal-year", str(self.year.value())))
        self.year_label = QLineEdit()
        self.year_label.editingFinished.connect(lambda: self.set_value("label", self.year_label.text()))
        self.office = QLineEdit()
        self.office.editingFinished.connect(lambda: self.set_value("office", self.office.text()))
        self.author = plain_label()
        form.addRow("区(&W)", self.ward)
        form.addRow("年度（西暦）(&Y)", self.year)
        form.addRow("年度の表記(&L)", self.year_label)
        form.addRow("", plain_label("空のときは 4 月 1 日の元号で表記します（例：2019 → 平成31年度）。"
                                    "令和元年度 のように書くこともできます。"))
        form.addRow("資料を作る課(&O)", self.office)
        form.addRow("PDF の作成者", self.author)
        return page

    def _cover_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.slogan = TextBox()
        self.slogan.setMaximumHeight(80)
        self.slogan.editingFinished.connect(lambda: self.set_value("slogan", self.slogan.toPlainText()))
        self.mascot = plain_label()
        self.mascot.setFixedSize(160, 160)
        self.mascot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mascot.setStyleSheet("QLabel { border: 1px dashed #999; }")
        choose = QPushButton("画像を選ぶ(&I)…")
        choose.clicked.connect(self.choose_mascot)
        self.remove_mascot = QPushButton("画像を外す")
        self.remove_mascot.clicked.connect(lambda: self.run_changes([mascot_change(self.doc.plan, None)]))
        picture = QHBoxLayout()
        picture.addWidget(self.mascot)
        side = QVBoxLayout()
        side.addWidget(choose)
        side.addWidget(self.remove_mascot)
        side.addStretch(1)
        picture.addLayout(side)
        picture.addStretch(1)
        self.caption = TextBox()
        self.caption.setMaximumHeight(64)
        self.caption.editingFinished.connect(lambda: self.set_value("mascot-caption", self.caption.toPlainText()))
        form.addRow("スローガン(&S)", self.slogan)
        form.addRow("マスコット", picture)
        form.addRow("マスコットの説明(&M)", self.caption)
        return page

    def _sections_tab(self) -> QWidget:
        page = QWidget()
        self.sections = QListWidget()
        self.sections.setObjectName("sectionsList")
        buttons = QVBoxLayout()
        for text, slot in (("追加(&A)…", self.add_section), ("名称の変更(&N)…", self.rename_section),
                           ("上へ", lambda: self.move_section(-1)), ("下へ", lambda: self.move_section(+1)),
                           ("削除(&D)", self.remove_section)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(page)
        layout.addWidget(self.sections, 1)
        layout.addLayout(buttons)
        return page

    def _figures_tab(self) -> QWidget:
        page = QWidget()
        self.figures = QTableWidget(0, 1 + len(FIGURE_COLUMNS))
        self.figures.setObjectName("figuresTable")
        self.figures.setHorizontalHeaderLabels(["区分", *FIGURE_COLUMNS])
        self.figures.verticalHeader().setVisible(False)
        self.figures.horizontalHeader().setStretchLastSection(False)
        self.figures.cellChanged.connect(self._figure_changed)
        layout = QVBoxLayout(page)
        layout.addWidget(plain_label("千円。予算・前年度は額を直接持つ区分（区庁舎・区民利用施設管理費など）だけ、"
                                     "記載額は総括表に記載された額（配分額など、空ならなし）です。"))
        layout.addWidget(self.figures)
        return page

    # Showing what is stored -----------------------------------------------------

    def load(self) -> None:
        plan = self.doc.plan
        self._loading = True
        try:
            for edit, text in ((self.ward, plan.ward), (self.year_label, plan.year_label_override),
                               (self.office, plan.office)):
                if edit.text() != text:
                    edit.setText(text)
            self.year.blockSignals(True)
            self.year.setValue(plan.fiscal_year)
            self.year.blockSignals(False)
            self.year_label.setPlaceholderText(fiscal_year_label(plan.fiscal_year))
            self.author.setText(plan.author)
            for box, text in ((self.slogan, plan.slogan), (self.caption, plan.mascot_caption)):
                if box.toPlainText() != text:
                    box.setPlainText(text)
            self._show_mascot(plan.mascot_image)
            current = self.sections.currentRow()
            self.sections.clear()
            self.sections.addItems([s.name for s in plan.sections])
            self.sections.setCurrentRow(min(max(current, 0), self.sections.count() - 1))
            self._load_figures()
        finally:
            self._loading = False
        self._update_buttons()

    def _show_mascot(self, image: bytes | None) -> None:
        pixmap = QPixmap()
        if image:
            pixmap.loadFromData(image)
        if pixmap.isNull():
            self.mascot.setPixmap(QPixmap())
            self.mascot.setText("（画像なし）")
        else:
            self.mascot.setPixmap(pixmap.scaled(self.mascot.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
        self.remove_mascot.setEnabled(bool(image) and not self.doc.readonly)

    def _load_figures(self) -> None:
        categories = list(self.doc.plan.walk_categories())
        self.figures.blockSignals(True)
        self.figures.setRowCount(len(categories))
        for row, category in enumerate(categories):
            depth = len(category.path()) - 1
            name = QTableWidgetItem("　" * depth + category.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, category.name)
            self.figures.setItem(row, 0, name)
            for column, suffix in enumerate(FIGURE_COLUMNS, start=1):
                attr = CATEGORY_FIGURES[suffix][1]
                own = category.is_lump_sum or attr.startswith("stated")
                value = getattr(category, attr) if own else (category.current if attr == "amount" else category.last)
                cell = QTableWidgetItem("" if value is None else format_table(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if own and not self.doc.readonly:
                    flags |= Qt.ItemFlag.ItemIsEditable
                else:
                    cell.setToolTip("事業の額の合計（ここでは変えられません）")
                    cell.setForeground(QColor("#777777"))
                cell.setFlags(flags)
                self.figures.setItem(row, column, cell)
        self.figures.resizeColumnsToContents()
        self.figures.blockSignals(False)

    def _update_buttons(self) -> None:
        stack = self.doc.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.undo_button.setToolTip(stack.undoText())
        self.redo_button.setEnabled(stack.canRedo())

    # Changes -----------------------------------------------------------------------

    def refuse(self, message: str) -> None:
        self.error.setText(message)
        self.load()

    def set_value(self, key: str, text: str) -> bool:
        """One property from its field: checked, then one undoable step (nothing when it is unchanged)."""
        if self._loading:
            return False
        try:
            changes = read_settings(self.doc.plan, [(key, text)])
        except SettingError as e:
            self.refuse(str(e))
            return False
        return self.run_changes(changes)

    def run_changes(self, changes: list[Change | SectionChanges]) -> bool:
        edits = [c for c in changes if isinstance(c, Change)
                 and any(getattr(c.node, a) != v for a, v in c.values.items())]
        commands = [self._section_command(c) for c in changes if isinstance(c, SectionChanges) and c]
        parts = [EditCommand(self.doc, c.node, c.text, merge=False, **c.values) for c in edits] + \
            [c for c in commands if c is not None]
        if not parts:
            return False
        command = parts[0] if len(parts) == 1 else MacroCommand(self.doc, edits[0].text if edits else "課の変更", parts)
        self.error.clear()
        done = self.doc.run(command)
        if not done:
            self.load()
        return done

    def _section_command(self, changes: SectionChanges) -> DocumentCommand | None:
        if changes.renames:
            section, name = changes.renames[0]
            return EditCommand(self.doc, section, "課の名称の変更", merge=False, name=name)
        return None

    def _figure_changed(self, row: int, column: int) -> None:
        if self._loading:
            return
        name = self.figures.item(row, 0).data(Qt.ItemDataRole.UserRole)
        self.set_value(f"{name}.{FIGURE_COLUMNS[column - 1]}", self.figures.item(row, column).text())

    def choose_mascot(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "マスコットの画像", "", "画像 (*.png *.jpg *.jpeg)")
        if name:
            self.set_mascot(Path(name))

    def set_mascot(self, path: Path) -> bool:
        try:
            data = path.read_bytes()
            read_image(data, path.name)
            change = mascot_change(self.doc.plan, data)
        except OSError as e:
            self.refuse(f"「{path.name}」を読めません（{e.strerror}）。")
            return False
        except (ImageError, SettingError) as e:
            self.refuse(str(e))
            return False
        return self.run_changes([change])

    # The ward's 課 --------------------------------------------------------------------

    def current_section(self) -> Section | None:
        row = self.sections.currentRow()
        sections = self.doc.plan.sections
        return sections[row] if 0 <= row < len(sections) else None

    def add_section(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "課の追加", "課の名称")
            if not ok:
                return False
        try:
            name = check_section_name(self.doc.plan, name)
        except SettingError as e:
            self.refuse(str(e))
            return False
        index = self.sections.currentRow() + 1 if self.sections.currentRow() >= 0 else len(self.doc.plan.sections)
        self.error.clear()
        if not self.doc.run(AddSectionCommand(self.doc, name, index)):
            return False
        self.sections.setCurrentRow(index)
        return True

    def rename_section(self, name: str | None = None) -> bool:
        section = self.current_section()
        if section is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self, "課の名称の変更", "新しい名称", text=section.name)
            if not ok:
                return False
        return self.set_value("rename-section", f"{section.name}={name}")

    def move_section(self, step: int) -> bool:
        section = self.current_section()
        if section is None:
            return False
        index = self.doc.plan.sections.index(section) + step
        if not 0 <= index < len(self.doc.plan.sections):
            self.error.setText("これ以上は動かせません。")
            return False
        self.error.clear()
        if not self.doc.run(MoveCommand(self.doc, section, None, index, "課の並べ替え")):
            return False
        self.sections.setCurrentRow(index)
        return True

    def remove_section(self) -> bool:
        section = self.current_section()
        if section is None:
            return False
        refusal = removal_refusal(self.doc.plan, section)
        if refusal:
            self.refuse(refusal)
            return False
        self.error.clear()
        return self.doc.run(RemoveCommand(self.doc, section, "課の削除"))


def edit_plan_settings(doc: PlanDocument, parent: Any = None) -> None:
    """ファイル → 計画の設定…"""
    PlanSettingsDialog(doc, parent).exec()
