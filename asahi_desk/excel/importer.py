"""Read a workbook back and check every cell: the problems, or the differences from the plan.

`read_workbook(path, plan, origin)` has no side effects: it returns an
ImportResult (differences.py) with either `errors` (each naming the sheet and
the cell, in Japanese) or `differences` (per project: old → new, additions,
deletions, order, and the conflicts with what the plan changed since the
export, decided three-way by merge.py). Nothing is applied while there is any
error; applying.py performs the differences.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.model import Indicator, Item, Plan, Project
from ..domain.money import AmountError, format_table, jnum, parse_amount
from ..domain.text_limits import clean_text, over_limit
from . import layout, merge
from .differences import (
    ADDED,
    CHANGED,
    DELETED_IN_BOOK,
    DELETED_IN_PLAN,
    REMOVED,
    Change,
    ImportResult,
    Problem,
    ProjectDiff,
    RowDiff,
)
from .package import WorkbookRefused, check_package
from .seal import Origin, verify

# Reading ---------------------------------------------------------------------


class _Stop(Exception):
    """The rest of the workbook cannot be read sensibly."""


@dataclass(frozen=True)
class _Target:
    sheet: str
    row: int
    col: int


_DELETED = _Target("", 0, 0)  # a name whose row was deleted (#REF!)
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?([0-9]+)$")


def _target(text: str) -> _Target | None:
    """Where a defined name points: a cell, deleted (#REF!), or None when it is not a cell."""
    if "#REF!" in text:
        return _DELETED
    m = _REF.match(text.strip())
    if not m:
        return None
    sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
    return _Target(sheet, int(m.group(4)), column_index_from_string(m.group(3)))


def read_workbook(path: str | os.PathLike[str], plan: Plan, origin: Origin) -> ImportResult:
    """Check a workbook against the plan and list the differences; changes nothing."""
    path = Path(path)
    result = ImportResult(path)
    try:
        check_package(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
            formulas = load_workbook(path, data_only=False)
    except WorkbookRefused as e:
        result.errors.append(Problem(str(e)))
        return result
    except Exception as e:  # openpyxl raises many kinds on a damaged part
        result.errors.append(Problem(f"「{path.name}」は壊れているため読めません（{type(e).__name__}: {e}）。"
                                     "送り主に Excel で保存し直してもらってください。"))
        return result
    reader = _Reader(plan, origin, path, formulas, result)
    try:
        reader.read()
    except _Stop:
        pass
    finally:
        reader.close()
    result.errors.sort(key=lambda p: p.order)  # the workbook's own, then sheet by sheet, row by row
    if result.errors:
        result.differences = []
    return result


class _Reader:
    def __init__(self, plan: Plan, origin: Origin, path: Path, formulas: Workbook, result: ImportResult) -> None:
        self.plan = plan
        self.origin = origin
        self.path = path
        self.formulas = formulas
        self.result = result
        self.projects = {p.id: p for p in plan.projects()}
        self._saved: Workbook | None = None

    def saved(self, sheet: str, row: int, col: int) -> Any:
        """The result saved with a formula by Excel or LibreOffice (read only when a typed cell holds one)."""
        if self._saved is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._saved = load_workbook(self.path, data_only=True, read_only=True)
        return self._saved[sheet].cell(row, col).value

    def close(self) -> None:
        if self._saved is not None:
            self._saved.close()

    def problem(self, message: str, sheet: str = "", cell: str = "") -> None:
        sheets = self.formulas.sheetnames
        m = re.fullmatch(r"([A-Z]+)([0-9]+)", cell)
        where = (int(m.group(2)), column_index_from_string(m.group(1))) if m else (0, 0)
        order = (sheets.index(sheet) + 1 if sheet in sheets else 0, *where)
        self.result.errors.append(Problem(message, sheet, cell, order))

    def stop(self, message: str, sheet: str = "", cell: str = "") -> None:
        self.problem(message, sheet, cell)
        raise _Stop

    # The hidden sheet ------------------------------------------------------------

    def read(self) -> None:
        manifest = self.read_meta()
        names = self.read_names(manifest)
        claimed: dict[str, str] = {}
        for anchor in (layout.SUMMARY_ANCHOR, layout.LISTING_ANCHOR):
            target = names.pop(anchor, None)
            if target is not None and target is not _DELETED:
                claimed[target.sheet] = anchor
        for pid, label in manifest.projects.items():
            self.read_project(pid, label, manifest, names, claimed)
        for ws in self.formulas.worksheets:
            if ws.title != layout.META_SHEET and ws.title not in claimed:
                self.problem("計画の事業のシートではありません（書き出したブックにないシートです）。"
                             "事業の追加は区政推進課に依頼し、このシートは削除してから取り込んでください。", ws.title)
        self.result.projects = len(manifest.projects)

    def read_meta(self) -> _Manifest:
        if layout.META_SHEET not in self.formulas.sheetnames:
            self.stop("Asahi Desk で書き出したブックではないため取り込めません（識別情報がありません）。"
                      "Asahi Desk で書き出したブックに入力してもらってください。")
        rows: list[list[Any]] = []
        checksum = None
        for values in self.formulas[layout.META_SHEET].iter_rows(values_only=True):
            if values and values[0] == layout.SEAL_KEY:
                checksum = values[1] if len(values) > 1 else None
                break
            rows.append([_meta_value(v) for v in values[:len(layout.MANIFEST_HEAD)]])
        if not rows or rows[0][0] != layout.META_MARK:
            self.stop("Asahi Desk で書き出したブックではないため取り込めません（識別情報が読めません）。")
        try:
            version = int(rows[0][1])
        except (TypeError, ValueError):
            self.stop(_CHANGED)
        if version > layout.FORMAT_VERSION:
            self.stop("このブックは新しいバージョンの Asahi Desk で書き出されています。アプリケーションを更新してください。")
        if version < layout.FORMAT_VERSION:
            self.stop("このブックは以前のバージョンの Asahi Desk で書き出されたため取り込めません。"
                      "計画から書き出し直したブックに入力してもらってください。")
        heading = list(layout.MANIFEST_HEAD)
        if heading not in rows:
            self.stop(_CHANGED)
        body_at = rows.index(heading)
        meta = {str(r[0]): r[1] for r in rows[1:body_at] if len(r) > 1}
        self.check_origin(meta)
        if not verify(self.origin.identity.secret, rows, checksum):
            self.stop(_CHANGED)
        self.result.section = str(meta.get("section") or "")
        manifest = _Manifest()
        for row in rows[body_at + 1:]:
            try:
                if row[0] == layout.NAME_ROW:
                    manifest.names[str(row[1])] = str(row[2])
                else:
                    manifest.add(str(row[0]), int(row[1]), int(row[2]), str(row[3]), layout.load_values(row[4]))
            except (TypeError, ValueError, IndexError):
                self.stop(_CHANGED)
        return manifest

    def check_origin(self, meta: dict[str, Any]) -> None:
        """The workbook must come from this plan file, and from its plan as it is now (ward, year)."""
        plan, origin = self.plan, self.origin
        same_file = meta.get("plan") == origin.identity.uid
        if same_file and meta.get("ward") == plan.ward and str(meta.get("fiscal_year")) == str(plan.fiscal_year):
            return
        source = f"{meta.get('year_label') or meta.get('fiscal_year')} {meta.get('ward')}、{meta.get('plan_file')}"
        here = f"{plan.year_label} {plan.ward}、{origin.file_name}"
        other = "" if same_file else "別の計画ファイルの"
        self.stop(f"このブックは{other}計画（{source}）から書き出されたもので、開いている計画（{here}）には取り込めません。"
                  "開いている計画から書き出したブックに入力してもらってください。")

    def read_names(self, manifest: _Manifest) -> dict[str, _Target]:
        """The workbook's names, each where it was exported or moved with its row (never to another column)."""
        names: dict[str, _Target] = {}
        for name, defined in self.formulas.defined_names.items():
            if not name.startswith(layout.NAME_PREFIX):
                continue
            target = _target(defined.attr_text or "")
            exported = _target(manifest.names.get(name, ""))
            if (target is None or exported is None or exported is _DELETED
                    or (target is not _DELETED and target.col != exported.col)):
                self.stop(f"ブックの識別情報（名前 {name}）が変更されています。書き出したブックをそのまま使って入力してください。")
            names[name] = target
        for ws in self.formulas.worksheets:
            local = [n for n in ws.defined_names if n.startswith(layout.NAME_PREFIX)]
            if local:  # a copied sheet carries the names of its original as its own
                self.problem("ほかのシートをコピーして作ったシートは取り込めません。このシートを削除してから取り込んでください。",
                             ws.title)
        return names

    # A project sheet -------------------------------------------------------------

    def read_project(self, pid: int, label: str, manifest: _Manifest, names: dict[str, _Target],
                     claimed: dict[str, str]) -> None:
        anchor = names.get(layout.project_name(pid))
        if anchor is None or anchor is _DELETED or anchor.sheet not in self.formulas.sheetnames:
            self.problem(f"事業「{label}」のシートがありません。シートを削除せずに取り込んでください"
                         "（変更のない事業はそのままで構いません）。")
            return
        sheet = anchor.sheet
        if sheet in claimed:
            self.problem("ブックの識別情報が変更されています（一つのシートに二つの事業）。", sheet)
            return
        claimed[sheet] = layout.project_name(pid)
        project = self.projects.get(pid)
        if project is None:
            self.problem(f"この事業（書き出したとき「{label}」）は計画にありません。計画から削除されたか、"
                         "別の計画ファイルから書き出したブックです。", sheet)
            return
        before = len(self.result.errors)
        diff = _ProjectReader(self, project, sheet, manifest, names).read()
        if diff is not None and len(self.result.errors) == before and not diff.empty:
            self.result.differences.append(diff)


_CHANGED = ("ブックの識別情報が変更されています。書き出したブックをそのまま使って入力してください"
            "（非表示のシート・名前は変更しないでください）。")


def _meta_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


@dataclass
class _Manifest:
    """The hidden sheet: what was exported, with the values it was exported with, and the names."""

    projects: dict[int, str] = field(default_factory=dict)
    items: dict[int, int] = field(default_factory=dict)  # item id → project id
    indicators: dict[int, int] = field(default_factory=dict)
    values: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)  # (kind, id) → values
    names: dict[str, str] = field(default_factory=dict)  # defined name → the cell it marked

    def add(self, kind: str, obj_id: int, project_id: int, label: str, values: dict[str, Any]) -> None:
        if kind == "project":
            self.projects[obj_id] = label
        elif kind == "item":
            self.items[obj_id] = project_id
        elif kind == "indicator":
            self.indicators[obj_id] = project_id
        else:
            raise ValueError(kind)
        self.values[(kind, obj_id)] = values


class _Blank(Exception):
    pass


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _ProjectReader:
    """One project sheet: its fields, the item rows and the 事業指標 rows."""

    def __init__(self, reader: _Reader, project: Project, sheet: str, manifest: _Manifest,
                 names: dict[str, _Target]) -> None:
        self.reader = reader
        self.project = project
        self.sheet = sheet
        self.manifest = manifest
        self.names = names
        self.ws: Worksheet = reader.formulas[sheet]
        # the cells the sheet holds, wherever they are: nothing is read or made for the empty ones between
        self.filled = sorted((c for c in self.ws._cells.values() if not _blank(c.value)),  # noqa: SLF001
                             key=lambda c: (c.row, c.column))
        self.filled_rows = {c.row for c in self.filled}
        assert project.id is not None
        self.pid = project.id

    def too_long(self, obj: Any, attr: str, value: Any, row: int, col: int) -> bool:
        """A text over its limit (domain.text_limits) is a problem at its cell."""
        message = over_limit(obj, attr, value)
        if message:
            self.problem(message, row, col)
        return message is not None

    def problem(self, message: str, row: int = 0, col: int = 1) -> None:
        """A problem at a cell (the row's first cell when only the row is known), or of the whole sheet."""
        self.reader.problem(message, self.sheet, f"{get_column_letter(col)}{row}" if row else "")

    def exported(self, kind: str, obj: Any) -> dict[str, Any]:
        """The values `obj` had when the workbook was exported."""
        return self.manifest.values.get((kind, obj.id), {})

    def anchor(self, part: str) -> _Target | None:
        name = layout.project_name(self.pid, part)
        target = self.names.get(name)
        if target is None or target is _DELETED or target.sheet != self.sheet:
            return None
        return target

    def read(self) -> ProjectDiff | None:
        parts = {part: self.anchor(part) for part in ("NAME", "PURPOSE", "ITEMS", "TOTAL", "KPIS")}
        missing = [p for p, t in parts.items() if t is None]
        if missing:
            what = {"NAME": "事業名の欄", "PURPOSE": "事業目的の欄", "ITEMS": "細事業の見出しの行",
                    "TOTAL": "細事業の合計の行", "KPIS": "事業指標の見出しの行"}
            self.problem("、".join(what[p] for p in missing) + "が削除されたか、ブックの識別情報が変更されています。"
                         "書き出したブックに入力し直してください。")
            return None
        name_at, purpose_at = parts["NAME"], parts["PURPOSE"]
        items_head, total, kpi_head = parts["ITEMS"].row, parts["TOTAL"].row, parts["KPIS"].row  # type: ignore[union-attr]
        labels = {name_at.row: "事業名", purpose_at.row: "事業目的"}  # type: ignore[union-attr]
        if (not name_at.row < purpose_at.row < items_head < total < kpi_head  # type: ignore[union-attr]
                or any(self.ws.cell(row, 1).value != label for row, label in labels.items())):
            self.problem("表の並びが変更されています。書き出したブックに入力し直してください。")
            return None
        item_cols = self.columns(items_head, {layout.MARK_HEAD: "mark", layout.ITEM_NAME_HEAD: "name",
                                              layout.AMOUNT_HEAD: "amount", layout.LINES_HEAD: "lines"},
                                 optional={layout.LAST_YEAR_HEAD: "last_year", layout.NUMBER_HEAD: "number"})
        kpi_cols = self.columns(kpi_head, {layout.INDICATOR_NAME_HEAD: "name", layout.TARGET_HEAD: "target",
                                           layout.UNIT_HEAD: "unit"}, optional={layout.NUMBER_HEAD: "number"})
        if item_cols is None or kpi_cols is None:
            return None
        self.check_stray(items_head, total, kpi_head, item_cols, kpi_cols)

        diff = ProjectDiff(self.project, self.sheet)
        name = self.text(name_at.row, name_at.col).strip()  # type: ignore[union-attr]
        if not name:
            self.problem("事業名が入力されていません。", name_at.row, name_at.col)  # type: ignore[union-attr]
        elif self.too_long(self.project, "name", name, name_at.row, name_at.col):  # type: ignore[union-attr]
            name = ""
        purpose = self.text(purpose_at.row, purpose_at.col).strip("\n")  # type: ignore[union-attr]
        base = self.exported("project", self.project)
        book = {"name": name, "purpose": purpose} if name else {"purpose": purpose}
        if self.too_long(self.project, "purpose", purpose, purpose_at.row, purpose_at.col):  # type: ignore[union-attr]
            del book["purpose"]
        now = {"name": self.project.name.strip(), "purpose": self.project.purpose}
        exported = {"name": str(base.get("name", self.project.name)).strip(),
                    "purpose": base.get("purpose", self.project.purpose)}
        for change in merge.field_changes(exported, now, book):
            change.old = getattr(self.project, change.field)
            diff.changes.append(change)

        diff.items = self.read_rows(diff, "細事業", range(items_head + 1, total), item_cols, self.project.items,
                                    self.manifest.items, layout.item_name, self.read_item, self.new_item)
        last_row = max(self.filled_rows, default=kpi_head)
        diff.indicators = self.read_rows(diff, "事業指標", range(kpi_head + 1, last_row + 1), kpi_cols,
                                         self.project.indicators, self.manifest.indicators, layout.indicator_name,
                                         self.read_indicator, self.new_indicator)
        return diff

    def columns(self, row: int, required: dict[str, str], optional: dict[str, str]) -> dict[str, int] | None:
        """The table's columns, found by their headings."""
        found: dict[str, int] = {}
        wanted = {**required, **optional}
        for cell in self.ws[row]:
            head = cell.value.strip() if isinstance(cell.value, str) else None
            if head in wanted:
                found[wanted[head]] = cell.column
        lost = [h for h, key in required.items() if key not in found]
        if lost:
            self.problem(f"見出し「{'」「'.join(lost)}」が見つかりません。見出しの行は変更しないでください。", row)
            return None
        return found

    def check_stray(self, items_head: int, total: int, kpi_head: int, item_cols: dict[str, int],
                    kpi_cols: dict[str, int]) -> None:
        """Anything typed where it would not be read is an error, not a surprise."""
        width = max(item_cols.values())
        read_in_items, read_in_kpis = set(item_cols.values()), set(kpi_cols.values())
        for cell in self.filled:
            r, c = cell.row, cell.column
            if total < r < kpi_head:
                self.problem("表の外に入力があります。細事業を増やすときは、合計の行より上に行を挿入して入力してください。",
                             r, c)
            elif (c not in read_in_kpis if r > kpi_head else c not in read_in_items if items_head < r < total
                  else c > width):
                self.problem("表の外に入力があります。この欄は取り込まれません。入力を消してから取り込んでください。", r, c)

    # Cells -----------------------------------------------------------------------

    def value(self, row: int, col: int) -> Any:
        """The value of a cell; for a formula, the result Excel or LibreOffice saved with it."""
        cell: Cell = self.ws.cell(row, col)
        if cell.data_type == "f":
            saved = self.reader.saved(self.sheet, row, col)
            if saved is None:
                self.problem("計算式の結果が保存されていません。値を直接入力するか、Excel で開いて保存し直してください。", row, col)
                raise _Blank
            return saved
        if cell.data_type == "e":
            self.problem(f"エラー（{cell.value}）になっています。正しい値を入力してください。", row, col)
            raise _Blank
        return cell.value

    def text(self, row: int, col: int) -> str:
        try:
            v = self.value(row, col)
        except _Blank:
            return ""
        if v is None:
            return ""
        if isinstance(v, bool):
            self.problem("TRUE/FALSE ではなく文字を入力してください。", row, col)
            return ""
        if isinstance(v, (dt.datetime, dt.date, dt.time)):
            self.problem("日付として入力されています。文字として入力してください（先頭に ' を付けます）。", row, col)
            return ""
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() else repr(v)
        return clean_text(str(v))

    def amount(self, row: int, col: int, *, required: bool = True) -> int | None:
        try:
            v = self.value(row, col)
        except _Blank:
            return None
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.problem("金額が入力されていません。", row, col)
            return None
        if isinstance(v, bool) or isinstance(v, (dt.datetime, dt.date, dt.time)):
            self.problem("金額は数字で入力してください（日付や TRUE/FALSE になっています）。", row, col)
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        try:  # a number typed into the cell is read as its text would be
            return parse_amount(str(v))
        except AmountError as e:
            self.problem(str(e), row, col)
            return None

    # Rows ------------------------------------------------------------------------

    def read_rows(self, diff: ProjectDiff, kind: str, rows: range, cols: dict[str, int], current: list[Any],
                  exported: dict[int, int], name_of: Callable[[int], str],
                  read_one: Callable[[int, dict[str, int]], dict[str, Any] | None],
                  make: Callable[[dict[str, Any]], Any]) -> list[Any]:
        """The rows of one table, each decided three-way; returns the order after the import.

        Existing rows are found by their names, new ones have none. A row the plan
        added since the export is kept; one it deleted stays deleted unless the
        workbook changed it (a conflict), as is a row the workbook deleted that the
        plan changed.
        """
        key = "item" if kind == "細事業" else "indicator"
        by_id = {x.id: x for x in current}
        mine = [obj_id for obj_id, pid in exported.items() if pid == self.pid]
        others = {name_of(obj_id) for obj_id, pid in exported.items() if pid != self.pid}
        at: dict[int, int] = {}  # row → id of the exported object on it
        failed: set[int] = set()  # rows whose name was moved where it cannot be (already reported)
        for obj_id in mine:
            name = name_of(obj_id)
            target = self.names.get(name)
            if target is None or target is _DELETED:
                continue
            if target.sheet != self.sheet or target.row not in rows or target.row in at:
                self.problem(f"{kind}の行の識別情報が変更されています。書き出したブックに入力し直してください。",
                             target.row if target.sheet == self.sheet else 0)
                failed.add(obj_id)
                continue
            at[target.row] = obj_id
        for name in others:
            target = self.names.get(name)
            if target is not None and target is not _DELETED and target.sheet == self.sheet and target.row in rows:
                self.problem("別の事業の行が貼り付けられています。行を移すときは、元のシートで削除し、ここに新しく入力してください。",
                             target.row)

        def base(obj_id: int, fields: dict[str, Any]) -> dict[str, Any]:
            values = self.manifest.values.get((key, obj_id), {})
            return {attr: values.get(attr) for attr in fields}

        book: list[Any] = []  # the rows in the workbook's order (existing, new, and conflicts' rows)
        keep: list[Any] = [x for x in current if x.id not in exported]  # added by the plan since the export
        parsed: list[tuple[int, dict[str, Any]]] = []
        for row in rows:
            if row not in self.filled_rows:
                continue  # an empty row (an emptied row is a deleted one)
            if all(_blank(self.ws.cell(row, col).value) for k, col in cols.items() if k != "number"):
                continue
            fields = read_one(row, cols)
            if fields is not None:
                parsed.append((row, fields))
        identity = self.identify(parsed, at, mine, key)
        deleted = [i for i in mine if i not in identity.values() and i not in failed]
        for row, fields in parsed:
            obj_id = identity.get(row)
            if "last_year" in fields:
                last = fields.pop("last_year")
                expected = base(obj_id, {"last_year": None})["last_year"] if obj_id is not None else None
                if last != expected:
                    self.problem("前年度の欄は取り込みません。変更が必要なときは区政推進課に連絡してください"
                                 f"（書き出したときの値：{'空欄' if expected is None else format_table(expected)}）。",
                                 row, cols["last_year"])
                    continue
            cell = f"{get_column_letter(cols['name'])}{row}"
            existing = by_id.get(obj_id) if obj_id is not None else None
            if obj_id is None:
                obj = make(fields)
                book.append(obj)
                keep.append(obj)
                diff.rows.append(RowDiff(ADDED, obj, cell, number=len(book)))
            elif existing is None:  # deleted in the plan since the export
                changes = merge.edits(base(obj_id, fields), fields)
                if changes:
                    obj = make(fields)
                    book.append(obj)
                    keep.append(obj)
                    diff.rows.append(RowDiff(ADDED, obj, cell, changes, number=len(book), conflict=DELETED_IN_PLAN))
            else:
                book.append(existing)
                keep.append(existing)
                now = {attr: getattr(existing, attr) for attr in fields}
                changes = merge.field_changes(base(obj_id, fields), now, fields)
                if changes:
                    diff.rows.append(RowDiff(CHANGED, existing, cell, changes, current.index(existing) + 1))
        for obj_id in deleted:
            existing = by_id.get(obj_id)
            if existing is None:
                continue  # deleted on both sides
            exported_values = {attr: v for attr, v in self.manifest.values.get((key, obj_id), {}).items()
                               if attr != "last_year"}  # not a section's to change
            changes = merge.edits(exported_values, {attr: getattr(existing, attr) for attr in exported_values})
            number = current.index(existing) + 1
            if changes:
                keep.append(existing)
                diff.rows.append(RowDiff(REMOVED, existing, "", changes, number, conflict=DELETED_IN_BOOK))
            else:
                diff.rows.append(RowDiff(REMOVED, existing, "", number=number))
        exported_order = [by_id[i] for i in mine if i in by_id]
        return merge.merged_order(exported_order, current, book, keep)

    def identify(self, parsed: list[tuple[int, dict[str, Any]]], at: dict[int, int], mine: list[int],
                 key: str) -> dict[int, int]:
        """Which exported row each row of the table is, whatever a sort, a cut or an insertion did to the names.

        The names stay on the row position when a spreadsheet sorts, so a row is
        recognised first by its values as exported, then by its name (細事業名),
        and only then by the name (defined name) on its row.
        """
        exported = {i: self.manifest.values.get((key, i), {}) for i in mine}

        def same(i: int | None, fields: dict[str, Any]) -> bool:
            return i in exported and all(exported[i].get(a) == v for a, v in fields.items())  # type: ignore[index]

        def named(i: int | None, fields: dict[str, Any]) -> bool:
            return i in exported and exported[i].get("name") == fields["name"]  # type: ignore[index]

        passes = [
            lambda row, f: [at.get(row)] if same(at.get(row), f) else [],
            lambda row, f: [i for i in mine if same(i, f)],
            lambda row, f: [i for i in [at.get(row), *mine] if named(i, f)],
            lambda row, f: [at[row]] if at.get(row) in exported else [],
        ]
        found: dict[int, int] = {}
        for candidates in passes:
            for row, fields in parsed:
                if row in found:
                    continue
                chosen = next((i for i in candidates(row, fields) if i not in found.values()), None)
                if chosen is not None:
                    found[row] = chosen
        return found

    def read_item(self, row: int, cols: dict[str, int]) -> dict[str, Any] | None:
        errors = len(self.reader.result.errors)
        mark = self.text(row, cols["mark"]).strip()
        if mark not in ("", "新", "拡"):
            self.problem(f"印は「新」「拡」または空欄です（「{mark}」）。", row, cols["mark"])
        name = self.text(row, cols["name"]).strip()
        if not name:
            self.problem("細事業名が入力されていません。", row, cols["name"])
        probe = Item("", 0)
        self.too_long(probe, "name", name, row, cols["name"])
        amount = self.amount(row, cols["amount"])
        if amount is not None and amount < 0:
            self.problem(f"金額がマイナス（{format_table(amount)}千円）です。細事業の金額は 0 以上の千円単位で入力してください。",
                         row, cols["amount"])
        lines = self.text(row, cols["lines"]).strip("\n")
        self.too_long(probe, "lines", lines.split("\n"), row, cols["lines"])
        fields: dict[str, Any] = {"mark": mark, "name": name, "amount": amount,
                                  "lines": lines.split("\n") if lines else []}
        if "last_year" in cols:  # not read back: compared with the value exported (once the row is known)
            fields["last_year"] = self.amount(row, cols["last_year"], required=False)
        if len(self.reader.result.errors) > errors:
            return None
        return fields

    def new_item(self, fields: dict[str, Any]) -> Item:
        return Item(name=fields["name"], amount=fields["amount"], mark=fields["mark"], lines=fields["lines"],
                    last_year=0 if self.project.lists_items else None)

    def read_indicator(self, row: int, cols: dict[str, int]) -> dict[str, Any] | None:
        errors = len(self.reader.result.errors)
        name = self.text(row, cols["name"]).strip()
        if not name:
            self.problem("事業指標の名称が入力されていません。", row, cols["name"])
        target = self.text(row, cols["target"]).strip()
        unit = self.text(row, cols["unit"]).strip()
        if len(self.reader.result.errors) > errors:
            return None
        return {"name": name, "target": target, "unit": unit}

    def new_indicator(self, fields: dict[str, Any]) -> Indicator:
        return Indicator(fields["name"], fields["target"], fields["unit"])
