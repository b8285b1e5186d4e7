"""Whole-process times of the packet, 資料１ and `check`, against plain ReportLab setting the same text.

    python tests/benchmarks/bench_render.py [--runs N]

Every figure is a fresh process started from the command line, as a user
starts it (the median of N runs, after one run that fills the font cache):

- packet: `asahi-desk render --part packet` (次第, 資料１, 資料２ bound into one PDF);
- 資料１: `asahi-desk render` (the default part);
- check: `asahi-desk check`, which measures 資料１ for its layout findings;
- floor: a process that imports ReportLab, registers the packet's two fonts
  (the same TrueType files, parsed as ReportLab parses them, embedded and
  subset as the packet embeds them) and sets the packet's text page by page,
  each run of text in the font the packet set it in, as plain paragraphs with
  ReportLab's own CJK wrapping: no tables, frames, charts, second pass, 禁則 or
  binding. Each page keeps its size and orientation, and its type size is the
  largest (up to 10 pt) at which its text fits one page, so that the floor has
  the packet's page count; the benchmark checks that it does.

The processes run with Python's bytecode cache, as an installed copy does
(PYTHONDONTWRITEBYTECODE is cleared for them; the first run writes the cache).

Targets: the packet within 1.3× of the floor; check under half a packet.
"""

from __future__ import annotations

import argparse
import json
import os
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
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph
pages = json.load(open(sys.argv[1], encoding="utf-8"))
for name, path in (("mincho", sys.argv[2]), ("gothic", sys.argv[3])):
    pdfmetrics.registerFont(TTFont(name, path))
esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
def markup(line):  # a font tag only where the line changes font
    if len(line) == 1 and line[0][0] == "mincho":
        return esc(line[0][1])
    return "".join(f'<font name="{font}">{esc(text)}</font>' for font, text in line)
MARGIN = 36
def template(size):
    w, h = size
    return PageTemplate(f"{w:.0f}x{h:.0f}", [Frame(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN)], pagesize=size)
sizes = list(dict.fromkeys(tuple(p["size"]) for p in pages))
doc = BaseDocTemplate(out := BytesIO(), pagesize=sizes[0], pageTemplates=[template(s) for s in sizes])
story = []
for n, page in enumerate(pages):
    if n:
        w, h = page["size"]
        story += [NextPageTemplate(f"{w:.0f}x{h:.0f}"), PageBreak()]
    style = ParagraphStyle("plain", fontName="mincho", fontSize=page["pt"], leading=page["pt"] * 1.36, wordWrap="CJK")
    for line in page["lines"]:
        story.append(Paragraph(markup(line), style))
doc.build(story)
open(sys.argv[4], "wb").write(out.getvalue())
"""


def packet_pages(pdf: Path) -> list[dict]:
    """Each page of the packet: its size, and its lines as runs of (font, text) as the packet set them."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        lines: list[list[tuple[str, str]]] = [[]]

        def run(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:
            name = str((font or {}).get("/BaseFont", ""))
            face = "gothic" if "Gothic" in name else "mincho"
            for n, part in enumerate(text.split("\n")):
                if n:
                    lines.append([])
                if not part.strip():
                    continue
                if lines[-1] and lines[-1][-1][0] == face:  # one run per font change, as a typist would set it
                    lines[-1][-1] = (face, lines[-1][-1][1] + part)
                else:
                    lines[-1].append((face, part))

        page.extract_text(visitor_text=run)
        box = page.mediabox
        pages.append({"size": [float(box.width), float(box.height)], "lines": [line for line in lines if line]})
    return pages


def markup(line: list[tuple[str, str]]) -> str:
    """As the floor marks a line up (FLOOR's markup)."""
    namespace: dict = {}
    exec(FLOOR[FLOOR.index("esc = "):FLOOR.index("MARGIN = ")], namespace)
    return namespace["markup"](line)


def fit_type(pages: list[dict], fonts: tuple[Path, Path]) -> None:
    """Give each page the largest type size (in half points, up to 10 pt) at which its text fits one page."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph

    for name, path in zip(("mincho", "gothic"), fonts):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for page in pages:
        width, height = page["size"][0] - 2 * 36 - 12, page["size"][1] - 2 * 36 - 12  # the frame's own padding
        texts = [markup(line) for line in page["lines"]]
        for half_points in range(20, 5, -1):
            pt = half_points / 2
            style = ParagraphStyle("plain", fontName="mincho", fontSize=pt, leading=pt * 1.36, wordWrap="CJK")
            if sum(Paragraph(t, style).wrap(width, height)[1] for t in texts) <= height:
                break
        page["pt"] = pt


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(pdf: Path) -> list[str]:
    """The embedded faces, without their subset tags: IPAexGothic, IPAexMincho."""
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    return sorted({row[0].split("+")[-1] for row in rows if row and row[-5] == "yes"})


def pdf_text(pdf: Path) -> str:
    return "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())


def timed(args: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts")):
        print("pdftotext, pdfinfo and pdffonts (poppler-utils) are needed for the floor.", file=sys.stderr)
        return 2
    from asahi_desk.paths import data_path
    from asahi_desk.render.fonts import DEFAULT_GOTHIC, DEFAULT_MINCHO

    app = [sys.executable, "-m", "asahi_desk"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([*app, "init", "plan.sqlite"], check=True, cwd=folder, stdout=subprocess.DEVNULL, env=env)
        packet = [*app, "render", "--db", "plan.sqlite", "--part", "packet", "--out", "packet.pdf"]
        for _ in range(2):  # fills the font cache, then the bytecode cache of what the cache made import
            subprocess.run(packet, check=True, cwd=folder, stdout=subprocess.DEVNULL, env=env)
        subprocess.run([*app, "check", "--db", "plan.sqlite"], cwd=folder, stdout=subprocess.DEVNULL, env=env)
        pages = packet_pages(folder / "packet.pdf")
        fonts = (data_path(*DEFAULT_MINCHO), data_path(*DEFAULT_GOTHIC))
        fit_type(pages, fonts)
        (folder / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        (folder / "floor.py").write_text(FLOOR, encoding="utf-8")
        floor = [sys.executable, "floor.py", "pages.json", *map(str, fonts), "floor.pdf"]
        subprocess.run(floor, check=True, cwd=folder, env=env)
        same = {name: [pdf_pages(folder / name), pdf_fonts(folder / name), len(pdf_text(folder / name))]
                for name in ("packet.pdf", "floor.pdf")}
        if same["packet.pdf"][:2] != same["floor.pdf"][:2]:
            print(f"the floor is not the packet's pages and fonts: {same}", file=sys.stderr)
            return 2
        results = {
            "packet": timed(packet, args.runs, folder, env),
            "資料１": timed([*app, "render", "--db", "plan.sqlite", "--out", "s1.pdf"], args.runs, folder, env),
            "check": timed([*app, "check", "--db", "plan.sqlite"], args.runs, folder, env),
            "floor": timed(floor, args.runs, folder, env),
        }
    pages_n, fonts_n, characters = same["packet.pdf"]
    print(f"packet: {pages_n} pages, {characters:,} characters (the floor: {same['floor.pdf'][0]} pages, "
          f"{same['floor.pdf'][2]:,}), fonts {', '.join(fonts_n)}; whole processes, median of {args.runs} runs")
    for name, seconds in results.items():
        print(f"{name:<8} {seconds * 1000:8.0f} ms   {seconds / results['floor']:5.2f} × floor")
    print(f"packet / floor   {results['packet'] / results['floor']:5.2f}  (target ≤ 1.30)")
    print(f"check / packet   {results['check'] / results['packet']:5.2f}  (target < 0.50)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
