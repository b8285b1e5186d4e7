"""資料１ p.23 予算のすがた and p.24 主な事業内容, figure for figure against the seed."""

from __future__ import annotations

import re
import subprocess

import pytest

from asahi_desk.render import RenderResult
from tests.render.boxes import Box, above, below, lines, page_words
from tests.render.conftest import need



def _seed_block(seed: str, start: str, end: str) -> list[str]:
    body = seed[seed.index(start) + len(start):]
    return [line.strip() for line in body[:body.index(end)].splitlines() if line.strip()]


def _city_slices(seed: str) -> list[tuple[str, str, str]]:
    """(label, 億円 figure, share) of the 18区 chart, as the seed prints them."""
    block = _seed_block(seed, "注：各項目で四捨五入をしているため、合計額と一致しない場合があります。", "横浜市")
    figures = [i for i, line in enumerate(block) if line.endswith("億円")]
    labels = ["".join(block[(figures[k - 1] + 1 if k else 0):i]) for k, i in enumerate(figures)]
    shares = " ".join(_seed_block(seed, "18区全体\n1,386億円", "旭\n")).split()
    assert len(labels) == len(shares) == 10
    return [(label, block[i].replace(" ", ""), share) for label, i, share in zip(labels, figures, shares)]


def _ward_slices(seed: str) -> list[tuple[str, str]]:
    block = _seed_block(seed, "どれだけの事務事業を行っているかを示します。", "旭区\n")
    pairs, label = [], ""
    for line in block:
        if line.endswith("%"):
            pairs.append((label, line))
            label = ""
        else:
            label += line
    return pairs


def _label_over(line: Box, side: list[Box]) -> str:
    """The label printed over a figure: the lines above it in the same column, up to the line before."""
    text, cursor = "", line
    for _ in range(3):
        over = above(cursor, side)
        if over is None or cursor.y0 - over.y1 > 4 or over.text.endswith("%") or over.text.endswith("億円"):
            break
        text, cursor = over.text.replace(" ", "") + text, over
    return text


def _charts(p23: list[Box]) -> tuple[list[Box], Box, list[Box]]:
    """The lines of the 旭区 chart, the share between the charts (18区全体の), and the lines of the 18区 chart."""
    between = next(b for b in p23 if b.text == "18区全体の")
    band = [b for b in p23 if between.y0 - 100 < b.y0 < between.y1 + 100]
    return [b for b in band if b.x1 < between.x0], between, [b for b in band if b.x0 > between.x1]


@pytest.fixture(scope="module")
def p23(shiryo1: RenderResult, tmp_path_factory: pytest.TempPathFactory) -> list[Box]:
    return lines(page_words(shiryo1.pdf, 23, tmp_path_factory.mktemp("p23")))


def test_the_18_wards_chart_prints_each_figure_in_oku_yen_and_its_share_as_the_original(
        p23: list[Box], seed_text: str) -> None:
    city = _charts(p23)[2]
    for label, oku, share in _city_slices(seed_text):
        figure = [b for b in city if b.text.replace(" ", "") == oku]
        assert len(figure) == 1, (label, oku, [b.text for b in city])
        under = below(figure[0], city)
        assert under is not None and under.text == share, (label, oku, under)
        assert _label_over(figure[0], city) == label, (label, oku)


def test_the_18_wards_total_in_the_centre(p23: list[Box]) -> None:
    city = [b.text.replace(" ", "") for b in _charts(p23)[2]]
    assert "1,386億円" in city and "18区全体" in city


def test_the_ward_chart_prints_each_share_under_its_label(p23: list[Box], seed_text: str) -> None:
    ward = _charts(p23)[0]
    for label, share in _ward_slices(seed_text):
        found = [b for b in ward if b.text == share and _label_over(b, ward) == label]
        assert len(found) == 1, (label, share)


def test_the_ward_share_of_the_18_wards_between_the_charts(p23: list[Box]) -> None:
    between = _charts(p23)[1]
    under = below(between, p23)
    assert under is not None and under.text == "6.2%"


# p.24 主な事業内容 ---------------------------------------------------------------

# The rows top to bottom, as the original prints them (its text runs the
# names out of order, but its column of figures is in the order of the rows).
OUTLINE_ROWS = [
    "個性ある区づくり推進費", "自主企画事業費", "統合事務事業費", "区庁舎・区民利用施設管理費",
    "再配当予算", "区役所総務費", "賦課徴収費", "広報費", "統計調査費", "地域活動推進費等",
    "身近なまちづくり", "道路修繕費等", "河川維持管理費等", "下水道事業（※参考）", "公園管理費等",
    "子育て支援", "民間保育所運営", "市立保育所運営", "放課後児童健全育成", "地域子育て支援拠点等",
    "生活保護等", "生活保護", "生活困窮者自立支援",
    "福祉・保健", "障害者福祉", "高齢者福祉", "地域ケアプラザの管理運営等",
]


def _seed_outline_figures(seed: str) -> list[str]:
    block = _seed_block(seed, "主　な　事　業　内　容 （単位：百万円）\n\n予算\n", "統合事務事業費\n")
    figures = [line.split()[0] for line in block]
    assert figures[-1] == "8,607"
    return figures


@pytest.fixture(scope="module")
def p24(shiryo1: RenderResult, tmp_path_factory: pytest.TempPathFactory) -> str:
    need("pdftotext")
    path = tmp_path_factory.mktemp("p24") / "s1.pdf"
    path.write_bytes(shiryo1.pdf)
    return subprocess.run(["pdftotext", "-layout", "-f", "24", "-l", "24", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def test_every_row_of_the_outline_has_the_figure_of_the_original(p24: str, seed_text: str) -> None:
    printed = {}
    for line in p24.splitlines():
        m = re.match(r"\s*(\S+)\s+(\(?[\d,]+\)?)(\s|$)", line)
        if m and m[1] in OUTLINE_ROWS:
            printed[m[1]] = m[2]
    total = re.search(r"合\s+計\s+([\d,]+)", p24)
    assert total is not None
    rows = [printed.get(name) for name in OUTLINE_ROWS] + [total[1]]
    assert rows == _seed_outline_figures(seed_text)


def test_the_re_allotted_budget_is_named_as_printed(p24: str) -> None:
    assert re.search(r"^再配当予算\s+7,730 局からの予算再配当を受け、区が執行している予算$", p24, re.M)
    assert "予算再配当　" not in p24 and not re.search(r"^予算再配当\s", p24, re.M)


def test_the_general_affairs_rows_carry_their_own_figures(p24: str) -> None:
    for name, figure in [("賦課徴収費", "93"), ("広報費", "18"), ("統計調査費", "1"), ("地域活動推進費等", "206")]:
        assert re.search(rf"^\s+{name}\s+{figure}(\s|$)", p24, re.M), name


def test_the_features_text_gives_the_re_allotted_share(shiryo1_pages: list[str]) -> None:
    text = shiryo1_pages[22].replace("\n", "")
    assert "「再配当予算」で、旭区全体の約 89.8％に及びます" in text
