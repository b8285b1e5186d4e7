"""ヘルプ → バージョン情報: the version, the plan file and its format, the data folder, copied for a mail."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from asahi_desk.paths import user_data_folder
from asahi_desk.store import latest_version
from asahi_desk.ui.about import AboutDialog
from asahi_desk.version import version


def test_about_names_the_version_the_plan_and_the_data_folder(window, plan_path, qtbot):
    dialog = AboutDialog(window.doc, window)
    qtbot.addWidget(dialog)
    lines = dialog.text.toPlainText().splitlines()
    assert lines[0].startswith(f"Asahi Desk {version()}")
    assert f"計画ファイル：{plan_path.resolve()}" in lines
    assert f"ファイル形式：{latest_version()}（このバージョンが扱う形式：{latest_version()}）" in lines
    assert f"データフォルダー：{user_data_folder()}" in lines
    assert window.windowTitle().endswith(f"Asahi Desk {version()}")


def test_copy_puts_the_whole_text_on_the_clipboard(window, qtbot):
    QApplication.clipboard().clear()
    dialog = AboutDialog(window.doc, window)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.text.toPlainText()
    assert "計画ファイル：" in QApplication.clipboard().text()


def test_the_help_menu_opens_it(window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "ヘルプ(&H)")
    assert window.about_action in help_menu.actions()
    shown = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        shown.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    window.about_action.trigger()
    assert isinstance(shown[0], AboutDialog) and shown[0].windowTitle() == "バージョン情報"
