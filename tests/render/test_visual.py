"""Every page compared with its reference image, so that a layout change fails until renewed on purpose.

The references are the pages of the built-in plan (次第, 資料１, 資料２) rendered by pdftoppm at a
modest resolution in grey. To renew them after an intended change of the
layout, run

    ASAHI_RENEW_REFERENCES=1 python -m pytest tests/render/test_visual.py

look at the new images in tests/render/reference/, and commit them.
"""

from __future__ import annotations

import os
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from asahi_desk.render import RenderResult

from .conftest import need

REFERENCE = Path(__file__).resolve().parent / "reference"
DPI = 40
RENEW = os.environ.get("ASAHI_RENEW_REFERENCES") == "1"
# Anti-aliasing moves a few grey levels here and there; a moved line of text changes hundreds of pixels.
PIXEL_TOLERANCE = 64  # grey levels, after a slight blur
AREA_TOLERANCE = 0.002  # share of the page's pixels that may differ beyond it


def pages_as_images(pdf: bytes, tmp: Path, name: str) -> list[Image.Image]:
    need("pdftoppm")
    source = tmp / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(tmp / name)], check=True)
    files = sorted(tmp.glob(f"{name}-*.png"))
    return [Image.open(BytesIO(f.read_bytes())).convert("L") for f in files]


def difference(fresh: Image.Image, reference: Image.Image) -> float:
    """The share of pixels that differ by more than anti-aliasing would explain."""
    if fresh.size != reference.size:
        return 1.0
    diff = ImageChops.difference(fresh.filter(ImageFilter.BoxBlur(1)), reference.filter(ImageFilter.BoxBlur(1)))
    histogram = diff.histogram()
    beyond = sum(histogram[PIXEL_TOLERANCE + 1 :])
    return beyond / (fresh.size[0] * fresh.size[1])


@pytest.mark.parametrize("part", ["agenda", "shiryo1", "shiryo2"])
def test_pages_look_as_the_references(part: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    result: RenderResult = request.getfixturevalue(part)
    fresh = pages_as_images(result.pdf, tmp_path, part)
    assert len(fresh) == result.page_count
    if RENEW:
        REFERENCE.mkdir(exist_ok=True)
        for old in REFERENCE.glob(f"{part}-*.png"):
            old.unlink()
        for n, image in enumerate(fresh, 1):
            image.save(REFERENCE / f"{part}-{n:02d}.png", optimize=True)
    references = sorted(REFERENCE.glob(f"{part}-*.png"))
    assert len(references) == len(fresh), "page count differs from the references"
    changed = {}
    for n, (image, path) in enumerate(zip(fresh, references), 1):
        share = difference(image, Image.open(path).convert("L"))
        if share > AREA_TOLERANCE:
            changed[n] = round(share * 100, 2)
            image.save(tmp_path / f"fresh-{part}-{n:02d}.png")
    assert not changed, f"pages that changed (% of pixels): {changed}; fresh images in {tmp_path}"


def test_the_comparison_sees_a_moved_line(shiryo1: RenderResult, tmp_path: Path) -> None:
    """A shift of a few points, as a layout change makes, is beyond the tolerance."""
    (page,) = pages_as_images(shiryo1.pdf, tmp_path, "p")[3:4]
    shifted = Image.new("L", page.size, 255)
    shifted.paste(page.crop((0, 0, page.size[0], page.size[1] - 3)), (0, 3))
    assert difference(shifted, page) > AREA_TOLERANCE
    assert difference(page, page) == 0.0
