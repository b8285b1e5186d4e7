"""A new plan for any ward: the standard 区分 of the 個性ある区づくり推進費, empty or built from rows of a listing.

The rows come from a workbook shaped like the 事業別一覧表 (柱 | 事業名 | 予算 |
前年度 | 課) or from cells copied in a spreadsheet; `read_row` reads one row
as people type it and says what is wrong with each bad cell. Nothing here
reads a file or writes a plan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .model import AgendaItem, Category, Meeting, Overview, OverviewRow, Pillar, Plan, Project, Section
from .money import AmountError, check_fiscal_year, parse_amount

# The 課 most wards have, in the order of the organisation chart; a listing adds its own.
STANDARD_SECTIONS = ("総務課", "区政推進課", "地域振興課", "福祉保健課", "高齢・障害支援課", "こども家庭支援課",
                     "生活衛生課", "土木事務所")
OFFICE = "区政推進課"
MEETING = "区づくり推進横浜市会議員会議"

_SELF_PLANNED = ("地域の身近な課題やニーズに迅速かつ、きめ細やかに対応するための事業費で、"
                 "区が独自に企画し、区自らが執行する事業費です。")
_INTEGRATED = ("各課の運営に係る事務費（統合事務費）と、各種委員の任命・委嘱などに関する経費（統合事業費）"
               "（自主企画事業費から分離された事業）です。")
_DISTRIBUTED_NOTE = "市民局及び各所管局の財源を活用して実施します。"
_TABLE_NOTE = "※各項目で四捨五入しているため、合計額と一致しない場合があります。"
_CHART_NOTE = "注：各項目で四捨五入をしているため、合計額と一致しない場合があります。"


class RowError(ValueError):
    """A cell that cannot be read; `column` names it as the listing's header does."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass
class ListedProject:
    """One row of a listing: a project with its pillar (empty: the pillar of the row above)."""

    pillar: str
    name: str
    amount: int
    last_year: int | None
    sections: list[str] = field(default_factory=list)


def check_ward(ward: str) -> str:
    name = (ward or "").strip()
    if not name:
        raise ValueError("区の名称を入力してください（例：青葉区）。")
    if len(name) > 20 or "\n" in name:
        raise ValueError(f"区の名称「{name[:20]}…」が長すぎます。")
    return name


def empty_plan(ward: str, fiscal_year: int) -> Plan:
    """A plan with the standard 区分, one pillar of 自主企画事業費 to be named, and no projects."""
    ward, fiscal_year = check_ward(ward), check_fiscal_year(fiscal_year)
    sections = [Section(name) for name in STANDARD_SECTIONS]
    by_name = {s.name: s for s in sections}
    self_planned = Category("自主企画事業費", listing_label="自主企画事業", description=_SELF_PLANNED,
                            requires_indicators=True, pillars=[Pillar("")])
    integrated = Category("統合事務事業費", description=_INTEGRATED, children=[
        Category("統合事務費", amount=0, last_year=0, sections=[by_name["総務課"]]),
        Category("統合事業費", qualifier="（各種委員の任命・委嘱に関する経費など）", lists_items=True,
                 pillars=[Pillar("統合事業費")]),
    ])
    facilities = Category("区庁舎・区民利用施設管理費", amount=0, last_year=0, description="",
                          sections=[by_name["総務課"]])
    total = Category("個性ある区づくり推進費", children=[self_planned, integrated, facilities])
    distributed = Category(f"{ward}で企画する主な区配事業", caption="その他の事業費", footnote=_DISTRIBUTED_NOTE,
                           pillars=[Pillar(f"{ward}で企画する主な区配事業")])
    plan = Plan(ward, fiscal_year, OFFICE, sections=sections, categories=[total, distributed])
    plan.overview = Overview(chart_note=_CHART_NOTE, table_notes=[_TABLE_NOTE], rows=[
        OverviewRow(total.name, chart_label="区づくり", category=total, children=[
            OverviewRow(self_planned.name, chart_label="自主", category=self_planned),
            OverviewRow(integrated.name, chart_label="統合事務事業", category=integrated),
            OverviewRow(facilities.name, chart_label=facilities.name, category=facilities),
        ]),
    ])
    plan.meeting = Meeting(1, MEETING, dt.date(fiscal_year, 6, 1), items=[
        AgendaItem(f"{plan.year_label} {ward}{total.name}の執行計画について", handout="資料１"),
    ])
    return plan


def plan_from_listing(ward: str, fiscal_year: int, rows: list[ListedProject]) -> Plan:
    """The empty plan with the listing's projects under 自主企画事業費, pillars in the order they first appear."""
    plan = empty_plan(ward, fiscal_year)
    self_planned = plan.category("自主企画事業費")
    assert self_planned is not None
    pillars: list[Pillar] = []
    current: Pillar | None = None
    for row in rows:
        if row.pillar:
            current = next((p for p in pillars if p.name == row.pillar), None)
            if current is None:
                current = Pillar(row.pillar)
                pillars.append(current)
        if current is None:
            raise RowError("最初の行の柱が空です。", "柱")
        sections = []
        for name in row.sections:
            section = plan.section(name)
            if section is None:
                section = Section(name)
                plan.sections.append(section)
            sections.append(section)
        project = Project(row.name, amount=row.amount, last_year=row.last_year, sections=sections)
        project.pillar = current
        current.projects.append(project)
    if pillars:
        self_planned.pillars = pillars
        for pillar in pillars:
            pillar.category = self_planned
    return plan


# Reading cells ---------------------------------------------------------------

_NUMERAL = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]|[IVX]+[.．\s])\s*")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def cell_amount(value: object, column: str, *, required: bool) -> int | None:
    """An amount in 千円 from a cell: a number, or text as people type it (▲, △, full-width, 千円)."""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise RowError("金額は数字で入力してください（日付や TRUE/FALSE になっています）。", column)
    if isinstance(value, float):
        if not value.is_integer():
            raise RowError(f"「{value}」は小数です。金額は千円単位の整数で入力してください。", column)
        value = int(value)
    text = cell_text(value)
    if not text:
        if required:
            raise RowError("金額が入力されていません。", column)
        return None
    try:
        return parse_amount(text)
    except AmountError as e:
        raise RowError(str(e), column) from None


def split_sections(text: str) -> list[str]:
    """課 of a cell: several separated by 、, a comma or a line break."""
    return [name.strip() for name in re.split(r"[、,，\n]", text) if name.strip()]


def pillar_name(text: str) -> str:
    """柱 as the listing writes it: Ⅰ　安全・安心 → 安全・安心."""
    return _NUMERAL.sub("", text).strip()


def read_listing_row(cells: list[object]) -> tuple[ListedProject | None, list[RowError]]:
    """柱 | 事業名 | 予算 | 前年度 | 課: the project, or what is wrong with each bad cell."""
    cells = list(cells) + [None] * (5 - len(cells))
    errors: list[RowError] = []
    pillar, name = pillar_name(cell_text(cells[0])), cell_text(cells[1])
    if not name:
        errors.append(RowError("事業名が入力されていません。", "事業名"))
    amounts: list[int | None] = []
    for value, column, required in ((cells[2], "予算", True), (cells[3], "前年度", False)):
        try:
            amounts.append(cell_amount(value, column, required=required))
        except RowError as e:
            errors.append(e)
    if errors:
        return None, errors
    amount, last_year = amounts
    assert amount is not None
    return ListedProject(pillar, name, amount, last_year, split_sections(cell_text(cells[4]))), []
