"""How long a text may be, and which characters it may hold: the same at every entrance and in print.

The limits are far above any real entry (the longest 事業名 of the 令和６年度 plan has 26 characters) and
below what a page can set: a text over them is refused where it is typed or imported, and one stored by
an older version is printed cut, with a finding that names the project, the field and the remedy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Item, Project


@dataclass(frozen=True)
class Limit:
    label: str  # the field as the user knows it
    chars: int


# (type, attribute) -> limit; for lines, the limit of each line
LIMITS: dict[tuple[type, str], Limit] = {
    (Project, "name"): Limit("事業名", 100),
    (Project, "purpose"): Limit("事業目的", 1000),
    (Item, "name"): Limit("細事業名", 200),
    (Item, "lines"): Limit("細事業の内容（１行）", 500),
}

# C0 and C1 control characters but the line break; a tab reads as a space. Other format characters
# (zero-width joiners in emoji, right-to-left marks) are text and stay.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """A typed, pasted or imported text as it is kept: line breaks as \\n, no control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROLS.sub("", value)


def clean_value(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [clean_text(v) for v in value]
    return value


def length(text: str) -> int:
    """Characters as a reader counts them (a combining mark is part of its letter)."""
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def limit_of(obj: object, attr: str) -> Limit | None:
    return LIMITS.get((type(obj), attr))


def over_limit(obj: object, attr: str, value: object) -> str | None:
    """Why `value` is too long for the field, in words for the user; None when it fits."""
    limit = limit_of(obj, attr)
    if limit is None:
        return None
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and length(text) > limit.chars:
            return too_long(limit, length(text))
    return None


def too_long(limit: Limit, chars: int) -> str:
    return (f"{limit.label}が長すぎます（{chars:,} 字）。{limit.chars:,} 字以内にしてください"
            "（資料に印刷できる長さです）。")
