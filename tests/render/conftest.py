"""Fixtures of the renderer's tests: the built-in plan and its PDFs, and poppler's tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from asahi_desk.domain.model import Plan
from asahi_desk.render import RenderResult, render
from asahi_desk.store import create_default


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def page_texts(pdf: bytes, tmp: Path, *, layout: bool = False) -> list[str]:
    """pdftotext of every page, one string a page."""
    need("pdftotext")
    source = tmp / "in.pdf"
    source.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(source), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="session")
def default_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    store = create_default(tmp_path_factory.mktemp("plan") / "plan.sqlite")
    plan = store.plan
    store.close()
    assert plan is not None
    return plan


@pytest.fixture(scope="session")
def shiryo1(default_plan: Plan) -> RenderResult:
    return render(default_plan, "shiryo1")


@pytest.fixture(scope="session")
def agenda(default_plan: Plan) -> RenderResult:
    return render(default_plan, "agenda")


@pytest.fixture(scope="session")
def shiryo2(default_plan: Plan) -> RenderResult:
    return render(default_plan, "shiryo2")


@pytest.fixture(scope="session")
def packet(default_plan: Plan) -> RenderResult:
    return render(default_plan, "packet")


@pytest.fixture(scope="session")
def shiryo1_pages(shiryo1: RenderResult, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return page_texts(shiryo1.pdf, tmp_path_factory.mktemp("text"))
