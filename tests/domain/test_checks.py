from decimal import Decimal
from typing import Callable

import pytest

from asahi_desk.domain import checks, findings
from asahi_desk.domain.checks import CHECKS, CheckSettings, run_checks
from asahi_desk.domain.model import AgendaItem, Category, Item, ItemReference, OverviewRow, Plan, Project
from tests.helpers import small_plan


def findings_of(check: checks.Check, plan: Plan, **settings: object) -> list[findings.Finding]:
    return list(check(plan, CheckSettings(**settings)))  # type: ignore[arg-type]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_check_is_silent_on_a_clean_plan(check: checks.Check) -> None:
    assert findings_of(check, small_plan()) == []


def _project(plan: Plan) -> Project:
    project = plan.project("Ⅰ-1")
    assert project is not None
    return project


def _change_item(plan: Plan) -> None:
    _project(plan).items[0].amount += 1


def _break_summary_vs_listing(plan: Plan) -> None:
    project = _project(plan)
    project.stated_amount = (project.stated_amount or 0) + 10  # the section reports another figure


def _break_pillar_stated(plan: Plan) -> None:
    plan.pillars()[0].stated_amount = 999


def _no_section(plan: Plan) -> None:
    _project(plan).sections.clear()


def _no_indicator(plan: Plan) -> None:
    _project(plan).indicators.clear()


def _empty_item_name(plan: Plan) -> None:
    _project(plan).items[1].name = "  "


def _negative_item(plan: Plan) -> None:
    project = _project(plan)
    project.items[0].amount, project.items[1].amount = -100, 1100


def _duplicate_name(plan: Plan) -> None:
    _project(plan).items[1].name = "防災訓練"


def _large_change(plan: Plan) -> None:
    project = _project(plan)
    project.last_year = project.stated_last_year = 500  # 1,000 against 500: +100%


def _broken_reference(plan: Plan) -> None:
    _project(plan).references.append(ItemReference(None, ["・もう無い細事業"], project=_project(plan)))


def _empty_project(plan: Plan) -> None:
    pillar = plan.pillars()[0]
    pillar.projects.append(Project("空の事業", pillar=pillar, sections=list(_project(plan).sections)))


def _overview_off(plan: Plan) -> None:
    total = plan.categories[0]
    plan.overview.rows = [OverviewRow("個性ある区づくり推進費", 4, category=total)]  # 3,500 千円 rounds to 4


def _overview_wrong(plan: Plan) -> None:
    total = plan.categories[0]
    plan.overview.rows = [OverviewRow("個性ある区づくり推進費", 5, category=total)]


def _overview_parts(plan: Plan) -> None:
    plan.overview.rows = [OverviewRow("予算再配当", 100, children=[OverviewRow("a", 10), OverviewRow("b", 20)])]


def _overview_exchanged(plan: Plan) -> None:
    plan.overview.rows = [OverviewRow("再配当予算", 100, children=[
        OverviewRow("a", 10, last_amount=90), OverviewRow("b", 90, last_amount=10)])]


def _agenda_names_a_missing_handout(plan: Plan) -> None:
    plan.meeting.items += [AgendaItem("議題", handout="資料１"), AgendaItem("報告", handout="資料３")]


def _carried_over(plan: Plan) -> None:
    plan.carried_from = "令和５年度"  # its figures are last year's, and they are equal to last year's


BREAKS: list[tuple[Callable[[Plan], None], checks.Check, str, str]] = [
    (_change_item, checks.items_vs_project, "error", "Ⅰ-１"),
    (_break_pillar_stated, checks.computed_vs_stated, "error", "Ⅰ 安全・安心"),
    (_break_summary_vs_listing, checks.summary_vs_listing, "error", "自主企画事業費"),
    (_no_section, checks.missing_sections, "error", "Ⅰ-１"),
    (_no_indicator, checks.missing_indicators, "error", "Ⅰ-１"),
    (_empty_item_name, checks.empty_names, "error", "Ⅰ-１ 細事業２"),
    (_negative_item, checks.negative_amounts, "error", "Ⅰ-１ 細事業１"),
    (_duplicate_name, checks.duplicate_item_names, "warning", "Ⅰ-１ 細事業２"),
    (_large_change, checks.large_changes, "info", "Ⅰ-１"),
    (_carried_over, checks.carried_figures, "info", "Ⅰ-１"),
    (_broken_reference, checks.broken_references, "warning", "Ⅰ-１"),
    (_empty_project, checks.empty_projects, "warning", "Ⅰ-３"),
    (_overview_wrong, checks.overview_vs_summary, "error", "予算のすがた「個性ある区づくり推進費」"),
    (_overview_parts, checks.overview_rows_add_up, "warning", "予算のすがた「予算再配当」"),
    (_overview_exchanged, checks.overview_vs_last_year, "warning", "予算のすがた「再配当予算」"),
    (_agenda_names_a_missing_handout, checks.packet_handouts, "error", "次第"),
]


@pytest.mark.parametrize(("breaker", "check", "level", "node"), BREAKS, ids=lambda x: getattr(x, "__name__", str(x)))
def test_each_check_fires_on_a_plan_made_to_break_it(breaker, check, level, node) -> None:  # noqa: ANN001
    plan = small_plan()
    breaker(plan)
    found = findings_of(check, plan)
    assert found, f"{check.__name__} found nothing"
    assert {f.level for f in found} == {level}
    assert node in {f.node for f in found}
    assert all(f.message for f in found)


def test_every_check_has_a_plan_that_breaks_it() -> None:
    assert {b[1] for b in BREAKS} | {checks.duplicate_paragraphs} == set(CHECKS)


