"""資料２: the report in its blocks (p.1, portrait) and its 概要版 of numbered panels (p.2, A4 landscape).

Sections are numbered １ ２ ３ and subsections (1) (2) within their section, in
order; a dated line prints its date in 和暦 without the era (・４年７月７日：…).
The 概要版 sets its panels side by side, each as wide as its share of the
text, and its text as large as it fits; a chart or photo of the original is a
framed placeholder above its ▲ caption.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer

from ..domain.findings import WARNING, Finding
from ..domain.meeting import block_numbers, report_handout
from ..domain.model import Plan, ReportPanel
from ..domain.money import format_date
from .detail import RuleBox
from .document import LANDSCAPE, Anchor, Context, OutlineEntry, PartStart
from .text import JParagraph

NAME = "shiryo2"
SUMMARY = (NAME, "summary")  # the anchor of the 概要版 page


def title(plan: Plan) -> str:
    """The report's title on one line: 「横浜市郊外部における…～」について."""
    block = next((b for b in plan.report.blocks if b.kind == "title"), None)
    return "".join(block.text.splitlines()) if block else ""


def story(plan: Plan, ctx: Context, *, summary: bool = True) -> list[Flowable]:
    """資料２; without its 概要版 page when `summary` is False (an attached PDF takes its place)."""
    label = report_handout(plan)
    out: list[Flowable] = [PartStart(NAME, label, numbered=True)]
    if plan.report.blocks:
        out.extend(ctx.keep((NAME, "body"), lambda: _body(plan, ctx)))
    if summary and plan.report.panels:
        if plan.report.blocks:
            out += [NextPageTemplate(LANDSCAPE), PageBreak()]
        out.append(Anchor(SUMMARY))
        out.extend(ctx.keep(SUMMARY, lambda: _summary(plan, ctx)))
    return out


def starts_landscape(plan: Plan, summary: bool = True) -> bool:
    return summary and bool(plan.report.panels) and not plan.report.blocks


def outline(plan: Plan, pages: dict[object, int]) -> list[OutlineEntry]:
    """Its numbered sections and the 概要版, where they landed."""
    blocks = plan.report.blocks
    out = [OutlineEntry(number + b.text, pages[b]) for b, number in zip(blocks, block_numbers(blocks))
           if b.kind == "section" and b in pages]
    if SUMMARY in pages:
        out.append(OutlineEntry("概要版", pages[SUMMARY]))
    return out


