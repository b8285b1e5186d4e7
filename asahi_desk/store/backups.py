"""Backups of a plan in the user's data folder, made by SQLite's backup API at the moments that matter.

A backup is made when a window opens a plan for editing, before every import, before next year's plan
is made from it and before a restore. They are kept per plan (by its identity, so that a renamed or
moved file keeps its backups) in `backups/<uid>/` of the data folder: the last KEEP_LATEST, and the
last of each day for DAILY_DAYS days; older ones are removed when a new one is made.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_write_with, disk_error_message
from ..paths import user_data_folder
from .database import PlanFile, PlanFileError, copy_plan, latest_version, migrate_to
from .identity import read_identity
from .plan_files import replace_plan_file

KEEP_LATEST = 20
DAILY_DAYS = 31

OPENED, IMPORT, NEW_YEAR, RESTORE = "open", "import", "new-year", "restore"
REASONS = {OPENED: "ウィンドウで開いたとき", IMPORT: "ワークブックの取り込みの前", NEW_YEAR: "次年度の計画を作る前",
           RESTORE: "復元の前"}
_NAME = re.compile(r"(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite")


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: dt.datetime
    reason: str

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def date_text(self) -> str:
        return f"{self.made_at.year}年{self.made_at.month}月{self.made_at.day}日"

    @property
    def time_text(self) -> str:
        return self.made_at.strftime("%H:%M:%S")


@dataclass(frozen=True)
class BackupTotals:
    """What a backup holds, as the list shows it: the plan's name and its 個性ある区づくり推進費."""

    title: str
    current: int
    last: int | None
    projects: int


def backup_folder(file: PlanFile) -> Path:
    return user_data_folder() / "backups" / read_identity(file.conn).uid


def make_backup(file: PlanFile, reason: str, now: dt.datetime | None = None) -> Backup:
    """Copy the whole plan into its backup folder (put in place whole), then drop the backups no longer kept."""
    now = now or dt.datetime.now()
    folder = backup_folder(file)
    target = folder / f"{now:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_with(target, lambda temp: copy_plan(file.conn, temp))
    except (OSError, sqlite3.Error) as e:
        raise PlanFileError(disk_error_message(e, f"バックアップ「{target.name}」")) from e
    _remember_path(folder, file.path)
    prune(folder, now)
    return Backup(target, now, reason)


_PLAN_NAME = "plan-path.txt"  # where the plan of a backup folder was last seen: found again when it cannot be opened


def _remember_path(folder: Path, path: Path) -> None:
    from ..files import write_bytes

    where = str(Path(path).resolve())
    note = folder / _PLAN_NAME
    try:
        if not note.exists() or note.read_text(encoding="utf-8") != where:
            write_bytes(note, where.encode("utf-8"))
    except OSError:
        pass  # the backups are there all the same; only a plan that no longer opens cannot find them


def backups_of_path(path: Path) -> list[Backup]:
    """The backups of the plan last seen at `path`: for a plan file that can no longer be opened."""
    where = str(Path(path).resolve())
    found: list[Backup] = []
    for note in (user_data_folder() / "backups").glob(f"*/{_PLAN_NAME}"):
        try:
            if note.read_text(encoding="utf-8") == where:
                found += _in(note.parent)
        except OSError:
            continue
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def list_backups(file: PlanFile) -> list[Backup]:
    """The plan's backups, newest first."""
    return _in(backup_folder(file))


def _in(folder: Path) -> list[Backup]:
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        m = _NAME.fullmatch(path.name)
        if m:
            found.append(Backup(path, dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f"), m.group(2)))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def prune(folder: Path, now: dt.datetime) -> list[Path]:
    """Keep the last KEEP_LATEST backups and the last of each of the last DAILY_DAYS days; remove the rest."""
    backups = _in(folder)
    keep = {b.path for b in backups[:KEEP_LATEST]}
    days: set[dt.date] = set()
    for b in backups:  # newest first: the first seen of a day is its last
        if (now.date() - b.made_at.date()).days < DAILY_DAYS and b.made_at.date() not in days:
            days.add(b.made_at.date())
            keep.add(b.path)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    return removed


def totals(backup: Backup) -> BackupTotals:
    """Read a backup (in memory, brought up to the current schema) for the list."""
    from sqlite_utils import Database

    from .plan_store import PlanStore

    memory = _in_memory(backup)
    try:
        plan = PlanStore(PlanFile(backup.path, Database(memory), readonly=True)).load()
    finally:
        memory.close()
    total = plan.total_category
    return BackupTotals(plan.title, total.current if total else 0, total.last if total else None,
                        sum(1 for _ in plan.projects()))


def _in_memory(backup: Backup) -> sqlite3.Connection:
    try:
        source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
        memory = sqlite3.connect(":memory:", isolation_level=None)
        try:
            source.backup(memory)
        finally:
            source.close()
        version = memory.execute("PRAGMA user_version").fetchone()[0]
        if version < latest_version():
            migrate_to(memory, version)
        return memory
    except sqlite3.Error as e:
        raise PlanFileError(f"バックアップ「{backup.path.name}」を読めません（{e}）。") from e


def restore_to(backup: Backup, target: Path) -> Path:
    """Write the plan of a backup as the file `target`, replacing it whole (the caller holds its lock)."""
    def write(temp: Path) -> None:
        source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
        try:
            copy_plan(source, temp)
        finally:
            source.close()

    return replace_plan_file(target, write)


def find_backup(backups: list[Backup], which: str) -> Backup:
    """A backup by its number in the list (1 is the newest) or by its file name."""
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for b in backups:
        if b.path.name == which or b.path.stem == which:
            return b
    raise PlanFileError(f"バックアップ「{which}」はありません。asahi-desk backups で一覧を確かめてください。")
