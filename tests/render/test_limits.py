"""Plans the original never met: they all print, with findings where the layout gave way."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from asahi_desk.domain.findings import WARNING
from asahi_desk.domain.model import Indicator, Item, Photo, Plan, Project
from asahi_desk.render import render
from asahi_desk.store import create_default

from .conftest import page_texts
from .test_pdf import flat


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    store = create_default(tmp_path / "plan.sqlite")
    plan = store.plan
    store.close()
    assert plan is not None
    return plan


def _clone(project: Project, name: str) -> Project:
    clone = Project(
        name=name, purpose=project.purpose, last_year=project.last, sections=list(project.sections),
        items=[Item(i.name, i.amount, i.mark, list(i.lines)) for i in project.items],
        indicators=[Indicator(i.name, i.target, i.unit) for i in project.indicators],
        photos=[Photo(p.caption) for p in project.photos],
    )
    return clone


def _add(plan: Plan, pillar_index: int, project: Project) -> None:
    pillar = plan.pillars()[pillar_index]
    project.pillar = pillar
    project.id = 10_000 + len(list(plan.projects()))
    pillar.projects.append(project)


def test_ten_times_the_projects(plan: Plan, tmp_path: Path) -> None:
    for pillar in plan.pillars()[:4]:
        originals = list(pillar.projects)
        for n in range(9):
            for project in originals:
                clone = _clone(project, f"{project.name}（その{n + 2}）")
                clone.pillar = pillar
                clone.id = 10_000 + len(list(plan.projects()))
                pillar.projects.append(clone)
    result = render(plan, "shiryo1")
    assert len(list(plan.projects())) == 25 + 9 * 23
    assert result.page_count > 150
    assert set(result.project_pages) == {p.id for p in plan.projects()}
    checks = {f.check for f in result.findings}
    assert "layout_listing_pages" in checks  # the 一覧表 runs over several pages, its head repeated
    pages = page_texts(result.pdf, tmp_path)
    last = next(p for p in plan.pillars()[0].projects[::-1])
    assert flat(last.code) in flat(pages[result.project_pages[last.id] - 1])  # type: ignore[index]


def test_a_200_character_name(plan: Plan, tmp_path: Path) -> None:
    project = plan.project("Ⅱ-3")
    assert project is not None
    project.name = ("地域の魅力を伝え合い<&>" * 20)[:200]
    result = render(plan, "shiryo1")
    long_names = [f for f in result.findings if f.check == "layout_long_name"]
    assert [f.node for f in long_names] == ["Ⅱ-３"]
    assert all(f.level == WARNING for f in long_names)
    text = flat("".join(page_texts(result.pdf, tmp_path)))
    assert "地域の魅力を伝え合い<&>地域の魅力" in text  # printed literally, tags and all


def test_an_empty_project(plan: Plan, tmp_path: Path) -> None:
    _add(plan, 1, Project(name="新しい事業"))
    result = render(plan, "shiryo1")
    empty = next(p for p in plan.projects() if p.name == "新しい事業")
    assert [f.check for f in result.findings if f.target is empty] == ["layout_empty_block"]
    page = flat(page_texts(result.pdf, tmp_path)[result.project_pages[empty.id] - 1])  # type: ignore[index]
    assert "Ⅱ-16事業内容" in page and "新しい事業" in page


def test_a_block_longer_than_a_page(plan: Plan, tmp_path: Path) -> None:
    project = plan.project("Ⅰ-3")
    assert project is not None
    base = project.items[0]
    for n in range(40):
        project.items.append(Item(f"追加の細事業{n + 1}", 10 + n, "", list(base.lines)))
        project.items[-1].project = project
    result = render(plan, "shiryo1")
    overflow = [f for f in result.findings if f.check == "layout_overflow"]
    assert [f.node for f in overflow] == ["Ⅰ-３"]
    pages = [flat(p) for p in page_texts(result.pdf, tmp_path)]
    start = result.project_pages[project.id]  # type: ignore[index]
    assert "Ⅰ-３事業内容" in pages[start - 1]
    assert "Ⅰ-３事業内容（続き）" in pages[start]
    assert "【49千円】" in "".join(pages[start:])  # the last item is printed
    assert result.project_pages[plan.project("Ⅰ-4").id] > start  # type: ignore[union-attr,index]


def test_a_plan_with_markup_in_every_field(plan: Plan, tmp_path: Path) -> None:
    project = plan.project("Ⅰ-2")
    assert project is not None
    project.purpose = "<font size=40>大</font> & <br/> <b>"
    project.items[0].lines = ["・<i>斜体</i> &amp; ]]>"]
    project.photos[0].caption = "<img src='x.png'/>"
    result = render(copy.copy(plan), "shiryo1")
    text = flat("".join(page_texts(result.pdf, tmp_path)))
    for literal in ("<fontsize=40>大</font>&<br/><b>", "・<i>斜体</i>&amp;]]>", "<imgsrc='x.png'/>"):
        assert literal in text
