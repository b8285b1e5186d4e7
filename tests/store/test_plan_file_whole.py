"""The plan file holds every committed change by itself: a plain copy has it, and reading leaves nothing beside it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.store import PlanStore
from tests.filesystems import remount_read_only, small_filesystem


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)


def test_a_copy_made_right_after_a_change_holds_it(store: PlanStore, tmp_path: Path) -> None:
    item = store.plan.item("Ⅰ-1-1")
    store.update(item, amount=777_000)
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(store.path, copy)  # as Explorer copies: the file alone, while it is open
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT amount FROM items WHERE id = ?", (item.id,)).fetchone()[0] == 777_000
    conn.close()
    assert _beside(store.path) == []


@pytest.mark.parametrize("command", [["check"], ["summary"], ["render", "--out", "{tmp}/a.pdf"],
                                     ["export-xlsx", "--out", "{tmp}/a.xlsx"], ["attachments"]])
def test_commands_that_read_leave_nothing_beside_the_plan(plan_path: Path, tmp_path: Path, command, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{tmp}", str(out)) for a in command]
    assert main([args[0], "--db", str(plan_path), *args[1:]]) in (0, 1)
    assert _beside(plan_path) == []


def test_an_older_file_in_wal_mode_is_turned_back_when_opened(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    store = PlanStore.open(plan_path, readonly=True)
    try:
        assert store.file.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        store.close()
    assert _beside(plan_path) == []


def test_a_read_only_folder_with_changes_left_in_the_wal_shows_them_and_says_so(plan_path: Path, tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "ro") as folder:
        path = folder / "plan.sqlite"
        shutil.copyfile(plan_path, path)
        # A window of an older version, killed after a change it kept in the WAL file:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        item_id = conn.execute("SELECT id FROM items ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE items SET amount = 123456 WHERE id = ?", (item_id,))
        wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
        kept = folder / "kept"
        kept.mkdir()
        shutil.copyfile(path, kept / "plan.sqlite")
        shutil.copyfile(wal, kept / "plan.sqlite-wal")
        conn.close()
        for name in ("plan.sqlite", "plan.sqlite-wal"):
            shutil.copyfile(kept / name, folder / name)
        shm.unlink(missing_ok=True)
        shutil.rmtree(kept)
        assert wal.stat().st_size > 0 and not shm.exists()
        remount_read_only(folder)
        store = PlanStore.open(path, readonly=True)
        try:
            assert store.readonly
            assert next(i for i in store.plan.items() if i.id == item_id).amount == 123456
            assert "plan.sqlite-wal" in store.file.notice and "読み取り専用" in store.file.notice
        finally:
            store.close()
