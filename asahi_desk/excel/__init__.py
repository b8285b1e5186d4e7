"""The plan ⇄ Excel workbooks exchanged with the other 課 (openpyxl; no Qt)."""

from .export import ExportError, ExportSummary, build_workbook, export_workbook, section_projects
from .applying import Applied, Undecided, apply, revert
from .differences import (
    ADDED,
    CHANGED,
    PLAN,
    REMOVED,
    WORKBOOK,
    Change,
    Conflict,
    ImportResult,
    Problem,
    ProjectDiff,
    RowDiff,
)
from .importer import read_workbook
from .package import LIMITS, WorkbookRefused, check_package
from .seal import Origin, origin_of

__all__ = [
    "ADDED",
    "CHANGED",
    "LIMITS",
    "PLAN",
    "REMOVED",
    "WORKBOOK",
    "Applied",
    "Change",
    "Conflict",
    "ExportError",
    "ExportSummary",
    "ImportResult",
    "Origin",
    "Problem",
    "ProjectDiff",
    "RowDiff",
    "Undecided",
    "WorkbookRefused",
    "apply",
    "origin_of",
    "build_workbook",
    "check_package",
    "export_workbook",
    "read_workbook",
    "revert",
    "section_projects",
]
