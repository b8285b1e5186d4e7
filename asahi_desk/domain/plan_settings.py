"""What the plan is: its ward, year, author, back cover, 課 and the 総括表 figures the user owns.

`properties` lists them as `plan` prints them; `read_setting` turns one
`key=value` into a checked change, and `section_changes` a new list of 課 into
adds, renames, moves and removals. A 課 still used somewhere is not removed:
`section_uses` names where. Nothing here touches a file; the store applies the
changes, the window as undoable steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Category, Plan, Section
from .money import (
    AmountError,
    check_fiscal_year,
    check_year_label,
    fiscal_year_label,
    format_table,
    parse_amount,
    to_halfwidth,
)
from .new_plan import check_ward, split_sections

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_NAME = 40  # a 課 or the author section on one line of a heading

# key → (label, attribute of the plan)
PLAN_KEYS = {
    "ward": ("区", "ward"),
    "fiscal-year": ("年度", "fiscal_year"),
    "label": ("年度の表記", "year_label_override"),
    "office": ("資料を作る課", "office"),
    "slogan": ("スローガン", "slogan"),
    "mascot-caption": ("マスコットの説明", "mascot_caption"),
    "mascot-image": ("マスコットの画像", "mascot_image"),
    "sections": ("区の課", "sections"),
    "rename-section": ("課の名称", "sections"),
}

# suffix of a 区分 key → (label, attribute); 予算/前年度 only for a lump sum
CATEGORY_FIGURES = {
    "予算": ("予算", "amount"),
    "前年度": ("前年度", "last_year"),
    "記載額": ("記載額", "stated_amount"),
    "記載前年度": ("前年度の記載額", "stated_last_year"),
}


class SettingError(ValueError):
    """A value the plan cannot take; the message is for the user and names the key."""


@dataclass
class Change:
    """New values for stored fields of one node of the plan."""

    node: Any
    values: dict[str, Any]
    text: str  # 「区の変更」: the undo step and what the command line reports


@dataclass
class SectionChanges:
    """A new list of 課, as steps: rename, remove, add, then put in order."""

    renames: list[tuple[Section, str]] = field(default_factory=list)
    removals: list[Section] = field(default_factory=list)
    additions: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # the names in their new order

    def __bool__(self) -> bool:
        return bool(self.renames or self.removals or self.additions or self.order)


# Printing --------------------------------------------------------------------


def _optional(value: int | None) -> str:
    return "（なし）" if value is None else format_table(value)


def properties(plan: Plan) -> list[tuple[str, str, str]]:
    """(key, label, value) of each property, in the order `plan` prints them."""
    image = plan.mascot_image
    values = {
        "ward": plan.ward,
        "fiscal-year": f"{plan.fiscal_year}（{fiscal_year_label(plan.fiscal_year)}）",
        "label": plan.year_label_override or f"（元号から：{plan.year_label}）",
        "office": f"{plan.office}（PDF の作成者：{plan.author}）",
        "slogan": plan.slogan.replace("\n", "\\n"),
        "mascot-caption": plan.mascot_caption.replace("\n", "\\n"),
        "mascot-image": f"{image_kind(image).upper()} {len(image):,} バイト" if image else "（なし）",
        "sections": "、".join(s.name for s in plan.sections),
    }
    return [(key, PLAN_KEYS[key][0], value) for key, value in values.items()]


def figures(plan: Plan) -> list[tuple[str, str]]:
    """(key, value) of each 総括表 figure the user owns: a lump sum and its 前年度, the stated figures."""
    rows = []
    for category in plan.walk_categories():
        for suffix, (_label, attr) in CATEGORY_FIGURES.items():
            if attr in ("amount", "last_year") and not category.is_lump_sum:
                continue
            rows.append((f"{category.name}.{suffix}", _optional(getattr(category, attr))))
    return rows


# Reading one key=value -------------------------------------------------------


def read_settings(plan: Plan, pairs: list[tuple[str, str]]) -> list[Change | SectionChanges]:
    """Every `key=value` read and checked together (a label against the year it will have); one change per node."""
    year = next((read_setting(plan, k, v) for k, v in pairs if k.strip() == "fiscal-year"), None)
    fiscal_year = year.values["fiscal_year"] if isinstance(year, Change) else plan.fiscal_year
    changes = [read_setting(plan, k, v, fiscal_year) for k, v in pairs]
    merged = merge(changes)
    if sum(isinstance(c, SectionChanges) for c in merged) > 1:
        raise SettingError("課の変更（sections・rename-section）は一度に一つずつ指定してください。")
    for change in list(merged):
        if isinstance(change, Change) and change.node is plan:
            change.values.update(year_change_values(plan, change.values))
            if "ward" in change.values:
                merged += ward_renames(plan, change.values["ward"])
    return merged


def ward_renames(plan: Plan, ward: str) -> list[Change]:
    """Names that carry the ward's name (旭区で企画する主な区配事業) take the new one."""
    old = plan.ward
    if not old or old == ward:
        return []
    nodes: list[Any] = [*plan.walk_categories(), *plan.pillars(), *plan.overview.walk()]
    return [Change(node, {"name": node.name.replace(old, ward)}, "名称の変更") for node in nodes if old in node.name]


