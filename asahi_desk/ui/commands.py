"""Undoable changes, each named as the Edit menu shows it (「金額の変更」, 「事業の追加」 …).

A command records the old state (as the store returns it when the command is
first applied, or in its constructor), applies the new one in redo() through the
document's store operations, and never reaches into a widget. Consecutive edits
of one field of one node merge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..domain.change_words import edit_words, name_of, place

from ..domain.model import (
    AgendaItem,
    BureauProject,
    Category,
    Indicator,
    Item,
    Photo,
    Pillar,
    Project,
    ReportBlock,
    ReportPanel,
    parent_of,
)
from ..store import Removal
from .document import PlanDocument

KIND_NAMES: dict[type, str] = {
    Category: "区分",
    Pillar: "柱",
    Project: "事業",
    Item: "細事業",
    Indicator: "事業指標",
    Photo: "写真",
    BureauProject: "関連する局事業",
    AgendaItem: "議題",
    ReportBlock: "資料２の項目",
    ReportPanel: "概要版の枠",
}

FIELD_NAMES = {
    "amount": "金額",
    "last_year": "前年度額",
    "name": "名称",
    "purpose": "目的",
    "notes": "備考",
    "sections": "課",
    "mark": "印",
    "lines": "内容",
    "target": "目標値",
    "unit": "単位",
    "caption": "写真の説明",
    "box": "局事業の枠",
    "stated_amount": "記載額",
    "stated_last_year": "前年度の記載額",
}

MERGE_ID = 0x4144  # any fixed number: only EditCommands merge, and only with the same node and fields


class DocumentCommand(QUndoCommand):
    """A command run through PlanDocument.run: apply() once, then redo()/undo() for the stack."""

    def __init__(self, doc: PlanDocument, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.applied = False
        self.name = text  # what the Edit menu says: 「金額の変更」
        self.words = text  # the change in words, once applied (変更履歴)
        self.log_line: int | None = None  # its line in the plan file's change log

    def detail(self) -> str:
        """This change in words, right after it was applied: 「Ⅱ-１ 細事業２ 金額 1,000 → 1,200」."""
        return self.name

    def describe(self) -> None:
        """変更履歴 lists the change in words with its time; the Edit menu keeps the short name."""
        self.words = self.detail()
        self.setText(f"{dt.datetime.now():%H:%M}　{self.words}\n{self.name}")

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.applied:  # PlanDocument.run applied it already
            self.applied = False
            return
        if self._guarded(self.apply):
            self.doc.log_change(f"やり直し：{self.words}")

    def undo(self) -> None:
        if self._guarded(self.revert):
            self.doc.log_change(f"元に戻す：{self.words}")

    def _guarded(self, action: Any) -> bool:
        # Exceptions must not cross back into Qt's undo stack; the user hears of it instead.
        try:
            action()
        except Exception as e:  # noqa: BLE001 - reported, and the stack is cleared below
            self.doc.failed.emit(f"「{self.name}」を行えませんでした：{e}")
            self.doc.undo_stack.clear()
            return False
        return True


class EditCommand(DocumentCommand):
    """Change stored fields of one node: 「金額の変更」, 「名称の変更」 …"""

    def __init__(self, doc: PlanDocument, node: Any, text: str | None = None, /, *, merge: bool = True,
                 **values: Any) -> None:  # positional: a stored field may be called text (資料２)
        super().__init__(doc, text or edit_text(values))
        self.node = node
        self.new = dict(values)
        self.old: dict[str, Any] = {}  # what the first apply() replaced, as the store returns it
        self.merge = merge

    def apply(self) -> None:
        old = self.doc.update(self.node, **self.new)
        self.old = self.old or old

    def revert(self) -> None:
        self.doc.update(self.node, **self.old)

    def detail(self) -> str:
        own = self.name.removesuffix("の変更") if len(self.new) == 1 else ""  # 「回の変更」 names its field 回
        return edit_words(self.node, [(k, FIELD_NAMES.get(k) or own or k, self.old.get(k), v)
                                      for k, v in self.new.items()])

    def id(self) -> int:
        return MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other.node is not self.node or other.new.keys() != self.new.keys():
            return False
        self.new = dict(other.new)
        if self.new == self.old:
            self.setObsolete(True)  # typed back to what it was: nothing to undo
        else:
            self.describe()
        return True


class InsertCommand(DocumentCommand):
    """Add a node (with what it holds): 「事業の追加」, 「細事業の追加」 …"""

    def __init__(self, doc: PlanDocument, node: Any, parent: Any, index: int, text: str | None = None) -> None:
        super().__init__(doc, text or f"{KIND_NAMES[type(node)]}の追加")
        self.node, self.parent, self.index = node, parent, index
        self.removal: Removal | None = None

    def apply(self) -> None:
        if self.removal is None:
            self.doc.insert(self.node, self.parent, self.index)
        else:
            self.doc.restore(self.removal)

    def revert(self) -> None:
        self.removal = self.doc.remove(self.node)

    def detail(self) -> str:
        return joined(self.name, place(self.node), name_of(self.node))


class RemoveCommand(DocumentCommand):
    """Delete a node and everything under it: 「事業の削除」 …"""

    def __init__(self, doc: PlanDocument, node: Any, text: str | None = None) -> None:
        super().__init__(doc, text or f"{KIND_NAMES[type(node)]}の削除")
        self.node = node
        self.removal: Removal | None = None
        self.where = place(node)  # before it goes

    def detail(self) -> str:
        return joined(self.name, self.where, name_of(self.node))

    def apply(self) -> None:
        self.removal = self.doc.remove(self.node)

    def revert(self) -> None:
        assert self.removal is not None
        self.doc.restore(self.removal)


class MoveCommand(DocumentCommand):
    """Move a node within its list or to another parent of the same kind: 「事業の移動」 …"""

    def __init__(self, doc: PlanDocument, node: Any, parent: Any, index: int, text: str | None = None) -> None:
        super().__init__(doc, text or f"{KIND_NAMES[type(node)]}の移動")
        self.node, self.parent, self.index = node, parent, index
        self.old_parent = parent_of(node)
        self.old_index = self.doc.store.siblings(node).index(node)
        self.where = place(node)

    def detail(self) -> str:
        now = place(self.node)
        return joined(self.name, name_of(self.node), f"{self.where} → {now}" if self.where and now else "")

    def apply(self) -> None:
        self.doc.move(self.node, self.parent, self.index)

    def revert(self) -> None:
        self.doc.move(self.node, self.old_parent, self.old_index)


def joined(name: str, *parts: str) -> str:
    """事業の追加：Ⅱ-１６ 「新しい事業」"""
    words = " ".join(p for p in parts if p)
    return f"{name}：{words}" if words else name


def edit_text(values: dict[str, Any]) -> str:
    names = [FIELD_NAMES.get(k, k) for k in values]
    return "・".join(names) + "の変更"


def adopt_computed(doc: PlanDocument, nodes: list[Any]) -> bool:
    """「計算値を記載額にする」: set each stated figure that differs to the computed one, as one command.

    A stated figure is what a section reported (or the 配分額); after an edit it is
    an error until someone decides that the computed figure is now the one to print.
    """
    changes = []
    for node in nodes:
        values = {}
        if getattr(node, "stated_amount", None) is not None and node.stated_amount != node.current:
            values["stated_amount"] = node.current
        if getattr(node, "stated_last_year", None) is not None and node.stated_last_year != node.last:
            values["stated_last_year"] = node.last
        if values:
            changes.append((node, values))
    if not changes:
        return False
    macro = MacroCommand(doc, "計算値を記載額にする",
                         [EditCommand(doc, node, merge=False, **values) for node, values in changes])
    return doc.run(macro)


class MacroCommand(DocumentCommand):
    """Several commands as one step of the undo stack."""

    def __init__(self, doc: PlanDocument, text: str, parts: list[DocumentCommand]) -> None:
        super().__init__(doc, text)
        self.parts = parts

    def detail(self) -> str:
        places = list(dict.fromkeys(p for p in (place(getattr(part, "node", None)) for part in self.parts) if p))
        more = f" ほか {len(places) - 4} 件" if len(places) > 4 else ""
        return joined(self.name, "、".join(places[:4]) + more)

    def apply(self) -> None:
        with self.doc.store.file.transaction():  # all of it is written, or none of it
            done = []
            try:
                for part in self.parts:
                    part.apply()
                    done.append(part)
            except BaseException:
                for part in reversed(done):
                    part.revert()
                raise

    def revert(self) -> None:
        with self.doc.store.file.transaction():
            for part in reversed(self.parts):
                part.revert()