def test_pasted_paragraph_is_found_in_another_project() -> None:
    plan = small_plan()
    paragraph = "・講座を年８回開催する予定です。対象は区内在住の方、会場は区役所です"
    _project(plan).items[1].lines.append(paragraph)
    plan.project("Ⅱ-1").items[0].lines.append(paragraph)
    found = findings_of(checks.duplicate_paragraphs, plan)
    assert [(f.level, f.node) for f in found] == [("warning", "Ⅱ-１ 細事業１")]
    assert "Ⅰ-１ 細事業２" in found[0].message


def test_short_lines_may_repeat() -> None:
    plan = small_plan()
    _project(plan).items[0].lines.append("・通年で実施")
    plan.project("Ⅱ-1").items[0].lines.append("・通年で実施")
    assert findings_of(checks.duplicate_paragraphs, plan) == []


def test_rounded_overview_figure_is_accepted() -> None:
    plan = small_plan()
    _overview_off(plan)
    assert findings_of(checks.overview_vs_summary, plan) == []


def test_threshold_is_configurable() -> None:
    plan = small_plan()
    project = _project(plan)
    project.last_year = project.stated_last_year = 800  # +25%
    assert findings_of(checks.large_changes, plan) == []
    assert [f.node for f in findings_of(checks.large_changes, plan, change_threshold=Decimal(25))] == ["Ⅰ-１"]


def test_new_and_ended_projects_are_reported() -> None:
    plan = small_plan()
    project = _project(plan)
    project.last_year = project.stated_last_year = 0
    assert "皆増" in findings_of(checks.large_changes, plan)[0].message
    for item in project.items:
        item.amount = 0
    project.last_year = project.stated_last_year = 1000
    assert "皆減" in findings_of(checks.large_changes, plan)[0].message


# The built-in data -----------------------------------------------------------------


def test_built_in_plan_has_no_error_and_reports_the_seed_faults(plan: Plan) -> None:
    found = run_checks(plan)
    assert [f for f in found if f.level == "error"] == []
    pasted = [f for f in found if f.check == "duplicate_paragraph"]
    assert [f.node for f in pasted] == ["Ⅴ-１ 細事業６", "Ⅴ-１ 細事業７", "Ⅴ-１ 細事業８", "Ⅴ-１ 細事業９"]
    assert "Ⅴ-１ 細事業１" in pasted[0].message
    large = {f.node: f.message for f in found if f.check == "large_change"}
    assert "▲ 69.7%" in large["Ⅱ-13"]
    assert "▲ 33.9%" in large["Ⅵ-１"]
    assert all(f.level == "info" for f in found if f.check == "large_change")


def test_changing_an_item_without_its_stated_figure_is_an_error(plan: Plan) -> None:
    plan.item("Ⅰ-1-1").amount += 100
    errors = [f for f in run_checks(plan) if f.level == "error"]
    assert ("Ⅰ-１", "items_vs_project") in {(f.node, f.check) for f in errors}
    assert "12,022千円" in next(f.message for f in errors if f.check == "items_vs_project")
    # the 区分 above state their figures too
    assert {"自主企画事業費", "個性ある区づくり推進費"} <= {f.node for f in errors if f.check == "computed_vs_stated"}


def test_lump_sum_changed_against_the_summary_is_an_error(plan: Plan) -> None:
    plan.category("統合事務費").amount = 24000
    nodes = {f.node for f in run_checks(plan) if f.level == "error"}
    assert {"統合事務事業費", "個性ある区づくり推進費"} <= nodes
    # 48,431 千円 rounds to 48 百万円, not the 49 of 予算のすがた
    assert "予算のすがた「統合事務事業費」" in nodes


def test_overview_figures_in_messages_are_written_as_in_the_tables(plan: Plan) -> None:
    row = plan.overview.find("区庁舎・区民利用施設管理費")
    assert row is not None
    row.amount = -1250
    (finding,) = [f for f in run_checks(plan) if f.node == row.label and f.check == "overview_vs_summary"]
    assert finding.message.startswith("▲ 1,250百万円ですが") and "725百万円です" in finding.message


def test_findings_point_at_their_node(plan: Plan) -> None:
    found = [f for f in run_checks(plan) if f.check == "duplicate_paragraph"]
    assert isinstance(found[0].target, Item)
    assert found[0].target is plan.item("Ⅴ-1-6")


def test_category_without_section_is_a_warning() -> None:
    plan = small_plan()
    lump = plan.category("区庁舎・区民利用施設管理費")
    assert isinstance(lump, Category)
    lump.sections.clear()
    assert [(f.level, f.node) for f in findings_of(checks.missing_sections, plan)] == [
        ("warning", "区庁舎・区民利用施設管理費")]


def test_findings_sorted_and_counted_by_level() -> None:
    from asahi_desk.domain.findings import Finding, by_level, count_by_level

    found = [Finding("info", "a", "", "x"), Finding("error", "b", "", "x"), Finding("warning", "c", "", "x"),
             Finding("error", "d", "", "x")]
    assert [f.node for f in by_level(found)] == ["b", "d", "c", "a"]  # stable within a level
    assert count_by_level(found) == {"error": 2, "warning": 1, "info": 1}
    assert count_by_level([]) == {"error": 0, "warning": 0, "info": 0}


def test_findings_are_counted_per_level_worst_first(plan: Plan) -> None:
    found = run_checks(plan) + [findings.Finding(findings.ERROR, "Ⅰ-1", "例", "example")]
    counts = findings.count_by_level(found)
    assert list(counts) == [findings.ERROR, findings.WARNING, findings.INFO]
    assert counts[findings.ERROR] == sum(f.level == findings.ERROR for f in found) >= 1
    assert sum(counts.values()) == len(found)
    assert findings.count_by_level([]) == {findings.ERROR: 0, findings.WARNING: 0, findings.INFO: 0}
