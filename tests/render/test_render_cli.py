"""asahi-desk render, and the layout findings of asahi-desk check."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asahi_desk.cli import EXIT_FAILED, EXIT_OK, main
from asahi_desk.store import create_default, open_store


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    create_default(path).close()
    return path


def test_render_writes_each_part(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for part, pages in (("agenda", 1), ("shiryo1", 25), ("shiryo2", 2), ("packet", 28)):
        out = tmp_path / f"{part}.pdf"
        assert main(["render", "--db", str(plan_file), "--out", str(out), "--part", part]) == EXIT_OK
        assert out.read_bytes().startswith(b"%PDF")
        assert f"（{pages}ページ）" in capsys.readouterr().out


def test_render_defaults_to_shiryo1(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.pdf"
    assert main(["render", "--db", str(plan_file), "--out", str(out)]) == EXIT_OK
    assert "資料１を書き出しました（25ページ）" in capsys.readouterr().out


def test_unknown_part(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert main(["render", "--db", str(plan_file), "--out", str(out), "--part", "shiryo9"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "「shiryo9」という資料はありません" in err and "agenda（次第）" in err
    assert not out.exists()


def test_parts_are_named_as_the_plan_names_them(plan_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(plan_file)
    store.update(store.plan.report, label="資料３")
    store.close()
    assert main(["render", "--db", str(plan_file), "--out", str(tmp_path / "x.pdf"), "--part", "shiryo9"]) == EXIT_FAILED
    assert "shiryo2（資料３）" in capsys.readouterr().err
    assert main(["render", "--db", str(plan_file), "--out", str(tmp_path / "r.pdf"), "--part", "shiryo2"]) == EXIT_OK
    assert "に資料３を書き出しました（2ページ）" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder the user cannot write")
def test_unwritable_output_is_refused_in_japanese(plan_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["render", "--db", str(plan_file), "--out", str(locked / "s.pdf")]) == EXIT_FAILED
    finally:
        locked.chmod(0o700)
    assert "書き込む権限がありません" in capsys.readouterr().err


def test_missing_folder_is_refused_in_japanese(plan_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_file), "--out", str(tmp_path / "no" / "s.pdf")]) == EXIT_FAILED
    assert "フォルダーが見つかりません" in capsys.readouterr().err


def test_a_folder_as_output_is_refused(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_file), "--out", str(tmp_path)]) == EXIT_FAILED
    assert "フォルダーです" in capsys.readouterr().err


def test_check_shows_where_the_layout_gave_way(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(plan_file), "--json"]) == EXIT_OK
    assert not [f for f in json.loads(capsys.readouterr().out) if f["check"].startswith("layout_")]
    store = open_store(plan_file)
    project = store.plan.project("Ⅰ-3")  # type: ignore[union-attr]
    assert project is not None
    store.update(project.items[0], lines=project.items[0].lines * 60)
    store.close()
    assert main(["check", "--db", str(plan_file), "--json"]) == EXIT_OK
    findings = json.loads(capsys.readouterr().out)
    overflow = [f for f in findings if f["check"] == "layout_overflow"]
    assert overflow == [{"level": "warning", "node": "Ⅰ-３",
                         "message": "事業内容が１ページに収まらないため、次のページに（続き）として分けて印刷しています。",
                         "check": "layout_overflow"}]
    assert main(["check", "--db", str(plan_file)]) == EXIT_OK
    assert "[警告] Ⅰ-３: 事業内容が１ページに収まらない" in capsys.readouterr().out


def test_split_writes_one_pdf_per_handout(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "配布用"
    assert main(["render", "--db", str(plan_file), "--part", "packet", "--split", str(folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "次第.pdf」を書き出しました（1ページ）" in out and "資料２.pdf」を書き出しました（2ページ）" in out
    assert sorted(p.name for p in folder.iterdir()) == ["次第.pdf", "資料１.pdf", "資料２.pdf"]
    assert (folder / "資料１.pdf").read_bytes().startswith(b"%PDF")


def test_out_and_split_render_the_packet_once(plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.platypus import BaseDocTemplate

    layouts: list[int] = []
    build = BaseDocTemplate.build
    monkeypatch.setattr(BaseDocTemplate, "build", lambda self, *a, **k: (layouts.append(1), build(self, *a, **k))[1])
    folder, whole = tmp_path / "配布用", tmp_path / "会議資料.pdf"
    assert main(["render", "--db", str(plan_file), "--part", "packet", "--out", str(whole), "--split", str(folder)]) == EXIT_OK
    assert len(layouts) == 4  # 次第, 資料２ once; 資料１ measured, then printed
    out = capsys.readouterr().out
    assert "会議資料一式を書き出しました（28ページ）" in out and "資料１.pdf」を書き出しました（25ページ）" in out
    assert whole.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in folder.iterdir()) == ["次第.pdf", "資料１.pdf", "資料２.pdf"]


def test_split_where_it_cannot_write(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "memo.txt"
    a_file.write_text("メモ", encoding="utf-8")
    assert main(["render", "--db", str(plan_file), "--part", "packet", "--split", str(a_file)]) == EXIT_FAILED
    assert "フォルダーではありません" in capsys.readouterr().err
    assert main(["render", "--db", str(plan_file), "--part", "packet", "--split", str(tmp_path / "no" / "d")]) == EXIT_FAILED
    assert "作れません" in capsys.readouterr().err
    assert main(["render", "--db", str(plan_file), "--part", "shiryo1", "--split", str(tmp_path)]) == EXIT_FAILED
    assert "--part packet と一緒に" in capsys.readouterr().err
    assert main(["render", "--db", str(plan_file), "--part", "packet"]) == EXIT_FAILED
    assert "--out FILE.pdf" in capsys.readouterr().err
    assert a_file.read_text(encoding="utf-8") == "メモ"
