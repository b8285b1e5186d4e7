"""区に係る予算のすがた (資料１ p.23) and 主な事業内容 (p.24) in the plan file.

Their two tables, what their fields may hold, how they are read with the plan, and
the links of their rows to the 区分 of the 総括表, which a removed 区分 takes along
and gives back when it is restored. Changes still go through PlanStore's update,
insert, remove, restore and move, each one transaction.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from ..domain.model import Category, Overview, OverviewRow, Plan

OVERVIEW_TABLE = "overview"  # one row (id 1): the texts and the population
ROWS_TABLE = "overview_rows"  # the rows of 主な事業内容, each under its parent_id
OVERVIEW_COLUMNS = ("population", "intro", "features", "chart_note", "table_notes")
ROW_COLUMNS = ("name", "chart_label", "category", "amount", "city_million", "description", "is_reference",
               "last_amount")

# Figures of these tables that are never below zero (百万円, and residents).
_NOT_NEGATIVE = {(OverviewRow, "amount"): "予算", (OverviewRow, "city_million"): "18区の額",
                 (OverviewRow, "last_amount"): "前年度", (Overview, "population"): "人口"}

RowLinks = list[tuple[OverviewRow, Category]]


def check_value(obj: object, attr: str, value: Any) -> None:
    """Refuse a value a row or the texts of 予算のすがた cannot hold; the message is for the user."""
    label = _NOT_NEGATIVE.get((type(obj), attr))
    if label is not None and isinstance(value, int) and value < 0:
        raise ValueError(f"{label}は 0 以上で入力してください（▲ は使えません）。")
    if isinstance(obj, OverviewRow) and attr == "name" and not (isinstance(value, str) and value.strip()):
        raise ValueError("分類の名称を入力してください。")
    if isinstance(obj, Overview) and attr == "table_notes" and not all(isinstance(n, str) for n in value):
        raise ValueError("表の注記は文字列で指定してください。")


def read_overview(rows: Callable[[str], list[dict[str, Any]]], head: dict[str, Any] | None,
                  categories: dict[int, Category]) -> Overview | None:
    """The overview as stored: `rows(table)` gives a table's rows in their order, `head` the overview's row."""
    if head is None:
        return None
    children: dict[int | None, list[dict[str, Any]]] = {}
    for r in rows(ROWS_TABLE):
        children.setdefault(r["parent_id"], []).append(r)

    def row(r: dict[str, Any]) -> OverviewRow:
        return OverviewRow(
            r["name"], r["amount"], r["city_million"], r["chart_label"], r["description"], bool(r["is_reference"]),
            categories.get(r["category_id"]), [row(x) for x in children.get(r["id"], [])], r["id"],
            last_amount=r["last_amount"],
        )

    return Overview(head["population"], head["intro"], head["features"], head["chart_note"],
                    json.loads(head["table_notes"] or "[]"), [row(r) for r in children.get(None, [])])


def rows_under(plan: Plan, parent: OverviewRow | None) -> list[OverviewRow]:
    """The list a row is kept in: its parent's rows, or the top rows of 主な事業内容."""
    return parent.children if parent is not None else plan.overview.rows


def let_go_of(plan: Plan, gone: set[int]) -> RowLinks:
    """Rows linked to a 区分 that is being removed (ids of the objects going) lose the link; returns what was let go."""
    links = [(row, row.category) for row in plan.overview.walk()
             if row.category is not None and id(row.category) in gone]
    for row, _category in links:
        row.category = None
    return links


def link_again(links: RowLinks) -> None:
    """Give back the links `let_go_of` took (the objects only: `restore` stores them with update)."""
    for row, category in links:
        row.category = category
