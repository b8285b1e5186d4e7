"""asahi-desk export-xlsx / import-xlsx."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest


from asahi_desk.cli import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK, main
from asahi_desk.store import open_store
from tests.helpers import database_rows

from .xlsx_helpers import edit, row_of


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str,
        answer: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def returned(plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> Path:
    """生活衛生課's workbook, exported by the command and sent back with item １ at 400."""
    out = tmp_path / "生活衛生課.xlsx"
    code, text, _ = run(capsys, monkeypatch, "export-xlsx", "--db", str(plan_path), "--out", str(out),
                        "--section", "生活衛生課")
    assert code == EXIT_OK
    assert text.splitlines()[0] == f"「{out}」に生活衛生課の事業 1 件を書き出しました。"
    store = open_store(plan_path, readonly=True)
    item_id = store.plan.item("Ⅰ-4-1").id
    store.close()
    return edit(out, tmp_path / "返送.xlsx",
                lambda wb: wb["Ⅰ-４"].cell(row_of(wb, f"AD_I{item_id}"), 4).__setattr__("value", "４００"))


DIFFERENCES = ("「返送.xlsx」と計画の違い（1 事業）：\n"
               "Ⅰ-４ 安全で安心な食と生活環境支援事業　事業計 1,423 → 1,507千円\n"
               "  細事業１ 食の安全・安心サポート事業：金額 316千円 → 400千円\n")


def amount_of_item_1(plan_path: Path) -> int:
    store = open_store(plan_path, readonly=True)
    try:
        return store.plan.item("Ⅰ-4-1").amount
    finally:
        store.close()


def test_export_of_the_whole_plan(plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "令和６年度.xlsx"
    code, text, _ = run(capsys, monkeypatch, "export-xlsx", "--db", str(plan_path), "--out", str(out))
    assert code == EXIT_OK
    assert text.splitlines()[0] == f"「{out}」に事業 25 件を書き出しました。"
    assert text.splitlines()[1].startswith("版 1 を残しました（ワークブック、")
    assert openpyxl.load_workbook(out).sheetnames[:3] == ["総括表", "事業別一覧表", "Ⅰ-１"]


def test_export_of_an_unknown_section(plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, text, err = run(capsys, monkeypatch, "export-xlsx", "--db", str(plan_path), "--out",
                          str(tmp_path / "x.xlsx"), "--section", "財政課")
    assert (code, text) == (EXIT_FAILED, "")
    assert err.startswith("asahi-desk: 課「財政課」はこの計画にありません（課：総務課、区政推進課、")
    assert not (tmp_path / "x.xlsx").exists()


def test_dry_run_shows_the_differences_and_changes_nothing(plan_path: Path, returned: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = database_rows(plan_path)
    code, text, _ = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(returned), "--dry-run",
                        answer="y\n")
    assert (code, text) == (EXIT_OK, DIFFERENCES + "（--dry-run のため、計画は変更していません）\n")
    assert database_rows(plan_path) == before


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "はい\n"])
def test_import_asks_and_anything_but_yes_cancels(plan_path: Path, returned: Path, answer: str,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = database_rows(plan_path)
    code, text, _ = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(returned), answer=answer)
    assert code == EXIT_FINDINGS
    assert text == DIFFERENCES + "この内容で計画を変更しますか？ [y/N]: 中止しました。計画は変更していません。\n"
    assert database_rows(plan_path) == before


@pytest.mark.parametrize("answer", ["y\n", "YES\n", "ｙ\n"])
def test_import_applies_on_yes(plan_path: Path, returned: Path, answer: str, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, text, _ = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(returned), answer=answer)
    assert code == EXIT_OK
    assert text.endswith("[y/N]: 計画を変更しました（1 件の操作）。asahi-desk check で点検してください。\n")
    assert amount_of_item_1(plan_path) == 400


def test_import_with_yes_flag_does_not_ask(plan_path: Path, returned: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, text, _ = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(returned), "--yes")
    assert code == EXIT_OK
    assert text == DIFFERENCES + "計画を変更しました（1 件の操作）。asahi-desk check で点検してください。\n"
    assert amount_of_item_1(plan_path) == 400
    # the same workbook again: nothing left to change
    code, text, _ = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(returned), "--yes")
    assert (code, text) == (EXIT_OK, "「返送.xlsx」と計画の違いはありません。\n")


def test_import_of_a_bad_workbook_names_the_cell_and_changes_nothing(plan_path: Path, returned: Path,
                                                                    tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bad = edit(returned, tmp_path / "誤り.xlsx", lambda wb: wb["Ⅰ-４"].cell(13, 4).__setattr__("value", "四百"))
    before = database_rows(plan_path)
    code, text, err = run(capsys, monkeypatch, "import-xlsx", "--db", str(plan_path), str(bad), "--yes")
    assert (code, text) == (EXIT_FAILED, "")
    assert err == ("「誤り.xlsx」は取り込めません。計画は変更していません。\n"
                   "  シート「Ⅰ-４」のセル D13：「四百」は金額として読めません。数字で入力してください（例：12,345　▲300）。\n")
    assert database_rows(plan_path) == before
