"""Plan files, exported workbooks, and LibreOffice, for the tests of the Excel exchange."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from asahi_desk.excel import export_workbook, origin_of
from asahi_desk.store import create_default, open_store

from .xlsx_helpers import LibreOffice


@pytest.fixture(scope="session")
def template_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan file made by the real init code, to export from once: its ids are those of every test's plan."""
    path = tmp_path_factory.mktemp("template") / "plan.sqlite"
    create_default(path).close()
    return path


@pytest.fixture
def plan_path(template_plan: Path, tmp_path: Path) -> Path:
    """A copy of the plan file the shared workbooks were exported from: its identity is theirs."""
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(template_plan, path)
    return path


@pytest.fixture(scope="session")
def full_workbook(template_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole plan exported (ids are the same in every copy of the template)."""
    path = tmp_path_factory.mktemp("exported") / "令和６年度.xlsx"
    s = open_store(template_plan, readonly=True)
    export_workbook(s.plan, path, origin_of(s))
    s.close()
    return path


@pytest.fixture(scope="session")
def section_workbook(template_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exported") / "生活衛生課.xlsx"
    s = open_store(template_plan, readonly=True)
    export_workbook(s.plan, path, origin_of(s), section="生活衛生課")
    s.close()
    return path


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    office = LibreOffice(tmp_path_factory.mktemp("lo-profile"))
    if office.exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return office
