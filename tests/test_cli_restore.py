"""Going back to a version on the command line: as a new plan file, or the plan made as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.lock import PlanLock
from asahi_desk.store import PlanStore
from asahi_desk.store import versions
from asahi_desk.store.plan_store import plan_tables
from tests.helpers import database_rows, plan_outline
from tests.test_cli_versions import five_changes, listed


def plan_rows(path: Path) -> dict[str, list]:
    """Every row of the plan's own tables (the versions aside)."""
    rows = database_rows(path)
    return {table: rows[table] for table in plan_tables()}


def test_restore_as_a_new_file_gives_the_plan_of_the_version_row_for_row(plan_path: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "before.sqlite"
    assert main(["versions", "--db", str(plan_path), "--save", "6/3 課長確認用"]) == 0
    snapshot = plan_rows(plan_path)  # the plan's rows as the version keeps them
    store = PlanStore.open(plan_path)
    try:
        five_changes(store)
    finally:
        store.close()
    assert plan_rows(plan_path) != snapshot
    capsys.readouterr()
    assert main(["versions", "--db", str(plan_path), "--restore", "1", "--out", str(before)]) == 0
    assert f"新しい計画ファイル「{before}」にしました" in capsys.readouterr().out
    assert plan_rows(before) == snapshot
    restored = PlanStore.open(before, readonly=True)
    source = PlanStore.open(plan_path, readonly=True)
    try:
        assert plan_outline(restored.plan) == plan_outline(versions.plan_of(source.file, 1))
        assert versions.list_versions(restored.file) == []  # a plan file of its own, without the versions
    finally:
        restored.close()
        source.close()
    assert main(["versions", "--db", str(plan_path), "--restore", "1", "--out", str(before)]) == 2
    assert "すでにあります" in capsys.readouterr().err


def test_restore_in_place_keeps_the_plan_first_and_can_be_undone(plan_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions", "--db", str(plan_path), "--save"]) == 0
    original = plan_rows(plan_path)
    store = PlanStore.open(plan_path)
    try:
        five_changes(store)
    finally:
        store.close()
    changed = plan_rows(plan_path)
    capsys.readouterr()
    assert main(["versions", "--db", str(plan_path), "--restore", "1"]) == 0
    out = capsys.readouterr().out
    assert "計画を版 1" in out and "版 2 に残しています" in out
    assert plan_rows(plan_path) == original
    rows = listed(plan_path, capsys)
    assert (rows[0]["id"], rows[0]["what"], rows[0]["name"]) == (2, "復元の前", "版 1 に戻す前")
    assert main(["versions", "--db", str(plan_path), "--restore", "2"]) == 0  # back to the plan as it was
    assert plan_rows(plan_path) == changed


def test_restore_refuses_while_a_window_edits_and_names_unknown_versions(plan_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    main(["versions", "--db", str(plan_path), "--save"])
    rows = plan_rows(plan_path)
    capsys.readouterr()
    assert main(["versions", "--db", str(plan_path), "--restore", "9"]) == 2
    assert "版 9 はありません" in capsys.readouterr().err
    lock = PlanLock(plan_path)
    assert lock.acquire() is None
    try:
        assert main(["versions", "--db", str(plan_path), "--restore", "1"]) == 2
        err = capsys.readouterr().err
        assert "編集中のため、版に戻せません" in err and "Traceback" not in err
    finally:
        lock.release()
    assert plan_rows(plan_path) == rows
    assert main(["versions", "--db", str(plan_path), "--out", "x.sqlite"]) == 2
    assert "--restore と一緒に" in capsys.readouterr().err
