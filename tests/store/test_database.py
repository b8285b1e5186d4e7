"""Opening plan files: what is refused, what is migrated, and that nothing is lost."""

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from asahi_desk.domain.money import AmountError, parse_amount
from asahi_desk.store import PlanFileError, PlanStore, ReadOnlyError, latest_version, open_plan_file
from asahi_desk.store import database
from tests.helpers import database_rows


def test_new_file_records_its_version(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
    conn.close()
    file = open_plan_file(plan_path)
    assert file.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert file.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a copy of the file alone holds every change
    file.close()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "予算.sqlite"
    path.write_bytes("これは計画ファイルではありません".encode() * 100)
    before = path.read_bytes()
    with pytest.raises(PlanFileError, match="SQLite のファイルではない"):
        PlanStore.open(path)
    assert path.read_bytes() == before


def test_a_damaged_file_is_refused_untouched(plan_path: Path) -> None:
    data = bytearray(plan_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page: 4 * page] = b"\xff" * (2 * page)  # overwrite two pages of tables
    plan_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(plan_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(PlanFileError, match="壊れている"):
        PlanStore.open(plan_path)
    assert plan_path.read_bytes() == bytes(data)


def test_a_truncated_file_is_refused(plan_path: Path) -> None:
    data = plan_path.read_bytes()
    plan_path.write_bytes(data[: len(data) // 3])
    with pytest.raises(PlanFileError, match="壊れている"):
        PlanStore.open(plan_path)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(PlanFileError, match="計画ファイルではありません"):
        PlanStore.open(path)
    assert database_rows(path)["t"] == []


def test_a_newer_schema_is_refused_untouched(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.commit()
    conn.close()
    before = database_rows(plan_path)
    with pytest.raises(PlanFileError, match="新しいバージョン"):
        PlanStore.open(plan_path)
    assert database_rows(plan_path) == before
    assert list(plan_path.parent.glob("*.bak*")) == []


@pytest.fixture
def next_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the migrations with one more step, as a later version would have."""
    folder = tmp_path / "migrations"
    shutil.copytree(database.migrations_dir(), folder)
    step = latest_version() + 1
    (folder / f"{step:03d}_add_color.sql").write_text(
        "ALTER TABLE pillars ADD COLUMN color TEXT NOT NULL DEFAULT '';\n"
        "UPDATE pillars SET color = 'blue';\n", encoding="utf-8")
    monkeypatch.setattr(database, "migrations_dir", lambda: folder)
    return folder


def test_an_older_file_is_backed_up_then_migrated(plan_path: Path, next_migration: Path) -> None:
    before = database_rows(plan_path)
    store = PlanStore.open(plan_path)
    try:
        assert store.file.backup is not None and store.file.backup.exists()
        assert store.file.backup.parent == plan_path.parent
        assert store.file.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        colors = {r[0] for r in store.file.conn.execute("SELECT color FROM pillars")}
        assert colors == {"blue"}
        assert store.plan.total_category.current == 876702
    finally:
        store.close()
    assert database_rows(store.file.backup) == before


def test_an_older_file_opened_for_reading_is_brought_up_to_date_first(plan_path: Path, next_migration: Path) -> None:
    before = database_rows(plan_path)
    store = PlanStore.open(plan_path, readonly=True)
    try:
        assert store.readonly and store.file.backup is not None
        assert store.file.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        with pytest.raises(ReadOnlyError):
            store.update(store.plan.item("Ⅰ-1-1"), amount=1)
    finally:
        store.close()
    assert database_rows(store.file.backup) == before


def test_a_failing_migration_leaves_the_file_as_it_was(plan_path: Path, next_migration: Path) -> None:
    (next(next_migration.glob(f"{latest_version():03d}_*.sql"))).write_text(
        "ALTER TABLE pillars ADD COLUMN color TEXT;\nTHIS IS NOT SQL;\n", encoding="utf-8")
    before = database_rows(plan_path)
    with pytest.raises(PlanFileError, match="形式の更新"):
        PlanStore.open(plan_path)
    assert database_rows(plan_path) == before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root can write a read-only file; see the test below for the folder case")
def test_a_read_only_file_opens_for_reading_only(plan_path: Path) -> None:
    plan_path.chmod(stat.S_IRUSR)
    try:
        _check_read_only(plan_path)
    finally:
        plan_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_opening_writes_nothing(plan_path: Path) -> None:
    _check_read_only(plan_path, readonly=True)


def _check_read_only(path: Path, readonly: bool = False) -> None:
    before = database_rows(path)
    store = PlanStore.open(path, readonly=readonly)
    try:
        assert store.readonly
        item = store.plan.item("Ⅰ-1-1")
        with pytest.raises(ReadOnlyError, match="読み取り専用"):
            store.update(item, amount=1)
        assert item.amount == 725
    finally:
        store.close()
    assert database_rows(path) == before


def test_a_non_numeric_amount_is_refused_and_nothing_is_stored(store: PlanStore) -> None:
    item = store.plan.item("Ⅰ-1-1")
    before = database_rows(store.path)
    with pytest.raises(AmountError, match="金額として読めません"):
        store.update(item, amount=parse_amount("abc"))
    with pytest.raises(ValueError, match="整数"):
        store.update(item, amount="725")
    with pytest.raises(ValueError, match="整数"):
        store.update(item, amount=72.5)
    assert item.amount == 725
    assert database_rows(store.path) == before


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="見つかりません"):
        PlanStore.open(tmp_path / "ない.sqlite")
    assert not (tmp_path / "ない.sqlite").exists()


def test_init_refuses_to_overwrite(plan_path: Path) -> None:
    from asahi_desk.store import create_default

    before = database_rows(plan_path)
    with pytest.raises(PlanFileError, match="すでにあります"):
        create_default(plan_path)
    assert database_rows(plan_path) == before


def test_a_version_1_file_keeps_every_figure_and_lists_the_integrated_items(tmp_path: Path) -> None:
    """Files of the first version marked 統合事業費 only by its items' last-year figures."""
    from tests.conftest import SEED

    path = tmp_path / "plan.sqlite"
    shutil.copy(SEED.parent / "plan_v1.sqlite", path)
    store = PlanStore.open(path)
    try:
        plan = store.plan
        assert [c.name for c in plan.walk_categories() if c.lists_items] == ["統合事業費"]
        assert plan.total_category.current == 876702 and plan.total_category.last == 849290
        assert plan.project("Ⅴ-1").last == 24676
    finally:
        store.close()


def test_an_older_file_gets_the_overview_figures_of_the_original(tmp_path: Path) -> None:
    """The 18区 figures become 百万円, and the 区役所総務費 rows of the first transcription are put right."""
    from asahi_desk.domain.overview import city_donut
    from asahi_desk.store.default_data import load_default_plan
    from tests.conftest import SEED

    path = tmp_path / "plan.sqlite"
    shutil.copy(SEED.parent / "plan_v1.sqlite", path)
    store = PlanStore.open(path)
    try:
        overview = store.plan.overview
        built_in = load_default_plan().overview
        shape = [(r.name, r.amount, r.city_million, r.last_amount) for r in built_in.walk()]
        assert [(r.name, r.amount, r.city_million, r.last_amount) for r in overview.walk()] == shape
        assert overview.features == built_in.features
        shares = {s.label: str(s.percent) for s in city_donut(overview).outer}
        assert shares["区庁舎・区民利用施設管理費"] == "8.5" and shares["その他福祉・保健"] == "5.0"
    finally:
        store.close()


def test_an_older_file_prints_its_blocks_and_sections_as_the_original(tmp_path: Path) -> None:
    from tests.conftest import SEED

    path = tmp_path / "plan.sqlite"
    shutil.copy(SEED.parent / "plan_v1.sqlite", path)
    store = PlanStore.open(path)
    try:
        plan = store.plan
        assert [s.name for s in plan.project("Ⅱ-1").sections] == ["地域振興課", "区政推進課", "福祉保健課"]
        assert [p.code for p in plan.projects() if p.print_first] == ["Ⅱ-５"]
    finally:
        store.close()
