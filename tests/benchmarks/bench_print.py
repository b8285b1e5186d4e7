"""How long printing the 28-page packet to a file printer takes, and the peak memory of the process.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_print.py

Each way of printing runs in a process of its own (peak memory is the process's maximum resident size):

- vector: what Linux and macOS do — the window renders the packet and prints the chosen pages of the PDF as
  they are (to a file printer; to a printer, the same PDF goes to the print system), text stays text;
- raster at 300 and 600 dpi: what other platforms do — each page rasterised at the printer's resolution
  (capped at 600 dpi), one page at a time, in bands.

Targets: under 10 s and under 350 MiB peak, text sharp at 100 % zoom.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ("vector", "raster-300", "raster-600")


def peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def child(mode: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from asahi_desk.store import create_default
    from asahi_desk.ui.app import Desk
    from asahi_desk.ui.printing import print_raster
    from asahi_desk.ui.settings import AppSettings
    from PySide6.QtCore import QSettings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        create_default(folder / "plan.sqlite").close()
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = Desk(AppSettings(settings)).open(folder / "plan.sqlite")
        window.show()
        app.processEvents()
        before = peak_mib()
        out = folder / "printed.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dpi = 1200 if mode == "vector" else int(mode.split("-")[1])
        printer.setResolution(dpi)
        started = time.perf_counter()
        if mode == "vector":
            window.print_part("packet", printer)
        else:
            def raster(rendered) -> None:
                pdf = QPdfDocument()
                source = folder / "packet.pdf"
                source.write_bytes(rendered.pdf)
                pdf.load(str(source))
                sent = print_raster(pdf, printer)
                window.statusBar().showMessage(f"{sent}ページを印刷に送りました。")

            window.rendered_now(raster, "印刷", "packet")
        while "印刷に送りました" not in window.statusBar().currentMessage():
            app.processEvents()
            time.sleep(0.01)
            if time.perf_counter() - started > 300:
                raise SystemExit("no print after 300 s")
        elapsed = time.perf_counter() - started
        size = out.stat().st_size / 1024 / 1024
        pages = QPdfDocument()
        pages.load(str(out))
        print(f"{mode:<11} {pages.pageCount()} pages  dpi {dpi if mode != 'vector' else '(vectors)':<9}"
              f" {elapsed:6.2f} s  peak {peak_mib():6.0f} MiB (window before printing {before:4.0f} MiB)"
              f"  file {size:6.1f} MB")
        window.close()


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    print(__doc__.splitlines()[0])
    print("target: under 10 s and under 350 MiB peak")
    for mode in (sys.argv[1:] or MODES):
        subprocess.run([sys.executable, __file__, "--child", mode], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
