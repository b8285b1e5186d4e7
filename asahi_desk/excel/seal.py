"""Which plan file a workbook belongs to, and the keyed checksum that proves it.

A workbook carries the uid of the plan file it was exported from, and its
hidden sheet (the values of every cell read back as they were exported, and
every defined name with the cell it marked) is covered by an HMAC keyed with
the plan file's secret. A workbook from another plan file, even one made from
the same data with the same ward and year, or one whose hidden sheet or names
were edited, does not pass.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from ..store.identity import PlanIdentity, read_identity
from ..store.plan_store import PlanStore


@dataclass(frozen=True)
class Origin:
    """The plan file a workbook is exported from or read into."""

    identity: PlanIdentity
    file_name: str  # shown in messages: which file a workbook belongs to


def origin_of(store: PlanStore) -> Origin:
    return Origin(read_identity(store.file.conn), store.path.name)


def _canonical(rows: list[list[Any]]) -> bytes:
    cleaned = []
    for row in rows:
        values = ["" if v is None else str(v) for v in row]
        while values and values[-1] == "":  # an empty cell may come back as nothing at all
            values.pop()
        cleaned.append(values)
    return json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def seal(secret: bytes, rows: list[list[Any]]) -> str:
    """The keyed checksum of the hidden sheet's rows."""
    return hmac.new(secret, _canonical(rows), hashlib.sha256).hexdigest()


def verify(secret: bytes, rows: list[list[Any]], checksum: object) -> bool:
    return isinstance(checksum, str) and hmac.compare_digest(seal(secret, rows), checksum)
