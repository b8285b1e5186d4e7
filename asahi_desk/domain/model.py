"""The plan as plain Python objects: 区分 → pillar → project → item.

Every total is computed from the stored amounts; numbering follows the order
of the lists. Parents are linked from their children so that a node can name
itself (Ⅰ-１ 細事業３) and be found from a finding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator

from .money import era_year, fiscal_year_label, jnum, short_year_label

NUMERALS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
MARKS = ("", "新", "拡")


def roman(n: int) -> str:
    return NUMERALS[n - 1] if 1 <= n <= len(NUMERALS) else str(n)


@dataclass(eq=False)
class Section:
    """A 課 of the ward."""

    name: str
    id: int | None = None


@dataclass(eq=False)
class Indicator:
    """事業指標: a KPI and its target."""

    name: str
    target: str = ""
    unit: str = ""
    id: int | None = None
    project: Project | None = field(default=None, repr=False)


@dataclass(eq=False)
class Photo:
    caption: str = ""
    image: bytes | None = field(default=None, repr=False)
    media_type: str = ""
    id: int | None = None
    project: Project | None = field(default=None, repr=False)


@dataclass(eq=False)
class ItemReference:
    """＜参考＞: an item of another project shown here again, never counted twice."""

    item: Item | None
    lines: list[str] = field(default_factory=list)
    id: int | None = None
    project: Project | None = field(default=None, repr=False)


@dataclass(eq=False)
class BureauProject:
    """＜関連する局事業＞: a bureau's project beside ours; its amount is not the ward's."""

    name: str
    amount: int | None = None
    box: int = 1
    id: int | None = None
    project: Project | None = field(default=None, repr=False)


@dataclass(eq=False)
class Item:
    """細事業: a line of a project with its own amount."""

    name: str
    amount: int = 0
    mark: str = ""
    lines: list[str] = field(default_factory=list)
    last_year: int | None = None
    sections: list[Section] = field(default_factory=list)
    id: int | None = None
    project: Project | None = field(default=None, repr=False)

    @property
    def number(self) -> int:
        assert self.project is not None
        return self.project.items.index(self) + 1

    @property
    def current(self) -> int:
        return self.amount

    @property
    def last(self) -> int | None:
        """Last year's figure where the project lists its items one by one (none counts as 0), else None."""
        if self.project is not None and self.project.lists_items:
            return self.last_year or 0
        return None

    @property
    def code(self) -> str:
        assert self.project is not None
        return f"{self.project.code}-{self.number}"

    @property
    def label(self) -> str:
        assert self.project is not None
        return f"{self.project.code} 細事業{jnum(self.number)}"

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


@dataclass(eq=False)
class Project:
    """事業: a block of 資料１ and a row of the 事業別一覧表."""

    name: str
    purpose: str = ""
    amount: int | None = None  # its own budget, used when it has no items
    last_year: int | None = None  # last year's budget, unless every item carries its own
    stated_amount: int | None = None
    stated_last_year: int | None = None
    notes: str = ""
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    references: list[ItemReference] = field(default_factory=list)
    bureau_projects: list[BureauProject] = field(default_factory=list)
    id: int | None = None
    pillar: Pillar | None = field(default=None, repr=False)
    print_first: bool = False  # printed above the block before it when the two share a page (Ⅱ-５ over Ⅱ-４)

    def __post_init__(self) -> None:
        for child in (*self.items, *self.indicators, *self.photos, *self.references, *self.bureau_projects):
            child.project = self

    @property
    def current(self) -> int:
        if self.items:
            return sum(item.amount for item in self.items)
        return self.amount or 0

    @property
    def lists_items(self) -> bool:
        """It lies under a 区分 whose items are listed one by one, each with its own 前年度 and 課 (統合事業費)."""
        return self.pillar is not None and self.pillar.category is not None and any(
            c.lists_items for c in self.pillar.category.path())

    @property
    def listed_by_items(self) -> bool:
        """Its items stand in its place in the 事業別一覧表 and carry its 前年度; a project without items stands itself."""
        return self.lists_items and bool(self.items)

    @property
    def last(self) -> int:
        if self.listed_by_items:
            return sum(item.last_year or 0 for item in self.items)
        return self.last_year or 0

    @property
    def all_sections(self) -> list[Section]:
        """Its own 課, or those of its items in order."""
        if self.sections:
            return list(self.sections)
        seen: list[Section] = []
        for item in self.items:
            for section in item.sections:
                if section not in seen:
                    seen.append(section)
        return seen

    @property
    def number(self) -> int:
        assert self.pillar is not None
        return self.pillar.projects.index(self) + 1

    @property
    def code(self) -> str:
        assert self.pillar is not None
        return f"{self.pillar.numeral}-{jnum(self.number)}"

    @property
    def label(self) -> str:
        return self.code

    @property
    def category(self) -> Category:
        assert self.pillar is not None and self.pillar.category is not None
        return self.pillar.category

    @property
    def requires_indicators(self) -> bool:
        return any(c.requires_indicators for c in self.category.path())


