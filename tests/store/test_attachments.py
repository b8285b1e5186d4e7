"""Attached PDFs are kept inside the plan file, like the other lists of the plan."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from asahi_desk.domain.model import Attachment
from asahi_desk.store import PlanStore, create_default, database, latest_version
from tests.conftest import SEED
from tests.helpers import database_rows, make_pdf, plan_outline, reopened


def test_insert_move_remove_restore(store: PlanStore) -> None:
    plan = store.plan
    before = database_rows(store.path)
    summary = Attachment("資料２", "概要版.pdf", make_pdf(["概要版"]), "summary")
    extra = Attachment("資料１", "参考.pdf", make_pdf(["参考１", "参考２"]), "after", 3)
    store.insert(summary, None)
    store.insert(extra, None)
    assert plan.attachments == [summary, extra] and summary.id and extra.id
    assert extra.page_count == 2 and extra.where == "資料１の３ページの後"
    assert summary.where == "資料２の概要版の代わり"
    assert reopened(store) == plan_outline(plan)

    store.move(extra, None, 0)
    assert plan.attachments == [extra, summary]
    assert reopened(store) == plan_outline(plan)

    old = store.update(extra, placement="end", after_page=None)
    assert old == {"placement": "after", "after_page": 3} and extra.where == "資料１の終わり"
    assert reopened(store) == plan_outline(plan)

    removal = store.remove(extra)
    assert plan.attachments == [summary]
    assert reopened(store) == plan_outline(plan)
    store.restore(removal)
    assert plan.attachments == [extra, summary]
    assert reopened(store) == plan_outline(plan)
    store.remove(extra)
    store.remove(summary)
    assert database_rows(store.path) == before


def test_the_pdf_is_kept_byte_for_byte(store: PlanStore, tmp_path: Path) -> None:
    data = make_pdf(["一", "二", "三"])
    store.insert(Attachment("資料２", "operator.pdf", data), None)
    copy = tmp_path / "copy.sqlite"
    store.file.conn.execute("VACUUM INTO ?", [str(copy)])
    other = PlanStore.open(copy, readonly=True)
    try:
        (attachment,) = other.plan.attachments
        assert attachment.data == data and attachment.page_count == 3
        assert (attachment.handout, attachment.placement, attachment.after_page) == ("資料２", "end", None)
    finally:
        other.close()


def test_a_placement_without_its_page_is_refused(store: PlanStore) -> None:
    attachment = store.insert(Attachment("資料１", "a.pdf", make_pdf(["a"]), "after", 2), None)
    before = database_rows(store.path)
    with pytest.raises(ValueError, match="ページの後"):
        store.update(attachment, placement="end")
    with pytest.raises(ValueError, match="ページの後"):
        store.update(attachment, after_page=None)
    with pytest.raises(ValueError, match="位置は"):
        store.update(attachment, placement="middle")
    assert (attachment.placement, attachment.after_page) == ("after", 2)
    assert database_rows(store.path) == before
    with pytest.raises(sqlite3.IntegrityError):  # the file itself refuses it too
        store.file.conn.execute("UPDATE attachments SET after_page = NULL")
    assert database_rows(store.path) == before


def test_a_version_1_file_is_backed_up_and_migrated(tmp_path: Path) -> None:
    """A plan file made before attachments existed opens with none, its old self kept beside it."""
    path = tmp_path / "令和６年度.sqlite"
    shutil.copy(SEED.parent / "plan_v1.sqlite", path)  # made by the first version of the application
    before = database_rows(path)
    assert before["#user_version"] == [(1,)] and "attachments" not in before

    store = PlanStore.open(path)
    try:
        assert store.file.backup is not None and store.file.backup.name.startswith("令和６年度.v1-")
        assert database_rows(store.file.backup) == before
        assert store.file.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        assert store.plan.attachments == [] and store.plan.total_category.current == 876702
        store.insert(Attachment("資料２", "概要版.pdf", make_pdf(["概要版"]), "summary"), None)
    finally:
        store.close()
    again = PlanStore.open(path)
    try:
        assert again.file.backup is None and [a.file_name for a in again.plan.attachments] == ["概要版.pdf"]
    finally:
        again.close()
