"""The packet's text, page by page as pdftotext -layout reads it, against the stored reference.

Work on how fast the packet is set must not move a character. After an intended
change of the packet's text or layout, renew the reference with

    ASAHI_RENEW_REFERENCES=1 python -m pytest tests/render/test_packet_text.py

read the difference (git diff), and commit it with the reference images.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from asahi_desk.render import RenderResult

from .conftest import page_texts

REFERENCE = Path(__file__).resolve().parent / "reference" / "packet.txt"
RENEW = os.environ.get("ASAHI_RENEW_REFERENCES") == "1"


def test_the_packet_reads_as_the_reference(packet: RenderResult, tmp_path: Path) -> None:
    text = "\f".join(page_texts(packet.pdf, tmp_path, layout=True))
    if RENEW:
        REFERENCE.write_text(text, encoding="utf-8")
        pytest.skip("reference renewed: read git diff and commit it")
    expected = REFERENCE.read_text(encoding="utf-8")
    fresh, stored = text.split("\f"), expected.split("\f")
    assert len(fresh) == len(stored), f"{len(fresh)} pages, the reference has {len(stored)}"
    for n, (page, reference) in enumerate(zip(fresh, stored), 1):
        diff = "\n".join(difflib.unified_diff(reference.splitlines(), page.splitlines(), "reference", "packet", lineterm=""))
        assert page == reference, f"page {n} of the packet differs from the reference:\n{diff}"
