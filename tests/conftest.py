"""Every test gets its own plan file made by the real init code, and its own user data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from asahi_desk.store import PlanStore, create_default  # noqa: E402

SEED = Path(__file__).parent / "data" / "seed_r6.txt"


@pytest.fixture(autouse=True)
def _user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's own plan and settings out of reach of the tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    create_default(path).close()
    return path


@pytest.fixture
def store(plan_path: Path):  # noqa: ANN201
    s = PlanStore.open(plan_path)
    yield s
    s.close()


@pytest.fixture
def plan(store: PlanStore):  # noqa: ANN201
    return store.plan


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
