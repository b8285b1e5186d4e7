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
    assert result.page_count == {"agenda": 1, "shiryo2": 3, "shiryo1": 25, "packet": 29}[part]
