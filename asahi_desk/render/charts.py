"""The two donut charts of 予算のすがた, drawn as vectors with reportlab.graphics.

A slice's label sits inside its wedge when the whole block of text fits there;
otherwise it goes into the column of labels beside the ring, with a leader.
The labels of a column are pushed apart so that they never overlap, and the
centre text is set small enough to stay inside the hole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from reportlab.graphics.shapes import Drawing, Group, Line, String, Wedge
from reportlab.lib.colors import Color, black, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.money import format_percent
from ..domain.overview import Donut, Slice
from .fonts import Fonts
from .layout import Layout
from .text import can_break

LINE = 1.15  # line height of the labels, as a multiple of their size
TIGHT = 1.02  # line height of a label inside its wedge


def _label_lines(text: str, limit: int = 8) -> list[str]:
    """A long label in lines of at most `limit` characters (区庁舎・区民利用施設管理費), broken with 禁則."""
    lines: list[str] = []
    while len(text) > limit:
        cut = limit
        while cut > 1 and not can_break(text[cut - 1], text[cut]):
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    if len(text) == 1 and lines and len(lines[-1]) > 2:  # never one character alone: 身近なまちづく / り
        cut = len(lines[-1]) - 1
        while cut > 1 and not can_break(lines[-1][cut - 1], lines[-1][cut]):
            cut -= 1
        text, lines[-1] = lines[-1][cut:] + text, lines[-1][:cut]
    return [*lines, text]


@dataclass
class _Wedge:
    slice: Slice
    a0: float  # degrees, anticlockwise from three o'clock
    a1: float
    r0: float
    r1: float

    @property
    def middle(self) -> float:
        return math.radians((self.a0 + self.a1) / 2)

    def holds(self, x: float, y: float, cx: float, cy: float) -> bool:
        """Is the point inside this wedge (with a hair of margin)?"""
        r = math.hypot(x - cx, y - cy)
        if not self.r0 + 0.5 <= r <= self.r1 - 0.5:
            return False
        angle = math.degrees(math.atan2(y - cy, x - cx))
        while angle < self.a0:
            angle += 360
        return angle <= self.a1


def _ring(group: Group, cx: float, cy: float, r0: float, r1: float, slices: list[Slice], colours: list[Color],
          total: int, rule: float) -> list[_Wedge]:
    """Wedges clockwise from twelve o'clock."""
    out = []
    start = 0.0
    for i, s in enumerate(slices):
        sweep = 360.0 * s.amount / total if total else 0.0
        a1 = 90.0 - start
        a0 = a1 - sweep
        if sweep > 0:
            group.add(Wedge(cx, cy, r1, a0, a1, radius1=r0, fillColor=colours[i % len(colours)],
                            strokeColor=white, strokeWidth=rule))
        out.append(_Wedge(s, a0, a1, r0, r1))
        start += sweep
    return out


def _lines(s: Slice, figure: Callable[[int], str] | None, limit: int = 99) -> list[str]:
    return [*_label_lines(s.label, limit), *([figure(s.amount)] if figure else []), format_percent(s.percent)]


