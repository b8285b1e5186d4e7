import shutil
from pathlib import Path

from asahi_desk.store.database import open_plan_file
from asahi_desk.store.identity import read_identity, renew_identity


def test_each_new_plan_has_its_own_identity_and_a_copy_keeps_it(tmp_path):
    a = open_plan_file(tmp_path / "a.sqlite", create=True)
    b = open_plan_file(tmp_path / "b.sqlite", create=True)
    ia, ib = read_identity(a.conn), read_identity(b.conn)
    a.close(), b.close()
    assert ia.uid != ib.uid and ia.secret != ib.secret and len(ia.uid) == 32 and len(ia.secret) == 32
    shutil.copyfile(tmp_path / "a.sqlite", tmp_path / "c.sqlite")
    c = open_plan_file(tmp_path / "c.sqlite")
    assert read_identity(c.conn) == ia
    with c.transaction():
        renewed = renew_identity(c.conn)
    assert read_identity(c.conn) == renewed != ia
    c.close()


def test_an_older_file_gets_an_identity_when_migrated(tmp_path):
    shutil.copyfile(Path(__file__).parents[1] / "data" / "plan_v1.sqlite", tmp_path / "old.sqlite")
    plan = open_plan_file(tmp_path / "old.sqlite")
    assert len(read_identity(plan.conn).uid) == 32
    plan.close()
