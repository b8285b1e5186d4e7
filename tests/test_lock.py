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
