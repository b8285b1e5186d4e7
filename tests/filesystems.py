"""A real small file system for the tests: a tmpfs mounted by the test (root only, as on CI)."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def _mount_refused(reason: str) -> None:
    pytest.skip(f"needs a tmpfs mounted by the test: {reason}")


@contextmanager
def small_filesystem(folder: Path, size: str = "4m") -> Iterator[Path]:
    """Mount a tmpfs of `size` at `folder` (made when missing) for the block; skip when this cannot be done."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _mount_refused("only root may mount one (CI runs the tests as root)")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        _mount_refused(done.stderr.strip() or "mount failed")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system at `folder` until at most `leave` bytes are free; returns the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as f:
        chunk = b"\0" * 65536
        try:
            while True:
                free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
                if free <= leave:
                    break
                f.write(chunk[: max(1, min(len(chunk), free - leave))])
                f.flush()
        except OSError:
            pass
    return filler
