"""Where the application's own files are: in the source tree, or inside the installed package."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

PACKAGE = Path(__file__).resolve().parent
APP_NAME = "AsahiDesk"


def data_path(*parts: str) -> Path:
    """A file of db/, templates/, resources/ or forms/."""
    installed = PACKAGE.joinpath(*parts)
    if installed.exists():
        return installed
    return PACKAGE.parent.joinpath(*parts)


def migrations_dir() -> Path:
    return data_path("db", "migrations")


def default_data_dir() -> Path:
    return data_path("db", "default")


def user_data_folder() -> Path:
    """The user's data folder: the default plan, backups, the log."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_plan_path() -> Path:
    """The plan used when the application is started without a file."""
    return user_data_folder() / "plan.sqlite"
