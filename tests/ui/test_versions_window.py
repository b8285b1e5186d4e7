"""Versions in the window: every PDF, print and workbook that leaves it keeps one."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter

from asahi_desk.store import PlanStore
from asahi_desk.store import versions
from asahi_desk.ui.app import Desk
from asahi_desk.ui.plan_model import PlanTreeModel as M
from asahi_desk.ui.settings import AppSettings
from tests.helpers import plan_outline

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAIT = 60_000  # ms: a render or a workbook takes a second or two on a slow machine


@pytest.fixture
def window(settings, plan_path, qtbot):
    w = Desk(AppSettings(settings)).open(plan_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def kept(plan_path) -> list[versions.Version]:
    store = PlanStore.open(plan_path, readonly=True)
    try:
        return versions.list_versions(store.file)
    finally:
        store.close()


def test_pdf_print_and_workbook_from_the_window_keep_a_version_each(window, qtbot, tmp_path, plan_path):
    item = window.doc.plan.item("Ⅰ-1-1")
    window.model.setData(window.model.index_of(item, M.COL_CURRENT), "9,999")
    with qtbot.waitSignal(window.doc.versions_changed, timeout=WAIT):
        window.export_pdf_to(tmp_path / "資料１.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    with qtbot.waitSignal(window.doc.versions_changed, timeout=WAIT):
        window.print_part("shiryo1", printer)
    with qtbot.waitSignal(window.doc.versions_changed, timeout=WAIT):
        window.exchange.export_to(tmp_path / "w.xlsx", "生活衛生課")
    listed = kept(plan_path)
    assert [v.what for v in listed] == ["生活衛生課のブック", "資料１（印刷）", "資料１"]
    store = PlanStore.open(plan_path, readonly=True)
    try:
        printed = versions.plan_of(store.file, listed[-1].id)
        assert printed.item("Ⅰ-1-1").amount == 9999
        assert plan_outline(printed) == plan_outline(window.doc.plan)
    finally:
        store.close()
