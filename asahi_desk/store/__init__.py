"""The plan file: schema, migrations, loading and changes."""

from .database import PlanFileError, ReadOnlyError, latest_version, open_plan_file
from .plan_store import PlanStore, Removal, create_default, open_store, write_new_plan

__all__ = [
    "PlanFileError",
    "PlanStore",
    "ReadOnlyError",
    "Removal",
    "create_default",
    "latest_version",
    "open_plan_file",
    "open_store",
    "write_new_plan",
]
