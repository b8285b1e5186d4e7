"""Two plans compared (a version and the plan, or two versions): what changed, in plan order.

Projects and items are matched by their stored ids, which a version keeps. The
changes are the edits themselves; the totals they move (project, pillar, 区分)
are listed apart in `totals`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .model import Item, Plan, Project
from .money import format_table, jnum

ADDED, CHANGED, REMOVED, MOVED = "added", "changed", "removed", "moved"
KIND_LABELS = {ADDED: "追加", CHANGED: "変更", REMOVED: "削除", MOVED: "移動"}


@dataclass(frozen=True)
class Change:
    kind: str
    where: str  # Ⅰ-１ 災害に強い区づくり 細事業１ 防災訓練事業
    field: str = ""  # 金額, 目的 …; empty for an item or a project added, removed or moved
    old: str = ""
    new: str = ""
    delta: int | None = None  # 千円, for a figure
    node: tuple[str, int] | None = None  # ("Item", id): the row to show in the newer plan
    old_node: tuple[str, int] | None = None  # what was removed, in the older plan

    @property
    def text(self) -> str:
        head = f"（{KIND_LABELS[self.kind]}）{self.where}"
        if self.field:
            head += f" {self.field}"
        if self.kind == CHANGED or self.kind == MOVED:
            head += f"：{self.old} → {self.new}"
        if self.delta is not None:
            head += f"（{'+' if self.delta > 0 else ''}{format_table(self.delta)}千円）"
        return head

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["node"] = list(self.node) if self.node else None
        out["old_node"] = list(self.old_node) if self.old_node else None
        return out


@dataclass
class Comparison:
    changes: list[Change] = field(default_factory=list)
    totals: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes], "totals": [c.to_dict() for c in self.totals]}


def _project_where(p: Project) -> str:
    return f"{p.code} {p.name}"


def _item_where(i: Item) -> str:
    assert i.project is not None
    return f"{i.project.code} 細事業{jnum(i.number)} {i.name}"


def _removed_item_where(i: Item, project: Project) -> str:
    """An item removed, under its project's code in the newer plan (a project moved meanwhile)."""
    assert i.project is not None
    return f"{project.code} 細事業{jnum(i.number)} {i.name}"


def _figure(kind_where: str, name: str, old: int | None, new: int | None, node: tuple[str, int]) -> Change | None:
    if (old or 0) == (new or 0):
        return None
    return Change(CHANGED, kind_where, name, format_table(old or 0), format_table(new or 0), (new or 0) - (old or 0),
                  node)


def _text(where: str, name: str, old: str, new: str, node: tuple[str, int]) -> Change | None:
    return None if old == new else Change(CHANGED, where, name, old, new, None, node)


def _project_fields(old: Project, new: Project) -> list[Change | None]:
    node = ("Project", new.id or 0)
    where = _project_where(new)
    return [
        _text(where, "事業名", old.name, new.name, node),
        _text(where, "目的", old.purpose, new.purpose, node),
        _text(where, "備考", old.notes, new.notes, node),
        _text(where, "課", "、".join(s.name for s in old.sections), "、".join(s.name for s in new.sections), node),
        _text(where, "事業指標", "\n".join(f"{x.name} {x.target}{x.unit}" for x in old.indicators),
              "\n".join(f"{x.name} {x.target}{x.unit}" for x in new.indicators), node),
        _figure(where, "事業費", old.amount, new.amount, node) if not new.items else None,
        _figure(where, "前年度", old.last_year, new.last_year, node),
    ]


def _item_fields(old: Item, new: Item) -> list[Change | None]:
    node = ("Item", new.id or 0)
    where = _item_where(new)
    return [
        _text(where, "名称", old.name, new.name, node),
        _text(where, "印", old.mark, new.mark, node),
        _figure(where, "金額", old.amount, new.amount, node),
        _figure(where, "前年度", old.last_year, new.last_year, node),
        _text(where, "内容", old.body, new.body, node),
        _text(where, "課", "、".join(s.name for s in old.sections), "、".join(s.name for s in new.sections), node),
    ]


def _out_of_order(old_ids: list[int], new_ids: list[int]) -> set[int]:
    """The ids (in both lists) that are not in the longest run of common order: the ones moved."""
    common = set(old_ids) & set(new_ids)
    a, b = [i for i in old_ids if i in common], [i for i in new_ids if i in common]
    kept: set[int] = set()
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        kept.update(a[block.a:block.a + block.size])
    return common - kept


def compare(old: Plan, new: Plan) -> Comparison:
    """What changed from `old` to `new`, in the newer plan's order (removed rows where they were)."""
    out = Comparison()
    add = out.changes.append
    old_projects = {p.id: p for p in old.projects()}
    new_projects = {p.id: p for p in new.projects()}
    old_items = {i.id: i for i in old.items()}
    new_items = {i.id: i for i in new.items()}
    old_pillars = {p.id: p for p in old.pillars()}

    for pillar in new.pillars():
        before = old_pillars.get(pillar.id)
        before_ids = [p.id for p in before.projects] if before else []
        moved = _out_of_order(before_ids, [p.id for p in pillar.projects])
        for p in pillar.projects:
            o = old_projects.get(p.id)
            if o is None:
                add(Change(ADDED, _project_where(p), node=("Project", p.id or 0)))
                continue
            if p.id in moved or o.pillar is None or o.pillar.id != pillar.id:
                add(Change(MOVED, _project_where(p), "", o.code, p.code, None, ("Project", p.id or 0)))
            for c in _project_fields(o, p):
                if c is not None:
                    add(c)
            moved_items = _out_of_order([i.id for i in o.items], [i.id for i in p.items])
            for i in p.items:
                oi = old_items.get(i.id)
                if oi is None:
                    add(Change(ADDED, _item_where(i), "", "", f"【{format_table(i.amount)}千円】", None,
                               ("Item", i.id or 0)))
                    continue
                if i.id in moved_items or oi.project is None or oi.project.id != p.id:
                    add(Change(MOVED, _item_where(i), "", oi.code, i.code, None, ("Item", i.id or 0)))
                for c in _item_fields(oi, i):
                    if c is not None:
                        add(c)
            for oi in o.items:
                if oi.id not in new_items:
                    add(Change(REMOVED, _removed_item_where(oi, p), "", f"【{format_table(oi.amount)}千円】", "", None,
                               ("Project", p.id or 0), ("Item", oi.id or 0)))
        if before is not None:
            for o in before.projects:
                if o.id not in new_projects:
                    add(Change(REMOVED, _project_where(o), node=("Pillar", pillar.id or 0),
                               old_node=("Project", o.id or 0)))

    old_categories = {c.id: c for c in old.walk_categories()}
    for c in new.walk_categories():
        oc = old_categories.get(c.id)
        if oc is not None:
            for change in (_figure(c.display_name, "本年度", oc.current, c.current, ("Category", c.id or 0)),
                           _figure(c.display_name, "前年度", oc.last, c.last, ("Category", c.id or 0))):
                if change is not None:
                    out.totals.append(change)
        for pillar in c.pillars:
            op = old_pillars.get(pillar.id)
            if op is not None:
                change = _figure(pillar.label, "本年度", op.current, pillar.current, ("Pillar", pillar.id or 0))
                if change is not None:
                    out.totals.append(change)
            for p in pillar.projects:
                o = old_projects.get(p.id)
                if o is not None and p.items:
                    change = _figure(_project_where(p), "本年度", o.current, p.current, ("Project", p.id or 0))
                    if change is not None:
                        out.totals.append(change)
    return out
