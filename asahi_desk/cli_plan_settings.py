"""asahi-desk plan: what the plan is (ward, year, author, back cover, 課, 総括表 figures), printed or changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_common import EXIT_OK, add_db, changing, fail, opened
from .domain.model import Plan
from .domain.money import display_width
from .domain.plan_settings import (
    Change,
    SectionChanges,
    SettingError,
    figures,
    mascot_change,
    properties,
    read_settings,
)
from .store import PlanStore


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def properties_text(plan: Plan) -> str:
    """Label, key and value of each property, then the 総括表 figures by key: what --set takes."""
    rows = properties(plan)
    label_width = max(display_width(label) for _, label, _ in rows) + 2
    key_width = max(display_width(key) for key, _, _ in rows) + 2
    lines = [_ljust(label, label_width) + _ljust(key, key_width) + value for key, label, value in rows]
    numbers = figures(plan)
    width = max(display_width(key) for key, _ in numbers) + 2
    lines += ["", "総括表の額（千円）"] + [f"  {_ljust(key, width)}{_rjust(value, 10)}" for key, value in numbers]
    return "\n".join(lines) + "\n"


def _setting(text: str) -> tuple[str, str]:
    key, found, value = text.partition("=")
    if not found or not key.strip():
        raise argparse.ArgumentTypeError(f"「{text}」は 設定名=値 の形で指定してください（例：ward=青葉区）。")
    return key.strip(), value


def _changes(plan: Plan, pairs: list[tuple[str, str]]) -> list[Change | SectionChanges]:
    """Every change checked before any is made; mascot-image reads its picture from a file."""
    changes: list[Change | SectionChanges] = []
    rest = []
    for key, value in pairs:
        if key != "mascot-image":
            rest.append((key, value))
            continue
        if not value.strip():
            changes.append(mascot_change(plan, None))
            continue
        path = Path(value.strip())
        try:
            data = path.read_bytes()
        except OSError as e:
            raise SettingError(f"mascot-image：「{path}」を読めません（{e.strerror}）。") from None
        changes.append(mascot_change(plan, data))
    return read_settings(plan, rest) + changes


def apply_section_changes(store: PlanStore, changes: SectionChanges) -> None:
    plan = store.plan
    assert plan is not None
    for section, name in changes.renames:
        store.update(section, name=name)
    for section in changes.removals:
        store.remove(section)
    for name in changes.additions:
        store.add_section(name)
    for index, name in enumerate(changes.order):
        section = plan.section(name)
        assert section is not None
        if plan.sections.index(section) != index:
            store.move(section, None, index)


def cmd_plan(args: argparse.Namespace) -> int:
    if not args.set:
        with opened(args.db, readonly=True) as store:
            print(f"計画ファイル：{store.path}")
            print(properties_text(store.plan), end="")
        return EXIT_OK
    with changing(args.db), opened(args.db) as store:
        plan = store.plan
        assert plan is not None
        try:
            changes = _changes(plan, args.set)
            with store.file.transaction():  # all of them, or none
                for change in changes:
                    if isinstance(change, Change):
                        store.update(change.node, **change.values)
                    else:
                        apply_section_changes(store, change)
        except ValueError as e:
            return fail(f"{e}\n計画は変更していません。")
        texts = list(dict.fromkeys(c.text if isinstance(c, Change) else "課の変更" for c in changes))
        print(f"計画ファイル「{store.path.name}」を変更しました：{'、'.join(texts)}")
        print(properties_text(plan), end="")
    return EXIT_OK


def add_plan_settings_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="計画の設定（区・年度・作成課・スローガン・課・総括表の額）を表示する、--set で変える")
    add_db(p)
    p.add_argument("--set", type=_setting, action="append", metavar="KEY=VALUE",
                   help="設定を変える（例：ward=青葉区、fiscal-year=2025、統合事務費.予算=24,195）。何度でも指定できます")
    p.set_defaults(run=cmd_plan)
