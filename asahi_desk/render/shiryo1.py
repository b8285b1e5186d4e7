"""資料１: 総括表, 事業別一覧表, 事業内容, 予算のすがた, 主な事業内容, back cover; numbered 1–25."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from ..domain.meeting import PLAN_HANDOUT
from ..domain.model import Plan
from . import cover, detail, listing, overview, summary
from .document import Anchor, Context, OutlineEntry, PartStart

NAME = "shiryo1"
LABEL = PLAN_HANDOUT

# Its sections in order, with the titles of their outline entries (事業内容 is there pillar by pillar).
SECTIONS = (
    (summary.story, "総括表"),
    (listing.story, "事業別一覧表"),
    (detail.story, ""),
    (overview.shape_story, "区に係る予算のすがた"),
    (overview.outline_story, "主な事業内容"),
    (cover.story, ""),
)


def story(plan: Plan, ctx: Context) -> list[Flowable]:
    out: list[Flowable] = [PartStart(NAME, LABEL, numbered=True)]
    for i, (section, heading) in enumerate(SECTIONS):
        if i:
            out.append(PageBreak())
        out.append(Anchor((NAME, heading or section.__module__)))
        if section is detail.story:  # its blocks refer to pages and are kept one by one
            out.extend(section(plan, ctx))
        else:
            key = (NAME, section.__module__, section.__name__)
            out.extend(ctx.keep(key, lambda s=section: s(plan, ctx)))  # type: ignore[misc]
    return out


def outline(plan: Plan, pages: dict[object, int]) -> list[OutlineEntry]:
    """総括表, 事業別一覧表, each pillar with its projects, 予算のすがた, 主な事業内容: where they landed."""
    out = []
    for section, heading in SECTIONS:
        if heading and (NAME, heading) in pages:
            out.append(OutlineEntry(heading, pages[(NAME, heading)]))
        if section is detail.story:
            for pillar in plan.pillars():
                projects = tuple(OutlineEntry(f"{p.code} {p.name}", pages[p]) for p in pillar.projects if p in pages)
                if projects:
                    out.append(OutlineEntry(pillar.label, projects[0].page, projects))
    return out
