"""asahi-desk: the application, and the same operations without a window."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Sequence

from .cli_common import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK, add_db, changing, fail, opened
from .cli_versions import keep_version
from .cli_versions import register as register_versions
from .domain.checks import CheckSettings, run_checks
from .domain.findings import LEVEL_LABELS, Finding, by_level, count_by_level
from .domain.model import Plan
from .domain.money import display_width, format_table
from .domain.tables import summary_tables
from .store import PlanFileError, create_default
from .version import version

def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def summary_text(plan: Plan) -> str:
    """The 総括表 as text, for the terminal; each column as wide as its widest figure."""
    head = ["区分", plan.year_short, plan.last_year_short, "増▲減", "増▲減率"]
    tables = [(t.caption, [["　" * r.depth + r.label, format_table(r.current), format_table(r.last), r.diff_text,
                            r.rate_text] for r in t.rows]) for t in summary_tables(plan)]
    cells = [head] + [row for _, rows in tables for row in rows]
    widths = [max(display_width(row[i]) for row in cells) + 2 for i in range(len(head))]

    def line(row: list[str]) -> str:
        return _ljust(row[0], widths[0]) + "".join(_rjust(text, w) for text, w in zip(row[1:], widths[1:]))

    lines = [f"{plan.title}　総括表　（単位：千円）", ""]
    for caption, rows in tables:
        if caption:
            lines.append(caption)
        lines += [line(head), *(line(row) for row in rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def _threshold(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"「{text}」は数値ではありません（例：30）。") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("しきい値は 0 より大きい数で指定してください。")
    return value


def cmd_init(args: argparse.Namespace) -> int:
    if args.ward is not None or args.fiscal_year is not None or args.from_listing is not None:
        from .cli_plans import init_new_plan  # a plan for any ward and year

        return init_new_plan(args)
    with changing(args.file):  # --force must not replace a plan a window is editing
        store = create_default(args.file, overwrite=args.force)
        plan = store.plan
        store.close()
    assert plan is not None
    print(f"計画ファイル「{args.file}」を作りました（{plan.year_label} {plan.ward}）。")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with opened(args.db, readonly=True) as store:
        findings = run_checks(store.plan, CheckSettings(change_threshold=args.threshold))
        findings = _with_layout_findings(store.plan, findings)
    if args.json:
        json.dump([f.to_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for f in findings:
            print(f"[{LEVEL_LABELS[f.level]}] {f.node}: {f.message}")
        print("　".join(f"{LEVEL_LABELS[k]} {v} 件" for k, v in count_by_level(findings).items()))
    return EXIT_FINDINGS if any(f.level == "error" for f in findings) else EXIT_OK


# render: the PDFs of the meeting packet ------------------------------------------


def _with_layout_findings(plan: Plan, findings: list[Finding]) -> list[Finding]:
    """The checks' findings and, after them by level, where 資料１ had to give way."""
    from .render import layout_findings

    return by_level(findings + layout_findings(plan))


def cmd_render(args: argparse.Namespace) -> int:
    from .domain.meeting import part_labels
    from .render import PARTS, FontError, LayoutError, OutputError, render, render_handouts, render_packet, save_handouts

    out: Path | None = args.out
    if out is None and args.split is None:
        return fail("書き出す先を --out FILE.pdf（一つの PDF）か --split フォルダー（資料ごとの PDF）で指定してください。")
    if args.split is not None and args.part != "packet":
        return fail("--split（資料ごとの PDF）は --part packet と一緒に指定してください。")
    if out is not None and out.is_dir():
        return fail(f"「{out}」はフォルダーです。PDF のファイル名を指定してください。")
    with opened(args.db, readonly=True) as store:
        labels = part_labels(store.plan)
        if args.part not in PARTS:
            names = "、".join(f"{p}（{labels[p]}）" for p in PARTS)
            return fail(f"「{args.part}」という資料はありません。{names} のどれかを指定してください。")
        try:
            if args.split is None:
                result, handouts = render(store.plan, args.part), {}
            elif out is None:
                result, handouts = None, render_handouts(store.plan)
            else:  # the packet (--split asks for it) to one PDF and one PDF per handout: rendered once for both
                result, handouts = render_packet(store.plan)
        except (FontError, LayoutError) as e:
            return fail(str(e))
    if result is not None and out is not None:
        from .files import disk_error_message, write_bytes

        try:
            write_bytes(out, result.pdf)
        except OSError as e:
            kept = f"元の「{out.name}」はそのままです。" if out.exists() else ""
            return fail(disk_error_message(e, f"PDF「{out.name}」") + kept)
        print(f"「{out}」に{labels[args.part]}を書き出しました（{result.page_count}ページ）。")
    if handouts:
        try:
            written = save_handouts(handouts, args.split)
        except OutputError as e:
            return fail(str(e))
        for path, one in zip(written, handouts.values()):
            print(f"「{path}」を書き出しました（{one.page_count}ページ）。")
    findings = result.findings if result is not None else [f for one in handouts.values() for f in one.findings]
    for f in findings:
        print(f"[{LEVEL_LABELS[f.level]}] {f.node}: {f.message}")
    keep_version(args.db, labels[args.part] if args.split is None else "資料ごとの PDF")
    return EXIT_OK


