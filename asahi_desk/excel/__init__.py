"""The plan ⇄ Excel workbooks exchanged with the other 課 (openpyxl; no Qt)."""

from .export import ExportError, ExportSummary, build_workbook, export_workbook, section_projects
from .importer import (
    ADDED,
    CHANGED,
    REMOVED,
    Applied,
    Change,
    ImportResult,
    Problem,
    ProjectDiff,
    RowDiff,
    apply,
    read_workbook,
    revert,
)
from .package import LIMITS, WorkbookRefused, check_package
from .seal import Origin, origin_of

__all__ = [
    "ADDED",
    "CHANGED",
    "LIMITS",
    "REMOVED",
    "Applied",
    "Change",
    "ExportError",
    "ExportSummary",
    "ImportResult",
    "Origin",
    "Problem",
    "ProjectDiff",
    "RowDiff",
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
