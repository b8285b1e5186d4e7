"""Whole-process times of the packet, 資料１ and `check`, against plain ReportLab setting the same text.

    python tests/benchmarks/bench_render.py [--runs N]

Every figure is a fresh process started from the command line, as a user
starts it (the median of N runs, after one run that fills the font cache):

- packet: `asahi-desk render --part packet` (次第, 資料１, 資料２ bound into one PDF);
- 資料１: `asahi-desk render` (the default part);
- check: `asahi-desk check`, which measures 資料１ for its layout findings;
- floor: a process that imports ReportLab, registers one of the same embedded
  fonts and sets the packet's text (pdftotext, page by page) as plain
  paragraphs, one page per page, with ReportLab's own CJK wrapping: no
  tables, frames, charts, second pass, 禁則 or binding.

Targets: the packet within 1.3× of the floor; check under half a packet.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r"""
import json, sys
from io import BytesIO
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
pages = json.load(open(sys.argv[1], encoding="utf-8"))
pdfmetrics.registerFont(TTFont("plain", sys.argv[2]))
style = ParagraphStyle("plain", fontName="plain", fontSize=10, leading=13.6, wordWrap="CJK")
esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
story = []
for n, page in enumerate(pages):
    if n:
        story.append(PageBreak())
    story += [Paragraph(esc(line), style) for line in page.splitlines() if line.strip()]
out = BytesIO()
SimpleDocTemplate(out, pagesize=A4).build(story)
open(sys.argv[3], "wb").write(out.getvalue())
"""


def timed(args: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the floor.", file=sys.stderr)
        return 2
    from asahi_desk.paths import data_path
    from asahi_desk.render.fonts import DEFAULT_MINCHO

    app = [sys.executable, "-m", "asahi_desk"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([*app, "init", "plan.sqlite"], check=True, cwd=folder, stdout=subprocess.DEVNULL)
        packet = [*app, "render", "--db", "plan.sqlite", "--part", "packet", "--out", "packet.pdf"]
        subprocess.run(packet, check=True, cwd=folder, stdout=subprocess.DEVNULL)  # fills the font cache
        text = subprocess.run(["pdftotext", "packet.pdf", "-"], check=True, cwd=folder, capture_output=True,
                              text=True).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        (folder / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        (folder / "floor.py").write_text(FLOOR, encoding="utf-8")
        floor = [sys.executable, "floor.py", "pages.json", str(data_path(*DEFAULT_MINCHO)), "floor.pdf"]
        results = {
            "packet": timed(packet, args.runs, folder),
            "資料１": timed([*app, "render", "--db", "plan.sqlite", "--out", "s1.pdf"], args.runs, folder),
            "check": timed([*app, "check", "--db", "plan.sqlite"], args.runs, folder),
            "floor": timed(floor, args.runs, folder),
        }
    characters = sum(len(p) for p in pages)
    print(f"packet: {len(pages)} pages, {characters:,} characters; whole processes, median of {args.runs} runs")
    for name, seconds in results.items():
        print(f"{name:<8} {seconds * 1000:8.0f} ms   {seconds / results['floor']:5.2f} × floor")
    print(f"packet / floor   {results['packet'] / results['floor']:5.2f}  (target ≤ 1.30)")
    print(f"check / packet   {results['check'] / results['packet']:5.2f}  (target < 0.50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
