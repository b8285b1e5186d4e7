"""asahi-desk --self-test: does this copy of the application work, every part of it?

In a temporary folder it makes a plan from the built-in data, checks it, renders
the packet, writes a workbook and reads it back, opens the window (offscreen when
there is no display), and tries the parts of Qt the window needs besides: its Japanese
texts, the photos' formats, QtPdf, and printing (to a PDF file). One line per step; the exit status is 0
only when every step did what it should. It is how a bundle is found complete.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Callable, TextIO

from .domain.model import Plan
from .version import version

EXIT_OK, EXIT_FAILED = 0, 1


class StepFailed(Exception):
    """A step ran but did not do what it should; the message says what was wrong."""


@dataclass
class Run:
    """What the steps share: the temporary folder, and the plan once it is made."""

    folder: Path
    plan: Plan | None = None
    lines: list[str] = field(default_factory=list)

    def need_plan(self) -> Plan:
        if self.plan is None:
            raise StepFailed("計画がないため行えません（「計画を作る」が失敗しました）。")
        return self.plan


def make_plan(run: Run) -> str:
    from .store import create_default, latest_version, open_store

    path = run.folder / "plan.sqlite"
    create_default(path).close()
    store = open_store(path, readonly=True)  # read back as a user's plan is opened
    try:
        plan, format_version = store.plan, store.file.format_version
    finally:
        store.close()
    if plan is None or plan.total_category is None:
        raise StepFailed("組み込みデータから計画ができませんでした。")
    if format_version != latest_version():
        raise StepFailed(f"ファイル形式が {format_version} です（{latest_version()} のはず）。")
    projects = sum(1 for _ in plan.projects())
    if not projects:
        raise StepFailed("計画に事業がありません。")
    run.plan = plan
    return f"{plan.year_label} {plan.ward}、事業 {projects} 件、{plan.total_category.label} {plan.total_category.current:,}千円"


def run_checks(run: Run) -> str:
    from .domain.checks import run_checks as check
    from .domain.findings import LEVEL_LABELS, count_by_level

    findings = check(run.need_plan())
    counts = count_by_level(findings)
    errors = [f for f in findings if f.level == "error"]
    if errors:  # the built-in plan has none
        raise StepFailed(f"組み込みデータにエラーが {len(errors)} 件あります：{errors[0].node} {errors[0].message}")
    return "、".join(f"{LEVEL_LABELS[k]} {v} 件" for k, v in counts.items())


def render_packet(run: Run) -> str:
    from pypdf import PdfReader

    from .render import FontError, LayoutError, render

    plan = run.need_plan()
    try:
        result = render(plan, "packet")
    except (FontError, LayoutError) as e:
        raise StepFailed(str(e)) from None
    reader = PdfReader(BytesIO(result.pdf))
    if len(reader.pages) != result.page_count or not result.page_count:
        raise StepFailed(f"PDF のページ数が合いません（{len(reader.pages)} / {result.page_count}）。")
    bare = sorted(name for name, embedded in _fonts(reader) if not embedded)
    if bare:
        raise StepFailed(f"埋め込まれていないフォントがあります：{'、'.join(bare)}")
    text = reader.pages[0].extract_text()
    if plan.ward not in text:
        raise StepFailed(f"1 ページ目に「{plan.ward}」の文字がありません。")
    (run.folder / "packet.pdf").write_bytes(result.pdf)
    return f"{result.page_count} ページ、{len(result.pdf) // 1024:,} KB"


def _fonts(reader: object) -> list[tuple[str, bool]]:
    """Each font of the PDF's pages, and whether its file is embedded."""
    out: list[tuple[str, bool]] = []
    for page in reader.pages:  # type: ignore[attr-defined]
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            face = descendants[0].get_object() if descendants else font
            descriptor = (face.get("/FontDescriptor") or {})
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font.get("/BaseFont")), embedded))
    return out


def exchange_workbook(run: Run) -> str:
    from .excel import ExportError, export_workbook, origin_of, read_workbook
    from .store import open_store

    plan = run.need_plan()
    path = run.folder / "plan.xlsx"
    store = open_store(run.folder / "plan.sqlite", readonly=True)
    try:
        origin = origin_of(store)
    finally:
        store.close()
    try:
        done = export_workbook(plan, path, origin)
    except ExportError as e:
        raise StepFailed(str(e)) from None
    result = read_workbook(path, plan, origin)
    if not result.ok:
        raise StepFailed("書き出したブックを取り込めません：" + result.describe())
    if result.differences:
        raise StepFailed("書き出したブックと計画に違いがあります：" + result.describe())
    return f"事業 {done.projects} 件を書き出し、違いなく読み戻しました"


