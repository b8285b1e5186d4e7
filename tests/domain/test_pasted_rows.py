"""Reading rows copied in a spreadsheet: every well-formed paste is read back, anything else refused by row and column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asahi_desk.domain.money import to_fullwidth_digits
from asahi_desk.store.default_data import load_default_plan
from asahi_desk.domain.pasted_rows import COLUMNS, PasteError, read_pasted_rows, split_cells

SECTIONS = ["総務課", "区政推進課", "地域振興課", "福祉保健課"]
names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters='\t"\u3000\x85'),
                min_size=1, max_size=20).map(str.strip).filter(bool)
amounts = st.integers(min_value=-999_999, max_value=9_999_999)


def written(value: int, style: int) -> str:
    """An amount as a person or a spreadsheet writes it."""
    digits = f"{abs(value):,}" if style % 2 else str(abs(value))
    if style >= 2:
        digits = to_fullwidth_digits(digits).replace(",", "，")
    sign = "" if value >= 0 else ("▲", "△", "-")[style % 3]
    return sign + digits + ("千円" if style == 3 else "")


@pytest.fixture(scope="module")
def plan():  # noqa: ANN201 - read, never changed
    return load_default_plan()


rows = st.lists(st.tuples(names, amounts, st.one_of(st.none(), amounts), st.lists(st.sampled_from(SECTIONS),
                                                                                  unique=True, max_size=3),
                          st.integers(0, 3)), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(rows=rows, crlf=st.booleans())
def test_every_well_formed_paste_reads_back(plan, rows, crlf) -> None:
    lines = []
    for name, amount, last, sections, style in rows:
        cells = [name, written(amount, style), "" if last is None else written(last, style)]
        if sections:
            cells.append("、".join(sections))
        lines.append("\t".join(cells))
    text = ("\r\n" if crlf else "\n").join(lines) + "\r\n"
    read = read_pasted_rows(text, plan)
    assert [(r.name, r.amount, r.last_year, [s.name for s in r.sections]) for r in read] == [
        (name, amount, last, sections) for name, amount, last, sections, _ in rows]


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(list("ab1２,▲.-\t\n\"総務課、 千円")), max_size=60))
def test_any_text_is_read_or_refused_by_row_and_column(plan, text) -> None:
    try:
        read = read_pasted_rows(text, plan)
    except PasteError as e:
        assert e.column in COLUMNS and 1 <= e.row <= max(1, len(split_cells(text)))
        assert f"{e.row} 行目の「{e.column}」" in str(e)
    else:
        assert len(read) == len(split_cells(text)) and all(r.name for r in read)


def test_a_cell_with_a_line_break_comes_in_quotes() -> None:
    assert split_cells('"防災訓練\n事業"\t100\t\n') == [["防災訓練\n事業", "100", ""]]


@pytest.mark.parametrize(("text", "where"), [
    ("\t100\t90", "1 行目の「名称」"),
    ("事業\t\t90", "1 行目の「予算」"),
    ("事業\t100\t九十", "1 行目の「前年度」"),
    ("事業\t100\t90\n事業\t100\t90\t戸籍課", "2 行目の「課」"),
    ("事業\t100\t90\t総務課\tメモ", "1 行目の「課」"),
    ('"二行の\n名称"\t100\t90', "1 行目の「名称」"),
    ("", "1 行目の「名称」"),
])
def test_a_bad_cell_is_named(plan, text, where) -> None:
    with pytest.raises(PasteError) as refused:
        read_pasted_rows(text, plan)
    assert where in str(refused.value)
