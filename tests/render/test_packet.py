"""The packet: 次第 + 資料１ + 資料２ with the PDFs attached where the user put them, and one PDF per handout."""

from __future__ import annotations

import os
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.pagesizes import A4, landscape, letter

from asahi_desk.domain.attachments import new_attachment
from asahi_desk.domain.model import AgendaItem, Attachment, Plan
from asahi_desk.render import (
    OutputError,
    RenderResult,
    handout_page_counts,
    render,
    render_handouts,
    save_handouts,
)
from asahi_desk.render.packet import file_name
from tests.helpers import make_pdf

from .conftest import need, page_texts
from .test_pdf import flat

PILLARS = ["Ⅰ 安全・安心", "Ⅱ 地域の力", "Ⅲ 魅力づくり", "Ⅳ 区民サービスの向上", "Ⅴ 統合事業費", "Ⅵ 旭区で企画する主な区配事業"]


def folios(pdf: bytes, tmp: Path) -> list[str]:
    """The last line of each page, where the page number is printed."""
    return [[line.strip() for line in text.splitlines() if line.strip()][-1] for text in page_texts(pdf, tmp, layout=True)]


def sizes(pdf: bytes) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(BytesIO(pdf)).pages]


def test_the_packet_of_the_built_in_plan(packet: RenderResult, shiryo1: RenderResult, tmp_path: Path) -> None:
    assert packet.page_count == 1 + 25 + 2
    assert [(h.label, h.first, h.last) for h in packet.handouts] == [("次第", 1, 1), ("資料１", 2, 26), ("資料２", 27, 28)]
    assert packet.findings == []
    assert packet.project_pages == {pid: page + 1 for pid, page in shiryo1.project_pages.items()}
    pages = page_texts(packet.pdf, tmp_path)
    assert "令和６年６月11日（火）" in pages[0] and "座長挨拶" in pages[0]
    assert "資料１" in pages[1] and not any("資料１" in p for p in pages[2:26])  # the label on its first page only
    assert "資料２" in pages[26] and not any("資料２" in p for p in pages[27:])
    assert "総括表" in flat(pages[1]) and "＜主な経緯＞" in pages[26] and "どのように使われたか" in pages[27]
    numbers = folios(packet.pdf, tmp_path)
    assert numbers[1:26] == [str(n) for n in range(1, 26)] and numbers[26:] == ["1", "2"]
    assert packet.page_labels[:3] == ["次第", "資料１-1", "資料１-2"] and packet.page_labels[-1] == "資料２-2"
    assert PdfReader(BytesIO(packet.pdf)).page_labels == packet.page_labels


def test_the_outline(packet: RenderResult, default_plan: Plan) -> None:
    top = packet.outline
    assert [(e.title, e.page) for e in top] == [
        ("次第", 1), ("資料１　令和６年度 旭区個性ある区づくり推進費の執行計画", 2),
        ("資料２　「横浜市郊外部における働く場の創出事業～旭区左近山団地における実証実験～」について", 27)]
    shiryo1 = top[1].children
    assert [e.title for e in shiryo1] == ["総括表", "事業別一覧表", *PILLARS, "区に係る予算のすがた", "主な事業内容"]
    pillars = {e.title: e for e in shiryo1}
    assert pillars["Ⅰ 安全・安心"].page == 5 and pillars["Ⅵ 旭区で企画する主な区配事業"].page == 23
    projects = [c for e in shiryo1 for c in e.children]
    assert len(projects) == 25 and projects[0].title == "Ⅰ-１ 災害に強い区づくり事業"
    assert {c.page for c in projects} == set(packet.project_pages.values())
    # the PDF's own bookmarks say the same
    reader = PdfReader(BytesIO(packet.pdf))
    marks = reader.outline
    titles = [m.title for m in marks if not isinstance(m, list)]
    assert titles == [e.title for e in top]
    assert [reader.get_destination_page_number(m) + 1 for m in marks if not isinstance(m, list)] == [1, 2, 27]
    assert [m.title for m in marks[2] if not isinstance(m, list)] == [e.title for e in shiryo1]


def test_fonts_metadata(packet: RenderResult, tmp_path: Path) -> None:
    need("pdffonts")
    source = tmp_path / "p.pdf"
    source.write_bytes(packet.pdf)
    rows = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows)
    tags = [row.split()[0].split("+")[0] for row in rows]
    assert len(tags) == len(set(tags))  # each subset its own tag, as the PDF standard asks
    info = PdfReader(BytesIO(packet.pdf)).metadata
    assert info.title == "令和６年第２回 区づくり推進横浜市会議員会議　会議資料"
    assert info.author == "旭区区政推進課" and info.subject == "次第・資料１・資料２"
    assert info.creation_date is not None


