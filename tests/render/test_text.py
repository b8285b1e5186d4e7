"""Japanese line breaking (禁則) and escaping of plan text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from asahi_desk.render.fonts import load_fonts
from asahi_desk.render.text import NO_END, NO_START, JParagraph, can_break, escape


@pytest.fixture(scope="module")
def style() -> ParagraphStyle:
    fonts = load_fonts()
    return ParagraphStyle("t", fontName=fonts.mincho, fontSize=10, leading=13, wordWrap="CJK")


def lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    p = JParagraph(escape(text), style)
    p.wrap(width, 10_000)
    return p.line_texts()


def test_escape_prints_markup_literally() -> None:
    assert escape("<b>A&B</b>") == "&lt;b&gt;A&amp;B&lt;/b&gt;"
    assert escape("一行目\n二行目") == "一行目<br/>二行目"
    assert escape("区　　分") == "区&#x3000;&#x3000;分"


def test_markup_in_plan_text_is_set_as_text(style: ParagraphStyle) -> None:
    assert "".join(lines("<b>太字</b> & <font size=30>大</font>", style, 400)) == \
        "<b>太字</b> & <font size=30>大</font>"


def test_reportlab_cjk_wrap_lets_a_line_start_with_a_closing_mark(style: ParagraphStyle) -> None:
    """Why the renderer breaks lines itself: ReportLab hangs one mark and starts the next line with the second."""
    from reportlab.platypus import Paragraph

    text = "あいうえおかきくけこ）、さしすせそ"
    width = 10 * 10 + 1  # ten characters
    p = Paragraph(text, style)
    p.wrap(width, 1000)
    starts = [(line[1][0] if isinstance(line, tuple) else "".join(w.text for w in line.words))[:1]
              for line in p.blPara.lines]
    assert "、" in starts
    ours = lines(text, style, width)
    assert not any(line[:1] in NO_START for line in ours)
    assert "".join(ours) == text


@pytest.mark.parametrize("width_chars", [5, 7, 10, 13, 20, 34])
def test_seed_sentence_breaks_with_kinsoku(style: ParagraphStyle, width_chars: int) -> None:
    text = ("・共助をテーマとした防災講座（対象：自治会町内会等）について、７月、８月、２月（２回）に区役所にて実施予定。"
            "また、受講しやすさを考え、新たに実施する出前講座については、区連会等での周知により募集を開始。"
            "（区役所開催、出前講座を合わせ、計８回実施予定）「あさひくん AR」約 2,000個 HACCP")
    out = lines(text, style, width_chars * 10 + 0.5)
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    for n, line in enumerate(out):
        assert n == 0 or line[:1] not in NO_START, out  # the bullet ・ opens the paragraph itself
        assert line[-1:] not in NO_END, out
        assert stringWidth(line, style.fontName, style.fontSize) <= width_chars * 10 + 0.5
    assert any("2,000個" in line for line in out)  # a figure is never cut
    assert any("HACCP" in line for line in out)


_ALPHABET = "あいうえお漢字区事業、。）」（「・ーっ0123456789ABC ,"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=80), width_chars=st.integers(min_value=3, max_value=30))
def test_no_line_breaks_a_rule_where_a_legal_break_existed(style: ParagraphStyle, text: str, width_chars: int) -> None:
    out = lines(text, style, width_chars * 10 + 0.5)
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    for before, after in zip(out, out[1:]):
        if not before or not after:
            continue
        if not can_break(before[-1], after.lstrip(" ")[:1] or " "):
            # allowed only when the previous line had no legal break at all (one unbreakable run);
            # a space at a break vanishes, so the pair that matters is the one around it
            chars = before.replace(" ", "")
            assert not any(can_break(a, b) for a, b in zip(chars, chars[1:])), (before, after)
