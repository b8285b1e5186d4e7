"""A decrease too small to show as a rate reads ▲ 0.0% wherever a rate is printed: tree, summary, PDF, workbook."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.domain.money import format_percent, format_rate
from asahi_desk.store import open_store

FACILITIES = "区庁舎・区民利用施設管理費"  # 725,152 this year


@pytest.fixture
def tiny_decrease(plan_path: Path) -> Path:
    """The plan with the facilities and Ⅰ-１ one 千円 below last year: −0.0001 % and −0.008 %."""
    store = open_store(plan_path)
    category = store.plan.category(FACILITIES)
    store.update(category, last_year=category.current + 1)
    project = store.plan.project("Ⅰ-１")
    store.update(project, last_year=project.current + 1)
    store.close()
    return plan_path


def test_summary_command_prints_a_tiny_decrease_as_triangle_zero(tiny_decrease: Path) -> None:
    from asahi_desk.cli import summary_text

    store = open_store(tiny_decrease, readonly=True)
    text = summary_text(store.plan)
    store.close()
    line = next(line for line in text.splitlines() if FACILITIES in line)
    assert line.split()[-3:] == ["1", "▲", "0.0%"]
    assert "-0.0" not in text


def test_tree_shows_triangle_zero(tiny_decrease: Path, qapp) -> None:
    from asahi_desk.ui.document import PlanDocument
    from asahi_desk.ui.plan_model import PlanTreeModel

    doc = PlanDocument(open_store(tiny_decrease))
    try:
        model = PlanTreeModel(doc)
        for node in (doc.plan.category(FACILITIES), doc.plan.project("Ⅰ-１")):
            assert model.index_of(node, model.COL_RATE).data() == "▲ 0.0%"
            assert model.index_of(node, model.COL_DIFF).data() == "▲ 1"
    finally:
        doc.close()


def test_printed_summary_shows_triangle_zero(tiny_decrease: Path, tmp_path: Path) -> None:
    from asahi_desk.render import render
    from tests.render.conftest import page_texts

    store = open_store(tiny_decrease, readonly=True)
    pages = page_texts(render(store.plan, "shiryo1").pdf, tmp_path, layout=True)
    store.close()
    line = next(line for line in pages[0].splitlines() if FACILITIES in line)
    assert re.search(r"▲\s*1\s+▲\s*0\.0%$", line.strip()), line
    assert "-0.0" not in pages[0]


def test_workbook_recalculated_shows_triangle_zero(tiny_decrease: Path, tmp_path: Path) -> None:
    from asahi_desk.excel import export_workbook, origin_of
    from tests.excel.xlsx_helpers import LibreOffice

    office = LibreOffice(tmp_path / "profile")
    if office.exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    store = open_store(tiny_decrease, readonly=True)
    source = tmp_path / "plan.xlsx"
    export_workbook(store.plan, source, origin_of(store))
    total_rate = format_rate(store.plan.total_category.current, store.plan.total_category.last)
    store.close()
    wb = openpyxl.load_workbook(office.convert(source, tmp_path / "calc"), data_only=True)
    ws = wb["総括表"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == FACILITIES)
    assert ws.cell(row, 5).value == "▲ 0.0%"
    assert wb["Ⅰ-１"].cell(9, 4).value == "▲ 0.0%"
    # a rate that does not round to zero stays a number, formatted by the cell
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "個性ある区づくり推進費")
    value = ws.cell(total, 5).value
    assert isinstance(value, float) and value < 0
    assert format_percent((Decimal(repr(value)) * 100).quantize(Decimal("0.1"))) == total_rate
