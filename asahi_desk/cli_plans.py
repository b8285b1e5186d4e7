"""The commands that make a plan for any ward and year, or from another plan: init --ward, new-year."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import EXIT_FAILED, EXIT_OK, add_db, changing, fail, opened
from .store import write_new_plan


def cmd_new_year(args: argparse.Namespace) -> int:
    from .domain.rollover import RolloverOptions, next_year

    out: Path = args.out
    from .store.backups import NEW_YEAR, make_backup

    with opened(args.db, readonly=True) as store:
        source = store.path
        make_backup(store.file, NEW_YEAR)
        plan = next_year(store.plan, RolloverOptions(keep_report=args.keep_report, keep_attachments=args.keep_attachments,
                                                     clear_overview=args.clear_overview))
    if out.resolve() == Path(source).resolve():
        return fail("新しい計画は別のファイルに作ります。今年度の計画ファイルとは別の --out を指定してください。")
    if out.is_dir():
        return fail(f"「{out}」はフォルダーです。計画ファイルの名前を指定してください。")
    with changing(out):  # --force must not replace a plan a window is editing
        write_new_plan(out, plan, overwrite=args.force)
    print(f"計画ファイル「{out}」を作りました（{plan.year_label} {plan.ward}、{plan.carried_from}の計画から）。")
    print("今年度の額は前年度と同じ額で始まります。asahi-desk check で見直す額を確かめてください。")
    return EXIT_OK


def init_new_plan(args: argparse.Namespace) -> int:
    """init FILE --ward 青葉区 --fiscal-year 2025 [--from-listing 一覧.xlsx]: an empty plan, or one from a listing."""
    from .domain.new_plan import empty_plan, plan_from_listing

    if args.ward is None or args.fiscal_year is None:
        return fail("空の計画を作るには --ward（区名）と --fiscal-year（年度）の両方を指定してください。")
    try:
        if args.from_listing is None:
            plan = empty_plan(args.ward, args.fiscal_year)
        else:
            from .excel.listing import read_listing

            listing = read_listing(args.from_listing)
            if not listing.ok:
                print(f"「{args.from_listing.name}」から計画を作れません。ファイルは作っていません。", file=sys.stderr)
                for problem in listing.errors:
                    print(f"  {problem}", file=sys.stderr)
                return EXIT_FAILED
            plan = plan_from_listing(args.ward, args.fiscal_year, listing.rows)
    except ValueError as e:
        return fail(str(e))
    with changing(args.file):  # --force must not replace a plan a window is editing
        write_new_plan(args.file, plan, overwrite=args.force)
    projects = sum(1 for _ in plan.projects())
    print(f"計画ファイル「{args.file}」を作りました（{plan.year_label} {plan.ward}、事業 {projects} 件）。")
    return EXIT_OK


def add_plan_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-year", help="今年度の計画から次年度の計画ファイルを作る（今年度のファイルは変えない）")
    add_db(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="作る次年度の計画ファイル")
    p.add_argument("--keep-report", action="store_true", help="資料２を引き継ぐ")
    p.add_argument("--keep-attachments", action="store_true", help="綴じた PDF を引き継ぐ")
    p.add_argument("--clear-overview", action="store_true", help="予算のすがた・主な事業内容の数値を空にする（行は残す）")
    p.add_argument("--force", action="store_true", help="同名のファイルがあれば上書きする")
    p.set_defaults(run=cmd_new_year)

    from .cli_plan_settings import add_plan_settings_command

    add_plan_settings_command(sub)
