"""The change log kept in the plan file (db/migrations/NNN_change_log.sql): what 変更履歴 lists.

Each line says in words what one change did, with its time. The log is bounded: appending a line
drops the oldest beyond KEEP. It is a record for the clerk; the undo stack is not kept across a
restart (a version, store/versions.py, is the way back to an earlier plan).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from .database import PlanFile

KEEP = 1000  # lines kept; older ones are dropped as new ones come


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: dt.datetime
    text: str

    @property
    def at_text(self) -> str:
        """12月4日 20:15"""
        return f"{self.at.month}月{self.at.day}日 {self.at:%H:%M}"


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def append(file: PlanFile, text: str, at: dt.datetime | None = None, keep: int = KEEP) -> int:
    """Add a line (the oldest beyond `keep` go); its id."""
    with file.transaction():
        cur = file.conn.execute("INSERT INTO change_log (at, text) VALUES (?, ?)", [(at or now()).isoformat(), text])
        line = int(cur.lastrowid or 0)
        file.conn.execute("DELETE FROM change_log WHERE id <= ?", [line - keep])
    return line


def rewrite(file: PlanFile, line: int, text: str, at: dt.datetime | None = None) -> None:
    """A change merged into the one before it (typing on in one field): its line says what it is now."""
    with file.transaction():
        file.conn.execute("UPDATE change_log SET text = ?, at = ? WHERE id = ?", [text, (at or now()).isoformat(), line])


def entries(file: PlanFile) -> list[LogEntry]:
    """Every line kept, oldest first."""
    try:
        rows = file.conn.execute("SELECT id, at, text FROM change_log ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # a file of an older schema opened read-only: it kept no log
        return []
    return [LogEntry(int(r[0]), dt.datetime.fromisoformat(r[1]), str(r[2])) for r in rows]


def drop(file: PlanFile, line: int) -> None:
    """A change undone by typing back what was there: its line goes."""
    with file.transaction():
        file.conn.execute("DELETE FROM change_log WHERE id = ?", [line])