def _inside(w: _Wedge, lines: list[str], font: str, size: float, cx: float, cy: float) -> tuple[float, float] | None:
    """Where a block of lines inside its wedge starts (its top line's baseline), when all of it fits somewhere.

    The middle of the wedge is tried first, then points ever further from it towards either end.
    """
    width = max(stringWidth(line, font, size) for line in lines)
    height = len(lines) * size * TIGHT
    r = (w.r0 + w.r1) / 2
    middle = math.degrees(w.middle)
    half_sweep = (w.a1 - w.a0) / 2
    steps = [0.0] + [d * sign for d in range(3, int(half_sweep) + 1, 3) for sign in (1, -1)]
    radii = sorted((w.r0 + k * (w.r1 - w.r0) / 24 for k in range(1, 24)), key=lambda x: abs(x - r))
    for step in steps:
        a = math.radians(middle + step)
        for radius in radii:
            x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
            points = [(x + dx * width / 2, y + dy * height / 2) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            if all(w.holds(px, py, cx, cy) for px, py in points):
                return x, y + height / 2 - size * 0.88
    return None


def donut(layout: Layout, fonts: Fonts, chart: Donut, centre: list[str], width: float,
          inner_colours: list[Color], outer_colours: list[Color],
          figure: Callable[[int], str] | None = None) -> Drawing:
    """A donut; `figure` gives the line printed under each label from its amount (144 億円), when any."""
    height = layout.length("overview.chart_height")
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.gothic  # else the renderer starts in Helvetica, which is never embedded
    cx, cy = width / 2, height / 2
    r_in, r_mid, r_out = (layout.length(f"overview.ring_{k}") for k in ("inner", "middle", "outer"))
    size = layout.number("overview.label_size")
    group = Group()
    wedge_rule = layout.number("rule.chart_wedge")
    inner = _ring(group, cx, cy, r_in, r_mid, chart.inner, inner_colours, chart.total, wedge_rule)
    outer_total = sum(s.amount for s in chart.outer)
    # The outer ring shows the parts of the inner slices, in the same order and scale.
    outer = _ring(group, cx, cy, r_mid, r_out, chart.outer, outer_colours, chart.total if outer_total else 0, wedge_rule)
    drawing.add(group)
    room = width / 2 - r_out - 11
    limit = max(3, int(room // stringWidth("国", fonts.gothic, size)))
    beside: list[tuple[_Wedge, list[str]]] = []
    for w in inner:
        if w.slice.amount <= 0:
            continue
        lines = _lines(w.slice, figure)
        at = _inside(w, lines, fonts.gothic, size, cx, cy)
        if at is None:
            beside.append((w, _lines(w.slice, figure, limit)))
            continue
        for i, line in enumerate(lines):
            drawing.add(String(at[0], at[1] - i * size * TIGHT, line, fontName=fonts.gothic, fontSize=size,
                               textAnchor="middle", fillColor=white))
    beside += [(w, _lines(w.slice, figure, limit)) for w in outer if w.slice.amount > 0]
    _side_labels(drawing, fonts, beside, cx, cy, r_out, size, height, layout.number("rule.chart_leader"))
    _centre(drawing, fonts, centre, cx, cy, r_in, layout.number("overview.centre_size"))
    return drawing


def _centre(drawing: Drawing, fonts: Fonts, lines: list[str], cx: float, cy: float, r: float, size: float) -> None:
    """The centre lines, as large as `size` but small enough that every line stays inside the hole."""
    def fits(at: float) -> bool:
        top = len(lines) * at * 1.2 / 2
        for i, line in enumerate(lines):
            y_hi, y_lo = top - i * at * 1.2, top - (i + 1) * at * 1.2
            half = math.sqrt(max(0.0, (r - 1.5) ** 2 - max(y_hi ** 2, y_lo ** 2)))
            if stringWidth(line, fonts.gothic, at) / 2 > half:
                return False
        return True

    while size > 4 and not fits(size):
        size -= 0.25
    top = cy + len(lines) * size * 1.2 / 2
    for i, line in enumerate(lines):
        drawing.add(String(cx, top - (i + 1) * size * 1.2 + size * 0.25, line, fontName=fonts.gothic, fontSize=size,
                           textAnchor="middle"))


def _side_labels(drawing: Drawing, fonts: Fonts, labels: list[tuple[_Wedge, list[str]]], cx: float, cy: float,
                 r: float, size: float, height: float, rule: float) -> None:
    """Labels in a column on each side of the ring, in the order of their wedges top to bottom, never overlapping.

    Each leader runs from its wedge out past the ring, across beside it, then to its label.
    """
    line_h = size * LINE
    sides: dict[bool, list[list[object]]] = {True: [], False: []}
    for w, lines in labels:
        a = w.middle
        r_from = (w.r0 + w.r1) / 2
        start = (cx + r_from * math.cos(a), cy + r_from * math.sin(a))
        elbow = (cx + (r + 3) * math.cos(a), cy + (r + 3) * math.sin(a))
        block = len(lines) * line_h
        sides[math.cos(a) >= 0].append([elbow[1] + block / 2, lines, start, elbow])
    for right, column in sides.items():
        column.sort(key=lambda item: -item[3][1])  # top to bottom, by where the leaders leave the ring
        ceiling = height - 1
        for item in column:
            top = min(float(item[0]), ceiling)
            item[0] = top
            ceiling = top - len(item[1]) * line_h - 2
        lowest = ceiling + 2
        if lowest < 1:  # ran off the bottom: lift the whole column
            for item in column:
                item[0] = float(item[0]) + (1 - lowest)
        sign = 1 if right else -1
        x_knee, x_end, x_text = (cx + sign * (r + k) for k in (4, 8, 10))
        for top, lines, start, elbow in column:
            y_mid = float(top) - line_h * 0.6
            # out from the wedge, across to beside the ring at the same height, then to the label: the
            # labels keep the order of their leaders' heights, so no two leaders cross
            for a, b in ((start, elbow), (elbow, (x_knee, elbow[1])), ((x_knee, elbow[1]), (x_end, y_mid))):
                drawing.add(Line(a[0], a[1], b[0], b[1], strokeWidth=rule, strokeColor=black))
            for i, line in enumerate(lines):
                drawing.add(String(x_text, float(top) - (i + 1) * line_h + size * 0.25, line, fontName=fonts.gothic,
                                   fontSize=size, textAnchor="start" if right else "end"))
