"""ファイル → 新しい計画… with each choice, and ファイル → 次年度の計画を作る…: the rows of the new file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from asahi_desk.ui.plan_model import PlanTreeModel


@pytest.fixture
def warnings(monkeypatch):
    from asahi_desk.ui import new_plan_dialog

    shown: list[str] = []
    monkeypatch.setattr(new_plan_dialog, "warn", lambda _parent, text: shown.append(text))
    return shown


@pytest.fixture
def opened(window):
    paths: list[Path] = []
    window.openRequested.connect(paths.append)
    return paths


def answer(monkeypatch, dialog_class, fill) -> None:
    """The dialog is filled in as a user would, then its OK button is pressed; exec returns what it decided."""
    from PySide6.QtWidgets import QDialogButtonBox

    def exec_(self):
        self.show()
        fill(self)
        self.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)


def save_as(monkeypatch, path: Path, asked: list[str] | None = None) -> None:
    from asahi_desk.ui import new_plan_dialog

    def ask(_parent, _title, suggestion, _filter):
        if asked is not None:
            asked.append(suggestion)
        return str(path), ""

    monkeypatch.setattr(new_plan_dialog.QFileDialog, "getSaveFileName", staticmethod(ask))


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    return rows(path, f"SELECT count(*) FROM {table}")[0][0]


def type_into(qtbot, edit, text: str) -> None:
    """Japanese arrives from the input method as one committed text, not as key presses."""
    edit.selectAll()
    edit.insert(text)


def test_the_built_in_sample(window, tmp_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import SAMPLE, NewPlanDialog

    window.model.setData(window.model.index_of(window.doc.plan.item("Ⅰ-1-1"), PlanTreeModel.COL_CURRENT), "4,321")  # the open plan differs
    target = tmp_path / "見本.sqlite"
    answer(monkeypatch, NewPlanDialog, lambda d: d.choose(SAMPLE))
    save_as(monkeypatch, target)
    window.new_action.trigger()
    assert warnings == [] and opened == [target]
    assert rows(target, "SELECT ward, fiscal_year FROM plan") == [("旭区", 2024)]
    assert count(target, "projects") == 25 and count(target, "items") == 94
    assert 4321 not in [a for (a,) in rows(target, "SELECT amount FROM items")]


def test_an_empty_plan_of_another_ward(window, tmp_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import EMPTY, NewPlanDialog

    def fill(dialog):
        dialog.choose(EMPTY)
        type_into(qtbot, dialog.ward, "青葉区")
        dialog.year.setValue(2019)
        assert dialog.year_label.text() == "平成31年度"

    target = tmp_path / "青葉区.sqlite"
    asked: list[str] = []
    answer(monkeypatch, NewPlanDialog, fill)
    save_as(monkeypatch, target, asked)
    window.new_action.trigger()
    assert warnings == [] and opened == [target]
    assert Path(asked[0]).name == "平成31年度_青葉区.sqlite"
    assert rows(target, "SELECT ward, fiscal_year FROM plan") == [("青葉区", 2019)]
    assert count(target, "projects") == 0 and count(target, "items") == 0
    names = [n for (n,) in rows(target, "SELECT name FROM categories ORDER BY id")]
    assert {"個性ある区づくり推進費", "自主企画事業費", "統合事務事業費", "区庁舎・区民利用施設管理費",
            "青葉区で企画する主な区配事業"} <= set(names)


def test_an_empty_plan_needs_its_ward(window, tmp_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import EMPTY, NewPlanDialog

    def fill(dialog):
        dialog.choose(EMPTY)
        dialog.ward.clear()

    target = tmp_path / "名なし.sqlite"
    answer(monkeypatch, NewPlanDialog, fill)
    save_as(monkeypatch, target)
    window.new_action.trigger()
    assert warnings and "区の名称" in warnings[0]
    assert opened == [] and not target.exists()


def _listing(path: Path, body: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(["柱", "事業名", "予算", "前年度", "課"])
    for row in body:
        sheet.append(row)
    book.save(path)
    return path


def test_a_plan_from_a_listing_workbook(window, tmp_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import LISTING, NewPlanDialog

    book = _listing(tmp_path / "一覧.xlsx", [
        ["Ⅰ 防災・減災", "防災訓練事業", 1200, 1000, "総務課"],
        [None, "避難所運営事業", "▲0", "300", "総務課、地域振興課"],
        ["Ⅱ 子育て", "子育て広場事業", "２，５００千円", 2400, "こども家庭支援課"],
    ])

    def fill(dialog):
        dialog.choose(LISTING)
        type_into(qtbot, dialog.ward, "都筑区")
        dialog.year.setValue(2025)
        type_into(qtbot, dialog.listing, str(book))

    target = tmp_path / "都筑区.sqlite"
    answer(monkeypatch, NewPlanDialog, fill)
    save_as(monkeypatch, target)
    window.new_action.trigger()
    assert warnings == [] and opened == [target]
    assert rows(target, "SELECT ward, fiscal_year FROM plan") == [("都筑区", 2025)]
    assert rows(target, "SELECT name, amount, last_year FROM projects ORDER BY pillar_id, position") == [
        ("防災訓練事業", 1200, 1000), ("避難所運営事業", 0, 300), ("子育て広場事業", 2500, 2400)]
    assert [n for (n,) in rows(target, "SELECT p.name FROM pillars p JOIN categories c ON p.category_id = c.id "
                                       "WHERE c.name = '自主企画事業費' ORDER BY p.position")] == ["防災・減災", "子育て"]


def test_a_listing_with_a_bad_cell_makes_nothing(window, tmp_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import LISTING, NewPlanDialog

    book = _listing(tmp_path / "一覧.xlsx", [["Ⅰ 防災", "防災訓練事業", "千二百", 1000, "総務課"]])

    def fill(dialog):
        dialog.choose(LISTING)
        type_into(qtbot, dialog.ward, "都筑区")
        type_into(qtbot, dialog.listing, str(book))

    target = tmp_path / "都筑区.sqlite"
    answer(monkeypatch, NewPlanDialog, fill)
    save_as(monkeypatch, target)
    window.new_action.trigger()
    assert len(warnings) == 1 and "一覧" in warnings[0] and "C2" in warnings[0]
    assert opened == [] and not target.exists()


@pytest.mark.parametrize("menu", ["new", "next-year"])
def test_next_years_plan_from_the_open_one(window, plan_path, tmp_path, monkeypatch, qtbot, opened, warnings, menu):
    from asahi_desk.ui.new_plan_dialog import NEXT_YEAR, NewPlanDialog, NextYearDialog

    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, PlanTreeModel.COL_CURRENT), "4,321")  # this year's figure as the window holds it
    before = plan_path.read_bytes()
    target = tmp_path / "令和７年度.sqlite"
    asked: list[str] = []
    save_as(monkeypatch, target, asked)
    if menu == "new":
        def fill(dialog):
            dialog.choose(NEXT_YEAR)
            assert dialog.rollover.isEnabled()
            dialog.rollover.keep_report.setChecked(True)

        answer(monkeypatch, NewPlanDialog, fill)
        window.new_action.trigger()
    else:
        answer(monkeypatch, NextYearDialog, lambda d: d.rollover.keep_report.setChecked(True))
        window.next_year_action.trigger()
    assert warnings == [] and opened == [target]
    assert Path(asked[0]).name == "令和７年度_旭区.sqlite"
    assert rows(target, "SELECT ward, fiscal_year, carried_from FROM plan") == [("旭区", 2025, "令和６年度")]
    assert count(target, "projects") == 25 and count(target, "items") == 94
    assert count(target, "report_blocks") == count(plan_path, "report_blocks") > 0  # 資料２ kept, as asked
    old = dict(rows(plan_path, "SELECT name, amount FROM items"))
    new_last = rows(target, "SELECT name, last_year, amount FROM items")
    assert all(last == amount == old[name] for name, last, amount in new_last)
    assert (item.name, 4321, 4321) in new_last
    assert plan_path.read_bytes() == before  # the open plan is not changed


def test_the_new_file_is_never_the_open_one(window, plan_path, monkeypatch, qtbot, opened, warnings):
    from asahi_desk.ui.new_plan_dialog import NextYearDialog

    before = plan_path.read_bytes()
    answer(monkeypatch, NextYearDialog, lambda d: None)
    save_as(monkeypatch, plan_path)
    window.next_year_action.trigger()
    assert len(warnings) == 1 and "このウィンドウで開いている" in warnings[0]
    assert opened == [] and plan_path.read_bytes() == before