@dataclass(eq=False)
class Pillar:
    """柱: Ⅰ 安全・安心."""

    name: str
    projects: list[Project] = field(default_factory=list)
    stated_amount: int | None = None
    stated_last_year: int | None = None
    id: int | None = None
    category: Category | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for project in self.projects:
            project.pillar = self

    @property
    def current(self) -> int:
        return sum(p.current for p in self.projects)

    @property
    def last(self) -> int:
        return sum(p.last for p in self.projects)

    @property
    def number(self) -> int:
        plan = self.plan
        return plan.pillars().index(self) + 1

    @property
    def numeral(self) -> str:
        return roman(self.number)

    @property
    def label(self) -> str:
        return f"{self.numeral} {self.name}"

    @property
    def plan(self) -> Plan:
        assert self.category is not None
        return self.category.plan


@dataclass(eq=False)
class Category:
    """区分 of the 総括表: holds 区分, pillars, or is a lump sum (統合事務費)."""

    name: str
    qualifier: str = ""  # printed after the name in the 総括表
    listing_label: str = ""  # vertical label of its group in the 事業別一覧表
    caption: str = ""  # heading above its table in the 総括表 (その他の事業費)
    description: str | None = None  # its note under the 総括表, when it has one
    footnote: str = ""  # ※ note of a category outside the total
    requires_indicators: bool = False
    lists_items: bool = False  # its projects' items are listed one by one, each with its 前年度 and 課 (統合事業費)
    amount: int | None = None  # lump sum
    last_year: int | None = None
    stated_amount: int | None = None
    stated_last_year: int | None = None
    sections: list[Section] = field(default_factory=list)
    children: list[Category] = field(default_factory=list)
    pillars: list[Pillar] = field(default_factory=list)
    id: int | None = None
    parent: Category | None = field(default=None, repr=False)
    owner: Plan | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for child in self.children:
            child.parent = self
        for pillar in self.pillars:
            pillar.category = self

    @property
    def is_lump_sum(self) -> bool:
        return not self.children and not self.pillars

    @property
    def current(self) -> int:
        if self.is_lump_sum:
            return self.amount or 0
        return sum(c.current for c in self.children) + sum(p.current for p in self.pillars)

    @property
    def last(self) -> int:
        if self.is_lump_sum:
            return self.last_year or 0
        return sum(c.last for c in self.children) + sum(p.last for p in self.pillars)

    @property
    def plan(self) -> Plan:
        root = self
        while root.parent is not None:
            root = root.parent
        assert root.owner is not None
        return root.owner

    def path(self) -> list[Category]:
        """From this 区分 up to its root."""
        node: Category | None = self
        out = []
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def walk(self) -> Iterator[Category]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name + self.qualifier


# 区に係る予算のすがた ---------------------------------------------------------


