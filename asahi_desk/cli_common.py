"""What every command of the command line shares: exit statuses, the plan it works on, failing with a message."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .store import PlanFileError, PlanStore, open_store

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2


@contextmanager
def changing(db: Path | None) -> Iterator[None]:
    """Hold the plan's lock while a command changes the plan; refuse when a window is editing it."""
    from .lock import PlanLock  # QtCore only, for the commands that write
    from .paths import user_plan_path

    path = db if db is not None else user_plan_path()
    if not path.exists():
        yield  # no window can have it open; open_store says what is wrong
        return
    with PlanLock(path).held(lambda owner: PlanFileError(
            f"「{path.name}」は別のウィンドウ（{owner.text}）で編集中のため、変更できません。"
            "そのウィンドウで行うか、ウィンドウを閉じてからもう一度実行してください。" + owner.advice)):
        yield


@contextmanager
def opened(db: Path | None, *, readonly: bool = False) -> Iterator[PlanStore]:
    """The plan file a command works on, closed however the command ends."""
    store = open_store(db, readonly=readonly)
    if store.file.notice:
        print(f"asahi-desk: {store.file.notice}", file=sys.stderr)
    try:
        assert store.plan is not None
        yield store
    finally:
        store.close()


def fail(message: str) -> int:
    print(f"asahi-desk: {message}", file=sys.stderr)
    return EXIT_FAILED


def add_db(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # A subcommand's --db must not hide one given before the subcommand.
    parser.add_argument("--db", type=Path, metavar="FILE", default=None if top else argparse.SUPPRESS,
                        help="計画ファイル（省略時はユーザーデータフォルダーの計画）")
