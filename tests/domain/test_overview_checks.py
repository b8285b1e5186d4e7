"""主な事業内容 against last year's: figures typed into the wrong rows still add up, but are found."""

from __future__ import annotations

from asahi_desk.domain.checks import CheckSettings, overview_vs_last_year, run_checks
from asahi_desk.domain.model import OverviewRow, Plan
from asahi_desk.domain.rollover import next_year


def _general_affairs(plan: Plan) -> OverviewRow:
    row = plan.overview.find("区役所総務費")
    assert row is not None
    return row


def _figures(row: OverviewRow) -> dict[str, int]:
    return {c.name: c.amount for c in row.children}


def test_the_built_in_plan_has_no_last_year_and_no_finding(plan: Plan) -> None:
    assert all(row.last_amount is None for row in plan.overview.walk())
    assert list(overview_vs_last_year(plan, CheckSettings())) == []


def test_next_year_keeps_this_years_figures_as_last_years(plan: Plan) -> None:
    new = next_year(plan)
    assert [(r.name, r.last_amount) for r in new.overview.walk()] == [(r.name, r.amount) for r in plan.overview.walk()]
    assert [f for f in run_checks(new) if f.check == "overview_vs_last_year"] == []


def test_figures_shifted_down_the_rows_are_named_with_last_years(plan: Plan) -> None:
    new = next_year(plan)
    rows = _general_affairs(new).children
    assert _figures(_general_affairs(new)) == {"賦課徴収費": 93, "広報費": 18, "統計調査費": 1, "地域活動推進費等": 206}
    # The slip of the first transcription: the right figures in the order of other rows.
    for row, amount in zip(rows, [1, 206, 18, 93]):
        row.amount = amount
    assert sum(r.amount for r in rows) == 318  # still adds up: the sum checks are silent
    assert [f for f in run_checks(new) if f.check == "overview_rows"] == []
    found = [f for f in run_checks(new) if f.check == "overview_vs_last_year"]
    assert len(found) == 1
    assert found[0].level == "warning" and found[0].node == "予算のすがた「区役所総務費」"
    assert "賦課徴収費 1百万円（前年度 93百万円）" in found[0].message
    assert "地域活動推進費等 93百万円（前年度 206百万円）" in found[0].message
    assert "賦課徴収費 93百万円、広報費 18百万円、統計調査費 1百万円、地域活動推進費等 206百万円" in found[0].message


def test_two_figures_exchanged_are_found(plan: Plan) -> None:
    new = next_year(plan)
    target = new.overview.find("身近なまちづくり")
    assert target is not None
    target.children[0].amount, target.children[3].amount = 410, 792  # 道路修繕費等 ⇄ 公園管理費等
    found = [f for f in run_checks(new) if f.check == "overview_vs_last_year"]
    assert [f.node for f in found] == ["予算のすがた「身近なまちづくり」"]
    assert "道路修繕費等 410百万円（前年度 792百万円）、公園管理費等 792百万円（前年度 410百万円）" in found[0].message


def test_ordinary_changes_of_a_year_are_not_taken_for_an_exchange(plan: Plan) -> None:
    new = next_year(plan)
    for row, amount in zip(_general_affairs(new).children, [88, 20, 2, 215]):
        row.amount = amount
    growth = new.overview.find("子育て支援")
    assert growth is not None
    growth.children[1].amount = 120  # 77 → 120: a large change, but no other row had it
    assert [f for f in run_checks(new) if f.check == "overview_vs_last_year"] == []
