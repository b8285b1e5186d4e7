"""Rows copied in Excel or LibreOffice Calc: tab-separated 名称 | 予算 | 前年度 [| 課], one project or item a row.

`read_pasted_rows` reads the clipboard's text as a spreadsheet writes it (a
cell holding a line break or a tab comes in double quotes) and gives back
every row, or a PasteError naming the first bad cell by row and column; then
nothing is pasted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .model import Item, Plan, Project, Section
from .new_plan import RowError, cell_amount, cell_text, split_sections

COLUMNS = ("名称", "予算", "前年度", "課")
MAX_ROWS = 500  # more than any pillar or project holds: a paste of a whole sheet by mistake


class PasteError(ValueError):
    """A cell that cannot be pasted; `row` counts from 1 as the copied rows do, `column` is a name of COLUMNS."""

    def __init__(self, message: str, row: int, column: str) -> None:
        super().__init__(f"{row} 行目の「{column}」：{message}")
        self.row, self.column, self.reason = row, column, message


@dataclass
class PastedRow:
    name: str
    amount: int
    last_year: int | None
    sections: list[Section] = field(default_factory=list)

    def project(self) -> Project:
        return Project(self.name, amount=self.amount, last_year=self.last_year, sections=list(self.sections))

    def item(self) -> Item:
        return Item(self.name, self.amount, last_year=self.last_year, sections=list(self.sections))


def split_cells(text: str) -> list[list[str]]:
    """The rows and cells of tab-separated text, quoted cells as spreadsheets write them; empty rows left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False)
    return [row for row in reader if any(cell.strip() for cell in row)]


def read_pasted_rows(text: str, plan: Plan) -> list[PastedRow]:
    """Every copied row as a project or item to be; the first bad cell refuses them all."""
    rows = split_cells(text)
    if not rows:
        raise PasteError("貼り付ける行がありません。Excel で 名称・予算・前年度（・課）の列を選んでコピーしてください。",
                         1, COLUMNS[0])
    if len(rows) > MAX_ROWS:
        raise PasteError(f"{len(rows)} 行は多すぎます（{MAX_ROWS} 行まで）。貼り付ける行だけを選んでください。",
                         MAX_ROWS + 1, COLUMNS[0])
    return [_read_row(cells, number, plan) for number, cells in enumerate(rows, start=1)]


def _read_row(cells: list[str], number: int, plan: Plan) -> PastedRow:
    extra = [i for i, cell in enumerate(cells[len(COLUMNS):], start=len(COLUMNS) + 1) if cell.strip()]
    if extra:
        raise PasteError(f"{extra[0]} 列目に値があります。列は 名称・予算・前年度・課 の４列までです。", number, COLUMNS[-1])
    cells = cells + [""] * (len(COLUMNS) - len(cells))
    name = cell_text(cells[0])
    if not name:
        raise PasteError("名称が入力されていません。", number, "名称")
    if "\n" in name:
        raise PasteError("名称は一行で入力してください。", number, "名称")
    try:
        amount = cell_amount(cells[1], "予算", required=True)
        last_year = cell_amount(cells[2], "前年度", required=False)
    except RowError as e:
        raise PasteError(str(e), number, e.column) from None
    assert amount is not None
    sections = []
    for section_name in split_sections(cell_text(cells[3])):
        section = plan.section(section_name)
        if section is None:
            raise PasteError(f"課「{section_name}」は区の課の一覧にありません（ファイル → 計画の設定 で追加できます）。",
                             number, "課")
        if section not in sections:
            sections.append(section)
    return PastedRow(name, amount, last_year, sections)
