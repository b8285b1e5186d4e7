"""A change in words, as 変更履歴 lists it: 「Ⅱ-１ 細事業２ 金額 1,000 → 1,200」.

Plain functions over the domain's objects: where a node is (as staff name it), and a stored
value as the clerk reads it (amounts in 千円 with ▲, texts quoted and shortened).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import AgendaItem, Attachment, Category, Indicator, Item, Meeting, Pillar, Project, ReportBlock, ReportPanel
from .money import format_table, jnum

AMOUNT_FIELDS = {"amount", "last_year", "stated_amount", "stated_last_year", "city_amount"}
TEXT_LIMIT = 24  # characters of a text shown before 「…」


def place(node: Any) -> str:
    """Where a node is: Ⅱ-１ 細事業２, Ⅱ-１, Ⅱ 地域の力, Ⅰ-４ 事業指標２; "" when it is not in the plan."""
    try:
        if isinstance(node, Item):
            return node.label if node.project is not None and node in node.project.items else ""
        if isinstance(node, Project):
            return node.code if node.pillar is not None and node in node.pillar.projects else ""
        if isinstance(node, Pillar):
            return node.label if node.category is not None and node in node.category.pillars else ""
        if isinstance(node, Category):
            return node.name
        if isinstance(node, Indicator) and node.project is not None and node in node.project.indicators:
            return f"{node.project.code} 事業指標{jnum(node.project.indicators.index(node) + 1)}"
        if isinstance(node, (Meeting, AgendaItem)):
            return "次第"
        if isinstance(node, (ReportBlock, ReportPanel)):
            return "資料２" if isinstance(node, ReportBlock) else "資料２ 概要版"
        if isinstance(node, Attachment):
            return f"{node.handout} 添付"
        project = getattr(node, "project", None)
        if isinstance(project, Project):
            return place(project)
    except (AssertionError, ValueError, AttributeError):  # a node just taken out of its list
        return ""
    return ""


def name_of(node: Any) -> str:
    for attribute in ("name", "title", "file_name", "caption", "text"):
        value = getattr(node, attribute, None)
        if isinstance(value, str) and value:
            return quoted(value)
    return ""


def quoted(text: str) -> str:
    text = " ".join(text.split())
    return f"「{text[:TEXT_LIMIT]}…」" if len(text) > TEXT_LIMIT else f"「{text}」"


def value_words(field: str, value: Any) -> str:
    """A stored value as the clerk reads it."""
    if field in AMOUNT_FIELDS or (isinstance(value, int) and not isinstance(value, bool) and field.endswith("amount")):
        return "なし" if value is None else format_table(int(value))
    if value is None or value == "" or value == [] or value == ():
        return "（空）"
    if isinstance(value, bool):
        return "あり" if value else "なし"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (list, tuple)):
        return quoted("、".join(str(v) for v in value))
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def edit_words(node: Any, changes: list[tuple[str, str, Any, Any]]) -> str:
    """Ⅱ-１ 細事業２ 金額 1,000 → 1,200 (each change: field, its name, old value, new value)."""
    parts = [f"{label} {value_words(field, old)} → {value_words(field, new)}" for field, label, old, new in changes]
    where = place(node)
    return f"{where} {'、'.join(parts)}" if where else "、".join(parts)
