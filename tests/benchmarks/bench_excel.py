"""Benchmarks of the Excel exchange: export, reading back, applying and undoing, and memory.

Run from the repository root:  python tests/benchmarks/bench_excel.py [--items N]
Targets: the built-in plan exports and reads back in under 1 s each; a plan of 2,000
items in under 3 s each; peak Python memory while reading under 100 MiB. The workbook
with one stray cell at GR9999 on every project sheet (inside every size limit) is read
(and refused, naming each cell) in under 2 s and under 200 MiB: memory and time follow
the cells a sheet holds, not where they are.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402
from bench_window import big_plan  # noqa: E402

from asahi_desk.excel import apply, export_workbook, origin_of, read_workbook, revert  # noqa: E402
from asahi_desk.store import create_default, open_store  # noqa: E402


def measure(label: str, fn, *, memory: bool = True):  # type: ignore[no-untyped-def]
    """The time of one call, then (for calls that may be repeated) the peak Python memory of another."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = ""
    if memory:
        tracemalloc.start()
        fn()
        peak = f"   peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MiB"
        tracemalloc.stop()
    print(f"  {label:<34} {seconds:7.2f} s{peak}")
    return result


def run(plan_path: Path, folder: Path, title: str) -> None:
    store = open_store(plan_path)
    plan, origin = store.plan, origin_of(store)
    items = sum(1 for _ in plan.items())
    print(f"{title}: {sum(1 for _ in plan.projects())} projects, {items:,} items")
    book = folder / f"{plan_path.stem}.xlsx"
    measure("export (whole plan)", lambda: export_workbook(plan, book, origin))
    print(f"  {'workbook size':<34} {book.stat().st_size / 1024:7.0f} KiB")
    result = measure("read back (no differences)", lambda: read_workbook(book, plan, origin))
    assert result.ok and not result.differences, result.describe()[:500]

    first = plan.item(next(plan.projects()).code + "-1")
    wb = openpyxl.load_workbook(book)
    row = int(wb.defined_names[f"AD_I{first.id}"].attr_text.rsplit("$", 1)[1])
    wb[next(plan.projects()).code].cell(row, 4).value = first.amount + 1
    edited = folder / "edited.xlsx"
    wb.save(edited)
    result = measure("read back (one amount changed)", lambda: read_workbook(edited, plan, origin))
    assert result.ok and len(result.differences) == 1
    applied = measure("apply", lambda: apply(store, result.differences), memory=False)
    measure("revert", lambda: revert(store, applied), memory=False)

    wb = openpyxl.load_workbook(book)
    for project in plan.projects():
        wb[project.code].cell(9999, 200).value = "x"  # GR9999
    far = folder / "far.xlsx"
    wb.save(far)
    print(f"  {'far-cell workbook size':<34} {far.stat().st_size / 1024:7.0f} KiB")
    result = measure("read back (a cell at GR9999 a sheet)", lambda: read_workbook(far, plan, origin))
    assert [p.cell for p in result.errors] == ["GR9999"] * sum(1 for _ in plan.projects()), result.describe()[:500]
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2_000, help="items of the large plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        builtin = folder / "builtin.sqlite"
        create_default(builtin).close()
        run(builtin, folder, "built-in plan")
        large = folder / "large.sqlite"
        big_plan(large, args.items)
        run(large, folder, "large plan")
    print(f"peak resident memory of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
