"""Lines of 資料１ as the original breaks them: names whole, figures with their units, 課 joined with 「、」."""

from __future__ import annotations

import re
import subprocess

import pytest

from asahi_desk.render import RenderResult
from tests.render.conftest import need


def _page(pages: list[str], heading: str) -> str:
    found = [p for p in pages if heading in p]
    assert len(found) == 1, heading
    return found[0]


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def layout_pages(shiryo1: RenderResult, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    need("pdftotext")
    path = tmp_path_factory.mktemp("layout") / "s1.pdf"
    path.write_bytes(shiryo1.pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")


@pytest.mark.parametrize(("heading", "lines"), [
    ("Ⅰ-１ 事業内容", ["総務課、福祉保健課", "高齢・障害支援課"]),
    ("Ⅱ-１ 事業内容", ["地域振興課、区政推進課", "福祉保健課"]),
    ("Ⅲ-２ 事業内容", ["区政推進課、地域振興課"]),
])
def test_the_sections_of_a_block_are_joined_as_printed(shiryo1_pages: list[str], heading: str,
                                                          lines: list[str]) -> None:
    page = _lines(_page(shiryo1_pages, heading))
    at = page.index(lines[0])
    assert page[at:at + len(lines)] == lines


def test_the_listing_stacks_the_sections_in_the_order_of_the_ward(shiryo1_pages: list[str]) -> None:
    page = _lines(shiryo1_pages[1])
    at = page.index("区政推進課", page.index(next(l for l in page if "あさひのつながり応援・発信事業" in l)))
    assert page[at:at + 3] == ["区政推進課", "地域振興課", "福祉保健課"]


def test_a_bureau_box_of_one_entry_has_no_bullet(shiryo1_pages: list[str]) -> None:
    page = _lines(_page(shiryo1_pages, "Ⅲ-２ 事業内容"))
    assert "身近に農を感じる地産地消の推進事業(みどり環境局)【410千円】" in page
    assert not any(line.startswith("・身近に農") for line in page)
    assert any(line.startswith("・GREEN×EXPO") for line in page)  # a box of several keeps its bullets


def test_the_only_row_of_a_table_has_no_number(layout_pages: list[str]) -> None:
    listing = layout_pages[2]
    line = next(l for l in listing.splitlines() if "地域の担い手応援事業" in l)
    assert not re.search(r"\s1\s+地域の担い手応援事業", line), line
    assert re.search(r"\s9\s+健康づくり月間", listing)  # the rows of a longer table keep theirs


def test_sport_is_printed_above_street_cleaning_on_the_page_they_share(shiryo1_pages: list[str]) -> None:
    page = _page(shiryo1_pages, "Ⅱ-４ 事業内容")
    assert "Ⅱ-５ 事業内容" in page and page.index("Ⅱ-５ 事業内容") < page.index("Ⅱ-４ 事業内容")
    assert shiryo1_pages.index(page) == 8  # p.9, as the original
    listing = _lines(shiryo1_pages[1])
    assert listing.index(next(l for l in listing if "街の美化運動事業" in l)) < \
        listing.index(next(l for l in listing if "区民スポーツ事業" in l))


@pytest.mark.parametrize(("heading", "run"), [
    ("Ⅲ-２ 事業内容", "【4,000千円】"),
    ("Ⅲ-２ 事業内容", "【1,000千円】"),
    ("Ⅱ-８ 事業内容", "1,500部）"),
    ("Ⅱ-15 事業内容", "（年２回）"),
    ("Ⅱ-１ 事業内容", "【1,000千円】"),
])
def test_a_figure_keeps_its_unit_on_its_line(shiryo1_pages: list[str], heading: str, run: str) -> None:
    page = _page(shiryo1_pages, heading)
    assert run in page.replace("\n", "¶"), f"{run} is broken across lines on the page of {heading}"


@pytest.mark.parametrize("name", ["旭ふれあい区民まつり", "子育て・若者支援事業", "地域福祉保健計画事業",
                                  "区役所満足度向上事業", "地域の担い手応援事業"])
def test_a_name_of_ten_characters_is_one_line_of_its_cell(shiryo1_pages: list[str], name: str) -> None:
    page = next(p for p in shiryo1_pages[3:22] if name in p.replace("\n", ""))
    assert name in _lines(page)


def test_a_long_name_breaks_after_ten_characters_as_the_original(shiryo1_pages: list[str]) -> None:
    page = _lines(_page(shiryo1_pages, "Ⅱ-６ 事業内容"))
    at = page.index("文化芸術による心の豊")
    assert page[at + 1] == "かさ推進事業"


def test_the_listing_names_break_where_the_original_breaks_them(shiryo1_pages: list[str]) -> None:
    page = _lines(shiryo1_pages[1])
    assert "安全で安心な食と生活環境支援事業" in page
    at = page.index("地域のつながりづくりに向けた民生")
    assert page[at + 1] == "委員の活動支援事業"
    at = page.index("認知症をみんなでささえるまちづく")
    assert page[at + 1] == "り事業"


def test_pillar_labels_are_never_broken_inside_a_word(layout_pages: list[str]) -> None:
    lines = [line.strip() for line in layout_pages[1].splitlines()]
    for label in (r"Ⅰ\s+安全・安心", r"Ⅱ\s+地域の力", r"Ⅲ\s+魅力づくり"):
        assert any(re.search(r"(^|\s)" + label + r"\s", line) for line in lines), label
    at = next(i for i, line in enumerate(lines) if re.match(r"Ⅳ\s+区民$", line))
    assert lines[at + 2] == "サービスの向上"  # a long one breaks between its words
    assert not any(re.search(r"(安全・|地域の|魅力づ)$", line) for line in lines)


def test_a_figure_holds_its_unit_and_counter() -> None:
    from asahi_desk.render.text import can_break

    for before, after in [("0", "千"), ("千", "円"), ("0", "部"), ("年", "２"), ("２", "回"), ("２", "０")]:
        assert not can_break(before, after), before + after
    assert can_break("円", "の") and can_break("事", "業")


def test_a_name_never_ends_with_one_character_alone_where_another_break_exists() -> None:
    from asahi_desk.render.text import balanced_points, break_points

    text = "あいうえおかきくけこさ"  # eleven characters in lines of ten
    widths = [10.0] * len(text)
    assert [(a, b) for a, b, _ in break_points(text, widths, [100.0])] == [(0, 10), (10, 11)]
    assert [(a, b) for a, b, _ in balanced_points(text, widths, [100.0])] == [(0, 9), (9, 11)]
