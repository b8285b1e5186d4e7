"""Figures as people read and write them: 千円 amounts, ▲/△, 増減率, 和暦.

This is the one place that turns numbers into text and text into numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

TABLE_MINUS = "▲"  # negative figures in tables: ▲ 306
BOX_MINUS = "△"  # negative figures in the 事業内容 budget box: △399

MAX_AMOUNT = 10**12 - 1  # 千円; anything larger is a typing slip

_TO_HALF = str.maketrans(
    "０１２３４５６７８９，．－＋％　",
    "0123456789,.-+% ",
)
_TO_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


class AmountError(ValueError):
    """Text that cannot be read as an amount; the message is for the user."""


def to_halfwidth(text: str) -> str:
    return text.translate(_TO_HALF)


def to_fullwidth_digits(text: str) -> str:
    return text.translate(_TO_FULL_DIGITS)


def display_width(text: str) -> int:
    """Width in half-width columns, as a fixed-pitch Japanese font (MS ゴシック, a Japanese console) sets it."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def jnum(n: int) -> str:
    """A number in running Japanese text: one digit full-width, more digits half-width."""
    s = str(n)
    return to_fullwidth_digits(s) if len(s) == 1 else s


def group(value: int) -> str:
    """Thousands separators, no sign handling beyond Python's."""
    return f"{value:,}"


def format_amount(value: int, *, minus: str = TABLE_MINUS, space: bool = True) -> str:
    """An amount with separators; negatives get the given mark instead of '-'."""
    if value < 0:
        return f"{minus}{' ' if space else ''}{group(-value)}"
    return group(value)


def format_table(value: int) -> str:
    """An amount in a table: 27,412 / ▲ 306."""
    return format_amount(value, minus=TABLE_MINUS, space=True)


def format_box(value: int) -> str:
    """An amount in the 事業内容 budget box: 311 / △399."""
    return format_amount(value, minus=BOX_MINUS, space=False)


def format_inline(value: int) -> str:
    """An amount in running text, as the packet writes it (【９千円】, 【1,234千円】): one digit full-width."""
    return jnum(value) if 0 <= value < 10 else format_table(value)


def format_megabytes(size: int, places: int = 0) -> str:
    """A size in bytes as MB of 1,048,576 bytes: 65 MB, or with one place 20.0 MB."""
    return f"{size / (1024 * 1024):,.{places}f} MB"


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def variance_rate(current: int, last: int) -> Decimal | None:
    """増減率 in percent, rounded half-up to one decimal; None when last year is 0.

    A decrease that rounds to zero keeps its sign (Decimal('-0.0')), so that it prints ▲ 0.0%.
    """
    if last == 0:
        return None
    return round_half_up(Decimal(current - last) * 100 / Decimal(last))


def percent_figure(value: Decimal) -> str:
    """A rounded percentage without its % sign: 6.2 / ▲ 0.3 / ▲ 0.0 (a decrease too small to show)."""
    return f"{TABLE_MINUS} {abs(value)}" if value.is_signed() else f"{value}"


def format_percent(value: Decimal) -> str:
    """A percentage as in tables: 6.2% / ▲ 0.3% / ▲ 0.0%."""
    return f"{percent_figure(value)}%"


def format_rate(current: int, last: int) -> str:
    """増減率 as printed: 3.2% / ▲ 0.3% / 皆増 / 皆減 / － (nothing either year)."""
    if last == 0:
        return "皆増" if current > 0 else "－" if current == 0 else format_percent(Decimal("-100.0"))
    if current == 0:
        return "皆減"
    rate = variance_rate(current, last)
    assert rate is not None
    return format_percent(rate)


def share(part: int, whole: int) -> Decimal:
    """part ÷ whole in percent, rounded half-up to one decimal (0 when whole is 0)."""
    if whole == 0:
        return Decimal("0.0")
    return round_half_up(Decimal(part) * 100 / Decimal(whole))


_AMOUNT = re.compile(r"(?P<sign>[▲△\-−‐])?\s*(?P<num>[0-9][0-9,]*)")
_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")


def parse_amount(text: str) -> int:
    """Read an amount in 千円 as people type it.

    Accepts 12,345 / １２，３４５ / ▲300 / △300 / -300 / 725千円, with spaces
    around; refuses anything else with a message that says what was wrong.
    """
    raw = text
    s = to_halfwidth(text or "").strip()
    if s.endswith("千円"):
        s = s[:-2].rstrip()
    if not s:
        raise AmountError("金額が入力されていません。")
    m = _AMOUNT.fullmatch(s)
    if not m:
        if re.fullmatch(r"[▲△\-−‐]?\s*[0-9,]*\.[0-9]+", s):
            raise AmountError(f"「{raw.strip()}」は小数です。金額は千円単位の整数で入力してください。")
        raise AmountError(
            f"「{raw.strip()}」は金額として読めません。数字で入力してください（例：12,345　▲300）。"
        )
    num = m.group("num")
    if "," in num and not _GROUPED.fullmatch(num):
        raise AmountError(f"「{raw.strip()}」はカンマの位置が正しくありません（例：12,345）。")
    value = int(num.replace(",", ""))
    if value > MAX_AMOUNT:
        raise AmountError(f"「{raw.strip()}」は大きすぎます。千円単位で入力してください。")
    return -value if m.group("sign") else value


