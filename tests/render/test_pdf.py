"""資料１ and the 次第 from the built-in plan, read back from the PDF as a person would."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from asahi_desk.domain.model import Plan
from asahi_desk.domain.money import format_box, format_table
from asahi_desk.domain.overview import city_donut, fill_text, ward_donut
from asahi_desk.domain.tables import listing_tables, summary_tables
from asahi_desk.render import RenderResult
from asahi_desk.version import version

from .conftest import need, page_texts

# Where the original packet prints each 事業内容 block (資料１ page numbers).
ORIGINAL_PAGES = {
    "Ⅰ-１": 4, "Ⅰ-２": 5, "Ⅰ-３": 6, "Ⅰ-４": 6, "Ⅱ-１": 7, "Ⅱ-２": 8, "Ⅱ-３": 8, "Ⅱ-４": 9, "Ⅱ-５": 9,
    "Ⅱ-６": 10, "Ⅱ-７": 11, "Ⅱ-８": 12, "Ⅱ-９": 13, "Ⅱ-10": 14, "Ⅱ-11": 14, "Ⅱ-12": 15, "Ⅱ-13": 15,
    "Ⅱ-14": 16, "Ⅱ-15": 16, "Ⅲ-１": 17, "Ⅲ-２": 18, "Ⅲ-３": 19, "Ⅳ-１": 20, "Ⅴ-１": 21, "Ⅵ-１": 22,
}
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_r6.txt"
_FIGURE = re.compile(r"【[\d,]+\s*千円】|[▲△]\s*[\d,]+(?:\.\d+%)?|\d{1,3}(?:,\d{3})+(?:\s*千円)?|\d+\s*千円|\d+\.\d+%")
_ANY_NUMBER = re.compile(r"[▲△]?\s*[0-9][0-9,]*(?:\.[0-9]+)?%?")  # the seed numbers Ⅳ-1 １ full-width, once


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def figures(text: str, pattern: re.Pattern[str] = _FIGURE) -> set[str]:
    """The figures of a piece of the seed, as they must appear in ours (千円 may sit in its own cell)."""
    out = set()
    for token in pattern.findall(text):
        token = flat(token)
        out.add(token if token.startswith("【") else token.removesuffix("千円"))
    return out


def seed_pages() -> list[str]:
    """The seed's pages: a line that starts with a space opens a new page."""
    pages: list[list[str]] = [[]]
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if line.startswith(" ") and any(s.strip() for s in pages[-1]):
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(p) for p in pages]


def seed_blocks() -> dict[str, str]:
    """The seed's text of each 事業内容 block, by code."""
    text = SEED.read_text(encoding="utf-8")
    text = text[: text.index("に係る予算のすがた")]
    heads = list(re.finditer(r"([ⅠⅡⅢⅣⅤⅥ]-\S+) 事業内容", text))
    return {m.group(1): text[m.end() : (heads[i + 1].start() if i + 1 < len(heads) else len(text))]
            for i, m in enumerate(heads)}


def test_agenda_is_one_page_with_the_meeting(agenda: RenderResult, tmp_path: Path) -> None:
    assert agenda.page_count == 1
    (text,) = page_texts(agenda.pdf, tmp_path, layout=True)
    text = flat(text)
    for expected in ("令和６年第２回", "区づくり推進横浜市会議員会議　次第", "令和６年６月11日（火）", "15時00分から",
                     "旭区役所新館２階大会議室", "１　座長挨拶", "４　議題", "【副区長】", "６　その他",
                     "・令和６年度 旭区個性ある区づくり推進費の執行計画について"):
        assert flat(expected) in text, expected
    assert re.search(r"…{4,}資料１", text) and re.search(r"…{4,}資料２", text)


def test_shiryo1_has_the_pages_of_the_original(shiryo1: RenderResult, default_plan: Plan) -> None:
    assert shiryo1.page_count == 25
    pages = {p.code: shiryo1.project_pages[p.id] for p in default_plan.projects() if p.id is not None}
    assert pages == ORIGINAL_PAGES
    assert shiryo1.findings == []


def test_page_reference_is_where_the_block_landed(shiryo1: RenderResult, shiryo1_pages: list[str],
                                                  default_plan: Plan) -> None:
    target = default_plan.project("Ⅰ-4")
    assert target is not None and shiryo1.project_pages[target.id] == 6  # type: ignore[index]
    assert "Ⅰ-４ 安全で安心な食と生活環境支援事業（Ｐ６ 再掲）" in shiryo1_pages[3]


def test_every_font_is_embedded(shiryo1: RenderResult, agenda: RenderResult, tmp_path: Path) -> None:
    need("pdffonts")
    for result in (shiryo1, agenda):
        source = tmp_path / "f.pdf"
        source.write_bytes(result.pdf)
        out = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True, text=True).stdout
        rows = out.splitlines()[2:]
        assert rows, out
        for row in rows:
            emb, sub = row.split()[-5], row.split()[-4]
            assert (emb, sub) == ("yes", "yes"), row


def test_metadata(shiryo1: RenderResult, tmp_path: Path) -> None:
    need("pdfinfo")
    source = tmp_path / "m.pdf"
    source.write_bytes(shiryo1.pdf)
    info = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "令和６年度 旭区個性ある区づくり推進費の執行計画"
    assert fields["Author"].strip() == "旭区区政推進課"
    assert "資料１" in fields["Subject"]
    assert fields["CreationDate"].strip()
    assert fields["Producer"].strip() == f"Asahi Desk {version()} (ReportLab, pypdf)"
    assert fields["Pages"].strip() == "25"