# attach, detach, attachments: PDFs bound into a handout ----------------------------


def cmd_attach(args: argparse.Namespace) -> int:
    from .domain.attachments import AttachmentError, new_attachment, read_pdf_file

    placement = "after" if args.after is not None else args.placement
    with changing(args.db), opened(args.db) as store:
        try:
            counts = None
            if placement == "after":
                from .render import handout_page_counts

                counts = handout_page_counts(store.plan)
            data = read_pdf_file(args.file)
            attachment = new_attachment(store.plan, data, args.file.name, args.handout, placement, args.after, counts)
            store.insert(attachment, None)
        except AttachmentError as e:
            return fail(str(e))
    print(f"「{attachment.file_name}」（{attachment.page_count}ページ）を{attachment.where}に綴じました（ID {attachment.id}）。")
    return EXIT_OK


def cmd_detach(args: argparse.Namespace) -> int:
    with changing(args.db), opened(args.db) as store:
        attachment = next((a for a in store.plan.attachments if a.id == args.id), None)
        if attachment is None:
            return fail(f"ID {args.id} の添付はありません。asahi-desk attachments で一覧を確かめてください。")
        store.remove(attachment)
    print(f"「{attachment.file_name}」（{attachment.where}）を外しました。")
    return EXIT_OK


def cmd_attachments(args: argparse.Namespace) -> int:
    with opened(args.db, readonly=True) as store:
        attachments = list(store.plan.attachments)
        if not attachments:
            print("綴じた PDF はありません。")
        for a in attachments:
            print(f"{a.id:>4}  {_ljust(a.where, 28)}{a.page_count:>3}ページ  {a.file_name}")
    return EXIT_OK


def _fiscal_year(text: str) -> int:
    from .domain.money import check_fiscal_year, to_halfwidth

    value = to_halfwidth(text).strip().removesuffix("年度")
    try:
        return check_fiscal_year(int(value) if value.isdigit() else value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _page_number(text: str) -> int:
    from .domain.money import to_halfwidth

    value = to_halfwidth(text).strip()
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"「{text}」はページ番号ではありません（1 以上の数）。")
    return int(value)


def _attachment_id(text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"「{text}」は添付の ID ではありません（asahi-desk attachments に出る数）。")
    return int(value)


def cmd_summary(args: argparse.Namespace) -> int:
    with opened(args.db, readonly=True) as store:
        sys.stdout.write(summary_text(store.plan))
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    from .selftest import self_test

    return self_test()


def cmd_start(args: argparse.Namespace) -> int:
    """Start the window on the user's plan, or on --db FILE."""
    from .ui.app import run  # Qt is loaded only for the window

    return run(args.db)


# Excel exchange ----------------------------------------------------------------


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from .excel import ExportError, export_workbook, origin_of
    from .store.versions import workbook_what

    with opened(args.db, readonly=True) as store:
        try:
            done = export_workbook(store.plan, args.out, origin_of(store), section=args.section)
        except ExportError as e:
            return fail(str(e))
    whose = f"{done.section}の" if done.section else ""
    print(f"「{done.path}」に{whose}事業 {done.projects} 件を書き出しました。")
    keep_version(args.db, workbook_what(done.section))
    return EXIT_OK


