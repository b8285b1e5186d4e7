"""How long attaching and binding take with the largest attachment the application takes.

    PYTHONPATH=. python tests/benchmarks/bench_packet.py [--runs N]

The attachment is made at the limits (MAX_PAGES pages, close to MAX_BYTES,
each page a photograph-like image that does not compress). Targets: checking
it (check_pdf) within 3 s, and the packet with it bound in within 3 s more
than the packet alone.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from asahi_desk.domain.attachments import MAX_BYTES, MAX_PAGES, check_pdf, new_attachment
from asahi_desk.render import render
from asahi_desk.render.fonts import load_fonts
from asahi_desk.store import create_default
from bench_render import timed  # run as a script: its folder is on the path


def largest_attachment() -> bytes:
    fonts = load_fonts()
    side = int(((MAX_BYTES * 0.7 / MAX_PAGES) / 3) ** 0.5)  # RGB noise does not compress; ReportLab adds ASCII85
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=fonts.gothic, pageCompression=1)
    for n in range(MAX_PAGES):
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        canvas.drawImage(ImageReader(image), 40, 200, 515, 515)
        canvas.setFont(fonts.gothic, 14)
        canvas.drawString(40, 780, f"写真 {n + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = largest_attachment()
    print(f"attachment: {len(data) / 1024 / 1024:.1f} MB, {MAX_PAGES} pages (limits {MAX_BYTES / 1024 / 1024:.0f} MB, {MAX_PAGES})")
    check = timed(lambda: check_pdf(data, "bench.pdf"), args.runs)
    print(f"check_pdf:                 {check:6.2f} s   (target 3 s)")
    with tempfile.TemporaryDirectory() as tmp:
        store = create_default(Path(tmp) / "plan.sqlite")
        plan = store.plan
        assert plan is not None
        alone = timed(lambda: render(plan, "packet"), args.runs)
        store.insert(new_attachment(plan, data, "bench.pdf", "資料２", "end"), None)
        bound = timed(lambda: render(plan, "packet"), args.runs)
        store.close()
    print(f"packet alone:              {alone:6.2f} s")
    print(f"packet with the attachment:{bound:6.2f} s   (target: alone + 3 s)")
    return 0 if check <= 3 and bound <= alone + 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