def test_page_numbers_and_label(shiryo1: RenderResult, tmp_path: Path) -> None:
    pages = page_texts(shiryo1.pdf, tmp_path, layout=True)
    for n, text in enumerate(pages, 1):
        last = [line.strip() for line in text.splitlines() if line.strip()][-1]
        assert last == str(n)
    assert "資料１" in pages[0]
    assert not any("資料１" in text for text in pages[1:])


def test_summary_and_listing_hold_the_seeds_figures(shiryo1_pages: list[str], default_plan: Plan) -> None:
    seed = seed_pages()
    summary = next(p for p in seed if "総括表" in p)
    listing = next(i for i, p in enumerate(seed) if "事 業 別 一 覧 表" in p)
    for ours, theirs in ((shiryo1_pages[0], summary), (shiryo1_pages[1], seed[listing]),
                         (shiryo1_pages[2], seed[listing + 1])):
        wanted = figures(theirs, _ANY_NUMBER)
        assert wanted and not {f for f in wanted if f not in flat(ours)}
    # and as computed from the plan: ▲ in tables
    for table in summary_tables(default_plan):
        for row in table.rows:
            for figure in (format_table(row.current), format_table(row.last), row.diff_text, row.rate_text):
                assert flat(figure) in flat(shiryo1_pages[0])
    assert "▲306" in flat(shiryo1_pages[0]) and "▲0.3%" in flat(shiryo1_pages[0])
    listed = flat(shiryo1_pages[1] + shiryo1_pages[2])
    for table in listing_tables(default_plan):
        for row in table.rows:
            assert flat(row.diff_text) in listed and format_table(row.current) in listed


@pytest.mark.parametrize("code", list(ORIGINAL_PAGES))
def test_each_block_page_holds_the_seeds_figures(code: str, shiryo1: RenderResult, shiryo1_pages: list[str],
                                                 default_plan: Plan) -> None:
    project = default_plan.project(code)
    assert project is not None and project.id is not None
    page = flat(shiryo1_pages[shiryo1.project_pages[project.id] - 1])
    wanted = figures(seed_blocks()[code])
    assert wanted
    assert not {f for f in wanted if f not in page}
    # budget box with △, computed from the items
    for value in (project.current, project.last, project.current - project.last):
        assert format_box(value) in page
    assert "▲" not in page  # the budget box writes its minus △, never the tables' ▲


def test_budget_shape_and_outline(shiryo1_pages: list[str], default_plan: Plan) -> None:
    shape, outline = flat(shiryo1_pages[22]), flat(shiryo1_pages[23])
    overview = default_plan.overview
    for chart in (ward_donut(overview), city_donut(overview)):
        for piece in (*chart.inner, *chart.outer):
            assert f"{piece.percent}%" in shape
    assert "86億円" in shape and "1,386億円" in shape and "18区全体の" in shape
    assert fill_text(default_plan, "{合計:18区比}") == "6.2"
    for row in overview.walk():
        assert format_table(row.amount) in outline
    assert "8,607" in outline and "8,777百万円" in outline and "1,498百万円" in outline
    assert "選ばれ続ける「ふるさと旭」の実現" in flat(shiryo1_pages[24])


def test_no_line_starts_or_ends_against_kinsoku(shiryo1_pages: list[str]) -> None:
    from asahi_desk.render.text import NO_END, NO_START

    for n, text in enumerate(shiryo1_pages, 1):
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            assert line[0] not in NO_START or line[0] in "・ー…", (n, line)
            assert line[-1] not in NO_END, (n, line)


def _listing_sums(text: str) -> list[tuple[str, list[int], list[int]]]:
    """Each table of the 一覧表 as printed: the figures of its rows and of its 合計 (this year, last year)."""

    def amount(token: str) -> int:
        return -int(token[1:].strip().replace(",", "")) if token.startswith("▲") else int(token.replace(",", ""))

    tables: list[tuple[str, list[int], list[int]]] = []
    rows: list[list[int]] = []
    for line in text.splitlines():
        if "事業名" in line:
            rows = []
            continue
        figures = [amount(t) for t in re.findall(r"▲ ?[\d,]+|[\d,]+", line)]
        if len(figures) < 3:
            continue
        current, last, diff = figures[-3:]
        assert current - last == diff, line
        if re.search(r"合\s*計", line):
            tables.append((line, [sum(r[0] for r in rows), sum(r[1] for r in rows)], [current, last]))
        else:
            rows.append([current, last])
    return tables


def test_a_project_without_items_under_the_integrated_costs_is_a_row_of_the_listing(store, tmp_path: Path) -> None:
    from asahi_desk.render import render
    from tests.helpers import integrated_project_without_items

    integrated_project_without_items(store)
    pages = page_texts(render(store.plan, "shiryo1").pdf, tmp_path, layout=True)
    listing = pages[1] + pages[2]
    assert re.search(r"新しい事業\s+500\s+400\s+100", listing)
    tables = _listing_sums(listing)
    assert len(tables) == 2  # 自主企画事業 and 統合事務事業費
    for line, rows, total in tables:
        assert rows == total, line
    assert tables[1][2] == [48626 + 500, 50201 + 400]
    assert "49,126" in pages[0] and "50,601" in pages[0]  # the 総括表 counts it the same way


def test_the_notes_under_the_summary_are_the_seeds(shiryo1_pages: list[str], seed_text: str) -> None:
    from tests.helpers import seed_summary_notes

    headings = [line for line in shiryo1_pages[0].splitlines() if line.startswith("(")]
    assert len(headings) == 4 and all(h in seed_text.splitlines() for h in headings), headings
    page = flat(shiryo1_pages[0])
    assert "旭区で企画する主な区配事業※１" in page
    notes = page[page.index("(1)"):].removesuffix("1")  # up to the page number
    assert notes == seed_summary_notes(seed_text)
