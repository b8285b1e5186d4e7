"""Applying the differences as one change, and undoing it exactly."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from asahi_desk.domain.model import Plan
from asahi_desk.excel import apply, origin_of, read_workbook, revert
from asahi_desk.store import PlanStore, open_store
from tests.helpers import database_rows, plan_outline

from .xlsx_helpers import delete_row, edit, row_of


def snapshot(plan: Plan) -> list[object]:
    """The plan's objects as plain values, with the ids of projects, items, 事業指標 and ＜参考＞ links."""
    ids = [(p.id, [i.id for i in p.items], [k.id for k in p.indicators],
            [r.item.id if r.item else None for r in p.references]) for p in plan.projects()]
    return [plan_outline(plan), ids]


def edited_workbook(store: PlanStore, full_workbook: Path, tmp_path: Path) -> Path:
    """Every kind of change: fields of a project, of items and of 事業指標; rows added, deleted, moved."""
    plan = store.plan
    p1, p4, v1 = plan.project("Ⅰ-1"), plan.project("Ⅰ-4"), plan.project("Ⅴ-1")

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["Ⅰ-１"]
        ws.cell(row_of(wb, f"AD_P{p1.id}_PURPOSE"), 4).value = "地域の防災力を高めます。"
        row = row_of(wb, f"AD_I{p1.items[0].id}")
        ws.cell(row, 2).value = "拡"
        ws.cell(row, 4).value = "８００"
        ws.cell(row, 5).value = "・防災訓練の支援\n　（６月～11月）"
        kpi = row_of(wb, f"AD_K{p1.indicators[1].id}")
        ws.cell(kpi, 4).value = 40
        # 細事業２ and ３ change places: a cut-and-paste moves the rows' names with them
        a, b = (f"AD_I{p1.items[1].id}", f"AD_I{p1.items[2].id}")
        ra, rb = row_of(wb, a), row_of(wb, b)
        for col in range(2, 6):
            ws.cell(ra, col).value, ws.cell(rb, col).value = ws.cell(rb, col).value, ws.cell(ra, col).value
        wb.defined_names[a].attr_text, wb.defined_names[b].attr_text = (
            wb.defined_names[b].attr_text, wb.defined_names[a].attr_text)

        ws = wb["Ⅰ-４"]
        delete_row(wb, "Ⅰ-４", row_of(wb, f"AD_I{p4.items[1].id}"))
        spare = row_of(wb, f"AD_P{p4.id}_TOTAL") - 1
        ws.cell(spare, 3).value = "食品衛生講習会"
        ws.cell(spare, 4).value = 90
        delete_row(wb, "Ⅰ-４", row_of(wb, f"AD_K{p4.indicators[0].id}"))

        ws = wb["Ⅴ-１"]
        ws.cell(row_of(wb, f"AD_P{v1.id}_TOTAL") - 3, 3).value = "新しい委員の委嘱"
        ws.cell(row_of(wb, f"AD_P{v1.id}_TOTAL") - 3, 4).value = 55

    return edit(full_workbook, tmp_path / "edited.xlsx", change)


def test_apply_then_revert_puts_every_row_back(store: PlanStore, plan_path: Path, full_workbook: Path,
                                               tmp_path: Path) -> None:
    before_rows, before_objects = database_rows(plan_path), snapshot(store.plan)
    result = read_workbook(edited_workbook(store, full_workbook, tmp_path), store.plan, origin_of(store))
    assert result.errors == []
    assert [d.project.code for d in result.differences] == ["Ⅰ-１", "Ⅰ-４", "Ⅴ-１"]

    applied = apply(store, result.differences)
    after_rows = database_rows(plan_path)
    assert after_rows != before_rows
    plan = store.plan
    p1, p4, v1 = plan.project("Ⅰ-1"), plan.project("Ⅰ-4"), plan.project("Ⅴ-1")
    assert p1.purpose == "地域の防災力を高めます。"
    assert (p1.items[0].mark, p1.items[0].amount, p1.items[0].lines) == ("拡", 800, ["・防災訓練の支援", "　（６月～11月）"])
    assert [i.name for i in p1.items[1:3]] == ["防災講演会", "防災活動事業"]
    assert p1.indicators[1].target == "40"
    assert [i.name for i in p4.items] == ["食の安全・安心サポート事業", "動物適正飼育推進等啓発事業", "ハチの駆除サポート事業",
                                          "食品衛生講習会"]
    assert len(p4.indicators) == 1
    assert (v1.items[-1].name, v1.items[-1].amount, v1.items[-1].last_year) == ("新しい委員の委嘱", 55, 0)
    # the file holds what the objects hold
    fresh = open_store(plan_path, readonly=True)
    assert snapshot(fresh.plan) == snapshot(store.plan)
    fresh.close()

    revert(store, applied)
    assert database_rows(plan_path) == before_rows
    assert snapshot(store.plan) == before_objects

    # redo: the same differences again give the same rows (the new rows keep their ids)
    again = apply(store, result.differences)
    assert database_rows(plan_path) == after_rows
    revert(store, again)
    assert database_rows(plan_path) == before_rows


def test_moved_rows_are_applied_in_their_new_order(store: PlanStore, full_workbook: Path, tmp_path: Path) -> None:
    p1 = store.plan.project("Ⅰ-1")
    second, third = p1.items[1], p1.items[2]
    result = read_workbook(edited_workbook(store, full_workbook, tmp_path), store.plan, origin_of(store))
    diff = result.differences[0]
    assert diff.items_reordered
    assert "  細事業の順序：１ ３ ２ ４ ５ ６ ７（計画の番号で）" in diff.lines()
    apply(store, result.differences)
    assert p1.items[1:3] == [third, second]


def test_a_failure_half_way_leaves_file_and_objects_as_they_were(store: PlanStore, plan_path: Path,
                                                                full_workbook: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before_rows, before_objects = database_rows(plan_path), snapshot(store.plan)
    result = read_workbook(edited_workbook(store, full_workbook, tmp_path), store.plan, origin_of(store))
    real_insert = store.insert
    calls = []

    def failing_insert(obj, parent, index=None):  # type: ignore[no-untyped-def]
        calls.append(obj)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_insert(obj, parent, index)

    monkeypatch.setattr(store, "insert", failing_insert)
    with pytest.raises(OSError):
        apply(store, result.differences)
    assert database_rows(plan_path) == before_rows
    assert snapshot(store.plan) == before_objects


def test_an_item_removed_keeps_its_references_through_undo(store: PlanStore, plan_path: Path,
                                                          full_workbook: Path, tmp_path: Path) -> None:
    """Ⅰ-１ shows Ⅰ-４ 細事業３ as ＜参考＞: removing the item unlinks it, undoing links it again."""
    target = store.plan.item("Ⅰ-4-3")
    ref = store.plan.project("Ⅰ-1").references[0]
    assert ref.item is target
    before = database_rows(plan_path)
    path = edit(full_workbook, tmp_path / "x.xlsx",
                lambda wb: delete_row(wb, "Ⅰ-４", row_of(wb, f"AD_I{target.id}")))
    applied = apply(store, read_workbook(path, store.plan, origin_of(store)).differences)
    assert ref.item is None
    revert(store, applied)
    assert ref.item is target
    assert database_rows(plan_path) == before
