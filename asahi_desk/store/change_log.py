"""The change log kept in the plan file (db/migrations/NNN_change_log.sql): what 変更履歴 lists.

Each line says in words what one change did, with its time and who made it. The log is bounded:
appending a line drops the oldest beyond KEEP. It is a record for the clerk; the undo stack is not
kept across a restart (a version, store/versions.py, is the way back to an earlier plan). Making a
version writes a line naming it (its `version_id`), and the changes since a version are the lines
after that one (`since`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from dataclasses import dataclass

from .database import PlanFile

KEEP = 1000  # lines kept; older ones are dropped as new ones come (a kept version's line stays)


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: dt.datetime
    text: str
    who: str = ""  # the login name of the user who made the change; "" for lines older than that
    version_id: int | None = None  # the version this line says was made (it may have been deleted since)

    @property
    def at_text(self) -> str:
        """12月4日 20:15"""
        return f"{self.at.month}月{self.at.day}日 {self.at:%H:%M}"

    @property
    def when_text(self) -> str:
        """2026年12月4日 20:15"""
        return f"{self.at.year}年{self.at_text}"

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds"), "who": self.who, "text": self.text,
                "version_id": self.version_id}


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def user() -> str:
    """Who makes a change: the login name, as the system knows it ("" when it cannot say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def append(file: PlanFile, text: str, at: dt.datetime | None = None, keep: int = KEEP, *,
           version_id: int | None = None) -> int:
    """Add a line (the oldest beyond `keep` go, but for those of versions still kept); its id.

    `version_id` when the line tells of a version made: the changes since the version start after it.
    """
    with file.transaction():
        cur = file.conn.execute("INSERT INTO change_log (at, text, who, version_id) VALUES (?, ?, ?, ?)",
                                [(at or now()).isoformat(), text, user(), version_id])
        line = int(cur.lastrowid or 0)
        file.conn.execute("DELETE FROM change_log WHERE id <= ? AND (version_id IS NULL OR version_id NOT IN "
                          "(SELECT id FROM versions))", [line - keep])
    return line


def rewrite(file: PlanFile, line: int, text: str, at: dt.datetime | None = None) -> None:
    """A change merged into the one before it (typing on in one field): its line says what it is now."""
    with file.transaction():
        file.conn.execute("UPDATE change_log SET text = ?, at = ? WHERE id = ?", [text, (at or now()).isoformat(), line])


def entries(file: PlanFile, *, after: int = 0) -> list[LogEntry]:
    """Every line kept (after the line `after`), oldest first."""
    for columns in ("id, at, text, who, version_id", "id, at, text"):  # a file of an older schema opened read-only
        try:
            rows = file.conn.execute(f"SELECT {columns} FROM change_log WHERE id > ? ORDER BY id", [after]).fetchall()
        except sqlite3.OperationalError:
            continue
        return [LogEntry(int(r[0]), dt.datetime.fromisoformat(r[1]), str(r[2]), *r[3:]) for r in rows]
    return []  # older still: it kept no log


def version_line(file: PlanFile, version_id: int) -> int | None:
    """The line written when a version was made, while the log keeps it."""
    try:
        row = file.conn.execute("SELECT min(id) FROM change_log WHERE version_id = ?", [version_id]).fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None or row[0] is None else int(row[0])


def since(file: PlanFile, version_id: int, made_at: dt.datetime) -> list[LogEntry]:
    """The lines after a version was made, oldest first: those after its own line, or, for a version made
    before the log named versions (db/migrations/011), those written after its time."""
    line = version_line(file, version_id)
    if line is not None:
        return entries(file, after=line)
    return [e for e in entries(file) if e.at > made_at]


def retell_version(file: PlanFile, version_id: int, text: str) -> None:
    """A version named anew: the line that tells of it says so (its time stays that of the version)."""
    with file.transaction():
        file.conn.execute("UPDATE change_log SET text = ? WHERE version_id = ?", [text, version_id])


def drop(file: PlanFile, line: int) -> None:
    """A change undone by typing back what was there: its line goes."""
    with file.transaction():
        file.conn.execute("DELETE FROM change_log WHERE id = ?", [line])
