"""Read a workbook back, check every cell, and show what would change; then apply it as one change.

`read_workbook(path, plan)` has no side effects: it returns an ImportResult with
either `errors` (each naming the sheet and the cell, in Japanese) or
`differences` (per project: old → new, additions, deletions, order). Nothing
is applied while there is any error.

`apply(store, differences)` performs all of them in one transaction through
the PlanStore operations and returns an `Applied`; `revert(store, applied)`
puts every row and object back exactly (same ids, same positions). An undo
command in the window calls `revert`, and its redo calls `apply` again with
the same differences; it passes its PlanDocument for the store, which has the
same operations and tells the views of each step.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Union

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.model import Indicator, Item, Plan, Project
from ..domain.money import AmountError, format_table, jnum, parse_amount
from ..store.plan_store import PlanStore, Removal
from . import layout
from .package import WorkbookRefused, check_package
from .seal import Origin, verify

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

FIELD_LABELS = {"name": "名称", "purpose": "事業目的", "mark": "印", "amount": "金額", "lines": "内容",
                "target": "目標", "unit": "単位"}
Row = Union[Item, Indicator]


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that stops the import; where the user made it, and what to do."""

    message: str
    sheet: str = ""
    cell: str = ""

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"シート「{self.sheet}」のセル {self.cell}"
        if self.sheet:
            return f"シート「{self.sheet}」"
        return ""

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


@dataclass(frozen=True)
class Change:
    """One field: old → new."""

    field: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    def text(self, limit: int = 40) -> str:
        return f"{self.label} {show(self.field, self.old, limit)} → {show(self.field, self.new, limit)}"


def show(attr: str, value: Any, limit: int = 40) -> str:
    """A field's value as the differences show it."""
    if attr == "amount":
        return f"{format_table(value)}千円"
    if attr == "mark":
        return value or "（なし）"
    if attr == "lines":
        text = "／".join(value) if value else "（なし）"
    else:
        text = str(value) if value not in (None, "") else "（なし）"
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class RowDiff:
    """An item or 事業指標 added, removed or changed."""

    action: str
    obj: Row  # the object in the plan, or the new one to insert
    cell: str  # its row in the workbook (for an addition or a change)
    changes: list[Change] = field(default_factory=list)
    number: int = 0  # its number: in the plan (removed, changed) or after the import (added)

    @property
    def kind(self) -> str:
        return "細事業" if isinstance(self.obj, Item) else "事業指標"

    @property
    def summary(self) -> str:
        """The row in a few words: 新 食品衛生講習会 90千円 / 訓練の回数 84回."""
        obj = self.obj
        if isinstance(obj, Item):
            return " ".join(x for x in (obj.mark, obj.name, f"{format_table(obj.amount)}千円") if x)
        return " ".join(x for x in (obj.name, f"{obj.target}{obj.unit}") if x)

    def text(self) -> str:
        head = f"{self.kind}{jnum(self.number)}"
        if self.action == ADDED:
            return f"{head} 追加：{self.summary}"
        if self.action == REMOVED:
            return f"{head} 削除：{self.summary}"
        return f"{head} {self.obj.name}：" + "、".join(c.text() for c in self.changes)


@dataclass
class ProjectDiff:
    """What the workbook changes in one project."""

    project: Project
    sheet: str
    changes: list[Change] = field(default_factory=list)  # name, purpose
    rows: list[RowDiff] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # its items after the import, in order
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def items_reordered(self) -> bool:
        return _reordered(self.project.items, self.items)

    @property
    def indicators_reordered(self) -> bool:
        return _reordered(self.project.indicators, self.indicators)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.rows and not self.items_reordered and not self.indicators_reordered

    @property
    def current_after(self) -> int:
        """The project's budget once the differences are applied."""
        if not self.items:
            return self.project.amount or 0
        amounts = {id(r.obj): c.new for r in self.rows for c in r.changes if c.field == "amount"}
        return sum(amounts.get(id(i), i.amount) for i in self.items)

    def reorders(self) -> list[tuple[str, str, str]]:
        """(細事業 or 事業指標, the plan's numbers in order, the same numbers in the workbook's order)."""
        out = []
        for kind, old, new in (("細事業", self.project.items, self.items),
                               ("事業指標", self.project.indicators, self.indicators)):
            if _reordered(old, new):
                kept = [x for x in new if x in old]
                before = " ".join(jnum(old.index(x) + 1) for x in old if x in kept)
                out.append((kind, before, " ".join(jnum(old.index(x) + 1) for x in kept)))
        return out

    def lines(self) -> list[str]:
        before, after = self.project.current, self.current_after
        total = f"　事業計 {format_table(before)} → {format_table(after)}千円" if before != after else ""
        out = [f"{self.project.code} {self.project.name}{total}"]
        out += [f"  {c.text()}" for c in self.changes]
        out += [f"  {r.text()}" for r in self.rows]
        out += [f"  {kind}の順序：{order}（計画の番号で）" for kind, _, order in self.reorders()]
        return out


