"""The two donut charts of 予算のすがた, drawn as vectors with reportlab.graphics."""

from __future__ import annotations

import math
from typing import Callable

from reportlab.graphics.shapes import Drawing, Group, Line, String, Wedge
from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.money import format_percent
from ..domain.overview import Donut, Slice
from .fonts import Fonts
from .layout import Layout
from .text import can_break


def _label_lines(text: str, limit: int = 8) -> list[str]:
    """A long label in lines of at most `limit` characters (区庁舎・区民利用施設管理費), broken with 禁則."""
    lines: list[str] = []
    while len(text) > limit:
        cut = limit
        while cut > 1 and not can_break(text[cut - 1], text[cut]):
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text]


def _ring(group: Group, cx: float, cy: float, r0: float, r1: float, slices: list[Slice], colours: list[Color],
          total: int, rule: float) -> list[tuple[float, Slice]]:
    """Wedges clockwise from twelve o'clock; returns each slice's middle angle."""
    middles = []
    start = 0.0
    for i, s in enumerate(slices):
        sweep = 360.0 * s.amount / total if total else 0.0
        a1 = 90.0 - start
        a0 = a1 - sweep
        if sweep > 0:
            group.add(Wedge(cx, cy, r1, a0, a1, radius1=r0, fillColor=colours[i % len(colours)],
                            strokeColor=white, strokeWidth=rule))
        middles.append(((a0 + a1) / 2, s))
        start += sweep
    return middles


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
    for angle, s in inner:
        a = math.radians(angle)
        r = (r_in + r_mid) / 2
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        lines = [(s.label, size * 0.9), *([(figure(s.amount), size)] if figure else []), (format_percent(s.percent), size)]
        top = y + 1 + (len(lines) - 2) * size * 0.55
        for i, (line, line_size) in enumerate(lines):
            drawing.add(String(x, top - i * size * 1.1, line, fontName=fonts.gothic, fontSize=line_size,
                               textAnchor="middle", fillColor=white))
    room = width / 2 - r_out - 6
    limit = max(3, int(room // stringWidth("国", fonts.gothic, size)))
    _outer_labels(drawing, fonts, outer, cx, cy, r_out, size, height, limit, layout.number("rule.chart_leader"), figure)
    csize = layout.number("overview.centre_size")
    top = cy + (len(centre) - 1) * csize * 0.6
    for i, line in enumerate(centre):
        drawing.add(String(cx, top - i * csize * 1.2 - csize * 0.35, line, fontName=fonts.gothic, fontSize=csize,
                           textAnchor="middle"))
    return drawing


def _outer_labels(drawing: Drawing, fonts: Fonts, slices: list[tuple[float, Slice]], cx: float, cy: float,
                  r: float, size: float, height: float, limit: int, rule: float,
                  figure: Callable[[int], str] | None) -> None:
    """Labels in a column on each side of the ring, pushed apart so that they never overlap."""
    line_h = size * 1.15
    sides: dict[bool, list[list[object]]] = {True: [], False: []}
    for angle, s in slices:
        if s.amount <= 0:
            continue
        a = math.radians(angle)
        lines = [*_label_lines(s.label, limit), *([figure(s.amount)] if figure else []), format_percent(s.percent)]
        y = cy + (r + 4) * math.sin(a)
        sides[math.cos(a) >= 0].append([y + len(lines) * line_h / 2, lines, a])
    for right, labels in sides.items():
        labels.sort(key=lambda item: -math.sin(float(item[2])))  # top to bottom, in the order of the ring
        ceiling = height - 1
        for item in labels:
            top = min(float(item[0]), ceiling)
            item[0] = top
            ceiling = top - len(item[1]) * line_h - 2
        lowest = ceiling + 2
        if lowest < 1:  # ran off the bottom: lift the whole column
            for item in labels:
                item[0] = float(item[0]) + (1 - lowest)
        x_text = cx + (r + 6) * (1 if right else -1)
        for top, lines, a in labels:
            x_ring, y_ring = cx + r * math.cos(a), cy + r * math.sin(a)
            y_mid = float(top) - line_h * 0.8
            drawing.add(Line(x_ring, y_ring, x_text - (2 if right else -2), y_mid + size * 0.3, strokeWidth=rule))
            for i, line in enumerate(lines):
                drawing.add(String(x_text, float(top) - (i + 1) * line_h + size * 0.25, line, fontName=fonts.gothic,
                                   fontSize=size, textAnchor="start" if right else "end"))

