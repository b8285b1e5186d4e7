"""Workbooks refused before openpyxl reads them: macros, links, absurd sizes, damaged files."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from asahi_desk.excel.package import SAVE_AS_XLSX
from asahi_desk.excel import LIMITS, WorkbookRefused, check_package, origin_of, read_workbook
from asahi_desk.store import PlanStore
from tests.helpers import database_rows


def repack(src: Path, dst: Path, extra: dict[str, bytes] | None = None,
           replace: dict[str, bytes] | None = None) -> Path:
    """A copy of a workbook's zip with parts added or replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def refused(store: PlanStore, plan_path: Path, path: Path) -> str:
    """The one message of a refused workbook; the plan file is untouched."""
    before = database_rows(plan_path)
    result = read_workbook(path, store.plan, origin_of(store))
    assert result.differences == []
    assert database_rows(plan_path) == before
    [problem] = result.errors
    assert (problem.sheet, problem.cell) == ("", "")
    with pytest.raises(WorkbookRefused):
        check_package(path)
    return problem.message


def test_the_exported_workbook_passes(section_workbook: Path) -> None:
    check_package(section_workbook)


def test_a_macro_workbook_by_its_name(store: PlanStore, plan_path: Path, section_workbook: Path,
                                      tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsm"
    shutil.copyfile(section_workbook, path)
    assert refused(store, plan_path, path) == (
        "「返送.xlsm」はマクロを含むことのある形式（.xlsm）のため取り込めません。"
        "Excel で「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")


def test_a_macro_inside_an_xlsx(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    path = repack(section_workbook, tmp_path / "返送.xlsx", extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert refused(store, plan_path, path) == (
        "「返送.xlsx」にはマクロが含まれているため取り込めません。"
        "マクロを含まない「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")


def test_a_macro_enabled_content_type(store: PlanStore, plan_path: Path, section_workbook: Path,
                                      tmp_path: Path) -> None:
    with zipfile.ZipFile(section_workbook) as z:
        types = z.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    path = repack(section_workbook, tmp_path / "返送.xlsx", replace={"[Content_Types].xml": types})
    assert refused(store, plan_path, path) == (
        "「返送.xlsx」はマクロ有効ブックのため取り込めません。「Excel ブック (*.xlsx)」として保存し直してから取り込んでください。")


def test_external_links(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            b"</externalLink>")
    path = repack(section_workbook, tmp_path / "返送.xlsx", extra={"xl/externalLinks/externalLink1.xml": link})
    assert refused(store, plan_path, path) == (
        "「返送.xlsx」には他のブックへのリンクがあるため取り込めません。"
        "Excel の「データ」→「リンクの編集」でリンクを解除し、保存し直してから取り込んでください。")


def test_a_zip_bomb(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsx"
    shutil.copyfile(section_workbook, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/media/padding.bin", "w", force_zip64=True) as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(LIMITS.uncompressed_bytes // len(chunk) + 1):
                f.write(chunk)
    assert path.stat().st_size < 1024 * 1024  # small on disk, huge when unpacked
    assert refused(store, plan_path, path) == "「返送.xlsx」は展開すると大きすぎるため取り込めません（65 MB、上限 64 MB）。"


def test_a_sheet_with_too_many_rows(store: PlanStore, plan_path: Path, section_workbook: Path,
                                    tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    wb["Ⅰ-４"].cell(LIMITS.rows + 1, 1).value = "x"
    path = tmp_path / "返送.xlsx"
    wb.save(path)
    assert refused(store, plan_path, path) == (
        "「返送.xlsx」は行が多すぎるため取り込めません（10,001 行目まで、上限 10,000 行）。不要な行を削除して保存し直してください。")


def test_a_sheet_with_too_many_cells(store: PlanStore, plan_path: Path, section_workbook: Path,
                                     tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(section_workbook)
    ws = wb.create_sheet("大量")
    for r in range(1, 2001):
        for c in range(1, 152):
            ws.cell(r, c).value = 1
    path = tmp_path / "返送.xlsx"
    wb.save(path)
    assert refused(store, plan_path, path) == "「返送.xlsx」はセルが多すぎるため取り込めません（上限 300,000 個）。"


def test_a_damaged_zip(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsx"
    data = section_workbook.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a download cut short
    assert refused(store, plan_path, path).startswith("「返送.xlsx」は壊れているため読めません（")


def test_a_corrupted_part(store: PlanStore, plan_path: Path, section_workbook: Path, tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsx"
    data = bytearray(section_workbook.read_bytes())
    with zipfile.ZipFile(section_workbook) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 40
    data[at : at + 16] = b"\xff" * 16  # bytes flipped inside the compressed sheet
    path.write_bytes(bytes(data))
    assert refused(store, plan_path, path).startswith("「返送.xlsx」は壊れているため読めません（")


def test_not_a_workbook(store: PlanStore, plan_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsx"
    path.write_text("事業名,金額\n防災訓練事業,725\n", encoding="utf-8")
    assert refused(store, plan_path, path) == f"「返送.xlsx」は Excel のブック（.xlsx）ではないか、壊れています。{SAVE_AS_XLSX}"


def test_an_old_or_locked_workbook(store: PlanStore, plan_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "返送.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert refused(store, plan_path, path) == (
        "「返送.xlsx」は Excel 97-2003 形式（.xls）か、パスワードで保護されたブックです。"
        f"パスワードを外してください。{SAVE_AS_XLSX}")


def test_a_missing_file(store: PlanStore, plan_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "ない.xlsx"
    assert refused(store, plan_path, path) == f"ファイル「{path}」が見つかりません。"
