"""Replacing a plan file whole: the former file stays as it was until the new one is complete beside it.

Used by everything that writes a plan file the user keeps: init --force, 別名でコピー, 新しい計画,
new-year, a version or a backup restored as a file, a restore over the plan.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from ..files import atomic_write_with, disk_error_message, is_disk_full
from .database import PlanFileError, copy_plan

SIDE_FILES = ("-journal", "-wal", "-shm")


def settle(path: Path) -> None:
    """Bring a plan file's own side files back into it (a change in -wal, one half done in -journal).

    Replacing the file would otherwise leave them to be read into the new file when it is next opened.
    """
    if not any(Path(str(path) + s).exists() for s in SIDE_FILES) or not path.is_file():
        return
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # not a plan file, or held by another program: its side files go with it below


def replace_plan_file(target: str | Path, write: Callable[[Path], None], what: str | None = None) -> Path:
    """Have `write` make the new plan file beside `target`, then put it in place; on failure `target` is untouched."""
    target = Path(target)
    what = what or f"計画ファイル「{target.name}」"
    if target.is_dir():
        raise PlanFileError(f"「{target}」はフォルダーです。計画ファイルの名前を指定してください。")
    existed = target.exists()
    settle(target)

    def writer(temp: Path) -> None:
        try:
            write(temp)
        except BaseException:
            for suffix in SIDE_FILES:
                Path(str(temp) + suffix).unlink(missing_ok=True)
            raise

    try:
        atomic_write_with(target, writer)
    except PlanFileError as e:
        if is_disk_full(e) or (e.__cause__ is not None and is_disk_full(e.__cause__)):
            raise PlanFileError(_refused(e, what, existed, target)) from e
        raise
    except (OSError, sqlite3.Error) as e:
        raise PlanFileError(_refused(e, what, existed, target)) from e
    for suffix in SIDE_FILES:
        try:
            Path(str(target) + suffix).unlink(missing_ok=True)
        except OSError:
            pass
    return target


def _refused(e: BaseException, what: str, existed: bool, target: Path) -> str:
    cause = e.__cause__ if isinstance(e, PlanFileError) and e.__cause__ is not None else e
    kept = f"元の「{target.name}」はそのままです。" if existed else "ファイルは作っていません。"
    return disk_error_message(cause, what) + kept


def save_copy(source: sqlite3.Connection, target: Path) -> Path:
    """別名でコピー: the whole plan, photos included, as a new file at `target`, replacing it whole."""
    return replace_plan_file(target, lambda temp: copy_plan(source, temp), f"コピー「{Path(target).name}」")
