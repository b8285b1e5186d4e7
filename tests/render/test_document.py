"""How often a part is laid out: once, unless its story names pages (（Ｐ６ 再掲）)."""

from __future__ import annotations

import pytest
from reportlab.platypus import BaseDocTemplate

from asahi_desk.domain.model import Plan
from asahi_desk.render import render


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry each time ReportLab lays a document out."""
    calls: list[int] = []
    build = BaseDocTemplate.build

    def counted(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(1)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    return calls


@pytest.mark.parametrize(("part", "passes"), [("agenda", 1), ("shiryo2", 1), ("shiryo1", 2), ("packet", 4)])
def test_a_part_is_measured_only_when_it_names_pages(default_plan: Plan, layouts: list[int], part: str,
                                                     passes: int) -> None:
    result = render(default_plan, part)
    assert len(layouts) == passes  # 資料１ names pages: measured, then printed; the others printed at once
    assert result.page_count == {"agenda": 1, "shiryo2": 2, "shiryo1": 25, "packet": 28}[part]


def test_the_packet_and_its_handouts_from_one_rendering(default_plan: Plan, layouts: list[int], tmp_path) -> None:  # noqa: ANN001
    from asahi_desk.render import render_handouts, render_packet

    from .conftest import need, page_texts

    whole, each = render_packet(default_plan)
    assert len(layouts) == 4  # 次第 1, 資料１ 2, 資料２ 1: as the packet alone
    alone, handouts = render(default_plan, "packet"), render_handouts(default_plan)
    assert (whole.page_count, whole.page_labels, whole.outline) == (alone.page_count, alone.page_labels, alone.outline)
    assert page_texts(whole.pdf, tmp_path) == page_texts(alone.pdf, tmp_path)
    assert list(each) == list(handouts) == ["次第", "資料１", "資料２"]
    for label, one in each.items():
        assert page_texts(one.pdf, tmp_path) == page_texts(handouts[label].pdf, tmp_path), label
    need("pdffonts")
    import subprocess

    for pdf in (whole.pdf, *(one.pdf for one in each.values())):
        (tmp_path / "f.pdf").write_bytes(pdf)
        rows = subprocess.run(["pdffonts", str(tmp_path / "f.pdf")], check=True, capture_output=True,
                              text=True).stdout.splitlines()[2:]
        assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), rows


def test_the_checks_find_what_printing_would_report_without_printing(plan) -> None:  # noqa: ANN001
    from asahi_desk.domain.model import Attachment
    from asahi_desk.render import layout_findings, render
    from tests.helpers import make_pdf

    plan.project("Ⅰ-2").name = "とても長い名前の事業" * 6  # a tall row in the 一覧表
    plan.attachments += [Attachment("資料１", "後ろ.pdf", make_pdf(["後ろ"]), "after", 99),
                         Attachment("資料１", "壊れた.pdf", b"%PDF-1.4 broken", "end")]
    printed = render(plan, "shiryo1").findings
    assert {f.check for f in printed} >= {"layout_long_name", "packet_attachment_place", "packet_attachment_unreadable"}
    assert sorted(map(repr, layout_findings(plan))) == sorted(map(repr, printed))
