"""Work that takes a moment (workbooks, PDFs), run in a pool thread while a progress dialog shows.

Work that writes files opens the plan file on its own read-only connection, as
the preview does, so that it never reads objects the window is changing. Work
that must read the window's own plan (a workbook's differences point at its
objects) runs while the progress dialog keeps the window from being edited,
and its caller checks `PlanDocument.revision` when the result comes back.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..store import PlanFileError, PlanStore
from .forms import plain_label


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], expected: tuple[type[BaseException], ...], what: str) -> None:
        super().__init__()
        self.work, self.expected, self.what = work, expected, what
        self.signals = _Signals()
        self.setAutoDelete(False)  # kept by its Task until the signal has arrived

    def run(self) -> None:
        try:
            result = self.work()
        except self.expected as e:  # a message for the user
            self._emit(self.signals.failed, str(e))
        except Exception as e:  # noqa: BLE001 - shown to the user, the window goes on
            self._emit(self.signals.failed, f"{self.what}ができませんでした（{type(e).__name__}: {e}）。")
        else:
            self._emit(self.signals.finished, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the window closed meanwhile: nobody is waiting


class Task(QObject):
    """One piece of work and its progress dialog; `then` or `failed` is called on the GUI thread."""

    def __init__(self, parent: QWidget, pool: QThreadPool, text: str, work: Callable[[], Any],
                 then: Callable[[Any], None], failed: Callable[[str], None], *, what: str,
                 expected: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__(parent)
        self.then, self.on_failed = then, failed
        self.progress = QProgressDialog(text, "", 0, 0, parent)
        self.progress.setLabel(plain_label(text))  # names files the user chose
        self.progress.setWindowTitle("Asahi Desk")
        self.progress.setCancelButton(None)  # the work cannot be stopped half-way; it is short
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.job = _Job(work, (PlanFileError, *expected), what)
        self.job.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        pool.start(self.job)

    def _end(self) -> None:
        self.progress.close()
        self.progress.deleteLater()
        self.deleteLater()

    def _finished(self, result: Any) -> None:
        self._end()
        self.then(result)

    def _failed(self, message: str) -> None:
        self._end()
        self.on_failed(message)


class Tasks(QObject):
    """The window's background work: one pool thread, a progress dialog over the window.

    Failures without a callback of their own are reported through `failed`.
    """

    failed = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def run(self, text: str, work: Callable[[], Any], then: Callable[[Any], None],
            failed: Callable[[str], None] | None = None, *, what: str,
            expected: tuple[type[BaseException], ...] = ()) -> None:
        """Run `work` in the pool thread; then `then(result)`, or `failed(message)` when it raised."""
        window = self.parent()
        assert isinstance(window, QWidget)
        Task(window, self.pool, text, work, then, failed or self.failed.emit, what=what, expected=expected)

    def wait(self) -> None:
        self.pool.waitForDone()


def on_file(path: Any, work: Callable[[Any], Any]) -> Callable[[], Any]:
    """Work on the committed plan, loaded from its file on the worker's own read-only connection."""

    def run() -> Any:
        store = PlanStore.open(path, readonly=True)
        try:
            return work(store.plan)
        finally:
            store.close()

    return run
