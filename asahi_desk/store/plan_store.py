"""A plan kept in a plan file: load it, and apply each change to the file and the objects at once.

Every public method that changes something is one transaction. The objects
of the loaded plan are the ones the caller holds: after `update`, `insert`,
`remove`, `restore` or `move` they show the new state, and the file agrees.
Values are checked before anything is changed; when a write fails all the
same, the objects are put back as they were, so that they never disagree
with the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..domain.model import (
    MARKS,
    PLACEMENTS,
    AgendaItem,
    Attachment,
    BureauProject,
    Category,
    Indicator,
    Item,
    ItemReference,
    Meeting,
    Overview,
    OverviewRow,
    Photo,
    Pillar,
    Plan,
    Project,
    Report,
    ReportBlock,
    ReportPanel,
    Section,
    parent_of,
)
from ..domain.money import check_fiscal_year, check_year_label
from ..domain.text_limits import clean_value, over_limit
from .database import PlanFile, PlanFileError, open_plan_file
from .nodes import attach, child_lists, copy_value, descendants, moved_back, set_fields, siblings_of, unplaced
from .overview_store import (
    OVERVIEW_COLUMNS,
    OVERVIEW_TABLE,
    ROW_COLUMNS,
    ROWS_TABLE,
    RowLinks,
    check_value,
    let_go_of,
    link_again,
    read_overview,
)


@dataclass(frozen=True)
class Spec:
    table: str
    columns: tuple[str, ...]  # attribute names; see _COLUMN for the few that differ
    parent_column: str | None = None


SPECS: dict[type, Spec] = {
    Plan: Spec("plan", ("ward", "fiscal_year", "office", "slogan", "mascot_caption", "mascot_image",
                        "year_label_override", "carried_from")),
    Section: Spec("sections", ("name",)),
    Category: Spec(
        "categories",
        ("name", "qualifier", "listing_label", "caption", "description", "footnote", "requires_indicators", "lists_items",
         "amount", "last_year", "stated_amount", "stated_last_year"),
        "parent_id",
    ),
    Pillar: Spec("pillars", ("name", "stated_amount", "stated_last_year"), "category_id"),
    Project: Spec(
        "projects",
        ("name", "purpose", "notes", "amount", "last_year", "stated_amount", "stated_last_year", "print_first"),
        "pillar_id",
    ),
    Item: Spec("items", ("mark", "name", "amount", "last_year", "lines"), "project_id"),
    Indicator: Spec("indicators", ("name", "target", "unit"), "project_id"),
    Photo: Spec("photos", ("caption", "image", "media_type"), "project_id"),
    ItemReference: Spec("item_references", ("item", "lines"), "project_id"),
    BureauProject: Spec("bureau_projects", ("box", "name", "amount"), "project_id"),
    Overview: Spec(OVERVIEW_TABLE, OVERVIEW_COLUMNS),
    OverviewRow: Spec(ROWS_TABLE, ROW_COLUMNS, "parent_id"),
    Meeting: Spec("meeting", ("session", "name", "date", "start_time", "place")),
    AgendaItem: Spec("agenda_items", ("title", "lines", "presenter", "handout")),
    Report: Spec("report", ("label", "summary_title", "summary_byline", "summary_intro")),
    ReportBlock: Spec("report_blocks", ("kind", "date", "text")),
    ReportPanel: Spec("report_panels", ("title", "text")),
    Attachment: Spec("attachments", ("handout", "placement", "after_page", "file_name", "data")),
}

# Attributes stored under another column name.
_COLUMN = {"lines": "body", "item": "item_id", "category": "category_id"}

# Tables of 課 per owner.
_SECTION_TABLES = {Category: ("category_sections", "category_id"), Project: ("project_sections", "project_id"),
                   Item: ("item_sections", "item_id")}



def plan_tables() -> tuple[str, ...]:
    """The tables that hold the plan (what `load` reads), parents before children."""
    return tuple(spec.table for spec in SPECS.values()) + tuple(t for t, _ in _SECTION_TABLES.values())


_INTEGER_FIELDS = {"amount", "last_year", "stated_amount", "stated_last_year", "city_million", "last_amount", "population",
                   "session", "box", "fiscal_year", "after_page"}
_OPTIONAL_INTEGERS = {"amount", "last_year", "stated_amount", "stated_last_year", "city_million", "last_amount",
                      "after_page"}


def _to_db(attr: str, value: Any) -> Any:
    if attr == "lines":
        return "\n".join(value)
    if attr in ("item", "category"):
        return value.id if value is not None else None
    if attr == "table_notes":
        return json.dumps(list(value), ensure_ascii=False)
    if attr == "date":
        return value.isoformat() if value is not None else None
    if isinstance(value, bool):
        return int(value)
    return value


def _validate(obj: object, attr: str, value: Any, limits: bool = True) -> None:
    """Refuse values the file must never hold; the message is for the user."""
    spec = SPECS[type(obj)]
    if attr not in spec.columns and not (attr == "sections" and type(obj) in _SECTION_TABLES):
        raise AttributeError(f"{type(obj).__name__} has no stored field {attr!r}")
    if attr in _INTEGER_FIELDS:
        nullable = attr in _OPTIONAL_INTEGERS and not (isinstance(obj, Item) and attr == "amount")
        if value is None and nullable:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"金額・数値は整数で指定してください（{value!r}）。")
    if attr == "mark" and value not in MARKS:
        raise ValueError(f"印は「新」「拡」またはなしです（{value!r}）。")
    if attr in ("name", "title") and not isinstance(value, str):
        raise ValueError("名称は文字列で指定してください。")
    too_long = over_limit(obj, attr, value) if limits else None
    if too_long:
        raise ValueError(too_long)
    if isinstance(obj, Plan) and attr == "ward" and not (isinstance(value, str) and value.strip()):
        raise ValueError("区の名称を入力してください。")
    if isinstance(obj, Plan) and attr == "fiscal_year":
        check_fiscal_year(value)
    if attr == "placement" and value not in PLACEMENTS:
        raise ValueError(f"添付の位置は {'、'.join(PLACEMENTS)} のどれかです（{value!r}）。")
    if attr == "sections":
        for section in value:
            if not isinstance(section, Section) or section.id is None:
                raise ValueError(f"課「{getattr(section, 'name', section)}」は課の一覧にありません。")
    check_value(obj, attr, value)


def _validate_new(obj: object, limits: bool = True) -> None:
    """Every stored field of a new object and of everything under it, before any of it is written."""
    for node in descendants(obj):
        for attr in SPECS[type(node)].columns:
            value = getattr(node, attr)
            if clean_value(value) != value:  # a new object: kept as it will be stored
                setattr(node, attr, clean_value(value))
            _validate(node, attr, getattr(node, attr), limits)
        if type(node) in _SECTION_TABLES:
            _validate(node, "sections", node.sections)
        if isinstance(node, Attachment):
            _validate_place(node.placement, node.after_page)
        if isinstance(node, Plan):
            _validate_year_label(node.year_label_override, node.fiscal_year)


def _validate_year_label(label: str, fiscal_year: int) -> None:
    """A plan's own year label names its fiscal year, written as labels are (令和元年度)."""
    if not isinstance(label, str):
        raise ValueError("年度の表記は文字列で指定してください。")
    if label and check_year_label(label, fiscal_year) != label:
        raise ValueError(f"年度の表記は「{check_year_label(label, fiscal_year)}」のように書いてください。")


