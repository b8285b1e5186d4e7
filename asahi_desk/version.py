"""The application's version: written once, in pyproject.toml, and read from the package's metadata.

An installed copy (pip, or the bundle, which carries the metadata) answers from its metadata;
a source tree that was never installed reads pyproject.toml beside the package.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata

from .paths import PACKAGE

DISTRIBUTION = "asahi-desk"


@cache
def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    try:
        with (PACKAGE.parent / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"
