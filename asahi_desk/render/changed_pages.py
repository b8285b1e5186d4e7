"""The pages of 資料１ whose content changed between two plans: both rendered, page by page compared.

A page counts as changed when the text printed on it (its page number aside)
is on no page of the older 資料１ in the same order: a page that only moved
back because a page came before it is not changed, a page added is. Page
numbers are those of the newer 資料１ (1 = its first page).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from difflib import SequenceMatcher

from pypdf import PdfReader

from ..domain.model import Plan
from . import RenderOptions, render


@dataclass(frozen=True)
class ChangedPages:
    pages: tuple[int, ...]  # of the newer 資料１
    new_count: int
    old_count: int

    @property
    def text(self) -> str:
        """資料１の内容が変わったページ：3、6–8（新 25 ページ、旧 24 ページ）"""
        counts = f"（新 {self.new_count} ページ、旧 {self.old_count} ページ）"
        if not self.pages:
            return f"資料１の内容が変わったページ：なし{counts}"
        return f"資料１の内容が変わったページ：{page_ranges(self.pages)}{counts}"

    def to_dict(self) -> dict[str, object]:
        return {"pages": list(self.pages), "new_count": self.new_count, "old_count": self.old_count}


def page_ranges(pages: tuple[int, ...]) -> str:
    """(3, 6, 7, 8) → 3、6–8"""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def page_texts(pdf: bytes) -> list[str]:
    """The text printed on each page, its lines stripped, without its page number."""
    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        if str(n) in lines:
            del lines[len(lines) - 1 - lines[::-1].index(str(n))]
        out.append("\n".join(lines))
    return out


def changed_pages(old: Plan, new: Plan, options: RenderOptions | None = None) -> ChangedPages:
    before = page_texts(render(old, "shiryo1", options).pdf)
    after = page_texts(render(new, "shiryo1", options).pdf)
    same: set[int] = set()
    for block in SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks():
        same.update(range(block.b, block.b + block.size))
    pages = tuple(n + 1 for n in range(len(after)) if n not in same)
    return ChangedPages(pages, len(after), len(before))
