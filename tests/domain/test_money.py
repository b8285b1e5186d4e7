import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asahi_desk.domain.money import (
    MAX_AMOUNT,
    AmountError,
    display_width,
    fiscal_year_label,
    fiscal_year_short,
    format_amount,
    format_box,
    format_date,
    format_inline,
    format_megabytes,
    format_rate,
    format_start_time,
    format_table,
    jnum,
    parse_amount,
    parse_wareki_date,
    round_half_up,
    to_fullwidth_digits,
    variance_rate,
    wareki_year,
)

amounts = st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT)


@pytest.mark.parametrize(
    ("value", "table", "box"),
    [(27412, "27,412", "27,412"), (-306, "▲ 306", "△306"), (-1575, "▲ 1,575", "△1,575"), (0, "0", "0"),
     (876702, "876,702", "876,702")],
)
def test_amounts_as_printed(value: int, table: str, box: str) -> None:
    assert format_table(value) == table
    assert format_box(value) == box


@pytest.mark.parametrize(
    ("current", "last", "text"),
    [(876702, 849290, "3.2%"), (102924, 103230, "▲ 0.3%"), (48626, 50201, "▲ 3.1%"), (24431, 24676, "▲ 1.0%"),
     (585, 885, "▲ 33.9%"), (457, 1507, "▲ 69.7%"), (100, 0, "皆増"), (0, 100, "皆減"), (0, 0, "－"),
     (1000, 1000, "0.0%"), (725152, 725153, "▲ 0.0%"), (100001, 100000, "0.0%")],
)
def test_variance_rate_as_printed(current: int, last: int, text: str) -> None:
    assert format_rate(current, last) == text


def test_variance_rate_rounds_half_up_away_from_zero() -> None:
    assert variance_rate(1005, 1000) == Decimal("0.5")
    assert variance_rate(10025, 10000) == Decimal("0.3")  # 0.25 → 0.3
    assert variance_rate(9975, 10000) == Decimal("-0.3")  # -0.25 → ▲ 0.3


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,345", 12345), ("１２，３４５", 12345), ("▲300", -300), ("△300", -300), ("-300", -300),
     ("  725 ", 725), ("　７２５　", 725), ("▲ 1,575", -1575), ("725千円", 725), ("－３００", -300), ("0", 0)],
)
def test_parse_accepts_what_people_type(text: str, value: int) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "words"),
    [("abc", "金額として読めません"), ("", "入力されていません"), ("   ", "入力されていません"),
     ("12.5", "小数"), ("1,23", "カンマ"), ("12,3456", "カンマ"), ("--3", "金額として読めません"),
     ("3▲", "金額として読めません"), ("1" * 13, "大きすぎます"), ("１２万", "金額として読めません")],
)
def test_parse_refuses_with_a_message(text: str, words: str) -> None:
    with pytest.raises(AmountError, match=words):
        parse_amount(text)


@given(amounts)
def test_table_format_round_trips(value: int) -> None:
    assert parse_amount(format_table(value)) == value


@given(amounts)
def test_box_format_round_trips(value: int) -> None:
    assert parse_amount(format_box(value)) == value


@given(amounts, st.sampled_from(["▲", "△", "-"]), st.booleans(), st.booleans())
def test_any_printed_form_round_trips(value: int, minus: str, space: bool, fullwidth: bool) -> None:
    text = format_amount(value, minus=minus, space=space)
    if fullwidth:
        text = to_fullwidth_digits(text).replace(",", "，")
    assert parse_amount(f" {text} ") == value


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_rate_sign_follows_the_change(last: int, current: int) -> None:
    text = format_rate(current, last)
    if current == 0:
        assert text == "皆減"
    elif current < last and variance_rate(current, last) != 0:
        assert text.startswith("▲ ")
    else:
        assert not text.startswith("▲")


def test_wareki() -> None:
    assert fiscal_year_label(2024) == "令和６年度"
    assert fiscal_year_label(2023) == "令和５年度"
    assert fiscal_year_label(2019) == "平成31年度"  # the era of its 1 April
    assert fiscal_year_label(2020) == "令和２年度"
    assert fiscal_year_label(2030) == "令和12年度"
    assert fiscal_year_short(2024) == "６年度"
    assert wareki_year(2024) == "令和６年"
    assert format_date(dt.date(2024, 6, 11), weekday=True) == "令和６年６月11日（火）"
    assert format_date(dt.date(2022, 12, 19), era=False) == "４年12月19日"
    assert format_date(dt.date(2019, 4, 30)) == "平成31年４月30日"
    assert jnum(6) == "６" and jnum(11) == "11"


def test_parse_wareki_date_refuses_a_day_that_does_not_exist() -> None:
    assert parse_wareki_date("令和６年６月11日") == dt.date(2024, 6, 11)
    assert parse_wareki_date("令和元年５月１日") == dt.date(2019, 5, 1)
    assert parse_wareki_date("2024-02-29") == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="という日はありません"):
        parse_wareki_date("令和６年２月30日")
    with pytest.raises(ValueError, match="日付として読めません"):
        parse_wareki_date("来週の火曜日")


def test_amounts_in_running_text_and_the_start_time() -> None:
    assert [format_inline(v) for v in (9, 0, 10, 1234, -5)] == ["９", "０", "10", "1,234", "▲ 5"]
    assert format_start_time("15:00") == "15時00分から"
    assert format_start_time("9:30") == "９時30分から"
    assert format_start_time("午後") == "午後"


def test_half_up_rounding_to_whole_numbers() -> None:
    assert [int(round_half_up(Decimal(v) / 10, 0)) for v in (84, 85, 86, -85)] == [8, 9, 9, -9]


def test_display_width_and_megabytes() -> None:
    assert [display_width(t) for t in ("abc", "区分", "▲ 306", "１２", "※")] == [3, 4, 6, 4, 2]
    assert format_megabytes(65 * 1024 * 1024) == "65 MB"
    assert format_megabytes(20 * 1024 * 1024, 1) == "20.0 MB"
    assert format_megabytes(1536 * 1024 * 1024) == "1,536 MB"
