"""What the 区政推進課 checks before printing, as small functions.

Each check takes the plan and the settings and returns findings; `run_checks`
runs them all. Adding a check is adding a function to CHECKS.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Sequence

from .findings import ERROR, INFO, WARNING, Finding, by_level
from .meeting import handout_findings
from .model import Category, Item, Pillar, Plan, Project
from .money import format_rate, format_table, round_half_up, variance_rate

@dataclass(frozen=True)
class CheckSettings:
    change_threshold: Decimal = Decimal(30)  # ±% against last year reported as info
    min_paragraph: int = 20  # shorter lines may repeat without being a pasting slip


Check = Callable[[Plan, CheckSettings], Iterable[Finding]]


def _amount(value: int) -> str:
    return f"{format_table(value)}千円"


def _finding(level: str, target: object, message: str, check: str) -> Finding:
    node = getattr(target, "label", "") if target is not None else ""
    return Finding(level, node, message, check, target)


# Amounts ---------------------------------------------------------------------


def items_vs_project(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """A project's items must add up to the figure printed for it."""
    for project in plan.projects():
        if not project.items:
            continue
        total = project.current
        if project.stated_amount is not None and total != project.stated_amount:
            yield _finding(
                ERROR,
                project,
                f"細事業の合計 {_amount(total)} が事業の予算額 {_amount(project.stated_amount)} と一致しません"
                f"（差 {format_table(total - project.stated_amount)}千円）。",
                "items_vs_project",
            )
        if project.lists_items and project.stated_last_year is not None:
            if project.last != project.stated_last_year:
                yield _finding(
                    ERROR,
                    project,
                    f"細事業の前年度の合計 {_amount(project.last)} が事業の前年度予算額 "
                    f"{_amount(project.stated_last_year)} と一致しません。",
                    "items_vs_project",
                )


def _stated_pairs(node: Category | Pillar | Project) -> Iterator[tuple[str, int, int | None]]:
    yield "予算額", node.current, node.stated_amount
    yield "前年度予算額", node.last, node.stated_last_year


