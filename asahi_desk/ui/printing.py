"""Printing the rendered PDF the way the platform prints best.

- To a PDF file (the print dialog's 「ファイルに出力」): the chosen pages of the PDF itself, copied as they
  are — text and rules stay vectors.
- On Linux and macOS: the PDF with its page range, copies, collation, sides and colour handed to the print
  system (CUPS `lp`, or `lpr`), which prints PDF natively at the printer's own resolution.
- Elsewhere (Windows): each page rasterised at the printer's resolution, at most 600 dpi, one page at a
  time and in bands, so memory stays bounded however long the packet is.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 600  # a page rasterised for a printer never at more than this
BAND_BYTES = 24 * 1024 * 1024  # a page is rasterised in horizontal bands of about this size
SPOOL_TIMEOUT_S = 120

TO_FILE, SPOOLER, RASTER = "file", "spooler", "raster"

Progress = Callable[[int, int], bool]  # (done, total) -> go on?


class PrintError(OSError):
    """Printing failed; the message is for the user."""


@dataclass(frozen=True)
class PrintJob:
    """What the print dialog chose, in the terms of a print system."""

    title: str
    pages: tuple[int, int]  # first and last page to print, 1-based, inclusive
    copies: int = 1
    collate: bool = True
    printer: str = ""  # the print system's name of the printer; "" for its default
    sides: str = ""  # "", "one-sided", "two-sided-long-edge" or "two-sided-short-edge"
    monochrome: bool = False

    @property
    def page_count(self) -> int:
        return self.pages[1] - self.pages[0] + 1


def job_from(printer: QPrinter, page_count: int, title: str) -> PrintJob:
    """The print job a set-up printer describes (the page range within 1…page_count)."""
    first, last = 1, page_count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = min(printer.fromPage(), page_count)
        last = min(max(printer.toPage(), first), page_count) if printer.toPage() > 0 else page_count
    sides = {
        QPrinter.DuplexMode.DuplexNone: "one-sided",
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
    }.get(printer.duplex(), "")
    return PrintJob(title=title, pages=(first, last), copies=max(1, printer.copyCount()), collate=printer.collateCopies(),
                    printer=printer.printerName(), sides=sides,
                    monochrome=printer.colorMode() == QPrinter.ColorMode.GrayScale)


def spooler_tool(platform: str = sys.platform) -> str | None:
    """The print system's command on Linux and macOS (lp, else lpr); None where pages are rasterised."""
    if not (platform.startswith("linux") or platform == "darwin"):
        return None
    for tool in ("lp", "lpr"):
        if shutil.which(tool):
            return tool
    return None


def route(printer: QPrinter, platform: str = sys.platform) -> str:
    """How a set-up printer is printed to: TO_FILE, SPOOLER or RASTER."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return TO_FILE
    return SPOOLER if spooler_tool(platform) else RASTER


def spool_command(job: PrintJob, pdf: Path, tool: str = "lp") -> list[str]:
    """The command line that hands `pdf` to the print system with the job's settings."""
    options = [f"sides={job.sides}"] if job.sides else []
    if job.monochrome:
        options.append("print-color-mode=monochrome")
    ranges = f"{job.pages[0]}-{job.pages[1]}"
    if tool == "lpr":
        command = ["lpr"] + (["-P", job.printer] if job.printer else []) + ["-#", str(job.copies), "-T", job.title,
                                                                          "-o", f"page-ranges={ranges}"]
        if job.copies > 1 and job.collate:
            options.append("collate=true")
    else:
        command = ["lp"] + (["-d", job.printer] if job.printer else []) + ["-n", str(job.copies), "-t", job.title,
                                                                         "-P", ranges]
        if job.copies > 1:
            options.append(f"collate={'true' if job.collate else 'false'}")
    for option in options:
        command += ["-o", option]
    return command + ["--", str(pdf)]


