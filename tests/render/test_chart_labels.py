"""資料１ p.23: no label of the donuts overlaps another, none leaves its wedge, no two leaders cross."""

from __future__ import annotations

import itertools

import pytest
from reportlab.graphics.shapes import Line, String

from asahi_desk.domain.model import Plan
from asahi_desk.domain.overview import city_donut, ward_donut
from asahi_desk.render import RenderResult
from asahi_desk.render.charts import donut
from asahi_desk.render.fonts import load_fonts
from asahi_desk.render.layout import load_layout
from tests.render.boxes import page_words


def test_no_two_words_on_the_budget_page_overlap(shiryo1: RenderResult, tmp_path) -> None:  # noqa: ANN001
    words = page_words(shiryo1.pdf, 23, tmp_path)
    assert len(words) > 60
    clashes = [(a.text, b.text) for a, b in itertools.combinations(words, 2) if a.overlaps(b)]
    assert clashes == []


def _drawings(plan: Plan):  # noqa: ANN202
    layout, fonts = load_layout(), load_fonts()
    colours = layout.colours("colour.chart")
    width = (layout.frame().width - layout.length("overview.share_width")) / 2
    yield donut(layout, fonts, ward_donut(plan.overview), ["旭区", "86億円"], width,
                [colours[0], colours[4]], colours[1:4] + colours[5:])
    yield donut(layout, fonts, city_donut(plan.overview), ["横浜市", "18区全体", "1,386億円"], width,
                [colours[0], colours[4]], colours[1:4] + colours[5:], figure=lambda m: f"{m // 100} 億円")


def _crosses(p: Line, q: Line) -> bool:
    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    a, b, c, d = (p.x1, p.y1), (p.x2, p.y2), (q.x1, q.y1), (q.x2, q.y2)
    if {a, b} & {c, d}:
        return False  # two pieces of one leader meet at their elbow
    d1, d2 = side(*c, *d, *a), side(*c, *d, *b)
    d3, d4 = side(*a, *b, *c), side(*a, *b, *d)
    return d1 * d2 < 0 and d3 * d4 < 0


def test_no_two_leaders_cross(default_plan: Plan) -> None:
    for drawing in _drawings(default_plan):
        leaders = [x for x in drawing.contents if isinstance(x, Line)]
        assert leaders
        assert not [(p, q) for p, q in itertools.combinations(leaders, 2) if _crosses(p, q)]


def test_the_centre_stays_inside_the_hole(default_plan: Plan) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    layout = load_layout()
    r = layout.length("overview.ring_inner")
    for drawing in _drawings(default_plan):
        cx, cy = drawing.width / 2, drawing.height / 2
        for s in (x for x in drawing.contents if isinstance(x, String) and x.fillColor is not None):
            if abs(s.x - cx) > 0.01 or s.textAnchor != "middle" or abs(s.y - cy) > r:
                continue
            half = stringWidth(s.text, s.fontName, s.fontSize) / 2
            top, bottom = s.y + s.fontSize * 0.8 - cy, s.y - s.fontSize * 0.2 - cy
            for x, y in ((half, top), (half, bottom)):
                assert x * x + y * y <= r * r, s.text


@pytest.mark.parametrize("label", ["区づくり"])
def test_a_narrow_slice_takes_its_label_outside(default_plan: Plan, label: str) -> None:
    for drawing in _drawings(default_plan):
        strings = [x for x in drawing.contents if isinstance(x, String) and x.text == label]
        assert strings and all(s.textAnchor in ("start", "end") for s in strings)  # in a column beside the ring