def _reordered(old: list[Any], new: list[Any]) -> bool:
    kept = [x for x in new if x in old]
    return kept != [x for x in old if x in kept]


@dataclass
class ImportResult:
    path: Path
    errors: list[Problem] = field(default_factory=list)
    differences: list[ProjectDiff] = field(default_factory=list)
    section: str = ""
    projects: int = 0  # project sheets read

    @property
    def ok(self) -> bool:
        return not self.errors

    def describe(self) -> str:
        if self.errors:
            return "\n".join(str(p) for p in self.errors)
        if not self.differences:
            return "計画との違いはありません。"
        return "\n".join(line for d in self.differences for line in d.lines())


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
    from openpyxl.utils import column_index_from_string

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
        self.result.errors.append(Problem(message, sheet, cell))

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
        assert project.id is not None
        self.pid = project.id

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
        elif name != self.project.name.strip():
            diff.changes.append(Change("name", self.project.name, name))
        purpose = self.text(purpose_at.row, purpose_at.col).strip("\n")  # type: ignore[union-attr]
        if purpose != self.project.purpose:
            diff.changes.append(Change("purpose", self.project.purpose, purpose))

        diff.items = self.read_rows(diff, "細事業", range(items_head + 1, total), item_cols, self.project.items,
                                    self.manifest.items, layout.item_name, self.read_item)
        diff.indicators = self.read_rows(diff, "事業指標", range(kpi_head + 1, self.ws.max_row + 1), kpi_cols,
                                         self.project.indicators, self.manifest.indicators, layout.indicator_name,
                                         self.read_indicator)
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
        for row in self.ws.iter_rows(min_row=1, max_row=self.ws.max_row):
            for cell in row:
                if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                    continue
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
        return str(v).replace("\r\n", "\n").replace("\r", "\n")

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
                  read_one: Callable[[int, dict[str, int], Any], Any]) -> list[Any]:
        """The rows of one table: existing ones by their names, new ones without; returns the new order."""
        by_id = {x.id: x for x in current}
        mine = [obj_id for obj_id, pid in exported.items() if pid == self.pid]
        others = {name_of(obj_id) for obj_id, pid in exported.items() if pid != self.pid}
        at: dict[int, Any] = {}
        removed: list[Any] = []
        for obj_id in mine:
            name = name_of(obj_id)
            target = self.names.get(name)
            obj = by_id.get(obj_id)
            if obj is None:
                self.problem(f"書き出した後に計画から削除された{kind}の行があります（{name}）。"
                             "書き出し直したブックに入力し直してください。")
                continue
            if target is None or target is _DELETED:
                removed.append(obj)
                continue
            if target.sheet != self.sheet or target.row not in rows or target.row in at:
                self.problem(f"{kind}の行の識別情報が変更されています。書き出したブックに入力し直してください。",
                             target.row if target.sheet == self.sheet else 0)
                continue
            at[target.row] = obj
        for name in others:
            target = self.names.get(name)
            if target is not None and target is not _DELETED and target.sheet == self.sheet and target.row in rows:
                self.problem("別の事業の行が貼り付けられています。行を移すときは、元のシートで削除し、ここに新しく入力してください。",
                             target.row)
        unexported = [x for x in current if x.id not in exported]
        if unexported:
            names = "、".join(f"{kind}{jnum(current.index(x) + 1)} {x.name}" for x in unexported)
            self.problem(f"このブックを書き出した後に、計画で{kind}が追加されています（{names}）。"
                         "新しく書き出したブックに入力し直してください。")

        order: list[Any] = []
        for row in rows:
            existing = at.get(row)
            values = {key: self.ws.cell(row, col).value for key, col in cols.items() if key != "number"}
            blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values())
            if blank:
                if existing is not None:
                    removed.append(existing)  # a row emptied is a row deleted
                continue
            obj = read_one(row, cols, existing)
            if obj is None:
                continue
            if existing is None:
                order.append(obj)
                diff.rows.append(RowDiff(ADDED, obj, f"{get_column_letter(cols['name'])}{row}", number=len(order)))
            else:
                order.append(existing)
                changes = [Change(attr, getattr(existing, attr), new) for attr, new in obj.items()
                           if getattr(existing, attr) != new]
                if changes:
                    diff.rows.append(RowDiff(CHANGED, existing, f"{get_column_letter(cols['name'])}{row}", changes,
                                             current.index(existing) + 1))
        for obj in removed:
            diff.rows.append(RowDiff(REMOVED, obj, "", number=current.index(obj) + 1))
        return order

    def read_item(self, row: int, cols: dict[str, int], existing: Item | None) -> Any:
        errors = len(self.reader.result.errors)
        mark = self.text(row, cols["mark"]).strip()
        if mark not in ("", "新", "拡"):
            self.problem(f"印は「新」「拡」または空欄です（「{mark}」）。", row, cols["mark"])
        name = self.text(row, cols["name"]).strip()
        if not name:
            self.problem("細事業名が入力されていません。", row, cols["name"])
        amount = self.amount(row, cols["amount"])
        lines = self.text(row, cols["lines"]).strip("\n")
        if "last_year" in cols:
            last = self.amount(row, cols["last_year"], required=False)
            expected = self.exported("item", existing).get("last_year") if existing is not None else None
            if last != expected and len(self.reader.result.errors) == errors:
                self.problem("前年度の欄は取り込みません。変更が必要なときは区政推進課に連絡してください"
                             f"（書き出したときの値：{'空欄' if expected is None else format_table(expected)}）。",
                             row, cols["last_year"])
        if len(self.reader.result.errors) > errors:
            return None
        assert amount is not None
        fields = {"mark": mark, "name": name, "amount": amount, "lines": lines.split("\n") if lines else []}
        if existing is not None:
            return fields
        carries = self.project.lists_items
        return Item(name=name, amount=amount, mark=mark, lines=fields["lines"], last_year=0 if carries else None)

    def read_indicator(self, row: int, cols: dict[str, int], existing: Indicator | None) -> Any:
        errors = len(self.reader.result.errors)
        name = self.text(row, cols["name"]).strip()
        if not name:
            self.problem("事業指標の名称が入力されていません。", row, cols["name"])
        target = self.text(row, cols["target"]).strip()
        unit = self.text(row, cols["unit"]).strip()
        if len(self.reader.result.errors) > errors:
            return None
        fields = {"name": name, "target": target, "unit": unit}
        return fields if existing is not None else Indicator(name, target, unit)


