"""Which PDFs may be attached, and the clear reason for those that may not; the plan stays as it was."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from asahi_desk.domain import attachments
from asahi_desk.domain.attachments import AttachmentError, check_pdf, check_placement, new_attachment, read_pdf_file
from asahi_desk.domain.model import AgendaItem, Plan
from asahi_desk.store import PlanStore
from tests.helpers import database_rows, make_pdf


@pytest.fixture(scope="module")
def good() -> bytes:
    return make_pdf(["運営事業者の概要版", "２ページ目"])


def encrypted(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def with_broken_page_content(data: bytes) -> bytes:
    """The first page's drawing instructions overwritten in the middle, as a bad disk or transfer leaves them."""
    number = PdfReader(BytesIO(data)).pages[0].raw_get("/Contents").idnum
    start = data.index(b"stream", re.search(rb"\n%d 0 obj" % number, data).end()) + 7
    broken = bytearray(data)
    broken[start + 20:start + 40] = b"\x00" * 20
    return bytes(broken)


def test_a_good_pdf_is_taken(good: bytes) -> None:
    assert check_pdf(good, "概要版.pdf") == 2


def test_a_pdf_that_only_strict_mode_refuses_is_taken(good: bytes) -> None:
    """Cross-reference offsets a few bytes off: every viewer opens it, so do we."""
    line = good.index(b"\n", 10)
    shifted = good[:line] + b"\n%x" + good[line:]
    with pytest.raises(Exception):
        PdfReader(BytesIO(shifted), strict=True)
    assert check_pdf(shifted, "ずれ.pdf") == 2


@pytest.mark.parametrize("data, message", [
    (b"", "空のファイルです"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PDF ではありません"),
    ("会議の資料です".encode(), "PDF ではありません"),
])
def test_not_a_pdf(data: bytes, message: str) -> None:
    with pytest.raises(AttachmentError, match=message):
        check_pdf(data, "資料.pdf")


def test_a_cut_off_pdf_is_refused(good: bytes) -> None:
    for share in (0.3, 0.9, 0.99):
        with pytest.raises(AttachmentError, match="「概要版.pdf」は途中で切れています"):
            check_pdf(good[: int(len(good) * share)], "概要版.pdf")


def test_a_damaged_pdf_is_refused(good: bytes) -> None:
    with pytest.raises(AttachmentError, match="「概要版.pdf」は壊れているため綴じられません"):
        check_pdf(with_broken_page_content(good), "概要版.pdf")
    middle = len(good) // 2
    with pytest.raises(AttachmentError, match="壊れている"):
        check_pdf(good[:middle] + b"\x00" * 200 + good[middle + 200:], "概要版.pdf")


@pytest.mark.parametrize("password", ["", "secret"])
def test_an_encrypted_pdf_is_refused_even_without_a_password(good: bytes, password: str) -> None:
    data = encrypted(good, password)
    assert PdfReader(BytesIO(data)).is_encrypted
    with pytest.raises(AttachmentError, match="暗号化.*保護のない PDF をもらってください"):
        check_pdf(data, "保護.pdf")


def test_too_many_pages_is_refused() -> None:
    assert check_pdf(blank_pages(attachments.MAX_PAGES), "上限.pdf") == attachments.MAX_PAGES
    data = blank_pages(attachments.MAX_PAGES + 1)
    assert len(data) < 10_000  # the limit is on pages, not only bytes
    with pytest.raises(AttachmentError, match="51 ページあり、多すぎる.*50 ページまで"):
        check_pdf(data, "報告書全文.pdf")


def test_too_many_bytes_is_refused_before_reading(tmp_path: Path, good: bytes) -> None:
    big = tmp_path / "写真集.pdf"
    with big.open("wb") as f:  # a sparse file: large on paper, nothing to read
        f.write(good)
        f.truncate(attachments.MAX_BYTES + 1)
    with pytest.raises(AttachmentError, match="「写真集.pdf」は 20.0 MB あり、大きすぎる.*20 MB まで"):
        read_pdf_file(big)
    with pytest.raises(AttachmentError, match="大きすぎる"):
        check_pdf(good + b"%" * attachments.MAX_BYTES, "写真集.pdf")


def test_a_font_that_is_not_embedded_is_refused() -> None:
    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 700, "Helvetica is not embedded")
    canvas.showPage()
    canvas.save()
    with pytest.raises(AttachmentError, match="埋め込まれていないフォント（Helvetica）"):
        check_pdf(buffer.getvalue(), "英語.pdf")


def test_reading_a_file(tmp_path: Path, good: bytes) -> None:
    path = tmp_path / "概要版.pdf"
    path.write_bytes(good)
    assert read_pdf_file(path) == good
    with pytest.raises(AttachmentError, match="見つかりません"):
        read_pdf_file(tmp_path / "ない.pdf")
    with pytest.raises(AttachmentError, match="フォルダーです"):
        read_pdf_file(tmp_path)


def test_placements(plan: Plan) -> None:
    assert check_placement(plan, "資料2", "summary") == ("資料２", "summary", None)
    assert check_placement(plan, "資料１", "after", 3, {"資料１": 25}) == ("資料１", "after", 3)
    assert check_placement(plan, "資料１", "end", 3) == ("資料１", "end", None)
    with pytest.raises(AttachmentError, match="「資料９」という資料はありません。資料１、資料２ のどれか"):
        check_placement(plan, "資料９", "end")
    with pytest.raises(AttachmentError, match="概要版の代わりに綴じられるのは、概要版のある資料２だけ"):
        check_placement(plan, "資料１", "summary")
    with pytest.raises(AttachmentError, match="1 以上の数"):
        check_placement(plan, "資料１", "after", 0)
    with pytest.raises(AttachmentError, match="資料１は 25 ページです"):
        check_placement(plan, "資料１", "after", 26, {"資料１": 25})
    plan.meeting.items.append(AgendaItem("その他", handout="資料３"))
    assert check_placement(plan, "資料３", "start") == ("資料３", "start", None)
    with pytest.raises(AttachmentError, match="資料３は添付した PDF だけの資料"):
        check_placement(plan, "資料３", "after", 1)


def test_every_refusal_leaves_the_plan_as_it_was(store: PlanStore, good: bytes) -> None:
    plan = store.plan
    before = database_rows(store.path)
    bad = [
        (encrypted(good, ""), "資料２", "summary"),
        (with_broken_page_content(good), "資料２", "summary"),
        (good[: len(good) // 2], "資料２", "end"),
        (blank_pages(attachments.MAX_PAGES + 1), "資料２", "end"),
        ("PDF ではない".encode(), "資料２", "end"),
        (good, "資料９", "end"),
        (good, "資料１", "summary"),
    ]
    for data, handout, placement in bad:
        with pytest.raises(AttachmentError):
            store.insert(new_attachment(plan, data, "添付.pdf", handout, placement), None)
    assert plan.attachments == []
    assert database_rows(store.path) == before
    attachment = store.insert(new_attachment(plan, good, "C:/受信/概要版.pdf", "資料２", "summary"), None)
    assert attachment.file_name == "概要版.pdf" and attachment.page_count == 2
    assert plan.attachments == [attachment]
