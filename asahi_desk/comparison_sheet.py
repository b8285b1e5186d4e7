"""A plan file's comparisons: a version against the plan as it is, or two versions, and their 新旧対照表.

The command line (`diff`) and the window's 版 tab both compare through here, so
that they name the two sides alike and write the same PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .domain.compare import Comparison, compare
from .domain.model import Plan
from .store import PlanStore
from .store import versions
from .store.versions import Version


@dataclass(frozen=True)
class Compared:
    older: Plan
    newer: Plan
    since: Version
    to: Version | None  # None: the plan as it is now
    result: Comparison


def compared(store: PlanStore, since_id: int, to_id: int | None = None) -> Compared:
    """The version `since_id` against the version `to_id`, or against the plan as it is now."""
    file = store.file
    since = versions.get(file, since_id)
    older = versions.plan_of(file, since.id)
    if to_id is None:
        assert store.plan is not None
        return Compared(older, store.plan, since, None, compare(older, store.plan))
    to = versions.get(file, to_id)
    newer = versions.plan_of(file, to.id)
    return Compared(older, newer, since, to, compare(older, newer))


def side_title(version: Version | None) -> str:
    """版 5　6/3 課長確認用（2026年6月3日 14:05）, or the plan as it is now."""
    if version is None:
        return f"いまの計画（{versions.now_text()} 現在）"
    return f"版 {version.id}　{version.title}"


def write_comparison(c: Compared, out: Path, *, pages: str = "") -> int:
    """The 新旧対照表 written to `out` whole or not at all (OutputError says why not); its page count."""
    from .render.comparison import Sides, render_comparison, save_comparison

    pdf = render_comparison(c.result, c.older, c.newer, Sides(side_title(c.to), side_title(c.since)), pages=pages)
    save_comparison(pdf.pdf, out)
    return pdf.page_count


def write_comparison_of_file(path: Path, since_id: int, out: Path) -> tuple[int, int]:
    """From the plan file as stored (a window's worker): the 新旧対照表 since a version, with the changed pages.

    Returns the pages written and the changes listed.
    """
    from .render.changed_pages import changed_pages

    store = PlanStore.open(path, readonly=True)
    try:
        c = compared(store, since_id)
        pages = changed_pages(c.older, c.newer).text
        return write_comparison(c, out, pages=pages), len(c.result.changes)
    finally:
        store.close()
