"""The parts of the packet rendered away from the GUI thread and shown with QtPdf (printing: printing.py).

A render never reads the plan objects the window edits. Every change is
committed to the plan file at once, so the worker opens the file on its own
read-only SQLite connection and loads its own copy of the plan as last
committed (each change is in the file itself once committed), the
window goes on editing meanwhile, and nothing is shared between the threads
but the file name and the PDF bytes that come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, QRunnable, QThreadPool, QTimer, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from ..domain.meeting import PLAN_HANDOUT
from ..store import PlanFileError, PlanStore
from .forms import plain_label

Renderer = Callable[..., Any]  # render(plan, part=..., options=...) -> RenderResult
SHIRYO1 = "shiryo1"


@dataclass
class Rendered:
    """What a render brought back to the GUI thread."""

    generation: int
    pdf: bytes
    page_count: int
    project_pages: dict[int, int] = field(default_factory=dict)
    part: str = SHIRYO1  # render's part: agenda, shiryo1, shiryo2 or packet


def default_renderer() -> Renderer:
    from ..render import render  # ReportLab loads in the worker, not while the window starts

    return render


def render_options(mincho: Path | None, gothic: Path | None) -> Any:
    from ..render import RenderOptions

    return RenderOptions(mincho=mincho, gothic=gothic)


class _JobSignals(QObject):
    finished = Signal(object)  # Rendered
    failed = Signal(str, str)  # part, message for the user


class RenderJob(QRunnable):
    """Load the committed plan from the file and render one part, in a pool thread."""

    def __init__(self, path: Path, generation: int, renderer: Renderer | None, fonts: tuple[Path | None, Path | None],
                 part: str = SHIRYO1, label: str = PLAN_HANDOUT) -> None:
        super().__init__()
        self.path, self.generation, self.renderer, self.fonts = path, generation, renderer, fonts
        self.part, self.label = part, label
        self.signals = _JobSignals()
        self.setAutoDelete(False)  # the pane keeps it until its signal has arrived

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError:
            pass  # the window closed while the render ran: nobody is waiting for it

    def _run(self) -> None:
        try:
            renderer = self.renderer or default_renderer()
            store = PlanStore.open(self.path, readonly=True)
            try:
                assert store.plan is not None
                result = renderer(store.plan, part=self.part, options=render_options(*self.fonts))
            finally:
                store.close()
            rendered = Rendered(self.generation, bytes(result.pdf), int(result.page_count),
                                dict(result.project_pages), self.part)
        except PlanFileError as e:
            self.signals.failed.emit(self.part, str(e))
            return
        except Exception as e:  # noqa: BLE001 - any failure of a render is shown, the window goes on
            self.signals.failed.emit(self.part, f"{self.label}を作れませんでした：{e}")
            return
        self.signals.finished.emit(rendered)


class Renders(QObject):
    """Starts renders of one plan file, one at a time, coalescing the requests made meanwhile (per part)."""

    finished = Signal(object)  # Rendered, only the newest of its part
    failed = Signal(str, str)  # part, message
    started = Signal(str)  # part

    def __init__(self, path: Path, renderer: Renderer | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.renderer = renderer
        self.fonts: tuple[Path | None, Path | None] = (None, None)
        self.labels: dict[str, str] = {SHIRYO1: PLAN_HANDOUT}  # what the messages call each part
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.generation = 0
        self.running: RenderJob | None = None
        self.pending: dict[str, None] = {}  # parts to render next, in the order asked

    def request(self, part: str = SHIRYO1) -> None:
        """Render a part of the plan as committed now; one more render however many requests come meanwhile."""
        self.pending[part] = None
        if self.running is None:
            self._start()

    def _start(self) -> None:
        part = next(iter(self.pending))
        del self.pending[part]
        self.generation += 1
        job = RenderJob(self.path, self.generation, self.renderer, self.fonts, part, self.labels.get(part, part))
        job.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.running = job
        self.started.emit(part)
        self.pool.start(job)

    def _superseded(self, part: str) -> bool:
        """A newer render of the same part is on its way."""
        return part in self.pending or (self.running is not None and self.running.part == part)

    def _done(self) -> None:
        self.running = None
        if self.pending:
            self._start()

    def _finished(self, rendered: Rendered) -> None:
        self._done()
        if not self._superseded(rendered.part):
            self.finished.emit(rendered)

    def _failed(self, part: str, message: str) -> None:
        self._done()
        if not self._superseded(part):
            self.failed.emit(part, message)

    def wait(self) -> None:
        self.pool.waitForDone()


class PreviewPane(QWidget):
    """A part of the packet (資料１, 次第, 資料２ or all of it) as it will print, refreshed after the last edit."""

    DELAY_MS = 700  # rapid edits make one render

    def __init__(self, renders: Renders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renders = renders
        self.part = SHIRYO1
        self.document = QPdfDocument(self)
        self.buffer: QBuffer | None = None
        self.project_pages: dict[int, int] = {}
        self.wanted_project: int | None = None
        self.stale = True  # nothing rendered yet, or edits made while hidden
        self.reset_page = False  # another part was chosen: show its first page
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.part_combo = QComboBox()
        self.part_combo.setObjectName("previewPart")
        self.part_combo.setToolTip("プレビューする資料")
        for part, label in renders.labels.items():
            self.part_combo.addItem(label, part)
        self.part_combo.currentIndexChanged.connect(lambda _i: self.show_part(self.part_combo.currentData()))
        self.status = plain_label(f"{self.label}のプレビュー")  # a report's label and messages are user text
        self.page_label = plain_label()
        prev_button, next_button = QToolButton(text="◀"), QToolButton(text="▶")
        prev_button.setToolTip("前のページ")
        next_button.setToolTip("次のページ")
        prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        bar = QHBoxLayout()
        bar.addWidget(self.part_combo)
        bar.addWidget(self.status, 1)
        bar.addWidget(prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.timer = QTimer(self, singleShot=True, interval=self.DELAY_MS)
        self.timer.timeout.connect(lambda: self.renders.request(self.part))
        # a slot of this widget, so that Qt drops the connection when the widget goes
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_label)
        self.view.viewport().installEventFilter(self)
        renders.finished.connect(self._show)
        renders.failed.connect(self._failed)
        renders.started.connect(self._started)

    @property
    def label(self) -> str:
        return self.renders.labels.get(self.part, self.part)

    def show_part(self, part: str) -> None:
        """Preview another part: 資料１ (shiryo1), 次第 (agenda), 資料２ (shiryo2) or the packet."""
        if part == self.part:
            return
        self.part = part
        self.part_combo.setCurrentIndex(self.part_combo.findData(part))
        self.project_pages = {}
        self.reset_page = True
        self.document.close()
        self.status.setStyleSheet("")
        self.status.setText(f"{self.label}を作っています…")
        self._show_page_label()
        if self.isVisible():
            self.refresh_now()
        else:
            self.stale = True

    def schedule(self) -> None:
        """Render again a moment after the last call; while hidden, only once it is shown."""
        if self.isVisible():
            self.timer.start()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._shown)  # a dock behind another tab is shown for a moment at start

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # fitted to the width, every page moves when the view narrows (a scroll bar appears, a dock
            # settles after a restart): keep the page shown at the top
            QTimer.singleShot(0, self, lambda: self.go_to_page(self.current_page()))
        return super().eventFilter(watched, event)

    def follow_visibility(self, visible: bool) -> None:
        """The dock's tab was brought to the front (or went behind): a tabbed dock gets no show event then."""
        if visible:
            QTimer.singleShot(0, self._shown)

    def _shown(self) -> None:
        if self.stale and self.isVisible() and not self.visibleRegion().isEmpty():
            self.refresh_now()

    def refresh_now(self) -> None:
        self.stale = False
        self.timer.stop()
        self.renders.request(self.part)

    def _started(self, part: str) -> None:
        if part == self.part:
            self.status.setText(f"{self.label}を更新しています…")

    def _failed(self, part: str, message: str) -> None:
        if part == self.part:
            self.status.setText(message)
            self.status.setStyleSheet("color: #c00000;")

    def _show(self, rendered: Rendered) -> None:
        if rendered.part != self.part:
            return  # a render for a PDF file or the printer
        page = 0 if self.reset_page else self.current_page()
        self.reset_page = False
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(rendered.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.project_pages = rendered.project_pages
        self.status.setStyleSheet("")
        self.status.setText(f"{self.label}　{rendered.page_count}ページ")
        if self.wanted_project is not None and self.wanted_project in self.project_pages:
            page = self.project_pages[self.wanted_project] - 1
        self.go_to_page(page)

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if count <= 0:
            return
        page = min(max(page, 0), count - 1)
        self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._show_page_label()

    def _show_page_label(self, _page: int = 0) -> None:
        count = self.document.pageCount()
        self.page_label.setText(f"{self.current_page() + 1} / {count}" if count else "")

    def show_project(self, project_id: int | None) -> None:
        """Open at the page of a project (when the preview has it)."""
        self.wanted_project = project_id
        if project_id is not None and project_id in self.project_pages:
            self.go_to_page(self.project_pages[project_id] - 1)
