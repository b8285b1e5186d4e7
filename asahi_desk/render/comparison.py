"""The 新旧対照表: what changed between two plans, as Japanese offices print it (A4, 事業 | 新 | 旧 | 備考).

Only what changed is listed, in the newer plan's order (domain.compare). In
the 新 and 旧 columns the words and figures that differ are underlined; a row
added or removed is underlined whole. 備考 says (追加), (変更), (削除) or (移動),
and the change in 千円 of a figure. The totals the changes moved follow in a
second table. Plan text is escaped before it meets ReportLab's markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from ..domain.compare import ADDED, CHANGED, KIND_LABELS, MOVED, REMOVED, Change, Comparison
from ..domain.model import Item, Plan, Project
from ..domain.money import format_table, jnum
from ..files import disk_error_message, write_bytes
from . import RenderOptions
from .document import Context, PartStart, build
from .fonts import load_fonts
from .grid import ruled_table, unit_line
from .layout import load_layout
from .packet import Handout, OutputError, RenderResult, numbered_pages, write
from .styles import Styles
from .text import escape

TITLE = "新旧対照表"
HEAD = ("事　業", "新", "旧", "備　考")

# A word: a run of figures or Latin letters (1,725 / HACCP) is one; any other character is a word of its own.
_WORD = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ,.，．%％]+|.", re.S)
_WHOLE_BELOW = 0.3  # texts alike in less than this share are underlined whole, not in scattered pieces


@dataclass(frozen=True)
class Sides:
    """The headings of the two plans compared: 版 5　6/3 課長確認用（2026年6月3日 14:05）."""

    new: str
    old: str


def _underlined(text: str) -> str:
    """Plain text as markup, underlined line by line (a line break is never underlined)."""
    return "<br/>".join(f"<u>{escape(line)}</u>" if line.strip() else escape(line) for line in text.split("\n"))


def marked(old: str, new: str) -> tuple[str, str]:
    """Both texts as markup, with the words and figures that differ underlined (old's in old, new's in new)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < _WHOLE_BELOW:
        return _underlined(old), _underlined(new)
    ops = matcher.get_opcodes()
    out_old: list[str] = []
    out_new: list[str] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        # one character left alike between two changes reads as part of them
        lone = tag == "equal" and i2 - i1 == 1 and 0 < k < len(ops) - 1 and before.strip()
        if tag == "equal" and not lone:
            out_old.append(escape(before))
            out_new.append(escape(after))
        else:
            out_old.append(_underlined(before))
            out_new.append(_underlined(after))
    return "".join(out_old), "".join(out_new)


def _item_text(item: Item) -> str:
    mark = f"{item.mark} " if item.mark else ""
    head = f"{jnum(item.number)} {mark}{item.name}【{format_table(item.amount)}千円】"
    return "\n".join([head, *item.lines])


def _project_text(project: Project) -> str:
    head = f"{project.code} {project.name}【{format_table(project.current)}千円】"
    return "\n".join(x for x in (head, project.purpose) if x)


def _whole(plan: Plan, node: tuple[str, int] | None, fallback: str) -> str:
    """What a row added or removed holds, as the plan that has it prints it."""
    if node is not None:
        kind, node_id = node
        if kind == "Item":
            item = next((i for i in plan.items() if i.id == node_id), None)
            if item is not None:
                return _item_text(item)
        if kind == "Project":
            project = next((p for p in plan.projects() if p.id == node_id), None)
            if project is not None:
                return _project_text(project)
    return fallback


def _note(change: Change) -> str:
    note = f"（{KIND_LABELS[change.kind]}）"
    if change.delta is not None:
        note += f"<br/>増▲減 {escape(format_table(change.delta))}"
    return note


