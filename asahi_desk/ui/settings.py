"""The user's settings (QSettings): PDF fonts, the 増減率 threshold, the UI font size, recent files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.checks import CheckSettings
from .forms import load_form

ORGANIZATION = "AsahiDesk"
APPLICATION = "AsahiDesk"
FONT_SIZES = (9.0, 10.5, 12.5)  # 小・中・大, in points
MAX_RECENT = 8


class AppSettings:
    """Typed access to QSettings; the window reads it, the settings dialog writes it."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APPLICATION)

    def _path(self, key: str) -> Path | None:
        value = str(self.store.value(key, "") or "")
        return Path(value) if value else None

    @property
    def mincho(self) -> Path | None:
        return self._path("fonts/mincho")

    @property
    def gothic(self) -> Path | None:
        return self._path("fonts/gothic")

    def set_fonts(self, mincho: Path | None, gothic: Path | None) -> None:
        self.store.setValue("fonts/mincho", str(mincho or ""))
        self.store.setValue("fonts/gothic", str(gothic or ""))

    @property
    def threshold(self) -> Decimal:
        try:
            value = Decimal(str(self.store.value("checks/threshold", "30")))
        except InvalidOperation:
            return Decimal(30)
        return value if value > 0 else Decimal(30)

    @threshold.setter
    def threshold(self, value: Decimal) -> None:
        self.store.setValue("checks/threshold", str(value))

    @property
    def check_settings(self) -> CheckSettings:
        return CheckSettings(change_threshold=self.threshold)

    @property
    def font_step(self) -> int:
        try:
            step = int(self.store.value("ui/fontStep", 1))
        except (TypeError, ValueError):
            step = 1
        return min(max(step, 0), len(FONT_SIZES) - 1)

    @font_step.setter
    def font_step(self, step: int) -> None:
        self.store.setValue("ui/fontStep", int(step))

    def apply_font(self, app: object) -> None:
        font = QFont(app.font())  # type: ignore[attr-defined]
        font.setPointSizeF(FONT_SIZES[self.font_step])
        app.setFont(font)  # type: ignore[attr-defined]
        for widget in app.allWidgets():  # type: ignore[attr-defined]
            if widget.styleSheet():  # a widget with a style sheet keeps the font it was polished with
                widget.setStyleSheet(widget.styleSheet())

    @property
    def recent_files(self) -> list[Path]:
        value = self.store.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value or [] if v]

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        files = [p for p in self.recent_files if p != path]
        self.store.setValue("files/recent", [str(p) for p in [path, *files][:MAX_RECENT]])

    def value(self, key: str) -> object:
        return self.store.value(key)

    def set_value(self, key: str, value: object) -> None:
        self.store.setValue(key, value)


class SettingsDialog(QDialog):
    """設定: fonts for the PDFs, the 増減率 threshold of the checks, the font size of the window."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        form = load_form("settings_dialog", self)
        self.setWindowTitle(form.windowTitle())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.mincho = self.findChild(QLineEdit, "minchoEdit")
        self.gothic = self.findChild(QLineEdit, "gothicEdit")
        self.threshold = self.findChild(QDoubleSpinBox, "thresholdSpin")
        self.font_size = self.findChild(QComboBox, "fontSizeCombo")
        self.message = self.findChild(QLabel, "message")
        self.mincho.setText(str(settings.mincho or ""))
        self.gothic.setText(str(settings.gothic or ""))
        self.threshold.setValue(float(settings.threshold))
        self.font_size.setCurrentIndex(settings.font_step)
        self.findChild(QPushButton, "minchoBrowse").clicked.connect(lambda: self._browse(self.mincho))
        self.findChild(QPushButton, "gothicBrowse").clicked.connect(lambda: self._browse(self.gothic))
        buttons = self.findChild(QDialogButtonBox, "buttonBox")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "フォントを選ぶ", edit.text(), "フォント (*.ttf *.otf *.ttc)")
        if path:
            edit.setText(path)

    def accept(self) -> None:
        fonts = []
        for edit in (self.mincho, self.gothic):
            text = edit.text().strip()
            if text and not Path(text).is_file():
                self.message.setText(f"フォントのファイル「{text}」が見つかりません。")
                edit.setFocus()
                return
            fonts.append(Path(text) if text else None)
        self.settings.set_fonts(*fonts)
        self.settings.threshold = Decimal(str(round(self.threshold.value(), 1)))
        self.settings.font_step = self.font_size.currentIndex()
        super().accept()
