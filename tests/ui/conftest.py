"""Fixtures for the window: the document over a plan file made by the real init code, settings in tmp."""

from __future__ import annotations

import pytest


@pytest.fixture
def settings(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def doc(plan_path, qapp):
    from asahi_desk.store import open_store
    from asahi_desk.ui.document import PlanDocument

    document = PlanDocument(open_store(plan_path))
    yield document
    document.close()


@pytest.fixture
def model(doc):
    from asahi_desk.ui.plan_model import PlanTreeModel

    return PlanTreeModel(doc)


@pytest.fixture
def window(settings, plan_path, qtbot):
    """The real window on the plan file, shown; qtbot closes it after the test (the lock and the file with it)."""
    from asahi_desk.ui.app import Desk
    from asahi_desk.ui.settings import AppSettings

    w = Desk(AppSettings(settings)).open(plan_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
