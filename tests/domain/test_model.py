from hypothesis import given
from hypothesis import strategies as st

from asahi_desk.domain.model import Category, Item, Pillar, Plan, Project
from tests.helpers import small_plan

item_amounts = st.lists(st.integers(min_value=-10**6, max_value=10**9), max_size=8)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Plans of any shape: 区分 with pillars, projects with or without items, lump sums."""
    pillars = []
    for _ in range(draw(st.integers(1, 3))):
        projects = []
        for _ in range(draw(st.integers(0, 4))):
            amounts = draw(item_amounts)
            projects.append(Project("事業", amount=None if amounts else draw(st.integers(0, 10**6)),
                                    last_year=draw(st.integers(0, 10**6)),
                                    items=[Item(f"細事業{i}", a) for i, a in enumerate(amounts)]))
        pillars.append(Pillar("柱", projects))
    lumps = [Category("一括", amount=draw(st.integers(0, 10**9)), last_year=draw(st.integers(0, 10**9)))
             for _ in range(draw(st.integers(0, 2)))]
    root = Category("合計", children=[Category("自主企画事業費", pillars=pillars), *lumps])
    return Plan("旭区", 2024, categories=[root])


@given(plans())
def test_totals_roll_up_from_the_stored_amounts(plan: Plan) -> None:
    root = plan.categories[0]
    leaves = sum(i.amount for i in plan.items())
    leaves += sum(p.amount or 0 for p in plan.projects() if not p.items)
    leaves += sum(c.amount or 0 for c in plan.walk_categories() if c.is_lump_sum)
    assert root.current == leaves
    assert root.last == sum(p.last for p in plan.projects()) + sum(
        c.last_year or 0 for c in plan.walk_categories() if c.is_lump_sum)
    for pillar in plan.pillars():
        assert pillar.current == sum(p.current for p in pillar.projects)
    for project in plan.projects():
        if project.items:
            assert project.current == sum(i.amount for i in project.items)


@given(plans(), st.data())
def test_moving_an_item_keeps_the_total(plan: Plan, data: st.DataObject) -> None:
    projects = list(plan.projects())
    with_items = [p for p in projects if len(p.items) > 1]
    if not with_items or len(projects) < 2:
        return
    source = data.draw(st.sampled_from(with_items))
    target = data.draw(st.sampled_from([p for p in projects if p is not source]))
    before = plan.categories[0].current
    # A project's own amount counts only while it has no items.
    replaced = 0 if target.items else (target.amount or 0)
    item = source.items.pop(0)
    target.items.append(item)
    item.project = target
    assert plan.categories[0].current == before - replaced


@given(plans(), st.integers(-10**6, 10**6))
def test_changing_one_item_changes_every_total_above_it_by_the_same(plan: Plan, delta: int) -> None:
    items = list(plan.items())
    if not items:
        return
    item = items[0]
    project = item.project
    pillar = project.pillar
    chain = [project, pillar, *pillar.category.path()]
    before = [node.current for node in chain]
    item.amount += delta
    assert [node.current for node in chain] == [b + delta for b in before]


def test_numbering_follows_the_order() -> None:
    plan = small_plan()
    project = plan.project("Ⅰ-1")
    assert project is not None and project.code == "Ⅰ-１"
    assert [i.number for i in project.items] == [1, 2]
    project.items.reverse()
    assert project.items[0].name == "防災講座" and project.items[0].number == 1
    assert plan.item("Ⅰ-1-2").name == "防災訓練"
    assert plan.pillars()[1].numeral == "Ⅱ"


def test_items_with_last_year_figures_give_the_project_its_last_year(plan: Plan) -> None:
    integrated = plan.project("Ⅴ-1")
    assert integrated.lists_items
    assert integrated.last == 24676 and integrated.current == 24431
    assert [s.name for s in integrated.all_sections] == ["区政推進課", "地域振興課", "総務課", "こども家庭支援課", "福祉保健課"]
