"""The command line's versions of the plan: keep one after each render and export; list, name, delete, restore."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from .cli_common import EXIT_FAILED, EXIT_OK
from .paths import user_plan_path
from .store import PlanFileError, open_store
from .store import versions


def keep_version(db: Path | None, what: str) -> None:
    """After a render or an export: keep the plan as it was printed, and say so (or why not)."""
    store = open_store(db)
    try:
        version = versions.record(store, what)
    except PlanFileError as e:
        print(f"asahi-desk: 版を残せませんでした：{e}", file=sys.stderr)
        return
    finally:
        store.close()
    if version is None:
        print("（計画ファイルが読み取り専用のため、版は残していません）")
    else:
        print(f"版 {version.id} を残しました（{version.what}、{version.made_at_text}）。")


def version_id(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"「{text}」は版の ID ではありません（asahi-desk versions に出る数）。")
    return int(value)


def cmd_versions(args: argparse.Namespace) -> int:
    if args.restore is not None:
        return _restore(args)
    if args.out is not None:
        raise PlanFileError("--out は --restore と一緒に指定してください（版を新しい計画ファイルにするとき）。")
    readonly = args.name is None and args.delete is None and args.save is None
    store = open_store(args.db, readonly=readonly)
    try:
        if args.save is not None:
            version = versions.record(store, versions.MANUAL, name=args.save)
            if version is None:
                raise PlanFileError("計画ファイルが読み取り専用のため、版を保存できません。")
            print(f"版 {version.id} を保存しました（{version.title}）。")
            return EXIT_OK
        if args.name is not None:
            chosen, name = args.name
            version = versions.rename(store.file, version_id(chosen), name)
            print(f"版 {version.id} の名前を「{version.name}」にしました。" if version.name
                  else f"版 {version.id} の名前を消しました。")
            return EXIT_OK
        if args.delete is not None:
            version = versions.get(store.file, args.delete)
            versions.delete(store.file, args.delete)
            print(f"版 {version.id}（{version.title}）を削除しました。")
            return EXIT_OK
        listed = versions.list_versions(store.file)
    except (ValueError, argparse.ArgumentTypeError) as e:
        print(f"asahi-desk: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()
    if args.json:
        json.dump([v.to_dict() for v in listed], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not listed:
        print("版はまだありません。PDF・印刷・ブックを書き出すと、そのときの計画が版として残ります。")
    for v in listed:
        total = f"{v.totals[0][1]:,}千円" if v.totals else ""
        print(f"{v.id:>4}  {v.made_at_text}  {v.what}  {total}  {v.name}".rstrip())
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .comparison_sheet import compared, write_comparison
    from .render import FontError, LayoutError, OutputError
    from .render.changed_pages import changed_pages

    store = open_store(args.db, readonly=True)
    try:
        c = compared(store, args.since, args.to)
    finally:
        store.close()
    since, to, result = c.since, c.to, c.result
    try:
        pages = changed_pages(c.older, c.newer)
        if args.out is not None:
            written = write_comparison(c, args.out, pages=pages.text)
    except (FontError, LayoutError, OutputError) as e:
        print(f"asahi-desk: {e}", file=sys.stderr)
        return EXIT_FAILED
    if args.out is not None and not args.json:
        print(f"「{args.out}」に新旧対照表を書き出しました（{written}ページ、変更 {len(result.changes)} 件）。")
    if args.json:
        json.dump({"since": since.to_dict(), "to": to.to_dict() if to else None, **result.to_dict(),
                   "pages": pages.to_dict()}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    to_title = f"版 {to.id} {to.title}" if to else "いまの計画"
    print(f"版 {since.id} {since.title} から {to_title} までの変更：{len(result.changes)} 件")
    for change in result.changes:
        print(change.text)
    if result.totals:
        print("\n合計の変化：")
        for change in result.totals:
            print(change.text)
    print(f"\n{pages.text}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    """A version as a new plan file (--out), or the plan made as it was, after keeping it as it is."""
    if args.out is not None:
        store = open_store(args.db, readonly=True)
        try:
            version = versions.get(store.file, args.restore)
            if args.out.exists():
                raise PlanFileError(f"「{args.out}」はすでにあります。上書きしないよう中止しました。別の名前を指定してください。")
            versions.restore_as_file(store.file, version.id, args.out)
        finally:
            store.close()
        print(f"版 {version.id}（{version.title}）を新しい計画ファイル「{args.out}」にしました。")
        return EXIT_OK
    from .lock import PlanLock

    path = args.db if args.db is not None else user_plan_path()
    with PlanLock(path).held(lambda owner: PlanFileError(
            f"「{path.name}」は別のウィンドウ（{owner.text}）で編集中のため、版に戻せません。"
            "そのウィンドウの「版」タブで行うか、ウィンドウを閉じてからもう一度実行してください。")):
        store = open_store(args.db)
        try:
            version = versions.get(store.file, args.restore)
            before = versions.record(store, versions.BEFORE_RESTORE, name=f"版 {version.id} に戻す前")
            if before is None:
                raise PlanFileError("計画ファイルが読み取り専用のため、版に戻せません。")
            versions.restore_in_place(store, version.id)
        finally:
            store.close()
    print(f"計画を版 {version.id}（{version.title}）のとおりにしました。"
          f"戻す前の計画は版 {before.id} に残しています（asahi-desk versions --restore {before.id} で戻せます）。")
    return EXIT_OK


def register(sub: argparse._SubParsersAction, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("versions", help="計画の版（PDF・印刷・ブックを書き出したときの計画）を新しい順に表示する")
    add_db(p)
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--save", nargs="?", const="", metavar="NAME", help="いまの計画を版として保存する（名前は省略可）")
    what.add_argument("--name", nargs=2, metavar=("ID", "NAME"), help="版に名前をつける（\"\" で名前を消す）")
    what.add_argument("--delete", type=version_id, metavar="ID", help="版を削除する")
    what.add_argument("--restore", type=version_id, metavar="ID",
                      help="計画を版のとおりに戻す（いまの計画は先に版として残す）。--out で新しい計画ファイルにする")
    p.add_argument("--out", type=Path, metavar="FILE.sqlite", help="--restore の版を新しい計画ファイルとして書き出す")
    p.set_defaults(run=cmd_versions)

    p = sub.add_parser("diff", help="版からの変更（金額・文章・細事業の追加・削除・移動）を表示する")
    add_db(p)
    p.add_argument("--since", type=version_id, required=True, metavar="ID", help="比べる元の版")
    p.add_argument("--to", type=version_id, metavar="ID", help="比べる先の版（省略時はいまの計画）")
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="新旧対照表を PDF に書き出す")
    p.set_defaults(run=cmd_diff)
