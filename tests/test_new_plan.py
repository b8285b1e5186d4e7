"""A new plan for any ward: empty, or from a listing workbook, printed with the ward's own name only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from asahi_desk.cli import main
from asahi_desk.domain.money import format_table, parse_amount
from asahi_desk.domain.new_plan import RowError, cell_amount, read_listing_row, split_sections
from asahi_desk.excel.listing import read_listing
from asahi_desk.paths import data_path
from asahi_desk.render import render
from asahi_desk.store import PlanStore
from tests.render.conftest import page_texts

HEAD = ["柱", "事業名", "予算", "前年度", "課"]
ROWS = [
    ["Ⅰ　みどり豊かなまち", "里山ふれあい事業", 3120, 2890, "地域振興課"],
    [None, "水辺の清掃活動支援事業", "１，２５０", "1,400千円", "土木事務所、地域振興課"],
    ["Ⅱ　ともに支え合うまち", "認知症サポーター養成事業", 760, 760, "高齢・障害支援課\n福祉保健課"],
    [None, "多文化共生推進事業", 540, None, "区政推進課"],
    ["Ⅰ　みどり豊かなまち", "花と緑のまちかど事業", "△0", 310, "土木事務所"],
    ["Ⅲ　つながる文化のまち", "地域の音楽祭支援事業", 980.0, 1010, "地域振興課、こども家庭支援課"],
]
# name, this year, last year as each row means them
EXPECTED = [("里山ふれあい事業", 3120, 2890), ("水辺の清掃活動支援事業", 1250, 1400),
            ("花と緑のまちかど事業", 0, 310), ("認知症サポーター養成事業", 760, 760),
            ("多文化共生推進事業", 540, 0), ("地域の音楽祭支援事業", 980, 1010)]


def _workbook(path: Path, rows: list[list[object]], title: str = "一覧") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(HEAD)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _load(path: Path):  # noqa: ANN202
    store = PlanStore.open(path, readonly=True)
    plan = store.plan
    store.close()
    return plan


def test_an_empty_plan_of_another_ward(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "青葉区.sqlite"
    assert main(["init", str(path), "--ward", "青葉区", "--fiscal-year", "2019"]) == 0
    plan = _load(path)
    assert (plan.ward, plan.fiscal_year, plan.year_label) == ("青葉区", 2019, "平成31年度")
    assert [c.name for c in plan.walk_categories()] == [
        "個性ある区づくり推進費", "自主企画事業費", "統合事務事業費", "統合事務費", "統合事業費",
        "区庁舎・区民利用施設管理費", "青葉区で企画する主な区配事業"]
    assert not list(plan.projects())
    assert [p.name for p in plan.category("自主企画事業費").pillars] == [""]  # to be named
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    assert "柱の名称が空です" in capsys.readouterr().out
    text = "".join(page_texts(render(plan, "packet").pdf, tmp_path))
    assert "旭区" not in text and "平成31年度 青葉区個性ある区づくり推進費" in text


def test_a_plan_of_another_ward_from_a_listing(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "一覧.xlsx", ROWS)
    path = tmp_path / "緑区.sqlite"
    assert main(["init", str(path), "--ward", "緑区", "--fiscal-year", "2025", "--from-listing", str(book)]) == 0
    plan = _load(path)
    pillars = plan.category("自主企画事業費").pillars
    assert [p.name for p in pillars] == ["みどり豊かなまち", "ともに支え合うまち", "つながる文化のまち"]
    assert [(p.name, p.current, p.last) for p in plan.projects()] == EXPECTED
    assert [s.name for s in plan.project("Ⅰ-2").sections] == ["土木事務所", "地域振興課"]
    assert [s.name for s in plan.project("Ⅱ-1").sections] == ["高齢・障害支援課", "福祉保健課"]

    pdf = render(plan, "shiryo1").pdf
    pages = page_texts(pdf, tmp_path, layout=True)
    whole = "".join(page_texts(pdf, tmp_path))
    assert "旭区" not in whole
    listing = next(p for p in pages if "事業別一覧表" in "".join(p.split()))
    flat = "".join(listing.split())
    for name, current, last in EXPECTED:
        line = next(line for line in listing.splitlines() if name in "".join(line.split()))
        figures = "".join(line.split())
        assert f"{format_table(current)}{format_table(last)}{format_table(current - last)}".replace(" ", "") \
            in figures, line
    total_current, total_last = sum(e[1] for e in EXPECTED), sum(e[2] for e in EXPECTED)
    assert f"合計{format_table(total_current)}{format_table(total_last)}{format_table(total_current - total_last)}" \
        .replace(" ", "") in flat
    assert "７年度予算６年度予算" in flat
    summary = "".join(pages[0].split())
    assert "令和７年度緑区個性ある区づくり推進費予算" in summary and "緑区で企画する主な区配事業" in whole.replace("\n", "")


def test_every_bad_cell_is_named_and_nothing_is_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [[None, "柱のない事業", 100, 100, "総務課"],
            ["Ⅰ　柱", "", 100, 100, "総務課"],
            ["Ⅰ　柱", "金額の誤り", "12,34", "百円", "総務課"],
            ["Ⅰ　柱", "小数", 10.5, 3, "総務課"]]
    book = _workbook(tmp_path / "誤り.xlsx", rows, title="一覧表")
    listing = read_listing(book)
    assert not listing.ok and not listing.rows
    assert [(p.sheet, p.cell) for p in listing.errors] == [
        ("一覧表", "A2"), ("一覧表", "B3"), ("一覧表", "C4"), ("一覧表", "D4"), ("一覧表", "C5")]
    path = tmp_path / "作らない.sqlite"
    assert main(["init", str(path), "--ward", "緑区", "--fiscal-year", "2025", "--from-listing", str(book)]) == 2
    err = capsys.readouterr().err
    assert "シート「一覧表」のセル C4" in err and "カンマ" in err
    assert not path.exists()


def test_init_refuses_half_a_ward_and_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "a.sqlite"), "--ward", "緑区"]) == 2
    assert "--fiscal-year" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["init", str(tmp_path / "a.sqlite"), "--ward", "緑区", "--fiscal-year", "1999"])
    assert "2019 から" in capsys.readouterr().err
    assert not (tmp_path / "a.sqlite").exists()


def test_the_shipped_example_listing_reads() -> None:
    listing = read_listing(data_path("templates", "一覧表の例.xlsx"))
    assert listing.ok and len(listing.rows) == 5


def test_sections_split_on_commas_and_line_breaks() -> None:
    assert split_sections("総務課、区政推進課\n土木事務所，福祉保健課") == ["総務課", "区政推進課", "土木事務所", "福祉保健課"]


@settings(max_examples=200)
@given(st.integers(-10**9, 10**9), st.sampled_from(["{}", "{:,}", "{}千円"]), st.booleans())
def test_a_typed_amount_reads_as_everywhere_else(value: int, form: str, fullwidth: bool) -> None:
    text = form.format(abs(value))
    if value < 0:
        text = "▲" + text
    if fullwidth:
        text = text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert cell_amount(text, "予算", required=True) == parse_amount(text) == value


@given(st.text(max_size=12))
def test_any_text_in_an_amount_cell_is_read_or_refused_with_a_message(text: str) -> None:
    row, errors = read_listing_row(["柱", "事業", text, None, ""])
    assert (row is None) == bool(errors)
    assert all(isinstance(e, RowError) and str(e) and e.column == "予算" for e in errors)
