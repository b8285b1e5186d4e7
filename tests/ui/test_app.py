"""Starting the desk from the command line."""

from __future__ import annotations

import pytest

from asahi_desk import cli
from asahi_desk.ui import app


def test_no_subcommand_starts_the_window_on_the_users_plan(monkeypatch):
    started = []
    monkeypatch.setattr(app, "run", lambda path: started.append(path) or 0)
    assert cli.main([]) == 0
    assert started == [None]


def test_db_opens_another_plan(monkeypatch, plan_path):
    started = []
    monkeypatch.setattr(app, "run", lambda path: started.append(path) or 0)
    assert cli.main(["--db", str(plan_path)]) == 0
    assert started == [plan_path]


def test_first_start_makes_the_users_plan_from_the_built_in_data(settings, qtbot):
    from asahi_desk.paths import user_plan_path
    from asahi_desk.ui.settings import AppSettings

    assert not user_plan_path().exists()
    window = app.Desk(AppSettings(settings)).open(None)
    qtbot.addWidget(window)
    assert window.doc.path == user_plan_path()
    assert window.doc.plan.total_category.current == 876_702
    assert user_plan_path().with_name("plan.sqlite.lock").exists()
    window.close()
    assert not user_plan_path().with_name("plan.sqlite.lock").exists()


def test_a_mistyped_db_path_is_refused_and_no_folder_is_made(settings, tmp_path, qtbot):
    from asahi_desk.store import PlanFileError
    from asahi_desk.ui.settings import AppSettings

    target = tmp_path / "typo" / "deep" / "plan.sqlite"
    with pytest.raises(PlanFileError) as refused:
        app.Desk(AppSettings(settings)).open(target)
    assert "plan.sqlite" in str(refused.value)
    assert not (tmp_path / "typo").exists()
