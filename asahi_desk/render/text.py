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

from functools import cache
from typing import Sequence
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.rl_accel import sameFrag
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
# A figure holds its unit (【4,000千円】, 1,500部, ２回) and the counter before it (年２回) on its line.
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_FIGURE = _DIGITS | frozenset(",，.．")
_UNITS = frozenset("千万億円部回人件個所か箇ヶ校台枚冊本点歳日月年週時分世帯団体名社店軒")
_MULTIPLES = frozenset("千万億")
_COUNTERS = frozenset("年月週毎第計約全")


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
    if before in _FIGURE and (after in _FIGURE or after in _UNITS):
        return False
    if before in _MULTIPLES and after in _UNITS:  # 千円, 万件
        return False
    if before in _COUNTERS and after in _DIGITS:  # 年２回
        return False
    if before == after and before in _PAIRED:
        return False
    return True


@cache
def _advances(font: str, size: float) -> dict[str, float]:
    """Widths of single characters in one face and size, looked up once each."""
    return {}


def char_width(ch: str, font: str, size: float) -> float:
    widths = _advances(font, size)
    w = widths.get(ch)
    if w is None:
        w = widths[ch] = stringWidth(ch, font, size)
    return w


def balanced_points(text: str, widths: Sequence[float], max_widths: Sequence[float]) -> list[tuple[int, int, float]]:
    """As break_points, but a last line of one character takes one more from the line above when the rules allow.

    For names in narrow cells (事業名): 旭ふれあい区民まつ / り reads worse than 旭ふれあい区民 / まつり.
    """
    points = break_points(text, widths, max_widths)
    if len(points) < 2 or points[-1][1] - points[-1][0] != 1:
        return points
    (a, _, _), (_, end, _) = points[-2], points[-1]
    for cut in range(end - 2, a + 1, -1):
        if _breakable(text, cut):
            return [*points[:-2], (a, cut, sum(widths[a:cut])), (cut, end, sum(widths[cut:end]))]
    return points


