"""Text from the plan on the page: escaping, and Japanese line breaking with 禁則.

ReportLab's CJK wrapping cuts between any two characters and, when the cut
falls before a closing mark, hangs that one mark in the margin. That lets a
line start with the second of two marks (）、 」。) and end with an opening
bracket, and the hanging mark runs into the rules of a framed box. The
paragraph below keeps ReportLab's glyph handling and replaces only the choice
of the break: no line starts with a mark of NO_START, none ends with one of
NO_END, and runs of Latin letters and figures (2,000 / HACCP) stay whole.
"""

from __future__ import annotations

from typing import Sequence
from xml.sax.saxutils import escape as _xml_escape

from reportlab.platypus.paragraph import ParaLines, Paragraph, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

# JIS X 4051 行頭禁則: closing brackets, punctuation, small kana, prolonged sound mark, iteration marks.
NO_START = frozenset(
    "、。，．,.）)］]｝}」』】〕〉》〙〗”’!！?？:：;；・･ー‐～〜…‥%％°℃"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ゛゜"
)
# 行末禁則: opening brackets.
NO_END = frozenset("（(［[｛{「『【〔〈《〘〖“‘")
# Characters that hold together as one word: Latin letters, figures and their separators.
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,'&-_/@#+")
_PAIRED = frozenset("…‥―")


def escape(text: str) -> str:
    """Plain text as Paragraph markup: <, > and & print literally, a newline breaks the line.

    The full-width space is written as a character reference: ReportLab would
    otherwise fold it into an ordinary space, and 区　　分 or １　事業名 lose their spacing.
    """
    return _xml_escape(text).replace("\n", "<br/>").replace("\u3000", "&#x3000;")


def can_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next start with `after`?"""
    if after in NO_START or before in NO_END:
        return False
    if before in _WORD and after in _WORD:
        return False
    if before == after and before in _PAIRED:
        return False
    return True


def _is_break(glyph: cjkU) -> bool:
    return hasattr(glyph.frag, "lineBreak")


def _breakable(glyphs: Sequence[cjkU], cut: int) -> bool:
    """May the line end before glyphs[cut]? Spaces at a break vanish, so look past them."""
    after = cut
    while after < len(glyphs) and glyphs[after] == " ":
        after += 1
    return after >= len(glyphs) or can_break(glyphs[cut - 1], glyphs[after])


def kinsoku_lines(glyphs: Sequence[cjkU], max_widths: Sequence[float], calc_bounds: bool) -> ParaLines:
    """Break a paragraph's glyphs into lines, filling each line as far as the rules allow."""
    lines = []
    n = len(glyphs)
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n:
            glyph = glyphs[i]
            if _is_break(glyph):
                break
            if used + glyph.width > max_width + _FUZZ and i > start:
                break
            used += glyph.width
            i += 1
        if i < n and _is_break(glyphs[i]):  # <br/>: the line ends here whatever it holds
            lines.append(makeCJKParaLine(glyphs[start : i + 1], max_width, used, max_width - used, True, calc_bounds))
            start = i + 1
            continue
        if i >= n:
            lines.append(makeCJKParaLine(glyphs[start:], max_width, used, max_width - used, False, calc_bounds))
            break
        cut = i
        while cut > start and not _breakable(glyphs, cut):
            cut -= 1
        if cut == start:  # one unbreakable run wider than the line: cut it where it overflows
            cut = i
        width = sum(g.width for g in glyphs[start:cut])
        lines.append(makeCJKParaLine(glyphs[start:cut], max_width, width, max_width - width, False, calc_bounds))
        start = cut
        while start < n and glyphs[start] == " ":  # a space at a break is not carried to the next line
            start += 1
    return ParaLines(kind=1, lines=lines)


class JParagraph(Paragraph):
    """A Paragraph set with Japanese line breaking (its style must have wordWrap='CJK')."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 (ReportLab's names)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        self.height = 0
        frags = self.frags
        if not frags:
            style = self.style
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        glyphs: list[cjkU] = []
        for frag in frags:
            text = frag.text
            if text:
                glyphs.extend(cjkU(ch, frag, "utf8") for ch in text)
            else:
                glyphs.append(cjkU(text, frag, "utf8"))
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return kinsoku_lines(glyphs, maxWidths, auto_leading not in ("", "off"))

    def line_texts(self) -> list[str]:
        """The text of each line as set by the last wrap (for checks and tests)."""
        lines = getattr(self, "blPara", None)
        if lines is None:
            return []
        return ["".join(w.text for w in line.words) for line in lines.lines]