def _body(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("report.size")
    leading = size * layout.number("report.leading")
    heading = layout.number("report.heading_size")
    em = styles.width("　", size)
    pad, rule = layout.length("report.lead_pad"), layout.number("report.box_rule")
    out: list[Flowable] = []

    def text(value: str, indent: float = 0.0, hang: float = 0.0, face: str = "mincho", at: float = size) -> JParagraph:
        return styles.text(value, at, face, leading=at * layout.number("report.leading"), indent=indent, hang=hang)

    def hanging(mark: str, value: str, indent: float) -> JParagraph:
        """・ or ※ hanging in front of its text, which starts at `indent`."""
        return styles.hanging(value if value.startswith(mark) else mark + value, size, indent, leading=leading)

    for block, number in zip(plan.report.blocks, block_numbers(plan.report.blocks)):
        kind, value = block.kind, block.text
        if kind == "title":
            title_size = layout.number("report.title_size")
            lines = styles.text(value, title_size, "gothic", "centre", leading=title_size * 1.45)
            box = RuleBox(_balanced(lines), layout.length("report.title_pad"), rule, layout.length("report.title_inset"))
            if not out:
                out.append(Spacer(0, layout.length("report.top_gap")))
            out += [box, Spacer(0, layout.length("report.box_gap"))]
        elif kind == "lead":
            out += [RuleBox(_balanced(text(value, 0, -em)), pad, rule), Spacer(0, layout.length("report.box_gap"))]
        elif kind == "section":
            head = styles.text(number + value, heading, "gothic", leading=heading * 1.6)
            head.anchor = block
            out += [CondPageBreak(leading * 4), Spacer(0, layout.length("report.section_gap")), head]
        elif kind == "subsection":
            out += [CondPageBreak(leading * 3), Spacer(0, layout.length("report.subsection_gap")),
                    styles.text(number + value, size, "gothic", leading=leading)]
        elif kind == "paragraph":
            out.append(text(value, em, -em))
        elif kind == "list_title":
            out += [Spacer(0, layout.length("report.list_gap")), text(value, em)]
        elif kind == "dated":
            if block.date is None:
                ctx.report(Finding(WARNING, "資料２", f"経緯「{value[:20]}」に日付がありません。", "layout_report_date"))
            when = format_date(block.date, era=False) + "：" if block.date else ""
            out.append(hanging("・", when + value, 2 * em))
        elif kind == "bullet":
            out.append(hanging("・", value, 2 * em))
        elif kind == "note":
            out.append(hanging("※", value, 3 * em) if value.startswith("※") else text(value, 2 * em))
        elif kind == "reference":
            ref_size = layout.number("report.reference_size")
            out.append(Spacer(0, layout.length("report.reference_gap")))
            out += [text(line, 0, 0, at=ref_size) for line in value.splitlines()]
        else:
            out.append(text(value, em))
    return out


def _balanced(paragraph: JParagraph) -> list[Flowable]:
    """A paragraph with as much room above its first line as its last line leaves below it, for a box."""
    style = paragraph.style
    return [Spacer(0, style.leading - style.fontSize), paragraph]


# 概要版 ---------------------------------------------------------------------------


def _summary(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    report = plan.report
    gap = layout.length("report_summary.head_gap")
    out: list[Flowable] = []
    if report.summary_title:
        size = layout.number("report_summary.title_size")
        out.append(styles.text(report.summary_title, size, "gothic", "centre", leading=size * 1.4))
    if report.summary_byline:
        out.append(styles.text(report.summary_byline, layout.number("report_summary.byline_size"), align="right"))
    out.append(Spacer(0, gap))
    if report.summary_intro:
        size = layout.number("report_summary.intro_size")
        out += [RuleBox([styles.text(report.summary_intro, size, leading=size * 1.45, indent=0, hang=-styles.width("　", size))],
                        layout.length("report_summary.panel_pad"), layout.number("rule.thin")),
                Spacer(0, gap)]
    out.append(Panels(ctx, report.panels))
    return out


class Placeholder(Flowable):
    """The frame of a chart or photo the 概要版 of the original shows, with its caption (▲利用者の年代) below.

    Its height is set by the panel: what the text leaves of the panel is shared out among its frames.
    """

    def __init__(self, caption: JParagraph, rule: float, tint: object, minimum: float) -> None:
        super().__init__()
        self.caption, self.rule, self.tint, self.minimum = caption, rule, tint, minimum
        self.frame_height = minimum

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.caption_height = self.caption.wrap(availWidth, availHeight)[1]
        self.height = self.frame_height + self.caption_height + 2
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self.rule)
        canv.setFillColor(self.tint)
        canv.rect(0, self.caption_height + 2, self.width, self.frame_height, fill=1, stroke=1)
        canv.restoreState()
        self.caption.drawOn(canv, 0, 0)


class Panels(Flowable):
    """The numbered panels side by side, filling the rest of the page, their text as large as it fits.

    Each panel is as wide as its share of the text and frames asks, so that the
    four fill alike; the room a panel's text leaves goes to its frames.
    """

    def __init__(self, ctx: Context, panels: list[ReportPanel]) -> None:
        super().__init__()
        self.ctx, self.panels = ctx, panels
        self.size = 0.0
        self.bodies: list[list[Flowable]] = []
        self.columns: list[float] = []

    def _paragraphs(self, panel: ReportPanel, size: float) -> list[Flowable]:
        styles, layout = self.ctx.styles, self.ctx.layout
        caption = size * layout.number("report_summary.caption_size")
        out: list[Flowable] = []
        for line in panel.text.splitlines():
            if line.startswith("▲"):  # a figure's caption: its frame above it
                out.append(Placeholder(styles.text(line, caption, leading=caption * 1.3), layout.number("rule.thin"),
                                       layout.colour("colour.frame_empty"), size * layout.number("report_summary.frame_min")))
            elif line.startswith(("→", "○", "◯")):  # a finding or a heading inside the panel
                out.append(styles.hanging(line, size, styles.width("　", size, "gothic"), "gothic", leading=size * 1.35))
            else:
                out.append(styles.text(line, size, leading=size * 1.35))
        return out

    def _widths(self, total: float) -> list[float]:
        """Each panel's width, as its share of the characters and frames it holds (at least half an even share)."""
        frames = self.ctx.layout.number("report_summary.frame_weight")
        weights = [len(p.text.replace("\n", "")) + frames * p.text.count("▲") for p in self.panels]
        even = 1 / len(weights)
        shares = [max(even / 2, w / sum(weights)) if sum(weights) else even for w in weights]
        return [total * s / sum(shares) for s in shares]

    def _fit(self, columns: list[float], inner_h: float) -> tuple[float, list[list[Flowable]], list[float]]:
        """The largest text size at which every panel's text fits its column (or the smallest), and the heights."""
        layout = self.ctx.layout
        low, high = layout.number("report_summary.text_min"), layout.number("report_summary.text_max")
        size = high
        while True:
            bodies = [self._paragraphs(p, size) for p in self.panels]
            heights = [sum(f.wrap(w - 2 * self.pad, inner_h)[1] for f in body) for body, w in zip(bodies, columns)]
            if all(h <= inner_h for h in heights) or size <= low:
                return size, bodies, heights
            size = max(low, size - 0.25)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        layout = self.ctx.layout
        self.width, self.height = availWidth, availHeight
        count = max(1, len(self.panels))
        self.gap = layout.length("report_summary.panel_gap")
        self.pad = layout.length("report_summary.panel_pad")
        self.head = layout.length("report_summary.panel_title_height")
        room = availWidth - self.gap * (count - 1)
        inner_h = availHeight - self.head - 2 * self.pad
        for columns in (self._widths(room), [room / count] * count):  # even widths when shares do not fit
            size, bodies, heights = self._fit(columns, inner_h)
            if all(h <= inner_h for h in heights):
                break
        self.columns = columns
        for body, h, w in zip(bodies, heights, self.columns):
            frames = [f for f in body if isinstance(f, Placeholder)]
            if frames and h < inner_h:
                for f in frames:
                    f.frame_height += (inner_h - h) / len(frames)
                    f.wrap(w - 2 * self.pad, inner_h)
        self.size, self.bodies = size, bodies
        for panel, h in zip(self.panels, heights):
            if h > inner_h:
                self.ctx.report(Finding(WARNING, "資料２ 概要版", f"「{panel.title}」の文が欄に収まりません。文を短くするか、"
                                        "送り主の概要版の PDF を添付してください。", "layout_summary_overflow"))
        return availWidth, availHeight

    def draw(self) -> None:
        ctx, canv = self.ctx, self.canv
        layout = ctx.layout
        title_size = layout.number("report_summary.panel_title_size")
        x = 0.0
        for n, (panel, body, column) in enumerate(zip(self.panels, self.bodies, self.columns)):
            canv.saveState()
            canv.setLineWidth(layout.number("rule.frame"))
            canv.setStrokeColor(layout.colour("colour.rule"))
            canv.setFillColor(layout.colour("colour.band"))
            canv.rect(x, self.height - self.head, column, self.head, fill=1, stroke=1)
            canv.rect(x, 0, column, self.height, fill=0, stroke=1)
            # the number in a dark disc, then the title
            r = self.head * 0.32
            cx, cy = x + self.pad + r, self.height - self.head / 2
            canv.setFillColor(layout.colour("colour.ink"))
            canv.circle(cx, cy, r, fill=1, stroke=0)
            canv.setFillColorRGB(1, 1, 1)
            canv.setFont(ctx.fonts.gothic, r * 1.3)
            canv.drawCentredString(cx, cy - r * 0.45, str(n + 1))
            canv.setFillColor(layout.colour("colour.ink"))
            canv.setFont(ctx.fonts.gothic, title_size)
            canv.drawString(cx + r + self.pad, cy - title_size * 0.36, panel.title)
            # the text, cut at the frame if it could not be made to fit
            path = canv.beginPath()
            path.rect(x, 0, column, self.height - self.head)
            canv.clipPath(path, stroke=0, fill=0)
            y = self.height - self.head - self.pad
            for f in body:
                _, h = f.wrap(column - 2 * self.pad, self.height)
                y -= h
                f.drawOn(canv, x + self.pad, y)
            canv.restoreState()
            x += column + self.gap