def break_points(text: str, widths: Sequence[float], max_widths: Sequence[float]) -> list[tuple[int, int, float]]:
    """Where the lines of `text` begin and end (start, end, width used), filling each as far as the rules allow."""
    out: list[tuple[int, int, float]] = []
    n = len(text)
    start = 0
    while start < n:
        max_width = max_widths[min(len(out), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and (used + widths[i] <= max_width + _FUZZ or i == start):
            used += widths[i]
            i += 1
        if i >= n:
            out.append((start, n, used))
            break
        cut = i
        while cut > start and not _breakable(text, cut):
            cut -= 1
        if cut == start:  # one unbreakable run wider than the line: cut it where it overflows
            cut = i
        out.append((start, cut, sum(widths[start:cut])))
        start = cut
        while start < n and text[start] == " ":  # a space at a break is not carried to the next line
            start += 1
    return out


def _breakable(text: Sequence[str], cut: int) -> bool:
    """May the line end before text[cut]? Spaces at a break vanish, so look past them."""
    after = cut
    while after < len(text) and text[after] == " ":
        after += 1
    return after >= len(text) or can_break(text[cut - 1], text[after])


def _script(ch: str) -> str:
    if "\u30a0" <= ch <= "\u30ff" or ch == "ー":
        return "katakana"
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
        return "kanji"
    return "other"


def word_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """A short label (a pillar's 安全・安心) in lines broken between words only, never inside one.

    Words are runs of one script; kana after kanji belongs to it (魅力づくり), 「・」 joins
    its neighbours (安全・安心), and a space is a break that is not printed. A word
    longer than the line stands alone on its line.
    """
    words: list[str] = []
    for ch in text:
        if ch in " \u3000":
            words.append("")
            continue
        if words and words[-1]:
            prev = words[-1][-1]
            joined = ch == "・" or prev == "・" or _script(ch) == _script(prev) or \
                (_script(ch) == "hiragana" and _script(prev) in ("kanji", "katakana")) or \
                not can_break(prev, ch)
            if joined:
                words[-1] += ch
                continue
        words.append(ch)
    lines: list[str] = []
    spaced = False  # the word before was followed by a space
    for word in words:
        if not word:
            spaced = True
            continue
        gap = "\u3000" if spaced else ""
        if lines and stringWidth(lines[-1] + gap + word, font, size) <= width + _FUZZ:
            lines[-1] += gap + word
        else:
            lines.append(word)
        spaced = False
    return lines


def kinsoku_lines(glyphs: Sequence[cjkU], max_widths: Sequence[float], calc_bounds: bool) -> ParaLines:
    """Lines of a paragraph of several fragments (fonts, <br/>), as ReportLab's CJK lines."""
    lines = []
    start = 0
    # <br/> ends a line whatever it holds: break the glyphs into runs at each one first.
    runs: list[tuple[int, int, bool]] = []
    for i, glyph in enumerate(glyphs):
        if hasattr(glyph.frag, "lineBreak"):
            runs.append((start, i + 1, True))
            start = i + 1
    runs.append((start, len(glyphs), False))
    for run_start, run_end, hard in runs:
        run = glyphs[run_start:run_end]
        text = [str(g) for g in run]
        widths = [g.width for g in run]
        widths_left = max_widths[min(len(lines), len(max_widths) - 1):] or max_widths[-1:]
        points = break_points(text, widths, widths_left) if run else []
        if not points:
            max_width = widths_left[0]
            lines.append(makeCJKParaLine(run, max_width, 0.0, max_width, hard, calc_bounds))
            continue
        for k, (a, b, used) in enumerate(points):
            max_width = widths_left[min(k, len(widths_left) - 1)]
            last = k == len(points) - 1
            lines.append(makeCJKParaLine(run[a:b], max_width, used, max_width - used, hard and last, calc_bounds))
    return ParaLines(kind=1, lines=lines)


def _frag_text(frag) -> str:  # type: ignore[no-untyped-def]
    """A fragment's text; the second part of a paragraph split by ReportLab holds its set lines as `words`."""
    text = getattr(frag, "text", None)
    if text is None:
        text = "".join(w for w in getattr(frag, "words", []) if isinstance(w, str))
    return text or ""


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
        plain = self._plain_runs(frags)
        if plain is not None:
            return self._plain_lines(*plain, maxWidths)
        glyphs: list[cjkU] = []
        for frag in frags:
            text = _frag_text(frag)
            if text:
                glyphs.extend(cjkU(ch, frag, "utf8") for ch in text)
            else:
                glyphs.append(cjkU(text, frag, "utf8"))
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return kinsoku_lines(glyphs, maxWidths, auto_leading not in ("", "off"))

    def split(self, availWidth, availHeight):  # noqa: N802, N803 (ReportLab's names)
        """ReportLab marks the first part's lines as kind 1 even when they are plain strings (kind 0): keep their kind."""
        pieces = super().split(availWidth, availHeight)
        whole = getattr(self, "blPara", None)
        if len(pieces) == 2 and whole is not None and whole.kind == 0:
            first = pieces[0]
            first.blPara = whole.clone(kind=0, lines=list(first.blPara.lines))
        return pieces

    @staticmethod
    def _plain_runs(frags):  # type: ignore[no-untyped-def]
        """The texts between <br/>s when the whole paragraph is in one font, else None.

        Entities (&amp; &#x3000;) cut the text into fragments of the same style: they are joined again here,
        so that escaped text is set as fast as any other.
        """
        first = None
        runs: list[list[str]] = [[]]
        for frag in frags:
            if hasattr(frag, "cbDefn"):
                return None
            if hasattr(frag, "lineBreak"):
                runs.append([])
                continue
            if first is None:
                first = frag
            elif not sameFrag(first, frag):
                return None
            runs[-1].append(_frag_text(frag))
        if first is None:
            return None
        return first, ["".join(run) for run in runs]

    def _plain_lines(self, frag, texts, max_widths):  # type: ignore[no-untyped-def]
        """Lines as plain strings, the way ReportLab sets text in a single font."""
        lines = []
        points_of = balanced_points if getattr(self.style, "balanced", False) else break_points
        for text in texts:
            widths = [char_width(ch, frag.fontName, frag.fontSize) for ch in text]
            points = points_of(text, widths, max_widths[min(len(lines), len(max_widths) - 1):] or max_widths[-1:])
            if not points:
                lines.append((max_widths[min(len(lines), len(max_widths) - 1)], []))
            for a, b, used in points:
                lines.append((max_widths[min(len(lines), len(max_widths) - 1)] - used, [text[a:b]]))
        return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)

    def line_texts(self) -> list[str]:
        """The text of each line as set by the last wrap (for checks and tests)."""
        lines = getattr(self, "blPara", None)
        if lines is None:
            return []
        if lines.kind == 0:
            return ["".join(words) for _, words in lines.lines]
        return ["".join(w.text for w in line.words) for line in lines.lines]
