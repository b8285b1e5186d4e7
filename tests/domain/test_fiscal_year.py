"""The label of a plan's fiscal year: the era of its 1 April, or the plan's own, printed wherever the year is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asahi_desk.domain.money import check_year_label, fiscal_year_label, fiscal_year_short, short_year_label
from asahi_desk.render import render
from asahi_desk.store import PlanStore, create_default
from tests.helpers import database_rows, small_plan
from tests.render.conftest import page_texts


def test_the_label_follows_the_era_of_1_april() -> None:
    assert fiscal_year_label(2018) == "平成30年度"
    assert fiscal_year_label(2019) == "平成31年度"
    assert fiscal_year_label(2020) == "令和２年度"
    assert fiscal_year_label(2025) == "令和７年度"
    assert fiscal_year_short(2019) == "31年度"
    assert short_year_label("令和元年度") == "元年度"


def test_a_typed_label_must_name_the_plans_year() -> None:
    assert check_year_label("令和元年度", 2019) == "令和元年度"
    assert check_year_label(" 令和１年度 ", 2019) == "令和元年度"
    assert check_year_label("平成３１年度", 2019) == "平成31年度"
    with pytest.raises(ValueError, match="2019 年度"):
        check_year_label("令和２年度", 2019)
    with pytest.raises(ValueError, match="元号"):
        check_year_label("2019年度", 2019)


@given(st.integers(2019, 2200))
def test_the_computed_label_reads_back_as_its_year(year: int) -> None:
    assert check_year_label(fiscal_year_label(year), year) == fiscal_year_label(year)


def test_the_plans_own_label_is_kept_and_printed(tmp_path: Path) -> None:
    plan = small_plan()
    plan.fiscal_year = 2019
    store = PlanStore.create(tmp_path / "plan.sqlite", plan)
    assert store.plan.year_label == "平成31年度"
    store.update(store.plan, year_label_override="令和元年度")
    store.close()
    store = PlanStore.open(tmp_path / "plan.sqlite")
    plan = store.plan
    store.close()
    assert (plan.year_label, plan.year_short, plan.last_year_short) == ("令和元年度", "元年度", "30年度")
    text = "".join("".join(page.split()) for page in page_texts(render(plan, "shiryo1").pdf, tmp_path))
    assert "令和元年度旭区個性ある区づくり推進費予算" in text and "総括表" in text
    assert "元年度予算30年度予算" in text  # 事業別一覧表
    assert "令和元年度予算平成30年度予算" in text  # 総括表
    assert "平成31年度" not in text


def test_a_label_of_another_year_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    store = create_default(tmp_path / "plan.sqlite")
    before = database_rows(store.path)
    for values, message in (({"year_label_override": "令和元年度"}, "2024 年度"),
                            ({"year_label_override": "令和6年度"}, "令和６年度"),
                            ({"fiscal_year": 2018}, "2019 から"),
                            ({"ward": "  "}, "区の名称")):
        with pytest.raises(ValueError, match=message):
            store.update(store.plan, **values)
    assert store.plan.year_label == "令和６年度" and store.plan.ward == "旭区"
    store.close()
    assert database_rows(tmp_path / "plan.sqlite") == before


def test_a_new_year_with_an_old_label_is_refused(tmp_path: Path) -> None:
    plan = small_plan()
    plan.fiscal_year = 2019
    store = PlanStore.create(tmp_path / "plan.sqlite", plan)
    store.update(store.plan, year_label_override="令和元年度")
    with pytest.raises(ValueError, match="2020 年度"):
        store.update(store.plan, fiscal_year=2020)
    store.update(store.plan, fiscal_year=2020, year_label_override="")
    assert store.plan.year_label == "令和２年度"
    store.close()
