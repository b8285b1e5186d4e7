"""asahi-desk --self-test: every step passes on a whole copy, and a copy missing a part fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from asahi_desk import cli
from asahi_desk.selftest import STEPS
from asahi_desk.version import version

SOURCE = Path(__file__).resolve().parents[1]


def step_lines(output: str) -> dict[str, str]:
    """{step name: OK / NG} from the self-test's lines."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^\[(OK|NG)\] (\S+?)（", output, re.MULTILINE)}


def test_every_step_passes_from_source(qapp, capsys):
    assert cli.main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"Asahi Desk {version()}")
    assert step_lines(out) == {name: "OK" for name, _ in STEPS}
    assert "876,702千円" in out and "すべての項目が正常です。" in out


def test_a_copy_without_its_fonts_fails_the_self_test(tmp_path):
    """A copy of the application whose resources/fonts folder is missing, as an incomplete bundle would be."""
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns("__pycache__", "fonts")
    for part in ("asahi_desk", "db", "forms", "templates", "resources"):
        shutil.copytree(SOURCE / part, copy / part, ignore=ignore)
    shutil.copy(SOURCE / "pyproject.toml", copy)
    assert not (copy / "resources" / "fonts").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(copy), HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "asahi_desk", "--self-test"], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = step_lines(done.stdout)
    assert lines.pop("会議資料を描く") == "NG"
    assert set(lines.values()) == {"OK"}, done.stdout  # the other steps still ran and passed
    assert re.search(r"^\[NG\] 会議資料を描く.*フォントファイル「.*ipaex.\.ttf」が見つかりません", done.stdout, re.MULTILINE)
    assert "1 項目が失敗しました。" in done.stdout
    assert "Traceback" not in done.stderr


def test_version_option(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"asahi-desk {version()}"
