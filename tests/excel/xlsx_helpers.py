"""Helpers for the tests of the Excel exchange: plan rows, workbook edits, LibreOffice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Callable

import openpyxl


def edit(src: Path, dst: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """Open a workbook, change it as a user would, save it under another name."""
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def row_of(wb: openpyxl.Workbook, name: str) -> int:
    """The row a defined name (AD_I12 …) marks."""
    text = wb.defined_names[name].attr_text
    return int(text.rsplit("$", 1)[1])


def delete_row(wb: openpyxl.Workbook, sheet: str, row: int) -> None:
    """Delete a row as Excel does: the names below move up, the name of the row itself becomes #REF!.

    (openpyxl's delete_rows moves the cells only; LibreOffice itself is used where soffice is present.)
    """
    wb[sheet].delete_rows(row)
    for defined in wb.defined_names.values():
        head, _, cell = defined.attr_text.rpartition("!")
        if head.strip("'") != sheet or "$" not in cell:
            continue
        col, at = cell.rsplit("$", 1)
        if int(at) == row:
            defined.attr_text = f"{head}!#REF!"
        elif int(at) > row:
            defined.attr_text = f"{head}!{col}${int(at) - 1}"


class LibreOffice:
    """soffice with a private profile, so that parallel runs do not clash."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.exe = shutil.which("soffice") or shutil.which("libreoffice")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.exe is not None
        command = [self.exe, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", *args]
        # its own process group, so that a hung soffice.bin is ended with the wrapper that started it
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        return subprocess.CompletedProcess(command, proc.returncode, out, err)

    def convert(self, src: Path, outdir: Path, fmt: str = "xlsx") -> Path:
        outdir.mkdir(parents=True, exist_ok=True)
        done = self.run("--convert-to", fmt, "--outdir", str(outdir), str(src))
        out = outdir / f"{src.stem}.{fmt}"
        assert out.exists(), done.stdout + done.stderr
        return out

    def edit_rows(self, src: Path, dst: Path, sheet: str, *, delete_row: int, insert_row: int,
                  name: str, amount: int, change_row: int, new_amount: int) -> Path:
        """Edit a workbook in Calc itself: delete a row, insert a row with a new item, change an amount.

        Rows are 1-based as in the workbook; the macro runs from the private profile's Standard library.
        """
        module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        assert module.exists(), "the profile is made by a first run of soffice"
        module.write_text(_MACRO, encoding="utf-8")
        # one text argument: the macro URL does not pass a text that follows a number
        spec = "|".join(str(x) for x in (sheet, name, delete_row - 1, insert_row - 1, change_row - 1, new_amount, amount))
        call = f'macro:///Standard.Module1.EditRows("{src}","{dst}","{spec}")'
        done = self.run(call)
        assert dst.exists(), done.stdout + done.stderr
        return dst


    def calc(self, src: Path, dst: Path, *steps: str) -> Path:
        """Edit a workbook in Calc as a section does, step by step, then save it as .xlsx (rows 1-based).

        Steps: "set|sheet|row|col|text" (typed as in a cell: a number becomes a number),
        "delete|sheet|row", "insert|sheet|row" (a new row at `row`), "sort|sheet|first|last|col" (the rows
        first..last of columns A.., by column `col`, largest first), "recalc".
        """
        module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.exists():
            self.convert(src, dst.parent / "warm-up")  # the first run makes the profile the macro lives in
        module.write_text(_CALC_MACRO, encoding="utf-8")
        spec = ";".join(steps)
        done = self.run(f'macro:///Standard.Module1.Calc("{src}","{dst}","{spec}")')
        assert dst.exists(), done.stdout + done.stderr
        return dst



_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub EditRows(src As String, dst As String, spec As String)
  p = Split(spec, "|") &apos; sheet|item name|row to delete|row to insert|row to change|its amount|new item's amount
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
  sh = doc.Sheets.getByName(p(0))
  sh.unprotect("") &apos; the API ignores the sheet's allowances (insert and delete rows); Calc's menus keep them
  sh.getCellByPosition(3, CLng(p(4))).setValue(CLng(p(5)))
  sh.Rows.removeByIndex(CLng(p(2)), 1)
  sh.Rows.insertByIndex(CLng(p(3)), 1)
  sh.getCellByPosition(2, CLng(p(3))).setString(p(1))
  sh.getCellByPosition(3, CLng(p(3))).setValue(CLng(p(6)))
  Dim fargs(0) As New com.sun.star.beans.PropertyValue
  fargs(0).Name = "FilterName" : fargs(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL(dst), fargs())
  doc.close(True)
End Sub
</script:module>
"""


_CALC_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Calc(src As String, dst As String, spec As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
  steps = Split(spec, ";")
  For Each sheet In doc.Sheets
    sheet.unprotect("") &apos; the API ignores the allowances (insert, delete, sort rows) that Calc's menus keep
  Next sheet
  For i = 0 To UBound(steps)
    p = Split(steps(i), "|")
    If p(0) = "recalc" Then
      doc.calculateAll()
    Else
      sh = doc.Sheets.getByName(p(1))
      If p(0) = "set" Then
        sh.getCellByPosition(CLng(p(3)) - 1, CLng(p(2)) - 1).setFormula(p(4))
      ElseIf p(0) = "delete" Then
        sh.Rows.removeByIndex(CLng(p(2)) - 1, 1)
      ElseIf p(0) = "insert" Then
        sh.Rows.insertByIndex(CLng(p(2)) - 1, 1)
      ElseIf p(0) = "sort" Then
        rng = sh.getCellRangeByPosition(0, CLng(p(2)) - 1, 7, CLng(p(3)) - 1)
        Dim fields(0) As New com.sun.star.table.TableSortField
        fields(0).Field = CLng(p(4)) - 1
        fields(0).IsAscending = False
        Dim desc(0) As New com.sun.star.beans.PropertyValue
        desc(0).Name = "SortFields" : desc(0).Value = fields()
        rng.sort(desc())
      End If
    End If
  Next i
  doc.calculateAll()
  Dim fargs(0) As New com.sun.star.beans.PropertyValue
  fargs(0).Name = "FilterName" : fargs(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL(dst), fargs())
  doc.close(True)
End Sub
</script:module>
"""
