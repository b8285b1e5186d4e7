"""The built-in plan holds the seed packet: every project, item, amount and 課."""

import re

import pytest

from asahi_desk.domain.model import Plan
from asahi_desk.domain.money import format_rate, format_table, to_fullwidth_digits
from asahi_desk.domain.overview import city_donut, fill_text, oku_rounded, ward_donut
from asahi_desk.domain.tables import listing_tables, summary_tables
from asahi_desk.store.default_data import load_default_plan


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def flat_seed(seed_text: str) -> str:
    return squeeze(seed_text)


def test_saved_plan_is_the_built_in_plan(plan: Plan) -> None:
    from tests.helpers import plan_outline

    assert plan_outline(plan) == plan_outline(load_default_plan())


def test_totals_of_the_summary_table(plan: Plan) -> None:
    figures = {row.label: (row.current, row.last, row.diff_text, row.rate_text)
               for table in summary_tables(plan) for row in table.rows}
    assert figures == {
        "個性ある区づくり推進費": (876702, 849290, "27,412", "3.2%"),
        "自主企画事業費": (102924, 103230, "▲ 306", "▲ 0.3%"),
        "統合事務事業費": (48626, 50201, "▲ 1,575", "▲ 3.1%"),
        "統合事務費": (24195, 25525, "▲ 1,330", "▲ 5.2%"),
        "統合事業費（各種委員の任命・委嘱に関する経費など）": (24431, 24676, "▲ 245", "▲ 1.0%"),
        "区庁舎・区民利用施設管理費": (725152, 695859, "29,293", "4.2%"),
        "旭区で企画する主な区配事業": (585, 885, "▲ 300", "▲ 33.9%"),
    }


def test_summary_figures_are_those_of_the_seed(plan: Plan, flat_seed: str) -> None:
    for table in summary_tables(plan):
        for row in table.rows:
            printed = f"{row.current:,}{row.last:,}{row.diff_text}{row.rate_text}"
            assert squeeze(printed) in flat_seed, row.label


def test_every_listing_row_is_in_the_seed(plan: Plan, flat_seed: str) -> None:
    rows = [r for t in listing_tables(plan) for r in t.rows]
    assert len(rows) == 23 + 1 + 9 + 1 + 1
    for row in rows:
        figures = squeeze(f"{row.current:,}{row.last:,}{row.diff_text}{''.join(row.sections)}")
        numbered = [squeeze(f"{n}{row.label}") + figures for n in (row.number, to_fullwidth_digits(row.number))]
        # rows under a vertical label print their name apart from the figures
        apart = figures in flat_seed and squeeze(row.label) in flat_seed
        assert any(n in flat_seed for n in numbered) or (not row.number or row.pillar.numeral == "Ⅵ") and apart, row.label
    totals = [(t.total.current, t.total.last, t.total.diff_text) for t in listing_tables(plan) if t.total]
    assert totals == [(102924, 103230, "▲ 306"), (48626, 50201, "▲ 1,575")]


def test_all_25_blocks_with_their_budget_box(plan: Plan, seed_text: str, flat_seed: str) -> None:
    projects = list(plan.projects())
    assert len(projects) == len(re.findall(r"[ⅠⅡⅢⅣⅤⅥ]-\S+ 事業内容", seed_text)) == 25
    for p in projects:
        assert squeeze(f"{p.code}事業内容") in flat_seed
        box = squeeze(f"令和６年度{p.current:,}千円令和５年度{p.last:,}千円増△減{format_table(p.current - p.last)}千円")
        box = box.replace("▲", "△")
        assert box in flat_seed, p.code
        assert squeeze(p.name) in flat_seed and squeeze(p.purpose) in flat_seed


def test_every_item_heading_of_the_seed_is_an_item(plan: Plan, seed_text: str, flat_seed: str) -> None:
    headings = re.findall(r"^[１-９0-9]+\s+(?:[新拡]\s+)?\S.*?【([\d,]+|[０-９]+)千円】", seed_text, re.M)
    items = list(plan.items())
    assert len(items) == len(headings) == 94
    for item in items:
        amount = f"{item.amount:,}" if item.amount >= 10 else "０１２３４５６７８９"[item.amount]
        heading = squeeze(f"{item.number if item.number > 9 else '０１２３４５６７８９'[item.number]}"
                          f"{item.mark}{item.name}【{amount}千円】")
        assert heading in flat_seed, item.label
        for line in item.lines:
            assert squeeze(line) in flat_seed, (item.label, line)


