"""What the exported workbook looks like, known in one place by the writer and the reader.

A project sheet holds the project's name and purpose, its items (one row each,
between the heading row and the 合計 row) and its 事業指標 (one row each, from
their heading row to the end of the sheet). The ids of the plan, the projects,
the items and the 事業指標 never appear in a visible cell: the rows are marked by
defined names (which Excel and LibreOffice keep on the right row when rows are
inserted or deleted, and turn into #REF! when the row itself is deleted), and a
very hidden sheet lists what was exported, with the values and the names as
exported, under a checksum keyed by the plan file's secret (seal.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

FORMAT_VERSION = 2  # 2: the plan file's uid, the values and names as exported, a keyed checksum
META_SHEET = "_asahi_desk"
META_MARK = "Asahi Desk ブック"
SUMMARY_SHEET = "総括表"
LISTING_SHEET = "事業別一覧表"

# 千円 with ▲ for negatives, and 増▲減率 as a percentage with ▲.
AMOUNT_FORMAT = '#,##0;"▲ "#,##0'
RATE_FORMAT = '0.0%;"▲ "0.0%'

FONT_NAME = "ＭＳ ゴシック"  # fixed pitch: a full-width character is exactly two half-width ones
FONT_SIZE = 11
LINE_HEIGHT = 14.0  # points per line of text in FONT_SIZE

# Defined names marking the cells and rows the reader needs.
NAME_PREFIX = "AD_"
SUMMARY_ANCHOR = "AD_SUMMARY"
LISTING_ANCHOR = "AD_LISTING"


def project_name(project_id: int, part: str = "") -> str:
    """AD_P12 (the sheet), AD_P12_NAME, AD_P12_PURPOSE, AD_P12_ITEMS, AD_P12_TOTAL, AD_P12_KPIS."""
    return f"AD_P{project_id}" + (f"_{part}" if part else "")


def item_name(item_id: int) -> str:
    return f"AD_I{item_id}"


def indicator_name(indicator_id: int) -> str:
    return f"AD_K{indicator_id}"


NAME_PATTERN = re.compile(r"AD_(?:(?P<kind>[PIK])(?P<id>[0-9]+)(?:_(?P<part>NAME|PURPOSE|ITEMS|TOTAL|KPIS))?|SUMMARY|LISTING)")

# Columns of a project sheet, by their heading. The reader finds them by heading,
# so that a column inserted by the user does not shift what is read.
NUMBER_HEAD = "No."
MARK_HEAD = "印"
ITEM_NAME_HEAD = "細事業名"
AMOUNT_HEAD = "金額（千円）"
LAST_YEAR_HEAD = "前年度（千円）"
LINES_HEAD = "内容（１行に１項目）"
INDICATOR_NAME_HEAD = "事業指標"
TARGET_HEAD = "目標"
UNIT_HEAD = "単位"

SPARE_ITEM_ROWS = 3  # empty rows before 合計, where a section types new items
SPARE_INDICATOR_ROWS = 1


@dataclass(frozen=True)
class ProjectColumns:
    """Column numbers (1-based) of a project sheet."""

    carries_last_year: bool  # items with their own 前年度 (統合事業費)

    number = 1
    mark = 2
    name = 3
    amount = 4

    @property
    def last_year(self) -> int | None:
        return 5 if self.carries_last_year else None

    @property
    def lines(self) -> int:
        return 6 if self.carries_last_year else 5

    @property
    def width(self) -> int:
        return self.lines

    # 事業指標 share the columns of the item table.
    indicator_name = 3
    target = 4
    unit = 5

    def item_heads(self) -> dict[int, str]:
        heads = {self.number: NUMBER_HEAD, self.mark: MARK_HEAD, self.name: ITEM_NAME_HEAD,
                 self.amount: AMOUNT_HEAD, self.lines: LINES_HEAD}
        if self.last_year:
            heads[self.last_year] = LAST_YEAR_HEAD
        return dict(sorted(heads.items()))

    def indicator_heads(self) -> dict[int, str]:
        return {self.number: NUMBER_HEAD, self.indicator_name: INDICATOR_NAME_HEAD, self.target: TARGET_HEAD,
                self.unit: UNIT_HEAD}


# The hidden sheet: a head of (key, value) rows, then one row per object exported
# (with the values it was exported with, as JSON), then one row per defined name
# (with the cell it marked), then the keyed checksum of all of them (seal.py).
MANIFEST_HEAD = ("kind", "id", "project", "label", "values")
NAME_ROW = "name"
SEAL_KEY = "seal"


def project_values(project: Any) -> dict[str, Any]:
    return {"name": project.name, "purpose": project.purpose}


def item_values(item: Any) -> dict[str, Any]:
    return {"mark": item.mark, "name": item.name, "amount": item.amount, "lines": list(item.lines),
            "last_year": item.last_year}


def indicator_values(indicator: Any) -> dict[str, Any]:
    return {"name": indicator.name, "target": indicator.target, "unit": indicator.unit}


def dump_values(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def load_values(text: Any) -> dict[str, Any]:
    """The values of a manifest row; ValueError when they are not what dump_values wrote."""
    values = json.loads(str(text))
    if not isinstance(values, dict):
        raise ValueError(text)
    return values
