"""The findings of the checks, in a list that jumps to its node on double-click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

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
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
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
            row.setToolTip(2, f.message)
            rows.append(row)
        self.addTopLevelItems(rows)
        if 0 <= selected < len(rows):
            self.setCurrentItem(rows[selected])

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
