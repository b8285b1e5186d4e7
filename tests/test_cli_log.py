"""変更履歴 on the command line: who, when and what, newest first, and only the changes since a version."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.store import PlanStore, change_log


def log(plan_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["log", "--db", str(plan_path), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def write_lines(plan_path: Path, *texts: str) -> None:
    store = PlanStore.open(plan_path)
    try:
        for text in texts:
            change_log.append(store.file, text)
    finally:
        store.close()


def test_versions_are_in_the_log_and_since_a_version_lists_what_came_after(
        plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert log(plan_path, capsys) == []
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "s1.pdf")]) == 0
    write_lines(plan_path, "Ⅱ-１ 細事業２ 金額 1,000 → 1,200", "Ⅰ-２ 目的 「旧」 → 「新」")
    assert main(["versions", "--db", str(plan_path), "--save", "6/3 課長確認用"]) == 0
    write_lines(plan_path, "細事業の削除：Ⅲ-１ 細事業２ 「見守り」")

    lines = log(plan_path, capsys)
    assert [(e["text"], e["version_id"]) for e in lines] == [
        ("細事業の削除：Ⅲ-１ 細事業２ 「見守り」", None),
        ("版を保存しました：版 2 手動で保存（6/3 課長確認用）", 2),
        ("Ⅰ-２ 目的 「旧」 → 「新」", None),
        ("Ⅱ-１ 細事業２ 金額 1,000 → 1,200", None),
        ("版を保存しました：版 1 資料１", 1),
    ]
    assert [e["id"] for e in lines] == sorted((e["id"] for e in lines), reverse=True)
    assert {e["who"] for e in lines} == {getpass.getuser()}
    assert all(dt.datetime.fromisoformat(e["at"]).tzinfo is not None for e in lines)

    assert [e["text"] for e in log(plan_path, capsys, "--since-version", "1")] == [e["text"] for e in lines[:4]]
    assert [e["text"] for e in log(plan_path, capsys, "--since-version", "2")] == ["細事業の削除：Ⅲ-１ 細事業２ 「見守り」"]

    capsys.readouterr()
    assert main(["log", "--db", str(plan_path), "--since-version", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("版 2 6/3 課長確認用（") and out[0].endswith("を作ってからの変更：1 件")
    assert out[1].endswith(f"  {getpass.getuser()}  細事業の削除：Ⅲ-１ 細事業２ 「見守り」") and "年" in out[1]


def test_naming_a_version_renames_its_line_and_deleting_it_is_told(
        plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions", "--db", str(plan_path), "--save"]) == 0
    assert main(["versions", "--db", str(plan_path), "--name", "1", "区長説明用"]) == 0
    assert [e["text"] for e in log(plan_path, capsys)] == ["版を保存しました：版 1 手動で保存（区長説明用）"]
    assert main(["versions", "--db", str(plan_path), "--delete", "1"]) == 0
    texts = [e["text"] for e in log(plan_path, capsys)]
    assert texts[0].startswith("版を削除しました：版 1 区長説明用（") and len(texts) == 2
    capsys.readouterr()
    assert main(["log", "--db", str(plan_path), "--since-version", "1"]) == 2
    assert "版 1 はありません" in capsys.readouterr().err


def test_a_kept_version_keeps_its_line_when_the_log_is_full(store: PlanStore) -> None:
    from asahi_desk.store import versions

    version = versions.record(store, "資料１")
    assert version is not None
    for n in range(30):
        change_log.append(store.file, f"変更 {n}", keep=10)
    assert [e.text for e in versions.log_since(store.file, version.id)] == [f"変更 {n}" for n in range(20, 30)]
    assert change_log.entries(store.file)[0].version_id == version.id


def test_a_version_from_before_the_log_named_versions_goes_by_its_time(store: PlanStore) -> None:
    from asahi_desk.store import versions

    version = versions.record(store, "資料１")
    assert version is not None
    store.file.conn.execute("DELETE FROM change_log")  # as a file migrated from before lines named versions
    before = version.made_at - dt.timedelta(minutes=5)
    change_log.append(store.file, "前の変更", at=before)
    change_log.append(store.file, "後の変更", at=version.made_at + dt.timedelta(minutes=5))
    assert [e.text for e in versions.log_since(store.file, version.id)] == ["後の変更"]


def test_a_bad_version_id_is_refused_in_japanese(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["log", "--db", str(plan_path), "--since-version", "abc"])
    assert "版の ID ではありません" in capsys.readouterr().err
