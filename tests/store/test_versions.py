"""Versions kept in the plan file: made, listed, named, deleted, read back and restored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asahi_desk.domain.model import Item, Photo
from asahi_desk.store import PlanFileError, PlanStore
from asahi_desk.store import versions
from asahi_desk.store.identity import read_identity
from tests.helpers import plan_outline


def test_a_version_holds_the_plan_as_it_was(store: PlanStore) -> None:
    before = plan_outline(store.plan)
    version = versions.record(store, "資料１")
    assert version is not None and version.what == "資料１" and version.name == ""
    assert version.totals[0] == ("個性ある区づくり推進費", store.plan.categories[0].current)
    item = next(store.plan.items())
    store.update(item, amount=item.amount + 100, lines=["・変えた行"])
    store.remove(store.plan.projects().__next__().items[-1])
    assert plan_outline(versions.plan_of(store.file, version.id)) == before
    assert plan_outline(versions.plan_of(store.file, version.id)) != plan_outline(store.plan)


def test_versions_survive_reopening_newest_first(plan_path: Path) -> None:
    store = PlanStore.open(plan_path)
    first = versions.record(store, "資料１")
    second = versions.record(store, "会議資料一式")
    store.close()
    again = PlanStore.open(plan_path, readonly=True)
    try:
        listed = versions.list_versions(again.file)
        assert [v.id for v in listed] == [second.id, first.id]
        assert [v.what for v in listed] == ["会議資料一式", "資料１"]
        assert versions.record(again, "資料１") is None  # read-only: nothing kept, nothing written
        assert len(versions.list_versions(again.file)) == 2
    finally:
        again.close()


def test_a_name_is_given_changed_and_removed_and_checked(store: PlanStore) -> None:
    version = versions.record(store, "資料１")
    assert versions.rename(store.file, version.id, " 6/3　課長確認用 ").name == "6/3 課長確認用"
    assert versions.rename(store.file, version.id, "").name == ""
    with pytest.raises(ValueError, match="100 文字まで"):
        versions.rename(store.file, version.id, "あ" * 101)
    with pytest.raises(PlanFileError, match="版 999 はありません"):
        versions.rename(store.file, 999, "x")


@settings(max_examples=30, deadline=None)
@given(name=st.text(max_size=120))
def test_any_name_is_kept_as_typed_or_refused(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    from asahi_desk.store import create_default

    path = tmp_path_factory.mktemp("names") / "p.sqlite"
    store = create_default(path, overwrite=True)
    try:
        version = versions.record(store, "資料１")
        try:
            named = versions.rename(store.file, version.id, name)
        except ValueError:
            assert len(" ".join(name.split())) > versions.NAME_LIMIT
            assert versions.get(store.file, version.id).name == ""
        else:
            assert named.name == " ".join(name.split())
            assert versions.get(store.file, version.id).name == named.name
    finally:
        store.close()


def test_unchanged_chunks_are_stored_once_and_deleting_frees_only_unshared_ones(store: PlanStore) -> None:
    conn = store.file.conn
    first = versions.record(store, "資料１")
    chunks_one = conn.execute("SELECT count(*) FROM version_chunks").fetchone()[0]
    versions.record(store, "資料１")
    assert conn.execute("SELECT count(*) FROM version_chunks").fetchone()[0] == chunks_one
    item = next(store.plan.items())
    store.update(item, amount=item.amount + 1)
    third = versions.record(store, "資料１")
    grown = conn.execute("SELECT count(*) FROM version_chunks").fetchone()[0]
    assert chunks_one < grown <= chunks_one + 3  # one chunk of items, the table's chunk
    versions.delete(store.file, third.id)
    assert conn.execute("SELECT count(*) FROM version_chunks").fetchone()[0] == chunks_one
    assert plan_outline(versions.plan_of(store.file, first.id))[0][0] == "plan"
    versions.delete(store.file, first.id)
    assert conn.execute("SELECT count(*) FROM version_chunks").fetchone()[0] == chunks_one  # the second holds them


def test_pictures_are_kept_once_and_come_back(store: PlanStore) -> None:
    project = next(store.plan.projects())
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    store.insert(Photo("写真", picture, "image/png"), project)
    one = versions.record(store, "資料１")
    versions.record(store, "資料１")
    conn = store.file.conn
    assert conn.execute("SELECT count(*) FROM version_chunks WHERE data = ?", (picture,)).fetchone()[0] == 1
    photos = [p for p in versions.plan_of(store.file, one.id).projects().__next__().photos if p.caption == "写真"]
    assert [p.image for p in photos] == [picture]


def test_restore_as_a_new_file_gives_the_plan_of_the_version(store: PlanStore, tmp_path: Path) -> None:
    version = versions.record(store, "資料１")
    wanted = plan_outline(store.plan)
    project = next(store.plan.projects())
    store.update(project, purpose="書き換えた目的")
    store.insert(Item("新しい細事業", 10), project)
    target = tmp_path / "restored.sqlite"
    versions.restore_as_file(store.file, version.id, target)
    restored = PlanStore.open(target)
    try:
        assert plan_outline(restored.plan) == wanted
        assert read_identity(restored.file.conn) == read_identity(store.file.conn)
        assert versions.list_versions(restored.file) == []
        assert [i.id for i in restored.plan.items()] == [i.id for i in versions.plan_of(store.file, version.id).items()]
    finally:
        restored.close()
    assert not list(tmp_path.glob(".asahi-desk-*"))


def test_restore_in_place_is_one_change(store: PlanStore) -> None:
    version = versions.record(store, "資料１")
    wanted = plan_outline(store.plan)
    project = next(store.plan.projects())
    store.update(project, purpose="書き換えた目的")
    store.remove(project.items[0])
    plan = versions.restore_in_place(store, version.id)
    assert plan is store.plan
    assert plan_outline(plan) == wanted
    other = PlanStore.open(store.path, readonly=True)
    try:
        assert plan_outline(other.plan) == wanted
    finally:
        other.close()


def test_a_failed_restore_in_place_leaves_the_file_as_it_was(store: PlanStore) -> None:
    version = versions.record(store, "資料１")
    project = next(store.plan.projects())
    store.update(project, purpose="書き換えた目的")
    store.file.conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'full'); END")
    with pytest.raises(PlanFileError, match="変更は保存していません"):
        versions.restore_in_place(store, version.id)
    assert store.plan.projects().__next__().purpose == "書き換えた目的"
    count = store.file.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert count == len(list(store.plan.items()))


def test_a_version_of_an_older_schema_is_brought_up_to_date(store: PlanStore) -> None:
    """A version read at schema 2 (before lists_items) comes back with what migration 3 works out."""
    from asahi_desk.store.database import migrate_to

    old_schema = sqlite3.connect(":memory:", isolation_level=None)
    migrate_to(old_schema, 0, 2)
    renamed = {"city_million": ("city_amount", None)}  # migration 8: 18区 figures in 億円 became 百万円

    def _then(column: str, value: object) -> object:
        if column == "city_million" and isinstance(value, int):
            return round(value / 100)
        return value

    version = versions.record(store, "資料１")
    conn = store.file.conn
    manifest = versions._unpack(conn.execute("SELECT manifest FROM versions WHERE id = ?", (version.id,)).fetchone()[0])
    chunk = versions._Chunks(conn)
    older = []
    for table, chunk_id in manifest:
        content = versions._unpack(versions._chunk(conn, chunk_id))
        known = [r[1] for r in old_schema.execute(f"PRAGMA table_info({table})")]
        if not known:
            continue  # a table made after schema 2
        columns = [renamed.get(c, (c, None))[0] for c in content["columns"]]  # as they were named then
        keep = [i for i, c in enumerate(columns) if c in known]
        rows = [[_then(content["columns"][i], row[i]) for i in keep]
                for r in content["rows"] for row in versions._unpack(versions._chunk(conn, r))]
        content = {"columns": [columns[i] for i in keep], "rows": [chunk.put(versions._pack(rows))],
                   "blobs": content["blobs"]}
        older.append([table, chunk.put(versions._pack(content))])
    assert "lists_items" not in versions._unpack(versions._chunk(conn, dict(older)["categories"]))["columns"]
    conn.execute("UPDATE versions SET schema = 2, manifest = ? WHERE id = ?", (versions._pack(older), version.id))
    old = versions.plan_of(store.file, version.id)
    assert [c.lists_items for c in old.walk_categories()] == [c.lists_items for c in store.plan.walk_categories()]
    assert any(c.lists_items for c in old.walk_categories())
    assert plan_outline(old) == plan_outline(store.plan)


def test_the_version_tables_are_not_the_plan(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    from asahi_desk.store.plan_store import plan_tables

    assert {"versions", "version_chunks"} <= tables
    assert not {"versions", "version_chunks", "plan_identity"} & set(plan_tables())