@dataclass(eq=False)
class OverviewRow:
    """A row of 主な事業内容: amount in 百万円, city (18 wards) in 百万円 too (the donut prints it in 億円)."""

    name: str
    amount: int = 0
    city_million: int | None = None
    chart_label: str = ""
    description: str = ""
    is_reference: bool = False  # shown for reference, outside every total
    category: Category | None = None
    children: list[OverviewRow] = field(default_factory=list)
    id: int | None = None
    parent: OverviewRow | None = field(default=None, repr=False)
    last_amount: int | None = None  # last year's figure, 百万円 (None: not known)

    def __post_init__(self) -> None:
        for child in self.children:
            child.parent = self

    @property
    def counted_children(self) -> list[OverviewRow]:
        return [c for c in self.children if not c.is_reference]

    @property
    def reference_amount(self) -> int:
        """The rows below shown for reference, at any depth (下水道事業)."""
        return sum(c.amount if c.is_reference else c.reference_amount for c in self.children)

    @property
    def with_references(self) -> int:
        """The amount including the rows shown for reference (下水道事業を含む)."""
        return self.amount + self.reference_amount

    def walk(self) -> Iterator[OverviewRow]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        return f"予算のすがた「{self.name}」"


@dataclass(eq=False)
class Overview:
    population: int = 0
    intro: str = ""
    features: str = ""
    chart_note: str = ""
    table_notes: list[str] = field(default_factory=list)
    rows: list[OverviewRow] = field(default_factory=list)

    @property
    def counted_rows(self) -> list[OverviewRow]:
        return [r for r in self.rows if not r.is_reference]

    @property
    def total(self) -> int:
        """The ward's budget in 百万円."""
        return sum(r.amount for r in self.counted_rows)

    @property
    def total_with_references(self) -> int:
        return sum(r.with_references for r in self.counted_rows)

    @property
    def city_total(self) -> int:
        """The 18 wards' budget in 百万円."""
        return sum(r.city_million or 0 for r in self.counted_rows)

    def walk(self) -> Iterator[OverviewRow]:
        for row in self.rows:
            yield from row.walk()

    def find(self, name: str) -> OverviewRow | None:
        return next((r for r in self.walk() if r.name == name or r.chart_label == name), None)


# The meeting -----------------------------------------------------------------


@dataclass(eq=False)
class AgendaItem:
    title: str
    lines: list[str] = field(default_factory=list)
    presenter: str = ""
    handout: str = ""
    id: int | None = None


@dataclass(eq=False)
class Meeting:
    session: int = 1
    name: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    start_time: str = ""  # HH:MM
    place: str = ""
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def title(self) -> str:
        """令和６年第２回 区づくり推進横浜市会議員会議."""
        return f"{era_year(self.date)}第{jnum(self.session)}回 {self.name}"


@dataclass(eq=False)
class ReportBlock:
    kind: str
    text: str = ""
    date: dt.date | None = None
    id: int | None = None


@dataclass(eq=False)
class ReportPanel:
    title: str
    text: str = ""
    id: int | None = None


@dataclass(eq=False)
class Report:
    """資料２: a report in blocks, and its 概要版 page of four panels."""

    label: str = ""
    blocks: list[ReportBlock] = field(default_factory=list)
    summary_title: str = ""
    summary_byline: str = ""
    summary_intro: str = ""
    panels: list[ReportPanel] = field(default_factory=list)


# Attachments -------------------------------------------------------------------

# Where an attachment goes in its handout: at its start, after one of its generated pages (after_page),
# in place of the generated 資料２ 概要版 page, or at its end.
PLACEMENTS = ("start", "after", "summary", "end")


@dataclass(eq=False)
class Attachment:
    """A PDF from elsewhere bound into a handout of the packet and stamped with its label.

    Check the PDF with domain.attachments before it becomes an Attachment; its
    page count is read from the PDF, never stored.
    """

    handout: str  # 資料１, 資料２ …
    file_name: str
    data: bytes = field(repr=False)
    placement: str = "end"
    after_page: int | None = None  # with placement "after": the generated page it follows
    id: int | None = None
    _counted: tuple[bytes, int] | None = field(default=None, init=False, repr=False)

    @property
    def page_count(self) -> int:
        if self._counted is None or self._counted[0] is not self.data:
            from io import BytesIO

            from pypdf import PdfReader  # read only when a count is asked for; it was checked when attached

            self._counted = (self.data, len(PdfReader(BytesIO(self.data), strict=False).pages))
        return self._counted[1]

    @property
    def where(self) -> str:
        """資料１の３ページの後 / 資料２の概要版の代わり / 資料２の初め / 資料２の終わり."""
        if self.placement == "after":
            return f"{self.handout}の{jnum(self.after_page or 0)}ページの後"
        return self.handout + {"start": "の初め", "summary": "の概要版の代わり"}.get(self.placement, "の終わり")

    @property
    def label(self) -> str:
        return f"{self.handout} 添付「{self.file_name}」"