def open_window(run: Run) -> str:
    run.need_plan()
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtCore import QSettings

    from .ui.app import Desk, application
    from .ui.settings import AppSettings

    app = application()
    settings = AppSettings(QSettings(str(run.folder / "settings.ini"), QSettings.Format.IniFormat))
    path = run.folder / "plan.sqlite"
    window = Desk(settings).open(path)
    window.show()
    deadline = time.perf_counter() + 10
    while not (window.windowHandle() and window.windowHandle().isExposed()) and time.perf_counter() < deadline:
        app.processEvents()
    shown = time.perf_counter() - started
    try:
        if not window.isVisible() or window.windowHandle() is None or not window.windowHandle().isExposed():
            raise StepFailed("ウィンドウが表示されませんでした。")
        if window.model.rowCount() == 0:
            raise StepFailed("ウィンドウの表に計画の行がありません。")
        total = window.doc.plan.total_category
        if total is None or f"{total.current:,}" not in window.total_label.text():
            raise StepFailed(f"ステータスバーの合計が計画と違います：{window.total_label.text()}")
    finally:
        window.close()
        app.processEvents()
    if path.with_name(path.name + ".lock").exists():
        raise StepFailed("ウィンドウを閉じても計画のロックが残っています。")
    return f"{app.platformName()}、表示まで {shown:.2f} 秒"


def qt_parts(run: Run) -> str:
    """What the window needs of Qt besides a platform: Japanese texts, the photos' formats, the PDF view, printing."""
    from pypdf import PdfReader
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QImageReader
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from .ui.app import application
    from .ui.printing import print_raster

    run.need_plan()
    application()
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "キャンセル":
        raise StepFailed("Qt の日本語の翻訳（qtbase_ja.qm）を読み込めません。")
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    unread = [f for f in ("jpeg", "png") if f not in formats]
    if unread:
        raise StepFailed(f"写真の形式（{'、'.join(unread)}）を Qt が読めません（imageformats がありません）。")
    sample = _sample_pdf(run.folder / "sample.pdf", pages=3)  # its own, so that it tries Qt and Qt only
    pdf = QPdfDocument()
    if pdf.load(str(sample)) != QPdfDocument.Error.None_ or pdf.pageCount() != 3:
        raise StepFailed(f"QtPdf が PDF を読めません（3 ページのうち {pdf.pageCount()} ページ）。")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # printed to a PDF file: no printer needed
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(run.folder / "printed.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 2)
    sent, pages = print_raster(pdf, printer), pdf.pageCount()  # the path that needs Qt's printing itself
    pdf.close()
    printed = len(PdfReader(run.folder / "printed.pdf").pages)
    if sent != 2 or printed != 2:
        raise StepFailed(f"2 ページを印刷して {printed} ページになりました。")
    return f"日本語の翻訳、写真（JPEG・PNG）、PDF 表示 {pages} ページ、印刷 {printed} ページ"


def _sample_pdf(path: Path, pages: int) -> Path:
    """A PDF of a few numbered A4 pages in ReportLab's standard font (no font file needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        canvas.drawString(72, 720, f"Asahi Desk self-test, page {n}")
        canvas.showPage()
    canvas.save()
    return path


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("計画を作る", make_plan),
    ("点検", run_checks),
    ("会議資料を描く", render_packet),
    ("ワークブックの書き出しと取り込み", exchange_workbook),
    ("ウィンドウを開いて閉じる", open_window),
    ("翻訳・写真・PDF表示・印刷", qt_parts),
]


def self_test(out: TextIO | None = None) -> int:
    """Run every step, print one line each, and return 0 only when all of them did what they should."""
    from .logs import log_unexpected

    out = out or sys.stdout
    frozen = "バンドル" if getattr(sys, "frozen", False) else "Python パッケージ"
    print(f"Asahi Desk {version()}（{frozen}）の自己診断", file=out, flush=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="asahi-desk-self-test-") as folder:
        run = Run(Path(folder))
        for name, step in STEPS:
            started = time.perf_counter()
            try:
                detail, ok = step(run), True
            except StepFailed as e:
                detail, ok = str(e), False
            except Exception as e:  # noqa: BLE001 - a broken bundle fails in ways nobody foresaw; say which step
                log_unexpected(f"self-test step {name}", e)
                detail, ok = f"{type(e).__name__}: {e}", False
            failed += not ok
            mark = "OK" if ok else "NG"
            print(f"[{mark}] {name}（{time.perf_counter() - started:.2f} 秒）：{detail}", file=out, flush=True)
    print("すべての項目が正常です。" if not failed else f"{failed} 項目が失敗しました。", file=out, flush=True)
    return EXIT_OK if not failed else EXIT_FAILED
