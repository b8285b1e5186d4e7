"""The commands of the plan's backups: backups (the list), restore (as a new file, or over the plan)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import EXIT_OK, add_db, changing, fail, opened
from .domain.money import display_width
from .store import PlanFileError


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _backups_of(db: Path | None) -> tuple[list, str]:
    """The plan's backups, and a note when the plan itself cannot be opened (found by where it was)."""
    from .paths import user_plan_path
    from .store.backups import backups_of_path, list_backups

    try:
        with opened(db, readonly=True) as store:
            return list_backups(store.file), ""
    except PlanFileError as e:
        found = backups_of_path(db if db is not None else user_plan_path())
        if not found:
            raise
        return found, f"{e}\nこの名前の計画ファイルのバックアップから戻せます。"


def cmd_backups(args: argparse.Namespace) -> int:
    from .store.backups import totals

    backups, note = _backups_of(args.db)
    if note:
        print(f"asahi-desk: {note}", file=sys.stderr)
    if not backups:
        print("この計画のバックアップはありません。")
        return EXIT_OK
    print(f"この計画のバックアップ（{backups[0].path.parent}、新しい順）：")
    for n, b in enumerate(backups, start=1):
        try:
            t = totals(b)
            what = f"{t.title}　合計 {t.current:,}千円　事業 {t.projects} 件"
        except PlanFileError as e:
            what = str(e)
        print(f"{n:>3}  {_ljust(b.date_text, 16)}{b.time_text}  {_ljust(b.reason_text, 28)}{what}")
    print("復元するには：asahi-desk restore --db FILE 番号 [--as 新しいファイル.sqlite]")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .paths import user_plan_path
    from .store.backups import RESTORE, find_backup, make_backup, restore_to

    path = args.db if args.db is not None else user_plan_path()
    backups, note = _backups_of(args.db)
    backup = find_backup(backups, args.backup)
    if args.as_file is not None:
        if args.as_file.exists() and path.exists() and path.resolve() == args.as_file.resolve():
            return fail("計画ファイルそのものに戻すときは --as を付けずに実行してください。")
        if args.as_file.exists() and not args.force:
            return fail(f"「{args.as_file}」はすでにあります。上書きするときは --force を付けてください。")
        with changing(args.as_file):
            restore_to(backup, args.as_file)
        print(f"{backup.date_text} {backup.time_text} のバックアップを「{args.as_file}」として復元しました。")
        return EXIT_OK
    with changing(args.db):
        before = None
        if not note:  # a plan that opens is backed up as it is first, so that this restore can be undone
            with opened(args.db) as store:
                before = make_backup(store.file, RESTORE)
        restore_to(backup, path)
    print(f"{backup.date_text} {backup.time_text} のバックアップに戻しました（「{path}」）。")
    if before is not None:
        print(f"戻す前の計画はバックアップ（{before.date_text} {before.time_text}、{before.reason_text}）として残しています。")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backups", help="計画の自動バックアップの一覧を表示する（日付・時刻・合計）")
    add_db(p)
    p.set_defaults(run=cmd_backups)

    p = sub.add_parser("restore", help="バックアップから計画を戻す（--as で新しいファイルとして）")
    add_db(p)
    p.add_argument("backup", metavar="番号", help="asahi-desk backups に出る番号（1 が最新）またはファイル名")
    p.add_argument("--as", dest="as_file", type=Path, metavar="FILE", help="計画ファイルは変えず、新しいファイルとして復元する")
    p.add_argument("--force", action="store_true", help="--as のファイルがあれば置き換える")
    p.set_defaults(run=cmd_restore)