def test_an_attachment_after_a_page_and_one_instead_of_the_summary(plan: Plan, tmp_path: Path) -> None:
    plan.attachments += [
        new_attachment(plan, make_pdf(["参考資料その一", "参考資料その二"]), "参考.pdf", "資料１", "after", 3),
        new_attachment(plan, make_pdf(["運営事業者の概要版"], landscape(A4)), "概要版.pdf", "資料２", "summary"),
    ]
    result = render(plan, "packet")
    assert result.page_count == 1 + 25 + 2 + 1 + 1
    assert [(h.label, h.first, h.last) for h in result.handouts] == [("次第", 1, 1), ("資料１", 2, 28), ("資料２", 29, 30)]
    pages = page_texts(result.pdf, tmp_path)
    # after 資料１ p.3 (packet p.4), each attached page stamped with its label
    assert "参考資料その一" in pages[4] and "参考資料その二" in pages[5]
    assert all(p.count("資料１") == 1 for p in pages[4:6])
    # the generated pages keep their numbers, so that （Ｐ６ 再掲） still names the page printed 6
    numbers = folios(result.pdf, tmp_path)
    assert numbers[1:4] == ["1", "2", "3"] and numbers[6:9] == ["4", "5", "6"]
    assert not any(n.isdigit() for n in numbers[4:6])
    assert any("（Ｐ６ 再掲）" in p for p in pages[6:9])
    # 資料２: its page, then the operator's 概要版 in place of the generated one
    assert "運営事業者の概要版" in pages[29] and "資料２" in pages[29]
    assert not any("どのように使われたか" in p for p in pages)
    assert sizes(result.pdf)[29] == (842, 595)
    assert result.page_labels[4:7] == ["資料１-添付1", "資料１-添付2", "資料１-4"]
    assert result.page_labels[28:] == ["資料２-1", "資料２-添付1"]
    children = {e.title: e.page for e in result.outline[2].children}
    assert children["添付：概要版.pdf"] == 30 and "概要版" not in children
    assert {e.title: e.page for e in result.outline[1].children}["添付：参考.pdf"] == 5
    # 資料１ alone, for mailing, carries its attachment too
    alone = render(plan, "shiryo1")
    assert alone.page_count == 27 and alone.page_labels[3] == "資料１-添付1"


def test_attached_pages_are_fitted_to_a4_and_read_upright(plan: Plan, tmp_path: Path) -> None:
    turned = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["横向きに回したページ"]))))
    turned.pages[0].rotate(90)
    out = BytesIO()
    turned.write(out)
    cropped = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["裁ち落としあり"], (700, 900)))))
    cropped.pages[0].cropbox = RectangleObject((0, 0, 595.28, 841.89))  # an A4 crop box in a larger sheet
    cropped_out = BytesIO()
    cropped.write(cropped_out)
    plan.attachments += [
        Attachment("資料２", "letter.pdf", make_pdf(["レター判"], letter), "start"),
        Attachment("資料２", "turned.pdf", out.getvalue(), "end"),
        Attachment("資料２", "cropped.pdf", cropped_out.getvalue(), "end"),
    ]
    result = render(plan, "shiryo2")
    assert result.page_count == 5
    assert sizes(result.pdf) == [(595, 842), (595, 842), (842, 595), (842, 595), (595, 842)]
    assert all(int(p.get("/Rotate", 0)) == 0 for p in PdfReader(BytesIO(result.pdf)).pages)
    first = page_texts(result.pdf, tmp_path, layout=True)[0]
    assert first.lstrip("\n").splitlines()[0].strip() == "資料２"  # the stamp at the top of the page
    assert "資料２" in page_texts(result.pdf, tmp_path)[3]


def test_an_attachment_after_a_page_the_handout_lost(plan: Plan) -> None:
    plan.attachments.append(Attachment("資料２", "後ろ.pdf", make_pdf(["後ろ"]), "after", 9))
    result = render(plan, "shiryo2")
    assert result.page_count == 3 and result.page_labels[-1] == "資料２-添付1"
    (finding,) = result.findings
    assert finding.check == "packet_attachment_place" and "資料２は 2 ページのため、「後ろ.pdf」は資料２の終わりに綴じています" in finding.message


def test_a_handout_made_of_an_attachment(plan: Plan, tmp_path: Path) -> None:
    plan.meeting.items.insert(5, AgendaItem("報告", ["・区民意識調査の結果について"], handout="資料３"))
    assert [f.check for f in render(plan, "packet").findings] == ["packet_missing_handout"]
    plan.attachments.append(new_attachment(plan, make_pdf(["区民意識調査"]), "調査.pdf", "資料３", "start"))
    result = render(plan, "packet")
    assert result.findings == []
    assert [(h.label, h.first, h.last) for h in result.handouts][-1] == ("資料３", 29, 29)
    assert result.outline[-1].title == "資料３" and result.page_labels[-1] == "資料３-添付1"
    last = page_texts(result.pdf, tmp_path)[-1]
    assert "区民意識調査" in last and "資料３" in last


