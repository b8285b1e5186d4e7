"""The command line, as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asahi_desk.cli import main
from tests.helpers import database_rows


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "asahi_desk", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_init_then_check_json(tmp_path: Path) -> None:
    done = run("init", "x.sqlite", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "x.sqlite" in done.stdout
    done = run("check", "--db", "x.sqlite", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    assert all({"level", "node", "message"} <= set(f) for f in findings)
    assert not [f for f in findings if f["level"] == "error"]
    assert [f["node"] for f in findings if f["check"] == "duplicate_paragraph"] == [
        "Ⅴ-１ 細事業６", "Ⅴ-１ 細事業７", "Ⅴ-１ 細事業８", "Ⅴ-１ 細事業９"]
    assert any(f["node"] == "Ⅱ-13" and "▲ 69.7%" in f["message"] for f in findings)


def test_check_exits_1_on_an_error(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    conn = sqlite3.connect(plan_path)
    conn.execute("UPDATE items SET amount = amount + 1 WHERE id = (SELECT min(id) FROM items)")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(plan_path)]) == 1
    out = capsys.readouterr().out
    assert "[エラー] Ⅰ-１:" in out and "11,923千円" in out


def test_check_threshold(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(plan_path), "--json", "--threshold", "60"]) == 0
    large = [f["node"] for f in json.loads(capsys.readouterr().out) if f["check"] == "large_change"]
    assert large == ["Ⅱ-13", "Ⅱ-15"]
    with pytest.raises(SystemExit):
        main(["check", "--db", str(plan_path), "--threshold", "たくさん"])
    assert "数値ではありません" in capsys.readouterr().err


def test_db_before_the_subcommand(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(plan_path), "summary"]) == 0
    out = capsys.readouterr().out
    assert "個性ある区づくり推進費" in out and "876,702" in out and "▲ 33.9%" in out


def test_bad_files_give_a_message_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "memo.sqlite"
    text.write_text("メモ", encoding="utf-8")
    assert main(["check", "--db", str(text)]) == 2
    assert "SQLite のファイルではない" in capsys.readouterr().err
    assert main(["summary", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "見つかりません" in capsys.readouterr().err


def test_init_does_not_overwrite(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = database_rows(plan_path)
    assert main(["init", str(plan_path)]) == 2
    assert "すでにあります" in capsys.readouterr().err
    assert database_rows(plan_path) == before
    assert main(["init", "--force", str(plan_path)]) == 0


def test_init_force_refuses_while_a_window_edits_the_plan(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from asahi_desk.lock import PlanLock

    window = PlanLock(plan_path)  # what a window holds while it edits the plan
    assert window.acquire() is None
    try:
        before = database_rows(plan_path)
        assert main(["init", "--force", str(plan_path)]) == 2
        assert "編集中のため、変更できません" in capsys.readouterr().err
        assert database_rows(plan_path) == before
    finally:
        window.release()
    assert main(["init", "--force", str(plan_path)]) == 0  # once the window has closed


def test_summary_prints_figures_as_the_packet_does(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from asahi_desk.cli import summary_text
    from asahi_desk.store import open_store

    store = open_store(plan_path)
    store.update(store.plan.category("区庁舎・区民利用施設管理費"), amount=-1200)
    line = next(line for line in summary_text(store.plan).splitlines() if "区庁舎" in line)
    assert line.split()[1:4] == ["▲", "1,200", "695,859"] and "-1,200" not in line
    store.plan.fiscal_year = 2018  # 平成30年度
    head = next(line for line in summary_text(store.plan).splitlines() if line.startswith("区分"))
    assert head.split()[1:3] == ["30年度", "29年度"]
    store.close()
