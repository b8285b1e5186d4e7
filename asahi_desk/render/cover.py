"""資料１ p.25 back cover: the ward's slogan and its mascot."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Spacer

from ..domain.model import Plan
from .document import Context


class Mascot(Flowable):
    """The mascot image, or an empty frame kept for it."""

    def __init__(self, ctx: Context, image: bytes | None) -> None:
        super().__init__()
        self.ctx, self.image = ctx, image
        self.height = self.width = ctx.layout.length("cover.mascot_height")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        layout, canv = self.ctx.layout, self.canv
        x = (self.avail - self.width) / 2
        reader = None
        if self.image:
            try:
                reader = ImageReader(BytesIO(self.image))
            except Exception:  # noqa: BLE001 (a damaged image leaves the frame empty)
                reader = None
        if reader is not None:
            canv.drawImage(reader, x, 0, self.width, self.height, preserveAspectRatio=True, anchor="c", mask="auto")
            return
        canv.setStrokeColor(layout.colour("colour.rule"))
        canv.setLineWidth(layout.number("rule.thin"))
        canv.setDash(2, 2)
        canv.rect(x, 0, self.width, self.height)


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("cover.slogan_size")
    out: list[Flowable] = [Spacer(0, layout.length("cover.slogan_top") - layout.length("page.margin_top"))]
    out += [styles.text(line, size, "gothic", "centre", leading=size * 1.6) for line in plan.slogan.splitlines()]
    out.append(Spacer(0, size * 3))
    out.append(Mascot(ctx, plan.mascot_image))
    out.append(Spacer(0, size))
    caption_size = layout.number("cover.caption_size")
    out += [styles.text(line, caption_size, align="centre") for line in plan.mascot_caption.splitlines()]
    return out
