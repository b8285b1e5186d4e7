"""Comparing the plan with a version: exactly the edits made, and the totals they move."""

from __future__ import annotations

from asahi_desk.domain.compare import ADDED, CHANGED, MOVED, REMOVED, compare
from asahi_desk.domain.model import Item
from asahi_desk.store import PlanStore
from asahi_desk.store import versions


def test_the_five_changes_since_a_version(store: PlanStore) -> None:
    version = versions.record(store, "資料１")
    plan = store.plan
    item = plan.item("Ⅰ-1-1")
    store.update(item, amount=item.amount + 100)
    project = plan.project("Ⅰ-2")
    store.update(project, purpose=project.purpose + "新しい一文です。")
    store.insert(Item("新しい細事業", 50), project)
    referenced = {r.item.id for p in plan.projects() for r in p.references if r.item is not None}
    gone = next(i for i in plan.project("Ⅱ-2").items if i.id not in referenced)
    store.remove(gone)
    moved = plan.project("Ⅱ-3")
    store.move(moved, moved.pillar, 0)
    result = compare(versions.plan_of(store.file, version.id), plan)
    owner = plan.project("Ⅱ-3")  # Ⅱ-2 before the move put Ⅱ-3 first
    assert [(c.kind, c.field, c.node) for c in result.changes] == [
        (CHANGED, "金額", ("Item", item.id)),
        (CHANGED, "目的", ("Project", project.id)),
        (ADDED, "", ("Item", project.items[-1].id)),
        (MOVED, "", ("Project", moved.id)),
        (REMOVED, "", ("Project", owner.id)),
    ]
    amount = result.changes[0]
    assert (amount.old, amount.new, amount.delta) == ("725", "825", 100)
    assert "（+100千円）" in amount.text
    assert (result.changes[3].old, result.changes[3].new) == ("Ⅱ-３", "Ⅱ-１")
    assert result.changes[4].kind == REMOVED and gone.name in result.changes[4].where
    root = plan.categories[0]
    assert any(t.where == root.display_name and t.delta == 150 - gone.amount for t in result.totals)


def test_a_plan_compared_with_itself_has_no_change(store: PlanStore) -> None:
    version = versions.record(store, "資料１")
    result = compare(versions.plan_of(store.file, version.id), store.plan)
    assert result.changes == [] and result.totals == []
