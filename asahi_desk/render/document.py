"""The PDF document: page templates, page numbers, handout labels, anchors, two passes.

A part's story starts with a PartStart marker: from there on pages carry the
part's own numbers (資料１ 1–25) and its first page its boxed label. A flowable
with an `anchor` attribute records the page it lands on, so that page
references (（Ｐ６ 再掲）) can be filled in by a second pass.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from reportlab.lib.colors import white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..domain.findings import Finding
from .fonts import Fonts
from .layout import Layout
from .styles import Styles

PORTRAIT = "portrait"
LANDSCAPE = "landscape"  # A4 landscape: the 資料２ 概要版
T = TypeVar("T")


@dataclass
class Context:
    """What a part needs to make its story; `pages` holds the anchors' pages of the previous pass."""

    layout: Layout
    fonts: Fonts
    styles: Styles
    pages: dict[object, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    measuring: bool = False  # a pass that only finds where things land: nothing needs drawing
    wanted: set[object] = field(default_factory=set)  # anchors whose page the story printed
    kept: dict[object, Any] = field(default_factory=dict)  # pieces of the story that the next pass may reuse

    def keep(self, key: object, make: Callable[[], T]) -> T:
        """A piece of the story made once for all passes: its layout is worked out once."""
        if key not in self.kept:
            self.kept[key] = make()
        return self.kept[key]  # type: ignore[no-any-return]

    def page_of(self, anchor: object) -> int | None:
        self.wanted.add(anchor)
        return self.pages.get(anchor)

    def report(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)


class PartStart(Flowable):
    """Marks where a part (次第, 資料１ …) begins: its label, and whether its pages are numbered."""

    def __init__(self, name: str, label: str = "", numbered: bool = False) -> None:
        super().__init__()
        self.name, self.label, self.numbered = name, label, numbered
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark of the PDF: its title, its page (1-based) and the entries below it."""

    title: str
    page: int
    children: tuple[OutlineEntry, ...] = ()


class Anchor(Flowable):
    """Records the page it lands on under `key` (where a section of a part begins, for the outline)."""

    def __init__(self, key: object) -> None:
        super().__init__()
        self.anchor = key
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


class PacketDocument(BaseDocTemplate):
    """A part's pages; their metadata is written when the parts are bound (packet.write)."""

    def __init__(self, buffer: io.BytesIO, layout: Layout, fonts: Fonts, *, first_template: str = PORTRAIT) -> None:
        self.layout = layout
        self.fonts = fonts
        super().__init__(buffer, pagesize=layout.page_size, invariant=0, pageCompression=1,
                         initialFontName=fonts.mincho, initialFontSize=10, initialLeading=12)
        templates = []
        for name, landscape in ((PORTRAIT, False), (LANDSCAPE, True)):
            frame = layout.frame(landscape)
            templates.append(PageTemplate(
                name, [Frame(frame.x, frame.y, frame.width, frame.height, id="body",
                             leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
                onPageEnd=self._decorate, pagesize=layout.landscape_size if landscape else layout.page_size))
        self.addPageTemplates(templates)
        self._firstPageTemplateIndex = [t.id for t in templates].index(first_template)
        self.anchors: dict[object, int] = {}
        self.part: PartStart | None = None
        self.part_pages: dict[str, tuple[int, int]] = {}  # part name → first and last page

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, PartStart):
            self.part = flowable
            self.part_pages[flowable.name] = (self.page, self.page)
        anchor = getattr(flowable, "anchor", None)
        if anchor is not None and anchor not in self.anchors:
            self.anchors[anchor] = self.page

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        part = self.part
        if part is None:
            return
        first, _ = self.part_pages[part.name]
        self.part_pages[part.name] = (first, self.page)
        layout = self.layout
        width, _ = canv._pagesize
        canv.saveState()
        if part.numbered:
            canv.setFont(self.fonts.mincho, layout.number("page.folio_size"))
            canv.drawCentredString(width / 2, layout.length("page.folio_y"), str(self.page - first + 1))
        if part.label and self.page == first:
            draw_label(canv, part.label, layout, self.fonts)
        canv.restoreState()


def draw_label(canv: Canvas, label: str, layout: Layout, fonts: Fonts, *, background: bool = False) -> None:
    """The handout label boxed at the top right of a part's first page (on white over a page from elsewhere)."""
    width, height = canv._pagesize
    size = layout.number("page.label_size")
    pad = layout.length("page.label_pad")
    text_width = canv.stringWidth(label, fonts.gothic, size)
    right = width - layout.length("page.margin_right")
    top = height - layout.length("page.label_top")
    box_h = size + 2 * pad
    canv.setLineWidth(layout.number("page.label_rule"))
    canv.setStrokeColor(layout.colour("colour.rule"))
    if background:
        canv.setFillColor(white)
    canv.rect(right - text_width - 2 * pad, top - box_h, text_width + 2 * pad, box_h, fill=int(background))
    canv.setFillColor(layout.colour("colour.ink"))
    canv.setFont(fonts.gothic, size)
    canv.drawString(right - text_width - pad, top - pad - size * 0.85, label)


@dataclass
class Built:
    pdf: bytes
    page_count: int
    anchors: dict[object, int]
    part_pages: dict[str, tuple[int, int]]
    findings: list[Finding]


StoryMaker = Callable[[Context], list[Flowable]]

MAX_PASSES = 4


def _skip_drawing(flowable: Flowable, *args: object, **kw: object) -> None:
    """A measuring pass only finds where things land: nothing is drawn."""


def build(make_story: StoryMaker, ctx: Context, *, first_template: str = PORTRAIT, measure_only: bool = False) -> Built:
    """Build until every page reference names the page its anchor landed on.

    The first pass only measures (nothing is drawn or saved); each later pass
    prints with the pages of the pass before and is final once they held. A
    story that asks for no page is printed at once, in one pass. With
    `measure_only` (the checks want the findings and pages, not the PDF) no
    pass prints.
    """
    ctx.pages = {}
    for attempt in range(MAX_PASSES):
        ctx.measuring = attempt == 0 or measure_only
        ctx.wanted = set()
        story = make_story(ctx)
        if not ctx.wanted and not measure_only:
            ctx.measuring = False  # nothing to find out: the first pass prints
        buffer = io.BytesIO()
        doc = PacketDocument(buffer, ctx.layout, ctx.fonts, first_template=first_template)
        doc._doSave = not ctx.measuring
        if ctx.measuring:
            for flowable in story:
                flowable.drawOn = _skip_drawing.__get__(flowable)  # type: ignore[method-assign]
        doc.build(list(story))
        for flowable in story:  # ReportLab marks what it moved on; the next pass starts afresh
            flowable.__dict__.pop("_postponed", None)
            flowable.__dict__.pop("drawOn", None)
        settled = all(doc.anchors.get(a) == ctx.pages.get(a) for a in ctx.wanted)
        ctx.pages = dict(doc.anchors)
        if settled and (not ctx.measuring or measure_only):
            break
    else:
        ctx.findings.append(Finding("warning", "", "ページ参照（Ｐ○）が定まりませんでした。参照先のページを確かめてください。",
                                    "layout_page_reference"))
    return Built(buffer.getvalue(), doc.page, dict(doc.anchors), dict(doc.part_pages), ctx.findings)
