"""Versions of the plan, kept inside the plan file (db/migrations/007_versions.sql).

`record` keeps one whenever the packet or a handout leaves the application:
the rows of every plan table, read as they are in the file, cut into chunks of
a few rows (or one picture), each chunk compressed and stored once by its
digest. A version's manifest names its chunks, table by table, so a version
costs little more than the chunks that changed since the one before.

Making, naming and deleting a version is told in the change log (store/change_log.py) by a line
naming the version, so that 変更履歴 leads to it and the changes since it can be listed.

`plan_of` reads a version back as a Plan; `restore_as_file` writes it as a new
plan file; `restore_in_place` makes the open plan as it was (in one transaction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.model import Plan
from . import change_log
from .database import PlanFile, PlanFileError, copy_plan, migrate_to
from .identity import read_identity
from .plan_files import replace_plan_file
from .plan_store import PlanStore, plan_tables

CHUNK_ROWS = 4  # rows per chunk: an edit rewrites one small chunk, not a whole table
NAME_LIMIT = 100

# What a version is made for (what the user sees in the 版 list).
MANUAL = "手動で保存"
BEFORE_RESTORE = "復元の前"


def workbook_what(section: str | None) -> str:
    """What a workbook export made: 地域振興課のブック, or the whole plan's."""
    return f"{section}のブック" if section else "ワークブック"


@dataclass(frozen=True)
class Version:
    """A version as listed: never the plan itself (see `plan_of`)."""

    id: int
    made_at: dt.datetime
    what: str
    name: str
    totals: tuple[tuple[str, int], ...]  # the plan's root 区分 and their totals (千円) at the time

    @property
    def made_at_text(self) -> str:
        """2026年6月3日 14:05"""
        return time_text(self.made_at)

    @property
    def title(self) -> str:
        """How the version is named in a heading: its name, or what was made, and when."""
        return f"{self.name or self.what}（{self.made_at_text}）"

    @property
    def saved_text(self) -> str:
        """The change log's line for it: 版を保存しました：版 3 資料１（6/3 課長確認用）"""
        return f"版を保存しました：版 {self.id} {self.what}" + (f"（{self.name}）" if self.name else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "made_at": self.made_at.isoformat(timespec="seconds"), "what": self.what,
                "name": self.name, "totals": [{"name": n, "amount": a} for n, a in self.totals]}


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def time_text(t: dt.datetime) -> str:
    """2026年6月3日 14:05"""
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def now_text() -> str:
    return time_text(_now())


def _totals(plan: Plan) -> list[list[Any]]:
    return [[c.display_name, c.current] for c in plan.categories]


def _check_name(name: str) -> str:
    if not isinstance(name, str):
        raise ValueError("版の名前は文字列で指定してください。")
    name = " ".join(name.split())
    if len(name) > NAME_LIMIT:
        raise ValueError(f"版の名前は {NAME_LIMIT} 文字までにしてください（{len(name)} 文字あります）。")
    return name


# Writing -----------------------------------------------------------------------


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:16]


class _Chunks:
    """Chunks of one version being written, each stored once in the file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, data: bytes) -> int:
        digest = _digest(data)
        row = self.conn.execute("SELECT id FROM version_chunks WHERE digest = ?", (digest,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self.conn.execute("INSERT INTO version_chunks (digest, data) VALUES (?, ?)", (digest, data))
        return int(cur.lastrowid)  # type: ignore[arg-type]


def _order(conn: sqlite3.Connection, table: str) -> str:
    """Rows in a stable order: by rowid, or by every column of a table keyed by several."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()  # cid, name, type, notnull, default, pk
    if [(r[2].upper(), r[5]) for r in info if r[5]] == [("INTEGER", 1)]:
        return "rowid"
    return ", ".join(r[1] for r in info)


def _pack(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 9)