def year_change_values(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    """A new fiscal year takes the plan's own label away when that label named the old year."""
    year = values.get("fiscal_year", plan.fiscal_year)
    label = values.get("year_label_override", plan.year_label_override)
    if "year_label_override" not in values and label:
        try:
            check_year_label(label, year)
        except ValueError:
            return {"year_label_override": ""}
    return {}


def read_setting(plan: Plan, key: str, text: str, fiscal_year: int | None = None) -> Change | SectionChanges:
    """The change that `key=text` asks for, checked; a SettingError says what is wrong."""
    key = key.strip()
    try:
        if key in PLAN_KEYS:
            return _plan_setting(plan, key, text, plan.fiscal_year if fiscal_year is None else fiscal_year)
        name, dot, suffix = key.rpartition(".")
        category = plan.category(name) if dot else None
        if category is not None and suffix in CATEGORY_FIGURES:
            return _category_figure(category, suffix, text)
    except (ValueError, AmountError) as e:
        raise SettingError(f"{key}：{e}") from None
    names = "、".join(k for k in PLAN_KEYS if k != "mascot-image")
    raise SettingError(f"「{key}」という設定はありません。設定できるのは {names}、mascot-image と "
                       "「区分名.予算」「区分名.前年度」「区分名.記載額」「区分名.記載前年度」です"
                       "（asahi-desk plan で一覧を表示します）。")


def _line(text: str, what: str, limit: int) -> str:
    value = text.strip()
    if "\n" in value:
        raise ValueError(f"{what}は一行で入力してください。")
    if len(value) > limit:
        raise ValueError(f"{what}「{value[:limit]}…」が長すぎます（{limit} 文字まで）。")
    return value


def _plan_setting(plan: Plan, key: str, text: str, fiscal_year: int) -> Change | SectionChanges:
    label, attr = PLAN_KEYS[key]
    value: Any
    if key == "ward":
        value = check_ward(text)
    elif key == "fiscal-year":
        digits = to_halfwidth(text).strip()
        if not digits.isdigit():
            raise ValueError(f"年度は西暦の数字で指定してください（例：2025）。「{text}」は読めません。")
        value = check_fiscal_year(int(digits))
    elif key == "label":
        value = check_year_label(text, fiscal_year) if text.strip() else ""
    elif key == "office":
        value = _line(text, "資料を作る課", MAX_NAME)
        if not value:
            raise ValueError("資料を作る課を入力してください（例：区政推進課）。")
    elif key in ("slogan", "mascot-caption"):
        value = text.replace("\\n", "\n").strip()
    elif key == "mascot-image":
        raise ValueError("画像はファイルから読みます（asahi-desk plan --set mascot-image=画像.png）。")
    elif key == "sections":
        return section_changes(plan, split_sections(text))
    else:
        return rename_section(plan, text)
    return Change(plan, {attr: value}, f"{label.split('（')[0]}の変更")


def mascot_change(plan: Plan, image: bytes | None) -> Change:
    """The mascot picture (PNG or JPEG), or None to take it away."""
    if image is not None:
        if len(image) > MAX_IMAGE_BYTES:
            raise SettingError("mascot-image：画像が大きすぎます（20MB まで）。縮小してから指定してください。")
        if not image_kind(image):
            raise SettingError("mascot-image：JPEG・PNG の画像ではありません。")
    return Change(plan, {"mascot_image": image}, "マスコットの画像の変更")


def image_kind(data: bytes | None) -> str:
    """png or jpeg by the first bytes of the picture, else ''."""
    if not data:
        return ""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return ""


def _category_figure(category: Category, suffix: str, text: str) -> Change:
    label, attr = CATEGORY_FIGURES[suffix]
    if attr in ("amount", "last_year") and not category.is_lump_sum:
        raise ValueError(f"「{category.name}」の{label}は事業の額の合計です。事業の額を変えてください。")
    if not text.strip():
        if attr == "amount":
            raise ValueError("予算の額を入力してください（千円）。")
        return Change(category, {attr: None}, f"{category.name}の{label.split('（')[0]}の変更")
    return Change(category, {attr: parse_amount(text)}, f"{category.name}の{label.split('（')[0]}の変更")


def merge(changes: list[Change | SectionChanges]) -> list[Change | SectionChanges]:
    """Changes of one node become one change, so that a year and its label are checked together."""
    out: list[Change | SectionChanges] = []
    for change in changes:
        same = next((c for c in out if isinstance(change, Change) and isinstance(c, Change) and c.node is change.node),
                    None)
        if same is None:
            out.append(change)
        else:
            same.values.update(change.values)
            same.text = same.text.replace("の変更", "") + "・" + change.text
    return out


# The ward's 課 ---------------------------------------------------------------


def section_uses(plan: Plan, section: Section) -> list[str]:
    """Where a 課 is named: 区分, 事業 and 細事業, as the tree names them."""
    uses = [f"区分「{c.name}」" for c in plan.walk_categories() if section in c.sections]
    for project in plan.projects():
        if section in project.sections:
            uses.append(f"{project.code} {project.name}")
        uses += [f"{item.code} {item.name}" for item in project.items if section in item.sections]
    return uses


def removal_refusal(plan: Plan, section: Section) -> str | None:
    """Why a 課 cannot be removed (where it is used), or None."""
    uses = section_uses(plan, section)
    if not uses:
        return None
    shown = "、".join(uses[:5]) + (f" ほか {len(uses) - 5} か所" if len(uses) > 5 else "")
    return f"課「{section.name}」は {shown} で使われているため、削除できません。先にそこから外してください。"


def check_section_name(plan: Plan, name: str, renaming: Section | None = None) -> str:
    value = _line(name, "課の名称", MAX_NAME)
    if not value:
        raise SettingError("課の名称を入力してください。")
    other = plan.section(value)
    if other is not None and other is not renaming:
        raise SettingError(f"課「{value}」はすでにあります。")
    return value


def section_changes(plan: Plan, names: list[str]) -> SectionChanges:
    """The 課 of the plan become `names`, in that order: new names added, missing ones removed if unused."""
    if not names:
        raise SettingError("課を一つ以上指定してください。")
    seen: set[str] = set()
    for name in names:
        _line(name, "課の名称", MAX_NAME)
        if name in seen:
            raise SettingError(f"課「{name}」が二度指定されています。")
        seen.add(name)
    changes = SectionChanges(order=list(names))
    refusals = []
    for section in plan.sections:
        if section.name not in seen:
            refusal = removal_refusal(plan, section)
            if refusal:
                refusals.append(refusal)
            changes.removals.append(section)
    if refusals:
        raise SettingError("\n".join(refusals))
    changes.additions = [name for name in names if plan.section(name) is None]
    return changes


def rename_section(plan: Plan, text: str) -> SectionChanges:
    """旧名=新名 (or 旧名→新名): the 課 keeps its place and everything that names it."""
    for separator in ("=", "→", ">"):
        old, found, new = text.partition(separator)
        if found:
            break
    else:
        raise SettingError("課の名称の変更は「旧名=新名」と指定してください（例：地域振興課=地域力推進課）。")
    section = plan.section(old.strip())
    if section is None:
        raise SettingError(f"課「{old.strip()}」はありません。いまの課：{'、'.join(s.name for s in plan.sections)}")
    return SectionChanges(renames=[(section, check_section_name(plan, new, renaming=section))])
