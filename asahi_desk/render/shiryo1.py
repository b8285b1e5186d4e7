"""資料１: 総括表, 事業別一覧表, 事業内容, 予算のすがた, 主な事業内容, back cover; numbered 1–25."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from ..domain.model import Plan
from . import cover, detail, listing, overview, summary
from .document import Context, PartStart

NAME = "shiryo1"
LABEL = "資料１"


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    out: list[Flowable] = [PartStart(NAME, LABEL, numbered=True, title=f"{LABEL}　{plan.title}")]
    sections = (summary.story, listing.story, detail.story, overview.story, cover.story)
    for i, section in enumerate(sections):
        if i:
            out.append(PageBreak())
        if section is detail.story:  # its blocks refer to pages and are kept one by one
            out.extend(section(plan, ctx))
        else:
            out.extend(ctx.keep((NAME, section.__module__), lambda s=section: s(plan, ctx)))  # type: ignore[misc]
    return out
