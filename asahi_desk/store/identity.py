"""The identity of a plan file: who it is, whatever its ward and year say."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanIdentity:
    uid: str  # 32 hex digits, shown to the user shortened
    secret: bytes  # keys the checksums of what the plan hands out

    @property
    def short(self) -> str:
        return self.uid[:8]


def read_identity(conn: sqlite3.Connection) -> PlanIdentity:
    uid, secret = conn.execute("SELECT uid, secret FROM plan_identity WHERE id = 1").fetchone()
    return PlanIdentity(uid, bytes(secret))


def renew_identity(conn: sqlite3.Connection) -> PlanIdentity:
    """Give the plan a new identity (a new year's plan, a version restored as a new file)."""
    identity = PlanIdentity(secrets.token_hex(16), secrets.token_bytes(32))
    conn.execute("UPDATE plan_identity SET uid = ?, secret = ? WHERE id = 1", (identity.uid, identity.secret))
    return identity
