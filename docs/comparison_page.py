"""Take docs/comparison.png: the first page of a 新旧対照表 of the built-in plan, after a few typical edits.

python docs/comparison_page.py        (needs pdftoppm from poppler-utils)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from asahi_desk.cli import main as cli
    from asahi_desk.domain.model import Item
    from asahi_desk.store import PlanStore, create_default

    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "令和６年度.sqlite"
        create_default(plan).close()
        cli(["versions", "--db", str(plan), "--save", "6/3 課長確認用"])
        store = PlanStore.open(plan)
        try:
            p = store.plan
            item = p.item("Ⅰ-1-1")
            store.update(item, amount=item.amount + 100)
            project = p.project("Ⅰ-2")
            store.update(project, purpose=project.purpose.replace("啓発・向上", "啓発と一層の向上"))
            store.insert(Item("防犯カメラ設置補助", 1200, mark="新", lines=["・自治会町内会の防犯カメラ設置を補助"]), project)
            store.remove(p.project("Ⅱ-1").items[-1])
            moved = p.project("Ⅱ-3")
            store.move(moved, moved.pillar, 0)
        finally:
            store.close()
        pdf = Path(folder) / "新旧対照表.pdf"
        cli(["diff", "--db", str(plan), "--since", "1", "--out", str(pdf)])
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(ROOT / "docs" / "comparison")], check=True)
    print(ROOT / "docs" / "comparison.png")


if __name__ == "__main__":
    main()
