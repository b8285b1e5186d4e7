"""資料１ p.4–22 事業内容: one framed block per project, a band opening each pillar.

A block is kept on one page; the next block joins it on the page when it fits
below (Ⅰ-３ and Ⅰ-４ share p.6). A block longer than a page starts a page of
its own and goes on under 「（続き）」, and that is reported as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from io import BytesIO
from typing import Sequence

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Table, TableStyle

from ..domain.findings import INFO, WARNING, Finding
from ..domain.model import BureauProject, Item, Photo, Pillar, Plan, Project
from ..domain.money import format_box, format_inline, format_table, jnum
from .document import Context
from .text import JParagraph, escape

_EPS = 0.5


class MarkedParagraph(JParagraph):
    """An item heading whose 新 / 拡 mark, set after the number, is drawn boxed."""

    def __init__(self, text: str, style, prefix: str, mark: str, rule: float) -> None:  # type: ignore[no-untyped-def]
        super().__init__(text, style)
        self.prefix, self.mark, self.rule = prefix, mark, rule

    def draw(self) -> None:
        super().draw()
        style = self.style
        size = style.fontSize
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x = style.leftIndent + style.firstLineIndent + stringWidth(self.prefix, style.fontName, size)
        w = stringWidth(self.mark, style.fontName, size)
        ascent, _ = getAscentDescent(style.fontName, size)
        baseline = self.height - ascent
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self.rule)
        canv.rect(x - 0.8, baseline - size * 0.16, w + 1.6, size * 1.06)
        canv.restoreState()


class Band(Flowable):
    """The band that opens a pillar: Ⅰ　安全・安心."""

    def __init__(self, ctx: Context, text: str) -> None:
        super().__init__()
        self.ctx, self.text = ctx, text
        self.height = ctx.layout.length("detail.band_height")
        self.spaceAfter = ctx.layout.length("detail.band_gap")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        layout, canv = self.ctx.layout, self.canv
        size = layout.number("detail.band_size")
        canv.setFillColor(layout.colour("colour.band"))
        canv.setStrokeColor(layout.colour("colour.rule"))
        canv.setLineWidth(layout.number("rule.thin"))
        canv.rect(0, 0, self.width, self.height, fill=1, stroke=1)
        canv.setFillColor(layout.colour("colour.ink"))
        canv.setFont(self.ctx.fonts.gothic, size)
        canv.drawString(size * 0.8, (self.height - size * 0.75) / 2, self.text)


class RuleBox(Flowable):
    """A thin box round a few paragraphs: ＜参考＞, ＜関連する局事業＞, the title of 資料２; `inset` from each side."""

    def __init__(self, content: Sequence[Flowable], pad: float, rule: float, inset: float = 0.0) -> None:
        super().__init__()
        self.content, self.pad, self.rule, self.inset = list(content), pad, rule, inset

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        inner = availWidth - 2 * (self.pad + self.inset)
        self.heights = [f.wrap(inner, availHeight)[1] for f in self.content]
        self.height = sum(self.heights) + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setLineWidth(self.rule)
        canv.rect(self.inset, 0, self.width - 2 * self.inset, self.height)
        y = self.height - self.pad
        for f, h in zip(self.content, self.heights):
            y -= h
            f.drawOn(canv, self.inset + self.pad, y)


class PhotoFrame(Flowable):
    """A photo with its caption; an empty frame when the plan holds no photo yet."""

    def __init__(self, ctx: Context, photo: Photo) -> None:
        super().__init__()
        self.ctx, self.photo = ctx, photo
        self.frame_height = ctx.layout.length("detail.photo_height_max")
        size = ctx.layout.number("detail.caption_size")
        self.caption = ctx.styles.text(photo.caption, size, align="centre", leading=size * 1.25)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.caption_height = self.caption.wrap(availWidth, availHeight)[1] if self.photo.caption else 0
        self.height = self.frame_height + 1.5 + self.caption_height
        return self.width, self.height

    def draw(self) -> None:
        layout, canv = self.ctx.layout, self.canv
        y0 = self.caption_height + 1.5
        canv.setLineWidth(layout.number("rule.thin"))
        canv.setStrokeColor(layout.colour("colour.rule"))
        image = _image(self.photo)
        if image is None:
            canv.setFillColor(layout.colour("colour.frame_empty"))
            canv.rect(0, y0, self.width, self.frame_height, fill=1, stroke=1)
            canv.setFillColor(layout.colour("colour.ink"))
        else:
            iw, ih = image.getSize()
            scale = min(self.width / iw, self.frame_height / ih)
            w, h = iw * scale, ih * scale
            canv.drawImage(image, (self.width - w) / 2, y0 + (self.frame_height - h) / 2, w, h)
            canv.rect(0, y0, self.width, self.frame_height, fill=0, stroke=1)
        if self.photo.caption:
            self.caption.drawOn(canv, 0, 0)


def _image(photo: Photo) -> ImageReader | None:
    if not photo.image:
        return None
    try:
        return ImageReader(BytesIO(photo.image))
    except Exception:  # noqa: BLE001 (a damaged image prints as an empty frame)
        return None


@dataclass
class Parts:
    """What a block (or its continuation) holds."""

    heading: Flowable
    name: Flowable | None  # 事業名 cell; None on a continuation
    purpose: list[Flowable]
    left: list[Flowable]
    right: list[Flowable]  # budget box, 課, photo frames
    bottom: Flowable | None  # 事業指標 row
    gaps: dict[int, float] = field(default_factory=dict)  # space above left[i]


class ProjectBlock(Flowable):
    """The framed 事業内容 of one project."""

    def __init__(self, ctx: Context, project: Project, parts: Parts, *, first: bool = True,
                 room_above: float = 0.0) -> None:
        super().__init__()
        self.ctx, self.project, self.parts, self.first = ctx, project, parts, first
        self.anchor = project if first else None
        self.room_above = room_above  # what sits above the block at the top of its page (the band)
        layout = ctx.layout
        self.pad = layout.length("detail.pad")
        self.name_width = layout.length("detail.name_width")
        self.side_width = layout.length("detail.side_width")
        self.heading_gap = layout.length("detail.heading_gap")
        self._wrapped: tuple[float, float] | None = None

    # Measuring ---------------------------------------------------------------

    def _stack(self, flowables: Sequence[Flowable], width: float, gaps: dict[int, float] | None = None) -> float:
        total = 0.0
        for i, f in enumerate(flowables):
            total += (gaps or {}).get(i, 0.0) + f.wrap(width, 10_000)[1]
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped and self._wrapped[0] == availWidth:
            return self._wrapped
        p, pad = self.parts, self.pad
        self.width = availWidth
        self.heading_height = p.heading.wrap(availWidth, availHeight)[1] + self.heading_gap
        self.top_height = 0.0
        if p.name is not None:
            name_h = p.name.wrap(self.name_width - 2 * pad, availHeight)[1]
            purpose_h = self._stack(p.purpose, availWidth - self.name_width - 2 * pad)
            self.top_height = max(name_h, purpose_h) + 2 * pad
        left_w, side_w = availWidth - self.side_width - 2 * pad, self.side_width - 2 * pad
        self.left_height = self._stack(p.left, left_w, p.gaps) + 2 * pad if p.left else 0.0
        photos = [f for f in p.right if isinstance(f, PhotoFrame)]
        fixed = [f for f in p.right if not isinstance(f, PhotoFrame)]
        fixed_h = sum(f.wrap(self.side_width, availHeight)[1] for f in fixed)
        if photos:
            layout = self.ctx.layout
            lo, hi = layout.length("detail.photo_height_min"), layout.length("detail.photo_height_max")
            captions = 0.0
            for f in photos:
                f.frame_height = lo
                captions += f.wrap(side_w, availHeight)[1] - lo + 2 * pad
            share = (self.left_height - fixed_h - captions) / len(photos)
            for f in photos:
                f.frame_height = max(lo, min(hi, share))
        self.right_heights = [f.wrap(side_w if isinstance(f, PhotoFrame) else self.side_width, availHeight)[1]
                              + (2 * pad if isinstance(f, PhotoFrame) else 0) for f in p.right]
        self.middle_height = max(self.left_height, sum(self.right_heights))
        self.bottom_height = p.bottom.wrap(availWidth, availHeight)[1] if p.bottom is not None else 0.0
        self.height = self.heading_height + self.top_height + self.middle_height + self.bottom_height
        self._wrapped = (self.width, self.height)
        return self._wrapped

    # Pages -------------------------------------------------------------------

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        page = self.ctx.layout.frame().height
        at_top = availHeight >= page - self.room_above - _EPS
        if self.height <= availHeight + _EPS or not at_top or self.height <= page - self.room_above + _EPS:
            return []  # fits, or goes whole to the next page
        if self.first:
            self.ctx.report(Finding(WARNING, self.project.label,
                                    "事業内容が１ページに収まらないため、次のページに（続き）として分けて印刷しています。",
                                    "layout_overflow", self.project))
        return self._cut(availWidth, availHeight)

    def _cut(self, width: float, height: float) -> list[Flowable]:
        p, pad = self.parts, self.pad
        room = height - self.heading_height - self.top_height - 2 * pad
        left_w = width - self.side_width - 2 * pad
        head: list[Flowable] = []
        head_gaps: dict[int, float] = {}
        rest = list(p.left)
        rest_gaps = dict(p.gaps)
        used = 0.0
        index = 0
        while rest:
            gap = rest_gaps.get(index, 0.0)
            f = rest[0]
            h = f.wrap(left_w, room)[1]
            if used + gap + h <= room:
                head_gaps[len(head)] = gap
                head.append(rest.pop(0))
                used += gap + h
                index += 1
                continue
            pieces = f.split(left_w, room - used - gap)
            if len(pieces) == 2:
                head_gaps[len(head)] = gap
                head.append(pieces[0])
                rest[0] = pieces[1]
                rest_gaps[index] = 0.0
            break
        if not head and rest:  # nothing fits at all: give the page the first piece anyway
            head.append(rest.pop(0))
            index += 1
        tail_gaps = {i - index: g for i, g in rest_gaps.items() if i > index}
        right_head: list[Flowable] = []
        right_rest = list(p.right)
        used = 0.0
        while right_rest:
            h = right_rest[0].wrap(self.side_width, room)[1] + (2 * pad if isinstance(right_rest[0], PhotoFrame) else 0)
            if used + h > room:
                break
            right_head.append(right_rest.pop(0))
            used += h
        heading = self.ctx.styles.text(f"{self.project.code} 事業内容（続き）",
                                       self.ctx.layout.number("detail.heading_size"), "gothic")
        first = ProjectBlock(self.ctx, self.project,
                             replace(p, left=head, right=right_head, bottom=None, gaps=head_gaps),
                             first=self.first, room_above=self.room_above)
        second = ProjectBlock(self.ctx, self.project,
                              Parts(heading, None, [], rest, right_rest, p.bottom, tail_gaps), first=False)
        return [first, second]

    # Drawing -----------------------------------------------------------------

    def draw(self) -> None:
        if self.ctx.measuring:
            return
        layout, canv, p, pad = self.ctx.layout, self.canv, self.parts, self.pad
        width = self.width
        y = self.height - self.heading_height
        p.heading.drawOn(canv, 0, y + self.heading_gap)
        frame_top = y
        canv.setStrokeColor(layout.colour("colour.rule"))
        thin = layout.number("rule.thin")
        if p.name is not None:
            y -= self.top_height
            canv.setFillColor(layout.colour("colour.head"))
            canv.rect(0, y, self.name_width, self.top_height, fill=1, stroke=0)
            canv.setFillColor(layout.colour("colour.ink"))
            name_h = p.name.wrap(self.name_width - 2 * pad, self.top_height)[1]
            p.name.drawOn(canv, pad, y + (self.top_height - name_h) / 2)
            yy = y + self.top_height - pad
            for f in p.purpose:
                yy -= f.wrap(width - self.name_width - 2 * pad, self.top_height)[1]
                f.drawOn(canv, self.name_width + pad, yy)
            canv.setLineWidth(thin)
            canv.line(self.name_width, y, self.name_width, y + self.top_height)
            canv.line(0, y, width, y)
        y -= self.middle_height
        middle = y
        left_w = width - self.side_width - 2 * pad
        yy = middle + self.middle_height - pad
        for i, f in enumerate(p.left):
            yy -= p.gaps.get(i, 0.0)
            yy -= f.wrap(left_w, self.middle_height)[1]
            f.drawOn(canv, pad, yy)
        side = width - self.side_width
        canv.setLineWidth(thin)
        canv.line(side, middle, side, middle + self.middle_height)
        yy = middle + self.middle_height
        for f, h in zip(p.right, self.right_heights):
            yy -= h
            if isinstance(f, PhotoFrame):
                f.drawOn(canv, side + pad, yy + pad)
            else:
                f.drawOn(canv, side, yy)
                canv.line(side, yy, width, yy)
        if p.bottom is not None:
            y -= self.bottom_height
            p.bottom.drawOn(canv, 0, y)
            canv.line(0, y + self.bottom_height, width, y + self.bottom_height)
        canv.setLineWidth(layout.number("rule.frame"))
        canv.rect(0, y, width, frame_top - y)


# Building the blocks -----------------------------------------------------------


def _item_heading(ctx: Context, item: Item, number: int, size: float) -> JParagraph:
    prefix = f"{jnum(number)}　"
    amount = f"【{format_inline(item.amount)}千円】"
    style = ctx.styles.style(size, "gothic")
    if item.mark:
        text = f"{escape(prefix)}{escape(item.mark)}　{escape(item.name)}{escape(amount)}"
        return MarkedParagraph(text, style, prefix, item.mark, ctx.layout.number("rule.mark"))
    return JParagraph(escape(f"{prefix}{item.name}{amount}"), style)


def _budget(ctx: Context, plan: Plan, project: Project) -> Flowable:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("detail.budget_size")
    rows = [
        [plan.year_label, format_box(project.current), "千円"],
        [plan.last_year_label, format_box(project.last), "千円"],
        ["増△減", format_box(project.current - project.last), "千円"],
    ]
    unit_w = styles.width("千円", size) + 4
    label_w = max(styles.width(row[0], size) for row in rows) + 5
    table = Table(rows, colWidths=[label_w, layout.length("detail.side_width") - label_w - unit_w - 2, unit_w])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), ctx.fonts.mincho, size),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        *layout.paddings("cell.budget"),
        ("LINEBELOW", (0, 1), (-1, 1), layout.number("rule.thin"), layout.colour("colour.rule")),
    ]))
    return table


class _Padded(Flowable):
    """A paragraph with room around it, as a cell of the side column."""

    def __init__(self, content: Flowable, pad: float) -> None:
        super().__init__()
        self.content, self.pad = content, pad

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.content.wrap(availWidth - 2 * self.pad, availHeight)[1] + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, self.pad, self.pad)


def _indicators(ctx: Context, project: Project) -> Flowable | None:
    if not project.indicators:
        return None
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("detail.kpi_size")
    label_w = layout.length("detail.kpi_label_width")
    total = layout.frame().width
    n = len(project.indicators)
    widths = [label_w] + [(total - label_w) / n] * n
    names = [styles.text(i.name, size, align="centre", leading=size * 1.3) for i in project.indicators]
    target_size = layout.number("detail.kpi_target_size")
    targets = [styles.text(f"{i.target}{i.unit}", target_size, "gothic", "centre") for i in project.indicators]
    table = Table([[styles.text("事業指標", size, "gothic", "centre"), *names], ["", *targets]], colWidths=widths)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), ctx.fonts.mincho, size),
        ("SPAN", (0, 0), (0, 1)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, 1), layout.colour("colour.head")),
        ("LINEAFTER", (0, 0), (-2, -1), layout.number("rule.thin"), layout.colour("colour.rule")),
        ("LINEBELOW", (1, 0), (-1, 0), layout.number("rule.thin"), layout.colour("colour.rule")),
        *layout.paddings("cell.indicators"),
    ]))
    return table


def _bureau_box(ctx: Context, entries: list[BureauProject], size: float) -> Flowable:
    styles = ctx.styles
    content: list[Flowable] = [styles.text("＜関連する局事業＞", size, "gothic")]
    bullet = "・" if len(entries) > 1 else ""  # a box of one entry lists nothing: no bullet (Ⅲ-２)
    for entry in entries:
        amount = f"【{format_table(entry.amount)}千円】" if entry.amount is not None else ""
        content.append(styles.bullet_line(f"{bullet}{entry.name}{amount}", size))
    return RuleBox(content, ctx.layout.length("detail.pad"), ctx.layout.number("rule.thin"))


def _parts(ctx: Context, plan: Plan, project: Project) -> Parts:
    layout, styles = ctx.layout, ctx.styles
    item_size = layout.number("detail.item_size")
    text_size = layout.number("detail.text_size")
    heading = styles.text(f"{project.code} 事業内容", layout.number("detail.heading_size"), "gothic")
    name = styles.text(project.name, layout.number("detail.name_size"), "gothic", balanced=True)
    purpose = [styles.text(line, text_size, indent=0) for line in project.purpose.splitlines() if line.strip()]
    left: list[Flowable] = []
    gaps: dict[int, float] = {}
    item_gap = layout.length("detail.item_gap")
    box_gap = layout.length("detail.box_gap")
    for n, item in enumerate(project.items, 1):
        if left:
            gaps[len(left)] = item_gap
        left.append(_item_heading(ctx, item, n, item_size))
        left.extend(styles.bullet_line(line, text_size) for line in item.lines)
    pad, rule = layout.length("detail.pad"), layout.number("rule.thin")
    for reference in project.references:
        target = reference.item
        if target is None or target.project is None:
            continue
        page = ctx.page_of(target.project)
        where = f"（Ｐ{jnum(page)} 再掲）" if page else "（Ｐ－ 再掲）"
        content: list[Flowable] = [
            styles.text(f"＜参考＞ {target.project.code} {target.project.name}{where}", text_size, "gothic"),
            styles.text(f"{jnum(target.number)}　{target.name}", text_size, "gothic"),
            *(styles.bullet_line(line, text_size) for line in reference.lines),
        ]
        gaps[len(left)] = box_gap
        left.append(RuleBox(content, pad, rule))
    boxes: dict[int, list[BureauProject]] = {}
    for entry in project.bureau_projects:
        boxes.setdefault(entry.box, []).append(entry)
    for box in sorted(boxes):
        gaps[len(left)] = box_gap
        left.append(_bureau_box(ctx, boxes[box], text_size))
    if not left:
        ctx.report(Finding(INFO, project.label, "細事業がないため、事業内容の欄を空けたまま印刷しています。",
                           "layout_empty_block", project))
    right: list[Flowable] = [_budget(ctx, plan, project)]
    if project.sections or not project.lists_items:
        section_size = layout.number("detail.budget_size")
        names = section_lines([s.name for s in project.all_sections], layout.length("detail.side_width") - 2 * pad,
                              ctx.fonts.mincho, section_size)
        right.append(_Padded(styles.text("\n".join(names), section_size, align="centre"), pad))
    right.extend(PhotoFrame(ctx, photo) for photo in project.photos)
    return Parts(heading, name, purpose, left, right, _indicators(ctx, project), gaps)


def section_lines(names: list[str], width: float, font: str, size: float) -> list[str]:
    """The 課 of a 事業内容 joined with 「、」 as far as a line holds them (総務課、福祉保健課 / 高齢・障害支援課).

    A name is never broken, and the 「、」 where a line ends is left out, as in the original.
    """
    lines: list[str] = []
    for name in names:
        if lines and stringWidth(f"{lines[-1]}、{name}", font, size) <= width:
            lines[-1] += f"、{name}"
        else:
            lines.append(name)
    return lines


def _block(ctx: Context, plan: Plan, project: Project, room_above: float) -> ProjectBlock:
    """A project's block, made again only when a page it refers to has moved."""
    pages = tuple(ctx.page_of(r.item.project) for r in project.references if r.item is not None)
    return ctx.keep(("block", project, pages, room_above),
                    lambda: ProjectBlock(ctx, project, _parts(ctx, plan, project), room_above=room_above))


