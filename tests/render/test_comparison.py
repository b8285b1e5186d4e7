"""The 新旧対照表 PDF: `diff --out`, read back with poppler's pdftotext, pdffonts and pdfinfo."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.domain.compare import compare
from asahi_desk.render.comparison import Sides, marked, render_comparison
from asahi_desk.store import PlanStore
from asahi_desk.store import versions
from tests.render.conftest import need, page_texts
from tests.test_cli_versions import five_changes, listed


def spaced(text: str) -> str:
    """pdftotext's page with every run of spaces (full-width ones too) made one space."""
    return re.sub(r"[ \u3000]+", " ", text)


def pdf_info(path: Path) -> dict[str, str]:
    need("pdfinfo")
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_changed_words_and_figures_are_underlined_and_plan_text_is_escaped() -> None:
    old, new = marked("区民の防犯意識を高めます。", "区民の防災意識を高めます。")
    assert old == "区民の防<u>犯</u>意識を高めます。" and new == "区民の防<u>災</u>意識を高めます。"
    old, new = marked("1,725", "1,825")  # a figure is one word: underlined whole
    assert (old, new) == ("<u>1,725</u>", "<u>1,825</u>")
    old, new = marked("A&B <事業>", "A&B <事業>追加")
    assert old == "A&amp;B &lt;事業&gt;" and new == "A&amp;B &lt;事業&gt;<u>追加</u>"
    old, new = marked("全く別の文章", "まるで違う内容です")  # nothing alike: underlined whole, not in pieces
    assert (old, new) == ("<u>全く別の文章</u>", "<u>まるで違う内容です</u>")


def test_diff_out_writes_the_comparison_of_the_five_changes(plan_path: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--db", str(plan_path), "--out", str(tmp_path / "s1.pdf")]) == 0
    since = listed(plan_path, capsys)[0]["id"]
    assert main(["versions", "--db", str(plan_path), "--name", str(since), "6/3 課長確認用"]) == 0
    store = PlanStore.open(plan_path)
    try:
        changed = five_changes(store)
        store.update(store.plan.project("Ⅲ-1"), name="あさひ<魅力> & 発見事業")
        item, gone, moved = changed["item"], changed["gone"], changed["moved"]
        version = versions.get(store.file, since)
    finally:
        store.close()
    out = tmp_path / "対照表.pdf"
    capsys.readouterr()
    assert main(["diff", "--db", str(plan_path), "--since", str(since), "--out", str(out)]) == 0
    assert f"「{out}」に新旧対照表を書き出しました（1ページ、変更 6 件）" in capsys.readouterr().out

    pages = page_texts(out.read_bytes(), tmp_path, layout=True)
    text = spaced(pages[0])
    assert "新旧対照表" in text and "令和６年度 旭区個性ある区づくり推進費の執行計画" in text
    assert f"旧：版 {since} 6/3 課長確認用（{version.made_at_text}）" in text
    assert "新：いまの計画（" in text
    for head in ("事 業", "新", "旧", "備 考"):
        assert head in text
    assert "資料１の内容が変わったページ：1" in text
    row = next(line for line in text.splitlines() if line.startswith("Ⅰ-１ 細事業１"))
    assert row.split()[-3:] == [f"{item.amount:,}", f"{item.amount - 100:,}", "（変更）"]  # type: ignore[attr-defined]
    assert "増▲減 100" in text
    for label in ("（追加）", "（変更）", "（削除）", "（移動）"):
        assert label in text
    assert "新しい細事業【50千円】" in text and f"{gone.name}【{gone.amount:,}千円】" in text  # type: ignore[attr-defined]
    assert f"{moved.name}" in text and "あさひ<魅力> & 発見事業" in text  # type: ignore[attr-defined]
    assert "＜合計額の変化＞" in text
    total = next(line for line in text.splitlines() if line.strip().startswith("個性ある区づくり推進費"))
    assert total.split()[1:] == ["876,676", "876,702", "（変更）"]
    assert text.rstrip().splitlines()[-1].strip() == "1"  # the page number

    # what is listed, and in what order, is the comparison's: plan order
    rows = [line.split()[0] for line in text.splitlines() if line.strip().endswith(("（変更）", "（追加）", "（削除）", "（移動）"))]
    assert rows[:6] == ["Ⅰ-１", "Ⅰ-２", "Ⅰ-２", "Ⅱ-１", "Ⅱ-３", "Ⅲ-１"]  # the removed item under its project as it is now

    need("pdffonts")
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb
    info = pdf_info(out)
    assert info["Title"] == "令和６年度 旭区個性ある区づくり推進費の執行計画　新旧対照表"
    assert info["Author"] == "旭区区政推進課"
    assert info["Page size"].startswith("595.276 x 841.89")  # A4


def test_a_long_comparison_runs_over_numbered_pages(plan: object, store: PlanStore, tmp_path: Path) -> None:
    versions.record(store, "資料１")
    older = versions.plan_of(store.file, versions.list_versions(store.file)[0].id)
    for project in list(store.plan.projects()):
        store.update(project, purpose=(project.purpose or "目的") + "この一文を加えました。")
    result = compare(older, store.plan)
    pdf = render_comparison(result, older, store.plan, Sides("いまの計画", "版 1"))
    pages = page_texts(pdf.pdf, tmp_path, layout=True)
    assert pdf.page_count == len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert page.rstrip().splitlines()[-1].strip() == str(n)
        assert "事 業" in spaced(page)  # the head row on every page
    assert sum(page.count("（変更）") for page in pages) == len(result.changes) + len(result.totals)


def test_no_change_says_so(store: PlanStore, tmp_path: Path) -> None:
    version = versions.record(store, "資料１")
    older = versions.plan_of(store.file, version.id)  # type: ignore[union-attr]
    pdf = render_comparison(compare(older, store.plan), older, store.plan, Sides("いまの計画", "版 1"))
    text = page_texts(pdf.pdf, tmp_path)[0]
    assert "変更はありません。" in text and "変更 0 件" in text


def test_a_pdf_that_cannot_be_written_leaves_the_former_file(plan_path: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    main(["versions", "--db", str(plan_path), "--save"])
    capsys.readouterr()
    assert main(["diff", "--db", str(plan_path), "--since", "1", "--out", str(tmp_path / "missing" / "a.pdf")]) == 2
    err = capsys.readouterr().err
    assert "フォルダーが見つかりません" in err and "Traceback" not in err
    assert main(["diff", "--db", str(plan_path), "--since", "1", "--out", str(tmp_path)]) == 2
    assert "フォルダーです" in capsys.readouterr().err
    folder = tmp_path / "out"
    folder.mkdir()
    former = folder / "a.pdf"
    former.write_bytes(b"former")

    def refused(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("asahi_desk.files.os.replace", refused)  # another program holds the PDF open
    assert main(["diff", "--db", str(plan_path), "--since", "1", "--out", str(former)]) == 2
    assert former.read_bytes() == b"former" and [p.name for p in folder.iterdir()] == ["a.pdf"]
    assert "権限がありません" in capsys.readouterr().err


def test_diff_json_and_out_together(plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["versions", "--db", str(plan_path), "--save"])
    capsys.readouterr()
    out = tmp_path / "a.pdf"
    assert main(["diff", "--db", str(plan_path), "--since", "1", "--json", "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == [] and out.read_bytes().startswith(b"%PDF")
