"""The application's log: a rotating file in the data folder, for what went wrong unforeseen.

A user never sees a traceback; they see a Japanese message that says where this log is,
and the log holds the details for whoever helps them.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .paths import user_data_folder

LOGGER = "asahi_desk"
_MAX_BYTES = 1_000_000
_KEEP = 5


def log_path() -> Path:
    return user_data_folder() / "logs" / "asahi-desk.log"


def setup_logging() -> Path | None:
    """Send the application's log to the rotating file (once per process); None if it cannot be written."""
    logger = logging.getLogger(LOGGER)
    path = log_path()
    for h in list(logger.handlers):
        if isinstance(h, logging.handlers.RotatingFileHandler):
            if Path(h.baseFilename) == path.absolute():
                return path
            logger.removeHandler(h)
            h.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=_MAX_BYTES, backupCount=_KEEP, encoding="utf-8",
                                                       delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


def log_unexpected(what: str, exc: BaseException) -> Path | None:
    """Write an unforeseen failure with its traceback to the log; returns the log's path when written."""
    path = setup_logging()
    logging.getLogger(LOGGER).error("%s", what, exc_info=(type(exc), exc, exc.__traceback__))
    for handler in logging.getLogger(LOGGER).handlers:
        handler.flush()
    return path
