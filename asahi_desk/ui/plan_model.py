"""The plan as a Qt tree model: 区分 → 柱 → 事業 → 細事業, over the plain domain objects.

The model holds no data of its own: each index points at a domain node, every
figure is computed by the domain (Project.current …) and formatted by
domain.money. Edits become commands run through the document; the model
follows the document's signals with the begin/end calls Qt expects.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from ..domain.findings import Finding, by_level
from ..domain.model import Category, Item, Pillar, Plan, Project, parent_of
from ..domain.money import format_rate, format_table, jnum, parse_amount
from ..domain.text_limits import clean_text, over_limit
from .commands import EditCommand, MoveCommand
from .document import PlanDocument

Index = QModelIndex | QPersistentModelIndex
Node = Category | Pillar | Project | Item

MIME_TYPE = "application/x-asahi-desk-node"
NEGATIVE = QColor("#c00000")  # Excel's red for negative figures
MARKED = QColor("#fff2a8")  # a row changed since the version chosen in the 版 tab


def amount_editable(node: Any, field: str) -> bool:
    """Whether the user types `field` ("amount" 今年度 or "last_year" 前年度) of `node`; if not, it is computed.

    The tree's cells and the detail panel's fields both ask here.
    """
    if isinstance(node, Item):
        return field == "amount" or (field == "last_year" and node.project is not None and node.project.lists_items)
    if isinstance(node, Project):
        return not node.items if field == "amount" else field == "last_year" and not node.listed_by_items
    return isinstance(node, Category) and node.is_lump_sum and field in ("amount", "last_year")


def read_amount(node: Any, field: str, text: str) -> int | None:
    """A typed amount as it is stored; AmountError with a message for the user when it cannot be read.

    An empty 前年度 means none, and so does an empty 予算額 of a 事業 (a check then asks for its 細事業 or
    its amount); every other amount must be a number. The tree's editor, its model and the detail panel read
    with this one function.
    """
    if not text.strip() and (field == "last_year" or isinstance(node, Project)):
        return None
    return parse_amount(text)


class PlanTreeModel(QAbstractItemModel):
    COL_NAME, COL_CURRENT, COL_LAST, COL_DIFF, COL_RATE, COL_SECTIONS = range(6)
    COLUMN_COUNT = 6
    NodeRole = Qt.ItemDataRole.UserRole + 1  # the domain node of a row
    LevelRole = Qt.ItemDataRole.UserRole + 2  # the worst finding level of a row, or None
    CodeRole = Qt.ItemDataRole.UserRole + 3  # Ⅰ-１ / ３: follows the list order, drawn before the name
    MarkedRole = Qt.ItemDataRole.UserRole + 4  # changed since the version chosen in the 版 tab (drawn in MARKED)

    # an amount that could not be read: the index and a message for the user
    inputRejected = Signal(QModelIndex, str)

    def __init__(self, doc: PlanDocument, icons: dict[str | None, QIcon] | None = None) -> None:
        super().__init__(doc)
        self.doc = doc
        self.icons = icons or {}
        self._totals: dict[int, tuple[int, int | None]] = {}
        self._findings: dict[int, list[Finding]] = {}
        self._pending_move = False
        self._paths: list[list[Node]] = []
        doc.changed.connect(self._on_changed)
        doc.aboutToInsert.connect(self._before_insert)
        doc.inserted.connect(self._after_insert)
        doc.aboutToRemove.connect(self._before_remove)
        doc.removed.connect(self._after_remove)
        doc.aboutToMove.connect(self._before_move)
        doc.moved.connect(self._after_move)
        doc.aboutToReload.connect(self._before_reload)
        doc.reloaded.connect(self._after_reload)
        self._marked: set[tuple[str, int]] = set()  # rows changed since a version: ("Item", id) …

    @property
    def plan(self) -> Plan:
        return self.doc.plan

    # Structure -------------------------------------------------------------------

    def children_of(self, node: Node | None) -> list[Any]:
        if node is None:
            return self.plan.categories
        if isinstance(node, Category):
            return [*node.children, *node.pillars]
        if isinstance(node, Pillar):
            return node.projects
        if isinstance(node, Project):
            return node.items
        return []

    @staticmethod
    def parent_node(node: Node) -> Node | None:
        return parent_of(node)  # type: ignore[return-value]

    def row_of(self, node: Node) -> int:
        parent = self.parent_node(node)
        if isinstance(node, Pillar):
            assert isinstance(parent, Category)
            return len(parent.children) + parent.pillars.index(node)
        if parent is None:
            return self.plan.categories.index(node)  # type: ignore[arg-type]
        return self.children_of(parent).index(node)

    def index_of(self, node: Node | None, column: int = 0) -> QModelIndex:
        if node is None:
            return QModelIndex()
        return self.createIndex(self.row_of(node), column, node)

    def node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= self.COLUMN_COUNT or row < 0:
            return QModelIndex()
        children = self.children_of(self.node(parent))
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None:
            return QModelIndex()
        return self.index_of(self.parent_node(node))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.children_of(self.node(parent)))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self.COLUMN_COUNT

    # Figures -----------------------------------------------------------------------

    def totals(self, node: Node) -> tuple[int, int | None]:
        """(this year, last year) of a node, kept until the next change."""
        key = id(node)
        cached = self._totals.get(key)
        if cached is None:
            cached = self._totals[key] = (node.current, node.last)
        return cached

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ("名称", self.plan.year_short, self.plan.last_year_short, "増減", "増減率", "課")[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (1, 2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section in (1, 2, 3):
            return "単位：千円"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(node, col)
        if role == self.NodeRole:
            return node
        if role == self.LevelRole:
            return self._level(node)
        if role == self.CodeRole and col == self.COL_NAME:
            return self._code(node)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.COL_DIFF, self.COL_RATE):
            current, last = self.totals(node)
            if last is not None and current < last:
                return QBrush(NEGATIVE)
            return None
        if role == Qt.ItemDataRole.FontRole and isinstance(node, (Category, Pillar)):
            font = QFont()
            font.setBold(True)
            return font
        if role == self.MarkedRole:
            return self.is_marked(node)
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(node, (Category, Pillar)):
            return QBrush(QColor("#e8eef7") if isinstance(node, Category) else QColor("#f3f6fa"))
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_NAME:
            return self.icons.get(self._level(node))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, col)
        return None

    def _display(self, node: Node, col: int) -> str:
        if col == self.COL_NAME:
            return self._name_text(node)
        if col == self.COL_SECTIONS:
            sections = node.all_sections if isinstance(node, Project) else getattr(node, "sections", [])
            return "・".join(s.name for s in sections)
        current, last = self.totals(node)
        if col == self.COL_CURRENT:
            return format_table(current)
        if last is None:
            return ""
        if col == self.COL_LAST:
            return format_table(last)
        if col == self.COL_DIFF:
            return format_table(current - last)
        if current == 0 and last == 0:
            return ""
        return format_rate(current, last)

    @staticmethod
    def _name_text(node: Node) -> str:
        if isinstance(node, Category):
            return node.display_name
        if isinstance(node, Item) and node.mark:
            return f"【{node.mark}】{node.name}"
        return node.name

    @staticmethod
    def _code(node: Node) -> str:
        """The number of a row, from its place in the list (kept out of DisplayRole, which stays put)."""
        if isinstance(node, Pillar):
            return node.numeral
        if isinstance(node, Project):
            return node.code
        if isinstance(node, Item):
            return jnum(node.number)
        return ""

    def _edit_text(self, node: Node, col: int) -> str:
        if col == self.COL_NAME:
            return node.name
        field = self.amount_field(node, col)
        if field is None:
            return self._display(node, col)
        value = getattr(node, field)
        return "" if value is None else format_table(value)

    def _tooltip(self, node: Node, col: int) -> str | None:
        if col == self.COL_NAME:  # the whole name, however narrow the column, then what the checks say
            code = self._code(node)
            found = self._findings.get(id(node))
            lines = [f"{code}　{self._name_text(node)}" if code else self._name_text(node)]
            lines += [f"・{f.message}" for f in found or []]
            return "\n".join(lines)
        if col == self.COL_SECTIONS:
            return self._display(node, col) or None
        if col in (self.COL_CURRENT, self.COL_LAST):
            stated = getattr(node, "stated_amount" if col == self.COL_CURRENT else "stated_last_year", None)
            if stated is not None:
                return f"記載額 {format_table(stated)}千円"
        return None

    # Editing -----------------------------------------------------------------------

    def amount_field(self, node: Node, col: int) -> str | None:
        """The stored field behind an amount cell, or None where the figure is computed."""
        field = {self.COL_CURRENT: "amount", self.COL_LAST: "last_year"}.get(col)
        return field if field is not None and amount_editable(node, field) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.doc.readonly:
            col = index.column()
            if col == self.COL_NAME or self.amount_field(node, col) is not None:
                flags |= Qt.ItemFlag.ItemIsEditable
            if isinstance(node, (Pillar, Project, Item)):
                flags |= Qt.ItemFlag.ItemIsDragEnabled
            if isinstance(node, (Category, Pillar, Project, Item)):
                flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def why_fixed(self, index: Index) -> str:
        """What to do instead, for a cell that cannot be typed into (a total, 増減, 増減率, 課)."""
        node = self.node(index)
        col = index.column()
        if self.doc.readonly:
            return "このファイルは読み取り専用で開いているため、変更できません。"
        if col in (self.COL_DIFF, self.COL_RATE):
            return "増減と増減率は、今年度と前年度の金額から計算されます。金額の欄に入力してください。"
        if col == self.COL_SECTIONS:
            return "課は右の「詳細」で編集します（事業を選んで 課 の欄）。"
        if isinstance(node, Item):
            return "この細事業の前年度額は入力しません（前年度額は事業の行に入力します）。"
        if isinstance(node, Project):
            if col == self.COL_CURRENT:
                return "この事業の金額は細事業の合計です。変えるときは細事業の金額を入力してください。"
            return "この事業の前年度額は細事業の前年度額の合計です。細事業の行に入力してください。"
        if isinstance(node, Pillar):
            return "柱の金額は事業の合計です。変えるときは事業か細事業の金額を入力してください。"
        return "この区分の金額は下の行の合計です。変えるときは事業か細事業の金額を入力してください。"

    def read_input(self, index: Index, text: str) -> tuple[str, Any]:
        """(field, value) that `text` typed into a cell stores; ValueError with a message for the user."""
        node = self.node(index)
        if index.column() == self.COL_NAME:
            name = clean_text(text).strip()  # a vertical tab pasted from Word goes
            if not name:
                raise ValueError("名称を入力してください。")
            too_long = over_limit(node, "name", name)
            if too_long:
                raise ValueError(too_long)
            return "name", name
        field = self.amount_field(node, index.column())
        if field is None:
            raise ValueError("この金額は計算されるため、入力できません。")
        return field, read_amount(node, field, text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or self.doc.readonly:
            return False
        if index.column() != self.COL_NAME and self.amount_field(node, index.column()) is None:
            return False
        try:
            field, stored = self.read_input(index, str(value))
        except ValueError as e:
            self.inputRejected.emit(QModelIndex(index), str(e))
            return False
        if stored == getattr(node, field):
            return True
        text = {"name": None, "amount": "金額の変更", "last_year": "前年度額の変更"}[field]
        return self.doc.run(EditCommand(self.doc, node, text, **{field: stored}))

    # Rows changed since a version ----------------------------------------------------

    def is_marked(self, node: Node) -> bool:
        return (type(node).__name__, getattr(node, "id", None)) in self._marked

    def set_marked(self, keys: set[tuple[str, int]]) -> None:
        """Mark the rows changed since a version (the 版 tab's comparison); an empty set takes the marks away."""
        old, self._marked = self._marked, set(keys)
        if old != self._marked and self.plan.categories:
            self._repaint_all(self.index_of(None))

    def _repaint_all(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, self.COLUMN_COUNT - 1, parent),
                                  [self.MarkedRole])
            for row in range(rows):
                self._repaint_all(self.index(row, 0, parent))

    # Findings ----------------------------------------------------------------------

    def _level(self, node: Node) -> str | None:
        found = self._findings.get(id(node))
        return found[0].level if found else None

    def set_findings(self, findings: list[Finding]) -> None:
        """Show findings as icons on their rows; only rows whose icon changes are repainted."""
        by_node: dict[int, list[Finding]] = {}
        nodes: dict[int, Node] = {}
        for f in findings:
            if isinstance(f.target, (Category, Pillar, Project, Item)):
                by_node.setdefault(id(f.target), []).append(f)
                nodes[id(f.target)] = f.target
        by_node = {key: by_level(found) for key, found in by_node.items()}
        old = self._findings
        self._findings = by_node
        for key in set(old) | set(by_node):
            before, after = old.get(key), by_node.get(key)
            if before != after:
                node = nodes.get(key) or (before[0].target if before else None)
                if node is not None and self._in_plan(node):
                    index = self.index_of(node)
                    self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole])

    def _in_plan(self, node: Node) -> bool:
        try:
            self.row_of(node)
        except (ValueError, AttributeError, AssertionError):
            return False
        return True

    # Following the document ----------------------------------------------------------

    def _path(self, node: Node | None) -> list[Node]:
        out = []
        while node is not None:
            out.append(node)
            node = self.parent_node(node)
        return out

    def _refresh(self, nodes: list[Node], first: int = COL_NAME, last: int = COL_SECTIONS) -> None:
        for node in nodes:
            self.dataChanged.emit(self.index_of(node, first), self.index_of(node, last))

    def _refresh_numbers(self, parent: Node | None) -> None:
        """Numbering follows the list order: repaint the names of a list (and of projects under pillars)."""
        children = self.children_of(parent)
        if children:
            top = self.index_of(parent)
            self.dataChanged.emit(self.index(0, 0, top), self.index(len(children) - 1, 0, top), [self.CodeRole])
        for child in children:
            if isinstance(child, Pillar):
                self._refresh_numbers(child)

    def _on_changed(self, node: Any, fields: list[str]) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        if {"amount", "last_year", "stated_amount", "stated_last_year"} & set(fields):
            path = self._path(node)
            for changed in path:  # only the totals on the path change; the rest stay cached
                self._totals.pop(id(changed), None)
            self._refresh(path, self.COL_NAME, self.COL_RATE)
        if "sections" in fields:
            self._refresh([node], self.COL_SECTIONS, self.COL_SECTIONS)
            if isinstance(node, Item) and node.project is not None:
                self._refresh([node.project], self.COL_SECTIONS, self.COL_SECTIONS)
        if {"name", "mark"} & set(fields):
            self._refresh([node], self.COL_NAME, self.COL_NAME)

    def _before_reload(self) -> None:
        self.beginResetModel()

    def _after_reload(self) -> None:
        self._totals.clear()
        self._findings.clear()
        self._paths.clear()
        self.endResetModel()

    def _tree_row(self, node: Any, parent: Any, index: int) -> int:
        if isinstance(node, Pillar):
            return len(parent.children) + min(index, len(parent.pillars))
        return min(index, len(self.children_of(parent)))

    def _before_insert(self, node: Any, parent: Any, index: int) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        row = self._tree_row(node, parent, index)
        self.beginInsertRows(self.index_of(parent), row, row)

    def _after_insert(self, node: Any) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        self.endInsertRows()
        self._after_structure([self.parent_node(node)])

    def _before_remove(self, node: Any) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        parent = self.parent_node(node)
        row = self.row_of(node)
        self._paths.append([parent] if parent is not None else [])
        self.beginRemoveRows(self.index_of(parent), row, row)

    def _after_remove(self, node: Any) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        self.endRemoveRows()
        self._after_structure(self._paths.pop())

    def _before_move(self, node: Any, parent: Any, index: int) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        old_parent = self.parent_node(node)
        row = self.row_of(node)
        dest = self._tree_row(node, parent, index)
        if parent is old_parent and dest >= row:
            dest += 1  # Qt counts the destination before the row leaves
        self._paths.append([old_parent, parent])
        self._pending_move = self.beginMoveRows(self.index_of(old_parent), row, row, self.index_of(parent), dest)

    def _after_move(self, node: Any) -> None:
        if not isinstance(node, (Category, Pillar, Project, Item)):
            return
        if self._pending_move:
            self.endMoveRows()
        self._pending_move = False
        self._after_structure(self._paths.pop())

    def _after_structure(self, parents: list[Any]) -> None:
        self._totals.clear()
        seen: set[int] = set()
        for parent in parents:
            if parent is None or id(parent) in seen:
                continue
            seen.add(id(parent))
            self._refresh(self._path(parent))
            self._refresh_numbers(parent)

    # Drag and drop -------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        node = next((self.node(i) for i in indexes if i.isValid()), None)
        if node is not None:
            data.setData(MIME_TYPE, QByteArray(f"{type(node).__name__}:{node.id}".encode()))
        return data

    def _drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[Any, Any, int] | None:
        """(node, new parent, index in its list) for a drop, or None when it cannot go there."""
        if self.doc.readonly or not data.hasFormat(MIME_TYPE):
            return None
        kind, _, node_id = bytes(data.data(MIME_TYPE).data()).decode().partition(":")
        node = self.doc.find(kind, int(node_id)) if node_id.isdigit() else None
        target = self.node(parent)
        if node is None or target is None:
            return None
        wanted = {Item: Project, Project: Pillar, Pillar: Category}.get(type(node))
        if wanted is None:
            return None
        if isinstance(target, type(node)):  # dropped onto a sibling: go before it
            new_parent = self.parent_node(target)
            index = self.store_index(target)
        elif isinstance(target, wanted):
            new_parent = target
            index = len(self.children_of(target)) if row < 0 else row
            if isinstance(target, Category):
                if target.is_lump_sum or target.children:
                    return None
                index = max(0, index - len(target.children))
        else:
            return None
        if new_parent is self.parent_node(node) and index > self.store_index(node):
            index -= 1  # the store counts after the node has left its place
        return node, new_parent, index

    def store_index(self, node: Node) -> int:
        return self.doc.store.siblings(node).index(node)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        target = self._drop_target(data, row, parent)
        if target is None:
            return False
        node, new_parent, index = target
        if new_parent is self.parent_node(node) and index == self.store_index(node):
            return False
        self.doc.run(MoveCommand(self.doc, node, new_parent, index))
        return False  # the move is done; the view must not remove the source rows itself


