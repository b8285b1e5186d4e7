"""Who is editing a plan file: a lock file beside it (PLAN.sqlite.lock).

QLockFile writes the owner's pid, host and application name into the lock
file. A lock left behind by a process that is no longer running on this
computer is stale and taken over; a lock from another computer (a plan on a
shared folder) is respected until that computer's window closes, because its
process cannot be checked from here. The second window opens read-only,
and the commands that change a plan (import-xlsx, attach, detach, init --force)
refuse to run while a window holds its lock. Only QtCore is used: no GUI is needed.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from PySide6.QtCore import QLockFile


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str

    @property
    def text(self) -> str:
        return f"{self.host} のプロセス {self.pid}" if self.host else f"プロセス {self.pid}"


class PlanLock:
    """The lock of one plan file, held while a window edits it."""

    def __init__(self, plan_path: Path) -> None:
        self.path = Path(str(plan_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # never stale by age: only a dead process on this computer frees it

    def acquire(self) -> LockOwner | None:
        """Take the lock; None when taken, else who holds it."""
        if self._lock.tryLock(0):
            return None
        if self._lock.error() == QLockFile.LockError.PermissionError:
            return None  # a folder we cannot write: the file opens read-only anyway
        info = self._lock.getLockInfo()  # (pid, host, application), or False when unreadable
        return LockOwner(int(info[0]), str(info[1])) if isinstance(info, tuple) else LockOwner(0, "")

    @contextmanager
    def held(self, refuse: Callable[[LockOwner], Exception]) -> Iterator[None]:
        """Hold the lock while a file is changed or replaced; raise refuse(owner) when another holds it."""
        owner = self.acquire()
        if owner is not None:
            raise refuse(owner)
        try:
            yield
        finally:
            self.release()

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
