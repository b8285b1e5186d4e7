"""Emitting Qt signals from Python safely.

PySide6 6.12.0's SignalInstance.emit() returns True without taking a
reference to it, so every emit from Python leaves Python's True one
reference short; after a few thousand edits the interpreter aborts
("bool_dealloc"). `emit` gives that reference back, and only when the
installed PySide6 has the fault (measured once at import).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))  # what the probe itself took
    return lost >= 4


_MUST_GIVE_BACK = _emit_drops_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """signal.emit(*args), keeping Python's reference counts right."""
    result = signal.emit(*args)
    if _MUST_GIVE_BACK and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
