"""Plan → print-ready PDF in the original layout (ReportLab; no Qt).

Each part of the meeting packet is a module that makes its story; `render`
sets one part in a PDF. Adding a part (資料２, the packet) is adding a module
and a line to _PARTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.platypus import Flowable

from ..domain.checks import Finding
from ..domain.model import Plan, Project
from . import agenda, shiryo1
from .document import Context, build
from .fonts import FontError, load_fonts
from .layout import LayoutError, load_layout
from .styles import Styles

__all__ = ["PARTS", "PART_LABELS", "UnknownPartError", "FontError", "LayoutError", "RenderOptions", "RenderResult", "layout_findings", "render"]

Story = Callable[[Plan, Context], list[Flowable]]

_PARTS: dict[str, tuple[Story, str]] = {
    "agenda": (agenda.story, "次第"),
    "shiryo1": (shiryo1.story, "資料１"),
}
PARTS = tuple(_PARTS)
PART_LABELS = {name: label for name, (_, label) in _PARTS.items()}


@dataclass(frozen=True)
class RenderOptions:
    mincho: Path | None = None  # font files; None = the bundled IPAex fonts in resources/fonts
    gothic: Path | None = None


@dataclass
class RenderResult:
    pdf: bytes
    page_count: int
    project_pages: dict[int, int]  # Project.id -> 1-based page number in this PDF where its block starts
    findings: list[Finding]  # where the layout had to give way


class UnknownPartError(ValueError):
    """A part name that is not one of PARTS; the message is for the user."""


def render(plan: Plan, part: str = "shiryo1", options: RenderOptions | None = None) -> RenderResult:
    if part not in _PARTS:
        raise UnknownPartError(f"「{part}」という資料はありません。{'、'.join(PARTS)} のどれかを指定してください。")
    options = options or RenderOptions()
    layout = load_layout()
    fonts = load_fonts(options.mincho, options.gothic)
    ctx = Context(layout, fonts, Styles(layout, fonts))
    make_story, subject = _PARTS[part]
    built = build(lambda c: make_story(plan, c), ctx, title=plan.title, author=plan.author,
                  subject=f"{plan.meeting.title}　{subject}")
    pages = {key.id: page for key, page in built.anchors.items()
             if isinstance(key, Project) and key.id is not None}
    return RenderResult(built.pdf, built.page_count, pages, built.findings)


def layout_findings(plan: Plan, options: RenderOptions | None = None) -> list[Finding]:
    """Where 資料１ had to give way, as `asahi-desk check` shows it."""
    return render(plan, "shiryo1", options).findings
