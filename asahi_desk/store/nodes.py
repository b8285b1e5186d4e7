"""Where each kind of object of a plan is kept: the list that holds it, its link to its parent, what it holds.

PlanStore changes the objects through these, and puts them back through them
when a write fails.
"""

from __future__ import annotations

from typing import Any, Callable

from ..domain.model import (
    AgendaItem,
    Attachment,
    BureauProject,
    Category,
    Indicator,
    Item,
    ItemReference,
    OverviewRow,
    Photo,
    Pillar,
    Plan,
    Project,
    ReportBlock,
    ReportPanel,
    Section,
)
from .overview_store import rows_under


def copy_value(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def set_fields(obj: Any, values: dict[str, Any]) -> None:
    for attr, value in values.items():
        setattr(obj, attr, copy_value(value))


# What links an object to its parent, so that a failed insert or move can put the link back.
_LINKS: dict[type, tuple[str, ...]] = {Item: ("project",), Indicator: ("project",), Photo: ("project",),
                                       ItemReference: ("project",), BureauProject: ("project",),
                                       Project: ("pillar",), Pillar: ("category",), Category: ("parent", "owner"),
                                       OverviewRow: ("parent",)}


def unplaced(obj: Any, siblings: list[Any]) -> Callable[[], None]:
    """How to take a new object back out: out of its list, its parent link and the ids of its rows as they were."""
    links = {attr: getattr(obj, attr) for attr in _LINKS.get(type(obj), ())}
    ids = [(node, node.id) for node in descendants(obj)]

    def undo() -> None:
        if any(x is obj for x in siblings):
            siblings.remove(obj)
        set_fields(obj, links)
        for node, old_id in ids:
            node.id = old_id

    return undo


def moved_back(plan: Plan, obj: Any, new_siblings: list[Any], old_parent: Any, old_siblings: list[Any],
                old_index: int) -> None:
    """Undo the objects' side of a failed `move`."""
    if any(x is obj for x in new_siblings):
        new_siblings.remove(obj)
    if not any(x is obj for x in old_siblings):
        old_siblings.insert(old_index, obj)
    attach(obj, old_parent, plan)


def child_lists(obj: Any) -> list[list[Any]]:
    if isinstance(obj, Category):
        return [obj.children, obj.pillars]
    if isinstance(obj, Pillar):
        return [obj.projects]
    if isinstance(obj, Project):
        return [obj.items, obj.indicators, obj.photos, obj.references, obj.bureau_projects]
    if isinstance(obj, OverviewRow):
        return [obj.children]
    return []


def descendants(obj: Any) -> list[Any]:
    out = [obj]
    for children in child_lists(obj):
        for child in children:
            out += descendants(child)
    return out


_LISTS: dict[type, Callable[[Any], list[Any]]] = {
    Item: lambda p: p.items,
    Indicator: lambda p: p.indicators,
    Photo: lambda p: p.photos,
    ItemReference: lambda p: p.references,
    BureauProject: lambda p: p.bureau_projects,
    Project: lambda p: p.projects,
    Pillar: lambda p: p.pillars,
}


def siblings_of(plan: Plan, obj: Any, parent: Any) -> list[Any]:
    kind = type(obj)
    if kind in _LISTS:
        if parent is None:
            raise ValueError(f"{kind.__name__} needs a parent")
        return _LISTS[kind](parent)
    if kind is Category:
        return parent.children if parent is not None else plan.categories
    if kind is OverviewRow:
        return rows_under(plan, parent)
    if kind is AgendaItem:
        return plan.meeting.items
    if kind is ReportBlock:
        return plan.report.blocks
    if kind is ReportPanel:
        return plan.report.panels
    if kind is Attachment:
        return plan.attachments
    if kind is Section:
        return plan.sections
    raise TypeError(f"{kind.__name__} is not kept in a list")


def attach(obj: Any, parent: Any, plan: Plan) -> None:
    if isinstance(obj, (Item, Indicator, Photo, ItemReference, BureauProject)):
        obj.project = parent
    elif isinstance(obj, Project):
        obj.pillar = parent
    elif isinstance(obj, Pillar):
        obj.category = parent
    elif isinstance(obj, Category):
        obj.parent = parent
        obj.owner = plan if parent is None else None
    elif isinstance(obj, OverviewRow):
        obj.parent = parent
