"""Who is editing a plan file: a lock file beside it (PLAN.sqlite.lock).

QLockFile writes the owner's pid, host and application name into the lock
file. A lock left behind by a process that is no longer running on this
computer is stale and taken over, and so is a lock file that names no window
at all (empty, garbled, a folder); a lock from another computer (a plan on a
shared folder) is respected until that computer's window closes, because its
process cannot be checked from here: the message names that computer, since
when, and how to clear the lock. The second window opens read-only,
and the commands that change a plan (import-xlsx, attach, detach, init --force)
refuse to run while a window holds its lock. Only QtCore is used: no GUI is needed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from PySide6.QtCore import QLockFile, QSysInfo


UNREADABLE_AFTER = 5.0  # seconds: a lock file still unreadable after this is no lock being written, but debris


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    since: dt.datetime | None = None  # when the lock was taken (the lock file's time)
    elsewhere: bool = False  # held by a window on another computer
    lock_file: str = ""

    @property
    def text(self) -> str:
        who = f"{self.host} のプロセス {self.pid}" if self.host else f"プロセス {self.pid}"
        if self.since is not None:
            who += f"、{self.since.month}月{self.since.day}日 {self.since:%H:%M} から"
        return who

    @property
    def advice(self) -> str:
        """How to free the plan when that window will not close by itself."""
        if not self.elsewhere:
            return ""
        return (f"{self.host} のウィンドウを閉じると使えるようになります。そのコンピューターが止まっているなど閉じられないときは、"
                f"計画ファイルの横の「{self.lock_file}」を削除してください。")


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
        if not isinstance(info, tuple) or int(info[0]) <= 0:
            if self._clear_debris():
                return self.acquire()
            return LockOwner(0, "", self._since(), lock_file=self.path.name)
        host = str(info[1])
        return LockOwner(int(info[0]), host, self._since(), elsewhere=bool(host) and host != QSysInfo.machineHostName(),
                         lock_file=self.path.name)

    def _since(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(self.path.stat().st_mtime)
        except OSError:
            return None

    def _clear_debris(self) -> bool:
        """An empty, garbled or folder lock file names no window: once it is no lock being written, remove it."""
        try:
            if time.time() - self.path.stat().st_mtime < UNREADABLE_AFTER:
                return False
            if self.path.is_dir():
                shutil.rmtree(self.path)
            else:
                self.path.unlink()
        except OSError:
            return False
        return True

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