def test_sections_of_each_block(plan: Plan) -> None:
    assert {p.code: [s.name for s in p.all_sections] for p in plan.projects() if len(p.all_sections) > 1} == {
        "Ⅰ-１": ["総務課", "福祉保健課", "高齢・障害支援課"],
        "Ⅱ-１": ["地域振興課", "区政推進課", "福祉保健課"],  # as its 事業内容 prints them
        "Ⅲ-２": ["区政推進課", "地域振興課"],
        "Ⅴ-１": ["区政推進課", "地域振興課", "総務課", "こども家庭支援課", "福祉保健課"],
    }
    lump = plan.category("区庁舎・区民利用施設管理費")
    assert [s.name for s in lump.sections] == ["総務課", "地域振興課", "土木事務所"]


def test_indicators_photos_references_and_bureau_projects(plan: Plan, flat_seed: str) -> None:
    projects = list(plan.projects())
    self_planned = [p for p in projects if p.requires_indicators]
    assert len(self_planned) == 23 and all(p.indicators for p in self_planned)
    assert [(i.name, i.target, i.unit) for i in plan.project("Ⅰ-1").indicators] == [
        ("防災訓練・講習会等の実施回数", "84", "回"), ("訓練等に参加したことのない方の割合", "35", "％")]
    for p in projects:
        for i in p.indicators:
            assert squeeze(i.name) in flat_seed
        for photo in p.photos:
            assert squeeze(photo.caption) in flat_seed
    (reference,) = plan.project("Ⅰ-1").references
    assert reference.item is plan.item("Ⅰ-4-3")
    bureau = plan.project("Ⅲ-2").bureau_projects
    assert [(b.box, b.amount) for b in bureau] == [(1, 4000), (1, 1000), (2, None), (2, 50), (2, 1025), (3, 410)]
    assert plan.project("Ⅲ-2").current == 8847  # bureau amounts are not the ward's


def test_overview_figures_and_percentages(plan: Plan, flat_seed: str) -> None:
    overview = plan.overview
    assert overview.total == 8607 and overview.total_with_references == 8777
    assert overview.city_total == 138600  # 百万円
    ward = ward_donut(overview)
    assert [(s.label, str(s.percent)) for s in ward.inner] == [("区づくり", "10.2"), ("再配当", "89.8")]
    assert [str(s.percent) for s in ward.outer] == ["1.2", "0.6", "8.4", "3.7", "15.4", "13.7", "50.8", "6.2"]
    city = city_donut(overview)
    assert [str(s.percent) for s in city.inner] == ["10.4", "89.6"]
    # computed from the 百万円 figures, before they are rounded to the 億円 printed
    assert [str(s.percent) for s in city.outer] == ["1.3", "0.6", "8.5", "5.3", "14.4", "13.4", "51.5", "5.0"]
    assert [oku_rounded(s.amount) for s in city.inner + city.outer] == [
        144, 1242, 18, 8, 117, 73, 200, 186, 714, 70]
    features = squeeze(fill_text(plan, overview.features))
    assert features in flat_seed
    assert squeeze(overview.intro) in flat_seed


def test_agenda_and_report(plan: Plan, flat_seed: str) -> None:
    meeting = plan.meeting
    assert meeting.title == "令和６年第２回 区づくり推進横浜市会議員会議"
    assert [a.title for a in meeting.items] == ["座長挨拶", "区長挨拶", "幹部職員の紹介", "議題", "報告", "その他"]
    assert [a.handout for a in meeting.items if a.handout] == ["資料１", "資料２"]
    report = plan.report
    assert report.label == "資料２" and len(report.panels) == 4
    for block in report.blocks:
        assert squeeze(block.text) in flat_seed
    assert [b.date.isoformat() for b in report.blocks if b.kind == "dated"] == ["2022-07-07", "2022-12-19", "2023-05-13"]


def test_rates_of_the_listing_match_the_seed(plan: Plan) -> None:
    assert format_rate(plan.project("Ⅱ-13").current, plan.project("Ⅱ-13").last) == "▲ 69.7%"
