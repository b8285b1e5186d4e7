"""The one font registry: a Mincho and a Gothic, embedded and subset in every PDF.

By default the IPAex fonts shipped in resources/fonts are used, so that a PDF is
set the same on every machine; settings may point to installed fonts instead
(MS 明朝 / MS ゴシック / BIZ UD, .ttf or the first face of a .ttc).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from platformdirs import user_cache_dir
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace, unShapedFontGlob

from ..files import write_bytes
from ..paths import APP_NAME, data_path

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
        pdfmetrics.registerFont(_cached_font(name, path) or _parsed_font(name, path))
    except (TTFError, OSError) as e:
        raise FontError(f"フォントファイル「{path}」は TrueType フォントとして読めません（{e}）。") from None
    return name


# Parsing a Japanese TrueType file takes longer than setting a page of text with it, so the tables
# ReportLab reads from it are kept in the user's cache folder; the file itself is read as it is.
_CACHE_FORMAT = 1
_UNPICKLED = ("_ttf_data", "_pdfScale")  # the file's bytes (read anew) and a function (made anew)


def _cache_file(path: Path) -> Path:
    stat = path.stat()
    key = f"{_CACHE_FORMAT}|{reportlab.Version}|{path}|{stat.st_size}|{stat.st_mtime_ns}"
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fonts" / f"{hashlib.sha1(key.encode()).hexdigest()}.pickle"


def _parsed_font(name: str, path: Path) -> TTFont:
    font = TTFont(name, str(path), subfontIndex=0)
    try:
        state = {k: v for k, v in vars(font.face).items() if k not in _UNPICKLED}
        cache = _cache_file(path)
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(cache, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError):
        pass  # no cache folder to write: the font is parsed again next time
    return font


def _cached_font(name: str, path: Path) -> TTFont | None:
    """The font from the cache, when the cache holds this very file; else None."""
    try:
        state = pickle.loads(_cache_file(path).read_bytes())
        data = path.read_bytes()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face.__dict__.update(state)
    face._ttf_data = data
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
    return font


def load_fonts(mincho: Path | None = None, gothic: Path | None = None) -> Fonts:
    return Fonts(
        register_font(mincho or data_path(*DEFAULT_MINCHO)),
        register_font(gothic or data_path(*DEFAULT_GOTHIC)),
    )
