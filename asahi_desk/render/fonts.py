"""The one font registry: a Mincho and a Gothic, embedded and subset in every PDF.

By default the IPAex fonts shipped in resources/fonts are used, so that a PDF is
set the same on every machine; settings may point to installed fonts instead
(MS 明朝 / MS ゴシック / BIZ UD, .ttf or the first face of a .ttc).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..paths import data_path

DEFAULT_MINCHO = ("resources", "fonts", "ipaexm.ttf")
DEFAULT_GOTHIC = ("resources", "fonts", "ipaexg.ttf")


class FontError(ValueError):
    """A font file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Fonts:
    """ReportLab names of the two registered faces."""

    mincho: str
    gothic: str


def _font_name(path: Path) -> str:
    # One name per file, so that two plans set with different fonts never mix them up.
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    return f"{path.stem}-{digest}"


def register_font(path: Path) -> str:
    """Register a TrueType file with ReportLab once; return its name."""
    path = path.resolve()
    name = _font_name(path)
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not path.is_file():
        raise FontError(f"フォントファイル「{path}」が見つかりません。")
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except (TTFError, OSError) as e:
        raise FontError(f"フォントファイル「{path}」は TrueType フォントとして読めません（{e}）。") from None
    return name


def load_fonts(mincho: Path | None = None, gothic: Path | None = None) -> Fonts:
    return Fonts(
        register_font(mincho or data_path(*DEFAULT_MINCHO)),
        register_font(gothic or data_path(*DEFAULT_GOTHIC)),
    )
