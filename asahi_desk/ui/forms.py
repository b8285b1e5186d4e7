"""The Qt Designer forms of forms/, each read from disk once and built on demand."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from ..paths import data_path


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
    return widget
