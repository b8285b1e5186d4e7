"""Writing a file the user keeps: replaced whole or not at all.

Everything the application writes (plans, PDFs, workbooks, backups) is first
written to a hidden temporary file beside its target, flushed to the disk, and
only then renamed over the target, so that the former file stays whole until the
new one is. A failure, a full disk or a kill leaves the former file as it was;
temporaries a killed run left behind are removed by remove_stale_temporaries.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator

TEMP_PREFIX = ".asahi-desk-"
STALE_AFTER = 60 * 60  # seconds: a temporary older than this was left by a run that died
ORPHAN_AFTER = 60  # seconds: a temporary of a process no longer running on this computer, not being written


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary(path: Path) -> Path:
    remove_stale_temporaries(_folder(path))  # what a killed run left in this folder goes before we add ours
    handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=path.suffix or ".tmp",
                                    dir=_folder(path))
    os.close(handle)
    temp = Path(name)
    try:  # mkstemp makes 0600; a file the user keeps gets the user's normal permissions
        os.chmod(temp, 0o666 & ~_umask())
    except OSError:
        pass
    return temp


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _removed_on_failure(temp: Path) -> Iterator[None]:
    """The temporary is removed when the block fails; the failure goes on to the caller."""
    try:
        yield
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise


def atomic_write_with(path: str | os.PathLike[str], writer: Callable[[Path], None]) -> Path:
    """Have `writer` write a temporary file beside `path`, then put it in place whole.

    `writer` gets the temporary file's path (for writers that want a name, such as
    openpyxl's save or SQLite's backup). On any failure the temporary is removed,
    the former file is untouched, and the exception goes on to the caller.
    """
    path = Path(path)
    temp = _temporary(path)
    with _removed_on_failure(temp):
        writer(temp)
        _fsync(temp)
        os.replace(temp, path)
    _fsync_folder(_folder(path))
    return path


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """`with atomic_write(path) as f: f.write(...)`: the file at `path` is replaced when the block ends well."""
    if "w" not in mode:
        raise ValueError("atomic_write writes a new file: mode must contain 'w'")
    path = Path(path)
    temp = _temporary(path)
    with _removed_on_failure(temp):
        with open(temp, mode, encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    _fsync_folder(_folder(path))


def write_temporary(path: str | os.PathLike[str], data: bytes) -> Path:
    """`data` in a new temporary file beside `path`, flushed to the disk; nothing is left when writing fails."""
    temp = _temporary(Path(path))
    with _removed_on_failure(temp):
        with open(temp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return temp


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    with atomic_write(path) as f:
        f.write(data)
    return Path(path)


def remove_stale_temporaries(folder: str | os.PathLike[str], *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporaries a killed run left in `folder`; returns what was removed.

    A temporary names the process that made it: one of a process that is no longer running here goes
    once nothing has written to it for a minute (it may be another computer's, on a shared folder);
    any goes after `older_than`.
    """
    removed = []
    now = time.time()
    try:
        entries = list(Path(folder).glob(TEMP_PREFIX + "*"))
    except OSError:
        return removed
    for entry in entries:
        try:
            age = now - entry.stat().st_mtime
            pid = _maker(entry.name)
            if pid == os.getpid() or not entry.is_file():
                continue
            if age > older_than or (age > ORPHAN_AFTER and pid is not None and not _running(pid)):
                entry.unlink()
                removed.append(entry)
        except OSError:
            pass
    return removed


def _maker(name: str) -> int | None:
    head = name[len(TEMP_PREFIX):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe way to ask without a handle: the age alone decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "database or disk is full" in text or "no space left" in text


def disk_error_message(exc: BaseException, what: str) -> str:
    """A Japanese sentence saying why `what` (「PDF「資料１.pdf」」…) could not be written."""
    if is_disk_full(exc):
        return (f"ディスクの空き容量が足りないため、{what}を書き込めませんでした。"
                "不要なファイルを削除して空き容量を増やしてから、もう一度お試しください。")
    if isinstance(exc, PermissionError):
        return (f"{what}を書き込む権限がありません。ほかのプログラム（Excel、PDF の閲覧ソフトなど）で"
                "開いている場合は閉じてから、もう一度お試しください。")
    if isinstance(exc, FileNotFoundError):
        return f"{what}を書き込むフォルダーが見つかりません。場所を確かめてください。"
    reason = getattr(exc, "strerror", None) or str(exc)
    return f"{what}を書き込めませんでした（{reason}）。"
