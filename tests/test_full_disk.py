"""A full disk loses nothing: on a real small file system, every write fails whole and says why.

The file system is a tmpfs the test mounts (root only, as on CI; skipped with the reason otherwise).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.filesystems import fill, small_filesystem
from tests.helpers import database_rows

FULL = "ディスクの空き容量が足りないため"


def asahi(*args: str, home: Path) -> subprocess.CompletedProcess:
    """The command as the user runs it, in a process of its own (what it prints at exit counts too)."""
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.run([sys.executable, "-m", "asahi_desk", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture
def full_disk(tmp_path: Path, plan_path: Path):
    """A small file system holding a plan, a PDF, a workbook and the handouts, then filled up."""
    home = tmp_path / "home"
    with small_filesystem(tmp_path / "disk", "8m") as disk:
        plan = disk / "plan.sqlite"
        shutil.copyfile(plan_path, plan)
        for args in (["render", "--db", str(plan), "--part", "packet", "--out", str(disk / "会議資料.pdf"),
                      "--split", str(disk / "配布用")],
                     ["export-xlsx", "--db", str(plan), "--out", str(disk / "計画.xlsx")]):
            assert asahi(*args, home=home).returncode == 0
        shutil.copyfile(SEED.parent / "plan_v1.sqlite", disk / "古い形式.sqlite")
        fill(disk, leave=16 * 1024)
        yield disk, home


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "filler.bin"}


def _failed_clearly(done: subprocess.CompletedProcess) -> None:
    assert done.returncode != 0
    assert FULL in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize("command", [
    ["init", "{disk}/plan.sqlite", "--force"],
    ["render", "--db", "{disk}/plan.sqlite", "--out", "{disk}/会議資料.pdf", "--part", "packet"],
    ["render", "--db", "{disk}/plan.sqlite", "--part", "packet", "--split", "{disk}/配布用"],
    ["export-xlsx", "--db", "{disk}/plan.sqlite", "--out", "{disk}/計画.xlsx"],
    ["check", "--db", "{disk}/古い形式.sqlite"],  # a migration, and its backup first
], ids=["init-force", "render-out", "split", "export-xlsx", "migration"])
def test_a_full_disk_keeps_every_former_file_and_says_so(full_disk, command) -> None:
    disk, home = full_disk
    before = _snapshot(disk)
    rows = {name: database_rows(disk / name) for name in ("plan.sqlite", "古い形式.sqlite")}
    done = asahi(*(a.replace("{disk}", str(disk)) for a in command), home=home)
    _failed_clearly(done)
    assert _snapshot(disk) == before  # the former files whole, and nothing left beside them
    assert {name: database_rows(disk / name) for name in rows} == rows


def test_save_copy_over_an_older_copy_on_a_full_disk_keeps_it(tmp_path: Path, plan_path: Path, qapp) -> None:
    from asahi_desk.store import PlanFileError, create_default, open_store
    from asahi_desk.ui.document import PlanDocument

    with small_filesystem(tmp_path / "disk", "4m") as disk:
        older = disk / "コピー.sqlite"
        create_default(older).close()
        fill(disk, leave=16 * 1024)
        before = _snapshot(disk)
        doc = PlanDocument(open_store(plan_path))
        try:
            doc.update(doc.plan.item("Ⅰ-1-1"), amount=4321)
            with pytest.raises(PlanFileError, match=FULL) as refused:
                doc.save_copy(older)
            assert "元の「コピー.sqlite」はそのままです" in str(refused.value)
        finally:
            doc.close()
        assert _snapshot(disk) == before
