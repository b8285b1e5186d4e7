"""Paragraph styles and the paragraph factory every part uses.

Styles are made from the layout numbers and the registered fonts; text from
the plan goes through `text()`, which escapes it, and markup made here goes
through `markup()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import Fonts
from .layout import Layout
from .text import JParagraph, escape

ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT}


@dataclass
class Styles:
    layout: Layout
    fonts: Fonts
    _cache: dict[tuple[object, ...], ParagraphStyle] = field(default_factory=dict)

    def font(self, face: str) -> str:
        return self.fonts.gothic if face == "gothic" else self.fonts.mincho

    def style(self, size: float, face: str = "mincho", align: str = "left", leading: float | None = None,
              indent: float = 0.0, hang: float = 0.0, balanced: bool = False) -> ParagraphStyle:
        """A style: `indent` is the left indent in points, `hang` how far the first line sticks out.

        `balanced` (names in narrow cells): a last line is never one character alone where another break exists.
        """
        if leading is None:
            leading = size * self.layout.number("type.leading")
        key = (size, face, align, leading, indent, hang, balanced)
        style = self._cache.get(key)
        if style is None:
            style = ParagraphStyle(
                f"s{len(self._cache)}",
                fontName=self.font(face),
                fontSize=size,
                leading=leading,
                alignment=ALIGN[align],
                leftIndent=indent,
                firstLineIndent=-hang,
                textColor=self.layout.colour("colour.ink"),
                wordWrap="CJK",
                splitLongWords=False,
            )
            style.balanced = balanced
            self._cache[key] = style
        return style

    def text(self, value: str, size: float, face: str = "mincho", align: str = "left", **kw: Any) -> JParagraph:
        """A paragraph of plain text (escaped)."""
        return JParagraph(escape(value), self.style(size, face, align, **kw))

    def markup(self, value: str, size: float, face: str = "mincho", align: str = "left", **kw: float) -> JParagraph:
        """A paragraph of markup built by the renderer (its plan text escaped with `escape`)."""
        return JParagraph(value, self.style(size, face, align, **kw))

    def width(self, value: str, size: float, face: str = "mincho") -> float:
        return stringWidth(value, self.font(face), size)

    def hanging(self, line: str, size: float, indent: float, face: str = "mincho", **kw: float) -> JParagraph:
        """A line whose mark (・, ※, →) hangs one character left of `indent`, where its text and next lines start."""
        return self.text(line, size, face, indent=indent, hang=self.width("　", size, face), **kw)

    def bullet_line(self, line: str, size: float, **kw: float) -> JParagraph:
        """A line of an item: ・ lines hang their bullet; a line opened by a full-width space is indented."""
        em = self.width("　", size)
        if line.startswith(("・", "•")):
            return self.hanging(line, size, em, **kw)
        if line.startswith("　"):
            return self.text(line.lstrip("　"), size, indent=em, **kw)
        return self.text(line, size, **kw)
