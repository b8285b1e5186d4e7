"""One open plan: its store, its undo stack and the signals the views follow.

Every change goes through `run(command)`; commands call the small operations
below (update, insert, remove, restore, move), which change the file and the
objects at once through PlanStore and tell the views before and after. They
have PlanStore's signatures, and `file` is the store's, so that code written
for a store (excel.apply and revert) runs through the document and every view
hears of each step.
"""

from __future__ import annotations

import logging
import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.model import Category, Item, Pillar, Plan, Project, ancestors
from ..store import PlanFileError, PlanStore, Removal
from ..store import change_log, versions
from ..store.database import PlanFile
from ..store.plan_files import save_copy
from ..store.versions import Version
from ..lock import PlanLock


class PlanDocument(QObject):
    """The plan in a window: a PlanStore, its lock and its QUndoStack."""

    # (node, field names) after a stored field changed
    changed = Signal(object, list)
    # structure: before and after, so that the tree model can wrap them in begin/end calls
    aboutToInsert = Signal(object, object, int)  # node, parent, index
    inserted = Signal(object)
    aboutToRemove = Signal(object)
    removed = Signal(object)
    aboutToMove = Signal(object, object, int)  # node, new parent, new index
    moved = Signal(object)
    # after every change (edits, undo, redo): findings and the preview follow this
    modified = Signal()
    # a change the store refused; the message is for the user
    failed = Signal(str)
    # a version was kept, named or deleted (store.versions)
    versions_changed = Signal()
    # the whole plan is read anew (a version restored): views let go of every node before, find theirs after
    aboutToReload = Signal()
    reloaded = Signal()

    def __init__(self, store: PlanStore, lock: PlanLock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lock = lock
        self.undo_stack = QUndoStack(self)
        self.revision = 0  # counts every change (edits, undo, redo): work done meanwhile can tell it is stale
        self.modified.connect(self._count)

    def _count(self) -> None:
        self.revision += 1

    # What it is ---------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        assert self.store.plan is not None
        return self.store.plan

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @property
    def file(self) -> PlanFile:
        """The plan file: `with doc.file.transaction()` makes several operations one change."""
        return self.store.file

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()
        if self.lock is not None:
            self.lock.release()

    # Changes ------------------------------------------------------------------

    def run(self, command: QUndoCommand) -> bool:
        """Apply a command and put it on the undo stack; False (and `failed`) when the store refused it."""
        if self.readonly:
            self.failed.emit("このファイルは読み取り専用で開いているため、変更できません。")
            return False
        try:
            command.apply()  # type: ignore[attr-defined]
        except (ValueError, PlanFileError) as e:
            self.failed.emit(str(e))
            return False
        command.applied = True  # type: ignore[attr-defined]
        stack = self.undo_stack
        index = stack.index()
        previous = stack.command(index - 1) if index > 0 else None
        previous_line = getattr(previous, "log_line", None)
        describe = getattr(command, "describe", None)
        if describe is not None:
            describe()
        stack.push(command)  # push calls redo(), which skips what apply() did
        if stack.index() > index:
            command.log_line = self.log_change(getattr(command, "words", command.actionText()))  # type: ignore[attr-defined]
        elif stack.index() == index and previous is not None:  # merged into the change before (typing on)
            self.log_change(getattr(previous, "words", previous.actionText()), line=previous_line)
        elif previous_line is not None:  # typed back to what it was: no change is left to tell of
            self.log_change("", line=previous_line)
        return True

    def log_change(self, text: str, *, line: int | None = None) -> int | None:
        """Keep a change in words in the plan file (変更履歴 after a restart); `line` rewrites one ("" drops it).

        The log is a record, not the change: when it cannot be written the change stands, and the log says why.
        """
        if self.readonly:
            return None
        try:
            if line is None:
                return change_log.append(self.store.file, text)
            if text:
                change_log.rewrite(self.store.file, line, text)
            else:
                change_log.drop(self.store.file, line)
        except PlanFileError:
            logging.getLogger("asahi_desk").warning("the change log could not be written", exc_info=True)
        return line

    def update(self, node: Any, **values: Any) -> dict[str, Any]:
        old = self.store.update(node, **values)
        self.changed.emit(node, list(values))
        self.modified.emit()
        return old

    def insert(self, node: Any, parent: Any, index: int) -> Any:
        self.aboutToInsert.emit(node, parent, index)
        try:
            self.store.insert(node, parent, index)
        finally:
            self.inserted.emit(node)
        self.modified.emit()
        return node

    def restore(self, removal: Removal) -> None:
        self.aboutToInsert.emit(removal.obj, removal.parent, removal.index)
        try:
            self.store.restore(removal)
        finally:
            self.inserted.emit(removal.obj)
        self.modified.emit()

    def remove(self, node: Any) -> Removal:
        self.aboutToRemove.emit(node)
        try:
            removal = self.store.remove(node)
        finally:
            self.removed.emit(node)
        self.modified.emit()
        return removal

    def move(self, node: Any, parent: Any, index: int) -> tuple[Any, int]:
        self.aboutToMove.emit(node, parent, index)
        try:
            where = self.store.move(node, parent, index)
        finally:
            self.moved.emit(node)
        self.modified.emit()
        return where

    def record_version(self, what: str, name: str = "") -> Version | None:
        """Keep the plan as it is now, as made for `what` (None when the file is read-only)."""
        version = versions.record(self.store, what, name=name)
        if version is not None:
            stack = self.undo_stack
            top = stack.command(stack.index() - 1) if stack.index() > 0 else None
            if top is not None and hasattr(top, "merge"):
                top.merge = False  # typing on after a version is a change of its own, logged after the version
            self.versions_changed.emit()
        return version

    def restore_version(self, version_id: int) -> None:
        """Make the plan as it was in a version, in one transaction; every view reads the plan anew."""
        self.aboutToReload.emit()
        try:
            versions.restore_in_place(self.store, version_id)
        finally:
            self.reloaded.emit()
            self.modified.emit()
        self.versions_changed.emit()

    def reload_from_file(self) -> None:
        """Read the plan again as another window committed it (a read-only window follows its file)."""
        self.aboutToReload.emit()
        try:
            self.store.load()
        finally:
            self.reloaded.emit()
            self.modified.emit()

    def save_copy(self, target: Path) -> None:
        """Write the whole plan, photos included, to another file (SQLite's online backup), replacing it.

        The copy is written beside the target and put in place whole, and only when the target is neither
        this plan nor a plan a window edits: a failure leaves the former file as it was.
        """
        if same_file(target, self.path):
            raise PlanFileError("開いているファイルと同じ名前にはコピーできません。")
        with replacing(target):
            save_copy(self.store.file.conn, target)

    # Finding nodes --------------------------------------------------------------

    def find(self, kind: str, node_id: int) -> Any:
        """A tree node by its kind and stored id (used by drag and drop and by the findings)."""
        plan = self.plan
        nodes: Any
        if kind == "Category":
            nodes = plan.walk_categories()
        elif kind == "Pillar":
            nodes = plan.pillars()
        elif kind == "Project":
            nodes = plan.projects()
        elif kind == "Item":
            nodes = plan.items()
        else:
            return None
        return next((n for n in nodes if n.id == node_id), None)


def same_file(a: Path, b: Path) -> bool:
    """Whether two names lead to one file (another spelling of the path, a link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist


def replacing(path: Path) -> AbstractContextManager[None]:
    """Hold a plan file's lock while it is replaced; refuse when a window edits it."""
    return PlanLock(path).held(lambda owner: PlanFileError(
        f"「{path.name}」は別のウィンドウ（{owner.text}）で開いているため、置き換えられません。"
        "別の名前を選ぶか、そのウィンドウを閉じてからもう一度行ってください。" + owner.advice))


def path_to(node: Any) -> list[Any]:
    """Tree nodes from the root 区分 down to `node` (the nodes the tree shows)."""
    return [n for n in reversed(ancestors(node)) if isinstance(n, (Category, Pillar, Project, Item))]
