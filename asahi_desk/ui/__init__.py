"""The desk: the main window over a plan file (PySide6).

Imported only when the window starts, so that the command line works without Qt.
"""
