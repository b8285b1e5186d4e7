"""A refused workbook returned with marks: each problem cell filled red, with a comment saying what to do.

The 区政推進課 mails the marked copy back to the section; everything else in it
(the hidden sheet, the names, the values) is as the section sent it, so the
corrected workbook imports as any other.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from ..files import atomic_write_with
from .differences import Problem

MARK_FILL = PatternFill("solid", fgColor="FF7C80")  # red, and the black text on it stays readable
AUTHOR = "区政推進課"
ENDING = "直したら、このブックを保存して送り返してください。"


class MarkError(Exception):
    """The marked copy cannot be written; the message is for the user."""


def mark_problems(source: str | os.PathLike[str], target: str | os.PathLike[str], problems: list[Problem]) -> int:
    """Write a copy of `source` with each problem's cell marked; returns how many cells were marked.

    A problem of a whole sheet is marked at the sheet's first cell; one of the whole
    workbook (another plan file, a damaged file) has no cell to mark.
    """
    source, target = Path(source), Path(target)
    if target.suffix.lower() != ".xlsx":
        raise MarkError(f"「{target.name}」：保存するファイルの拡張子は .xlsx にしてください。")
    if target.resolve() == source.resolve():
        raise MarkError("課から届いたブックはそのまま残します。別の名前を付けて保存してください。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(source)
    except Exception as e:  # a workbook openpyxl cannot open has no cells to mark
        raise MarkError(f"「{source.name}」は開けないため、印を付けられません（{type(e).__name__}）。") from e
    notes: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        if problem.sheet and problem.sheet in wb.sheetnames:
            notes.setdefault((problem.sheet, problem.cell or "A1"), []).append(problem.message)
    for (sheet, ref), messages in notes.items():
        ws = wb[sheet]
        cell = ws[ref]
        if isinstance(cell, MergedCell):  # the merge's first cell carries the mark
            for merged in ws.merged_cells.ranges:
                if ref in merged:
                    cell = ws.cell(merged.min_row, merged.min_col)
                    break
        cell.fill = MARK_FILL
        text = "\n".join(f"・{m}" for m in messages) + f"\n{ENDING}"
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, 60 + 40 * len(messages)
        cell.comment = comment
    if not notes:
        raise MarkError("印を付けるセルがありません（ブック全体の問題です）。一覧の内容を課に伝えてください。")
    try:
        atomic_write_with(target, lambda tmp: wb.save(tmp))
    except OSError as e:
        raise MarkError(f"「{target}」に保存できません（{e.strerror or e}）。") from e
    return len(notes)
