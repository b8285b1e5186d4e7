"""The rows of the 総括表 and the 事業別一覧表, and what they add up to."""

from __future__ import annotations

from asahi_desk.domain.tables import listing_tables, summary_tables
from asahi_desk.store import PlanStore
from tests.helpers import integrated_project_without_items


def test_every_listing_table_adds_up_to_its_total(store: PlanStore) -> None:
    project = integrated_project_without_items(store)
    assert not project.listed_by_items and project.last == 400
    tables = listing_tables(store.plan)
    for table in tables:
        if table.total is not None:
            assert sum(r.current for r in table.rows) == table.total.current, table.label
            assert sum(r.last for r in table.rows) == table.total.last, table.label
    row = next(r for t in tables for r in t.rows if r.node is project)
    assert (row.label, row.current, row.last) == ("新しい事業", 500, 400)
    summary = {r.label: (r.current, r.last) for t in summary_tables(store.plan) for r in t.rows}
    assert summary["統合事業費（各種委員の任命・委嘱に関する経費など）"] == (24431 + 500, 24676 + 400)


def test_a_project_with_items_is_listed_by_its_items(store: PlanStore) -> None:
    integrated = store.plan.project("Ⅴ-1")
    assert integrated.listed_by_items
    rows = [r for t in listing_tables(store.plan) for r in t.rows if r.node in integrated.items]
    assert [r.label for r in rows] == [i.name for i in integrated.items]
