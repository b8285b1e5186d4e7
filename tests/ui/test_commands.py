"""Undoable commands: each undo goes back to exactly what its step replaced, in the file and the objects."""

from __future__ import annotations

from asahi_desk.store import open_store
from asahi_desk.ui.commands import EditCommand, MacroCommand


def stored_item(doc, code):
    store = open_store(doc.path, readonly=True)
    try:
        return store.plan.item(code)
    finally:
        store.close()


def test_undo_restores_what_the_edit_replaced_when_it_ran(doc):
    item = doc.plan.item("Ⅰ-1-1")
    original = item.amount
    first = EditCommand(doc, item, amount=100)
    second = EditCommand(doc, item, merge=False, amount=200)  # made before the first one ran
    assert doc.run(first) and doc.run(second)
    doc.undo_stack.undo()
    assert item.amount == 100 == stored_item(doc, "Ⅰ-1-1").amount
    doc.undo_stack.undo()
    assert item.amount == original == stored_item(doc, "Ⅰ-1-1").amount
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert item.amount == 200 == stored_item(doc, "Ⅰ-1-1").amount


def test_a_list_field_is_restored_as_it_was(doc):
    item = doc.plan.item("Ⅰ-1-2")
    lines = list(item.lines)
    macro = MacroCommand(doc, "内容の変更", [EditCommand(doc, item, lines=["一行目"]),
                                         EditCommand(doc, item, lines=["一行目", "二行目"])])
    assert doc.run(macro) and item.lines == ["一行目", "二行目"]
    doc.undo_stack.undo()
    assert item.lines == lines == stored_item(doc, "Ⅰ-1-2").lines
