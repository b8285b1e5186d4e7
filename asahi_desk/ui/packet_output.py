"""The packet leaving the window: 資料１ or the whole packet to a PDF file, to one PDF per handout, to the printer.

A part of the main window (MainWindow inherits it): it uses the window's renders, tasks, settings,
document and status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from ..store import PlanFileError
from .forms import plain_label
from .output_check import output_allowed
from . import printing
from .preview import SHIRYO1, Rendered, render_options
from .tasks import on_file

PACKET = "packet"


class PacketOutput:  # mixed into MainWindow, whose attributes it uses
    """PDF files and printing of the packet's parts, for the main window."""

    def rendered_now(self, then: Callable[[Rendered], None], title: str, part: str = SHIRYO1) -> None:
        """Wait for a render of the current plan (with a progress dialog), then go on with it."""
        label = self.renders.labels[part]
        progress = QProgressDialog(self)
        progress.setLabel(plain_label(f"{title}：{label}を作っています…"))  # a report's label is user text
        progress.setCancelButtonText("中止")
        progress.setRange(0, 0)
        progress.setWindowTitle("Asahi Desk")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        wanted = self.renders.generation + 1  # the next render starts after every change made so far

        def finished(rendered: Rendered) -> None:
            if rendered.generation < wanted or rendered.part != part:
                return
            disconnect()
            progress.close()
            then(rendered)

        def failed(failed_part: str, message: str) -> None:
            if failed_part != part:
                return
            disconnect()
            progress.close()
            self.show_message(message)

        def disconnect() -> None:
            if connected:
                connected.clear()
                self.renders.finished.disconnect(finished)
                self.renders.failed.disconnect(failed)

        connected = [True]  # closing the progress dialog reports a cancel too
        self.renders.finished.connect(finished)
        self.renders.failed.connect(failed)
        progress.canceled.connect(disconnect)
        if self.preview.part == part:
            self.preview.timer.stop()
        self.renders.request(part)

    def export_pdf(self) -> None:
        self._export_part(SHIRYO1)

    def export_packet(self) -> None:
        self._export_part(PACKET)

    def _export_part(self, part: str) -> None:
        if not output_allowed(self, "書き出す"):
            return
        label = self.renders.labels[part]
        suggestion = str(self.doc.path.with_name(f"{self.doc.plan.year_label}_{label}.pdf"))
        name, _ = QFileDialog.getSaveFileName(self, f"{label}を PDF に書き出す", suggestion, "PDF (*.pdf)")
        if name:
            self.export_pdf_to(Path(name), part)

    def export_pdf_to(self, path: Path, part: str = SHIRYO1) -> None:
        def write(rendered: Rendered) -> None:
            from ..files import disk_error_message, write_bytes

            try:
                write_bytes(path, rendered.pdf)
            except OSError as e:
                self.show_message(disk_error_message(e, f"PDF「{path.name}」")
                                  + (f"元の「{path.name}」はそのままです。" if path.exists() else ""))
                return
            self.statusBar().showMessage(f"「{path.name}」に書き出しました（{rendered.page_count}ページ）。", 10000)
            self.keep_version(self.renders.labels[rendered.part])

        self.rendered_now(write, "PDF に書き出し", part)

    def export_handouts(self) -> None:
        if not output_allowed(self, "書き出す"):
            return
        folder = QFileDialog.getExistingDirectory(self, "資料ごとの PDF を書き出すフォルダー", self._folder())
        if folder:
            self.export_handouts_to(Path(folder))

    def export_handouts_to(self, folder: Path) -> None:
        """次第.pdf, 資料１.pdf, 資料２.pdf … into a folder (for mailing), rendered in a pool thread."""
        from ..render import FontError, LayoutError, OutputError, render_handouts, save_handouts

        options = render_options(self.settings.mincho, self.settings.gothic)

        def work(plan: Any) -> list[tuple[Path, int]]:
            handouts = render_handouts(plan, options)
            return list(zip(save_handouts(handouts, folder), (h.page_count for h in handouts.values())))

        def done(written: list[tuple[Path, int]]) -> None:
            files = "、".join(f"{path.name}（{pages}ページ）" for path, pages in written)
            self.statusBar().showMessage(f"フォルダー「{folder.name}」に書き出しました：{files}", 15000)
            self.keep_version("資料ごとの PDF")

        self.tasks.run("資料ごとの PDF を作っています…", on_file(self.doc.path, work), done,
                      what="資料ごとの PDF の書き出し", expected=(OutputError, FontError, LayoutError))

    def print_plan(self) -> None:
        if output_allowed(self, "印刷する"):
            self.print_part(SHIRYO1)

    def print_packet(self) -> None:
        if output_allowed(self, "印刷する"):
            self.print_part(PACKET)

    def print_part(self, part: str, printer: QPrinter | None = None) -> None:
        """Print a part of the packet: through Qt's print dialog, or to `printer` as it is set up."""
        self.rendered_now(lambda rendered: self._print_rendered(rendered, printer), "印刷", part)

    def _print_rendered(self, rendered: Rendered, printer: QPrinter | None = None) -> None:
        label = self.renders.labels[rendered.part]
        title = f"{self.doc.plan.meeting.title}　{label}" if rendered.part != SHIRYO1 else self.doc.plan.title
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(title)
            printer.setFromTo(1, rendered.page_count)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(f"{label}を印刷")
            dialog.setMinMax(1, rendered.page_count)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return
        job = printing.job_from(printer, rendered.page_count, printer.docName() or title)
        how = printing.route(printer)
        try:
            if how == printing.TO_FILE:
                sent = printing.write_pages(rendered.pdf, job, Path(printer.outputFileName()))
            elif how == printing.SPOOLER:
                tool = printing.spooler_tool()
                assert tool is not None
                sent = printing.spool(rendered.pdf, job, tool)
            else:
                sent = self._print_raster(rendered, printer, job, label)
        except printing.PrintError as e:
            self.show_message(str(e))
            return
        self.statusBar().showMessage(f"{label}の{sent}ページを印刷に送りました。", 10000)
        self.keep_version(f"{label}（印刷）")

    def _print_raster(self, rendered: Rendered, printer: QPrinter, job: printing.PrintJob, label: str) -> int:
        """Where the platform has no print system that takes a PDF: page by page, with a progress dialog."""
        pdf = QPdfDocument(self)
        device = QBuffer(pdf)
        device.setData(QByteArray(rendered.pdf))
        device.open(QIODevice.OpenModeFlag.ReadOnly)
        pdf.load(device)
        progress = QProgressDialog(self)
        progress.setLabel(plain_label(f"{label}を印刷しています（{printing.raster_dpi(printer)} dpi）…"))
        progress.setCancelButtonText("中止")
        progress.setRange(0, job.page_count)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            return printing.print_raster(pdf, printer, step, job)
        finally:
            progress.close()
            pdf.close()
            pdf.deleteLater()

    def keep_version(self, what: str) -> None:
        """After a PDF, a print or a workbook left the window: keep the plan as it was (versions)."""
        try:
            self.doc.record_version(what)
        except PlanFileError as e:
            self.show_message(f"版を残せませんでした：{e}")
