"""The tree as a clerk who lives in Excel expects it: type to overwrite, Enter goes down, Tab goes right."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, \
    QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from .plan_model import MARKED, PlanTreeModel

Index = QModelIndex | QPersistentModelIndex

TREE_STYLE = """
QTreeView { gridline-color: #d4d4d4; selection-background-color: #cce8d4; selection-color: black;
            alternate-background-color: #fafbfd; }
QTreeView::item { border-right: 1px solid #e1e1e1; border-bottom: 1px solid #e1e1e1; padding: 1px 4px; }
QTreeView::item:selected { background: #cce8d4; color: black; }
QTreeView::item:selected:focus { border: 2px solid #217346; }
QHeaderView::section { background: #f3f3f3; border: none; border-right: 1px solid #d4d4d4;
                       border-bottom: 1px solid #bfbfbf; padding: 3px 6px; }
"""


class CellDelegate(QStyledItemDelegate):
    """Draws a row's number before its name; checks an amount before it leaves the cell."""

    rejected = Signal(QModelIndex, str)  # an amount that cannot be read, where it was typed
    enterPressed = Signal()  # committed with Enter: the view moves down, as in Excel

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editing: dict[int, QPersistentModelIndex] = {}

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.column() == PlanTreeModel.COL_NAME:
            code = index.data(PlanTreeModel.CodeRole)
            if code:
                option.text = f"{code}　{option.text}"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(PlanTreeModel.MarkedRole):  # the style sheet's items draw no background of the model's
            painter.fillRect(option.rect, MARKED)
        super().paint(painter, option, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() != PlanTreeModel.COL_NAME:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._editing[id(editor)] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda _=None, key=id(editor): self._editing.pop(key, None))
        return editor

    def edited_index(self, editor: QWidget) -> QModelIndex:
        """The cell an open editor edits."""
        index = self._editing.get(id(editor))
        return QModelIndex(index) if index is not None and index.isValid() else QModelIndex()

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)  # a refusal is reported by the model

    def _problem(self, editor: QLineEdit) -> str | None:
        """What the model would refuse in the text typed, read as the model reads it."""
        index = self._editing.get(id(editor))
        if index is None or not index.isValid():
            return None
        model = index.model()
        assert isinstance(model, PlanTreeModel)
        try:
            model.read_input(index, editor.text())
        except ValueError as e:
            return str(e)
        return None

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QLineEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                problem = self._problem(editor)
                if problem:
                    self.rejected.emit(QModelIndex(self._editing[id(editor)]), problem)
                    editor.selectAll()
                    return True  # stay in the cell, as Excel does, with nothing stored
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.commitData.emit(editor)
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                    self.enterPressed.emit()
                    return True
        return super().eventFilter(editor, event)


class InputBalloon(QLabel):
    """A message under the cell where something was typed that could not be stored."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("inputBalloon")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes what was typed
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { background: #fff4f4; color: #c00000; border: 1px solid #c00000; "
                           "padding: 4px 6px; }")
        self.hide()
        self.timer = QTimer(self, singleShot=True, interval=8000)
        self.timer.timeout.connect(self.hide)

    def show_at(self, index: QModelIndex, message: str) -> None:
        rect: QRect = self.view.visualRect(index) if index.isValid() else QRect(0, 0, 200, 0)
        self.setText(message)
        self.setMaximumWidth(max(320, self.view.viewport().width() // 2))
        self.adjustSize()
        x = min(rect.left(), max(0, self.view.viewport().width() - self.width()))
        self.move(x, rect.bottom() + 2)
        self.show()
        self.raise_()
        self.timer.start()


class PlanTreeView(QTreeView):
    editCancelled = Signal(QModelIndex)  # Esc left a cell without storing what was typed
    typedOnFixed = Signal(QModelIndex)  # a key typed on a cell that cannot be edited (a total, 増減, 課)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.balloon = InputBalloon(self)
        self.delegate.rejected.connect(self.balloon.show_at)
        self.delegate.enterPressed.connect(self.move_down)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setStyleSheet(TREE_STYLE)
        self.setAnimated(False)

    FIT_COLUMNS = (1, 2, 3, 4, 5)  # the figures and 課; 名称 takes the rest
    CELL_PADDING = 14  # the item's padding and border (TREE_STYLE) and the style's text margins
    SECTIONS_SHARE = 0.22  # 課 at most this share of the width; a longer text shows whole in its tooltip

    def setModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PlanTreeModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in self.FIT_COLUMNS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_timer = QTimer(self, singleShot=True, interval=0)
        self.fit_timer.timeout.connect(self.fit_columns)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_a: self.fit_timer.start())
        self.fit_columns()

    def fit_columns(self) -> None:
        """Each figure column as wide as its widest figure at the window's text size, totals in bold.

        Every row counts, collapsed ones too; a cell is measured as the delegate draws it (its font, the
        style's margins), with a few pixels to spare for the bold face's own widths.
        """
        model = self.model()
        if model is None:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        widths = {c: bold.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal) or "")) + 2 * self.CELL_PADDING
                  for c in self.FIT_COLUMNS}
        parents = [QModelIndex()]
        while parents:
            parent = parents.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                font = index.data(Qt.ItemDataRole.FontRole)
                metrics = bold if isinstance(font, QFont) and font.bold() else QFontMetrics(self.font())
                for column in self.FIT_COLUMNS:
                    cell = index.siblingAtColumn(column)
                    text = cell.data()
                    if text:
                        drawn = delegate.sizeHint(option, cell).width()
                        widths[column] = max(widths[column], drawn + 6,
                                             metrics.horizontalAdvance(str(text)) + self.CELL_PADDING)
                if model.rowCount(index):
                    parents.append(index)
        normal = QFontMetrics(self.font())
        widths[5] = min(widths[5], max(normal.horizontalAdvance("地域振興課") + self.CELL_PADDING,
                                       int(self.viewport().width() * self.SECTIONS_SHARE)))
        header = self.header()
        for column, width in widths.items():
            header.resizeSection(column, width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.model() is not None:
            self.fit_timer.start()  # 小・中・大 take effect at once, the columns with them

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """The message about what was typed goes with the editor (Esc, or a value stored)."""
        self.balloon.hide()
        index = self.delegate.edited_index(editor)
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.editCancelled.emit(index)

    def move_down(self) -> None:
        below = self.indexBelow(self.currentIndex())
        if below.isValid():
            self.setCurrentIndex(below.siblingAtColumn(self.currentIndex().column()))

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab go right and left along the row, as in Excel (a tree would go down)."""
        current = self.currentIndex()
        if current.isValid() and action in (QAbstractItemView.CursorAction.MoveNext,
                                            QAbstractItemView.CursorAction.MovePrevious):
            column = current.column() + (1 if action == QAbstractItemView.CursorAction.MoveNext else -1)
            return current.siblingAtColumn(column) if 0 <= column < self.model().columnCount() else current
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # Alt+↑/↓ move rows (the window's actions); they never move the cursor to another row
            return
        if self.state() != QAbstractItemView.State.EditingState and event.key() in (Qt.Key.Key_Return,
                                                                                   Qt.Key.Key_Enter):
            self.move_down()  # Enter goes down, as in Excel; F2 edits
            return
        if self._typed_on_fixed_cell(event):
            self.typedOnFixed.emit(self.currentIndex())  # rather than a silent search for a row by its name
            return
        super().keyPressEvent(event)

    def _typed_on_fixed_cell(self, event: QKeyEvent) -> bool:
        current = self.currentIndex()
        text = event.text()
        typed = bool(text) and text.isprintable() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier)
        return (typed and self.state() != QAbstractItemView.State.EditingState and current.isValid()
                and not current.flags() & Qt.ItemFlag.ItemIsEditable)
