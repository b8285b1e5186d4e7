"""How long 資料１ takes to render, against the floor of ReportLab setting the same text plainly.

    PYTHONPATH=. python tests/benchmarks/bench_render.py [--runs N]

The floor is the text of the rendered PDF (pdftotext, page by page) set by
ReportLab alone as plain paragraphs in the same fonts and size, one page per
page, with ReportLab's own CJK wrapping: no tables, frames, charts, second
pass or 禁則. Target: the full render within 1.5× of the floor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from asahi_desk.render import render
from asahi_desk.render.fonts import load_fonts
from asahi_desk.render.text import escape
from asahi_desk.store import create_default


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_texts(pdf: bytes, folder: Path) -> list[str]:
    source = folder / "s.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(source), "-"], check=True, capture_output=True, text=True).stdout
    return [p for p in out.split("\f") if p.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the floor.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = create_default(folder / "plan.sqlite")
        plan = store.plan
        store.close()
        assert plan is not None
        result = render(plan, "shiryo1")  # fonts registered, caches warm
        pages = page_texts(result.pdf, folder)

        fonts = load_fonts()
        style = ParagraphStyle("plain", fontName=fonts.mincho, fontSize=10, leading=13.6, wordWrap="CJK")

        def floor() -> None:
            story = []
            for n, page in enumerate(pages):
                if n:
                    story.append(PageBreak())
                story += [Paragraph(escape(line), style) for line in page.splitlines() if line.strip()]
            SimpleDocTemplate(BytesIO(), pagesize=A4, title=plan.title, author=plan.author).build(story)

        full = timed(lambda: render(plan, "shiryo1"), args.runs)
        plain = timed(floor, args.runs)
        characters = sum(len(p) for p in pages)
    print(f"資料１: {result.page_count} pages, {characters:,} characters, median of {args.runs} runs")
    print(f"full render          {full * 1000:8.1f} ms")
    print(f"floor (plain text)   {plain * 1000:8.1f} ms")
    print(f"ratio                {full / plain:8.2f} ×  (target ≤ 1.50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