# 和暦 ------------------------------------------------------------------------

_ERAS = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)


def era_of(day: dt.date) -> tuple[str, int]:
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} は昭和より前の日付です。")


def _era_year_text(name: str, n: int) -> str:
    return f"{name}{'元' if n == 1 else jnum(n)}年"


def era_year(day: dt.date) -> str:
    """The year of a day in its era: 2024-06-11 → 令和６年, 2019-04-01 → 平成31年."""
    return _era_year_text(*era_of(day))


def wareki_year(year: int) -> str:
    """A calendar year by its era at year end: 2024 → 令和６年."""
    return _era_year_text(*era_of(dt.date(year, 12, 31)))


def fiscal_year_label(fiscal_year: int) -> str:
    """The label of a fiscal year, by the era of its 1 April: 2024 → 令和６年度, 2019 → 平成31年度, 2020 → 令和２年度."""
    return _era_year_text(*era_of(dt.date(fiscal_year, 4, 1))) + "度"


def short_year_label(label: str) -> str:
    """A fiscal-year label without its era, as in table headings: 令和６年度 → ６年度."""
    return re.sub(r"^(令和|平成|昭和)", "", label.strip())


def fiscal_year_short(fiscal_year: int) -> str:
    """６年度, as in table headings."""
    return short_year_label(fiscal_year_label(fiscal_year))


FISCAL_YEARS = (2019, 2200)  # the fiscal years a plan file may hold


def check_fiscal_year(year: object) -> int:
    """A fiscal year a plan may hold (2019 …); the message is for the user."""
    if not isinstance(year, int) or isinstance(year, bool) or not FISCAL_YEARS[0] <= year <= FISCAL_YEARS[1]:
        raise ValueError(f"年度は {FISCAL_YEARS[0]} から {FISCAL_YEARS[1]} までの西暦で指定してください（{year!r}）。")
    return year


def check_year_label(label: str, fiscal_year: int) -> str:
    """A label typed for a fiscal year (令和元年度 for 2019), written as labels are; the message is for the user."""
    text = to_halfwidth(label).strip()
    m = re.fullmatch(r"(令和|平成|昭和)\s*(元|\d{1,3})\s*年度", text)
    if not m:
        raise ValueError(f"年度の表記「{label}」は「令和元年度」のように元号・年・「年度」で書いてください。")
    era, n = m.group(1), 1 if m.group(2) == "元" else int(m.group(2))
    start = next(start for start, name in _ERAS if name == era)
    if n < 1 or start.year + n - 1 != fiscal_year:
        raise ValueError(f"「{label}」は {fiscal_year} 年度（{fiscal_year_label(fiscal_year)}）の表記ではありません。")
    return _era_year_text(era, n) + "度"


WEEKDAYS = "月火水木金土日"


def format_date(day: dt.date, *, weekday: bool = False, era: bool = True) -> str:
    """令和６年６月11日（火）; without the era name: ４年７月７日."""
    name, n = era_of(day)
    year = _era_year_text(name, n) if era else f"{'元' if n == 1 else jnum(n)}年"
    text = f"{year}{jnum(day.month)}月{jnum(day.day)}日"
    if weekday:
        text += f"（{WEEKDAYS[day.weekday()]}）"
    return text


def format_start_time(start: str) -> str:
    """A stored start time as the 次第 prints it: 15:00 → 15時00分から (anything else as it is)."""
    hours, _, minutes = start.partition(":")
    if not hours.strip().isdigit():
        return start
    return f"{jnum(int(hours))}時{(minutes.strip() or '00').zfill(2)}分から"


def parse_wareki_date(text: str) -> dt.date:
    """Read 令和６年２月29日 or 2024-02-29; refuse a date that does not exist."""
    s = to_halfwidth(text).strip()
    m = re.fullmatch(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?", s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日", s)
        if not m:
            raise ValueError(f"「{text}」は日付として読めません（例：令和６年６月11日）。")
        era, n, month, day = m.groups()
        start = next(start for start, name in _ERAS if name == era)
        y, mo, d = start.year + (1 if n == "元" else int(n)) - 1, int(month), int(day)
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueError(f"「{text}」という日はありません。") from None
