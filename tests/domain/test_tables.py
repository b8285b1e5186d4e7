"""The rows of the 総括表 and the 事業別一覧表, and what they add up to."""

from __future__ import annotations

from asahi_desk.domain.tables import listing_tables, summary_notes, summary_tables
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


def test_summary_notes_are_those_of_the_seed(plan, seed_text: str) -> None:
    notes = summary_notes(plan)
    headings = [n.heading for n in notes.notes]
    assert headings == ["(1) 自主企画事業費（個性ある区づくり推進費）", "(2) 統合事務事業費（個性ある区づくり推進費）",
                        "(3) 区庁舎・区民利用施設管理費（個性ある区づくり推進費）"]
    assert notes.footnotes == ["(※１)市民局及び各所管局の財源を活用して実施します。"]
    for line in [*headings, *notes.footnotes, "旭区で企画する主な区配事業※１"]:
        assert line in seed_text.splitlines(), line
    labels = [notes.label(r) for t in summary_tables(plan) for r in t.rows]
    assert "旭区で企画する主な区配事業※１" in labels and sum("※" in label for label in labels) == 1


def test_a_note_names_the_category_it_is_part_of(store: PlanStore) -> None:
    plan = store.plan
    store.update(plan.category("統合事業費"), description="各課の事業をまとめた経費です。")
    store.update(plan.category("旭区で企画する主な区配事業"), description="局の財源で行う事業です。")
    notes = summary_notes(plan)
    assert [(n.heading, n.text) for n in notes.notes][2:] == [
        ("(3) 統合事業費（統合事務事業費）", "各課の事業をまとめた経費です。"),
        ("(4) 区庁舎・区民利用施設管理費（個性ある区づくり推進費）", ""),
        ("(5) 旭区で企画する主な区配事業", "局の財源で行う事業です。"),  # outside the total: part of nothing
    ]
