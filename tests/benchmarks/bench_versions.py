"""How much 100 versions grow the built-in plan's file, how long comparing the plan with a version takes, and its 新旧対照表.

    PYTHONPATH=. python tests/benchmarks/bench_versions.py [--versions N]

Before each version one 細事業's amount is changed (a different one each time),
as between two printings. Target: the file grows by less than its own size for
100 versions, and the comparison of the plan with a version under 200 ms.
The 新旧対照表 of the 100 changes is set as a PDF once, for its time and pages.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from asahi_desk.domain.compare import compare
from asahi_desk.render.comparison import Sides, render_comparison
from asahi_desk.store import create_default
from asahi_desk.store import versions


def file_size(path: Path) -> int:
    """The file as it is once its write-ahead log is folded in."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.sqlite"
        create_default(path).close()
        before = file_size(path)
        from asahi_desk.store import PlanStore

        store = PlanStore.open(path)
        items = list(store.plan.items())
        start = time.perf_counter()
        for n in range(args.versions):
            item = items[n * 7 % len(items)]
            store.update(item, amount=item.amount + 1)
            versions.record(store, "資料１")
        recording = (time.perf_counter() - start) / args.versions
        first = versions.list_versions(store.file)[-1].id
        start = time.perf_counter()
        for _ in range(10):
            compare(versions.plan_of(store.file, first), store.plan)
        comparing = (time.perf_counter() - start) / 10
        older = versions.plan_of(store.file, first)
        start = time.perf_counter()
        sheet = render_comparison(compare(older, store.plan), older, store.plan, Sides("いまの計画", f"版 {first}"))
        setting = time.perf_counter() - start
        store.close()
        after = file_size(path)
    grown = after - before
    print(f"plan file without versions {before / 1024:9.1f} KiB")
    print(f"after {args.versions} versions         {after / 1024:9.1f} KiB")
    print(f"growth                     {grown / 1024:9.1f} KiB = {grown / before:.2f} × the file  (target < 1.00)")
    print(f"per version                {grown / args.versions / 1024:9.2f} KiB, kept in {recording * 1000:.1f} ms")
    print(f"compare plan with version  {comparing * 1000:9.1f} ms (reading the version included; target < 200)")
    print(f"新旧対照表 of those changes   {setting * 1000:9.1f} ms, {sheet.page_count} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