# Applying --------------------------------------------------------------------


@dataclass
class _Updated:
    obj: Any
    old: dict[str, Any]


@dataclass
class _Inserted:
    obj: Any


@dataclass
class _Removed:
    removal: Removal


@dataclass
class _Moved:
    obj: Any
    parent: Any
    index: int


@dataclass
class Applied:
    """What `apply` did, step by step, so that `revert` can undo it exactly."""

    steps: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.steps)


def apply(store: PlanStore, differences: list[ProjectDiff]) -> Applied:
    """Make the plan what the workbook says, in one transaction; all of it or none of it."""
    applied = Applied()
    with store.file.transaction():
        try:
            for diff in differences:
                _apply_project(store, diff, applied.steps)
        except BaseException:
            _undo(store, applied.steps)  # the objects; the transaction's rollback restores the file
            raise
    return applied


def revert(store: PlanStore, applied: Applied) -> None:
    """Undo an `apply`: every row back with its id and position, and the objects with it."""
    with store.file.transaction():
        _undo(store, applied.steps)


def _undo(store: PlanStore, steps: list[Any]) -> None:
    for step in reversed(steps):
        if isinstance(step, _Updated):
            store.update(step.obj, **step.old)
        elif isinstance(step, _Inserted):
            store.remove(step.obj)
        elif isinstance(step, _Removed):
            store.restore(step.removal)
        elif isinstance(step, _Moved):
            store.move(step.obj, step.parent, step.index)


def _apply_project(store: PlanStore, diff: ProjectDiff, steps: list[Any]) -> None:
    project = diff.project
    if diff.changes:
        steps.append(_Updated(project, store.update(project, **{c.field: c.new for c in diff.changes})))
    for kind, current, final in ((Item, project.items, diff.items), (Indicator, project.indicators, diff.indicators)):
        rows = [r for r in diff.rows if isinstance(r.obj, kind)]
        for r in rows:
            if r.action == REMOVED:
                steps.append(_Removed(store.remove(r.obj)))
        for r in rows:
            if r.action == CHANGED:
                steps.append(_Updated(r.obj, store.update(r.obj, **{c.field: c.new for c in r.changes})))
        for index, obj in enumerate(final):
            if obj not in current:
                store.insert(obj, project, index)
                steps.append(_Inserted(obj))
            elif current.index(obj) != index:
                parent, old_index = store.move(obj, project, index)
                steps.append(_Moved(obj, parent, old_index))
