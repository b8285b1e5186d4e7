"""資料１ in the window: rendered away from the GUI thread, refreshed after edits, exported and printed."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.preview import default_renderer
from asahi_desk.ui.printing import on_paper, print_raster
from asahi_desk.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

RENDER_TIMEOUT = 60_000  # ms; a render of 資料１ takes about a second on a slow machine


def show_preview(window, qtbot):
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT):
        window.preview_dock.show()
        window.preview_dock.raise_()
    return window.preview


def page_text(preview, page):
    return preview.document.getAllText(page).text().replace("\r", "").replace("\n", "")


def test_preview_shows_shiryo1_and_refreshes_after_an_edit(window, qtbot):
    preview = show_preview(window, qtbot)
    assert preview.document.pageCount() == 25
    assert preview.status.text() == "資料１　25ページ"
    project = window.doc.plan.project("Ⅱ-1")
    page = preview.project_pages[project.id] - 1
    assert project.name in page_text(preview, page)

    first = window.renders.generation
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT):
        for name in ("地域の担い手を育てる事業", "地域の担い手を育てる講座", "区民が担う地域づくり講座"):
            window.model.setData(window.model.index_of(project), name)  # rapid edits
    assert window.renders.generation == first + 1  # …make one render
    page = preview.project_pages[project.id] - 1
    assert "区民が担う地域づくり講座" in page_text(preview, page)


def test_render_runs_off_the_gui_thread_on_its_own_copy_of_the_plan(settings, plan_path, qtbot):
    seen = []
    real = default_renderer()

    def renderer(plan, **options):
        seen.append((threading.current_thread(), plan))
        return real(plan, **options)

    window = Desk(AppSettings(settings), renderer=renderer).open(plan_path)
    qtbot.addWidget(window)
    window.show()
    show_preview(window, qtbot)
    thread, plan = seen[-1]
    assert thread is not threading.main_thread()
    assert plan is not window.doc.plan and plan.project("Ⅰ-1") is not window.doc.plan.project("Ⅰ-1")


def test_preview_opens_at_the_page_of_the_selected_project(window, qtbot):
    preview = show_preview(window, qtbot)
    project = window.doc.plan.project("Ⅲ-2")
    window.select_node(project.items[0] if project.items else project)
    assert preview.current_page() == preview.project_pages[project.id] - 1
    other = window.doc.plan.project("Ⅰ-1")
    window.select_node(other)
    assert preview.current_page() == preview.project_pages[other.id] - 1


def test_export_pdf_writes_the_current_plan(window, qtbot, tmp_path):
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "9,999")
    target = tmp_path / "資料１.pdf"
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT):
        window.export_pdf_to(target)
    qtbot.waitUntil(target.exists)
    pdf = QPdfDocument()
    pdf.load(str(target))
    assert pdf.pageCount() == 25
    text = "".join(pdf.getAllText(p).text() for p in range(pdf.pageCount()))
    assert "9,999" in text


def test_print_sends_the_chosen_page_range(window, qtbot, tmp_path):
    preview = show_preview(window, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    seen = []
    sent = print_raster(preview.document, printer, lambda done, total: seen.append((done, total)) or True)
    assert sent == 3 and seen[-1] == (3, 3)
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == 3


def test_a_font_that_is_gone_is_reported_in_the_preview(settings, plan_path, qtbot, tmp_path):
    app_settings = AppSettings(settings)
    app_settings.set_fonts(tmp_path / "消えたフォント.ttf", None)
    window = Desk(app_settings).open(plan_path)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.renders.failed, timeout=RENDER_TIMEOUT):
        window.preview_dock.show()
        window.preview_dock.raise_()
    assert window.preview.status.text().startswith("資料１を作れませんでした")


# The other parts of the packet ------------------------------------------------------------------


def show_part(window, qtbot, part):
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT, check_params_cb=lambda r: r.part == part):
        window.preview.part_combo.setCurrentIndex(window.preview.part_combo.findData(part))
    return window.preview


def test_the_preview_shows_the_part_chosen(window, qtbot):
    preview = show_preview(window, qtbot)
    combo = preview.part_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["資料１", "次第", "資料２", "会議資料一式"]
    show_part(window, qtbot, "agenda")
    assert preview.document.pageCount() == 1 and preview.status.text() == "次第　1ページ"
    assert "座長挨拶" in page_text(preview, 0)
    show_part(window, qtbot, "shiryo2")
    assert preview.document.pageCount() == 2 and "＜主な経緯＞" in page_text(preview, 0)
    show_part(window, qtbot, "packet")
    assert preview.document.pageCount() == 28 and preview.status.text() == "会議資料一式　28ページ"
    project = window.doc.plan.project("Ⅲ-2")
    window.select_node(project)  # the packet opens at the project's page too (資料１ starts on page 2)
    assert preview.current_page() == preview.project_pages[project.id] - 1
    assert project.name[:8] in page_text(preview, preview.current_page())
    # an edit of the 次第 shows in the packet
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT, check_params_cb=lambda r: r.part == "packet"):
        page = window.meeting.meeting_page
        page.edits["place"].setText("旭区役所本館１階区民ホール")
        page.edits["place"].editingFinished.emit()
    assert "旭区役所本館１階区民ホール" in page_text(preview, 0)


def printed_page(printed, page):
    """A printed page as it comes out of the printer: what was painted, on white paper."""
    return on_paper(printed.render(page, printed.pagePointSize(page).toSize()))


def ink(image):
    """(share of white pixels, share of dark pixels), every third pixel sampled."""
    white = dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            gray = QColor(image.pixel(x, y)).lightness()
            white += gray > 235
            dark += gray < 110
            total += 1
    return white / total, dark / total


def test_print_the_packet_to_a_pdf_file(window, qtbot, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "一式.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(72)
    window.print_part("packet", printer)  # what the print dialog does once the user chose the printer
    qtbot.waitUntil(lambda: "28ページを印刷に送りました" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == 28
    # white paper with dark text, not a black sheet: the 次第, a page of 資料１, the 概要版 of 資料２
    for page in (0, 1, 27):
        white, dark = ink(printed_page(printed, page))
        assert white > 0.75 and 0.002 < dark < 0.2, (page, white, dark)
    # the 概要版 (資料２ p.2, the packet's last page) is A4 landscape: it lies on a landscape sheet, full size
    sizes = [printed.pagePointSize(p) for p in range(28)]
    assert sizes[27].width() > sizes[27].height()
    assert all(size.width() < size.height() for size in sizes[:27])


def test_export_the_packet_and_one_pdf_per_handout(window, qtbot, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "会議資料一式.pdf"
    window.export_pdf_to(target, "packet")
    qtbot.waitUntil(lambda: "書き出しました（28ページ）" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    reader = PdfReader(target)
    assert len(reader.pages) == 28 and [m.title for m in reader.outline if not isinstance(m, list)][0] == "次第"

    folder = tmp_path / "配布用"
    window.export_handouts_to(folder)
    qtbot.waitUntil(lambda: "配布用" in window.statusBar().currentMessage(), timeout=RENDER_TIMEOUT)
    assert window.statusBar().currentMessage().endswith("次第.pdf（1ページ）、資料１.pdf（25ページ）、資料２.pdf（2ページ）")
    assert {p.name: len(PdfReader(p).pages) for p in folder.iterdir()} == {"次第.pdf": 1, "資料１.pdf": 25, "資料２.pdf": 2}


def reopen(settings, plan_path, qtbot):
    """The window as it comes back after a restart: the same settings (dock layout), the same file."""
    window = Desk(AppSettings(settings)).open(plan_path)
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize("front", ["preview", "detail"])
def test_after_a_restart_the_preview_is_built_at_the_selected_projects_page(settings, plan_path, qtbot, front):
    first = reopen(settings, plan_path, qtbot)
    first.show()
    qtbot.waitExposed(first)
    getattr(first, f"{front}_dock").raise_()
    qtbot.wait(50)
    first.close()

    window = reopen(settings, plan_path, qtbot)
    project = window.doc.plan.project("Ⅲ-2")
    window.select_node(project)
    with qtbot.waitSignal(window.renders.finished, timeout=RENDER_TIMEOUT):
        window.show()
        qtbot.waitExposed(window)
        if front == "detail":  # the clerk brings the preview's tab to the front; nothing else changes
            assert window.preview.document.pageCount() == 0
            window.preview_dock.raise_()
    preview = window.preview
    assert preview.document.pageCount() == 25
    qtbot.waitUntil(lambda: preview.current_page() == preview.project_pages[project.id] - 1)
    qtbot.wait(300)  # the docks settle: the page stays
    assert preview.current_page() == preview.project_pages[project.id] - 1
    assert project.name in page_text(preview, preview.current_page())
