"""Plan → print-ready PDF in the original layout (ReportLab, bound with pypdf; no Qt).

Each generated part of the meeting packet (次第, 資料１, 資料２) is a module that
makes its story; packet.py binds the parts with the PDFs the user attached.
`render` gives one part, or the whole packet; `render_handouts` one PDF per
handout, for mailing; `render_packet` both from one rendering of the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.findings import Finding
from ..domain.meeting import PLAN_HANDOUT, report_handout
from ..domain.model import Plan
from .document import OutlineEntry
from .fitting import fit_for_print
from .fonts import FontError, load_fonts
from .layout import LayoutError, load_layout
from .packet import Binder, Handout, HandoutPages, OutputError, RenderResult, save, write

__all__ = ["PARTS", "FontError", "LayoutError", "OutputError", "OutlineEntry",
           "HandoutPages", "RenderOptions", "RenderResult", "handout_page_counts",
           "layout_findings", "render", "render_handouts", "render_packet", "save_handouts"]

PARTS = ("agenda", "shiryo1", "shiryo2", "packet")  # what `render` makes; domain.meeting.part_labels names them


@dataclass(frozen=True)
class RenderOptions:
    mincho: Path | None = None  # font files; None = the bundled IPAex fonts in resources/fonts
    gothic: Path | None = None


def _binder(plan: Plan, options: RenderOptions | None) -> Binder:
    options = options or RenderOptions()
    return Binder(plan, load_layout(), load_fonts(options.mincho, options.gothic))


def _write_one(plan: Plan, handout: Handout) -> RenderResult:
    return write([handout], title=handout.title, author=plan.author, subject=f"{plan.meeting.title}　{handout.label}")


def _write_whole(plan: Plan, handouts: list[Handout]) -> RenderResult:
    labels = "・".join(h.label for h in handouts)
    return write(handouts, title=f"{plan.meeting.title}　会議資料", author=plan.author, subject=labels)


def _write_each(plan: Plan, handouts: list[Handout]) -> dict[str, RenderResult]:
    return {h.label: _write_one(plan, h) for h in handouts}


def _with(cut: list[Finding], result: RenderResult) -> RenderResult:
    result.findings[:0] = cut
    return result


def render(plan: Plan, part: str = "shiryo1", options: RenderOptions | None = None) -> RenderResult:
    """One part (agenda, shiryo1, shiryo2, each with the PDFs attached to it), or the whole packet."""
    if part not in PARTS:
        raise ValueError(f"「{part}」という資料はありません。{'、'.join(PARTS)} のどれかを指定してください。")
    plan, cut = fit_for_print(plan)
    binder = _binder(plan, options)
    if part == "agenda":
        return _write_one(plan, binder.agenda())
    if part == "packet":
        return _with(cut, _write_whole(plan, binder.packet()))
    label = PLAN_HANDOUT if part == "shiryo1" else report_handout(plan)
    return _with(cut if part == "shiryo1" else [], _write_one(plan, binder.handout(label, part)))


def render_handouts(plan: Plan, options: RenderOptions | None = None) -> dict[str, RenderResult]:
    """The packet as one PDF per handout, for mailing: {"次第": …, "資料１": …, "資料２": …} in packet order."""
    plan, cut = fit_for_print(plan)
    each = _write_each(plan, _binder(plan, options).packet())
    if PLAN_HANDOUT in each:
        _with(cut, each[PLAN_HANDOUT])
    return each


def render_packet(plan: Plan, options: RenderOptions | None = None) -> tuple[RenderResult, dict[str, RenderResult]]:
    """The whole packet in one PDF and as one PDF per handout, its parts rendered once for both."""
    plan, cut = fit_for_print(plan)
    handouts = _binder(plan, options).packet()
    each = _write_each(plan, handouts)
    return _with(cut, _write_whole(plan, handouts)), each


def save_handouts(handouts: dict[str, RenderResult], folder: Path) -> list[Path]:
    """Write each handout as LABEL.pdf into `folder` (made when missing); OutputError says what went wrong."""
    return save({label: result.pdf for label, result in handouts.items()}, folder)


def handout_page_counts(plan: Plan, options: RenderOptions | None = None) -> dict[str, int]:
    """The generated pages of 資料１ and 資料２ (no attachments): the pages an attachment may follow."""
    return _binder(plan, options).page_counts()


def layout_findings(plan: Plan, options: RenderOptions | None = None) -> list[Finding]:
    """Where 資料１ had to give way, as `asahi-desk check` shows it: measured, never drawn."""
    plan, cut = fit_for_print(plan)
    return cut + _binder(plan, options).findings(PLAN_HANDOUT, "shiryo1")
