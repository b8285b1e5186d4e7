"""The lock of a plan file: held for the time of a change, refused while another holds it."""

from __future__ import annotations

import pytest

from asahi_desk.lock import LockOwner, PlanLock


class Refused(Exception):
    pass


def test_held_takes_the_lock_for_the_change_and_gives_it_back(plan_path):
    lock_file = plan_path.with_name(plan_path.name + ".lock")
    with PlanLock(plan_path).held(lambda owner: Refused(owner)):
        assert lock_file.exists()
    assert not lock_file.exists()
    with pytest.raises(ValueError), PlanLock(plan_path).held(lambda owner: Refused(owner)):
        raise ValueError("the change failed")
    assert not lock_file.exists()


def test_held_refuses_while_a_window_holds_the_lock(plan_path):
    window = PlanLock(plan_path)
    assert window.acquire() is None
    try:
        with pytest.raises(Refused) as refused, PlanLock(plan_path).held(lambda owner: Refused(owner)):
            pytest.fail("the change ran under another's lock")
        owner = refused.value.args[0]
        assert isinstance(owner, LockOwner) and owner.pid > 0
    finally:
        window.release()


@pytest.mark.parametrize("debris", ["empty", "garbage", "folder"])
def test_a_lock_file_that_names_no_window_is_cleared_and_taken(plan_path, debris):
    import os

    lock_file = plan_path.with_name(plan_path.name + ".lock")
    if debris == "folder":
        (lock_file / "inside").mkdir(parents=True)
    else:
        lock_file.write_bytes(b"" if debris == "empty" else b"\x00\xffnot a lock\n\x07")
    os.utime(lock_file, (1, 1))  # left long ago
    lock = PlanLock(plan_path)
    try:
        assert lock.acquire() is None
        assert lock_file.is_file() and lock_file.read_text(errors="replace").split("\n")[0] == str(os.getpid())
    finally:
        lock.release()
    assert not lock_file.exists()


def test_a_lock_of_another_computer_says_which_since_when_and_how_to_clear_it(plan_path, capsys):
    import datetime as dt

    from asahi_desk.cli import main
    from tests.helpers import database_rows

    lock_file = plan_path.with_name(plan_path.name + ".lock")
    lock_file.write_text("4242\nasahi-desk\nkuyakusho-pc-07\n", encoding="utf-8")
    owner = PlanLock(plan_path).acquire()
    assert owner is not None and owner.elsewhere and (owner.pid, owner.host) == (4242, "kuyakusho-pc-07")
    assert owner.since is not None and abs(owner.since - dt.datetime.now()) < dt.timedelta(minutes=1)
    before = database_rows(plan_path)
    assert main(["init", str(plan_path), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"kuyakusho-pc-07 のプロセス 4242、{owner.since.month}月{owner.since.day}日 {owner.since:%H:%M} から" in err
    assert "kuyakusho-pc-07 のウィンドウを閉じると" in err and "「plan.sqlite.lock」を削除してください" in err
    assert database_rows(plan_path) == before and lock_file.exists()
