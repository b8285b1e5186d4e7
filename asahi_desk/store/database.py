"""Opening a plan file: recognise it, back it up, migrate it, or refuse it clearly.

The schema lives in db/migrations/NNN_name.sql; a file records the last step
applied in PRAGMA user_version and is marked as ours by PRAGMA application_id.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlite_utils import Database

from ..paths import migrations_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x41534B44  # "ASKD"


RESTORE_ADVICE = ("バックアップから戻すか（ウィンドウのファイル → バックアップから復元…、"
                  "または asahi-desk backups と asahi-desk restore）、別のファイルを開いてください。")


class PlanFileError(Exception):
    """A plan file that cannot be opened or written; the message is for the user."""


class ReadOnlyError(PlanFileError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def migrations() -> list[Migration]:
    steps = []
    for path in sorted(migrations_dir().glob("*.sql")):
        m = re.fullmatch(r"(\d{3})_(\w+)\.sql", path.name)
        if m:
            steps.append(Migration(int(m.group(1)), m.group(2), path))
    versions = [s.version for s in steps]
    assert versions == list(range(1, len(steps) + 1)), f"migrations out of sequence: {versions}"
    return steps


def latest_version() -> int:
    return migrations()[-1].version


@dataclass
class PlanFile:
    """An open plan file."""

    path: Path
    db: Database
    readonly: bool
    backup: Path | None = None  # written before a migration
    notice: str = ""  # what the user should know about how the file was read

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user change: all of it is written, or none of it (nested calls join it).

        SQLite's own errors (a full disk, a file locked by another program) become a PlanFileError.
        """
        if self.readonly:
            raise ReadOnlyError("このファイルは読み取り専用で開かれているため、変更を保存できません。")
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as e:
            raise PlanFileError(
                f"「{self.path.name}」に変更を書き込めませんでした（{e}）。変更は保存していません。"
                "ほかのプログラムがファイルを使っていないか、空き容量と書き込みの権限を確かめてください。"
            ) from e

    @property
    def format_version(self) -> int:
        """The last migration applied to the file (its PRAGMA user_version)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


def _connect(path: Path, readonly: bool) -> tuple[sqlite3.Connection, str]:
    """A connection to the plan file, and a notice for the user when it could not be read as usual.

    A file we may write is opened for writing even when asked only to read (PlanFile refuses every
    change then): SQLite can then finish a change a killed window left half done (a hot journal) and
    leaves nothing beside the file when it closes.
    """
    if not readonly or _is_writable(path):
        return sqlite3.connect(path, isolation_level=None), ""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        conn.execute("PRAGMA schema_version").fetchone()
        return conn, ""
    except sqlite3.OperationalError:
        pass
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Changes kept in PLAN.sqlite-wal that SQLite cannot read in a folder we cannot write:
        # read file and WAL together from a copy, rather than show the plan as it was before them.
        return _read_with_wal(path, wal), (
            f"「{path.name}」の最後の変更は「{wal.name}」に残っています。フォルダーに書き込めないため、"
            "両方を読み込んで読み取り専用で開きました。書き込める場所に両方をコピーして開くと、変更が計画ファイルに戻ります。")
    return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None), ""


def _read_with_wal(path: Path, wal: Path) -> sqlite3.Connection:
    """The plan with the changes of its WAL file, in memory (the copies are removed at once)."""
    import shutil
    import tempfile

    memory = sqlite3.connect(":memory:", isolation_level=None)
    with tempfile.TemporaryDirectory(prefix="asahi-desk-") as folder:
        copy = Path(folder) / "plan.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, Path(str(copy) + "-wal"))
        source = sqlite3.connect(copy, isolation_level=None)
        try:
            source.backup(memory)
        finally:
            source.close()
    return memory


def _use_rollback_journal(conn: sqlite3.Connection) -> None:
    """Keep every committed change in the plan file itself, so that a plain copy of the file holds it.

    A WAL file would hold the latest changes beside the plan until a checkpoint, and be missed by a
    copy made in Explorer. Older files in WAL mode are turned back the first time they are opened
    alone; while another program holds the file it stays as it is.
    """
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError:
        pass


def _is_writable(path: Path) -> bool:
    folder = path.parent if path.parent != Path("") else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def open_plan_file(path: str | os.PathLike[str], *, create: bool = False, readonly: bool = False) -> PlanFile:
    """Open (or with create=True, make) a plan file, migrating an older one after a backup."""
    path = Path(path)
    if path.is_dir():
        raise PlanFileError(f"「{path}」はフォルダーです。計画ファイル（.sqlite）を指定してください。")
    exists = path.exists() and path.stat().st_size > 0
    writable = True
    if not exists and not create:
        if path.exists():
            raise PlanFileError(
                f"「{path.name}」は空（0 バイト）のため開けません。書き込みの途中で止まったか、コピーに失敗したファイルです。"
                f"{RESTORE_ADVICE}")
        raise PlanFileError(f"計画ファイル「{path}」が見つかりません。")
    if exists:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise PlanFileError(f"「{path.name}」は SQLite のファイルではないため開けません。計画ファイル（.sqlite）を選んでください。")
        writable = _is_writable(path)
        readonly = readonly or not writable
    elif not os.access(path.parent if str(path.parent) else ".", os.W_OK):
        raise PlanFileError(f"フォルダー「{path.parent}」に書き込めないため、計画ファイルを作れません。")

    try:
        conn, notice = _connect(path, readonly)
    except sqlite3.Error as e:
        raise PlanFileError(f"「{path.name}」を開けません（{e}）。") from e
    try:
        version, app_id = _inspect(conn, path)
        if exists and app_id != APPLICATION_ID:
            raise PlanFileError(f"「{path.name}」は Asahi Desk の計画ファイルではありません。")
        latest = latest_version()
        if version > latest:
            raise PlanFileError(
                f"「{path.name}」は新しいバージョンの Asahi Desk で作られたファイルです（形式 {version}、"
                f"このバージョンは {latest} まで）。アプリケーションを更新してから開いてください。ファイルは変更していません。"
            )
        backup = None
        if version < latest:
            if exists and not writable:
                raise PlanFileError(
                    f"「{path.name}」は古い形式（{version}）で、読み取り専用のため新しい形式に更新できません。"
                    "書き込める場所にコピーしてから開いてください。"
                )
            if readonly:  # asked only to read: bring the file up to date first, then read it
                conn.close()
                conn, _ = _connect(path, False)
            if exists:
                backup = _backup(conn, path, version)
            _migrate(conn, version)
            if readonly:
                conn.close()
                conn, notice = _connect(path, True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if not notice and (not readonly or _is_writable(path)):
            _use_rollback_journal(conn)
    except BaseException:
        conn.close()
        raise
    return PlanFile(path, Database(conn), readonly, backup, notice)


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(check)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise PlanFileError(
            f"「{path.name}」は壊れているため開けません（{e}）。{RESTORE_ADVICE}"
        ) from e
    return version, app_id


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A copy of the file before its migration, put in place whole and read back; else no migration."""
    from ..files import atomic_write_with, disk_error_message

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak{path.suffix or '.sqlite'}")

    def write(temp: Path) -> None:
        copy_plan(conn, temp)

    refused = (f"そのため「{path.name}」を新しい形式に更新していません。ファイルは変更していません。"
               "空き容量を増やしてから、もう一度開いてください。")
    try:
        atomic_write_with(target, write)
    except (OSError, sqlite3.Error) as e:
        raise PlanFileError(disk_error_message(e, f"形式の更新の前のバックアップ「{target.name}」") + refused) from e
    if not _is_whole_copy(target, version):
        target.unlink(missing_ok=True)
        raise PlanFileError(f"形式の更新の前のバックアップ「{target.name}」を読み返せませんでした。" + refused)
    return target


