"""The tree model without a window: figures, editing, structure and qtmodeltester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from asahi_desk.domain.model import Item
from asahi_desk.ui.commands import InsertCommand, MoveCommand, RemoveCommand
from asahi_desk.ui.plan_model import PlanTreeModel as M


def find_row(model, node, column=0):
    return model.index_of(node, column)


@pytest.mark.parametrize("force_py", [False, True], ids=["qt", "python"])
def test_qtmodeltester_passes(qtmodeltester, model, force_py):
    qtmodeltester.check(model, force_py=force_py)


def test_qtmodeltester_passes_through_changes(qtmodeltester, model, doc):
    qtmodeltester.check(model)
    project = doc.plan.project("Ⅰ-1")
    item = project.items[0]
    assert model.setData(model.index_of(item, M.COL_CURRENT), "1,000")
    doc.run(InsertCommand(doc, Item("新しい細事業", 10), project, 0))
    doc.run(MoveCommand(doc, project, doc.plan.pillars()[1], 0))
    doc.run(RemoveCommand(doc, item))
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()


def test_headers_follow_the_fiscal_year(model):
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels == ["名称", "６年度", "５年度", "増減", "増減率", "課"]


def test_root_row_shows_the_total_of_the_packet(model):
    total = model.index(0, 0, QModelIndex())
    row = [model.index(0, c, QModelIndex()).data() for c in range(6)]
    assert total.data() == "個性ある区づくり推進費"
    assert row[1:5] == ["876,702", "849,290", "27,412", "3.2%"]


def test_negative_change_is_marked_and_red(model, doc):
    other = model.index(1, 0, QModelIndex())  # 旭区で企画する主な区配事業: 585 / 885
    diff = model.index(1, M.COL_DIFF, QModelIndex())
    rate = model.index(1, M.COL_RATE, QModelIndex())
    assert other.data() == "旭区で企画する主な区配事業"
    assert diff.data() == "▲ 300"
    assert rate.data() == "▲ 33.9%"
    assert diff.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c00000"


def test_full_width_amount_with_triangle_is_read(model, doc):
    item = doc.plan.item("Ⅰ-1-1")
    assert model.setData(model.index_of(item, M.COL_CURRENT), "１，２３４")
    assert item.amount == 1234
    integrated = doc.plan.item("Ⅴ-1-1")  # items of 統合事業費 carry their own 前年度
    assert model.setData(model.index_of(integrated, M.COL_LAST), "△５")
    assert integrated.last_year == -5


def test_last_year_of_an_ordinary_item_is_not_a_cell_to_edit(model, doc):
    item = doc.plan.item("Ⅰ-1-1")
    index = model.index_of(item, M.COL_LAST)
    assert not (model.flags(index) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(index, "100") and item.last_year is None
    assert index.data() == ""


def test_bad_amount_is_refused_with_a_message_and_nothing_stored(model, doc, qtbot):
    item = doc.plan.item("Ⅰ-1-1")
    before = item.amount
    with qtbot.waitSignal(model.inputRejected) as blocker:
        assert not model.setData(model.index_of(item, M.COL_CURRENT), "abc")
    assert "金額として読めません" in blocker.args[1]
    assert item.amount == before
    stored = doc.store.file.db.execute("SELECT amount FROM items WHERE id = ?", [item.id]).fetchone()[0]
    assert stored == before
    assert doc.undo_stack.count() == 0


def test_computed_cells_are_not_editable(model, doc):
    pillar = doc.plan.pillars()[0]
    assert not model.flags(model.index_of(pillar, M.COL_CURRENT)) & Qt.ItemFlag.ItemIsEditable
    project_with_items = doc.plan.project("Ⅰ-1")
    assert not model.flags(model.index_of(project_with_items, M.COL_CURRENT)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index_of(project_with_items.items[0], M.COL_CURRENT)) & Qt.ItemFlag.ItemIsEditable


def test_drop_an_item_onto_another_project(model, doc):
    source = doc.plan.project("Ⅰ-1")
    target = doc.plan.project("Ⅰ-2")
    item = source.items[0]
    before_source, before_target = source.current, target.current
    data = model.mimeData([model.index_of(item)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(target))
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(target))
    assert item.project is target and target.items[-1] is item
    assert source.current == before_source - item.amount
    assert target.current == before_target + item.amount
    assert doc.undo_stack.undoText() == "細事業の移動"


def test_drop_within_a_level_reorders(model, doc):
    pillar = doc.plan.pillars()[0]
    first, second, third = pillar.projects[:3]
    data = model.mimeData([model.index_of(first)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, model.index_of(pillar))  # between 2 and 3
    assert pillar.projects[:3] == [second, first, third]
    assert model.index_of(first).data(M.CodeRole) == "Ⅰ-２"


def test_a_project_cannot_be_dropped_into_an_item(model, doc):
    project = doc.plan.project("Ⅰ-1")
    data = model.mimeData([model.index_of(project)])
    item = doc.plan.item("Ⅱ-1-1")
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(item))


def test_lump_sum_takes_its_own_amount_and_the_total_follows(model, doc):
    lump = doc.plan.category("統合事務費")
    total = doc.plan.total_category
    before = total.current
    assert model.setData(model.index_of(lump, M.COL_CURRENT), "24,200")
    assert lump.amount == 24200
    assert model.index_of(total, M.COL_CURRENT).data() == f"{before + 5:,}"


def test_drop_a_project_onto_another_pillar(model, doc):
    project = doc.plan.project("Ⅰ-4")
    pillar = doc.plan.pillars()[2]
    data = model.mimeData([model.index_of(project)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, model.index_of(pillar))
    assert pillar.projects[1] is project
    assert model.index_of(project).data(M.CodeRole) == "Ⅲ-２"
    assert doc.undo_stack.undoText() == "事業の移動"


def test_last_year_of_an_integrated_project_without_items_is_typed_in_the_tree(model, doc):
    from asahi_desk.domain.model import Project

    pillar = doc.plan.project("Ⅴ-1").pillar
    project = Project("新しい事業", amount=500)
    doc.run(InsertCommand(doc, project, pillar, 1))
    assert model.setData(model.index_of(project, M.COL_LAST), "400")
    assert project.last_year == 400 and project.last == 400
    assert model.index_of(project, M.COL_DIFF).data() == "100"
    assert not model.setData(model.index_of(doc.plan.project("Ⅴ-1"), M.COL_LAST), "1")  # the sum of its items