def test_an_attachment_that_cannot_be_read_is_left_out_and_said(plan: Plan) -> None:
    plan.attachments.append(Attachment("資料２", "壊れた.pdf", b"%PDF-1.4 broken", "summary"))
    result = render(plan, "packet")
    assert result.page_count == 1 + 25 + 1
    (finding,) = result.findings
    assert finding.level == "error" and "「壊れた.pdf」を読めないため、綴じていません" in finding.message


def test_page_counts_for_placing(plan: Plan) -> None:
    assert handout_page_counts(plan) == {"資料１": 25, "資料２": 2}


def test_one_pdf_per_handout(plan: Plan, tmp_path: Path) -> None:
    plan.attachments.append(new_attachment(plan, make_pdf(["概要版"]), "概要版.pdf", "資料２", "summary"))
    handouts = render_handouts(plan)
    assert list(handouts) == ["次第", "資料１", "資料２"]
    assert [r.page_count for r in handouts.values()] == [1, 25, 2]
    titles = [PdfReader(BytesIO(r.pdf)).metadata.title for r in handouts.values()]
    assert titles == ["令和６年第２回 区づくり推進横浜市会議員会議　次第", "令和６年度 旭区個性ある区づくり推進費の執行計画",
                      "「横浜市郊外部における働く場の創出事業～旭区左近山団地における実証実験～」について"]
    folder = tmp_path / "配布用"
    written = save_handouts(handouts, folder)
    assert [p.name for p in written] == ["次第.pdf", "資料１.pdf", "資料２.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)  # nothing else left behind
    assert (folder / "資料２.pdf").read_bytes() == handouts["資料２"].pdf
    assert file_name("資料:3/別紙") == "資料_3_別紙.pdf"


def test_saving_where_it_cannot_be_written(tmp_path: Path) -> None:
    a_file = tmp_path / "memo.txt"
    a_file.write_text("x")
    with pytest.raises(OutputError, match="フォルダーではありません"):
        save_handouts({}, a_file)
    with pytest.raises(OutputError, match="作れません"):
        save_handouts({}, tmp_path / "ない" / "配布用")
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        try:
            with pytest.raises(OutputError, match="書き込めません"):
                save_handouts({"次第": RenderResult(b"%PDF", 1, {}, [])}, locked)
        finally:
            locked.chmod(0o700)


def test_a_set_of_handouts_is_saved_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "配布用"
    folder.mkdir()
    (folder / "次第.pdf").write_bytes(b"old agenda")
    (folder / "資料１.pdf").mkdir()  # a target that cannot be replaced
    new = {"次第": RenderResult(b"new agenda", 1, {}, []), "資料１": RenderResult(b"new plan", 25, {}, [])}
    with pytest.raises(OutputError, match="「資料１.pdf」はフォルダーのため"):
        save_handouts(new, folder)
    assert (folder / "次第.pdf").read_bytes() == b"old agenda"
    assert sorted(p.name for p in folder.iterdir()) == ["次第.pdf", "資料１.pdf"]  # no temporary file left
    (folder / "資料１.pdf").rmdir()
    (folder / "資料１.pdf").write_bytes(b"old plan")

    # A file that cannot be replaced at the last moment (held open by a viewer on Windows): what was replaced goes back.
    replace = os.replace
    refused: list[object] = []

    def refusing(src: object, dst: object) -> None:
        if Path(str(dst)).name == "資料１.pdf" and Path(str(src)).read_bytes() == b"new plan":
            refused.append(src)
            raise PermissionError(13, "Permission denied")
        replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refusing)
    with pytest.raises(OutputError, match="何も書き換えていません"):
        save_handouts(new, folder)
    assert (folder / "次第.pdf").read_bytes() == b"old agenda"
    assert (folder / "資料１.pdf").read_bytes() == b"old plan"
    assert sorted(p.name for p in folder.iterdir()) == ["次第.pdf", "資料１.pdf"] and refused

    # And when even putting it back fails, the message says where the former file is.
    def stuck(src: object, dst: object) -> None:
        if Path(str(dst)).name == "資料１.pdf":
            raise PermissionError(13, "Permission denied")
        replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", stuck)
    with pytest.raises(OutputError, match=r"「資料１.pdf」を「(\.asahi-[\w-]+\.pdf)」として残しています") as refusal:
        save_handouts(new, folder)
    kept = re.findall(r"「(\.asahi-[\w-]+\.pdf)」", str(refusal.value))
    assert len(kept) == 1 and (folder / kept[0]).read_bytes() == b"old plan"
    assert (folder / "次第.pdf").read_bytes() == b"old agenda"
    replace(folder / kept[0], folder / "資料１.pdf")

    monkeypatch.setattr(os, "replace", replace)
    save_handouts(new, folder)
    assert [(folder / n).read_bytes() for n in ("次第.pdf", "資料１.pdf")] == [b"new agenda", b"new plan"]
    assert sorted(p.name for p in folder.iterdir()) == ["次第.pdf", "資料１.pdf"]
