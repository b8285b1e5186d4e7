"""Reading a workbook back: round trip, the differences it shows, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest


from asahi_desk.excel import ADDED, CHANGED, REMOVED, export_workbook, origin_of, read_workbook
from asahi_desk.excel.layout import META_SHEET
from asahi_desk.store import PlanStore
from tests.helpers import database_rows

from .xlsx_helpers import delete_row, edit, row_of

SHEET = "Ⅰ-４"  # 安全で安心な食と生活環境支援事業, the one project of 生活衛生課


def item_row(wb: openpyxl.Workbook, store: PlanStore, code: str) -> int:
    item = store.plan.item(code)
    return row_of(wb, f"AD_I{item.id}")


def spare_row(wb: openpyxl.Workbook, store: PlanStore, project_code: str) -> int:
    """The first empty row before 合計, where a section types a new item."""
    project = store.plan.project(project_code)
    return row_of(wb, f"AD_P{project.id}_TOTAL") - 3


# Round trip --------------------------------------------------------------------


def test_round_trip_of_the_built_in_plan_shows_no_differences(store: PlanStore, full_workbook: Path) -> None:
    result = read_workbook(full_workbook, store.plan, origin_of(store))
    assert result.errors == []
    assert result.differences == []
    assert result.projects == 25
    assert result.describe() == "計画との違いはありません。"


def test_round_trip_of_a_section_workbook(store: PlanStore, section_workbook: Path) -> None:
    result = read_workbook(section_workbook, store.plan, origin_of(store))
    assert (result.errors, result.differences, result.projects, result.section) == ([], [], 1, "生活衛生課")


def test_text_that_looks_like_a_formula_comes_back_as_it_was(store: PlanStore, tmp_path: Path) -> None:
    item = store.plan.item("Ⅰ-4-2")
    store.update(item, name="=1+1", lines=["+81 45 000 0000", "-注意", "@所管"])
    store.update(store.plan.project("Ⅰ-4"), purpose="=HYPERLINK(\"http://example.com\",\"x\")")
    path = tmp_path / "f.xlsx"
    export_workbook(store.plan, path, origin_of(store), section="生活衛生課")
    result = read_workbook(path, store.plan, origin_of(store))
    assert (result.errors, result.differences) == ([], [])


# A section's edits ---------------------------------------------------------------


def test_an_edited_section_workbook_shows_exactly_its_changes(store: PlanStore, section_workbook: Path,
                                                               tmp_path: Path) -> None:
    cat = store.plan.item("Ⅰ-4-2")  # 飼い主のいない猫対策事業 444

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.cell(row_of(wb, f"AD_I{cat.id}"), 4).value = "５００"
        new = spare_row(wb, store, "Ⅰ-4")
        ws.cell(new, 2).value = "新"
        ws.cell(new, 3).value = "食品衛生講習会"
        ws.cell(new, 4).value = 120
        ws.cell(new, 5).value = "・年２回\n・オンライン開催"

    path = edit(section_workbook, tmp_path / "返送.xlsx", change)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert diff.project is store.plan.project("Ⅰ-4")
    assert diff.changes == []
    changed, added = diff.rows
    assert (changed.action, changed.obj, [(c.field, c.old, c.new) for c in changed.changes]) == (
        CHANGED, cat, [("amount", 444, 500)])
    assert added.action == ADDED
    assert (added.obj.mark, added.obj.name, added.obj.amount, added.obj.lines) == (
        "新", "食品衛生講習会", 120, ["・年２回", "・オンライン開催"])
    assert added.cell == f"C{spare_row(openpyxl.load_workbook(path), store, 'Ⅰ-4')}"
    assert diff.items == [*store.plan.project("Ⅰ-4").items, added.obj]
    assert diff.current_after == 1423 - 444 + 500 + 120
    assert result.describe().splitlines() == [
        "Ⅰ-４ 安全で安心な食と生活環境支援事業　事業計 1,423 → 1,599千円",
        "  細事業２ 飼い主のいない猫対策事業：金額 444千円 → 500千円",
        "  細事業５ 追加：新 食品衛生講習会 120千円",
    ]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("１，２３４", 1234), ("1,234", 1234),  # a minus is refused (test_excel_refusals.py)
     ("725千円", 725), (1500.0, 1500), ("  42 ", 42)],
)
def test_amounts_are_read_as_people_type_them(store: PlanStore, section_workbook: Path, tmp_path: Path,
                                              typed: object, amount: int) -> None:
    item = store.plan.item("Ⅰ-4-1")
    path = edit(section_workbook, tmp_path / "a.xlsx",
                lambda wb: wb[SHEET].cell(row_of(wb, f"AD_I{item.id}"), 4).__setattr__("value", typed))
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    [row] = diff.rows
    assert [(c.field, c.new) for c in row.changes] == [("amount", amount)]


def test_a_row_emptied_or_deleted_removes_its_item(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-4")
    first, third = project.items[0], project.items[2]

    def change(wb: openpyxl.Workbook) -> None:
        for col in range(2, 6):  # the user cleared the row of item １
            wb[SHEET].cell(row_of(wb, f"AD_I{first.id}"), col).value = None
        delete_row(wb, SHEET, row_of(wb, f"AD_I{third.id}"))  # and deleted the row of item ３

    path = edit(section_workbook, tmp_path / "d.xlsx", change)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert sorted((r.action, r.number) for r in diff.rows) == [(REMOVED, 1), (REMOVED, 3)]
    assert {id(r.obj) for r in diff.rows} == {id(first), id(third)}
    assert diff.items == [project.items[1], project.items[3]]
    assert "  細事業３ 削除：動物適正飼育推進等啓発事業 560千円" in result.describe().splitlines()


def test_indicators_and_project_fields_are_read(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-4")
    kpi = project.indicators[0]

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.cell(row_of(wb, f"AD_P{project.id}_NAME"), 4).value = "食と生活環境の安全・安心事業"
        ws.cell(row_of(wb, f"AD_K{kpi.id}"), 4).value = 99
        spare = row_of(wb, f"AD_K{project.indicators[-1].id}") + 1
        ws.cell(spare, 3).value = "講習会の参加者数"
        ws.cell(spare, 4).value = "１，０００"
        ws.cell(spare, 5).value = "人"

    result = read_workbook(edit(section_workbook, tmp_path / "k.xlsx", change), store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert [(c.field, c.old, c.new) for c in diff.changes] == [
        ("name", "安全で安心な食と生活環境支援事業", "食と生活環境の安全・安心事業")]
    changed, added = diff.rows
    assert [(c.field, c.new) for c in changed.changes] == [("target", "99")]
    assert (added.action, added.obj.name, added.obj.target, added.obj.unit) == (ADDED, "講習会の参加者数", "１，０００", "人")


# Bad input: a message naming the sheet and the cell, and nothing changed ---------------


def _bad(store: PlanStore, plan_path: Path, path: Path) -> list[tuple[str, str, str]]:
    before = database_rows(plan_path)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.differences == []
    assert database_rows(plan_path) == before
    return [(p.sheet, p.cell, p.message) for p in result.errors]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("千円くらい", "「千円くらい」は金額として読めません。数字で入力してください（例：12,345　▲300）。"),
        ("12.5", "「12.5」は小数です。金額は千円単位の整数で入力してください。"),
        (12.5, "「12.5」は小数です。金額は千円単位の整数で入力してください。"),
        (10**12, "「1000000000000」は大きすぎます。千円単位で入力してください。"),  # a number: read as its text
        ("12,34", "「12,34」はカンマの位置が正しくありません（例：12,345）。"),
        ("", "金額が入力されていません。"),
        (dt.datetime(2024, 6, 1), "金額は数字で入力してください（日付や TRUE/FALSE になっています）。"),
        ("#VALUE!", "エラー（#VALUE!）になっています。正しい値を入力してください。"),
        ("=D13*2", "計算式の結果が保存されていません。値を直接入力するか、Excel で開いて保存し直してください。"),
    ],
)
def test_a_bad_amount_is_reported_at_its_cell(store: PlanStore, plan_path: Path, section_workbook: Path,
                                              tmp_path: Path, typed: object, message: str) -> None:
    item = store.plan.item("Ⅰ-4-1")
    wb = openpyxl.load_workbook(section_workbook)
    row = row_of(wb, f"AD_I{item.id}")
    path = edit(section_workbook, tmp_path / "bad.xlsx",
                lambda wb: wb[SHEET].cell(row, 4).__setattr__("value", typed))
    assert _bad(store, plan_path, path) == [(SHEET, f"D{row}", message)]


def test_bad_cells_of_a_new_row(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    row = spare_row(wb, store, "Ⅰ-4")

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.cell(row, 2).value = "済"
        ws.cell(row, 4).value = "300"  # an amount without a name
        ws.cell(row + 1, 3).value = "名前だけの細事業"  # a name without an amount

    assert _bad(store, plan_path, edit(section_workbook, tmp_path / "bad.xlsx", change)) == [
        (SHEET, f"B{row}", "印は「新」「拡」または空欄です（「済」）。"),
        (SHEET, f"C{row}", "細事業名が入力されていません。"),
        (SHEET, f"D{row + 1}", "金額が入力されていません。"),
    ]


def test_input_outside_the_tables_is_reported(store: PlanStore, plan_path: Path, section_workbook: Path,
                                              tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    total = row_of(wb, f"AD_P{store.plan.project('Ⅰ-4').id}_TOTAL")

    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.cell(total + 1, 3).value = "合計の下に書いた細事業"
        ws.cell(total + 1, 4).value = 100
        ws.cell(12, 8).value = "メモ：要確認"
        ws.cell(total + 3, 2).value = "済"  # the grey cell beside a 事業指標

    assert _bad(store, plan_path, edit(section_workbook, tmp_path / "bad.xlsx", change)) == [
        (SHEET, "H12", "表の外に入力があります。この欄は取り込まれません。入力を消してから取り込んでください。"),
        (SHEET, f"C{total + 1}", "表の外に入力があります。細事業を増やすときは、合計の行より上に行を挿入して入力してください。"),
        (SHEET, f"D{total + 1}", "表の外に入力があります。細事業を増やすときは、合計の行より上に行を挿入して入力してください。"),
        (SHEET, f"B{total + 3}", "表の外に入力があります。この欄は取り込まれません。入力を消してから取り込んでください。"),
    ]


def test_a_changed_last_year_figure_is_refused(store: PlanStore, plan_path: Path, full_workbook: Path,
                                              tmp_path: Path) -> None:
    item = store.plan.item("Ⅴ-1-1")  # 統合事業費: items carry their own 前年度
    wb = openpyxl.load_workbook(full_workbook)
    row = row_of(wb, f"AD_I{item.id}")
    path = edit(full_workbook, tmp_path / "bad.xlsx", lambda wb: wb["Ⅴ-１"].cell(row, 5).__setattr__("value", 1))
    assert _bad(store, plan_path, path) == [
        ("Ⅴ-１", f"E{row}", "前年度の欄は取り込みません。変更が必要なときは区政推進課に連絡してください（書き出したときの値：9,486）。")]


def test_a_blank_project_name_is_refused(store: PlanStore, plan_path: Path, section_workbook: Path,
                                         tmp_path: Path) -> None:
    path = edit(section_workbook, tmp_path / "bad.xlsx", lambda wb: wb[SHEET].cell(3, 4).__setattr__("value", "  "))
    assert _bad(store, plan_path, path) == [(SHEET, "D3", "事業名が入力されていません。")]


def test_an_unknown_project_is_refused(store: PlanStore, plan_path: Path, section_workbook: Path) -> None:
    store.remove(store.plan.project("Ⅰ-4"))  # deleted in the plan after the workbook went out
    assert _bad(store, plan_path, section_workbook) == [
        (SHEET, "", "この事業（書き出したとき「Ⅰ-４ 安全で安心な食と生活環境支援事業」）は計画にありません。"
                    "計画から削除されたか、別の計画ファイルから書き出したブックです。")]


def test_an_item_added_in_the_plan_after_export_is_kept(store: PlanStore, section_workbook: Path) -> None:
    from asahi_desk.domain.model import Item

    project = store.plan.project("Ⅰ-4")
    store.insert(Item("区で追加した細事業", 10), project)
    result = read_workbook(section_workbook, store.plan, origin_of(store))
    assert (result.errors, result.differences) == ([], [])


def test_a_workbook_of_another_plan_is_refused(store: PlanStore, plan_path: Path, section_workbook: Path) -> None:
    store.update(store.plan, fiscal_year=2025)
    assert _bad(store, plan_path, section_workbook) == [
        ("", "", "このブックは計画（令和６年度 旭区、plan.sqlite）から書き出されたもので、"
                 "開いている計画（令和７年度 旭区、plan.sqlite）には取り込めません。開いている計画から書き出したブックに入力してもらってください。")]


def test_changed_identities_are_refused(store: PlanStore, plan_path: Path, section_workbook: Path,
                                        tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        meta = wb[META_SHEET]
        for row in meta.iter_rows():
            if row[0].value == "item":
                row[1].value = row[1].value + 1  # one item's id
                break

    assert _bad(store, plan_path, edit(section_workbook, tmp_path / "id.xlsx", change)) == [
        ("", "", "ブックの識別情報が変更されています。書き出したブックをそのまま使って入力してください"
                 "（非表示のシート・名前は変更しないでください）。")]


def test_a_row_pasted_from_another_project_is_refused(store: PlanStore, plan_path: Path, full_workbook: Path,
                                                      tmp_path: Path) -> None:
    stranger = store.plan.item("Ⅰ-1-1")

    def change(wb: openpyxl.Workbook) -> None:
        # a cut-and-paste moves the row's name with it
        wb.defined_names[f"AD_I{stranger.id}"].attr_text = f"'{SHEET}'!$A$16"
        wb[SHEET].cell(16, 3).value = stranger.name
        wb[SHEET].cell(16, 4).value = stranger.amount

    errors = _bad(store, plan_path, edit(full_workbook, tmp_path / "p.xlsx", change))
    assert ("Ⅰ-１", "", "細事業の行の識別情報が変更されています。書き出したブックに入力し直してください。") in errors
    assert (SHEET, "A16", "別の事業の行が貼り付けられています。行を移すときは、元のシートで削除し、ここに新しく入力してください。") in errors


def test_a_workbook_not_exported_by_the_application_is_refused(store: PlanStore, plan_path: Path,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "よそのブック.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "細事業"
    wb.save(path)
    assert _bad(store, plan_path, path) == [
        ("", "", "Asahi Desk で書き出したブックではないため取り込めません（識別情報がありません）。"
                 "Asahi Desk で書き出したブックに入力してもらってください。")]


def test_an_extra_sheet_and_a_deleted_sheet_are_reported(store: PlanStore, plan_path: Path, full_workbook: Path,
                                                         tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb.create_sheet("新しい事業")["A1"] = "新規事業の案"
        del wb["Ⅱ-３"]
        project = store.plan.project("Ⅱ-3")
        for name in [n for n in wb.defined_names if n.startswith(f"AD_P{project.id}")]:
            wb.defined_names[name].attr_text = "#REF!"  # what Excel does to names on a deleted sheet

    errors = _bad(store, plan_path, edit(full_workbook, tmp_path / "s.xlsx", change))
    assert errors == [
        ("", "", "事業「Ⅱ-３ 旭ふれあい区民まつり」のシートがありません。シートを削除せずに取り込んでください"
                 "（変更のない事業はそのままで構いません）。"),
        ("新しい事業", "", "計画の事業のシートではありません（書き出したブックにないシートです）。"
                        "事業の追加は区政推進課に依頼し、このシートは削除してから取り込んでください。"),
    ]


def test_a_renamed_sheet_is_still_its_project(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET]
        ws.title = "食と生活環境"
        for name in wb.defined_names:  # Excel follows a renamed sheet in every name
            wb.defined_names[name].attr_text = wb.defined_names[name].attr_text.replace(SHEET, "食と生活環境")
        ws.cell(12, 4).value = 317

    result = read_workbook(edit(section_workbook, tmp_path / "r.xlsx", change), store.plan, origin_of(store))
    assert result.errors == []
    [diff] = result.differences
    assert (diff.sheet, [(c.old, c.new) for c in diff.rows[0].changes]) == ("食と生活環境", [(316, 317)])
