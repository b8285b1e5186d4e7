"""The Qt Designer forms of forms/, each read from disk once and built on demand; text shown as it was typed.

A QLabel or QMessageBox guesses whether its text is HTML: a name typed as
`<s>防災</s>訓練` would be drawn struck through. Every label of a form, and the
labels and message boxes built here, show their text as plain text.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ..paths import data_path

TITLE = "Asahi Desk"


@cache
def _form_bytes(name: str) -> bytes:
    return data_path("forms", f"{name}.ui").read_bytes()


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget of forms/NAME.ui; find its parts with findChild(type, objectName)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(_form_bytes(name)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    widget = QUiLoader().load(buffer, parent)
    if widget is None:
        raise RuntimeError(f"forms/{name}.ui could not be loaded")
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def message_box(parent: QWidget | None, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> QMessageBox:
    box = QMessageBox(icon, TITLE, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
    """A message the user must acknowledge before going on."""
    message_box(parent, text, icon).exec()


def ask(parent: QWidget | None, question: str) -> bool:
    """Yes or No, No by default."""
    box = message_box(parent, question, QMessageBox.Icon.Question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setWindowTitle("確認")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
