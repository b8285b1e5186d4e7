"""What `render` and `check` load: never Qt, and `check` of a plan without attachments never pypdf."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asahi_desk.store import create_default

LOADED = """
import json, sys
from asahi_desk.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", LOADED, *args], cwd=cwd, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0, done.stderr
    return {name.split(".")[0] for name in result["modules"]}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    create_default(path).close()
    return path


def test_render_never_loads_qt(plan_file: Path) -> None:
    modules = loaded(["render", "--db", str(plan_file), "--part", "packet", "--out", "packet.pdf"], plan_file.parent)
    assert "PySide6" not in modules and "shiboken6" not in modules
    assert "reportlab" in modules  # the process did render


def test_check_loads_neither_qt_nor_pypdf(plan_file: Path) -> None:
    modules = loaded(["check", "--db", str(plan_file)], plan_file.parent)
    assert not {"PySide6", "shiboken6", "pypdf", "openpyxl"} & modules
    assert "reportlab" in modules  # 資料１ was measured
