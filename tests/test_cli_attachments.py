"""asahi-desk attach / detach / attachments: managing attached PDFs without the window."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, landscape

from asahi_desk.cli import EXIT_FAILED, EXIT_OK, main
from asahi_desk.domain.attachments import MAX_PAGES
from asahi_desk.store import PlanStore
from tests.helpers import database_rows, make_pdf


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    good = make_pdf(["参考資料", "参考資料２"])
    encrypted = PdfWriter(clone_from=PdfReader(BytesIO(good)))
    encrypted.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    blank = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        blank.add_blank_page(595, 842)
    files = {"good": good, "summary": make_pdf(["運営事業者の概要版"], landscape(A4)), "cut": good[: len(good) // 2],
             "text": "これは PDF ではありません".encode()}
    for name, writer in (("encrypted", encrypted), ("huge", blank)):
        out = BytesIO()
        writer.write(out)
        files[name] = out.getvalue()
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def test_attach_list_detach(plan_path: Path, pdfs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(plan_path)]
    before = database_rows(plan_path)
    assert main(["attach", *db, "--handout", "資料２", "--instead-of-summary", str(pdfs["summary"])]) == EXIT_OK
    assert "「summary.pdf」（1ページ）を資料２の概要版の代わりに綴じました（ID 1）" in capsys.readouterr().out
    assert main(["attach", *db, "--handout", "資料1", "--after", "３", str(pdfs["good"])]) == EXIT_OK
    assert "「good.pdf」（2ページ）を資料１の３ページの後に綴じました（ID 2）" in capsys.readouterr().out
    assert main(["attachments", *db]) == EXIT_OK
    listed = capsys.readouterr().out.splitlines()
    assert [line.split() for line in listed] == [["1", "資料２の概要版の代わり", "1ページ", "summary.pdf"],
                                                 ["2", "資料１の３ページの後", "2ページ", "good.pdf"]]
    store = PlanStore.open(plan_path, readonly=True)
    assert [a.data for a in store.plan.attachments] == [pdfs["summary"].read_bytes(), pdfs["good"].read_bytes()]
    store.close()
    assert main(["detach", *db, "2"]) == EXIT_OK and main(["detach", *db, "1"]) == EXIT_OK
    assert "「summary.pdf」（資料２の概要版の代わり）を外しました" in capsys.readouterr().out
    assert database_rows(plan_path) == before
    assert main(["attachments", *db]) == EXIT_OK
    assert capsys.readouterr().out.strip() == "綴じた PDF はありません。"


@pytest.mark.parametrize("name, args, message", [
    ("encrypted", ["--handout", "資料２"], "暗号化"),
    ("cut", ["--handout", "資料２"], "途中で切れています"),
    ("huge", ["--handout", "資料２"], f"{MAX_PAGES + 1} ページあり、多すぎる"),
    ("text", ["--handout", "資料２"], "PDF ではありません"),
    ("missing", ["--handout", "資料２"], "見つかりません"),
    ("good", ["--handout", "資料９"], "「資料９」という資料はありません"),
    ("good", ["--handout", "資料１", "--instead-of-summary"], "概要版の代わりに綴じられるのは"),
    ("good", ["--handout", "資料１", "--after", "26"], "資料１は 25 ページです"),
])
def test_bad_input_is_refused_and_the_plan_is_unchanged(plan_path: Path, pdfs: dict[str, Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str], name: str,
                                                        args: list[str], message: str) -> None:
    before = database_rows(plan_path)
    path = pdfs.get(name, tmp_path / "ない.pdf")
    assert main(["attach", "--db", str(plan_path), *args, str(path)]) == EXIT_FAILED
    assert message in capsys.readouterr().err
    assert database_rows(plan_path) == before


def test_bad_arguments(plan_path: Path, pdfs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    before = database_rows(plan_path)
    with pytest.raises(SystemExit) as exit_:
        main(["attach", "--db", str(plan_path), "--handout", "資料１", "--after", "0", str(pdfs["good"])])
    assert exit_.value.code == EXIT_FAILED and "ページ番号ではありません" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["attach", "--db", str(plan_path), "--handout", "資料２", "--start", "--end", str(pdfs["good"])])
    capsys.readouterr()
    assert main(["detach", "--db", str(plan_path), "7"]) == EXIT_FAILED
    assert "ID 7 の添付はありません" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["detach", "--db", str(plan_path), "一"])
    assert "添付の ID ではありません" in capsys.readouterr().err
    assert database_rows(plan_path) == before


def test_attach_then_print_the_packet_as_a_user_would(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "asahi_desk", *args], cwd=tmp_path, capture_output=True,
                              text=True, encoding="utf-8", timeout=180)

    assert run("init", "plan.sqlite").returncode == 0
    done = run("attach", "--db", "plan.sqlite", "--handout", "資料２", "--instead-of-summary", str(pdfs["summary"]))
    assert done.returncode == 0, done.stderr
    done = run("render", "--db", "plan.sqlite", "--part", "packet", "--out", "packet.pdf", "--split", "配布用")
    assert done.returncode == 0, done.stderr
    assert "会議資料一式を書き出しました（28ページ）" in done.stdout
    assert len(PdfReader(tmp_path / "packet.pdf").pages) == 28
    counts = {p.name: len(PdfReader(p).pages) for p in (tmp_path / "配布用").iterdir()}
    assert counts == {"次第.pdf": 1, "資料１.pdf": 25, "資料２.pdf": 2}
    last = PdfReader(tmp_path / "配布用" / "資料２.pdf").pages[-1].extract_text()
    assert "運営事業者の概要版" in last and "資料２" in last
