"""Each change is written to the file and shown by the objects at once; undo data restores it exactly."""

from pathlib import Path

import pytest

from asahi_desk.domain.model import Indicator, Item, Photo, Project, Section
from asahi_desk.store import PlanFileError, PlanStore, open_store
from tests.helpers import database_rows, plan_outline, reopened


def test_update_is_written_at_once(store: PlanStore) -> None:
    item = store.plan.item("Ⅰ-1-1")
    lines = list(item.lines)
    old = store.update(item, amount=800, name="防災訓練事業（拡充）", lines=["・一行目", "・二行目"])
    assert old == {"amount": 725, "name": "防災訓練事業", "lines": lines}
    assert item.lines == ["・一行目", "・二行目"]
    assert store.plan.project("Ⅰ-1").current == 11922 + 75
    assert reopened(store) == plan_outline(store.plan)
    store.update(item, **old)
    assert item.amount == 725 and item.lines == old["lines"]
    assert reopened(store) == plan_outline(store.plan)


def test_sections_of_a_project(store: PlanStore) -> None:
    plan = store.plan
    project = plan.project("Ⅱ-2")
    store.update(project, sections=[plan.section("区政推進課"), plan.section("地域振興課")])
    assert [s.name for s in project.sections] == ["区政推進課", "地域振興課"]
    assert reopened(store) == plan_outline(plan)


def test_insert_remove_restore_a_project(store: PlanStore) -> None:
    plan = store.plan
    pillar = plan.project("Ⅱ-1").pillar
    before_rows = database_rows(store.path)
    before = plan_outline(plan)
    project = Project("新しい事業", "目的", last_year=0, sections=[plan.section("総務課")],
                      items=[Item("新しい細事業", 300, mark="新", lines=["・説明"])],
                      indicators=[Indicator("参加者数", "100", "人")])
    store.insert(project, pillar, 2)
    assert project.code == "Ⅱ-３" and project.id is not None and project.items[0].id is not None
    assert plan.project("Ⅱ-4").name == "旭ふれあい区民まつり"
    assert plan.category("自主企画事業費").current == 102924 + 300
    assert reopened(store) == plan_outline(plan)

    removal = store.remove(project)
    assert plan_outline(plan) == before
    assert reopened(store) == before
    store.restore(removal)
    assert project.code == "Ⅱ-３"
    assert reopened(store) == plan_outline(plan)
    store.remove(project)
    assert database_rows(store.path) == before_rows


def test_removing_a_referenced_item_and_restoring_it(store: PlanStore) -> None:
    plan = store.plan
    item = plan.item("Ⅰ-4-3")
    reference = plan.project("Ⅰ-1").references[0]
    before = database_rows(store.path)
    removal = store.remove(item)
    assert reference.item is None
    assert plan.project("Ⅰ-4").current == 1423 - 560
    store.restore(removal)
    assert reference.item is item and plan.item("Ⅰ-4-3") is item
    assert database_rows(store.path) == before


def test_removing_a_whole_pillar_and_restoring_it(store: PlanStore) -> None:
    plan = store.plan
    before = database_rows(store.path)
    pillar = plan.pillars()[0]
    removal = store.remove(pillar)
    assert plan.pillars()[0].name == "地域の力" and plan.pillars()[0].numeral == "Ⅰ"
    assert plan.project("Ⅰ-1").references == []  # the block went with its pillar
    assert reopened(store) == plan_outline(plan)
    store.restore(removal)
    assert database_rows(store.path) == before


def test_move_within_and_across_parents(store: PlanStore) -> None:
    plan = store.plan
    before = database_rows(store.path)
    item = plan.item("Ⅰ-1-7")
    old_parent, old_index = store.move(item, item.project, 0)
    assert plan.item("Ⅰ-1-1") is item and old_index == 6
    target = plan.project("Ⅱ-3")
    store.move(item, target, 1)
    assert item.project is target and item.code == "Ⅱ-３-2"
    assert plan.project("Ⅰ-1").current == 11922 - 306 and target.current == 3300 + 306
    assert reopened(store) == plan_outline(plan)
    store.move(item, old_parent, old_index)
    assert database_rows(store.path) == before

    project = plan.project("Ⅲ-3")
    store.move(project, plan.pillars()[0], 0)
    assert project.code == "Ⅰ-１" and plan.project("Ⅰ-2").name == "災害に強い区づくり事業"
    assert reopened(store) == plan_outline(plan)


def test_photos_are_kept_in_the_file(store: PlanStore, tmp_path: Path) -> None:
    project = store.plan.project("Ⅰ-1")
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    store.insert(Photo("訓練の様子", data, "image/png"), project, 0)
    copy = tmp_path / "copy.sqlite"
    store.file.conn.execute("VACUUM INTO ?", [str(copy)])
    other = PlanStore.open(copy, readonly=True)
    assert other.plan.project("Ⅰ-1").photos[0].image == data
    other.close()


