"""Backups of a plan in the data folder: made at the moments that matter, bounded, listed and restored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.store import PlanStore, open_store
from asahi_desk.store.backups import (DAILY_DAYS, IMPORT, KEEP_LATEST, NEW_YEAR, RESTORE, backup_folder, list_backups,
                                      make_backup, totals)
from asahi_desk.paths import user_data_folder


def _amount(path: Path, item_id: int) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT amount FROM items WHERE id = ?", (item_id,)).fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_the_whole_plan_in_the_data_folder(store: PlanStore) -> None:
    backup = make_backup(store.file, IMPORT)
    assert backup.path.parent.parent == user_data_folder() / "backups"
    assert backup.path.parent == backup_folder(store.file)
    t = totals(backup)
    assert (t.current, t.last, t.projects) == (876702, 849290, sum(1 for _ in store.plan.projects()))
    assert list_backups(store.file) == [backup]
    assert backup.reason_text == "ワークブックの取り込みの前"


def test_backups_are_bounded_the_last_twenty_and_one_a_day_for_a_month(store: PlanStore) -> None:
    now = dt.datetime(2026, 12, 4, 20, 0, 0)
    for days in range(45, 0, -1):  # two a day for 45 days…
        for hour in (9, 17):
            make_backup(store.file, IMPORT, now - dt.timedelta(days=days) + dt.timedelta(hours=hour - 20))
    for n in range(30):  # …and thirty today
        make_backup(store.file, IMPORT, now - dt.timedelta(minutes=30 - n))
    kept = list_backups(store.file)
    assert kept[:KEEP_LATEST] == sorted(kept, key=lambda b: b.made_at, reverse=True)[:KEEP_LATEST]
    assert all(b.made_at.date() == now.date() for b in kept[:KEEP_LATEST])
    older = kept[KEEP_LATEST:]
    days = [b.made_at.date() for b in older]
    assert len(days) == len(set(days)) == DAILY_DAYS - 1  # one for each earlier day of the month
    assert all(b.made_at.hour == 17 for b in older)  # the last of its day
    assert len(kept) == KEEP_LATEST + DAILY_DAYS - 1


def test_backups_lists_and_restore_brings_the_plan_back_after_backing_it_up(plan_path: Path, tmp_path: Path,
                                                                           capsys) -> None:
    assert main(["new-year", "--db", str(plan_path), "--out", str(tmp_path / "次年度.sqlite")]) == 0
    capsys.readouterr()
    store = open_store(plan_path)
    item = store.plan.item("Ⅰ-1-1")
    store.update(item, amount=777_000)
    store.close()

    assert main(["backups", "--db", str(plan_path)]) == 0
    out = capsys.readouterr().out
    assert "次年度の計画を作る前" in out and "合計 876,702千円" in out
    assert f"{dt.date.today().year}年{dt.date.today().month}月{dt.date.today().day}日" in out

    assert main(["restore", "--db", str(plan_path), "1"]) == 0
    assert "戻す前の計画はバックアップ" in capsys.readouterr().out
    assert _amount(plan_path, item.id) == 725
    store = open_store(plan_path, readonly=True)
    backups = list_backups(store.file)
    store.close()
    assert [b.reason for b in backups] == [RESTORE, NEW_YEAR]
    assert totals(backups[0]).current == 876702 - 725 + 777_000

    copy = tmp_path / "戻す前.sqlite"
    assert main(["restore", "--db", str(plan_path), "1", "--as", str(copy)]) == 0
    assert _amount(copy, item.id) == 777_000 and _amount(plan_path, item.id) == 725
    assert main(["restore", "--db", str(plan_path), "1", "--as", str(copy)]) == 2  # no --force: kept
    assert "すでにあります" in capsys.readouterr().err
    assert main(["restore", "--db", str(plan_path), "9"]) == 2
    assert "バックアップ「9」はありません" in capsys.readouterr().err


def test_an_import_is_backed_up_first(plan_path: Path, tmp_path: Path, capsys) -> None:
    from asahi_desk.excel import export_workbook, origin_of
    from openpyxl import load_workbook

    book = tmp_path / "計画.xlsx"
    store = open_store(plan_path)
    export_workbook(store.plan, book, origin_of(store))
    project = store.plan.project("Ⅰ-1")
    store.close()
    wb = load_workbook(book)
    ws = wb["Ⅰ-１"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == project.purpose)
    cell.value = "目的を書き直しました。"
    wb.save(book)
    assert main(["import-xlsx", "--db", str(plan_path), str(book), "--yes"]) == 0
    store = open_store(plan_path, readonly=True)
    backups = list_backups(store.file)
    assert store.plan.project("Ⅰ-1").purpose == "目的を書き直しました。"
    store.close()
    assert [b.reason for b in backups] == [IMPORT]
    memory = sqlite3.connect(backups[0].path)
    assert memory.execute("SELECT purpose FROM projects WHERE id = ?", (project.id,)).fetchone()[0] == project.purpose
    memory.close()


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_plan_that_no_longer_opens_is_named_and_restored_from_its_backups(plan_path: Path, capsys, damage) -> None:
    store = open_store(plan_path)
    make_backup(store.file, IMPORT)
    item_id = store.plan.item("Ⅰ-1-1").id
    store.close()
    data = plan_path.read_bytes()
    plan_path.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])

    assert main(["check", "--db", str(plan_path)]) == 2
    err = capsys.readouterr().err
    assert ("空（0 バイト）のため開けません" if damage == "empty" else "壊れているため開けません") in err
    assert "asahi-desk backups" in err and "Traceback" not in err

    assert main(["backups", "--db", str(plan_path)]) == 0
    captured = capsys.readouterr()
    assert "ワークブックの取り込みの前" in captured.out and "合計 876,702千円" in captured.out
    assert main(["restore", "--db", str(plan_path), "1"]) == 0
    assert _amount(plan_path, item_id) == 725
    assert main(["check", "--db", str(plan_path)]) in (0, 1)