def computed_vs_stated(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """Every stated figure (配分額, reported figures) must equal the computed total."""
    nodes: list[Category | Pillar | Project] = [*plan.walk_categories(), *plan.pillars(), *plan.projects()]
    for node in nodes:
        for what, computed, stated in _stated_pairs(node):
            if isinstance(node, Project) and node.items and (what == "予算額" or node.lists_items):
                continue  # items_vs_project reports these, naming the items
            if stated is not None and computed != stated:
                yield _finding(
                    ERROR,
                    node,
                    f"{what}の計算値 {_amount(computed)} が記載額 {_amount(stated)} と一致しません"
                    f"（差 {format_table(computed - stated)}千円）。",
                    "computed_vs_stated",
                )


def summary_vs_listing(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """The 総括表 (stated 区分 figures) must agree with the 事業別一覧表 (stated project figures)."""
    for category in plan.walk_categories():
        projects = [p for c in category.walk() for pillar in c.pillars for p in pillar.projects]
        lumps = [c for c in category.walk() if c.is_lump_sum]
        if not projects:
            continue
        for what, index in (("予算額", 0), ("前年度予算額", 1)):
            stated = (category.stated_amount, category.stated_last_year)[index]
            listed = [(p.stated_amount, p.stated_last_year)[index] for p in projects]
            if stated is None or any(v is None for v in listed):
                continue
            listing_total = sum(v for v in listed if v is not None)
            listing_total += sum((c.amount if index == 0 else c.last_year) or 0 for c in lumps)
            if listing_total != stated:
                yield _finding(
                    ERROR,
                    category,
                    f"総括表の{what} {_amount(stated)} が事業別一覧表の合計 {_amount(listing_total)} と一致しません。",
                    "summary_vs_listing",
                )


def negative_amounts(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    nodes: list[Category | Project | Item] = [*plan.walk_categories()]
    for project in plan.projects():
        nodes += [project, *project.items]
    for node in nodes:
        amount = "金額" if isinstance(node, Item) else "予算額"
        for what, value in ((amount, node.amount), ("前年度予算額", node.last_year)):
            if value is not None and value < 0:
                yield _finding(ERROR, node, f"{what}がマイナスです（{_amount(value)}）。", "negative_amount")


def large_changes(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """Changes of ±threshold% or more against last year want an explanation."""
    nodes: list[Category | Project | Item] = [c for c in plan.walk_categories() if c.is_lump_sum]
    for project in plan.projects():
        nodes.append(project)
        if project.lists_items:
            nodes += project.items
    for node in nodes:
        current, last = node.current, node.last
        if last is None:
            continue
        rate = variance_rate(current, last)
        if rate is None:
            if current != 0:
                yield _finding(INFO, node, f"前年度は予算がありません（皆増 {_amount(current)}）。", "large_change")
            continue
        if current == 0 and last != 0:
            yield _finding(INFO, node, f"今年度は予算がありません（皆減、前年度 {_amount(last)}）。", "large_change")
        elif abs(rate) >= settings.change_threshold:
            yield _finding(
                INFO,
                node,
                f"前年度から大きく変わっています：{_amount(last)} → {_amount(current)}"
                f"（{format_rate(current, last)}）。説明を用意してください。",
                "large_change",
            )


def carried_figures(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """A plan carried over from last year: the figures still equal to last year's, until the plan says they were reviewed."""
    if not plan.carried_from:
        return
    yield Finding(INFO, "計画の設定", f"この計画は{plan.carried_from}の計画から作った下書きです。額を見直したら、"
                  "計画の設定で「前年度から作った下書き」を外してください。", "carried_over")
    unchanged = "今年度の額が前年度と同じです（未更新）。"
    for category in plan.walk_categories():
        if category.is_lump_sum and category.amount is not None and category.amount == category.last_year:
            yield _finding(INFO, category, unchanged, "carried_over")
        elif category.stated_amount is not None and category.stated_amount == category.stated_last_year:
            yield _finding(INFO, category, "記載額（配分額）が前年度と同じです（未更新）。", "carried_over")
    for project in plan.projects():
        if project.current == project.last:
            yield _finding(INFO, project, unchanged, "carried_over")
    if any(row.amount for row in plan.overview.walk()):
        yield Finding(INFO, "予算のすがた", f"予算のすがた・主な事業内容の数値は{plan.carried_from}のものです（未更新）。",
                      "carried_over")
    yield Finding(INFO, "次第", "会議の日付は前年の日付を１年ずらした仮の日付です。日付と議題を確かめてください。",
                  "carried_over")


# Completeness ----------------------------------------------------------------


def missing_sections(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    for project in plan.projects():
        if not project.all_sections:
            yield _finding(ERROR, project, "担当課が設定されていません。", "missing_section")
    for category in plan.walk_categories():
        if category.is_lump_sum and not category.sections:
            yield _finding(WARNING, category, "担当課が設定されていません。", "missing_section")


def missing_indicators(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    for project in plan.projects():
        if not project.requires_indicators:
            continue
        if not project.indicators:
            yield _finding(ERROR, project, "自主企画事業に事業指標がありません。", "missing_indicator")
            continue
        if len(project.indicators) < 2:
            yield _finding(INFO, project, "事業指標が１件です（通常は２件）。", "missing_indicator")
        for indicator in project.indicators:
            if not indicator.target.strip():
                yield _finding(
                    WARNING, project, f"事業指標「{indicator.name}」に目標値がありません。", "missing_indicator"
                )


def empty_names(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    for category in plan.walk_categories():
        if not category.name.strip():
            yield _finding(ERROR, category, "区分の名称が空です。", "empty_name")
    for pillar in plan.pillars():
        if not pillar.name.strip():
            yield _finding(ERROR, pillar, "柱の名称が空です。", "empty_name")
    for project in plan.projects():
        if not project.name.strip():
            yield _finding(ERROR, project, "事業名が空です。", "empty_name")
        for item in project.items:
            if not item.name.strip():
                yield _finding(ERROR, item, "細事業の名称が空です。", "empty_name")
        for indicator in project.indicators:
            if not indicator.name.strip():
                yield _finding(ERROR, project, "事業指標の名称が空です。", "empty_name")


def empty_projects(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    for project in plan.projects():
        if not project.items and project.amount is None:
            yield _finding(WARNING, project, "細事業も予算額もありません。", "empty_project")
    for pillar in plan.pillars():
        if not pillar.projects:
            yield _finding(WARNING, pillar, "事業がありません。", "empty_project")


def duplicate_item_names(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    for project in plan.projects():
        seen: dict[str, Item] = {}
        for item in project.items:
            key = _normalize(item.name)
            if not key:
                continue
            if key in seen:
                yield _finding(
                    WARNING,
                    item,
                    f"細事業名「{item.name}」が同じ事業の細事業{seen[key].number}と重複しています。",
                    "duplicate_item_name",
                )
            else:
                seen[key] = item


def _normalize(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def duplicate_paragraphs(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """The same paragraph in two items is usually text pasted into the wrong place."""
    first_seen: dict[str, Item] = {}
    reported: set[tuple[int, int]] = set()
    for item in plan.items():
        for line in item.lines:
            key = _normalize(line).lstrip("・")
            if len(key) < settings.min_paragraph:
                continue
            other = first_seen.setdefault(key, item)
            if other is item or (id(other), id(item)) in reported:
                continue
            reported.add((id(other), id(item)))
            yield _finding(
                WARNING,
                item,
                f"「{item.name}」の文章が {other.label}「{other.name}」と同じです。"
                f"貼り付け違いでないか確認してください：「{line[:30]}…」",
                "duplicate_paragraph",
            )


def broken_references(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    items = set(map(id, plan.items()))
    for project in plan.projects():
        for reference in project.references:
            if reference.item is None or id(reference.item) not in items:
                yield _finding(WARNING, project, "＜参考＞の参照先の細事業がありません。", "broken_reference")
            elif reference.item.project is project:
                yield _finding(WARNING, project, "＜参考＞が自分の事業の細事業を指しています。", "broken_reference")


# 区に係る予算のすがた ---------------------------------------------------------


def _rounded_million(thousand_yen: int) -> int:
    return int(round_half_up(Decimal(thousand_yen) / 1000, 0))


def _million(value: int) -> str:
    return f"{format_table(value)}百万円"


def overview_vs_summary(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """The 百万円 figures of 予算のすがた must be the 総括表 rounded."""
    for row in plan.overview.walk():
        if row.category is None:
            continue
        expected = _rounded_million(row.category.current)
        if row.amount != expected:
            yield _finding(
                ERROR,
                row,
                f"{_million(row.amount)}ですが、総括表の「{row.category.name}」{_amount(row.category.current)}"
                f"を四捨五入すると {_million(expected)}です。",
                "overview_vs_summary",
            )


def overview_rows_add_up(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """A row and its parts may differ by rounding only (each part within ±0.5 百万円)."""
    for row in plan.overview.walk():
        parts = row.counted_children
        if not parts:
            continue
        total = sum(c.amount for c in parts)
        tolerance = (len(parts) + 1) // 2 + 1 if len(parts) > 1 else 0
        if abs(total - row.amount) > tolerance:
            yield _finding(
                WARNING,
                row,
                f"内訳の合計 {_million(total)}が {_million(row.amount)}と合いません（四捨五入の差を超えています）。",
                "overview_rows",
            )


_MAX_PERMUTED = 7  # rows under one row compared in every order (7! = 5,040)


def _deviation(amounts: Sequence[int], lasts: Sequence[int]) -> int:
    return sum(abs(a - b) for a, b in zip(amounts, lasts))


def overview_vs_last_year(plan: Plan, settings: CheckSettings) -> Iterator[Finding]:
    """Figures exchanged between the rows under one row: they still add up, but last year's match them in another order.

    A clerk reads each row of 主な事業内容 against last year's packet. When the
    figures, given to the rows in another order, come much closer to last year's,
    and every row they would move changed by the threshold or more, the figures
    were most likely typed into the wrong rows.
    """
    for parent in plan.overview.walk():
        rows = [c for c in parent.counted_children if c.last_amount is not None]
        if not 1 < len(rows) <= _MAX_PERMUTED:
            continue
        amounts = [r.amount for r in rows]
        lasts = [r.last_amount or 0 for r in rows]
        as_typed = _deviation(amounts, lasts)
        best = min(itertools.permutations(amounts), key=lambda order: _deviation(order, lasts))
        if _deviation(best, lasts) * 2 > as_typed:
            continue
        moved = [i for i, (a, b) in enumerate(zip(amounts, best)) if a != b]
        if not moved or not all(_changed_by(amounts[i], lasts[i], settings.change_threshold) for i in moved):
            continue
        typed = "、".join(f"{rows[i].name} {_million(amounts[i])}（前年度 {_million(lasts[i])}）" for i in moved)
        likely = "、".join(f"{rows[i].name} {_million(best[i])}" for i in moved)
        yield _finding(
            WARNING,
            parent,
            f"内訳の額が行の間で入れ替わっていないか確認してください：{typed}。"
            f"前年度と比べると、{likely} の並びが近くなります。",
            "overview_vs_last_year",
        )


def _changed_by(current: int, last: int, threshold: Decimal) -> bool:
    if last == 0:
        return current != 0
    return abs(Decimal(current - last)) * 100 >= threshold * abs(Decimal(last))


def packet_handouts(plan: Plan, settings: CheckSettings) -> Iterable[Finding]:
    """The 次第 names each handout of the packet, and nothing the packet lacks."""
    return handout_findings(plan)


CHECKS: list[Check] = [
    items_vs_project,
    computed_vs_stated,
    summary_vs_listing,
    negative_amounts,
    missing_sections,
    missing_indicators,
    empty_names,
    empty_projects,
    duplicate_item_names,
    duplicate_paragraphs,
    broken_references,
    large_changes,
    carried_figures,
    overview_vs_summary,
    overview_rows_add_up,
    overview_vs_last_year,
    packet_handouts,
]


def run_checks(plan: Plan, settings: CheckSettings | None = None) -> list[Finding]:
    settings = settings or CheckSettings()
    return by_level(f for check in CHECKS for f in check(plan, settings))
