"""Next year's plan from this one: this year's amounts become 前年度, and the plan is a draft of the new year.

`next_year` makes new objects and never touches the plan it is given. The new
plan keeps the tree (区分, pillars, projects, items and their order), names,
purposes, 課, 事業指標, photos, ＜関連する局事業＞ and notes. Every amount of
this year becomes 前年度 at every level, and this year's amounts start equal
to them: the sections then change what changes. While the plan says it was
carried over (`carried_from`), the checks name the figures still equal to last
year's. The 次第 becomes a draft for the new year; 資料２ and the attached PDFs
go along only when asked.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .model import Meeting, Overview, Plan, Report
from .money import FISCAL_YEARS


@dataclass(frozen=True)
class RolloverOptions:
    keep_report: bool = False  # 資料２ goes along
    keep_attachments: bool = False  # the attached PDFs go along
    clear_overview: bool = False  # 予算のすがた / 主な事業内容 keep their rows but not their figures


def next_year(plan: Plan, options: RolloverOptions | None = None) -> Plan:
    """A new plan for the fiscal year after `plan`'s, as a draft of that year."""
    options = options or RolloverOptions()
    if plan.fiscal_year + 1 > FISCAL_YEARS[1]:
        raise ValueError(f"{plan.fiscal_year + 1} 年度の計画は作れません。")
    new = copy.deepcopy(plan)
    _forget_ids(new)
    old_label, new.fiscal_year, new.year_label_override = plan.year_label, plan.fiscal_year + 1, ""
    new.carried_from = old_label
    for category in new.walk_categories():
        if category.is_lump_sum:
            category.last_year = category.amount
        category.stated_last_year = category.stated_amount
    for pillar in new.pillars():
        pillar.stated_last_year = pillar.stated_amount
    for project in new.projects():
        project.last_year = project.current
        project.stated_last_year = project.stated_amount
        for item in project.items:
            item.last_year = item.amount
    new.meeting = _next_meeting(new.meeting, old_label, new.year_label)
    if not options.keep_report:
        new.report = Report()
    if not options.keep_attachments:
        new.attachments = []
    for row in new.overview.walk():
        row.last_amount = row.amount
    if options.clear_overview:
        _clear_overview(new.overview)
    return new


def _forget_ids(root: Any) -> None:
    """Every object of the new plan is new to its file: no id of the old file goes along."""
    seen: set[int] = set()

    def visit(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, list):
            for x in obj:
                visit(x)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            if hasattr(obj, "id"):
                obj.id = None
            for f in dataclasses.fields(obj):
                visit(getattr(obj, f.name))

    visit(root)


def _next_meeting(meeting: Meeting, old_label: str, new_label: str) -> Meeting:
    """The same meeting a year on: 回 and name kept, the date a year later (to be typed), handouts kept by name."""
    meeting.date = _a_year_later(meeting.date)
    for item in meeting.items:
        item.title = item.title.replace(old_label, new_label)
        item.lines = [line.replace(old_label, new_label) for line in item.lines]
    return meeting


def _a_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _clear_overview(overview: Overview) -> None:
    for row in overview.walk():
        row.amount = 0
        row.city_million = None if row.city_million is None else 0
