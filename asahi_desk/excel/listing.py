"""Reading a listing workbook shaped like the 事業別一覧表: 柱 | 事業名 | 予算 | 前年度 | 課.

The first sheet is read: one header row, then one project a row. Every bad cell
is listed with its sheet and cell; when there is any, no row is given back.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..domain.new_plan import ListedProject, RowError, read_listing_row
from .differences import Problem
from .package import WorkbookRefused, check_package

COLUMNS = ("柱", "事業名", "予算", "前年度", "課")


@dataclass
class Listing:
    path: Path
    rows: list[ListedProject] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_listing(path: str | os.PathLike[str]) -> Listing:
    """The projects of a listing workbook, or the problems of its cells; changes nothing."""
    path = Path(path)
    listing = Listing(path)
    try:
        check_package(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True, read_only=True)
    except WorkbookRefused as e:
        listing.errors.append(Problem(str(e)))
        return listing
    except Exception as e:  # openpyxl raises many kinds on a damaged part
        listing.errors.append(Problem(f"「{path.name}」は壊れているため読めません（{type(e).__name__}: {e}）。"))
        return listing
    try:
        ws = book.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    sheet = ws.title
    if not rows:
        listing.errors.append(Problem("表がありません。1 行目に見出し（柱・事業名・予算・前年度・課）、"
                                      "2 行目から事業を書いてください。", sheet))
        return listing
    seen_pillar = False
    for number, cells in enumerate(rows[1:], start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        extra = next((i for i, c in enumerate(cells[len(COLUMNS):], start=len(COLUMNS)) if c not in (None, "")), None)
        if extra is not None:
            listing.errors.append(Problem("表の右に値があります。列は 柱・事業名・予算・前年度・課 の５列です。",
                                          sheet, f"{get_column_letter(extra + 1)}{number}"))
        row, errors = read_listing_row(cells[:len(COLUMNS)])
        if row is not None and not row.pillar and not seen_pillar:
            errors.append(RowError("最初の事業の柱が空です。柱の名称を入力してください。", "柱"))
        seen_pillar = seen_pillar or bool(cells and cells[0] not in (None, ""))
        for e in errors:
            column = COLUMNS.index(e.column) + 1
            listing.errors.append(Problem(str(e), sheet, f"{get_column_letter(column)}{number}"))
        if row is not None and not errors:
            listing.rows.append(row)
    if not listing.rows and not listing.errors:
        listing.errors.append(Problem("事業の行がありません。2 行目から事業を書いてください。", sheet))
    if listing.errors:
        listing.rows = []
    return listing

