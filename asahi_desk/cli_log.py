"""The command line's 変更履歴: the change log kept in the plan file, newest first, or only since a version."""

from __future__ import annotations

import argparse
import json
import sys

from .cli_common import EXIT_OK, add_db, opened
from .cli_versions import version_id
from .store import change_log, versions


def cmd_log(args: argparse.Namespace) -> int:
    with opened(args.db, readonly=True) as store:
        since = versions.get(store.file, args.since_version) if args.since_version is not None else None
        lines = versions.log_since(store.file, since.id) if since else change_log.entries(store.file)
    lines.reverse()
    if args.json:
        json.dump([e.to_dict() for e in lines], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if since is not None:
        print(f"版 {since.id} {since.title} を作ってからの変更：{len(lines)} 件")
    elif not lines:
        print("変更履歴はまだありません。ウィンドウで計画を変えると、その変更がここに残ります。")
    for e in lines:
        print(f"{e.when_text}  {e.who or '—'}  {e.text}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("log", help="変更履歴（いつ・だれが・何を変えたか）を新しい順に表示する")
    add_db(p)
    p.add_argument("--since-version", type=version_id, metavar="ID", help="この版を作ってからの変更だけを表示する")
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.set_defaults(run=cmd_log)