def test_a_failed_change_leaves_nothing_behind(store: PlanStore) -> None:
    plan = store.plan
    before = database_rows(store.path)
    project = plan.project("Ⅰ-1")
    with pytest.raises(ValueError):
        with store.file.transaction():
            store.update(project, name="途中まで")
            store.update(project.items[0], amount="たくさん")
    assert database_rows(store.path) == before


def test_add_section(store: PlanStore) -> None:
    section = store.add_section("戸籍課")
    assert store.plan.sections[-1] is section and section.id
    with pytest.raises(ValueError, match="すでにあります"):
        store.add_section("戸籍課")
    with pytest.raises(ValueError, match="名称を入力"):
        store.add_section("　")


def test_first_start_makes_the_users_plan_from_the_built_in_data() -> None:
    store = open_store(None)
    try:
        assert store.path.name == "plan.sqlite" and store.plan.total_category.current == 876702
        store.update(store.plan.item("Ⅰ-1-1"), amount=1)
    finally:
        store.close()
    again = open_store(None)
    try:
        assert again.plan.item("Ⅰ-1-1").amount == 1  # kept, not made anew
    finally:
        again.close()


def test_a_new_item_of_the_integrated_project_keeps_its_last_year(store: PlanStore) -> None:
    plan = store.plan
    integrated = plan.project("Ⅴ-1")
    store.insert(Item("新しい委員の経費", 100), integrated, len(integrated.items))
    assert integrated.last == 24676 and integrated.current == 24531
    assert plan.category("統合事務事業費").last == 50201


def test_moving_an_item_across_projects_keeps_each_last_year(store: PlanStore) -> None:
    plan = store.plan
    item = plan.item("Ⅴ-1-1")
    store.move(item, plan.project("Ⅰ-1"), 0)
    assert plan.project("Ⅰ-1").last == 12321  # its own figure; the item's 前年度 is not counted here
    assert plan.project("Ⅴ-1").last == 24676 - 9486
    assert item.last is None and item.last_year == 9486  # kept, for when it goes back
    store.move(item, plan.project("Ⅴ-1"), 0)
    assert plan.project("Ⅴ-1").last == 24676


def refuse_writes(store: PlanStore, table: str, event: str) -> None:
    """Make the file refuse a kind of write, as a full disk or a damaged file would."""
    store.file.conn.execute(f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON {table} "
                            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")


def test_an_update_with_an_unknown_section_changes_nothing(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-1")
    before, outline = database_rows(store.path), plan_outline(store.plan)
    with pytest.raises(ValueError, match="課「未登録の課」は課の一覧にありません"):
        store.update(project, name="新しい名前", sections=[Section("未登録の課")])
    assert plan_outline(store.plan) == outline == reopened(store)
    assert database_rows(store.path) == before


def test_an_insert_refused_by_its_values_changes_nothing(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-1")
    before, outline = database_rows(store.path), plan_outline(store.plan)
    item = Item("x", 1, mark="特")
    with pytest.raises(ValueError, match="印は"):
        store.insert(item, project)
    with pytest.raises(ValueError, match="整数"):
        store.insert(Project("新しい事業", items=[Item("y", 1), Item("z", "たくさん")]), project.pillar)  # type: ignore[arg-type]
    assert item not in project.items and item.project is None
    assert plan_outline(store.plan) == outline == reopened(store)
    assert database_rows(store.path) == before


def test_an_insert_the_file_refuses_changes_nothing(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-1")
    pillar = project.pillar
    refuse_writes(store, "indicators", "INSERT")
    before, outline = database_rows(store.path), plan_outline(store.plan)
    new = Project("新しい事業", items=[Item("y", 1)], indicators=[Indicator("回数", "3", "回")])
    with pytest.raises(PlanFileError, match="「plan.sqlite」に変更を書き込めませんでした（disk I/O error）"):
        store.insert(new, pillar)
    assert new not in pillar.projects and new.pillar is None
    assert new.id is None and new.items[0].id is None  # its items were written before the file refused
    assert plan_outline(store.plan) == outline == reopened(store)
    assert database_rows(store.path) == before


def test_an_update_or_move_the_file_refuses_changes_nothing(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-1")
    item = project.items[0]
    other = store.plan.project("Ⅰ-2")
    refuse_writes(store, "items", "UPDATE")
    before, outline = database_rows(store.path), plan_outline(store.plan)
    with pytest.raises(PlanFileError, match="変更は保存していません"):
        store.update(item, name="新しい名前", amount=1)
    with pytest.raises(PlanFileError):
        store.move(item, other, 0)
    assert item.project is project and project.items[0] is item and item not in other.items
    with pytest.raises(PlanFileError):
        store.remove(project.items[1])  # the items after it are numbered anew
    assert plan_outline(store.plan) == outline == reopened(store)
    assert database_rows(store.path) == before
