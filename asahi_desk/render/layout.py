"""The layout numbers of templates/layout.toml and the page geometry built from them.

This is the one module that reads templates/ and knows where things sit on
the page; every other part of the renderer asks it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm

from ..paths import data_path


class LayoutError(ValueError):
    """templates/layout.toml lacks a number or holds a wrong one; the message is for the user."""


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at the bottom left of the page."""

    x: float
    y: float
    width: float
    height: float


class Layout:
    """Typed access to the layout numbers: lengths come back in points."""

    def __init__(self, data: dict[str, Any], source: Path) -> None:
        self._data = data
        self.source = source

    def _value(self, key: str) -> Any:
        node: Any = self._data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise LayoutError(f"{self.source.name} に「{key}」がありません。")
            node = node[part]
        return node

    def number(self, key: str) -> float:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise LayoutError(f"{self.source.name} の「{key}」は数値で指定してください。")
        return float(value)

    def length(self, key: str) -> float:
        """A length given in millimetres, in points."""
        return self.number(key) * mm

    def paddings(self, key: str) -> list[tuple[Any, ...]]:
        """Cell paddings (left, right, top, bottom, in points) as TableStyle commands for every cell."""
        values = self._value(key)
        if not isinstance(values, list) or len(values) != 4 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise LayoutError(f"{self.source.name} の「{key}」は左・右・上・下の４つの数値で指定してください。")
        return [(f"{side}PADDING", (0, 0), (-1, -1), float(v)) for side, v in zip(("LEFT", "RIGHT", "TOP", "BOTTOM"), values)]

    def lengths(self, key: str) -> list[float]:
        values = self._value(key)
        if not isinstance(values, list) or not all(isinstance(v, (int, float)) for v in values):
            raise LayoutError(f"{self.source.name} の「{key}」は数値の並びで指定してください。")
        return [float(v) * mm for v in values]

    def colour(self, key: str) -> Color:
        return _colour(self._value(key), key, self.source)

    def colours(self, key: str) -> list[Color]:
        return [_colour(v, key, self.source) for v in self._value(key)]

    # Page geometry ---------------------------------------------------------

    @property
    def page_size(self) -> tuple[float, float]:
        return self.length("page.width"), self.length("page.height")

    @property
    def landscape_size(self) -> tuple[float, float]:
        width, height = self.page_size
        return height, width

    def frame(self, landscape: bool = False) -> Box:
        """The area the story flows into."""
        width, height = self.landscape_size if landscape else self.page_size
        left, right = self.length("page.margin_left"), self.length("page.margin_right")
        top, bottom = self.length("page.margin_top"), self.length("page.margin_bottom")
        return Box(left, bottom, width - left - right, height - top - bottom)


def _colour(value: Any, key: str, source: Path) -> Color:
    if not isinstance(value, str) or not value.startswith("#") or len(value) != 7:
        raise LayoutError(f"{source.name} の「{key}」は #rrggbb の形で指定してください。")
    return HexColor(value)


@cache
def load_layout() -> Layout:
    source = data_path("templates", "layout.toml")
    try:
        with open(source, "rb") as f:
            return Layout(tomllib.load(f), source)
    except OSError as e:
        raise LayoutError(f"レイアウトの設定ファイル「{source}」を読めません（{e.strerror}）。") from None
    except tomllib.TOMLDecodeError as e:
        raise LayoutError(f"レイアウトの設定ファイル「{source}」の書き方が正しくありません（{e}）。") from None
