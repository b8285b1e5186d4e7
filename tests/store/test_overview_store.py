"""予算のすがた and 主な事業内容 in the plan file: rows written at once, refused figures leave the file as it was."""

from __future__ import annotations

import pytest

from asahi_desk.domain.model import OverviewRow
from asahi_desk.store import PlanStore
from tests.helpers import database_rows, plan_outline, reopened


def test_a_row_is_added_moved_renamed_and_removed_in_the_file(store: PlanStore) -> None:
    plan = store.plan
    parent = plan.overview.find("区役所総務費")
    row = store.insert(OverviewRow("選挙費", 12, description="各種選挙の経費"), parent, 1)
    assert [r.name for r in parent.children][:3] == ["賦課徴収費", "選挙費", "広報費"]
    store.move(row, parent, 0)
    store.update(row, name="選挙管理費", amount=13)
    again = PlanStore.open(store.path)
    try:
        stored = again.plan.overview.find("区役所総務費").children[0]
        assert (stored.name, stored.amount, stored.description) == ("選挙管理費", 13, "各種選挙の経費")
    finally:
        again.close()
    removal = store.remove(row)
    assert plan.overview.find("選挙管理費") is None
    store.restore(removal)
    assert reopened(store) == plan_outline(plan)


@pytest.mark.parametrize("field", ["amount", "city_million", "last_amount"])
def test_a_negative_figure_is_refused_and_nothing_changes(store: PlanStore, field: str) -> None:
    row = store.plan.overview.find("再配当予算")
    was = getattr(row, field)
    before = database_rows(store.path)
    with pytest.raises(ValueError, match="0 以上"):
        store.update(row, **{field: -1})
    assert database_rows(store.path) == before
    assert getattr(row, field) == was


def test_a_row_needs_a_name(store: PlanStore) -> None:
    row = store.plan.overview.find("広報費")
    with pytest.raises(ValueError, match="分類の名称"):
        store.update(row, name="  ")
    assert row.name == "広報費"


def test_a_removed_category_takes_the_link_of_its_row_and_gives_it_back(store: PlanStore) -> None:
    plan = store.plan
    category = plan.category("自主企画事業費")
    row = plan.overview.find("自主企画事業費")
    removal = store.remove(category)
    assert row.category is None
    store.restore(removal)
    assert row.category is category
    assert reopened(store) == plan_outline(plan)
