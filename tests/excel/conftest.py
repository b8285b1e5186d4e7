"""Plan files, exported workbooks, and LibreOffice, for the tests of the Excel exchange."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from xlsx_helpers import LibreOffice

from asahi_desk.excel import export_workbook
from asahi_desk.store import PlanStore, create_default, open_store


@pytest.fixture(scope="session")
def template_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan file made by the real init code from the built-in data; tests work on copies."""
    path = tmp_path_factory.mktemp("template") / "plan.sqlite"
    create_default(path).close()
    return path


@pytest.fixture
def plan_file(template_plan: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(template_plan, path)
    return path


@pytest.fixture
def store(plan_file: Path) -> Iterator[PlanStore]:
    s = open_store(plan_file)
    yield s
    s.close()


@pytest.fixture(scope="session")
def full_workbook(template_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole plan exported (ids are the same in every copy of the template)."""
    path = tmp_path_factory.mktemp("exported") / "令和６年度.xlsx"
    s = open_store(template_plan, readonly=True)
    export_workbook(s.plan, path)
    s.close()
    return path


@pytest.fixture(scope="session")
def section_workbook(template_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exported") / "生活衛生課.xlsx"
    s = open_store(template_plan, readonly=True)
    export_workbook(s.plan, path, section="生活衛生課")
    s.close()
    return path


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    office = LibreOffice(tmp_path_factory.mktemp("lo-profile"))
    if office.exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return office
