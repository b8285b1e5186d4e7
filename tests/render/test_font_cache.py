"""The fonts' tables come from the cache when it holds that very file, and are parsed again otherwise."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from asahi_desk.paths import data_path
from asahi_desk.render import fonts
from asahi_desk.render.fonts import DEFAULT_MINCHO


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "mincho.ttf"
    shutil.copy(data_path(*DEFAULT_MINCHO), path)
    return path


def test_a_parsed_font_is_cached_and_read_back_the_same(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    assert fonts._cached_font("a", path) is None  # nothing cached yet
    parsed = fonts._parsed_font("a", path)
    cached = fonts._cached_font("b", path)
    assert cached is not None
    skip = {"_ttf_data", "_pdfScale"}
    assert {k: v for k, v in vars(cached.face).items() if k not in skip} == \
        {k: v for k, v in vars(parsed.face).items() if k not in skip}
    assert cached.face._ttf_data == parsed.face._ttf_data
    text = "旭区個性ある区づくり推進費 2,500千円"
    assert cached.stringWidth(text, 10) == parsed.stringWidth(text, 10)
    assert cached.face.makeSubset(list(range(32, 127))) == parsed.face.makeSubset(list(range(32, 127)))


def test_a_changed_file_or_a_broken_cache_is_parsed_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    fonts._parsed_font("a", path)
    fonts._cache_file(path).write_bytes(b"not a pickle")
    assert fonts._cached_font("a", path) is None
    fonts._parsed_font("a", path)
    assert fonts._cached_font("a", path) is not None
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the same name, another file as far as it knows
    assert fonts._cached_font("a", path) is None
