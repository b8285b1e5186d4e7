"""区に係る予算のすがた: the shares and the figures of its prose, computed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from decimal import Decimal

from .model import Overview, OverviewRow, Plan
from .money import jnum, percent_figure, round_half_up, share


@dataclass(frozen=True)
class Slice:
    label: str
    amount: int
    percent: Decimal


@dataclass(frozen=True)
class Donut:
    """Two rings: the first level of rows inside, the second outside."""

    inner: list[Slice]
    outer: list[Slice]
    total: int


def donut(overview: Overview, amount: Callable[[OverviewRow], int]) -> Donut:
    """The rows counted in the total inside, their counted parts outside, each with its share of the total."""
    rows = overview.counted_rows
    total = sum(amount(r) for r in rows)

    def piece(row: OverviewRow) -> Slice:
        return Slice(row.chart_label or row.name, amount(row), share(amount(row), total))

    return Donut([piece(r) for r in rows], [piece(c) for r in rows for c in r.counted_children], total)


def ward_donut(overview: Overview) -> Donut:
    """The ward's budget in 百万円."""
    return donut(overview, lambda row: row.amount)


def city_donut(overview: Overview) -> Donut:
    """The 18 wards' budget in 百万円: the shares are computed before the figures are rounded to 億円."""
    return donut(overview, lambda row: row.city_million or 0)


def oku_truncated(million_yen: int) -> int:
    """百万円 → 億円, truncated as in 約86億円."""
    return million_yen // 100


def oku_rounded(million_yen: int) -> int:
    """百万円 → 億円, rounded half-up as in the 18区 chart (1,386億円)."""
    return int(round_half_up(Decimal(million_yen) / 100, 0))


def oku_sen_man(million_yen: int) -> str:
    """百万円 → ８億８千万, rounded to 千万円."""
    tens = int(round_half_up(Decimal(million_yen) / 10, 0))
    oku, sen = divmod(tens, 10)
    text = f"{jnum(oku)}億" if oku else ""
    return text + (f"{jnum(sen)}千万" if sen else "")


def man_sen(yen: int) -> str:
    """円 → ３万５千, rounded to 千円."""
    thousands = int(round_half_up(Decimal(yen) / 1000, 0))
    man, sen = divmod(thousands, 10)
    text = f"{jnum(man)}万" if man else ""
    return text + (f"{jnum(sen)}千" if sen else "")


def per_capita_yen(overview: Overview) -> int:
    if overview.population <= 0:
        return 0
    return overview.total * 1_000_000 // overview.population


class FeaturesError(ValueError):
    pass


_FIELD = re.compile(r"\{([^{}:]+)(?::([^{}]+))?\}")


def fill_text(plan: Plan, text: str) -> str:
    """Replace {name:format} in a text of the overview with computed figures."""
    overview = plan.overview

    def figure(m: re.Match[str]) -> str:
        name, fmt = m.group(1).strip(), (m.group(2) or "").strip()
        if name == "年度":
            return plan.year_label
        if name == "合計":
            amount = overview.total
            if fmt == "18区比":
                return percent_figure(share(amount, overview.city_total))
            if fmt == "一人当たり":
                return man_sen(per_capita_yen(overview))
        else:
            row = overview.find(name)
            if row is None:
                raise FeaturesError(f"予算のすがたの本文にある「{name}」という行がありません。")
            amount = row.amount
        if fmt == "億":
            return str(oku_truncated(amount))
        if fmt == "億千万":
            return oku_sen_man(amount)
        if fmt == "率":
            return percent_figure(share(amount, overview.total))
        raise FeaturesError(f"予算のすがたの本文の「{m.group(0)}」は書式が正しくありません。")

    return _FIELD.sub(figure, text)