def spool(pdf: bytes, job: PrintJob, tool: str) -> int:
    """Hand the PDF to the print system; the number of sheets' pages sent (pages × copies)."""
    with tempfile.TemporaryDirectory(prefix="asahi-print-") as folder:
        path = Path(folder) / "print.pdf"
        path.write_bytes(pdf)
        try:
            done = subprocess.run(spool_command(job, path, tool), capture_output=True, text=True,
                                  timeout=SPOOL_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise PrintError(f"印刷に送れませんでした（{tool}：{e}）。") from e
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip() or f"終了コード {done.returncode}"
        raise PrintError(f"印刷に送れませんでした（{tool}：{reason}）。プリンターの名前と接続を確かめてください。")
    return job.page_count * job.copies


def write_pages(pdf: bytes, job: PrintJob, target: Path) -> int:
    """The job's pages (copies included) of the PDF as they are, into a PDF file; the number of pages written."""
    from pypdf import PdfReader, PdfWriter

    from ..files import disk_error_message, write_bytes

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    pages = list(range(job.pages[0] - 1, job.pages[1]))
    sequence = [p for _ in range(job.copies) for p in pages] if job.collate else \
        [p for p in pages for _ in range(job.copies)]
    for page in sequence:
        writer.add_page(reader.pages[page])
    out = io.BytesIO()
    writer.write(out)
    try:
        write_bytes(target, out.getvalue())
    except OSError as e:
        raise PrintError(disk_error_message(e, f"「{target.name}」")) from e
    return len(sequence)


def raster_dpi(printer: QPrinter) -> int:
    return max(72, min(printer.resolution(), MAX_DPI))


def print_raster(pdf: QPdfDocument, printer: QPrinter, progress: Progress | None = None,
                 job: PrintJob | None = None) -> int:
    """Print the job's pages rasterised at the printer's resolution (600 dpi at most), one page at a time.

    Each page is drawn in bands of BAND_BYTES, so a page never holds more than one band in memory.
    Returns the number of pages sent; `progress(done, total)` may return False to stop.
    """
    job = job or job_from(printer, pdf.pageCount(), "")
    pages = list(range(job.pages[0] - 1, job.pages[1]))
    copies = 1 if printer.supportsMultipleCopies() else job.copies
    sequence = [p for _ in range(copies) for p in pages]
    if not sequence:
        return 0
    dpi = raster_dpi(printer)
    printer.setPageOrientation(page_orientation(pdf, sequence[0]))  # the first sheet is set before begin()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("プリンターを使えません。")
    sent = 0
    try:
        for n, page in enumerate(sequence):
            if n:
                printer.setPageOrientation(page_orientation(pdf, page))  # takes effect on the next sheet
                printer.newPage()
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            draw_page(painter, pdf, page, dpi, QRect(0, 0, target.width(), target.height()))
            sent += 1
            if progress is not None and not progress(sent, len(sequence)):
                break
    finally:
        painter.end()
    return sent


def draw_page(painter: QPainter, pdf: QPdfDocument, page: int, dpi: int, target: QRect) -> None:
    """One page rendered at `dpi`, fitted into `target` (device pixels), band by band, on white."""
    size = (pdf.pagePointSize(page) * dpi / 72).toSize()
    scale = min(target.width() / size.width(), target.height() / size.height())
    band = max(16, BAND_BYTES // (4 * size.width()))
    for top in range(0, size.height(), band):
        height = min(band, size.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(size)
        options.setScaledClipRect(QRect(0, top, size.width(), height))
        image = on_paper(pdf.render(page, QSize(size.width(), height), options))
        y0, y1 = round(top * scale), round((top + height) * scale)  # adjacent bands meet on whole pixels
        painter.drawImage(QRect(target.left(), target.top() + y0, round(size.width() * scale), y1 - y0), image)


def page_orientation(pdf: QPdfDocument, page: int) -> QPageLayout.Orientation:
    """Landscape for a page wider than high (the 概要版 of 資料２), so that it fills its sheet."""
    size = pdf.pagePointSize(page)
    return QPageLayout.Orientation.Landscape if size.width() > size.height() else QPageLayout.Orientation.Portrait


def on_paper(image: QImage) -> QImage:
    """A rendered page on white: QPdfDocument leaves the background transparent, which prints black."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper
