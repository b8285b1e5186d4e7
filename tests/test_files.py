import subprocess
import sys
import time
import os
import stat

import pytest

from asahi_desk import files


def test_atomic_write_replaces_whole(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with files.atomic_write(target) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_failed_write_leaves_the_former_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with files.atomic_write(target) as f:
            f.write(b"half")
            raise RuntimeError("disk")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]

    def writer(path):
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        files.atomic_write_with(target, writer)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_written_files_have_the_users_normal_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        files.write_bytes(tmp_path / "b.xlsx", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "b.xlsx").stat().st_mode) == 0o644


def test_stale_temporaries_are_removed(tmp_path):
    stale = tmp_path / (files.TEMP_PREFIX + "x.pdf")
    stale.write_bytes(b"")
    os.utime(stale, (1, 1))
    fresh = tmp_path / (files.TEMP_PREFIX + "y.pdf")
    fresh.write_bytes(b"")
    assert files.remove_stale_temporaries(tmp_path) == [stale]
    assert fresh.exists() and not stale.exists()


def test_disk_full_message():
    message = files.disk_error_message(OSError(28, "No space left on device"), "PDF「資料１.pdf」")
    assert message.startswith("ディスクの空き容量が足りないため、PDF「資料１.pdf」を書き込めませんでした")


def test_an_unforeseen_failure_is_logged_with_its_traceback(tmp_path, monkeypatch):
    from asahi_desk import logs
    monkeypatch.setattr(logs, "log_path", lambda: tmp_path / "logs" / "asahi-desk.log")
    try:
        raise ValueError("unforeseen")
    except ValueError as e:
        path = logs.log_unexpected("render", e)
    text = path.read_text(encoding="utf-8")
    assert "render" in text and "ValueError: unforeseen" in text and "Traceback" in text


def test_a_temporary_of_a_process_gone_is_removed_by_the_next_write(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{files.TEMP_PREFIX}{int(gone.stdout)}-abc.xlsx"  # a run killed while exporting
    left.write_bytes(b"half")
    os.utime(left, (time.time() - 120, time.time() - 120))
    being_written = tmp_path / f"{files.TEMP_PREFIX}{int(gone.stdout)}-def.xlsx"
    being_written.write_bytes(b"now")  # touched a moment ago: it may be another computer's export
    files.write_bytes(tmp_path / "計画.xlsx", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([being_written.name, "計画.xlsx"])


def test_a_temporary_that_fails_to_be_written_is_not_left(tmp_path, monkeypatch):
    real_open = open

    def full(path, mode="r", *a, **k):
        f = real_open(path, mode, *a, **k)
        if "w" in mode:
            def write(_data):
                raise OSError(28, "No space left on device")
            f.write = write
        return f

    monkeypatch.setattr("builtins.open", full)
    with pytest.raises(OSError):
        files.write_temporary(tmp_path / "資料１.pdf", b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_exported_workbooks_and_handouts_have_the_users_normal_permissions(plan_path, tmp_path, capsys):
    from asahi_desk.cli import main

    mask = os.umask(0o022)
    try:
        assert main(["export-xlsx", "--db", str(plan_path), "--out", str(tmp_path / "計画.xlsx")]) == 0
        assert main(["render", "--db", str(plan_path), "--part", "packet", "--split", str(tmp_path / "配布用"),
                     "--out", str(tmp_path / "会議資料.pdf")]) == 0
    finally:
        os.umask(mask)
    written = [tmp_path / "計画.xlsx", tmp_path / "会議資料.pdf", *(tmp_path / "配布用").iterdir()]
    assert len(written) >= 5
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in written} == {p.name: 0o644 for p in written}
