"""資料２ from the built-in plan, read back from the PDF: the seed's text, its numbering and its 概要版 page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from asahi_desk.domain.model import Plan, ReportBlock, ReportPanel
from asahi_desk.render import RenderResult, render
from asahi_desk.render.text import NO_END, NO_START

from .conftest import page_texts
from .test_pdf import SEED, flat


def seed_report_lines() -> list[str]:
    """The seed's 資料２ p.1–2, line by line: from its title to its boxed label."""
    text = SEED.read_text(encoding="utf-8")
    end = text.index("\n資料２ \n")
    start = text.rindex("「横浜市郊外部における働く場の創出事業 \n", 0, end)
    return [line.strip() for line in text[start:end].splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pages(shiryo2: RenderResult, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return page_texts(shiryo2.pdf, tmp_path_factory.mktemp("s2"))


def test_one_portrait_page_and_a_landscape_one(shiryo2: RenderResult) -> None:
    """The original's portrait part has no page break: one dense page, then the 概要版."""
    assert shiryo2.page_count == 2 and shiryo2.findings == []
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in PdfReader(BytesIO(shiryo2.pdf)).pages]
    assert sizes == [(595, 842), (842, 595)]
    assert shiryo2.page_labels == ["資料２-1", "資料２-2"]


def test_every_line_of_the_seed_is_printed(pages: list[str]) -> None:
    ours = flat(pages[0])
    lines = seed_report_lines()
    assert len(lines) > 30
    missing = [line for line in lines if flat(line) not in ours]
    assert not missing


def test_numbering_dates_and_label(pages: list[str], shiryo2: RenderResult, tmp_path: Path) -> None:
    first = flat(pages[0])
    for expected in ("１「横浜市郊外部における働く場の創出事業」の概要", "２実証実験の効果等について", "＜主な経緯＞",
                     "（1）運営上の工夫（施設の特徴）", "（2）主な効果", "（3）課題",
                     "・４年７月７日：「働く場」設置事業者の公募を開始", "・４年12月19日：設置事業者である",
                     "※当該施設の賃料は", "・５年５月13日：「トリオ左近山」オープン"):
        assert expected in first, expected
    assert "３実証実験の延長について" in first and "＜参考資料＞" in first
    assert "資料２" in pages[0] and not any("資料２" in p for p in pages[1:])
    for n, text in enumerate(page_texts(shiryo2.pdf, tmp_path, layout=True), 1):  # numbered at the bottom
        assert [line.strip() for line in text.splitlines() if line.strip()][-1] == str(n)


def test_the_summary_page_holds_every_panel(pages: list[str], default_plan: Plan) -> None:
    summary = flat(pages[1])
    report = default_plan.report
    assert flat(report.summary_title) in summary and flat(report.summary_byline) in summary
    for panel in report.panels:
        assert panel.title in summary
        for line in panel.text.splitlines():
            assert flat(line) in summary, line
    assert "月の平均利用回数は42回" in summary  # as in the seed


def test_no_line_starts_or_ends_against_kinsoku(pages: list[str], default_plan: Plan) -> None:
    report = default_plan.report
    stored = [line for text in [b.text for b in report.blocks] + [p.text for p in report.panels]
              for line in text.splitlines()]  # a line the plan itself starts (～旭区左近山団地…) is not a break
    for n, text in enumerate(pages, 1):
        for line in text.splitlines():
            line = line.strip()
            if line and not any(s.startswith(line[:6]) for s in stored):
                assert line[0] not in NO_START or line[0] in "・ー…", (n, line)
                assert line[-1] not in NO_END, (n, line)


def test_outline(shiryo2: RenderResult) -> None:
    (entry,) = shiryo2.outline
    assert entry.title == "資料２　「横浜市郊外部における働く場の創出事業～旭区左近山団地における実証実験～」について"
    assert [(c.title, c.page) for c in entry.children] == [
        ("１　「横浜市郊外部における働く場の創出事業」の概要", 1), ("２　実証実験の効果等について", 1),
        ("３　実証実験の延長について", 1), ("概要版", 2)]


def test_dates_and_numbers_follow_the_plan(plan: Plan, tmp_path: Path) -> None:
    """Nothing is typed twice: a date is printed from the stored date, sections are numbered in order."""
    blocks = plan.report.blocks
    dated = next(b for b in blocks if b.kind == "dated")
    dated.date = dt.date(2019, 5, 1)
    blocks.insert(2, ReportBlock("section", "<b>はじめに</b> & 経緯"))
    text = flat("".join(page_texts(render(plan, "shiryo2").pdf, tmp_path)))
    assert "・元年５月１日：「働く場」設置事業者の公募を開始" in text
    assert "１<b>はじめに</b>&経緯" in text and "２「横浜市郊外部における働く場の創出事業」の概要" in text
    assert "４実証実験の延長について" in text


def test_a_report_without_its_summary_or_without_text(plan: Plan) -> None:
    panels = plan.report.panels
    plan.report.panels = []
    assert render(plan, "shiryo2").page_count == 1
    plan.report.panels, plan.report.blocks = panels, []
    result = render(plan, "shiryo2")
    (page,) = PdfReader(BytesIO(result.pdf)).pages
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_a_panel_too_long_for_its_column_is_reported(plan: Plan) -> None:
    plan.report.panels[0] = ReportPanel("施設概要", "長い説明です。" * 600)
    result = render(plan, "shiryo2")
    assert result.page_count == 2
    assert [f.check for f in result.findings] == ["layout_summary_overflow"]
    assert "「施設概要」の文が欄に収まりません" in result.findings[0].message
