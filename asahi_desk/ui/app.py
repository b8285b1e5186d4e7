"""Starting the desk: the application object, the lock, one window per open plan file."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ..paths import user_plan_path
from ..store import PlanFileError, open_store
from .crash import install_crash_report
from .document import PlanDocument
from .forms import warn
from ..lock import PlanLock
from .main_window import MainWindow
from .preview import Renderer
from .settings import APPLICATION, ORGANIZATION, AppSettings
from .translations import install_qt_translations


class Desk:
    """The open windows of one process."""

    def __init__(self, settings: AppSettings, renderer: Renderer | None = None) -> None:
        self.settings = settings
        self.renderer = renderer
        self.windows: list[MainWindow] = []

    def open(self, path: Path | None) -> MainWindow:
        """A window on a plan file (the user's plan when None); read-only when another window edits it."""
        target = path if path is not None else user_plan_path()
        if path is None:
            target.parent.mkdir(parents=True, exist_ok=True)  # the first start makes the user's plan there
        lock = PlanLock(target)
        owner = lock.acquire()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store = open_store(path, readonly=owner is not None)
        except BaseException:
            lock.release()
            raise
        finally:
            QApplication.restoreOverrideCursor()
        if not store.readonly:
            _back_up_on_opening(store)
        doc = PlanDocument(store, lock if owner is None else None)
        if owner is None and store.readonly:
            lock.release()  # a file we cannot write: nobody edits it through us
        window = MainWindow(doc, self.settings, lock_owner=owner, renderer=self.renderer)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.openRequested.connect(self.open_from)
        window.destroyed.connect(lambda _=None, w=window: self.windows.remove(w) if w in self.windows else None)
        self.windows.append(window)
        if not doc.readonly:
            self.settings.add_recent(doc.path)
        return window

    def open_from(self, path: Path) -> None:
        try:
            self.open(path).show()
        except PlanFileError as e:
            warn(None, str(e))


def _back_up_on_opening(store) -> None:  # noqa: ANN001 - a PlanStore
    """A backup each time a window opens a plan for editing; the plan opens all the same when it cannot be made."""
    from ..logs import log_unexpected
    from ..store.backups import OPENED, make_backup

    try:
        make_backup(store.file, OPENED)
    except PlanFileError as e:
        log_unexpected("backup on opening", e)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication(sys.argv[:1])
        app.setApplicationDisplayName("Asahi Desk")
    assert isinstance(app, QApplication)
    install_qt_translations(app)  # はい / いいえ, キャンセル, the file and print dialogs
    return app


def run(path: Path | None) -> int:
    """Start the window on a plan file and run until it is closed."""
    app = application()
    install_crash_report()  # an unforeseen failure goes to the log, with a message naming it
    settings = AppSettings()
    settings.apply_font(app)
    desk = Desk(settings)
    try:
        desk.open(path).show()
    except PlanFileError as e:
        warn(None, str(e), QMessageBox.Icon.Critical)
        raise
    return app.exec()