def _validate_place(placement: str, after_page: int | None) -> None:
    """An attachment placed after a page names the page, and only then."""
    if (placement == "after") != (after_page is not None) or (after_page is not None and after_page < 1):
        raise ValueError("「何ページの後」に綴じるときはそのページを、それ以外はページなしで指定してください。")


@dataclass
class Removal:
    """What `remove` took away, so that `restore` can put it back exactly."""

    obj: object
    parent: object | None
    index: int
    references: list[tuple[ItemReference, Item]] = field(default_factory=list)
    overview_links: RowLinks = field(default_factory=list)


class PlanStore:
    """The plan file and the plan loaded from it."""

    def __init__(self, file: PlanFile) -> None:
        self.file = file
        self.plan: Plan | None = None
        self._undo: list[Callable[[], None]] | None = None  # how to put the objects back, during a change

    @contextmanager
    def _change(self) -> Iterator[list[Callable[[], None]]]:
        """One change: the file in one transaction; if any of it fails, the objects are put back as they were.

        Each step that changes an object first adds to the yielded list how to undo it. A change made
        within another (restore updates references) joins it.
        """
        if self._undo is not None:
            with self.file.transaction():
                yield self._undo
            return
        self._undo = undo = []
        try:
            with self.file.transaction():
                yield undo
        except BaseException:
            for step in reversed(undo):
                step()
            raise
        finally:
            self._undo = None

    # Opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> PlanStore:
        store = cls(open_plan_file(path, readonly=readonly))
        store.load()
        return store

    @classmethod
    def create(cls, path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> PlanStore:
        """Write a new plan file holding `plan` (whose objects then carry their ids).

        The file is made beside `path` and put in place whole: a file it replaces stays as it was until then.
        """
        from pathlib import Path

        from .plan_files import replace_plan_file

        path = Path(path)
        if path.exists() and path.stat().st_size > 0 and not overwrite:
            raise PlanFileError(f"「{path}」はすでにあります。上書きしないよう中止しました。")
        _validate_new(plan, limits=False)  # a whole plan, made from another: what it holds prints cut, with a finding
        replace_plan_file(path, lambda temp: cls._write_new(temp, plan))
        store = cls(open_plan_file(path))
        store.plan = plan
        return store

    @classmethod
    def _write_new(cls, path: Path, plan: Plan) -> None:
        store = cls(open_plan_file(path, create=True))
        try:
            with store.file.transaction():
                store._write_plan(plan)
        finally:
            store.close()

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    @property
    def path(self):  # noqa: ANN201 - a Path
        return self.file.path

    def close(self) -> None:
        self.file.close()

    # Writing -----------------------------------------------------------------

    def _row(self, obj: object) -> dict[str, Any]:
        spec = SPECS[type(obj)]
        row = {_COLUMN.get(a, a): _to_db(a, getattr(obj, a)) for a in spec.columns}
        if getattr(obj, "id", None) is not None:
            row["id"] = obj.id  # type: ignore[attr-defined]
        return row

    def _insert_row(self, obj: object, parent_id: int | None, position: int) -> None:
        spec = SPECS[type(obj)]
        row = self._row(obj)
        row["position"] = position
        if spec.parent_column:
            row[spec.parent_column] = parent_id
        table = self.file.db[spec.table]
        table.insert(row)
        obj.id = table.last_pk  # type: ignore[attr-defined]
        if type(obj) in _SECTION_TABLES:
            self._write_sections(obj, obj.sections)

    def _write_sections(self, obj: Any, sections: list[Section]) -> None:
        table, column = _SECTION_TABLES[type(obj)]
        self.file.db.execute(f"DELETE FROM {table} WHERE {column} = ?", [obj.id])
        self.file.db[table].insert_all(
            [{column: obj.id, "section_id": s.id, "position": i} for i, s in enumerate(sections)]
        )

    def _insert_tree(self, obj: Any, parent_id: int | None, position: int, deferred: list[ItemReference]) -> None:
        if isinstance(obj, ItemReference):
            deferred.append(obj)  # its item may come later in the same tree
            return
        self._insert_row(obj, parent_id, position)
        for children in child_lists(obj):
            for i, child in enumerate(children):
                self._insert_tree(child, obj.id, i, deferred)

    def _insert_references(self, references: list[ItemReference]) -> None:
        for ref in references:
            assert ref.project is not None
            if ref.item is not None and ref.item.id is None:
                raise ValueError("＜参考＞の参照先の細事業が保存されていません。")
            self._insert_row(ref, ref.project.id, ref.project.references.index(ref))

    def _insert_subtree(self, obj: Any, parent_id: int | None, position: int) -> None:
        deferred: list[ItemReference] = []
        self._insert_tree(obj, parent_id, position, deferred)
        self._insert_references(deferred)

    def _write_plan(self, plan: Plan) -> None:
        db = self.file.db
        db["plan"].insert({"id": 1, **self._row(plan)})
        for i, section in enumerate(plan.sections):
            self._insert_row(section, None, i)
        deferred: list[ItemReference] = []
        for i, category in enumerate(plan.categories):
            self._insert_tree(category, None, i, deferred)
        self._insert_references(deferred)
        db[OVERVIEW_TABLE].insert({"id": 1, **self._row(plan.overview)})
        for i, row in enumerate(plan.overview.rows):
            self._insert_subtree(row, None, i)
        db["meeting"].insert({"id": 1, **self._row(plan.meeting)})
        for i, item in enumerate(plan.meeting.items):
            self._insert_row(item, None, i)
        db["report"].insert({"id": 1, **self._row(plan.report)})
        for i, block in enumerate(plan.report.blocks):
            self._insert_row(block, None, i)
        for i, panel in enumerate(plan.report.panels):
            self._insert_row(panel, None, i)
        for i, attachment in enumerate(plan.attachments):
            self._insert_row(attachment, None, i)

    # Loading -----------------------------------------------------------------

    def load(self) -> Plan:
        """Read the whole plan from the file."""
        db = self.file.db

        def rows(table: str) -> list[dict[str, Any]]:
            return list(db.query(f"SELECT * FROM {table} ORDER BY position, rowid"))

        def grouped(table: str, column: str) -> dict[int | None, list[dict[str, Any]]]:
            out: dict[int | None, list[dict[str, Any]]] = {}
            for r in rows(table):
                out.setdefault(r[column], []).append(r)
            return out

        head = next(db.query("SELECT * FROM plan WHERE id = 1"), None)
        if head is None:
            raise PlanFileError(f"「{self.file.path.name}」には計画が入っていません。")
        sections = [Section(r["name"], r["id"]) for r in rows("sections")]
        section_by_id = {s.id: s for s in sections}

        def section_lists(table: str, column: str) -> dict[int, list[Section]]:
            out: dict[int, list[Section]] = {}
            for r in rows(table):
                out.setdefault(r[column], []).append(section_by_id[r["section_id"]])
            return out

        category_sections = section_lists("category_sections", "category_id")
        project_sections = section_lists("project_sections", "project_id")
        item_sections = section_lists("item_sections", "item_id")

        items_by_id: dict[int, Item] = {}
        item_rows = grouped("items", "project_id")
        indicator_rows = grouped("indicators", "project_id")
        photo_rows = grouped("photos", "project_id")
        reference_rows = grouped("item_references", "project_id")
        bureau_rows = grouped("bureau_projects", "project_id")
        pending_refs: list[tuple[ItemReference, int | None]] = []

        def item(r: dict[str, Any]) -> Item:
            i = Item(r["name"], r["amount"], r["mark"], _lines(r["body"]), r["last_year"],
                     item_sections.get(r["id"], []), r["id"])
            items_by_id[i.id] = i  # type: ignore[index]
            return i

        def project(r: dict[str, Any]) -> Project:
            p = Project(
                r["name"], r["purpose"], r["amount"], r["last_year"], r["stated_amount"], r["stated_last_year"],
                r["notes"], project_sections.get(r["id"], []),
                [item(x) for x in item_rows.get(r["id"], [])],
                [Indicator(x["name"], x["target"], x["unit"], x["id"]) for x in indicator_rows.get(r["id"], [])],
                [Photo(x["caption"], x["image"], x["media_type"], x["id"]) for x in photo_rows.get(r["id"], [])],
                [], [BureauProject(x["name"], x["amount"], x["box"], x["id"]) for x in bureau_rows.get(r["id"], [])],
                r["id"], print_first=bool(r["print_first"]),
            )
            for x in reference_rows.get(r["id"], []):
                ref = ItemReference(None, _lines(x["body"]), x["id"], p)
                p.references.append(ref)
                pending_refs.append((ref, x["item_id"]))
            return p

        project_rows = grouped("projects", "pillar_id")
        pillar_rows = grouped("pillars", "category_id")
        category_rows = grouped("categories", "parent_id")

        def pillar(r: dict[str, Any]) -> Pillar:
            return Pillar(r["name"], [project(x) for x in project_rows.get(r["id"], [])],
                          r["stated_amount"], r["stated_last_year"], r["id"])

        def category(r: dict[str, Any]) -> Category:
            return Category(
                r["name"], r["qualifier"], r["listing_label"], r["caption"], r["description"], r["footnote"],
                requires_indicators=bool(r["requires_indicators"]), lists_items=bool(r["lists_items"]),
                amount=r["amount"], last_year=r["last_year"], stated_amount=r["stated_amount"],
                stated_last_year=r["stated_last_year"], sections=category_sections.get(r["id"], []),
                children=[category(x) for x in category_rows.get(r["id"], [])],
                pillars=[pillar(x) for x in pillar_rows.get(r["id"], [])], id=r["id"],
            )

        plan = Plan(
            head["ward"], head["fiscal_year"], head["office"], head["slogan"], head["mascot_caption"],
            head["mascot_image"], sections, [category(r) for r in category_rows.get(None, [])],
            year_label_override=head["year_label_override"], carried_from=head["carried_from"],
        )
        for ref, item_id in pending_refs:
            ref.item = items_by_id.get(item_id) if item_id is not None else None

        overview = read_overview(rows, next(db.query(f"SELECT * FROM {OVERVIEW_TABLE} WHERE id = 1"), None),
                                 {c.id: c for c in plan.walk_categories()})
        if overview is not None:
            plan.overview = overview
        m = next(db.query("SELECT * FROM meeting WHERE id = 1"), None)
        if m is not None:
            plan.meeting = Meeting(
                m["session"], m["name"], dt.date.fromisoformat(m["date"]), m["start_time"], m["place"],
                [AgendaItem(r["title"], _lines(r["body"]), r["presenter"], r["handout"], r["id"])
                 for r in rows("agenda_items")],
            )
        rep = next(db.query("SELECT * FROM report WHERE id = 1"), None)
        if rep is not None:
            plan.report = Report(
                rep["label"],
                [ReportBlock(r["kind"], r["text"], dt.date.fromisoformat(r["date"]) if r["date"] else None, r["id"])
                 for r in rows("report_blocks")],
                rep["summary_title"], rep["summary_byline"], rep["summary_intro"],
                [ReportPanel(r["title"], r["text"], r["id"]) for r in rows("report_panels")],
            )
        plan.attachments = [Attachment(r["handout"], r["file_name"], r["data"], r["placement"], r["after_page"], r["id"])
                            for r in rows("attachments")]
        self.plan = plan
        return plan

    # Changes -------------------------------------------------------------------

    def _plan(self) -> Plan:
        assert self.plan is not None, "load() first"
        return self.plan

    def update(self, obj: Any, **values: Any) -> dict[str, Any]:
        """Change stored fields of one object; returns the old values (for undo).

        Texts are kept without control characters (a vertical tab pasted from Word goes); a text over
        its limit (domain.text_limits) is refused.
        """
        values = {attr: clean_value(value) for attr, value in values.items()}
        for attr, value in values.items():
            _validate(obj, attr, value)
        if isinstance(obj, Attachment):
            _validate_place(values.get("placement", obj.placement), values.get("after_page", obj.after_page))
        if isinstance(obj, Plan):
            _validate_year_label(values.get("year_label_override", obj.year_label_override),
                                 values.get("fiscal_year", obj.fiscal_year))
        old = {attr: copy_value(getattr(obj, attr)) for attr in values}
        spec = SPECS[type(obj)]
        with self._change() as undo:
            columns = {_COLUMN.get(a, a): _to_db(a, v) for a, v in values.items() if a != "sections"}
            if columns:
                key = obj.id if getattr(obj, "id", None) is not None else 1
                self.file.db[spec.table].update(key, columns)
            if "sections" in values:
                self._write_sections(obj, values["sections"])
            undo.append(lambda: set_fields(obj, old))
            set_fields(obj, values)
        return old

    def siblings(self, obj: Any, parent: Any = None) -> list[Any]:
        """The list that holds `obj` (under `parent` when given)."""
        return siblings_of(self._plan(), obj, parent if parent is not None else parent_of(obj))

    def insert(self, obj: Any, parent: Any, index: int | None = None) -> Any:
        """Add a new object (with its children) under `parent` at `index` (at the end when None)."""
        if isinstance(obj, Section):
            raise TypeError("use add_section")
        _validate_new(obj)
        plan = self._plan()
        siblings = siblings_of(plan, obj, parent)
        index = len(siblings) if index is None else max(0, min(index, len(siblings)))
        with self._change() as undo:
            undo.append(unplaced(obj, siblings))
            attach(obj, parent, plan)
            siblings.insert(index, obj)
            parent_id = getattr(parent, "id", None) if SPECS[type(obj)].parent_column else None
            self._insert_subtree(obj, parent_id, index)
            self._renumber(siblings)
        return obj

    def add_section(self, name: str, index: int | None = None) -> Section:
        plan = self._plan()
        name = name.strip()
        if not name:
            raise ValueError("課の名称を入力してください。")
        if plan.section(name) is not None:
            raise ValueError(f"課「{name}」はすでにあります。")
        section = Section(name)
        index = len(plan.sections) if index is None else index
        with self._change() as undo:
            undo.append(unplaced(section, plan.sections))
            plan.sections.insert(index, section)
            self._insert_row(section, None, index)
            self._renumber(plan.sections)
        return section

    def remove(self, obj: Any) -> Removal:
        """Delete an object and everything under it; the Removal puts it back."""
        plan = self._plan()
        parent = parent_of(obj)
        siblings = siblings_of(plan, obj, parent)
        removal = Removal(obj, parent, siblings.index(obj))
        gone = {id(x) for x in descendants(obj)}
        with self._change() as undo:
            self.file.db[SPECS[type(obj)].table].delete(obj.id)
            undo.append(lambda: _put_back(removal, siblings))
            for project in plan.projects():
                for ref in project.references:
                    if ref.item is not None and id(ref.item) in gone and id(ref) not in gone:
                        removal.references.append((ref, ref.item))
                        ref.item = None
            removal.overview_links = let_go_of(plan, gone)
            siblings.remove(obj)
            self._renumber(siblings)
        return removal

    def restore(self, removal: Removal) -> None:
        """Undo a `remove`: the same objects with the same ids, where they were."""
        obj = removal.obj
        with self._change() as undo:
            siblings = siblings_of(self._plan(), obj, removal.parent)
            undo.append(lambda: siblings.remove(obj))
            siblings.insert(removal.index, obj)
            parent_id = getattr(removal.parent, "id", None) if SPECS[type(obj)].parent_column else None
            self._insert_subtree(obj, parent_id, removal.index)
            self._renumber(siblings)
            for ref, item in removal.references:
                self.update(ref, item=item)
            for row, category in removal.overview_links:
                self.update(row, category=category)

    def move(self, obj: Any, parent: Any, index: int) -> tuple[Any, int]:
        """Move within its list or to another parent of the same kind; returns where it was."""
        plan = self._plan()
        old_parent = parent_of(obj)
        old_siblings = siblings_of(plan, obj, old_parent)
        old_index = old_siblings.index(obj)
        new_siblings = siblings_of(plan, obj, parent)
        spec = SPECS[type(obj)]
        with self._change() as undo:
            undo.append(lambda: moved_back(plan, obj, new_siblings, old_parent, old_siblings, old_index))
            old_siblings.remove(obj)
            index = max(0, min(index, len(new_siblings)))
            new_siblings.insert(index, obj)
            attach(obj, parent, plan)
            if spec.parent_column and parent is not old_parent:
                self.file.db[spec.table].update(obj.id, {spec.parent_column: getattr(parent, "id", None)})
            self._renumber(new_siblings)
            if new_siblings is not old_siblings:
                self._renumber(old_siblings)
        return old_parent, old_index

    def _renumber(self, siblings: list[Any]) -> None:
        if not siblings:
            return
        table = SPECS[type(siblings[0])].table
        self.file.db.conn.executemany(
            f"UPDATE {table} SET position = ? WHERE id = ?", [(i, s.id) for i, s in enumerate(siblings)]
        )


def _lines(body: str) -> list[str]:
    return body.split("\n") if body else []


def _put_back(removal: Removal, siblings: list[Any]) -> None:
    """Undo the objects' side of a failed `remove`."""
    if not any(x is removal.obj for x in siblings):
        siblings.insert(removal.index, removal.obj)
    for ref, item in removal.references:
        ref.item = item
    link_again(removal.overview_links)
    removal.references.clear()
    removal.overview_links.clear()


def write_new_plan(path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> None:
    """A new plan file holding `plan`, put in place whole (a new identity of its own); refuse to replace a file unless asked."""
    PlanStore.create(path, plan, overwrite=overwrite).close()


def create_default(path: str | os.PathLike[str], *, overwrite: bool = False) -> PlanStore:
    """A new plan file holding the built-in 令和６年度 plan."""
    from .default_data import load_default_plan

    return PlanStore.create(path, load_default_plan(), overwrite=overwrite)


def open_store(path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> PlanStore:
    """The plan the user asked for, or the one in the user's data folder (made on first start)."""
    from pathlib import Path

    from ..paths import user_plan_path

    if path is not None:
        return PlanStore.open(path, readonly=readonly)
    default = user_plan_path()
    if not default.exists() or default.stat().st_size == 0:
        default.parent.mkdir(parents=True, exist_ok=True)
        create_default(default, overwrite=True).close()
    return PlanStore.open(Path(default), readonly=readonly)
