"""The version is written once, in pyproject.toml, and every place that shows it reads it from there."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from asahi_desk import version as version_module
from asahi_desk.version import version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def written_version() -> str:
    with PYPROJECT.open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def test_the_version_is_the_one_in_pyproject():
    assert version() == written_version()


def test_a_source_tree_without_metadata_reads_pyproject(monkeypatch):
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(version_module.metadata, "version", missing)
    version.cache_clear()
    try:
        assert version() == written_version()
    finally:
        version.cache_clear()
