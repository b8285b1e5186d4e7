"""The exported workbook: its sheets, figures, formats, print setup, identities and safety."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from asahi_desk.domain.tables import listing_tables, summary_tables
from asahi_desk.excel import ExportError, export_workbook, origin_of
from asahi_desk.domain.money import display_width
from asahi_desk.excel.layout import AMOUNT_FORMAT, META_SHEET, RATE_FORMAT
from asahi_desk.store import PlanStore
from tests.helpers import seed_summary_notes


@pytest.fixture(scope="module")
def wb(full_workbook: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(full_workbook)


def test_sheets_of_the_whole_plan(store: PlanStore, wb: openpyxl.Workbook) -> None:
    codes = [p.code for p in store.plan.projects()]
    assert wb.sheetnames == ["総括表", "事業別一覧表", *codes, META_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * (2 + len(codes)) + ["veryHidden"]
    assert wb.properties.title == "令和６年度 旭区個性ある区づくり推進費の執行計画"
    assert wb.properties.creator == "旭区区政推進課"


def test_summary_rows_are_the_domain_rows(store: PlanStore, wb: openpyxl.Workbook) -> None:
    ws = wb["総括表"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for table in summary_tables(store.plan):
        for row in table.rows:
            label = next(k for k in labels if k and k.startswith(row.label))
            at = labels[label]
            for col in (2, 3, 4):
                cell = ws.cell(at, col)
                assert cell.data_type == "f" and cell.number_format == AMOUNT_FORMAT
            assert ws.cell(at, 5).number_format == RATE_FORMAT
    total = labels["個性ある区づくり推進費"]
    assert ws.cell(total, 2).value.startswith("=SUM(")
    own = labels["自主企画事業費"]
    assert re.fullmatch(r"=SUM\('事業別一覧表'!E\d+:E\d+\)", ws.cell(own, 2).value)


def test_listing_rows_are_the_domain_rows(store: PlanStore, wb: openpyxl.Workbook) -> None:
    ws = wb["事業別一覧表"]
    names = [ws.cell(r, 4).value for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value]
    expected = []
    for table in listing_tables(store.plan):
        expected += [r.label for r in table.rows] + ([table.total.label] if table.total else [])
    assert names == expected
    totals = [r for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value == "合　計"]
    assert len(totals) == 2
    for r in totals:
        assert re.fullmatch(r"=SUM\(E\d+:E\d+\)", ws.cell(r, 5).value)
        assert ws.cell(r, 5).number_format == AMOUNT_FORMAT
    first = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value == "災害に強い区づくり事業")
    assert ws.cell(first, 5).value == "='Ⅰ-１'!D6"  # the project's budget on its own sheet
    assert ws.cell(first, 8).value == "総務課\n福祉保健課\n高齢・障害支援課"


def test_a_project_sheet(store: PlanStore, wb: openpyxl.Workbook) -> None:
    project = store.plan.project("Ⅰ-1")
    ws = wb["Ⅰ-１"]
    assert ws["A1"].value == "令和６年度　事業内容　Ⅰ-１"
    assert (ws["D3"].value, ws["D4"].value, ws["D5"].value) == (
        project.name, "総務課、福祉保健課、高齢・障害支援課", project.purpose)
    rows = [[ws.cell(r, c).value for c in range(2, 6)] for r in range(12, 12 + len(project.items))]
    assert rows == [[i.mark or None, i.name, i.amount, i.body] for i in project.items]
    assert ws.cell(12, 4).number_format == AMOUNT_FORMAT
    total = 12 + len(project.items) + 3
    assert (ws.cell(total, 1).value, ws.cell(total, 4).value) == ("合　計", "=SUM(D11:INDEX(D:D,ROW()-1))")
    assert ws["D6"].value == f"=D{total}"
    assert ws["D7"].value == project.last
    assert ws["D9"].number_format == RATE_FORMAT
    kpis = [[ws.cell(r, c).value for c in (3, 4, 5)] for r in range(total + 3, total + 5)]
    assert kpis == [["防災訓練・講習会等の実施回数", 84, "回"], ["訓練等に参加したことのない方の割合", 35, "％"]]
    marks = ws.data_validations.dataValidation[0]
    assert (marks.type, marks.formula1, str(marks.sqref)) == ("list", '"新,拡"', f"B12:B{total}")


def test_identities_are_in_hidden_names_and_the_hidden_sheet_only(store: PlanStore, wb: openpyxl.Workbook) -> None:
    item = store.plan.item("Ⅰ-1-2")
    assert wb.defined_names[f"AD_I{item.id}"].attr_text == "'Ⅰ-１'!$A$13"
    ours = [d for n, d in wb.defined_names.items() if n.startswith("AD_")]
    assert ours and all(d.hidden for d in ours)
    assert len(ours) == 2 + 6 * 25 + sum(len(p.items) + len(p.indicators) for p in store.plan.projects())
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and "AD_" in cell.value)


def test_formatting_and_print_setup(wb: openpyxl.Workbook) -> None:
    for ws in wb.worksheets[:-1]:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.orientation == "portrait"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows in ("$1:$1", "$1:$2")
    assert wb["総括表"].freeze_panes == "A4"  # below the headings of its first table
    assert wb["事業別一覧表"].freeze_panes == "A3"  # below the column headings
    assert wb["事業別一覧表"].print_title_rows == "$1:$2"  # title and column headings on every page
    assert wb["Ⅰ-１"].freeze_panes == "A3"  # below the title and the guide to filling in
    assert wb["総括表"].protection.sheet and wb["事業別一覧表"].protection.sheet
    assert wb["Ⅰ-１"].protection.sheet  # only its input cells can be typed (test_excel_sheets.py)


def test_columns_are_fitted_to_the_japanese_text(store: PlanStore, wb: openpyxl.Workbook) -> None:
    ws = wb["事業別一覧表"]
    sections = max(display_width(s.name) for s in store.plan.sections)
    assert ws.column_dimensions["H"].width >= sections  # 高齢・障害支援課 on one line
    longest = max(display_width(r.label) for t in listing_tables(store.plan) for r in t.rows)
    assert ws.column_dimensions["D"].width * 2 >= longest  # no project name takes more than two lines
    ws = wb["Ⅰ-１"]
    names = max(display_width(i.name) for i in store.plan.project("Ⅰ-1").items)
    assert ws.column_dimensions["C"].width >= names
    # a row of bullet lines is tall enough for them
    row = 13  # 防災活動事業: five long bullet lines
    assert ws.row_dimensions[row].height >= 14 * len(store.plan.item("Ⅰ-1-2").lines)


def test_text_beginning_like_a_formula_is_written_as_text(store: PlanStore, tmp_path: Path) -> None:
    tricky = ["=HYPERLINK(\"http://example.com\",\"x\")", "+81 45 000 0000", "-5 人", "@SUM(A1)"]
    item = store.plan.item("Ⅰ-4-1")
    store.update(item, name=tricky[0], lines=tricky[1:])
    store.update(store.plan.project("Ⅰ-4"), purpose="=1+1")
    path = tmp_path / "f.xlsx"
    export_workbook(store.plan, path, origin_of(store), section="生活衛生課")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', sheet, re.S))
    # the item's name, its lines and the purpose: text (an inline string), not a formula
    for ref, text in (("C12", tricky[0]), ("E12", "\n".join(tricky[1:])), ("D5", "=1+1")):
        assert "<f>" not in cells[ref]
        assert [html.unescape(t) for t in re.findall(r"<t[^>]*>(.*?)</t>", cells[ref], re.S)] == [text]
        assert re.search(rf'<c r="{ref}"[^>]*t="inlineStr"', sheet)
    formulas = [html.unescape(f) for f in re.findall(r"<f>(.*?)</f>", sheet, re.S)]
    assert formulas and not any("HYPERLINK" in f or f == "1+1" or "@" in f for f in formulas)
    wb = openpyxl.load_workbook(path)
    assert wb["Ⅰ-４"]["C12"].data_type == "s" and wb["Ⅰ-４"]["C12"].quotePrefix


def test_a_section_workbook_holds_its_projects_only(store: PlanStore, tmp_path: Path) -> None:
    path = tmp_path / "地域振興課.xlsx"
    done = export_workbook(store.plan, path, origin_of(store), section="地域振興課")
    wb = openpyxl.load_workbook(path)
    codes = [p.code for p in store.plan.projects() if any(s.name == "地域振興課" for s in p.all_sections)]
    assert "Ⅴ-１" in codes  # through its 統合事業費 items
    assert wb.sheetnames == [*codes, META_SHEET]
    assert done.projects == len(codes) == 12
    meta = {row[0].value: row[1].value for row in wb[META_SHEET].iter_rows(max_col=2)}
    assert meta["section"] == "地域振興課" and meta["plan"] == origin_of(store).identity.uid


def test_export_errors_are_for_the_user(store: PlanStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="課「財政課」はこの計画にありません（課：総務課、"):
        export_workbook(store.plan, tmp_path / "x.xlsx", origin_of(store), section="財政課")
    with pytest.raises(ExportError, match="課「土木事務所」が担当する事業はありません。"):
        export_workbook(store.plan, tmp_path / "x.xlsx", origin_of(store), section="土木事務所")
    with pytest.raises(ExportError, match="拡張子は .xlsx"):
        export_workbook(store.plan, tmp_path / "x.xls", origin_of(store))
    with pytest.raises(ExportError, match="フォルダー「.*ない」がありません。"):
        export_workbook(store.plan, tmp_path / "ない" / "x.xlsx", origin_of(store))
    assert not any(p.suffix == ".xlsx" for p in tmp_path.iterdir())  # not even a temporary one


def test_widths_do_not_depend_on_column_letters_only(wb: openpyxl.Workbook) -> None:
    """Every column the sheets use has a width set (nothing left at Excel's default)."""
    for ws in wb.worksheets[:-1]:
        for col in range(1, ws.max_column + 1):
            assert ws.column_dimensions[get_column_letter(col)].width, (ws.title, col)


def test_a_project_without_items_shows_its_own_budget(store: PlanStore, tmp_path: Path) -> None:
    project = store.plan.project("Ⅱ-3")  # 旭ふれあい区民まつり: one item of 3,300
    store.remove(project.items[0])
    store.update(project, amount=3300)
    path = tmp_path / "p.xlsx"
    export_workbook(store.plan, path, origin_of(store))
    ws = openpyxl.load_workbook(path)["Ⅱ-３"]
    assert (ws["D6"].value, ws["D7"].value) == (3300, 3300)


def summary_notes_cells(ws) -> list[str]:  # noqa: ANN001
    """Column A of the 総括表 from the first note on."""
    cells = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    start = next(i for i, v in enumerate(cells) if isinstance(v, str) and v.startswith("(1) "))
    return [v for v in cells[start:] if v]


def test_the_notes_under_the_summary_are_the_seeds(wb: openpyxl.Workbook, seed_text: str) -> None:
    ws = wb["総括表"]
    cells = summary_notes_cells(ws)
    assert "".join("".join(cells).split()) == seed_summary_notes(seed_text)
    headings = [c for c in cells if c.startswith("(")]
    assert len(headings) == 4 and all(h in seed_text.splitlines() for h in headings), headings
    assert "旭区で企画する主な区配事業※１" in [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]


def test_the_notes_under_the_summary_are_those_of_the_pdf(store: PlanStore, tmp_path: Path) -> None:
    from asahi_desk.render import render
    from tests.render.conftest import page_texts

    plan = store.plan
    store.update(plan.category("統合事業費"), description="各課の事業をまとめた経費です。")
    store.update(plan.category("旭区で企画する主な区配事業"), description="局の財源で行う事業です。")
    export_workbook(plan, tmp_path / "b.xlsx", origin_of(store))
    cells = summary_notes_cells(openpyxl.load_workbook(tmp_path / "b.xlsx")["総括表"])
    (page,) = page_texts(render(plan, "shiryo1").pdf, tmp_path)[:1]
    printed = page[page.index("(1) "):].strip().removesuffix("1").strip()
    assert "".join(printed.split()) == "".join("".join(cells).split())
    assert "(3) 統合事業費（統合事務事業費）" in cells and "(5) 旭区で企画する主な区配事業" in cells
