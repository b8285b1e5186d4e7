"""Several sections at once: workbooks exported the same morning, returned one after another."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.cli import EXIT_FINDINGS, EXIT_OK, main
from asahi_desk.excel import (
    ADDED,
    PLAN,
    REMOVED,
    WORKBOOK,
    Undecided,
    apply,
    export_workbook,
    origin_of,
    read_workbook,
)
from asahi_desk.store import PlanStore, open_store
from tests.helpers import database_rows

from .xlsx_helpers import delete_row, edit, row_of

SHARED = "Ⅴ-１"  # 統合事業費: items of five 課


@pytest.fixture
def morning(store: PlanStore, tmp_path: Path) -> dict[str, Path]:
    """The workbooks of 地域振興課 and 区政推進課, exported from the same plan the same morning."""
    out = {}
    for section in ("地域振興課", "区政推進課"):
        out[section] = tmp_path / f"{section}.xlsx"
        export_workbook(store.plan, out[section], origin_of(store), section=section)
    return out


def set_amount(src: Path, dst: Path, store: PlanStore, code: str, amount: object) -> Path:
    item = store.plan.item(code)

    def change(wb: openpyxl.Workbook) -> None:
        wb[SHARED].cell(row_of(wb, f"AD_I{item.id}"), 4).value = amount

    return edit(src, dst, change)


def imported(store: PlanStore, path: Path, prefer: str | None = None) -> None:
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    if prefer:
        result.decide_all(prefer)
    apply(store, result.differences)


def test_two_sections_returned_one_after_the_other_keep_both_changes(store: PlanStore, morning: dict[str, Path],
                                                                      tmp_path: Path) -> None:
    """地域振興課 raises クリーンタウン横浜事業 to 1,600; 区政推進課, whose workbook still says 1,510, raises 広報."""
    regional = set_amount(morning["地域振興課"], tmp_path / "地域振興課_返送.xlsx", store, "Ⅴ-1-3", 1600)
    planning = set_amount(morning["区政推進課"], tmp_path / "区政推進課_返送.xlsx", store, "Ⅴ-1-1", "１０，０００")
    imported(store, regional)
    assert store.plan.item("Ⅴ-1-3").amount == 1600

    result = read_workbook(planning, store.plan, origin_of(store))
    assert result.errors == [] and result.conflicts() == []
    assert result.describe().splitlines() == [
        "Ⅴ-１ 統合事業費　事業計 24,521 → 24,604千円",
        "  細事業１ 広報よこはまあさひ区版発行事業：金額 9,917千円 → 10,000千円",
    ]
    apply(store, result.differences)
    reopened = open_store(store.path, readonly=True)
    try:
        assert [reopened.plan.item(c).amount for c in ("Ⅴ-1-1", "Ⅴ-1-3")] == [10000, 1600]
    finally:
        reopened.close()


def test_items_added_by_two_sections_are_both_kept(store: PlanStore, morning: dict[str, Path], tmp_path: Path) -> None:
    project = store.plan.project("Ⅴ-1")
    total = {}

    def add(name: str, amount: int):  # noqa: ANN202
        def change(wb: openpyxl.Workbook) -> None:
            row = row_of(wb, f"AD_P{project.id}_TOTAL") - 1
            wb[SHARED].cell(row, 3).value = name
            wb[SHARED].cell(row, 4).value = amount
            total[name] = row
        return change

    first = edit(morning["地域振興課"], tmp_path / "a.xlsx", add("地域清掃の日", 120))
    second = edit(morning["区政推進課"], tmp_path / "b.xlsx", add("区民意識調査", 300))
    imported(store, first)
    result = read_workbook(second, store.plan, origin_of(store))
    [diff] = result.differences
    assert [(r.action, r.obj.name) for r in diff.rows] == [(ADDED, "区民意識調査")]
    apply(store, result.differences)
    names = [i.name for i in store.plan.project("Ⅴ-1").items]
    assert names[-2:] == ["地域清掃の日", "区民意識調査"] and len(names) == 11


def conflict_of(store: PlanStore, morning: dict[str, Path], tmp_path: Path):  # noqa: ANN201
    """Both sections change クリーンタウン横浜事業: 1,600 imported first, then 1,700."""
    imported(store, set_amount(morning["地域振興課"], tmp_path / "a.xlsx", store, "Ⅴ-1-3", 1600))
    second = set_amount(morning["区政推進課"], tmp_path / "b.xlsx", store, "Ⅴ-1-3", 1700)
    return second, read_workbook(second, store.plan, origin_of(store))


def test_the_same_cell_changed_by_both_is_a_conflict_listed_first(store: PlanStore, plan_path: Path,
                                                                   morning: dict[str, Path], tmp_path: Path) -> None:
    _, result = conflict_of(store, morning, tmp_path)
    [conflict] = result.conflicts()
    assert conflict.values() == ("1,510千円", "1,600千円", "1,700千円")
    assert result.describe().splitlines()[:2] == [
        "競合 1 件（ブックと計画の両方で、書き出し後に変更されています）：",
        "  競合：Ⅴ-１ 統合事業費　細事業３ クリーンタウン横浜事業：金額：書き出し時 1,510千円 / 計画 1,600千円 / ブック 1,700千円",
    ]
    before = database_rows(plan_path)
    with pytest.raises(Undecided):
        apply(store, result.differences)
    assert database_rows(plan_path) == before


@pytest.mark.parametrize(("choice", "amount"), [(WORKBOOK, 1700), (PLAN, 1600)])
def test_a_conflict_decided_each_way(store: PlanStore, morning: dict[str, Path], tmp_path: Path, choice: str,
                                     amount: int) -> None:
    _, result = conflict_of(store, morning, tmp_path)
    [conflict] = result.conflicts()
    conflict.choice = choice
    assert result.differences[0].current_after == 24431 - 1510 + amount
    apply(store, result.differences)
    assert store.plan.item("Ⅴ-1-3").amount == amount


@pytest.mark.parametrize(("choice", "kept"), [(WORKBOOK, False), (PLAN, True)])
def test_a_row_deleted_in_the_workbook_that_the_plan_changed_is_a_conflict(store: PlanStore, section_workbook: Path,
                                                                           tmp_path: Path, choice: str,
                                                                           kept: bool) -> None:
    cat = store.plan.item("Ⅰ-4-2")
    path = edit(section_workbook, tmp_path / "del.xlsx",
                lambda wb: delete_row(wb, "Ⅰ-４", row_of(wb, f"AD_I{cat.id}")))
    store.update(cat, amount=450)  # the window, after the export
    result = read_workbook(path, store.plan, origin_of(store))
    [conflict] = result.conflicts()
    assert conflict.row is not None and conflict.row.action == REMOVED
    assert conflict.values() == ("金額 444千円", "変更（金額 450千円）", "（削除）")
    conflict.choice = choice
    apply(store, result.differences)
    assert (cat in store.plan.project("Ⅰ-4").items) == kept


@pytest.mark.parametrize(("choice", "back"), [(WORKBOOK, True), (PLAN, False)])
def test_a_row_deleted_in_the_plan_that_the_workbook_changed_is_a_conflict(store: PlanStore, section_workbook: Path,
                                                                           tmp_path: Path, choice: str,
                                                                           back: bool) -> None:
    cat = store.plan.item("Ⅰ-4-2")
    wb = openpyxl.load_workbook(section_workbook)
    row = row_of(wb, f"AD_I{cat.id}")
    path = edit(section_workbook, tmp_path / "chg.xlsx", lambda wb: wb["Ⅰ-４"].cell(row, 4).__setattr__("value", 500))
    store.remove(cat)
    untouched = read_workbook(section_workbook, store.plan, origin_of(store))
    assert (untouched.errors, untouched.differences) == ([], [])  # the plan's deletion stands
    result = read_workbook(path, store.plan, origin_of(store))
    [conflict] = result.conflicts()
    assert conflict.values() == ("金額 444千円", "（削除）", "変更（金額 500千円）")
    conflict.choice = choice
    apply(store, result.differences)
    names = [i.name for i in store.plan.project("Ⅰ-4").items]
    assert ("飼い主のいない猫対策事業" in names) == back
    if back:
        assert names.index("飼い主のいない猫対策事業") == 1 and store.plan.item("Ⅰ-4-2").amount == 500


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_changes_nothing_while_a_conflict_is_undecided(store: PlanStore, plan_path: Path,
                                                                   morning: dict[str, Path], tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    second, _ = conflict_of(store, morning, tmp_path)
    store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    before = database_rows(plan_path)
    code, out, err = run(capsys, "import-xlsx", "--db", str(plan_path), str(second), "--yes")
    assert code == EXIT_FINDINGS
    assert "  競合：Ⅴ-１ 統合事業費　細事業３ クリーンタウン横浜事業：金額：書き出し時 1,510千円 / 計画 1,600千円 / ブック 1,700千円" in out
    assert "--prefer workbook" in err and "計画は変更していません" in err
    assert database_rows(plan_path) == before


@pytest.mark.parametrize(("prefer", "amount"), [("workbook", 1700), ("plan", 1600)])
def test_the_command_decides_every_conflict_as_told(store: PlanStore, plan_path: Path, morning: dict[str, Path],
                                                    tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    prefer: str, amount: int) -> None:
    second, _ = conflict_of(store, morning, tmp_path)
    store.close()
    code, out, _ = run(capsys, "import-xlsx", "--db", str(plan_path), str(second), "--yes", "--prefer", prefer)
    assert code == EXIT_OK, out
    reopened = open_store(plan_path, readonly=True)
    try:
        assert reopened.plan.item("Ⅴ-1-3").amount == amount
    finally:
        reopened.close()
