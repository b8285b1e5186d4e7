"""Take docs/desk.png: the window on the built-in plan, as a user sees it.

xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb python docs/screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QGuiApplication

    from asahi_desk.store import create_default
    from asahi_desk.ui.app import Desk, application
    from asahi_desk.ui.settings import AppSettings

    app = application()
    print(f"Qt platform: {QGuiApplication.platformName()}")
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "令和６年度.sqlite"
        create_default(plan).close()
        settings = AppSettings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        settings.apply_font(app)
        window = Desk(settings).open(plan)
        window.resize(1560, 940)
        window.move(0, 0)
        window.show()
        project = window.doc.plan.project("Ⅱ-1")
        window.select_node(project)

        def shoot() -> None:
            window.grab().save(str(ROOT / "docs" / "desk.png"))
            window.close()
            app.quit()

        QTimer.singleShot(1500, shoot)
        app.exec()


if __name__ == "__main__":
    main()
