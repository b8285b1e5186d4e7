"""次第: the agenda sheet of the meeting, one page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..domain.model import AgendaItem, Plan
from ..domain.money import format_date, format_start_time, jnum
from .document import Context, PartStart

NAME = "agenda"


class LeaderLine(Flowable):
    """…………資料１: a dot leader running to the handout label at the right margin."""

    def __init__(self, label: str, font: str, size: float, start: float) -> None:
        super().__init__()
        self.label, self.font, self.size, self.start = label, font, size, start

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.size * 1.4
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size)
        label_width = canv.stringWidth(self.label, self.font, self.size)
        dot = canv.stringWidth("…", self.font, self.size)
        room = self.width - label_width - self.start
        dots = "…" * max(2, int(room // dot))
        y = self.size * 0.3
        canv.drawRightString(self.width, y, self.label)
        canv.drawRightString(self.width - label_width, y, dots)


def _item_flowables(ctx: Context, number: int, item: AgendaItem) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("agenda.item_size")
    indent = layout.length("agenda.line_indent")
    em = styles.width("　", size)
    out: list[Flowable] = [styles.text(f"{jnum(number)}　{item.title}", size)]
    for line in item.lines:  # a ・ line's text starts at the indent, the lines under it one character further
        out.append(styles.hanging(line, size, indent) if line.startswith("・") else styles.text(line, size, indent=indent + em))
    if item.presenter:
        out.append(styles.text(f"【{item.presenter}】", size, indent=indent, align="right"))
    if item.handout:
        out.append(Spacer(0, layout.length("agenda.handout_gap")))
        out.append(LeaderLine(item.handout, ctx.fonts.mincho, size, layout.length("agenda.leader_start")))
    return out


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    meeting = plan.meeting
    frame = layout.frame()
    title_size = layout.number("agenda.title_size")
    first_line = meeting.title.removesuffix(meeting.name).strip()
    head: list[Flowable] = [
        Spacer(0, layout.length("agenda.top_gap")),
        styles.text(first_line, title_size, "gothic", "centre"),
        styles.text(f"{meeting.name}　次第", title_size, "gothic", "centre"),
        Spacer(0, layout.length("agenda.title_gap")),
    ]
    meta_size = layout.number("agenda.meta_size")
    when = format_date(meeting.date, weekday=True)
    rows = [
        [styles.text("日　時", meta_size), styles.text(when, meta_size)],
        ["", styles.text(format_start_time(meeting.start_time), meta_size)] if meeting.start_time else None,
        [styles.text("場　所", meta_size), styles.text(meeting.place, meta_size)],
    ]
    label_width = styles.width("日　時　", meta_size)
    meta = Table([r for r in rows if r is not None],
                 colWidths=[label_width, frame.width - layout.length("agenda.meta_indent") - label_width],
                 hAlign="RIGHT")
    meta.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), ctx.fonts.mincho, meta_size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              *layout.paddings("cell.agenda_meta")]))
    head.append(meta)

    items = [_item_flowables(ctx, n, item) for n, item in enumerate(meeting.items, 1)]
    # The items fill the page: the room left is shared out above each of them.
    used = sum(f.wrap(frame.width, frame.height)[1] for f in head)
    used += sum(f.wrap(frame.width, frame.height)[1] for block in items for f in block)
    room = frame.height - used - layout.length("agenda.bottom_room")
    gap = max(layout.length("agenda.item_gap_min"), min(layout.length("agenda.item_gap"), room / max(1, len(items))))
    out: list[Flowable] = [PartStart(NAME), *head]
    for block in items:
        out.append(Spacer(0, gap))
        out.extend(block)
    return out
