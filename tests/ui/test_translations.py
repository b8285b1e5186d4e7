"""Qt's own buttons and dialogs read in Japanese once the application has started."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QPushButton


@pytest.fixture
def japanese_app(qapp):
    """The application as the desk starts it; Qt's catalogue taken out again after the test."""
    from asahi_desk.ui.app import application

    locale = QLocale()
    app = application()
    yield app
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(locale)


def test_a_question_asks_with_japanese_buttons(japanese_app, qtbot) -> None:
    from asahi_desk.ui.forms import ask

    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(sorted(b.text() for b in box.buttons()))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    assert ask(None, "削除しますか？") is False
    assert seen == [["いいえ(&N)", "はい(&Y)"]]


def test_standard_buttons_and_the_file_dialog_are_japanese(japanese_app, qtbot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["OK", "キャンセル", "保存"])
    dialog = QFileDialog(None, "計画ファイルを開く")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert "キャンセル" in texts and "Cancel" not in texts
    assert QLocale().language() == QLocale.Language.Japanese
