"""The two donut charts of 予算のすがた, drawn as vectors with reportlab.graphics."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, String, Wedge
from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.overview import Donut, Slice
from .layout import Layout


@dataclass(frozen=True)
class ChartFonts:
    label: str
    centre: str


def _label_lines(text: str, limit: int = 8) -> list[str]:
    """A long label in lines of at most `limit` characters (区庁舎・区民利用施設管理費)."""
    return [text[i : i + limit] for i in range(0, len(text), limit)] or [""]


def _ring(group: Group, cx: float, cy: float, r0: float, r1: float, slices: list[Slice], colours: list[Color],
          total: int) -> list[tuple[float, Slice]]:
    """Wedges clockwise from twelve o'clock; returns each slice's middle angle."""
    middles = []
    start = 0.0
    for i, s in enumerate(slices):
        sweep = 360.0 * s.amount / total if total else 0.0
        a1 = 90.0 - start
        a0 = a1 - sweep
        if sweep > 0:
            group.add(Wedge(cx, cy, r1, a0, a1, radius1=r0, fillColor=colours[i % len(colours)],
                            strokeColor=white, strokeWidth=0.6))
        middles.append(((a0 + a1) / 2, s))
        start += sweep
    return middles


def donut(layout: Layout, fonts: ChartFonts, chart: Donut, centre: list[str], width: float,
          inner_colours: list[Color], outer_colours: list[Color]) -> Drawing:
    height = layout.length("overview.chart_height")
    drawing = Drawing(width, height)
    cx, cy = width / 2, height / 2
    r_in, r_mid, r_out = (layout.length(f"overview.ring_{k}") for k in ("inner", "middle", "outer"))
    size = layout.number("overview.label_size")
    group = Group()
    inner = _ring(group, cx, cy, r_in, r_mid, chart.inner, inner_colours, chart.total)
    outer_total = sum(s.amount for s in chart.outer)
    # The outer ring shows the parts of the inner slices, in the same order and scale.
    outer = _ring(group, cx, cy, r_mid, r_out, chart.outer, outer_colours, chart.total if outer_total else 0)
    drawing.add(group)
    for angle, s in inner:
        a = math.radians(angle)
        r = (r_in + r_mid) / 2
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        drawing.add(String(x, y + 1, s.label, fontName=fonts.label, fontSize=size, textAnchor="middle",
                           fillColor=white))
        drawing.add(String(x, y - size, f"{s.percent}%", fontName=fonts.label, fontSize=size, textAnchor="middle",
                           fillColor=white))
    _outer_labels(drawing, fonts, outer, cx, cy, r_out, size, height)
    csize = layout.number("overview.centre_size")
    top = cy + (len(centre) - 1) * csize * 0.6
    for i, line in enumerate(centre):
        drawing.add(String(cx, top - i * csize * 1.2 - csize * 0.35, line, fontName=fonts.centre, fontSize=csize,
                           textAnchor="middle"))
    return drawing


def _outer_labels(drawing: Drawing, fonts: ChartFonts, slices: list[tuple[float, Slice]], cx: float, cy: float,
                  r: float, size: float, height: float) -> None:
    """Labels outside the ring, pushed apart on each side so that they never overlap."""
    line_h = size * 1.15
    sides: dict[bool, list[list[object]]] = {True: [], False: []}
    for angle, s in slices:
        if s.amount <= 0:
            continue
        a = math.radians(angle)
        lines = [*_label_lines(s.label), f"{s.percent}%"]
        y = cy + (r + 6) * math.sin(a)
        sides[math.cos(a) >= 0].append([y, lines, a])
    for right, labels in sides.items():
        labels.sort(key=lambda item: -item[0])  # top to bottom
        floor = height - 2
        for item in labels:
            block = len(item[1]) * line_h
            top = min(float(item[0]) + block / 2, floor)
            item[0] = top
            floor = top - block - 1.5
        overflow = (floor + 1.5) - 2
        if overflow < 0:  # ran off the bottom: shift the whole side up, as far as the top allows
            for item in labels:
                item[0] = float(item[0]) - overflow
        for top, lines, a in labels:
            x_ring, y_ring = cx + r * math.cos(a), cy + r * math.sin(a)
            x_text = cx + (r + 10) * (1 if right else -1) * max(0.55, abs(math.cos(a)))
            block = len(lines) * line_h
            y_mid = float(top) - block / 2
            drawing.add(Line(x_ring, y_ring, x_text - (1.5 if right else -1.5), y_mid + size * 0.3,
                             strokeWidth=0.4))
            for i, line in enumerate(lines):
                drawing.add(String(x_text, float(top) - (i + 1) * line_h + size * 0.25, line, fontName=fonts.label,
                                   fontSize=size, textAnchor="start" if right else "end"))


def label_width(text: str, font: str, size: float) -> float:
    return max(stringWidth(line, font, size) for line in _label_lines(text))