# The plan --------------------------------------------------------------------


@dataclass(eq=False)
class Plan:
    """One ward's plan for one fiscal year."""

    ward: str
    fiscal_year: int
    office: str = ""
    slogan: str = ""
    mascot_caption: str = ""
    mascot_image: bytes | None = field(default=None, repr=False)
    sections: list[Section] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    overview: Overview = field(default_factory=Overview)
    meeting: Meeting = field(default_factory=Meeting)
    report: Report = field(default_factory=Report)
    attachments: list[Attachment] = field(default_factory=list)
    year_label_override: str = ""  # the label printed for the year, when it is not the era of 1 April (令和元年度)
    carried_from: str = ""  # the year label of the plan this one was carried over from, while its figures are a draft

    def __post_init__(self) -> None:
        for category in self.categories:
            category.owner = self

    @property
    def year_label(self) -> str:
        """令和６年度: the era of the year's 1 April, unless the plan says otherwise."""
        return self.year_label_override or fiscal_year_label(self.fiscal_year)

    @property
    def last_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year - 1)

    @property
    def year_short(self) -> str:
        """６年度, as table headings write this year."""
        return short_year_label(self.year_label)

    @property
    def last_year_short(self) -> str:
        return short_year_label(self.last_year_label)

    @property
    def title(self) -> str:
        """令和６年度 旭区個性ある区づくり推進費の執行計画."""
        root = self.total_category
        name = root.name if root else "個性ある区づくり推進費"
        return f"{self.year_label} {self.ward}{name}の執行計画"

    @property
    def author(self) -> str:
        return f"{self.ward}{self.office}"

    @property
    def total_category(self) -> Category | None:
        """The 区分 whose total is the ward's 個性ある区づくり推進費 (the first root)."""
        return self.categories[0] if self.categories else None

    def walk_categories(self) -> Iterator[Category]:
        for root in self.categories:
            yield from root.walk()

    def pillars(self) -> list[Pillar]:
        return [p for c in self.walk_categories() for p in c.pillars]

    def projects(self) -> Iterator[Project]:
        for pillar in self.pillars():
            yield from pillar.projects

    def items(self) -> Iterator[Item]:
        for project in self.projects():
            yield from project.items

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def category(self, name: str) -> Category | None:
        return next((c for c in self.walk_categories() if c.name == name), None)

    def project(self, code: str) -> Project | None:
        """Find a project by its code, written Ⅰ-1 or Ⅰ-１."""
        from .money import to_halfwidth

        wanted = to_halfwidth(code)
        return next((p for p in self.projects() if to_halfwidth(p.code) == wanted), None)

    def item(self, code: str) -> Item | None:
        """Find an item by its code: Ⅰ-4-3."""
        project_code, _, number = code.rpartition("-")
        project = self.project(project_code)
        if project is None or not number.isdigit():
            return None
        n = int(number)
        return project.items[n - 1] if 1 <= n <= len(project.items) else None


def parent_of(node: object) -> object | None:
    """The node a node belongs to: item → project → pillar → 区分 → 区分 or None."""
    if isinstance(node, (Item, Indicator, Photo, ItemReference, BureauProject)):
        return node.project
    if isinstance(node, Project):
        return node.pillar
    if isinstance(node, Pillar):
        return node.category
    if isinstance(node, (Category, OverviewRow)):
        return node.parent
    return None


def ancestors(node: object) -> list[object]:
    """The node and everything above it, up to its root."""
    out: list[object] = []
    current: object | None = node
    while current is not None:
        out.append(current)
        current = parent_of(current)
    return out
