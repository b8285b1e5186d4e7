"""Versions on the command line: every render and workbook export keeps one; list, save, name, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.domain.model import Item
from asahi_desk.render import render
from asahi_desk.store import PlanStore
from asahi_desk.store import versions
from tests.helpers import plan_outline


def listed(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["versions", "--db", str(plan_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_render_and_export_keep_a_version_each(plan_path: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(plan_path, capsys) == []
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "s1.pdf")]) == 0
    assert "版 1 を残しました（資料１" in capsys.readouterr().out
    assert main(["export-xlsx", "--db", str(plan_path), "--out", str(tmp_path / "w.xlsx"), "--section", "地域振興課"]) == 0
    assert main(["render", "--db", str(plan_path), "--part", "packet", "--split", str(tmp_path / "out")]) == 0
    rows = listed(plan_path, capsys)
    assert [r["what"] for r in rows] == ["資料ごとの PDF", "地域振興課のブック", "資料１"]
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    assert all({"id", "made_at", "what", "name", "totals"} <= set(r) for r in rows)
    store = PlanStore.open(plan_path, readonly=True)
    try:
        assert rows[0]["totals"][0] == {"name": "個性ある区づくり推進費", "amount": store.plan.categories[0].current}
        assert plan_outline(versions.plan_of(store.file, rows[1]["id"])) == plan_outline(store.plan)
    finally:
        store.close()


def test_a_failed_render_keeps_no_version(plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "missing" / "s1.pdf")]) == 2
    assert listed(plan_path, capsys) == []


def test_save_name_and_delete(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions", "--db", str(plan_path), "--save", "6/3 課長確認用"]) == 0
    assert main(["versions", "--db", str(plan_path), "--save"]) == 0
    rows = listed(plan_path, capsys)
    assert [(r["what"], r["name"]) for r in rows] == [("手動で保存", ""), ("手動で保存", "6/3 課長確認用")]
    assert main(["versions", "--db", str(plan_path), "--name", str(rows[0]["id"]), "区長説明用"]) == 0
    assert main(["versions", "--db", str(plan_path), "--delete", str(rows[1]["id"])]) == 0
    assert [(r["id"], r["name"]) for r in listed(plan_path, capsys)] == [(rows[0]["id"], "区長説明用")]
    capsys.readouterr()
    assert main(["versions", "--db", str(plan_path)]) == 0
    assert "区長説明用" in capsys.readouterr().out


def test_unknown_ids_and_long_names_are_refused_in_japanese(plan_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["versions", "--db", str(plan_path), "--delete", "7"]) == 2
    assert "版 7 はありません" in capsys.readouterr().err
    main(["versions", "--db", str(plan_path), "--save"])
    assert main(["versions", "--db", str(plan_path), "--name", "1", "あ" * 200]) == 2
    assert "100 文字まで" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["versions", "--db", str(plan_path), "--delete", "x"])
    assert "版の ID ではありません" in capsys.readouterr().err


def test_diff_since_a_version_lists_the_changes(plan_path: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "s1.pdf")]) == 0
    store = PlanStore.open(plan_path)
    try:
        item = store.plan.item("Ⅰ-1-1")
        store.update(item, amount=item.amount + 100)
        project = store.plan.project("Ⅰ-2")
        old_purpose = project.purpose
        store.update(project, purpose="書き換えた目的")
    finally:
        store.close()
    versions_now = listed(plan_path, capsys)
    assert main(["diff", "--db", str(plan_path), "--since", str(versions_now[0]["id"]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["field"], c["old"], c["new"]) for c in data["changes"]] == [
        ("changed", "金額", "725", "825"), ("changed", "目的", old_purpose,
                                              "書き換えた目的")]
    assert data["changes"][0]["delta"] == 100
    assert main(["diff", "--db", str(plan_path), "--since", str(versions_now[0]["id"])]) == 0
    out = capsys.readouterr().out
    assert "変更：2 件" in out and "（変更）Ⅰ-１ 細事業１" in out and "725 → 825（+100千円）" in out
    assert "合計の変化" in out
    assert main(["diff", "--db", str(plan_path), "--since", "99"]) == 2
    assert "版 99 はありません" in capsys.readouterr().err


def five_changes(store: PlanStore) -> dict[str, object]:
    """An amount, a purpose, an item added, an item deleted, a project moved: what a test then finds."""
    plan = store.plan
    item = plan.item("Ⅰ-1-1")
    store.update(item, amount=item.amount + 100)
    project = plan.project("Ⅰ-2")
    store.update(project, purpose=project.purpose + "新しい一文です。")
    store.insert(Item("新しい細事業", 50), project)
    referenced = {r.item.id for p in plan.projects() for r in p.references if r.item is not None}
    gone = next(i for i in plan.project("Ⅱ-2").items if i.id not in referenced)
    store.remove(gone)
    moved = plan.project("Ⅱ-3")
    store.move(moved, moved.pillar, 0)
    return {"item": item, "project": project, "gone": gone, "moved": moved}


def test_diff_since_lists_the_five_changes_and_the_pages_they_changed(
        plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "s1.pdf")]) == 0
    since = listed(plan_path, capsys)[0]["id"]
    store = PlanStore.open(plan_path)
    try:
        changed = five_changes(store)
        pages = render(store.plan, "shiryo1").project_pages
        gone_name = changed["gone"].name  # type: ignore[attr-defined]
        expected_pages = {pages[changed["project"].id], pages[changed["moved"].id]}  # type: ignore[attr-defined]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["diff", "--db", str(plan_path), "--since", str(since), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["field"]) for c in data["changes"]] == [
        ("changed", "金額"), ("changed", "目的"), ("added", ""), ("moved", ""), ("removed", "")]
    assert gone_name in data["changes"][4]["where"]
    assert data["to"] is None and data["since"]["id"] == since
    changed_pages = data["pages"]["pages"]
    assert expected_pages <= set(changed_pages)
    assert 1 in changed_pages  # the 総括表: its totals moved
    assert data["pages"]["new_count"] not in changed_pages  # the back cover is as it was
    assert main(["diff", "--db", str(plan_path), "--since", str(since)]) == 0
    assert "資料１の内容が変わったページ：1" in capsys.readouterr().out


def test_diff_between_two_versions(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["versions", "--db", str(plan_path), "--save", "前"])
    store = PlanStore.open(plan_path)
    try:
        item = store.plan.item("Ⅰ-1-1")
        store.update(item, amount=item.amount + 7)
    finally:
        store.close()
    main(["versions", "--db", str(plan_path), "--save", "後"])
    store = PlanStore.open(plan_path)
    try:
        store.update(store.plan.item("Ⅰ-1-1"), amount=1)  # after the second version: not in the comparison
    finally:
        store.close()
    rows = listed(plan_path, capsys)
    assert main(["diff", "--db", str(plan_path), "--since", str(rows[1]["id"]), "--to", str(rows[0]["id"]),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["field"], c["delta"]) for c in data["changes"]] == [("金額", 7)]
    assert data["to"]["name"] == "後"
    assert main(["diff", "--db", str(plan_path), "--since", str(rows[0]["id"]), "--to", str(rows[0]["id"]),
                 "--json"]) == 0
    same = json.loads(capsys.readouterr().out)
    assert same["changes"] == [] and same["pages"]["pages"] == []
