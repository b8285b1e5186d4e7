"""Qt's own texts in Japanese: the standard buttons (はい / いいえ, OK / キャンセル), the file and print dialogs.

The catalogues are the ones PySide6 ships (qtbase_ja.qm in its translations folder, which a bundle
carries along); the window's own texts are Japanese in the code and need none.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOGUES = ("qtbase",)
_NAME = "asahiDeskQtTranslator"


def install_qt_translations(app: QCoreApplication) -> bool:
    """Load Qt's Japanese catalogues into the application once; False when PySide6 has none."""
    if app.findChild(QTranslator, _NAME) is not None:
        return True
    japanese = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    QLocale.setDefault(japanese)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for catalogue in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(japanese, catalogue, "_", folder):
            translator.setObjectName(_NAME)
            app.installTranslator(translator)
            loaded = True
        else:
            translator.deleteLater()
    return loaded