def paginate(heights: Sequence[float], capacity: float, first_capacity: float, gap: float) -> list[list[int]]:
    """Share pages out among blocks in order: the fewest pages, then the most even fill.

    A block never leaves its page, so only whole blocks are grouped; one longer
    than a page stands alone. On the built-in plan this gives the pages of the
    original (Ⅰ-３+Ⅰ-４, Ⅱ-２+Ⅱ-３ … share; Ⅰ-２ and Ⅱ-７ stand alone).
    """
    n = len(heights)
    best: list[tuple[int, float]] = [(0, 0.0)] + [(n + 1, 0.0)] * n
    start = [0] * (n + 1)
    for end in range(1, n + 1):
        for first in range(end - 1, -1, -1):
            room = first_capacity if first == 0 else capacity
            total = sum(heights[first:end]) + gap * (end - first - 1)
            if end - first > 1 and total > room:
                break
            pages, waste = best[first]
            candidate = (pages + 1, waste + max(0.0, room - total) ** 2)
            if candidate < best[end]:
                best[end], start[end] = candidate, first
    groups: list[list[int]] = []
    end = n
    while end > 0:
        groups.append(list(range(start[end], end)))
        end = start[end]
    return groups[::-1]


def _printed_order(group: list[int], projects: Sequence[Project]) -> list[int]:
    """The blocks of a page top to bottom: in order, but one marked print_first goes above the block before it."""
    order = list(group)
    for k in range(1, len(order)):
        if projects[order[k]].print_first:
            order[k - 1], order[k] = order[k], order[k - 1]
    return order


def pillar_story(ctx: Context, plan: Plan, pillar: Pillar) -> list[Flowable]:
    layout = ctx.layout
    frame = layout.frame()
    band = Band(ctx, f"{pillar.numeral}　{pillar.name}")
    above = band.height + band.spaceAfter
    gap = layout.length("detail.block_gap")
    blocks = [_block(ctx, plan, project, above if i == 0 else 0.0) for i, project in enumerate(pillar.projects)]
    heights = [b.wrap(frame.width, frame.height)[1] for b in blocks]
    slack = 1.0  # points kept free so that rounding never pushes a block off its page
    out: list[Flowable] = [band]
    for n, group in enumerate(paginate(heights, frame.height - slack, frame.height - above - slack, gap)):
        if n:
            out.append(CondPageBreak(frame.height - slack))
        for k, i in enumerate(_printed_order(group, pillar.projects)):
            blocks[i].spaceBefore = gap if k else 0.0
            out.append(blocks[i])
    return out


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    out: list[Flowable] = []
    for i, pillar in enumerate(plan.pillars()):
        if i:
            out.append(PageBreak())
        out.extend(pillar_story(ctx, plan, pillar))
    return out
