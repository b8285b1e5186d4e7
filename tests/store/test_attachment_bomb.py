"""A deflate bomb is refused as too big while it is inflated, within a small bound of memory."""

from __future__ import annotations

import tracemalloc

import pytest

from asahi_desk.domain.attachments import MAX_DECODED, AttachmentError, check_pdf
from tests.helpers import deflate_bomb_pdf


def test_a_deflate_bomb_is_refused_as_too_big_within_bounded_memory() -> None:
    bomb = deflate_bomb_pdf(MAX_DECODED + 50 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024  # a small file…
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentError, match=r"100 MB を超え、大きすぎるため綴じられません"):
            check_pdf(bomb, "爆弾.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak  # …checked a megabyte at a time, never inflated whole


def test_a_pdf_that_inflates_within_the_bound_is_taken() -> None:
    assert check_pdf(deflate_bomb_pdf(20 * 1024 * 1024), "大きめ.pdf") == 1