def _unpack(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8"))


def _table_chunk(conn: sqlite3.Connection, table: str, chunks: _Chunks) -> int:
    """One table: its columns, its chunks of rows and its pictures (a picture's value is {"blob": chunk id})."""
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY {_order(conn, table)}")
    columns = [d[0] for d in cur.description]
    rows: list[int] = []
    blobs: list[int] = []
    batch: list[list[Any]] = []

    def value(v: Any) -> Any:
        if isinstance(v, bytes):
            blobs.append(chunks.put(v))
            return {"blob": blobs[-1]}
        return v

    for row in cur:
        batch.append([value(v) for v in row])
        if len(batch) == CHUNK_ROWS:
            rows.append(chunks.put(_pack(batch)))
            batch = []
    if batch:
        rows.append(chunks.put(_pack(batch)))
    return chunks.put(_pack({"columns": columns, "rows": rows, "blobs": blobs}))


def record(store: PlanStore, what: str, *, name: str = "") -> Version | None:
    """Keep the plan as it is in its file, as made for `what`; None when the file is open read-only.

    The plan in the file is the plan the caller printed: every change is written as it is made.
    """
    if store.readonly:
        return None
    name = _check_name(name)
    assert store.plan is not None
    file = store.file
    conn = file.conn
    with file.transaction():
        chunks = _Chunks(conn)
        manifest = _pack([[table, _table_chunk(conn, table, chunks)] for table in plan_tables()])
        schema = conn.execute("PRAGMA user_version").fetchone()[0]
        cur = conn.execute(
            "INSERT INTO versions (made_at, what, name, totals, schema, manifest) VALUES (?, ?, ?, ?, ?, ?)",
            (_now().isoformat(timespec="seconds"), what, name,
             json.dumps(_totals(store.plan), ensure_ascii=False), schema, manifest))
        version = get(file, int(cur.lastrowid))  # type: ignore[arg-type]
        change_log.append(file, version.saved_text, version_id=version.id)
    return version


# Listing, naming, deleting ------------------------------------------------------------


def _version(row: tuple[Any, ...]) -> Version:
    vid, made_at, what, name, totals = row
    return Version(vid, dt.datetime.fromisoformat(made_at), what, name,
                   tuple((n, int(a)) for n, a in json.loads(totals)))


_COLUMNS = "id, made_at, what, name, totals"


def list_versions(file: PlanFile) -> list[Version]:
    """Every version of the plan, newest first."""
    rows = file.conn.execute(f"SELECT {_COLUMNS} FROM versions ORDER BY id DESC").fetchall()
    return [_version(r) for r in rows]


def get(file: PlanFile, version_id: int) -> Version:
    row = file.conn.execute(f"SELECT {_COLUMNS} FROM versions WHERE id = ?", (version_id,)).fetchone()
    if row is None:
        raise PlanFileError(f"版 {version_id} はありません。asahi-desk versions で一覧を確かめてください。")
    return _version(row)


def rename(file: PlanFile, version_id: int, name: str) -> Version:
    """Give a version a name, change it, or (with "") take it away: the one thing of a version that changes."""
    name = _check_name(name)
    get(file, version_id)
    with file.transaction():
        file.conn.execute("UPDATE versions SET name = ? WHERE id = ?", (name, version_id))
        version = get(file, version_id)
        change_log.retell_version(file, version_id, version.saved_text)
    return version


def delete(file: PlanFile, version_id: int) -> None:
    """Delete a version, and the chunks no other version holds; the change log says so."""
    version = get(file, version_id)
    with file.transaction():
        file.conn.execute("DELETE FROM versions WHERE id = ?", (version_id,))
        change_log.append(file, f"版を削除しました：版 {version.id} {version.title}")
        kept: set[int] = set()
        for (manifest,) in file.conn.execute("SELECT manifest FROM versions"):
            for _, table_chunk in _unpack(manifest):
                if table_chunk not in kept:
                    kept.add(table_chunk)
                    content = _unpack(_chunk(file.conn, table_chunk))
                    kept.update(content["rows"], content["blobs"])
        gone = [(i,) for (i,) in file.conn.execute("SELECT id FROM version_chunks") if i not in kept]
        file.conn.executemany("DELETE FROM version_chunks WHERE id = ?", gone)


def _chunk(conn: sqlite3.Connection, chunk_id: int) -> bytes:
    row = conn.execute("SELECT data FROM version_chunks WHERE id = ?", (chunk_id,)).fetchone()
    if row is None:
        raise PlanFileError("版の内容の一部が計画ファイルにありません。ファイルが壊れている可能性があります。")
    return bytes(row[0])


# Reading a version back ------------------------------------------------------------


def _rows_in_memory(file: PlanFile, version_id: int) -> sqlite3.Connection:
    """A database in memory holding the version's rows, brought up to the current schema."""
    row = file.conn.execute("SELECT schema, manifest FROM versions WHERE id = ?", (version_id,)).fetchone()
    if row is None:
        raise PlanFileError(f"版 {version_id} はありません。asahi-desk versions で一覧を確かめてください。")
    schema, manifest = row
    tables = [(table, _unpack(_chunk(file.conn, chunk_id))) for table, chunk_id in _unpack(manifest)]

    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate_to(memory, 0, schema)
        memory.execute("BEGIN")
        for table, content in tables:
            memory.execute(f"DELETE FROM {table}")  # rows a migration made
            columns = content["columns"]
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for chunk_id in content["rows"]:
                memory.executemany(insert, [[_chunk(file.conn, v["blob"]) if isinstance(v, dict) else v for v in r]
                                            for r in _unpack(_chunk(file.conn, chunk_id))])
        memory.execute("COMMIT")
        migrate_to(memory, schema)
    except BaseException:
        memory.close()
        raise
    return memory


def log_since(file: PlanFile, version_id: int) -> list[change_log.LogEntry]:
    """The change log's lines since a version was made, oldest first (its own line not among them)."""
    version = get(file, version_id)
    return change_log.since(file, version.id, version.made_at)


def plan_of(file: PlanFile, version_id: int) -> Plan:
    """The plan as it was in a version (plain objects, with the ids its rows had)."""
    from sqlite_utils import Database

    memory = _rows_in_memory(file, version_id)
    try:
        store = PlanStore(PlanFile(Path(":memory:"), Database(memory), readonly=True))
        return store.load()
    finally:
        memory.close()


def restore_as_file(file: PlanFile, version_id: int, target: Path) -> Path:
    """Write the plan of a version as a new plan file at `target` (which must not be the open plan).

    The new file keeps the plan's identity, as a copy of the file would: it is the same plan, earlier.
    """
    target = Path(target)
    if target.exists() and file.path.exists() and target.resolve() == file.path.resolve():
        raise PlanFileError("開いているファイルと同じ名前には書き出せません。別の名前を選んでください。")
    memory = _rows_in_memory(file, version_id)
    try:
        identity = read_identity(file.conn)
        memory.execute("UPDATE plan_identity SET uid = ?, secret = ? WHERE id = 1", (identity.uid, identity.secret))

        replace_plan_file(target, lambda temp: copy_plan(memory, temp))
    finally:
        memory.close()
    return target


def restore_in_place(store: PlanStore, version_id: int) -> Plan:
    """Make the plan as it was in a version, in one transaction, and load it; returns the new Plan.

    The caller keeps a version of the plan as it was first (see `record`), which undoes this.
    """
    memory = _rows_in_memory(store.file, version_id)
    conn = store.file.conn
    try:
        with store.file.transaction():
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for table in reversed(plan_tables()):
                conn.execute(f"DELETE FROM {table}")
            for table in plan_tables():
                cur = memory.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cur.description]
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", cur)
    finally:
        memory.close()
    return store.load()

