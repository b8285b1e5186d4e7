"""Fixtures for the window: a plan file made by the real init code, the document over it, settings in tmp."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from asahi_desk.store import create_default  # noqa: E402


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.sqlite"
    create_default(path).close()
    return path


@pytest.fixture
def settings(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def doc(plan_file, qapp):
    from asahi_desk.store import open_store
    from asahi_desk.ui.document import PlanDocument

    document = PlanDocument(open_store(plan_file))
    yield document
    document.close()


@pytest.fixture
def model(doc):
    from asahi_desk.ui.plan_model import PlanTreeModel

    return PlanTreeModel(doc)