def _is_whole_copy(path: Path, version: int) -> bool:
    try:
        check = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            return (check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                    and check.execute("PRAGMA user_version").fetchone()[0] == version)
        finally:
            check.close()
    except sqlite3.Error:
        return False


def _migrate(conn: sqlite3.Connection, version: int, until: int | None = None) -> None:
    for step in migrations():
        if step.version <= version or (until is not None and step.version > until):
            continue
        sql = step.path.read_text(encoding="utf-8")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {step.version}")
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            from ..files import disk_error_message, is_disk_full

            if is_disk_full(e):
                raise PlanFileError(disk_error_message(e, "計画ファイル") + "ファイルは変更していません。") from e
            raise PlanFileError(f"計画ファイルの形式の更新（{step.path.name}）に失敗しました：{e}") from e


def migrate_to(conn: sqlite3.Connection, version: int, until: int | None = None) -> None:
    """Bring a connection from schema `version` to `until` (the latest when None), without a backup.

    For databases that are no plan file the user keeps: a version's rows read into memory.
    """
    _migrate(conn, version, until)


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements (sqlite3.complete_statement knows where they end)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(l.strip().startswith("--") or not l.strip() for l in buffer.splitlines()):
        yield buffer


def copy_plan(source: sqlite3.Connection, target: Path) -> None:
    """The whole plan of an open connection into a new file, by SQLite's online backup."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        dest.close()
