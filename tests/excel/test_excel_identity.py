"""A workbook belongs to one plan file: its uid, and a checksum keyed by that file's secret."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from asahi_desk.excel import export_workbook, origin_of, read_workbook
from asahi_desk.excel.layout import META_SHEET
from asahi_desk.store import PlanStore, create_default
from tests.helpers import database_rows

from .xlsx_helpers import edit

SHEET = "Ⅰ-４"
CHANGED = ("ブックの識別情報が変更されています。書き出したブックをそのまま使って入力してください"
           "（非表示のシート・名前は変更しないでください）。")


def _refused(store: PlanStore, path: Path) -> list[tuple[str, str, str]]:
    before = database_rows(store.path)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.differences == []
    assert database_rows(store.path) == before
    return [(p.sheet, p.cell, p.message) for p in result.errors]


def _meta(wb: openpyxl.Workbook) -> dict[str, object]:
    return {row[0].value: row[1].value for row in wb[META_SHEET].iter_rows(max_col=2)}


def test_the_workbook_carries_the_plan_uid_and_the_values_as_exported(store: PlanStore, tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    export_workbook(store.plan, path, origin_of(store), section="生活衛生課")
    wb = openpyxl.load_workbook(path)
    assert wb[META_SHEET].sheet_state == "veryHidden"
    meta = _meta(wb)
    assert meta["plan"] == origin_of(store).identity.uid and meta["plan_file"] == "plan.sqlite"
    item = store.plan.item("Ⅰ-4-1")
    [values] = [json.loads(r[4].value) for r in wb[META_SHEET].iter_rows() if r[0].value == "item"
                and r[1].value == item.id]
    assert values == {"mark": item.mark, "name": item.name, "amount": item.amount, "lines": item.lines,
                      "last_year": item.last_year}
    names = {r[1].value: r[2].value for r in wb[META_SHEET].iter_rows() if r[0].value == "name"}
    assert names == {n: d.attr_text for n, d in wb.defined_names.items() if n.startswith("AD_")}


def test_a_workbook_from_another_plan_file_of_the_same_ward_and_year_is_refused(
        store: PlanStore, tmp_path: Path) -> None:
    other = create_default(tmp_path / "別の計画.sqlite")  # the same built-in data, ward and year
    path = tmp_path / "よそ.xlsx"
    export_workbook(other.plan, path, origin_of(other), section="生活衛生課")
    other.close()
    assert _refused(store, path) == [
        ("", "", "このブックは別の計画ファイルの計画（令和６年度 旭区、別の計画.sqlite）から書き出されたもので、"
                 "開いている計画（令和６年度 旭区、plan.sqlite）には取り込めません。"
                 "開いている計画から書き出したブックに入力してもらってください。")]


def test_a_workbook_claiming_this_plan_file_without_its_secret_is_refused(store: PlanStore, tmp_path: Path) -> None:
    other = create_default(tmp_path / "別の計画.sqlite")
    path = tmp_path / "よそ.xlsx"
    export_workbook(other.plan, path, origin_of(other), section="生活衛生課")
    other.close()
    uid = origin_of(store).identity.uid

    def claim(wb: openpyxl.Workbook) -> None:
        for row in wb[META_SHEET].iter_rows(max_col=2):
            if row[0].value == "plan":
                row[1].value = uid

    assert _refused(store, edit(path, tmp_path / "偽.xlsx", claim)) == [("", "", CHANGED)]


def test_an_edited_exported_value_is_refused(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        for row in wb[META_SHEET].iter_rows():
            if row[0].value == "item":
                values = json.loads(row[4].value)
                row[4].value = json.dumps({**values, "amount": values["amount"] + 1}, ensure_ascii=False)
                return

    assert _refused(store, edit(section_workbook, tmp_path / "v.xlsx", change)) == [("", "", CHANGED)]


def test_a_name_pointed_at_another_cell_is_refused(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-4")
    before = project.name

    def repoint(wb: openpyxl.Workbook) -> None:  # 事業名's name at the 事業目的 cell
        wb.defined_names[f"AD_P{project.id}_NAME"].attr_text = wb.defined_names[f"AD_P{project.id}_PURPOSE"].attr_text

    assert _refused(store, edit(section_workbook, tmp_path / "n.xlsx", repoint)) == [
        (SHEET, "", "表の並びが変更されています。書き出したブックに入力し直してください。")]

    def to_another_column(wb: openpyxl.Workbook) -> None:
        wb.defined_names[f"AD_P{project.id}_NAME"].attr_text = f"'{SHEET}'!$C$3"

    assert _refused(store, edit(section_workbook, tmp_path / "c.xlsx", to_another_column)) == [
        ("", "", f"ブックの識別情報（名前 AD_P{project.id}_NAME）が変更されています。書き出したブックをそのまま使って入力してください。")]

    def to_the_sections_row(wb: openpyxl.Workbook) -> None:  # 担当課, between 事業名 and 事業目的
        wb.defined_names[f"AD_P{project.id}_NAME"].attr_text = f"'{SHEET}'!$D$4"

    assert _refused(store, edit(section_workbook, tmp_path / "s.xlsx", to_the_sections_row)) == [
        (SHEET, "", "表の並びが変更されています。書き出したブックに入力し直してください。")]
    assert store.plan.project("Ⅰ-4").name == before


def test_an_added_name_is_refused(store: PlanStore, section_workbook: Path, tmp_path: Path) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    def add(wb: openpyxl.Workbook) -> None:
        wb.defined_names["AD_I99999"] = DefinedName("AD_I99999", attr_text=f"'{SHEET}'!$A$13")

    assert _refused(store, edit(section_workbook, tmp_path / "a.xlsx", add)) == [
        ("", "", "ブックの識別情報（名前 AD_I99999）が変更されています。書き出したブックをそのまま使って入力してください。")]
