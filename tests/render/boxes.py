"""Words of a rendered page with their boxes, from `pdftotext -bbox`, and lines made of them."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.render.conftest import need

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    y0: float  # top, from the top of the page
    x1: float
    y1: float

    def overlaps(self, other: Box, slack: float = 0.2) -> bool:
        return (self.x0 + slack < other.x1 and other.x0 + slack < self.x1
                and self.y0 + slack < other.y1 and other.y0 + slack < self.y1)


def page_words(pdf: bytes, page: int, tmp: Path) -> list[Box]:
    """The words of one page (1-based) with their boxes in points."""
    need("pdftotext")
    source = tmp / "words.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(source), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [Box(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3])) for m in _WORD.findall(out)]


def lines(words: list[Box], gap: float = 8.0) -> list[Box]:
    """Words on one baseline and close to each other joined into a line (a space between words)."""
    rows: dict[float, list[Box]] = {}
    for w in sorted(words, key=lambda w: (round(w.y1, 0), w.x0)):
        rows.setdefault(round(w.y1, 0), []).append(w)
    out: list[Box] = []
    for row in rows.values():
        current = [row[0]]
        for w in row[1:]:
            if w.x0 - current[-1].x1 > gap:
                out.append(_join(current))
                current = [w]
            else:
                current.append(w)
        out.append(_join(current))
    return out


def _join(words: list[Box]) -> Box:
    return Box(" ".join(w.text for w in words), min(w.x0 for w in words), min(w.y0 for w in words),
               max(w.x1 for w in words), max(w.y1 for w in words))


def below(line: Box, candidates: list[Box]) -> Box | None:
    """The nearest line under `line` that shares some of its width."""
    under = [c for c in candidates if c.y0 >= line.y1 - 0.5 and c.x0 < line.x1 and line.x0 < c.x1]
    return min(under, key=lambda c: c.y0, default=None)


def above(line: Box, candidates: list[Box]) -> Box | None:
    over = [c for c in candidates if c.y1 <= line.y0 + 0.5 and c.x0 < line.x1 and line.x0 < c.x1]
    return max(over, key=lambda c: c.y1, default=None)
