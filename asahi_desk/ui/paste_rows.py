"""Ctrl+V on a 柱 or 事業: rows copied in Excel or LibreOffice Calc become 事業 or 細事業, as one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from ..domain.model import Item, Pillar, Project
from ..domain.pasted_rows import PasteError, read_pasted_rows
from .commands import InsertCommand, MacroCommand

if TYPE_CHECKING:
    from .host import Host

WHERE = "貼り付けるには、事業にするときは柱を、細事業にするときは事業（または細事業）を選んでください。"


def paste_rows(window: Host) -> bool:
    """The clipboard's rows (名称 | 予算 | 前年度 [| 課]) below the selection; a bad cell refuses them all."""
    doc, node = window.doc, window.model.node(window.tree.currentIndex())
    if isinstance(node, Pillar):
        parent, index, kind = node, len(node.projects), "事業"
    elif isinstance(node, Project):
        parent, index, kind = node, len(node.items), "細事業"
    elif isinstance(node, Item) and node.project is not None:
        parent, index, kind = node.project, node.project.items.index(node) + 1, "細事業"
    else:
        window.statusBar().showMessage(WHERE, 10000)
        return False
    try:
        rows = read_pasted_rows(QApplication.clipboard().text(), doc.plan)
    except PasteError as e:
        window.show_message(f"貼り付けられません。{e}\n何も貼り付けていません。")
        return False
    nodes = [row.project() if kind == "事業" else row.item() for row in rows]
    commands = [InsertCommand(doc, new, parent, index + i) for i, new in enumerate(nodes)]
    if not doc.run(MacroCommand(doc, f"{kind}の貼り付け（{len(nodes)} 行）", commands)):
        return False
    window.tree.expand(window.model.index_of(parent))
    window.select_node(nodes[0])
    window.statusBar().showMessage(f"{kind}を {len(nodes)} 行貼り付けました（元に戻す で取り消せます）。", 10000)
    return True
