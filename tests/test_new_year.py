"""Next year's plan from the built-in 令和６年度 plan: every amount becomes 前年度, the year moves on, the old file stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.domain.checks import run_checks
from asahi_desk.domain.findings import ERROR
from asahi_desk.domain.rollover import RolloverOptions, next_year
from asahi_desk.excel import export_workbook, origin_of, read_workbook
from asahi_desk.render import render
from asahi_desk.store import PlanStore, create_default
from tests.helpers import database_rows, small_plan
from tests.render.conftest import page_texts


def _load(path: Path):  # noqa: ANN202
    store = PlanStore.open(path, readonly=True)
    plan = store.plan
    store.close()
    return plan


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    folder = tmp_path_factory.mktemp("years")
    old = folder / "令和６年度.sqlite"
    create_default(old).close()
    before = old.read_bytes()
    assert main(["new-year", "--db", str(old), "--out", str(folder / "令和７年度.sqlite")]) == 0
    return old, folder / "令和７年度.sqlite", before


def test_every_amount_of_this_year_is_last_year_of_the_new_plan(rolled: tuple[Path, Path, bytes]) -> None:
    old_path, new_path, _ = rolled
    old, new = _load(old_path), _load(new_path)
    assert (new.fiscal_year, new.year_label, new.carried_from) == (2025, "令和７年度", "令和６年度")
    old_projects, new_projects = list(old.projects()), list(new.projects())
    old_items, new_items = list(old.items()), list(new.items())
    assert (len(new_projects), len(new_items)) == (25, 94)
    for a, b in zip(old_projects, new_projects):
        assert (b.code, b.name, b.purpose, b.notes) == (a.code, a.name, a.purpose, a.notes)
        assert b.last == a.current and b.current == a.current, b.code
        assert [s.name for s in b.sections] == [s.name for s in a.sections]
        assert [(i.name, i.target, i.unit) for i in b.indicators] == [(i.name, i.target, i.unit) for i in a.indicators]
        assert [(p.caption, p.image) for p in b.photos] == [(p.caption, p.image) for p in a.photos]
        assert [(x.name, x.amount) for x in b.bureau_projects] == [(x.name, x.amount) for x in a.bureau_projects]
        assert b.stated_last_year == a.stated_amount
    for a, b in zip(old_items, new_items):
        assert (b.code, b.name, b.last_year, b.amount) == (a.code, a.name, a.amount, a.amount)
    old_categories, new_categories = list(old.walk_categories()), list(new.walk_categories())
    assert [c.name for c in new_categories] == [c.name for c in old_categories]
    for a, b in zip(old_categories, new_categories):
        assert b.last == a.current, b.name
        assert b.stated_last_year == a.stated_amount, b.name
    assert new.meeting.session == old.meeting.session and new.meeting.name == old.meeting.name
    assert new.meeting.date.year == old.meeting.date.year + 1
    assert [a.handout for a in new.meeting.items] == [a.handout for a in old.meeting.items]
    assert "令和７年度 旭区個性ある区づくり推進費の執行計画について" in "".join(
        line for a in new.meeting.items for line in [a.title, *a.lines])
    assert not new.report.blocks and not new.attachments  # not carried over unless asked
    assert [r.name for r in new.overview.walk()] == [r.name for r in old.overview.walk()]


def test_the_new_plan_prints_the_new_year(rolled: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    plan = _load(rolled[1])
    pages = ["".join(page.split()) for page in page_texts(render(plan, "shiryo1").pdf, tmp_path)]
    text = "".join(pages)
    assert "令和７年度旭区個性ある区づくり推進費予算" in text  # the 総括表's title
    assert "令和７年度予算令和６年度予算" in text  # the 総括表's heading
    assert "７年度予算６年度予算" in text  # the 事業別一覧表's heading
    assert "令和７年度" in pages[0]
    assert "旭区に係る予算のすがた（令和７年度一般会計予算）" in text
    agenda = "".join("".join(p.split()) for p in page_texts(render(plan, "agenda").pdf, tmp_path))
    assert "令和７年第" in agenda


def test_check_runs_and_names_the_figures_still_last_years(rolled: tuple[Path, Path, bytes],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(rolled[1])]) == 1  # 資料２ stayed behind: the 次第 names it
    out = capsys.readouterr().out
    assert out.count("今年度の額が前年度と同じです（未更新）") == 25 + 2  # the projects and the two lump sums
    assert "令和６年度の計画から作った下書き" in out
    errors = [f for f in run_checks(_load(rolled[1])) if f.level == ERROR]
    assert [(f.node, f.check) for f in errors] == [("次第", "packet_missing_handout")]
    assert "資料２がありません" in errors[0].message


def test_the_old_file_is_unchanged(rolled: tuple[Path, Path, bytes]) -> None:
    old, _, before = rolled
    assert old.read_bytes() == before


def test_a_workbook_of_last_years_plan_is_refused(rolled: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    old, new = PlanStore.open(rolled[0], readonly=True), PlanStore.open(rolled[1], readonly=True)
    book = export_workbook(old.plan, tmp_path / "r6.xlsx", origin_of(old)).path
    result = read_workbook(book, new.plan, origin_of(new))
    old.close(), new.close()
    assert not result.ok
    message = " ".join(str(p) for p in result.errors)
    assert "令和６年度 旭区" in message and "令和７年度 旭区" in message


def test_the_report_and_attachments_go_along_when_asked(tmp_path: Path) -> None:
    store = create_default(tmp_path / "r6.sqlite")
    plan = store.plan
    store.close()
    kept = next_year(plan, RolloverOptions(keep_report=True, keep_attachments=True, clear_overview=True))
    assert [b.text for b in kept.report.blocks] == [b.text for b in plan.report.blocks]
    assert all(r.amount == 0 for r in kept.overview.walk())
    assert any(r.amount for r in plan.overview.walk())  # the plan it came from is untouched
    assert plan.fiscal_year == 2024 and all(p.id is not None for p in plan.projects())
    assert all(p.id is None for p in kept.projects())


def test_new_year_refuses_to_replace_a_file_or_the_plan_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    PlanStore.create(tmp_path / "a.sqlite", small_plan()).close()
    PlanStore.create(tmp_path / "b.sqlite", small_plan()).close()
    before = database_rows(tmp_path / "b.sqlite")
    assert main(["new-year", "--db", str(tmp_path / "a.sqlite"), "--out", str(tmp_path / "b.sqlite")]) == 2
    assert "すでにあります" in capsys.readouterr().err
    assert database_rows(tmp_path / "b.sqlite") == before
    assert main(["new-year", "--db", str(tmp_path / "a.sqlite"), "--out", str(tmp_path / "a.sqlite")]) == 2
    assert "別のファイル" in capsys.readouterr().err
