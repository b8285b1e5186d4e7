"""Printing: the route chosen for a printer, the print system's command line, the pages sent, the raster fallback."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from asahi_desk.render import render
from asahi_desk.ui import printing
from asahi_desk.ui.printing import RASTER, SPOOLER, TO_FILE, PrintJob, job_from, print_raster, route, spool_command

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

RENDER_TIMEOUT = 60_000
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def pdf_text(path: Path, first: int, last: int | None = None) -> str:
    last = last or first
    done = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def file_printer(path: Path, dpi: int = 1200) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """An `lp` first on PATH that keeps its arguments and the file it was handed, as the print system would."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "lp"
    script.write_text(f"""#!{sys.executable}
import shutil, sys, json
args = sys.argv[1:]
open({str(tmp_path / 'lp-args.json')!r}, 'w').write(json.dumps(args))
shutil.copy(args[-1], {str(tmp_path / 'spooled.pdf')!r})
if 'missing' in args:
    print('lp: The printer or class does not exist.', file=sys.stderr)
    sys.exit(1)
print('request id is office-42 (1 file(s))')
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return tmp_path


def test_the_route_follows_the_printer_and_the_platform(tmp_path, fake_lp, qapp):
    assert route(file_printer(tmp_path / "out.pdf"), "linux") == TO_FILE  # 「ファイルに出力」: the PDF itself
    assert route(file_printer(tmp_path / "out.pdf"), "win32") == TO_FILE
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert route(printer, "linux") == SPOOLER and route(printer, "darwin") == SPOOLER
    assert route(printer, "win32") == RASTER
    assert printing.spooler_tool("linux") == "lp" and printing.spooler_tool("win32") is None


def test_the_job_takes_the_page_range_and_copies_of_the_dialog(qapp):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert job_from(printer, 29, "会議資料").pages == (1, 29)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    printer.setCopyCount(3)
    job = job_from(printer, 29, "会議資料")
    assert (job.pages, job.copies, job.collate) == ((2, 4), 3, True)
    printer.setFromTo(27, 40)  # past the end: to the last page
    assert job_from(printer, 29, "会議資料").pages == (27, 29)


def test_the_print_systems_command_line():
    job = PrintJob(title="令和６年度 会議資料", pages=(2, 4), copies=3, collate=True, printer="事務室-複合機",
                   sides="two-sided-long-edge", monochrome=True)
    assert spool_command(job, Path("/tmp/x/print.pdf")) == [
        "lp", "-d", "事務室-複合機", "-n", "3", "-t", "令和６年度 会議資料", "-P", "2-4",
        "-o", "sides=two-sided-long-edge", "-o", "print-color-mode=monochrome", "-o", "collate=true",
        "--", "/tmp/x/print.pdf"]
    assert spool_command(job, Path("/tmp/x/print.pdf"), "lpr") == [
        "lpr", "-P", "事務室-複合機", "-#", "3", "-T", "令和６年度 会議資料", "-o", "page-ranges=2-4",
        "-o", "sides=two-sided-long-edge", "-o", "print-color-mode=monochrome", "-o", "collate=true",
        "--", "/tmp/x/print.pdf"]
    default = PrintJob(title="資料１", pages=(1, 25))
    assert spool_command(default, Path("p.pdf")) == ["lp", "-n", "1", "-t", "資料１", "-P", "1-25", "--", "p.pdf"]


@pytest.mark.skipif(not sys.platform.startswith("linux") and sys.platform != "darwin", reason="lp is for Linux/macOS")
@needs_pdftotext
def test_the_packet_is_handed_to_the_print_system_as_a_pdf(window, qtbot, fake_lp):
    import json

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # a printer of the system, not a file
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    printer.setCopyCount(2)
    window.print_part("packet", printer)
    qtbot.waitUntil(lambda: "印刷に送りました" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    assert "6ページ" in window.statusBar().currentMessage()  # 3 pages, 2 copies
    args = json.loads((fake_lp / "lp-args.json").read_text())
    assert args[:2] == ["-n", "2"] and args[args.index("-P") + 1] == "2-4"
    assert "collate=true" in args
    spooled = fake_lp / "spooled.pdf"
    pdf = QPdfDocument()
    pdf.load(str(spooled))
    assert pdf.pageCount() == 28  # the whole packet, the print system takes the range
    assert "総括表" in pdf_text(spooled, 2)  # text, not a picture of it
    assert not Path(args[-1]).exists()  # the copy handed over is gone


def test_a_refusal_of_the_print_system_is_shown(window, qtbot, fake_lp, monkeypatch):
    monkeypatch.setattr(QPrinter, "printerName", lambda _self: "missing")
    window.print_part("shiryo1", QPrinter(QPrinter.PrinterMode.HighResolution))
    qtbot.waitUntil(lambda: "印刷に送れませんでした" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    assert "The printer or class does not exist." in window.statusBar().currentMessage()


@needs_pdftotext
def test_printing_to_a_file_keeps_the_pages_as_vectors(window, qtbot, tmp_path):
    out = tmp_path / "印刷.pdf"
    printer = file_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    printer.setCopyCount(2)
    window.print_part("packet", printer)
    qtbot.waitUntil(lambda: "6ページを印刷に送りました" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == 6
    assert "総括表" in pdf_text(out, 1) and "総括表" in pdf_text(out, 4)  # collated: 2 3 4 2 3 4
    assert out.stat().st_size < 2_000_000  # pages of text, not of pictures


def test_the_raster_route_prints_the_range_at_the_printers_resolution_capped(plan, tmp_path, qapp):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    result = render(plan, part="packet")
    buffer = QBuffer()
    buffer.setData(QByteArray(result.pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    out = tmp_path / "raster.pdf"
    printer = file_printer(out, dpi=1200)
    assert printing.raster_dpi(printer) == 600
    printer.setResolution(120)
    assert printing.raster_dpi(printer) == 120
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(26, 28)
    seen = []
    sent = print_raster(pdf, printer, lambda done, total: seen.append((done, total)) or True)
    assert sent == 3 and seen == [(1, 3), (2, 3), (3, 3)]
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == 3
    sizes = [printed.pagePointSize(p) for p in range(3)]
    assert sizes[2].width() > sizes[2].height() and sizes[0].width() < sizes[0].height()  # the 概要版 lies landscape


def test_a_cancel_stops_the_raster_print_after_the_page_being_printed(plan, tmp_path, qapp):
    result = render(plan, part="shiryo1")
    source = tmp_path / "資料１.pdf"
    source.write_bytes(result.pdf)
    pdf = QPdfDocument()
    pdf.load(str(source))
    printer = file_printer(tmp_path / "cancelled.pdf", dpi=72)
    assert print_raster(pdf, printer, lambda done, _total: done < 2) == 2
