"""Look inside a workbook file before openpyxl opens it, and refuse what must not be read.

An .xlsx file is a zip of XML parts. A file with macros, links to other
workbooks, a size no plan can have (a zip bomb, a sheet of a million rows) or
a damaged zip is refused here, with a message that tells the user what to do.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import ParseError, iterparse
from openpyxl.utils import column_index_from_string

from ..domain.money import format_megabytes


SAVE_AS_XLSX = ("LibreOffice Calc では「ファイル」→「名前を付けて保存」でファイルの種類を「Excel 2007-365 (.xlsx)」にし"
                "（「現在の形式を使用」ではなく「Excel 2007-365!」を選びます）、Excel では「ファイル」→「名前を付けて保存」で"
                "ファイルの種類を「Excel ブック (*.xlsx)」にして保存し直してから取り込んでください。")
_OTHER_FORMATS = {
    ".ods": "LibreOffice の表計算ドキュメント（.ods）です。",
    ".ots": "LibreOffice の表計算テンプレート（.ots）です。",
    ".xls": "Excel 97-2003 形式（.xls）です。",
    ".csv": "CSV ファイル（.csv）です。CSV では書式・非表示のシート・名前が失われるため、CSV に保存する前のブックを使ってください。",
    ".tsv": "テキストの表（.tsv）です。非表示のシート・名前が失われるため、保存する前のブックを使ってください。",
    ".txt": "テキストファイルです。",
}


class WorkbookRefused(Exception):
    """The file is not read at all; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * 1024 * 1024
    entries: int = 2_000
    uncompressed_bytes: int = 64 * 1024 * 1024
    sheets: int = 300
    rows: int = 10_000  # in one sheet
    columns: int = 200
    cells: int = 300_000  # in all sheets together


LIMITS = Limits()

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx locked with a password
_ZIP_MAGIC = b"PK\x03\x04"
_MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam", ".xlsb"}
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


def check_package(path: str | os.PathLike[str]) -> None:
    """Raise WorkbookRefused unless `path` is a plain .xlsx workbook of a sane size (LIMITS)."""
    limits = LIMITS
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise WorkbookRefused(f"「{name}」はマクロを含むことのある形式（{suffix}）のため取り込めません。"
                              "Excel で「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")
    if not path.is_file():
        raise WorkbookRefused(f"ファイル「{path}」が見つかりません。")
    if suffix in _OTHER_FORMATS:
        raise WorkbookRefused(f"「{name}」は Excel ブック（.xlsx）ではなく、{_OTHER_FORMATS[suffix]}{SAVE_AS_XLSX}")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise WorkbookRefused(f"「{name}」は大きすぎるため取り込めません（{format_megabytes(size)}、上限 {format_megabytes(limits.file_bytes)}）。"
                              "書き出したブックに入力し直してください。")
    with path.open("rb") as f:
        magic = f.read(8)
    if magic == _OLE_MAGIC:
        raise WorkbookRefused(f"「{name}」は Excel 97-2003 形式（.xls）か、パスワードで保護されたブックです。"
                              f"パスワードを外してください。{SAVE_AS_XLSX}")
    if not magic.startswith(_ZIP_MAGIC):
        raise WorkbookRefused(f"「{name}」は Excel のブック（.xlsx）ではないか、壊れています。{SAVE_AS_XLSX}")
    try:
        with zipfile.ZipFile(path) as zf:
            _check_entries(zf, name, limits)
            _check_sheets(zf, name, limits)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ParseError, EOFError, OSError, RuntimeError,
            ValueError) as e:
        raise WorkbookRefused(f"「{name}」は壊れているため読めません（{e}）。送り主に保存し直してもらってください。") from e


def _check_entries(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise WorkbookRefused(f"「{name}」は部品の数が多すぎるため取り込めません（{len(infos):,} 個）。")
    total = sum(i.file_size for i in infos)
    if total > limits.uncompressed_bytes:
        raise WorkbookRefused(f"「{name}」は展開すると大きすぎるため取り込めません（{format_megabytes(total)}、"
                              f"上限 {format_megabytes(limits.uncompressed_bytes)}）。")
    parts = {i.filename.lower() for i in infos}
    if "mimetype" in parts and b"opendocument" in zf.read("mimetype"):
        raise WorkbookRefused(f"「{name}」は Excel ブック（.xlsx）ではなく、{_OTHER_FORMATS['.ods']}{SAVE_AS_XLSX}")
    if any(p.endswith("vbaproject.bin") or p.startswith("xl/macrosheets/") for p in parts):
        raise WorkbookRefused(f"「{name}」にはマクロが含まれているため取り込めません。"
                              "マクロを含まない「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")
    if any(p.startswith("xl/externallinks/") for p in parts):
        raise WorkbookRefused(f"「{name}」には他のブックへのリンクがあるため取り込めません。"
                              "Excel の「データ」→「リンクの編集」でリンクを解除し、保存し直してから取り込んでください。")
    if "[content_types].xml" not in parts or "xl/workbook.xml" not in parts:
        raise WorkbookRefused(f"「{name}」は Excel のブック（.xlsx）ではないか、壊れています。")
    types = zf.read("[Content_Types].xml")
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise WorkbookRefused(f"「{name}」はマクロ有効ブックのため取り込めません。"
                              "「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")
    bad = zf.testzip()  # every part's checksum, within the size checked above
    if bad is not None:
        raise WorkbookRefused(f"「{name}」は壊れているため読めません（{bad}）。送り主に保存し直してもらってください。")


def _check_sheets(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Count rows and cells of every sheet by streaming its XML, before anything holds them in memory."""
    sheets = [i.filename for i in zf.infolist() if _SHEET_PART.fullmatch(i.filename)]
    if len(sheets) > limits.sheets:
        raise WorkbookRefused(f"「{name}」はシートが多すぎるため取り込めません（{len(sheets):,} 枚）。")
    cells = 0
    for part in sheets:
        max_row = max_col = 0
        with zf.open(part) as stream:
            for _, element in iterparse(stream, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    cells += 1
                    m = _CELL_REF.fullmatch(element.get("r", ""))
                    if m and len(element):  # a cell that holds something (an empty one is only its format)
                        max_col = max(max_col, column_index_from_string(m.group(1)))
                        max_row = max(max_row, int(m.group(2)))
                    element.clear()
                elif tag == "row":  # LibreOffice writes an empty row at 1,048,576: only cells count
                    element.clear()
                if max_row > limits.rows:
                    raise WorkbookRefused(f"「{name}」は行が多すぎるため取り込めません（{max_row:,} 行目まで、"
                                          f"上限 {limits.rows:,} 行）。不要な行を削除して保存し直してください。")
                if max_col > limits.columns:
                    raise WorkbookRefused(f"「{name}」は列が多すぎるため取り込めません（{max_col:,} 列目まで、"
                                          f"上限 {limits.columns:,} 列）。")
                if cells > limits.cells:
                    raise WorkbookRefused(f"「{name}」はセルが多すぎるため取り込めません（上限 {limits.cells:,} 個）。")

