"""A deflate bomb attached: how long it takes to be refused and the memory it takes on the way.

Run from the repository root:  python tests/benchmarks/bench_pdf_bomb.py
Bound: an attached PDF may decode to MAX_DECODED (100 MB) in all; it is inflated a megabyte at a time,
so checking a bomb takes about its own size in memory plus a megabyte, whatever it would inflate to.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from asahi_desk.domain.attachments import MAX_DECODED, AttachmentError, check_pdf
    from tests.helpers import deflate_bomb_pdf

    for gib in (2, 4):
        bomb = deflate_bomb_pdf(gib * 1024 ** 3)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            check_pdf(bomb, "bomb.pdf")
            outcome = "accepted (!)"
        except AttachmentError as e:
            outcome = f"refused: {e}"
        seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(bomb) / 1024 ** 2:.2f} MB PDF inflating to {gib} GiB: {outcome[:60]}… in {seconds:.2f} s; "
              f"peak Python memory while checking {peak / 1024 ** 2:.1f} MiB; process peak RSS "
              f"{rss_before:.0f} → {rss_after:.0f} MiB (bound: {MAX_DECODED // 1024 ** 2} MB decoded in all)")


if __name__ == "__main__":
    main()
