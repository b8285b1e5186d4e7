"""The window at the text sizes 小 and 大, as docs/desk-small.png and docs/desk-large.png.

    xvfb-run -s "-screen 0 1600x1000x24" python docs/screenshots.py

Run under Xvfb (a real X server, not the offscreen platform), on the built-in plan in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from asahi_desk.store import create_default
from asahi_desk.ui.app import Desk
from asahi_desk.ui.settings import AppSettings

DOCS = Path(__file__).parent


def settle(app: QApplication, seconds: float = 1.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = folder / "令和６年度.sqlite"
        create_default(plan).close()
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = Desk(settings).open(plan)
        window.resize(1400, 860)
        window.show()
        window.select_node(window.doc.plan.item("Ⅱ-1-2"))
        for step, name in ((0, "desk-small.png"), (2, "desk-large.png")):
            settings.font_step = step
            window.apply_settings()  # as 設定 does: at once, without a restart
            settle(app)
            window.grab().save(str(DOCS / name))
            print(DOCS / name)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