class _Table:
    """Rows of the 新旧対照表 in its type and columns."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.size = ctx.layout.number("comparison.size")
        self.rows: list[list[object]] = [[ctx.styles.text(h, self.size, "gothic", "centre") for h in HEAD]]

    def add(self, where: str, new: str, old: str, note: str, *, figure: bool = False) -> None:
        styles, size = self.ctx.styles, self.size
        align = "right" if figure else "left"
        self.rows.append([styles.markup(where, size), styles.markup(new, size, align=align),
                          styles.markup(old, size, align=align), styles.markup(note, size, align="centre")])

    def flowable(self) -> Flowable:
        layout = self.ctx.layout
        return ruled_table(self.ctx, self.rows, layout.lengths("comparison.columns"), size=self.size,
                           extra=[("VALIGN", (0, 1), (-1, -1), "TOP")])


def _where(change: Change) -> str:
    return escape(change.where) + (f"<br/>［{escape(change.field)}］" if change.field else "")


def _changes_table(ctx: Context, result: Comparison, older: Plan, newer: Plan) -> Flowable:
    table = _Table(ctx)
    for change in result.changes:
        if change.kind == ADDED:
            table.add(_where(change), _underlined(_whole(newer, change.node, change.new)), "", _note(change))
        elif change.kind == REMOVED:
            table.add(_where(change), "", _underlined(_whole(older, change.old_node, change.old)), _note(change))
        elif change.kind in (CHANGED, MOVED):
            old, new = marked(change.old, change.new)
            table.add(_where(change), new, old, _note(change), figure=change.delta is not None)
    if not result.changes:
        table.add("", "変更はありません。", "", "")
    return table.flowable()


def _totals_table(ctx: Context, result: Comparison) -> Flowable:
    table = _Table(ctx)
    for change in result.totals:
        old, new = marked(change.old, change.new)
        table.add(_where(change), new, old, _note(change), figure=True)
    return table.flowable()


def story(result: Comparison, older: Plan, newer: Plan, sides: Sides, ctx: Context, pages: str = "") -> list[Flowable]:
    layout, styles = ctx.layout, ctx.styles
    size = layout.number("comparison.heading_size")
    gap = layout.length("comparison.gap")
    out: list[Flowable] = [
        PartStart("comparison", numbered=True),
        styles.text(TITLE, layout.number("comparison.title_size"), "gothic", "centre"),
        styles.text(newer.title, layout.number("comparison.subtitle_size"), "gothic", "centre"),
        Spacer(0, gap),
        styles.text(f"新：{sides.new}", size),
        styles.text(f"旧：{sides.old}", size),
    ]
    if pages:
        out.append(styles.text(pages, size))
    out += [styles.text(f"変更 {len(result.changes)} 件（下線は変わった語句と数値）", size),
            unit_line(ctx), _changes_table(ctx, result, older, newer)]
    if result.totals:
        out += [Spacer(0, gap), styles.text("＜合計額の変化＞", size, "gothic"), unit_line(ctx),
                _totals_table(ctx, result)]
    return out


def render_comparison(result: Comparison, older: Plan, newer: Plan, sides: Sides, *, pages: str = "",
                      options: RenderOptions | None = None) -> RenderResult:
    """The 新旧対照表 of `result` (older → newer) as a PDF; `pages` names the pages of 資料１ that changed."""
    options = options or RenderOptions()
    layout, fonts = load_layout(), load_fonts(options.mincho, options.gothic)
    ctx = Context(layout, fonts, Styles(layout, fonts))
    built = build(lambda c: story(result, older, newer, sides, c, pages), ctx)
    handout = Handout(TITLE, f"{newer.title}　{TITLE}", TITLE, findings=list(built.findings))
    handout.pages = numbered_pages(built.pdf, f"{TITLE}-")
    return write([handout], title=f"{newer.title}　{TITLE}", author=newer.author,
                 subject=f"新：{sides.new}　旧：{sides.old}")


def save_comparison(pdf: bytes, path: Path) -> Path:
    """Write the PDF whole or not at all; OutputError says why not."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"「{path}」はフォルダーです。PDF のファイル名を指定してください。")
    try:
        return write_bytes(path, pdf)
    except OSError as e:
        raise OutputError(disk_error_message(e, f"PDF「{path.name}」")) from None