def _confirm(question: str) -> bool:
    """Ask on the terminal; anything but y / yes (or no answer at all) is no."""
    print(f"{question} [y/N]: ", end="", flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower().translate(str.maketrans("ｙｅｓ", "yes")) in ("y", "yes")


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    if args.dry_run:  # only reads
        return _import_xlsx(args)
    with changing(args.db):
        return _import_xlsx(args)


def _import_xlsx(args: argparse.Namespace) -> int:
    from .excel import apply, origin_of, read_workbook

    with opened(args.db, readonly=args.dry_run) as store:
        result = read_workbook(args.file, store.plan, origin_of(store))
        if not result.ok:
            print(f"「{args.file.name}」は取り込めません。計画は変更していません。", file=sys.stderr)
            for problem in result.errors:
                print(f"  {problem}", file=sys.stderr)
            if args.mark:
                _mark(args.file, args.mark, result)
            return EXIT_FAILED
        if not result.differences:
            print(f"「{args.file.name}」と計画の違いはありません。")
            return EXIT_OK
        print(f"「{args.file.name}」と計画の違い（{len(result.differences)} 事業）：")
        print(result.describe())
        conflicts = result.conflicts()
        if conflicts and args.prefer:
            result.decide_all(args.prefer)
            side = "ブック" if args.prefer == "workbook" else "計画"
            print(f"競合 {len(conflicts)} 件は、すべて{side}の値にします（--prefer {args.prefer}）。")
        if args.dry_run:
            print("（--dry-run のため、計画は変更していません）")
            return EXIT_OK
        if conflicts and not args.prefer:
            print(f"競合が {len(conflicts)} 件あるため、取り込みません。計画は変更していません。"
                  "ブックの値にするときは --prefer workbook、計画の値を残すときは --prefer plan を付けて"
                  "もう一度実行してください（一件ずつ決めるときは画面の「ワークブックを取り込む」を使います）。",
                  file=sys.stderr)
            return EXIT_FINDINGS
        if not args.yes and not _confirm("この内容で計画を変更しますか？"):
            print("中止しました。計画は変更していません。")
            return EXIT_FINDINGS
        from .store.backups import IMPORT, make_backup

        make_backup(store.file, IMPORT)
        applied = apply(store, result.differences)
    print(f"計画を変更しました（{applied.count} 件の操作）。asahi-desk check で点検してください。")
    return EXIT_OK


def _mark(source: Path, target: Path, result: object) -> None:
    from .excel.marks import MarkError, mark_problems

    try:
        count = mark_problems(source, target, result.errors)  # type: ignore[attr-defined]
    except MarkError as e:
        print(f"印を付けたブックは保存していません：{e}", file=sys.stderr)
        return
    print(f"問題の {count} か所に印（赤い塗りとコメント）を付けたブックを「{target}」に保存しました。", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asahi-desk", description="区づくり推進費の執行計画と会議資料を作ります。")
    add_db(parser, top=True)
    parser.add_argument("--version", action="version", version=f"asahi-desk {version()}")
    parser.add_argument("--self-test", dest="run", action="store_const", const=cmd_self_test,
                        help="一時フォルダーで計画を作り、点検・PDF・ワークブック・ウィンドウを試して、結果を表示する")
    parser.set_defaults(run=cmd_start)
    sub = parser.add_subparsers(title="コマンド", metavar="COMMAND")

    p = sub.add_parser("init", help="新しい計画ファイルを作る（既定は組み込みの令和６年度の見本、--ward と --fiscal-year で空の計画）")
    p.add_argument("file", type=Path, metavar="PLAN.sqlite")
    p.add_argument("--force", action="store_true", help="同名のファイルがあれば上書きする")
    p.add_argument("--ward", metavar="区名", help="空の計画を作る区（--fiscal-year と一緒に）")
    p.add_argument("--fiscal-year", type=_fiscal_year, metavar="YEAR", help="空の計画の年度（西暦、例：2025）")
    p.add_argument("--from-listing", type=Path, metavar="一覧.xlsx",
                   help="事業別一覧表の形のブック（柱・事業名・予算・前年度・課）から事業を作る")
    p.set_defaults(run=cmd_init)

    from .cli_plans import add_plan_commands

    add_plan_commands(sub)

    p = sub.add_parser("check", help="印刷前の点検を行い、結果を表示する（エラーがあれば終了コード 1）")
    add_db(p)
    p.add_argument("--json", action="store_true", help="JSON で出力する")
    p.add_argument("--threshold", type=_threshold, default=Decimal(30), metavar="PERCENT",
                   help="前年度比の増減をお知らせする割合（既定 30）")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("summary", help="総括表を表示する")
    add_db(p)
    p.set_defaults(run=cmd_summary)

    p = sub.add_parser("render", help="会議資料（次第・資料１・資料２、一式）を PDF に書き出す")
    add_db(p)
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="書き出す PDF ファイル")
    p.add_argument("--part", default="shiryo1", metavar="PART",
                   help="agenda（次第）、shiryo1（資料１、既定）、shiryo2（資料２）または packet（一式）")
    p.add_argument("--split", type=Path, metavar="DIR",
                   help="--part packet で、資料ごとの PDF（次第.pdf、資料１.pdf …）をこのフォルダーに書き出す")
    p.set_defaults(run=cmd_render)

    # Excel exchange
    p = sub.add_parser("export-xlsx", help="総括表・事業別一覧表・事業ごとのシートを Excel ブックに書き出す")
    add_db(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="書き出すブック")
    p.add_argument("--section", metavar="課名", help="この課の事業だけを書き出す（課に記入してもらうブック）")
    p.set_defaults(run=cmd_export_xlsx)

    p = sub.add_parser("import-xlsx", help="記入されたブックを点検し、計画との違いを示して取り込む")
    add_db(p)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="違いを表示するだけで、計画は変更しない")
    p.add_argument("--yes", "-y", action="store_true", help="確認せずに取り込む")
    p.add_argument("--mark", type=Path, metavar="OUT.xlsx",
                   help="取り込めないとき、問題のセルに印（赤い塗りとコメント）を付けたブックをここに保存する（課に送り返す）")
    p.add_argument("--prefer", choices=("workbook", "plan"),
                   help="競合（ブックと計画の両方で変更された欄）をすべてブックの値にする／計画の値を残す")
    p.set_defaults(run=cmd_import_xlsx)

    p = sub.add_parser("attach", help="PDF を資料に綴じる（計画ファイルに保存する）")
    add_db(p)
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p.add_argument("--handout", required=True, metavar="LABEL", help="綴じる資料（例：資料２）")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--start", dest="placement", action="store_const", const="start", help="資料の初めに綴じる")
    where.add_argument("--after", type=_page_number, metavar="PAGE", help="資料の PAGE ページの後に綴じる")
    where.add_argument("--instead-of-summary", dest="placement", action="store_const", const="summary",
                       help="資料２の概要版のページの代わりに綴じる")
    where.add_argument("--end", dest="placement", action="store_const", const="end", help="資料の終わりに綴じる（既定）")
    p.set_defaults(run=cmd_attach, placement="end")

    p = sub.add_parser("detach", help="綴じた PDF を外す")
    add_db(p)
    p.add_argument("id", type=_attachment_id, metavar="ID", help="asahi-desk attachments に出る ID")
    p.set_defaults(run=cmd_detach)

    p = sub.add_parser("attachments", help="綴じた PDF の一覧を表示する")
    add_db(p)
    p.set_defaults(run=cmd_attachments)

    register_versions(sub, add_db)
    from .cli_backups import register as register_backups

    register_backups(sub)
    from .cli_log import register as register_log

    register_log(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except PlanFileError as e:
        print(f"asahi-desk: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("asahi-desk: 中断しました。", file=sys.stderr)
        return EXIT_FAILED
    except Exception as e:  # noqa: BLE001 - no traceback reaches a user; the log keeps it
        return _unforeseen(e)


def _unforeseen(e: Exception) -> int:
    from .files import disk_error_message, is_disk_full
    from .logs import log_unexpected

    if is_disk_full(e):
        print(f"asahi-desk: {disk_error_message(e, 'ファイル')}", file=sys.stderr)
        return EXIT_FAILED
    log = log_unexpected("command failed", e)
    where = f"詳しくはログ「{log}」をご覧ください。" if log is not None else ""
    print(f"asahi-desk: 思いがけないエラーのため、コマンドを完了できませんでした（{type(e).__name__}: {e}）。{where}",
          file=sys.stderr)
    return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
