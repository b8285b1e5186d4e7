"""The findings of the checks, in a list that jumps to its node on double-click.

Long messages wrap in their column (the whole text is also the row's tooltip), so the panel can be made
as tall or as narrow as the clerk likes; the window keeps its size with the other panels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ..domain.findings import ERROR, INFO, LEVEL_LABELS, WARNING, Finding

STATED_CHECKS = {"computed_vs_stated", "items_vs_project"}  # findings a click on 計算値を記載額にする resolves


def level_icons(widget: QWidget) -> dict[str | None, QIcon]:
    """An icon per level, and a blank one (None) so that every name starts at the same place."""
    style = widget.style()
    blank = QPixmap(16, 16)
    blank.fill(Qt.GlobalColor.transparent)
    return {
        ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
        WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        None: QIcon(blank),
    }


class WrappingDelegate(QStyledItemDelegate):
    """A row as tall as its message wrapped at the width of its column."""

    MESSAGE = 2

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.column() != self.MESSAGE:
            return size
        width = max(40, self.view.header().sectionSize(self.MESSAGE) - 12)  # the cell's own margins
        text = str(index.data() or "")
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), bounds.height() + 6))


class FindingsView(QTreeWidget):
    jumpRequested = Signal(object)  # the node of a finding
    placeRequested = Signal(object)  # a finding about no row of the tree (the 次第, a handout)
    adoptRequested = Signal(object)  # the node whose stated figures should become the computed ones

    def __init__(self, icons: dict[str | None, QIcon], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icons = icons
        self.findings: list[Finding] = []
        self.setColumnCount(3)
        self.setHeaderLabels(["種類", "場所", "内容"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(False)  # a wrapped message makes its row taller
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrappingDelegate(self))
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.sectionResized.connect(lambda *_a: self.scheduleDelayedItemsLayout())  # wrap again at the new width
        self.itemActivated.connect(self._activated)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        selected = self.currentIndex().row()
        self.clear()
        rows = []
        for f in findings:
            row = QTreeWidgetItem([LEVEL_LABELS[f.level], f.node, f.message])
            row.setIcon(0, self.icons[f.level])
            for column in range(3):  # the whole text, however narrow the panel
                row.setToolTip(column, f"{f.node}　{f.message}" if f.node else f.message)
            rows.append(row)
        self.addTopLevelItems(rows)
        if 0 <= selected < len(rows):
            self.setCurrentItem(rows[selected])

    def select_finding(self, finding: Finding) -> None:
        """Make a finding the current row and show it."""
        for n, f in enumerate(self.findings):
            if f is finding:
                row = self.topLevelItem(n)
                self.setCurrentItem(row)
                self.scrollToItem(row)
                return

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        index = self.indexOfTopLevelItem(row)
        if 0 <= index < len(self.findings):
            finding = self.findings[index]
            if finding.target is not None:
                self.jumpRequested.emit(finding.target)
            else:
                self.placeRequested.emit(finding)

    def _menu(self, pos: QPoint) -> None:
        row = self.itemAt(pos)
        if row is None:
            return
        finding = self.findings[self.indexOfTopLevelItem(row)]
        menu = QMenu(self)
        jump = menu.addAction("この行へ移動")
        adopt: Any = None
        if finding.check in STATED_CHECKS:
            adopt = menu.addAction("計算値を記載額にする")
        chosen = menu.exec(self.viewport().mapToGlobal(pos))
        if chosen is jump:
            self.jumpRequested.emit(finding.target)
        elif adopt is not None and chosen is adopt:
            self.adoptRequested.emit(finding.target)
